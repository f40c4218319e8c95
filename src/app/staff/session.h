// The signed-in staff member as this browser holds them: who they are, their role, and the keys
// their passphrase unlocked: their own key pair and the office keyring (current and retired
// office keys). Secret keys live in SecretBytes, in memory only; end() wipes them.
#pragma once
#include "core/staff_keys.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace app::staff {

class Session {
public:
    bool active() const { return active_; }
    bool admin() const { return role == "admin"; }
    // Changes whenever a session ends: work started for an earlier one compares it and is dropped.
    unsigned epoch() const { return epoch_; }

    // From the session answer (docs/API.md "<session>") and the keys it opened.
    void begin(const nlohmann::json& session_answer, anl::StaffKeys staff_keys, anl::Keyring office_keys);
    // Forgets everything of the session; its keys are wiped as they go.
    void end();

    std::string name, role;                  // role: "admin" or "intake"
    bool must_change_passphrase = false;     // signed in with a first passphrase an admin handed over
    bool totp_enabled = false;
    std::optional<anl::StaffKeys> staff;
    std::optional<anl::Keyring> keyring;

private:
    bool active_ = false;
    unsigned epoch_ = 0;
};

} // namespace app::staff
