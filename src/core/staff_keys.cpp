#include "core/staff_keys.h"

#include "core/digest.h"

#include <sodium.h>

#include <cstdint>

namespace anl {
namespace {

const char kStaffKeyContext[] = "anlaufstelle-staff-key-v2";
constexpr size_t kKeyBytes = 32;                                        // X25519 and the wrapping key
constexpr size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;   // 24
constexpr size_t kWrappedSecretBytes = kKeyBytes + crypto_aead_xchacha20poly1305_ietf_ABYTES;   // 48
constexpr size_t kSealedKeyBytes = kKeyBytes + crypto_box_SEALBYTES;  // 80

static_assert(crypto_box_PUBLICKEYBYTES == kKeyBytes && crypto_box_SECRETKEYBYTES == kKeyBytes, "X25519");
static_assert(crypto_aead_xchacha20poly1305_ietf_KEYBYTES == kKeyBytes, "wrapping key");

std::optional<std::string> string_field(const nlohmann::json& obj, const char* name) {
    if (!obj.is_object() || !obj.contains(name) || !obj[name].is_string())
        return std::nullopt;
    return obj[name].get<std::string>();
}

bool is_key_id_hex(const std::string& s) {
    if (s.size() != 2 * kKeyIdSize)
        return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    return true;
}

// A secret key that belongs to its public key: what every unwrap checks before trusting a key.
bool is_key_pair(const Bytes& pk, const Bytes& sk) {
    if (pk.size() != kKeyBytes || sk.size() != kKeyBytes)
        return false;
    Bytes derived(kKeyBytes);
    return crypto_scalarmult_base(derived.data(), sk.data()) == 0 && sodium_memcmp(derived.data(), pk.data(), kKeyBytes) == 0;
}

// ad = "anlaufstelle-staff-key-v2" || staff public key: a wrapped secret key cannot be moved to
// another account's public key unnoticed.
Bytes staff_key_ad(const Bytes& staff_pk) {
    Bytes ad = to_bytes(kStaffKeyContext);
    ad.insert(ad.end(), staff_pk.begin(), staff_pk.end());
    return ad;
}

// Opens a crypto_box_seal of an office secret key and checks that it is the key named.
std::optional<OfficeKeys> open_sealed_office_key(const std::string& wrap_b64, const Bytes& recipient_pk,
                                                 const Bytes& recipient_sk, const std::string& expected_key_id_hex) {
    auto sealed = from_base64(wrap_b64);
    if (!sealed || sealed->size() != kSealedKeyBytes || recipient_pk.size() != kKeyBytes ||
        recipient_sk.size() != kKeyBytes)
        return std::nullopt;
    OfficeKeys keys{Bytes(kKeyBytes), SecretBytes(kKeyBytes)};
    if (crypto_box_seal_open(keys.secret_key.data(), sealed->data(), sealed->size(), recipient_pk.data(),
                             recipient_sk.data()) != 0)
        return std::nullopt;
    if (crypto_scalarmult_base(keys.public_key.data(), keys.secret_key.data()) != 0)
        return std::nullopt;
    if (office_key_id_hex(keys.public_key) != expected_key_id_hex)
        return std::nullopt;
    return keys;
}

} // namespace

// ---------------------------------------------------------------- Argon2id costs

bool kdf_within_bounds(const KdfParams& kdf) {
    const KdfBounds& b = kStaffKdfBounds;
    return kdf.salt.size() == crypto_pwhash_SALTBYTES && kdf.opslimit >= b.min_opslimit &&
           kdf.opslimit <= b.max_opslimit && kdf.memlimit >= b.min_memlimit && kdf.memlimit <= b.max_memlimit;
}

KdfParams new_kdf_params(uint64_t opslimit, uint64_t memlimit) {
    KdfParams kdf{Bytes(crypto_pwhash_SALTBYTES), opslimit, memlimit};
    randombytes_buf(kdf.salt.data(), kdf.salt.size());
    return kdf;
}

std::optional<KdfParams> kdf_params_from_json(const nlohmann::json& kdf) {
    auto alg = string_field(kdf, "alg");
    if (!alg || *alg != "argon2id13")
        return std::nullopt;
    auto salt = base64_member(kdf, "salt", crypto_pwhash_SALTBYTES);
    if (!salt || !kdf.contains("opslimit") || !kdf["opslimit"].is_number_unsigned() || !kdf.contains("memlimit") ||
        !kdf["memlimit"].is_number_unsigned())
        return std::nullopt;
    KdfParams p{*salt, kdf["opslimit"].get<uint64_t>(), kdf["memlimit"].get<uint64_t>()};
    // Refuse costs a hostile server could use to hang or exhaust a device, or to make the login
    // token it receives cheap to brute-force (a downgrade).
    if (!kdf_within_bounds(p))
        return std::nullopt;
    return p;
}

nlohmann::json kdf_params_to_json(const KdfParams& kdf) {
    return {{"alg", "argon2id13"}, {"salt", to_base64(kdf.salt)}, {"opslimit", kdf.opslimit},
            {"memlimit", kdf.memlimit}};
}

// ---------------------------------------------------------------- keys and login

OfficeKeys new_office_keys() {
    OfficeKeys keys{Bytes(kKeyBytes), SecretBytes(kKeyBytes)};
    crypto_box_keypair(keys.public_key.data(), keys.secret_key.data());   // always returns 0
    return keys;
}

StaffKeys new_staff_keys() {
    StaffKeys keys{Bytes(kKeyBytes), SecretBytes(kKeyBytes)};
    crypto_box_keypair(keys.public_key.data(), keys.secret_key.data());
    return keys;
}

std::string office_key_id_hex(const Bytes& office_public_key) {
    return to_hex(office_key_id(office_public_key));
}

std::optional<StaffLogin> derive_staff_login(const std::string& passphrase_nfc, const KdfParams& kdf) {
    // Only the salt is checked here: the costs were checked where they came in (kdf_params_from_json
    // for a server's answer, kdf_within_bounds for what is written), and migrating a v1 file must
    // still derive with the costs it was made with. libsodium refuses costs it cannot run.
    if (kdf.salt.size() != crypto_pwhash_SALTBYTES || kdf.memlimit > SIZE_MAX)
        return std::nullopt;
    uint8_t out[2 * kKeyBytes];
    if (crypto_pwhash(out, sizeof out, passphrase_nfc.data(), passphrase_nfc.size(), kdf.salt.data(),
                      kdf.opslimit, size_t(kdf.memlimit), crypto_pwhash_ALG_ARGON2ID13) != 0)
        return std::nullopt;
    StaffLogin login{SecretBytes(Bytes(out, out + kKeyBytes)), SecretBytes(Bytes(out + kKeyBytes, out + 2 * kKeyBytes))};
    sodium_memzero(out, sizeof out);
    return login;
}

std::string login_token_sha256_hex(const Bytes& login_token) {
    return sha256_hex(login_token);
}

// ---------------------------------------------------------------- accounts

bool is_account_name(const std::string& name) {
    if (name.empty() || name.size() > 64)
        return false;
    for (size_t i = 0; i < name.size(); i++) {
        const char c = name[i];
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-')))
            return false;
    }
    return true;
}

bool is_staff_role(const std::string& role) {
    return role == "admin" || role == "intake";
}

std::optional<nlohmann::json> rewrap_staff_secret(const StaffKeys& staff, const std::string& account_name,
                                                  const std::string& new_passphrase_nfc, const KdfParams& kdf) {
    if (passphrase_problem(new_passphrase_nfc, account_name) || !kdf_within_bounds(kdf) ||
        !is_key_pair(staff.public_key, staff.secret_key))
        return std::nullopt;
    auto login = derive_staff_login(new_passphrase_nfc, kdf);
    if (!login)
        return std::nullopt;
    Bytes nonce(kNonceBytes);
    randombytes_buf(nonce.data(), nonce.size());
    Bytes wrapped(kWrappedSecretBytes);
    const Bytes ad = staff_key_ad(staff.public_key);
    unsigned long long wrapped_len = 0;
    if (crypto_aead_xchacha20poly1305_ietf_encrypt(wrapped.data(), &wrapped_len, staff.secret_key.data(),
                                                   staff.secret_key.size(), ad.data(), ad.size(), nullptr,
                                                   nonce.data(), login->wrapping_key.data()) != 0 ||
        wrapped_len != wrapped.size())
        return std::nullopt;
    return nlohmann::json{
        {"kdf", kdf_params_to_json(kdf)},
        {"wrapped_secret_key",
         {{"alg", "xchacha20poly1305-ietf"}, {"nonce", to_base64(nonce)}, {"ciphertext", to_base64(wrapped)}}},
        {"login_token_sha256", login_token_sha256_hex(login->login_token)},
    };
}

std::optional<nlohmann::json> create_staff_account(const std::string& name, const std::string& role,
                                                   const std::string& passphrase_nfc, const KdfParams& kdf,
                                                   const StaffKeys& staff, const OfficeKeys& office) {
    if (!is_account_name(name) || !is_staff_role(role) || !is_key_pair(office.public_key, office.secret_key))
        return std::nullopt;
    auto account = rewrap_staff_secret(staff, name, passphrase_nfc, kdf);
    if (!account)
        return std::nullopt;
    const std::string wrap = seal_office_key(office, staff.public_key);
    if (wrap.empty())
        return std::nullopt;
    (*account)["name"] = name;
    (*account)["role"] = role;
    (*account)["public_key"] = to_base64(staff.public_key);
    (*account)["office_key_wrap"] = wrap;
    return account;
}

std::optional<StaffKeys> unwrap_staff_key(const nlohmann::json& staff_key, const Bytes& wrapping_key) {
    if (!staff_key.is_object() || !staff_key.contains("wrapped_secret_key") || wrapping_key.size() != kKeyBytes)
        return std::nullopt;
    const nlohmann::json& w = staff_key["wrapped_secret_key"];
    auto pk = base64_member(staff_key, "public_key", kKeyBytes);
    auto alg = string_field(w, "alg");
    auto nonce = base64_member(w, "nonce", kNonceBytes);
    auto wrapped = base64_member(w, "ciphertext", kWrappedSecretBytes);
    if (!pk || !alg || *alg != "xchacha20poly1305-ietf" || !nonce || !wrapped)
        return std::nullopt;
    StaffKeys keys{*pk, SecretBytes(kKeyBytes)};
    const Bytes ad = staff_key_ad(keys.public_key);
    unsigned long long sk_len = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(keys.secret_key.data(), &sk_len, nullptr, wrapped->data(),
                                                   wrapped->size(), ad.data(), ad.size(), nonce->data(),
                                                   wrapping_key.data()) != 0 ||
        sk_len != kKeyBytes)
        return std::nullopt;
    if (!is_key_pair(keys.public_key, keys.secret_key))
        return std::nullopt;
    return keys;
}

