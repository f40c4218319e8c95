// The office key file (docs/PROTOCOL.md "Office key file"): the office's X25519 key pair with the
// secret half wrapped under a key derived from the staff passphrase by Argon2id. The same
// derivation yields the staff token the server checks, so a passphrase guess needs the server.
#pragma once
#include "core/encoding.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace anl {

// The weakest Argon2id cost a staff page accepts (and keygen creates).
constexpr uint64_t kMinOpslimit = 3;
constexpr uint64_t kMinMemlimit = 64ull << 20;

struct KdfParams {
    Bytes salt;               // crypto_pwhash_SALTBYTES
    uint64_t opslimit = 3;
    uint64_t memlimit = 64ull << 20;
};

struct StaffSecrets {
    Bytes wrapping_key;       // 32 bytes, unwraps the office secret key
    Bytes staff_token;        // 32 bytes, sent to the server as a Bearer token
};

struct OfficeKeys {
    Bytes public_key;
    Bytes secret_key;
};

std::optional<KdfParams> kdf_params_from_json(const nlohmann::json& kdf);
nlohmann::json kdf_params_to_json(const KdfParams& kdf);

// Argon2id; empty optional when the library refuses (e.g. out of memory).
std::optional<StaffSecrets> derive_staff_secrets(const std::string& passphrase, const KdfParams& kdf);

// Creates a new office key pair and its key file for this passphrase.
nlohmann::json create_office_key_file(const std::string& passphrase, const KdfParams& kdf, OfficeKeys* keys_out);

// Unwraps the secret key from the key file (or the server's /api/staff/office-key answer).
std::optional<OfficeKeys> unwrap_office_keys(const nlohmann::json& key_file, const Bytes& wrapping_key);

} // namespace anl
