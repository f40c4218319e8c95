// The version 1 office key file (docs/PROTOCOL.md "Office key file, version 1 (legacy)"): one
// office key pair whose secret half is wrapped under the one passphrase all staff shared. Kept to
// migrate such a file to version 2 (anlaufstelle-keygen --migrate-v1) and for the v1 test vector;
// staff accounts and their keys are in core/staff_keys.h.
#pragma once
#include "core/staff_keys.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace anl {

// The v1 derivation is derive_staff_login's: its wrapping key unwraps the file, and its login
// token is what v1 called the staff token ("staff_token_sha256").

// The v1 key file of this office key pair for this passphrase (tests and the v1 vector, whose
// keys come from a fixed seed). Null when Argon2id or the wrapping fails.
nlohmann::json create_office_key_file(const std::string& passphrase, const KdfParams& kdf, const OfficeKeys& keys);

// Unwraps the secret key from a v1 key file.
std::optional<OfficeKeys> unwrap_office_keys(const nlohmann::json& key_file, const Bytes& wrapping_key);

} // namespace anl
