// The admin's staff accounts: the list, adding a colleague and removing one. A new colleague's
// key pair and their wrap of the office key are made here, in the admin's browser, with a first
// passphrase generated here and shown once, to be handed over; the server stores what it is
// given and never sees a secret key.
#pragma once
#include "app/staff/reply.h"

#include <string>
#include <vector>

namespace app::staff {

class Staff;

struct AccountRow {
    std::string name, role;
    bool totp_enabled = false, must_change_passphrase = false;
};

class Accounts {
public:
    explicit Accounts(Staff& staff) : staff_(staff) {}

    bool loading = false;
    Problem problem;
    std::vector<AccountRow> rows;

    // Add a staff member: bound to the name field and the role radios.
    std::string new_name, new_role;
    std::string name_error, role_error;          // catalog keys
    // The account just made and its first passphrase, shown once on the next page.
    std::string added_name, added_passphrase;

    std::string remove_name;                     // the confirmation page's account

    void show();                   // the list, read again, without an earlier problem
    void back();                   // the list, read again (what changed shows at once)
    void start_add();
    void create();
    void added_done();             // the first passphrase was handed over: it goes
    void ask_remove(const std::string& name);
    void remove();
    void forget();

private:
    void load();

    Staff& staff_;
};

} // namespace app::staff
