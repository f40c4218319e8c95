#include "app/staff/accounts.h"

#include "app/api_routes.h"
#include "app/http_reply.h"
#include "app/staff/staff.h"
#include "core/staff_keys.h"
#include "core/wipe.h"

#include <memory>

namespace app::staff {

void Accounts::load() {
    loading = true;
    staff_.request("GET", api::staff_accounts(), nullptr, [this](const HttpReply& r) {
        loading = false;
        const auto list = listed(r, "accounts");
        if (!list) {
            problem = problem_of(r);
            return;
        }
        rows.clear();
        for (const auto& a : *list)
            if (a.is_object())
                rows.push_back({json_string(a, "name"), json_string(a, "role"), a.value("totp_enabled", false),
                                a.value("must_change_passphrase", false)});
    });
}

void Accounts::show() {
    problem = {};
    back();
}

void Accounts::back() {
    staff_.screen.go_to(Step::Accounts);
    load();
}

void Accounts::start_add() {
    new_name.clear();
    new_role.clear();
    name_error.clear();
    role_error.clear();
    problem = {};
    staff_.screen.go_to(Step::AddAccount);
}

void Accounts::create() {
    std::string name;
    for (char c : new_name)
        if (c != ' ')
            name += char(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    new_name = name;
    name_error = anl::is_account_name(name) ? "" : name.empty() ? "staff.add.error.name_required" : "staff.add.error.name";
    role_error = anl::is_staff_role(new_role) ? "" : "staff.add.error.role";
    problem = {};
    if (!name_error.empty() || !role_error.empty()) {
        staff_.screen.to_top();
        return;
    }
    staff_.screen.show_working("staff.add.working");
    // Argon2id for the first passphrase: after the status is painted.
    staff_.after_paint([this] {
        std::string first_passphrase = anl::generate_passphrase(new_name);
        std::optional<nlohmann::json> account;
        if (staff_.session.keyring)
            account = anl::create_staff_account(new_name, new_role, first_passphrase, anl::new_kdf_params(),
                                                anl::new_staff_keys(), staff_.session.keyring->current.keys);
        if (!account) {
            anl::wipe(first_passphrase);
            staff_.screen.go_to(Step::AddAccount);
            problem = {"staff.error.out_of_memory"};
            return;
        }
        staff_.request("POST", api::staff_accounts(), *account,
                       [this, name = new_name, first = std::make_shared<std::string>(std::move(first_passphrase))](
                           const HttpReply& r) {
                           if (r.status != 201 && r.status != 200) {
                               anl::wipe(*first);
                               staff_.screen.go_to(Step::AddAccount);
                               if (r.status == 409)
                                   name_error = "staff.add.error.taken";
                               else
                                   problem = problem_of(r);
                               return;
                           }
                           added_name = name;
                           added_passphrase = std::move(*first);
                           new_name.clear();
                           new_role.clear();
                           staff_.screen.go_to(Step::AccountAdded);
                       });
    });
}

void Accounts::added_done() {
    anl::wipe(added_passphrase);
    added_name.clear();
    back();
}

void Accounts::ask_remove(const std::string& name) {
    remove_name = name;
    problem = {};
    staff_.screen.go_to(Step::RemoveAccount);
}

void Accounts::remove() {
    staff_.screen.show_working("status.working");
    staff_.request("DELETE", api::staff_account(remove_name), nullptr, [this, name = remove_name](const HttpReply& r) {
        if (r.status != 204 && r.status != 200) {
            staff_.screen.go_to(Step::RemoveAccount);
            problem = r.status == 409 ? Problem{"staff.remove.error.refused"} : problem_of(r);
            return;
        }
        back();
        staff_.screen.notice = {"staff.removed", {{"name", name}}};
    });
}

void Accounts::forget() {
    anl::wipe(added_passphrase);
    added_name.clear();
    loading = false;
    problem = {};
    rows.clear();
    new_name.clear();
    new_role.clear();
    name_error.clear();
    role_error.clear();
    remove_name.clear();
}

} // namespace app::staff
