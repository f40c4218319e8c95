#include "app/staff/session.h"

#include "app/http_reply.h"

namespace app::staff {

void Session::begin(const nlohmann::json& answer, anl::StaffKeys staff_keys, anl::Keyring office_keys) {
    end();
    active_ = true;
    name = json_string(answer, "name");
    role = json_string(answer, "role");
    must_change_passphrase = answer.value("must_change_passphrase", false);
    totp_enabled = answer.value("totp_enabled", false);
    staff = std::move(staff_keys);
    keyring = std::move(office_keys);
}

void Session::end() {
    epoch_++;
    active_ = false;
    name.clear();
    role.clear();
    must_change_passphrase = false;
    totp_enabled = false;
    staff.reset();     // SecretBytes: wiped
    keyring.reset();
}

} // namespace app::staff
