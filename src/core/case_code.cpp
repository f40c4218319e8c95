#include "core/case_code.h"

#include "core/code_symbols.h"
#include "core/digest.h"
#include "core/envelope.h"

#include <sodium.h>


namespace anl {

CaseCode new_case_code() {
    return {random_code_symbols(kCaseLocatorSymbols), group_code_symbols(random_code_symbols(kCaseSecretSymbols))};
}

CaseCode with_new_locator(const CaseCode& code) {
    return {random_code_symbols(kCaseLocatorSymbols), code.secret};
}

std::optional<CaseCode> read_case_code(const std::string& typed) {
    const auto symbols = read_code_symbols(typed, kCaseLocatorSymbols + kCaseSecretSymbols);
    if (!symbols)
        return std::nullopt;
    return CaseCode{symbols->substr(0, kCaseLocatorSymbols), group_code_symbols(symbols->substr(kCaseLocatorSymbols))};
}

bool is_case_locator(const std::string& text) {
    return text.size() == kCaseLocatorSymbols && read_code_symbols(text, kCaseLocatorSymbols) == text;
}

Bytes new_case_salt() {
    Bytes salt(kCaseSaltSize);
    randombytes_buf(salt.data(), salt.size());
    return salt;
}

std::string CaseKeys::token_b64url() const { return to_base64url(token); }

std::string CaseKeys::token_sha256_hex() const { return sha256_hex(token); }

Bytes CaseKeys::key_id() const { return office_key_id(public_key); }

std::optional<CaseKeys> derive_case_keys(const CaseCode& code, const Bytes& salt, CaseKdf kdf) {
    static_assert(kCaseSaltSize == crypto_pwhash_SALTBYTES, "salt size");
    const auto secret = read_code_symbols(code.secret, kCaseSecretSymbols);
    if (salt.size() != kCaseSaltSize || !secret || group_code_symbols(*secret) != code.secret)
        return std::nullopt;
    uint8_t out[96];
    if (crypto_pwhash(out, sizeof out, code.secret.data(), code.secret.size(), salt.data(), kdf.opslimit,
                      kdf.memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0)
        return std::nullopt;
    CaseKeys keys;
    keys.public_key.resize(crypto_box_PUBLICKEYBYTES);
    keys.secret_key.resize(crypto_box_SECRETKEYBYTES);
    crypto_box_seed_keypair(keys.public_key.data(), keys.secret_key.data(), out);
    keys.draft_key.assign(out + 32, out + 64);
    keys.token.assign(out + 64, out + 96);
    sodium_memzero(out, sizeof out);
    return keys;
}

} // namespace anl
