#include "core/office_key.h"

#include "core/envelope.h"

#include <sodium.h>

namespace anl {
namespace {

const char kWrapContext[] = "anlaufstelle-office-key-v1";

Bytes wrap_ad(const Bytes& key_id) {
    return to_bytes(std::string(kWrapContext) + to_string(key_id));
}


bool has_string(const nlohmann::json& obj, const char* name, const char* want) {
    return obj.is_object() && obj.contains(name) && obj[name].is_string() && obj[name].get<std::string>() == want;
}

} // namespace

nlohmann::json create_office_key_file(const std::string& passphrase, const KdfParams& kdf, const OfficeKeys& keys) {
    if (keys.public_key.size() != crypto_box_PUBLICKEYBYTES || keys.secret_key.size() != crypto_box_SECRETKEYBYTES)
        return nullptr;
    const Bytes kid = office_key_id(keys.public_key);

    auto secrets = derive_staff_login(passphrase, kdf);
    if (!secrets)
        return nullptr;
    Bytes nonce(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
    randombytes_buf(nonce.data(), nonce.size());
    Bytes wrapped(keys.secret_key.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES);
    const Bytes ad = wrap_ad(kid);
    if (crypto_aead_xchacha20poly1305_ietf_encrypt(wrapped.data(), nullptr, keys.secret_key.data(),
                                                   keys.secret_key.size(), ad.data(), ad.size(), nullptr,
                                                   nonce.data(), secrets->wrapping_key.data()) != 0)
        return nullptr;

    nlohmann::json file = {
        {"version", 1},
        {"key_id", to_hex(kid)},
        {"public_key", to_base64(keys.public_key)},
        {"kdf", kdf_params_to_json(kdf)},
        {"wrapped_secret_key",
         {{"alg", "xchacha20poly1305-ietf"}, {"nonce", to_base64(nonce)}, {"ciphertext", to_base64(wrapped)}}},
        {"staff_token_sha256", login_token_sha256_hex(secrets->login_token)},
    };
    return file;
}

std::optional<OfficeKeys> unwrap_office_keys(const nlohmann::json& key_file, const Bytes& wrapping_key) {
    if (!key_file.is_object() || !key_file.contains("wrapped_secret_key") || wrapping_key.size() != 32)
        return std::nullopt;
    const nlohmann::json& w = key_file["wrapped_secret_key"];
    auto pk = base64_member(key_file, "public_key", crypto_box_PUBLICKEYBYTES);
    auto nonce = base64_member(w, "nonce", crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
    auto wrapped = base64_member(w, "ciphertext", crypto_box_SECRETKEYBYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES);
    if (!pk || !nonce || !wrapped || !has_string(w, "alg", "xchacha20poly1305-ietf"))
        return std::nullopt;

    OfficeKeys keys{*pk, SecretBytes(crypto_box_SECRETKEYBYTES)};
    const Bytes ad = wrap_ad(office_key_id(keys.public_key));
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(keys.secret_key.data(), nullptr, nullptr, wrapped->data(),
                                                   wrapped->size(), ad.data(), ad.size(), nonce->data(),
                                                   wrapping_key.data()) != 0)
        return std::nullopt;
    // The secret key must belong to the public key the file names.
    Bytes derived(crypto_box_PUBLICKEYBYTES);
    if (crypto_scalarmult_base(derived.data(), keys.secret_key.data()) != 0 || derived != keys.public_key)
        return std::nullopt;
    return keys;
}

} // namespace anl
