// Staff accounts and office keys, protocol v2 (docs/PROTOCOL.md "Staff accounts and office keys"):
// every staff member has an X25519 key pair whose secret half is wrapped by their own passphrase
// (Argon2id); the office secret key is sealed to each staff member's public key; at a rotation
// every older office secret key is sealed to the new office public key. Removing someone is
// deleting their wrap; nobody else is re-keyed.
//
// Pure functions, no I/O. Passphrases come in already in Unicode NFC (the browser calls
// String.normalize('NFC'), keygen uses ICU): core counts code points but cannot normalise.
// Every secret byte lives in SecretBytes and is wiped when dropped.
#pragma once
#include "core/encoding.h"
#include "core/envelope.h"
#include "core/wipe.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace anl {

// ---------------------------------------------------------------- Argon2id costs
// One set of bounds: keygen writes only costs inside them, the staff page refuses anything
// outside them (a hostile server could hang a phone with a huge memlimit, or make the login token
// cheap to brute-force with a tiny one), and server/keys.py mirrors them.
struct KdfBounds {
    uint64_t min_opslimit, max_opslimit;
    uint64_t min_memlimit, max_memlimit;          // bytes
    uint64_t default_opslimit, default_memlimit;
};
constexpr KdfBounds kStaffKdfBounds = {3, 10, 64ull << 20, 256ull << 20, 3, 64ull << 20};

struct KdfParams {
    Bytes salt;                                   // crypto_pwhash_SALTBYTES (16)
    uint64_t opslimit = kStaffKdfBounds.default_opslimit;
    uint64_t memlimit = kStaffKdfBounds.default_memlimit;
};

bool kdf_within_bounds(const KdfParams& kdf);     // salt length and both costs
KdfParams new_kdf_params(uint64_t opslimit = kStaffKdfBounds.default_opslimit,
                         uint64_t memlimit = kStaffKdfBounds.default_memlimit);   // random salt
// {"alg":"argon2id13","salt","opslimit","memlimit"}; refuses costs outside kStaffKdfBounds.
std::optional<KdfParams> kdf_params_from_json(const nlohmann::json& kdf);
nlohmann::json kdf_params_to_json(const KdfParams& kdf);

// ---------------------------------------------------------------- passphrases
constexpr size_t kPassphraseMinChars = 12;        // code points after NFC, not bytes
constexpr size_t kPassphraseMaxChars = 256;
constexpr size_t kPassphraseMinDistinct = 5;
constexpr size_t kGeneratedPassphraseSymbols = 24;   // 6 groups of 4, ~117.8 bits

// Nothing when the passphrase may be used, else a catalog key:
//   "staff.passphrase.not_utf8", "staff.passphrase.too_short", "staff.passphrase.too_long",
//   "staff.passphrase.too_few_distinct", "staff.passphrase.contains_name", "staff.passphrase.common"
// The name rule applies to names of 3 or more characters, compared with ASCII case folded.
std::optional<std::string> passphrase_problem(const std::string& passphrase_nfc, const std::string& account_name);

// "k7qd-9xma-p4tr-..." from the reference alphabet in lower case; passes passphrase_problem
// for account_name.
std::string generate_passphrase(const std::string& account_name = "");

// ---------------------------------------------------------------- keys
struct OfficeKeys {
    Bytes public_key;                             // 32
    SecretBytes secret_key;                       // 32
};
struct StaffKeys {
    Bytes public_key;                             // 32
    SecretBytes secret_key;                       // 32
};
OfficeKeys new_office_keys();                     // crypto_box_keypair
StaffKeys new_staff_keys();
std::string office_key_id_hex(const Bytes& office_public_key);   // 16 hex of BLAKE2b-8

// ---------------------------------------------------------------- login
// out = crypto_pwhash(64, passphrase_nfc, salt, ops, mem, ARGON2ID13): out[0..32] unwraps the
// staff secret key, out[32..64] goes to the server (base64) as "login_token".
struct StaffLogin {
    SecretBytes wrapping_key;
    SecretBytes login_token;
};
// Nothing for a salt that is not 16 bytes or when Argon2id fails (out of memory, costs libsodium
// refuses). The costs are not checked against kStaffKdfBounds here: kdf_params_from_json does
// that for what a server sends, and a v1 file is migrated with whatever costs it was made with.
std::optional<StaffLogin> derive_staff_login(const std::string& passphrase_nfc, const KdfParams& kdf);
std::string login_token_sha256_hex(const Bytes& login_token);   // what the server keeps