std::string seal_office_key(const OfficeKeys& office, const Bytes& recipient_public_key) {
    if (office.secret_key.size() != kKeyBytes || recipient_public_key.size() != kKeyBytes)
        return "";
    Bytes sealed(kSealedKeyBytes);
    if (crypto_box_seal(sealed.data(), office.secret_key.data(), office.secret_key.size(),
                        recipient_public_key.data()) != 0)
        return "";
    return to_base64(sealed);
}

std::optional<OfficeKeys> open_office_key_wrap(const std::string& wrap_b64, const StaffKeys& staff,
                                               const std::string& expected_key_id_hex) {
    return open_sealed_office_key(wrap_b64, staff.public_key, staff.secret_key, expected_key_id_hex);
}

// ---------------------------------------------------------------- keyring

const OfficeKeys* Keyring::find(const std::string& key_id_hex) const {
    if (current.key_id == key_id_hex)
        return &current.keys;
    for (const KeyringEntry& e : retired)
        if (e.key_id == key_id_hex)
            return &e.keys;
    return nullptr;
}

const OfficeKeys* Keyring::find(const Bytes& key_id) const {
    return key_id.size() == kKeyIdSize ? find(to_hex(key_id)) : nullptr;
}

std::optional<Keyring> open_keyring(const nlohmann::json& session, const StaffKeys& staff) {
    if (!session.is_object() || !session.contains("office_key"))
        return std::nullopt;
    const nlohmann::json& current = session["office_key"];
    auto key_id = string_field(current, "key_id");
    auto pk = base64_member(current, "public_key", kKeyBytes);
    auto wrap = string_field(session, "office_key_wrap");
    if (!key_id || !is_key_id_hex(*key_id) || !pk || !wrap)
        return std::nullopt;
    auto office = open_office_key_wrap(*wrap, staff, *key_id);
    if (!office || office->public_key != *pk)
        return std::nullopt;
    Keyring keyring{{*key_id, std::move(*office)}, {}};

    if (!session.contains("retired_keys"))
        return keyring;
    const nlohmann::json& retired = session["retired_keys"];
    if (!retired.is_array())
        return std::nullopt;
    for (const nlohmann::json& r : retired) {
        auto rid = string_field(r, "key_id");
        auto rpk = base64_member(r, "public_key", kKeyBytes);
        auto rwrap = string_field(r, "wrap");
        if (!rid || !is_key_id_hex(*rid) || !rpk || !rwrap || keyring.find(*rid))
            return std::nullopt;
        // Every retired key was sealed to the current office key at the rotation that retired it
        // or at a later one (each rotation re-seals all of them to the newest key).
        auto old = open_sealed_office_key(*rwrap, keyring.current.keys.public_key, keyring.current.keys.secret_key, *rid);
        if (!old || old->public_key != *rpk)
            return std::nullopt;
        keyring.retired.push_back({*rid, std::move(*old)});
    }
    return keyring;
}

