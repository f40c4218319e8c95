// Save and return (issue 4): a draft of the answers, sealed under a key that only the applicant
// can reproduce, from a save code shown to them. The server and browser storage hold only
// ciphertext; the code never leaves the applicant. docs/PROTOCOL.md, "Drafts", is the spec.
#pragma once
#include "core/answers.h"
#include "core/encoding.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace anl {

// 12 symbols of the reference alphabet (no 0 1 I L O U), shown as "K7QD-9XMA-P4TR": 58.9 bits.
constexpr const char* kSaveCodeAlphabet = "ABCDEFGHJKMNPQRSTVWXYZ23456789";
std::string new_save_code();
// What a person typed, forgiven: any case, spaces, dashes and dots anywhere. nullopt for a
// wrong number of symbols or a symbol outside the alphabet.
std::optional<std::string> normalize_save_code(const std::string& typed);

struct DraftKeys {
    Bytes key;       // 32 bytes, crypto_secretbox key; never leaves the browser
    Bytes token;     // 32 bytes, shown to the server to prove knowledge of the code
    std::string id;  // lowercase hex SHA-256(token): the server's lookup key
    std::string token_b64url() const;  // base64url without padding, for "Authorization: Bearer"
};

struct DraftKdf {
    unsigned long long opslimit;
    size_t memlimit;
};
constexpr DraftKdf kDraftKdf{3, size_t(32) << 20};  // phone-safe: 32 MiB

// Argon2id13 over the normalised code with a fixed salt (PROTOCOL.md); 64 bytes out: key, token.
// nullopt when Argon2id cannot run (out of memory).
std::optional<DraftKeys> derive_draft_keys(const std::string& normalized_code, DraftKdf kdf = kDraftKdf);

// 0x01 | 24-byte nonce | crypto_secretbox_easy(canonical JSON of the draft document).
Bytes seal_draft(const nlohmann::json& draft, const DraftKeys& keys);
// nullopt for another key, any change, a wrong version or anything that is not JSON.
std::optional<nlohmann::json> open_draft(const Bytes& sealed, const DraftKeys& keys);

// Answers as a draft keeps them: everything typed, hidden answers too, each variant kept apart.
nlohmann::json answers_to_json(const Answers& answers);
std::optional<Answers> answers_from_json(const nlohmann::json& j);  // never throws

struct Draft {
    std::string form_id;
    int64_t form_version = 0;
    std::string page_id;
    Answers answers;
    std::string saved_at;
};
// {"v":1,"form":...,"form_version":...,"page":...,"answers":...,"saved_at":...}
nlohmann::json draft_document(const std::string& form_id, int64_t form_version, const std::string& page_id,
                              const Answers& answers, const std::string& saved_at);
std::optional<Draft> read_draft_document(const nlohmann::json& doc);

} // namespace anl
