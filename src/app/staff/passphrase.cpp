#include "app/staff/passphrase.h"

#include "app/api_routes.h"
#include "app/staff/staff.h"
#include "core/staff_keys.h"
#include "core/wipe.h"

namespace app::staff {

void Passphrase::show() {
    forget();
    staff_.screen.go_to(Step::Passphrase);
}

void Passphrase::suggest() {
    staff_.screen.forget_typed();
    anl::wipe(first);
    anl::wipe(second);
    suggested = anl::generate_passphrase(staff_.session.name);
    first = suggested;
    second = suggested;
    first_error.clear();
    second_error.clear();
    staff_.screen.focus("suggested");
}

void Passphrase::save() {
    problem = {};
    second_error.clear();
    if (first.empty())
        first_error = "staff.change.error.required";
    else
        first_error = anl::passphrase_problem(first, staff_.session.name).value_or("");
    if (first_error.empty() && first != second)
        second_error = "staff.change.error.mismatch";
    if (!first_error.empty() || !second_error.empty()) {
        // Both are typed again (nothing to correct in a field of bullets); a suggestion stays.
        if (first != suggested) {
            anl::wipe(first);
            anl::wipe(second);
            staff_.screen.forget_typed();
        }
        staff_.screen.to_top();
        return;
    }
    staff_.screen.show_working("staff.change.working");
    // Argon2id with a fresh salt: after the status is painted.
    staff_.after_paint([this] { send_rewrap(); });
}

void Passphrase::send_rewrap() {
    std::optional<nlohmann::json> body;
    if (staff_.session.staff)
        body = anl::rewrap_staff_secret(*staff_.session.staff, staff_.session.name, first, anl::new_kdf_params());
    forget();
    staff_.screen.forget_typed();
    if (!body) {
        staff_.screen.go_to(Step::Passphrase);
        problem = {"staff.error.out_of_memory"};
        return;
    }
    staff_.request("PUT", api::staff_passphrase(), *body, [this](const HttpReply& r) {
        if (r.status != 204 && r.status != 200) {
            staff_.screen.go_to(Step::Passphrase);
            problem = problem_of(r);
            return;
        }
        staff_.session.must_change_passphrase = false;
        staff_.show_list();
        staff_.screen.notice = {"staff.change.done", {}};
    });
}

void Passphrase::forget() {
    anl::wipe(first);
    anl::wipe(second);
    anl::wipe(suggested);
    first_error.clear();
    second_error.clear();
    problem = {};
}

} // namespace app::staff
