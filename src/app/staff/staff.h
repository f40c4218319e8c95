// The staff page as plain objects (no drawing, no browser): sign in with one's own name and
// passphrase (login.h), list the submissions and open one with the office keyring
// (submissions.h), one's own passphrase and two-step sign-in (passphrase.h, two_step.h), and for
// admins the accounts, the office key and the activity log (accounts.h, office_key.h, audit.h).
// This root holds what they share: the page on screen, the session and its requests, its end.
// src/ui/staff/ draws it; tests/app/test_staff*.cpp walk it on fake services.
#pragma once
#include "app/services.h"
#include "app/staff/accounts.h"
#include "app/staff/audit.h"
#include "app/staff/cases.h"
#include "app/staff/login.h"
#include "app/staff/office_key.h"
#include "app/staff/passphrase.h"
#include "app/staff/screen.h"
#include "app/staff/session.h"
#include "app/staff/submissions.h"
#include "app/staff/two_step.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <string>

namespace app::staff {

class Staff {
public:
    explicit Staff(Services& services);
    Staff(const Staff&) = delete;
    Staff& operator=(const Staff&) = delete;

    // The page opened: the office's form is fetched (to label the answers of a submission).
    void start();

    Services& services;
    Screen screen;
    Session session;
    Login login{*this};
    Submissions submissions{*this};
    Cases cases{*this};
    Passphrase passphrase{*this};
    TwoStep two_step{*this};
    Accounts accounts{*this};
    OfficeKey office_key{*this};
    Audit audit{*this};

    // Where the navigation leads (each page reloaded or started afresh).
    void show_list() { submissions.show(); }
    void show_cases() { cases.show(); }
    void show_passphrase() { passphrase.show(); }
    void show_two_step() { two_step.show(); }
    void show_accounts() { accounts.show(); }
    void show_audit() { audit.show(); }
    // The navigation and Lock belong to signed-in pages; Lock is on the one-moment page too (a
    // request that hangs must not keep the keys on screen).
    bool shows_navigation() const;
    bool shows_lock() const;

    // "Lock": the session ends on the server, everything typed and every key is wiped, and the
    // page starts afresh on the login page (Device::fresh_start), once the server answered.
    void lock();

    // A request of the signed-in session (JSON body unless `body` is null). A reply to a session
    // that ended meanwhile is dropped; a 401 (idle or absolute timeout, account removed) ends the
    // session and goes back to the login page with a message; 403 passphrase_change_required goes
    // to the passphrase page. 401 "invalid_totp" is a wrong code, not an ended session: it
    // reaches `done`.
    void request(const std::string& method, const std::string& url, const nlohmann::json& body, HttpDone done);
    // The same with a body of bytes and headers of its own (an envelope and its audience).
    void send(const std::string& method, const std::string& url, HttpHeaders headers, anl::Bytes body,
              HttpDone done);
    // After-paint work of the signed-in session (Argon2id): dropped if the session ended first.
    void after_paint(std::function<void()> fn);

    // Login calls this once the keys opened: the list, or the passphrase page for a first one.
    void signed_in(const nlohmann::json& session_answer, anl::StaffKeys staff_keys, anl::Keyring office_keys);

private:
    void session_ended();   // by the server: wiped in place, the login page says why
    void wipe();            // the session, its keys and everything every page holds
    bool locking_ = false;
};

} // namespace app::staff
