// Two-step sign-in with an authenticator app (RFC 6238 TOTP): turning it on shows a pending
// secret to add to the app and asks for a code to confirm it; turning it off asks for a current
// code, so a session left open alone cannot change it.
#pragma once
#include "app/staff/reply.h"

#include <string>

namespace app::staff {

class Staff;

class TwoStep {
public:
    explicit TwoStep(Staff& staff) : staff_(staff) {}

    bool loading = false;
    std::string secret, uri;        // pending (base32, otpauth URI): shown until confirmed
    std::string code, code_error;   // the code field and its error (catalog key)
    Problem problem;

    void show();
    void start();                   // asks the server for a pending secret
    void confirm() { send_code(true); }
    void turn_off() { send_code(false); }
    void forget();

private:
    void send_code(bool turn_on);

    Staff& staff_;
};

} // namespace app::staff