// ---------------------------------------------------------------- accounts
bool is_account_name(const std::string& name);    // 1..64 of [a-z0-9._-], first a letter or digit
bool is_staff_role(const std::string& role);      // "admin" or "intake"

// The account as the key file and POST /api/staff/accounts carry it:
//   {"name","role","public_key","kdf","wrapped_secret_key","login_token_sha256","office_key_wrap"}
// staff comes from new_staff_keys(). Nothing for a bad name or role, a passphrase with a
// passphrase_problem, costs outside the bounds, malformed keys or a failing Argon2id.
std::optional<nlohmann::json> create_staff_account(const std::string& name, const std::string& role,
                                                   const std::string& passphrase_nfc, const KdfParams& kdf,
                                                   const StaffKeys& staff, const OfficeKeys& office);

// A passphrase change: {"kdf","wrapped_secret_key","login_token_sha256"}, the body of
// PUT /api/staff/me/passphrase (kdf should be new_kdf_params(): a fresh salt). Same refusals.
std::optional<nlohmann::json> rewrap_staff_secret(const StaffKeys& staff, const std::string& account_name,
                                                  const std::string& new_passphrase_nfc, const KdfParams& kdf);

// staff_key = {"public_key","kdf","wrapped_secret_key"}: the session body's "staff_key" or an
// account of the key file. Nothing for a wrong passphrase, a tampered wrap or a secret key that
// does not belong to the public key.
std::optional<StaffKeys> unwrap_staff_key(const nlohmann::json& staff_key, const Bytes& wrapping_key);

// b64(crypto_box_seal(office secret key, recipient_pk)), 80 bytes: an account's "office_key_wrap".
std::string seal_office_key(const OfficeKeys& office, const Bytes& recipient_public_key);
// Opens an account's office_key_wrap; nothing unless the key inside derives to the public key
// whose id is expected_key_id_hex (the key id the server names as current).
std::optional<OfficeKeys> open_office_key_wrap(const std::string& wrap_b64, const StaffKeys& staff,
                                               const std::string& expected_key_id_hex);

// ---------------------------------------------------------------- keyring
struct KeyringEntry {
    std::string key_id;                           // 16 hex
    OfficeKeys keys;
};
struct Keyring {
    KeyringEntry current;                         // new submissions are sealed to it
    std::vector<KeyringEntry> retired;            // newest first; old cases stay readable
    const OfficeKeys* find(const std::string& key_id_hex) const;
    const OfficeKeys* find(const Bytes& key_id) const;   // 8 raw bytes, as in an envelope header
};

// From the session body: "office_key_wrap", "office_key":{"key_id","public_key"} and
// "retired_keys":[{"key_id","public_key","wrap"}]. Nothing unless every key opens and matches
// its public key and id (a tampered retired wrap refuses the whole keyring).
std::optional<Keyring> open_keyring(const nlohmann::json& session, const StaffKeys& staff);

// Opens an envelope with whichever key of the keyring its header names (UnknownKey otherwise).
OpenedEnvelope open_envelope(const Bytes& envelope, const Keyring& keyring);

// {name: public key} from GET /api/staff/accounts' {"accounts":[{"name","public_key",...}]}.
std::optional<std::map<std::string, Bytes>> staff_public_keys(const nlohmann::json& accounts_answer);

// A rotation to new_office (from new_office_keys()): body is the JSON of POST /api/staff/office-keys,
//   {"expected_current_key_id","office_key":{"key_id","public_key"},"staff_wraps":{name: wrap},
//    "retired_wraps":{key_id: wrap}}
// (new key sealed to every staff public key, every older key sealed to the new public key), and
// keyring is what the rotating admin holds afterwards. Nothing for a malformed public key or a
// new key already in the keyring.
struct Rotation {
    nlohmann::json body;
    Keyring keyring;
};
std::optional<Rotation> rotate_office_key(const Keyring& keyring, const OfficeKeys& new_office,
                                          const std::map<std::string, Bytes>& staff_public_keys);

} // namespace anl
