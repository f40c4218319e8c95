#include "core/draft.h"

#include <sodium.h>

#include <cstring>

namespace anl {
namespace {

constexpr uint8_t kDraftVersion = 1;
constexpr size_t kCodeSymbols = 12;

// The salt is fixed so that any device can derive the same keys from the code alone; it only
// separates this use of Argon2id from others. BLAKE2b-128("anlaufstelle draft v1").
Bytes draft_salt() {
    static const char* label = "anlaufstelle draft v1";
    Bytes salt(crypto_pwhash_SALTBYTES);
    crypto_generichash(salt.data(), salt.size(), reinterpret_cast<const uint8_t*>(label), std::strlen(label), nullptr, 0);
    return salt;
}

nlohmann::json answer_to_json(const Answer& a) {
    if (const auto* s = std::get_if<std::string>(&a))
        return {{"s", *s}};
    if (const auto* n = std::get_if<int64_t>(&a))
        return {{"n", *n}};
    return {{"l", std::get<std::vector<std::string>>(a)}};
}

std::optional<Answer> answer_from_json(const nlohmann::json& j) {
    if (!j.is_object() || j.size() != 1)
        return std::nullopt;
    if (j.contains("s") && j["s"].is_string())
        return Answer(j["s"].get<std::string>());
    if (j.contains("n") && j["n"].is_number_integer())
        return Answer(j["n"].get<int64_t>());
    if (j.contains("l") && j["l"].is_array()) {
        std::vector<std::string> list;
        for (const auto& item : j["l"]) {
            if (!item.is_string())
                return std::nullopt;
            list.push_back(item.get<std::string>());
        }
        return Answer(list);
    }
    return std::nullopt;
}

nlohmann::json map_to_json(const AnswerMap& m) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [id, a] : m)
        out[id] = answer_to_json(a);
    return out;
}

std::optional<AnswerMap> map_from_json(const nlohmann::json& j) {
    if (!j.is_object())
        return std::nullopt;
    AnswerMap m;
    for (const auto& [id, value] : j.items()) {
        auto a = answer_from_json(value);
        if (!a)
            return std::nullopt;
        m[id] = std::move(*a);
    }
    return m;
}

} // namespace

std::string new_save_code() {
    const size_t n = std::strlen(kSaveCodeAlphabet);
    std::string code;
    for (size_t i = 0; i < kCodeSymbols; i++) {
        if (i && i % 4 == 0)
            code += '-';
        code += kSaveCodeAlphabet[randombytes_uniform(uint32_t(n))];
    }
    return code;
}

std::optional<std::string> normalize_save_code(const std::string& typed) {
    std::string symbols;
    for (char c : typed) {
        if (c == ' ' || c == '-' || c == '.' || c == '\t')
            continue;
        if (c >= 'a' && c <= 'z')
            c = char(c - 'a' + 'A');
        if (!std::strchr(kSaveCodeAlphabet, c) || c == '\0' || symbols.size() >= kCodeSymbols)
            return std::nullopt;
        symbols += c;
    }
    if (symbols.size() != kCodeSymbols)
        return std::nullopt;
    return symbols.substr(0, 4) + "-" + symbols.substr(4, 4) + "-" + symbols.substr(8, 4);
}

std::string DraftKeys::token_b64url() const {
    std::string out(sodium_base64_ENCODED_LEN(token.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
    sodium_bin2base64(out.data(), out.size(), token.data(), token.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    out.resize(std::strlen(out.c_str()));
    return out;
}

std::optional<DraftKeys> derive_draft_keys(const std::string& normalized_code, DraftKdf kdf) {
    const Bytes salt = draft_salt();
    Bytes out(64);
    if (crypto_pwhash(out.data(), out.size(), normalized_code.data(), normalized_code.size(), salt.data(), kdf.opslimit,
                      kdf.memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0)
        return std::nullopt;
    DraftKeys keys;
    keys.key.assign(out.begin(), out.begin() + 32);
    keys.token.assign(out.begin() + 32, out.end());
    sodium_memzero(out.data(), out.size());
    Bytes digest(crypto_hash_sha256_BYTES);
    crypto_hash_sha256(digest.data(), keys.token.data(), keys.token.size());
    keys.id = to_hex(digest);
    return keys;
}

Bytes seal_draft(const nlohmann::json& draft, const DraftKeys& keys) {
    const std::string plain = canonical_json(draft);
    Bytes sealed(1 + crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size());
    sealed[0] = kDraftVersion;
    uint8_t* nonce = sealed.data() + 1;
    randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES, reinterpret_cast<const uint8_t*>(plain.data()),
                          plain.size(), nonce, keys.key.data());
    return sealed;
}

std::optional<nlohmann::json> open_draft(const Bytes& sealed, const DraftKeys& keys) {
    const size_t head = 1 + crypto_secretbox_NONCEBYTES;
    if (sealed.size() < head + crypto_secretbox_MACBYTES || sealed[0] != kDraftVersion || keys.key.size() != 32)
        return std::nullopt;
    Bytes plain(sealed.size() - head - crypto_secretbox_MACBYTES);
    if (crypto_secretbox_open_easy(plain.data(), sealed.data() + head, sealed.size() - head, sealed.data() + 1,
                                   keys.key.data()) != 0)
        return std::nullopt;
    auto doc = nlohmann::json::parse(plain.begin(), plain.end(), nullptr, false);
    sodium_memzero(plain.data(), plain.size());
    if (doc.is_discarded())
        return std::nullopt;
    return doc;
}

nlohmann::json answers_to_json(const Answers& answers) {
    nlohmann::json repeats = nlohmann::json::object();
    for (const auto& [id, items] : answers.repeats) {
        repeats[id] = nlohmann::json::array();
        for (const auto& item : items)
            repeats[id].push_back(map_to_json(item));
    }
    return {{"values", map_to_json(answers.values)}, {"repeats", repeats}};
}

std::optional<Answers> answers_from_json(const nlohmann::json& j) {
    if (!j.is_object() || !j.contains("values") || !j.contains("repeats") || !j["repeats"].is_object())
        return std::nullopt;
    Answers a;
    auto values = map_from_json(j["values"]);
    if (!values)
        return std::nullopt;
    a.values = std::move(*values);
    for (const auto& [id, items] : j["repeats"].items()) {
        if (!items.is_array())
            return std::nullopt;
        auto& list = a.repeats[id];
        for (const auto& item : items) {
            auto m = map_from_json(item);
            if (!m)
                return std::nullopt;
            list.push_back(std::move(*m));
        }
    }
    return a;
}

nlohmann::json draft_document(const std::string& form_id, int64_t form_version, const std::string& page_id,
                              const Answers& answers, const std::string& saved_at) {
    return {{"v", 1}, {"form", form_id}, {"form_version", form_version}, {"page", page_id},
            {"answers", answers_to_json(answers)}, {"saved_at", saved_at}};
}

std::optional<Draft> read_draft_document(const nlohmann::json& doc) {
    auto str = [&](const char* k) { return doc.contains(k) && doc[k].is_string(); };
    if (!doc.is_object() || !doc.contains("v") || doc["v"] != 1 || !str("form") || !str("page") || !str("saved_at") ||
        !doc.contains("form_version") || !doc["form_version"].is_number_integer() || !doc.contains("answers"))
        return std::nullopt;
    auto answers = answers_from_json(doc["answers"]);
    if (!answers)
        return std::nullopt;
    return Draft{doc["form"].get<std::string>(), doc["form_version"].get<int64_t>(), doc["page"].get<std::string>(),
                 std::move(*answers), doc["saved_at"].get<std::string>()};
}

} // namespace anl
