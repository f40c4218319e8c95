#include "core/office_key.h"

#include "core/envelope.h"

#include <sodium.h>

namespace anl {
namespace {

const char kWrapContext[] = "anlaufstelle-office-key-v1";

Bytes wrap_ad(const Bytes& key_id) {
    return to_bytes(std::string(kWrapContext) + to_string(key_id));
}

std::optional<Bytes> base64_field(const nlohmann::json& obj, const char* name, size_t want_len) {
    if (!obj.is_object() || !obj.contains(name) || !obj[name].is_string())
        return std::nullopt;
    auto bytes = from_base64(obj[name].get<std::string>());
    if (!bytes || bytes->size() != want_len)
        return std::nullopt;
    return bytes;
}

bool has_string(const nlohmann::json& obj, const char* name, const char* want) {
    return obj.is_object() && obj.contains(name) && obj[name].is_string() && obj[name].get<std::string>() == want;
}

} // namespace

std::optional<KdfParams> kdf_params_from_json(const nlohmann::json& kdf) {
    if (!has_string(kdf, "alg", "argon2id13"))
        return std::nullopt;
    auto salt = base64_field(kdf, "salt", crypto_pwhash_SALTBYTES);
    if (!salt || !kdf.contains("opslimit") || !kdf["opslimit"].is_number_unsigned() ||
        !kdf.contains("memlimit") || !kdf["memlimit"].is_number_unsigned())
        return std::nullopt;
    KdfParams p{*salt, kdf["opslimit"].get<uint64_t>(), kdf["memlimit"].get<uint64_t>()};
    // Refuse parameters a hostile server could use to hang or exhaust a device, or to make the
    // staff token it receives cheap to brute-force (a downgrade).
    if (p.opslimit < kMinOpslimit || p.opslimit > 10 || p.memlimit < kMinMemlimit || p.memlimit > (256ull << 20))
        return std::nullopt;
    return p;
}

nlohmann::json kdf_params_to_json(const KdfParams& kdf) {
    return {{"alg", "argon2id13"}, {"salt", to_base64(kdf.salt)}, {"opslimit", kdf.opslimit},
            {"memlimit", kdf.memlimit}};
}

std::optional<StaffSecrets> derive_staff_secrets(const std::string& passphrase, const KdfParams& kdf) {
    uint8_t out[64];
    if (crypto_pwhash(out, sizeof out, passphrase.data(), passphrase.size(), kdf.salt.data(),
                      kdf.opslimit, size_t(kdf.memlimit), crypto_pwhash_ALG_ARGON2ID13) != 0)
        return std::nullopt;
    StaffSecrets s{Bytes(out, out + 32), Bytes(out + 32, out + 64)};
    sodium_memzero(out, sizeof out);
    return s;
}

nlohmann::json create_office_key_file(const std::string& passphrase, const KdfParams& kdf, OfficeKeys* keys_out) {
    OfficeKeys keys{Bytes(crypto_box_PUBLICKEYBYTES), Bytes(crypto_box_SECRETKEYBYTES)};
    crypto_box_keypair(keys.public_key.data(), keys.secret_key.data());
    const Bytes kid = office_key_id(keys.public_key);

    auto secrets = derive_staff_secrets(passphrase, kdf);
    if (!secrets)
        return nullptr;
    Bytes nonce(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
    randombytes_buf(nonce.data(), nonce.size());
    Bytes wrapped(keys.secret_key.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES);
    const Bytes ad = wrap_ad(kid);
    crypto_aead_xchacha20poly1305_ietf_encrypt(wrapped.data(), nullptr, keys.secret_key.data(),
                                               keys.secret_key.size(), ad.data(), ad.size(), nullptr,
                                               nonce.data(), secrets->wrapping_key.data());
    Bytes token_hash(crypto_hash_sha256_BYTES);
    crypto_hash_sha256(token_hash.data(), secrets->staff_token.data(), secrets->staff_token.size());
    sodium_memzero(secrets->wrapping_key.data(), secrets->wrapping_key.size());

    nlohmann::json file = {
        {"version", 1},
        {"key_id", to_hex(kid)},
        {"public_key", to_base64(keys.public_key)},
        {"kdf", kdf_params_to_json(kdf)},
        {"wrapped_secret_key",
         {{"alg", "xchacha20poly1305-ietf"}, {"nonce", to_base64(nonce)}, {"ciphertext", to_base64(wrapped)}}},
        {"staff_token_sha256", to_hex(token_hash)},
    };
    if (keys_out)
        *keys_out = std::move(keys);
    else
        sodium_memzero(keys.secret_key.data(), keys.secret_key.size());
    return file;
}

std::optional<OfficeKeys> unwrap_office_keys(const nlohmann::json& key_file, const Bytes& wrapping_key) {
    if (!key_file.is_object() || !key_file.contains("wrapped_secret_key") || wrapping_key.size() != 32)
        return std::nullopt;
    const nlohmann::json& w = key_file["wrapped_secret_key"];
    auto pk = base64_field(key_file, "public_key", crypto_box_PUBLICKEYBYTES);
    auto nonce = base64_field(w, "nonce", crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
    auto wrapped = base64_field(w, "ciphertext", crypto_box_SECRETKEYBYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES);
    if (!pk || !nonce || !wrapped || !has_string(w, "alg", "xchacha20poly1305-ietf"))
        return std::nullopt;

    OfficeKeys keys{*pk, Bytes(crypto_box_SECRETKEYBYTES)};
    const Bytes ad = wrap_ad(office_key_id(keys.public_key));
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(keys.secret_key.data(), nullptr, nullptr, wrapped->data(),
                                                   wrapped->size(), ad.data(), ad.size(), nonce->data(),
                                                   wrapping_key.data()) != 0)
        return std::nullopt;
    // The secret key must belong to the public key the file names.
    Bytes derived(crypto_box_PUBLICKEYBYTES);
    crypto_scalarmult_base(derived.data(), keys.secret_key.data());
    if (derived != keys.public_key)
        return std::nullopt;
    return keys;
}

} // namespace anl
