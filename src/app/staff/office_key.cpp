#include "app/staff/office_key.h"

#include "app/api_routes.h"
#include "app/http_reply.h"
#include "app/staff/staff.h"
#include "core/staff_keys.h"

#include <memory>

namespace app::staff {

void OfficeKey::ask() {
    problem = {};
    staff_.screen.go_to(Step::Rotate);
}

void OfficeKey::rotate() {
    staff_.screen.show_working("staff.rotate.working");
    staff_.request("GET", api::staff_accounts(), nullptr, [this](const HttpReply& r) {
        const auto keys = r.status == 200 ? anl::staff_public_keys(json_body(r)) : std::nullopt;
        std::optional<anl::Rotation> rotation;
        if (keys && staff_.session.keyring)
            rotation = anl::rotate_office_key(*staff_.session.keyring, anl::new_office_keys(), *keys);
        if (!rotation) {
            staff_.screen.go_to(Step::Rotate);
            problem = r.status == 200 ? Problem{"staff.error.cannot_rotate"} : problem_of(r);
            return;
        }
        auto keyring = std::make_shared<anl::Keyring>(std::move(rotation->keyring));
        staff_.request("POST", api::staff_office_keys(), rotation->body, [this, keyring](const HttpReply& answer) {
            if (answer.status != 204 && answer.status != 200) {
                staff_.screen.go_to(Step::Rotate);
                problem = answer.status == 409 ? Problem{"staff.rotate.error.conflict"} : problem_of(answer);
                return;
            }
            // What the server holds for us now: the new key current, the old ones retired.
            staff_.session.keyring = std::move(*keyring);
            staff_.accounts.back();
            staff_.screen.notice = {"staff.rotated", {{"key_id", staff_.session.keyring->current.key_id}}};
        });
    });
}

} // namespace app::staff
