// Rotating the office key: a new key pair made here, in the admin's browser, sealed to every
// colleague's public key, with every older office key sealed to the new one so old submissions
// stay readable. The staff list is read again right before: the new key must reach everyone who
// has an account now (the server refuses a rotation that misses one, or that raced another).
#pragma once
#include "app/staff/reply.h"

namespace app::staff {

class Staff;

class OfficeKey {
public:
    explicit OfficeKey(Staff& staff) : staff_(staff) {}

    Problem problem;

    void ask();       // the confirmation page
    void rotate();
    void forget() { problem = {}; }

private:
    Staff& staff_;
};

} // namespace app::staff
