// The case code (docs/PROTOCOL.md, "Case code"): the one thing an applicant carries. 16 symbols
// of kCodeAlphabet, shown as "LLLL-SSSS-SSSS-SSSS". The first group is the public locator that
// names the case on the server and finds its salt; the other twelve are the secret, which
// Argon2id with that per-case salt turns into the case's X25519 key pair, the draft key and the
// token the server checks. The secret never leaves the device.
#pragma once
#include "core/encoding.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace anl {

constexpr size_t kCaseLocatorSymbols = 4;   // 30^4 = 810,000 locators
constexpr size_t kCaseSecretSymbols = 12;   // 30^12, 58.9 bits
constexpr size_t kCaseSaltSize = 16;        // crypto_pwhash_SALTBYTES

struct CaseCode {
    std::string locator;  // "LLLL"
    std::string secret;   // "SSSS-SSSS-SSSS", what goes into Argon2id
    std::string text() const { return locator + "-" + secret; }
};

// A new code from randombytes_uniform: a random locator and a random secret.
CaseCode new_case_code();
// The same secret under a new locator (the server said the locator is taken).
CaseCode with_new_locator(const CaseCode& code);

// What a person typed, forgiven as read_code_symbols does (core/code_symbols.h); nullopt for
// anything that is not exactly 16 symbols.
std::optional<CaseCode> read_case_code(const std::string& typed);
// True for a locator in normal form (4 symbols of the alphabet): what the server's routes take.
bool is_case_locator(const std::string& text);

struct CaseKdf {
    unsigned long long opslimit;
    size_t memlimit;
};
constexpr CaseKdf kCaseKdf{3, size_t(32) << 20};  // phone-safe: 32 MiB, as drafts

Bytes new_case_salt();  // 16 random bytes, drawn once when the case is made

struct CaseKeys {
    Bytes public_key;  // 32 bytes, X25519: staff seal replies to it
    Bytes secret_key;  // 32 bytes; never leaves the device
    Bytes draft_key;   // 32 bytes, crypto_secretbox key of the sealed draft
    Bytes token;       // 32 bytes, shown to the server as "Authorization: Bearer"
    std::string token_b64url() const;      // base64url without padding, 43 characters
    std::string token_sha256_hex() const;  // what the server stores
    Bytes key_id() const;                  // BLAKE2b-64 of the public key, as office_key_id
};

// Argon2id13(secret, salt, kdf), 96 bytes: a seed for crypto_box_seed_keypair, the draft key,
// the token. nullopt for a salt that is not 16 bytes, a secret not in normal form, or when
// Argon2id cannot run (out of memory).
std::optional<CaseKeys> derive_case_keys(const CaseCode& code, const Bytes& salt, CaseKdf kdf = kCaseKdf);

} // namespace anl
