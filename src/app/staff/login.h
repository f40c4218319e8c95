// Signing in (docs/API.md "Staff login", protocol v2): the name goes to the server for the
// account's Argon2id salt and costs; the passphrase never leaves this browser. Argon2id yields a
// wrapping key, which unwraps the staff member's own secret key from the session answer, and a
// login token, which the server checks (it keeps only its SHA-256). With two-step sign-in on,
// the server asks for a code first; the derived secrets wait in memory for it, the passphrase
// does not.
#pragma once
#include "app/services.h"
#include "app/staff/reply.h"
#include "core/staff_keys.h"

#include <optional>
#include <string>

namespace app::staff {

class Staff;

class Login {
public:
    explicit Login(Staff& staff) : staff_(staff) {}

    // Bound to the fields of the login page and the code page.
    std::string name, passphrase, code;
    std::string name_error, passphrase_error, code_error;   // catalog keys, for the fields
    Problem problem;                                          // what the server said

    // The name the code page asks a code for.
    const std::string& code_for() const { return secrets_name_; }

    void submit();         // name and passphrase
    void submit_code();    // the code from the authenticator app
    void cancel_code();    // back to name and passphrase
    void forget();         // everything typed or derived

private:
    void failed(const Problem& p);
    void forget_secrets();
    void derive_and_send(const anl::KdfParams& kdf);
    void send();
    void answered(const HttpReply& r);

    Staff& staff_;
    std::optional<anl::StaffLogin> secrets_;   // between "code needed" and the code
    std::string secrets_name_;
    bool asked_code_ = false;                  // the account has two-step sign-in
};

} // namespace app::staff
