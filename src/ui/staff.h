// What the staff pages (src/ui/staff*.cpp) share, and only they include: the signed-in session
// with the keys it unlocked, the step on screen, and requests that end the session on a 401.
// The staff member's own key pair and the office keyring live here, in this browser's memory
// only; "Lock" or a session the server ended wipes all of it (and every typed field).
#pragma once
#include "core/staff_keys.h"
#include "platform/platform.h"
#include "ui/app.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ui::staff {

enum class Step {
    Login, LoginCode, Working,                                          // staff_login.cpp
    List, Detail,                                                       // staff.cpp
    Passphrase, TwoStep,                                                // staff_account.cpp
    Accounts, AddAccount, AccountAdded, RemoveAccount, Rotate, Audit,   // staff_admin.cpp
};

struct Session {
    bool active = false;
    std::string name, role;                // role: "admin" or "intake"
    bool must_change_passphrase = false;
    bool totp_enabled = false;
    std::optional<anl::StaffKeys> staff;   // SecretBytes: wiped when reset
    std::optional<anl::Keyring> keyring;
    bool admin() const { return role == "admin"; }
};

// What went wrong, for the page to say: a catalog key, with the wait in seconds for
// "staff.error.wait" (429 and its Retry-After).
struct Problem {
    std::string key;
    int seconds = 0;
    bool empty() const { return key.empty(); }
};

// A line said once on the page shown next ("Anna has been removed."): a catalog key and its
// arguments, cleared by the next go_to.
struct Notice {
    std::string key;
    std::vector<std::pair<std::string, std::string>> args;
};

extern Session g_session;
extern Step g_step;
extern Notice g_notice;

// A new step is a new page: its heading (id "title") takes the focus, so a screen reader starts
// reading there and a keyboard user's next Tab starts from it; the page starts at its top.
void go_to(Step step);
// The one-moment page while something slow runs (Argon2id, a request): `status_key` is said.
void show_working(const std::string& status_key);

// A request of the signed-in session (JSON body unless `body` is null). A reply to a session
// that was locked meanwhile is dropped; a 401 (idle or absolute timeout, account removed) ends
// the session here and goes back to the login page with a message. 401 "invalid_totp" is a wrong
// code, not an ended session: it reaches `done`.
void api(const std::string& method, const std::string& url, const nlohmann::json& body,
         std::function<void(const platform::HttpResponse&)> done);
// platform::after_paint for work of the signed-in session (Argon2id): dropped if the session was
// locked before it ran.
void after_paint_in_session(std::function<void()> fn);
anl::Bytes json_bytes(const nlohmann::json& j);
// The API's error code ({"error": "invalid_login"}), "" when the reply has none.
std::string error_code(const platform::HttpResponse& r);
// The generic reading of a failed reply: network, wait (429), forbidden (403), server, rejected.
Problem problem_of(const platform::HttpResponse& r);
void problem_alert(const AppContext& ctx, const std::string& id, const Problem& p);
void notice_status(const AppContext& ctx);

// staff.cpp: the session's start and end, the navigation, the submissions.
void signed_in(const nlohmann::json& session_body, anl::StaffKeys staff, anl::Keyring keyring);
void lock();             // DELETE /api/staff/session, then wipe
void session_ended();    // the server ended it: wipe, back to the login page with a message
void show_list();        // the submissions, reloaded
void navigation(const AppContext& ctx);

// staff_login.cpp
void login_page(AppContext& ctx);
void login_code_page(AppContext& ctx);
void set_login_problem(const Problem& p);
void forget_login();

// staff_account.cpp
void show_passphrase();
void show_two_step();
void passphrase_page(AppContext& ctx);
void two_step_page(AppContext& ctx);
void forget_account_pages();

// staff_admin.cpp
void show_accounts();
void show_audit();
void accounts_page(AppContext& ctx);
void add_account_page(AppContext& ctx);
void account_added_page(AppContext& ctx);
void remove_account_page(AppContext& ctx);
void rotate_page(AppContext& ctx);
void audit_page(AppContext& ctx);
void forget_admin_pages();

} // namespace ui::staff