OpenedEnvelope open_envelope(const Bytes& envelope, const Keyring& keyring) {
    const EnvelopeLayout layout = parse_envelope_layout(envelope.data(), envelope.size());
    if (layout.error != EnvelopeError::None)
        return {layout.error, {}};
    const OfficeKeys* keys = keyring.find(layout.key_id);
    if (!keys)
        return {EnvelopeError::UnknownKey, {}};
    return open_envelope(envelope, keys->public_key, keys->secret_key);
}

std::optional<std::map<std::string, Bytes>> staff_public_keys(const nlohmann::json& accounts_answer) {
    if (!accounts_answer.is_object() || !accounts_answer.contains("accounts") || !accounts_answer["accounts"].is_array())
        return std::nullopt;
    std::map<std::string, Bytes> keys;
    for (const nlohmann::json& a : accounts_answer["accounts"]) {
        auto name = string_field(a, "name");
        auto pk = base64_member(a, "public_key", kKeyBytes);
        if (!name || !is_account_name(*name) || !pk || keys.count(*name))
            return std::nullopt;
        keys[*name] = *pk;
    }
    return keys;
}

std::optional<Rotation> rotate_office_key(const Keyring& keyring, const OfficeKeys& new_office,
                                          const std::map<std::string, Bytes>& staff_public_keys) {
    const std::string new_id = office_key_id_hex(new_office.public_key);
    // A rotation that leaves nobody with the new key would lock the office out of every new case.
    if (!is_key_pair(new_office.public_key, new_office.secret_key) || keyring.find(new_id) ||
        staff_public_keys.empty())
        return std::nullopt;
    nlohmann::json staff_wraps = nlohmann::json::object();
    for (const auto& [name, pk] : staff_public_keys) {
        const std::string wrap = is_account_name(name) ? seal_office_key(new_office, pk) : "";
        if (wrap.empty())
            return std::nullopt;
        staff_wraps[name] = wrap;
    }
    Rotation rotation{{}, {{new_id, new_office}, {}}};
    rotation.keyring.retired.push_back(keyring.current);
    rotation.keyring.retired.insert(rotation.keyring.retired.end(), keyring.retired.begin(), keyring.retired.end());
    nlohmann::json retired_wraps = nlohmann::json::object();
    for (const KeyringEntry& old : rotation.keyring.retired) {
        const std::string wrap = seal_office_key(old.keys, new_office.public_key);
        if (wrap.empty() || retired_wraps.contains(old.key_id))
            return std::nullopt;
        retired_wraps[old.key_id] = wrap;
    }
    rotation.body = {
        {"expected_current_key_id", keyring.current.key_id},
        {"office_key", {{"key_id", new_id}, {"public_key", to_base64(new_office.public_key)}}},
        {"staff_wraps", staff_wraps},
        {"retired_wraps", retired_wraps},
    };
    return rotation;
}

} // namespace anl
