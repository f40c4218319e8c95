// Save and return (issue 4): a draft of the answers, sealed under a key that only the applicant
// can reproduce, from a save code shown to them. The server and browser storage hold only
// ciphertext; the code never leaves the applicant. docs/PROTOCOL.md, "Drafts (save and return)",
// is the spec; its test vector is checked in tests/core/test_draft.cpp.
#pragma once
#include "core/answers.h"
#include "core/code_symbols.h"
#include "core/encoding.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace anl {

// 12 symbols of kCodeAlphabet, shown as "K7QD-9XMA-P4TR": 30^12 codes, 58.9 bits.
constexpr size_t kSaveCodeSymbols = 12;
std::string new_save_code();  // randombytes_uniform per symbol, in the normal form below

// What a person typed, read as read_code_symbols does (core/code_symbols.h), in the normal form
// "XXXX-XXXX-XXXX"; nullopt for anything that is not 12 symbols.
std::optional<std::string> normalize_save_code(const std::string& typed);

struct DraftKeys {
    Bytes key;       // 32 bytes, crypto_secretbox key; never leaves the browser
    Bytes token;     // 32 bytes, shown to the server to prove knowledge of the code
    std::string id;  // lowercase hex SHA-256(token): the server's lookup key
    std::string token_b64url() const;  // base64url without padding (43 chars), for "Authorization: Bearer"
};

struct DraftKdf {
    unsigned long long opslimit;
    size_t memlimit;
};
constexpr DraftKdf kDraftKdf{3, size_t(32) << 20};  // phone-safe: 32 MiB

// Argon2id13 over the normalised code with a fixed salt (PROTOCOL.md); 64 bytes out: key, token.
// nullopt when Argon2id cannot run (out of memory) or the code is not in normal form (a caller
// that skipped normalize_save_code would otherwise get keys that open nothing).
std::optional<DraftKeys> derive_draft_keys(const std::string& normalized_code, DraftKdf kdf = kDraftKdf);

// 0x01 | 24-byte random nonce | crypto_secretbox_easy(canonical_json(draft)). Empty for keys
// whose key is not 32 bytes.
constexpr uint8_t kSealedDraftVersion = 1;
Bytes seal_draft(const nlohmann::json& draft, const DraftKeys& keys);
// nullopt for another key, any change, a wrong version byte, truncation or a plaintext that is
// not JSON.
std::optional<nlohmann::json> open_draft(const Bytes& sealed, const DraftKeys& keys);

// Answers as a draft keeps them (not the submitted answers document): everything typed, hidden
// answers too, each variant kept apart: {"values": {id: A}, "repeats": {id: [{id: A}, ...]}}
// with A one of {"s": text}, {"n": int64}, {"l": [text, ...]}.
nlohmann::json answers_to_json(const Answers& answers);
// nullopt for anything else (unknown members, other types, numbers that are not int64); never throws.
std::optional<Answers> answers_from_json(const nlohmann::json& j);

// The draft document, {"v":1,"form":...,"form_version":...,"page":...,"answers":...,"saved_at":...}.
constexpr int kDraftDocumentVersion = 1;
struct Draft {
    std::string form_id;
    int64_t form_version = 0;
    std::string page_id;  // where the applicant was
    Answers answers;
    std::string saved_at;  // ISO 8601 UTC, as the device's clock said
};
nlohmann::json draft_document(const std::string& form_id, int64_t form_version, const std::string& page_id,
                              const Answers& answers, const std::string& saved_at);
// nullopt for another "v", a missing or mistyped member or malformed answers; members it does not
// know are ignored (PROTOCOL.md). Never throws.
std::optional<Draft> read_draft_document(const nlohmann::json& doc);

} // namespace anl
