// One's own new passphrase: the key pair stays, only its wrap changes, so nothing has to be
// re-keyed. The current passphrase is not asked again: the secret key it unwrapped is already in
// memory. A person who signed in with a first passphrase (an admin made the account) lands here
// and may do nothing else until they chose their own.
#pragma once
#include "app/staff/reply.h"

#include <string>

namespace app::staff {

class Staff;

class Passphrase {
public:
    explicit Passphrase(Staff& staff) : staff_(staff) {}

    std::string first, second;                // bound to the two fields
    std::string first_error, second_error;    // catalog keys
    std::string suggested;                    // a generated passphrase, when asked for
    Problem problem;

    void show();       // the page, with nothing typed
    // Fills a generated passphrase into both fields and shows it once, to be written down; the
    // person may still type their own instead.
    void suggest();
    void save();
    void forget();

private:
    void send_rewrap();

    Staff& staff_;
};

} // namespace app::staff
