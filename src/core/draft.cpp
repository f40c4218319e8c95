#include "core/draft.h"

#include "core/canonical_json.h"
#include "core/code_symbols.h"
#include "core/digest.h"
#include "core/text.h"

#include <sodium.h>

#include <limits>

namespace anl {
namespace {

// The salt is fixed so that any device can derive the same keys from the code alone; it only
// separates this use of Argon2id from others. BLAKE2b-128("anlaufstelle draft v1").
const char kSaltLabel[] = "anlaufstelle draft v1";

Bytes draft_salt() {
    Bytes salt(crypto_pwhash_SALTBYTES);
    crypto_generichash(salt.data(), salt.size(), reinterpret_cast<const uint8_t*>(kSaltLabel),
                       sizeof kSaltLabel - 1, nullptr, 0);
    return salt;
}

// ------------------------------------------------------------------ answers as JSON
// An int64 as nlohmann holds it: non-negative numbers parse as unsigned and may not fit.
std::optional<int64_t> int64_value(const nlohmann::json& j) {
    if (j.is_number_unsigned()) {
        const uint64_t u = j.get<uint64_t>();
        if (u > uint64_t(std::numeric_limits<int64_t>::max()))
            return std::nullopt;
        return int64_t(u);
    }
    if (j.is_number_integer())
        return j.get<int64_t>();
    return std::nullopt;
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
    const auto it = j.begin();
    const std::string& tag = it.key();
    const nlohmann::json& value = it.value();
    if (tag == "s" && value.is_string())
        return Answer(value.get<std::string>());
    if (tag == "n") {
        if (auto n = int64_value(value))
            return Answer(*n);
        return std::nullopt;
    }
    if (tag == "l" && value.is_array()) {
        std::vector<std::string> list;
        for (const auto& item : value) {
            if (!item.is_string())
                return std::nullopt;
            list.push_back(item.get<std::string>());
        }
        return Answer(std::move(list));
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
        m.emplace(id, std::move(*a));
    }
    return m;
}

const nlohmann::json* member(const nlohmann::json& obj, const char* name) {
    const auto it = obj.find(name);
    return it == obj.end() ? nullptr : &*it;
}

} // namespace

// ------------------------------------------------------------------ save codes
std::string new_save_code() { return group_code_symbols(random_code_symbols(kSaveCodeSymbols)); }

std::optional<std::string> normalize_save_code(const std::string& typed) {
    auto symbols = read_code_symbols(typed, kSaveCodeSymbols);
    if (!symbols)
        return std::nullopt;
    return group_code_symbols(*symbols);
}

// ------------------------------------------------------------------ keys
std::string DraftKeys::token_b64url() const { return to_base64url(token); }

std::optional<DraftKeys> derive_draft_keys(const std::string& normalized_code, DraftKdf kdf) {
    if (normalize_save_code(normalized_code) != normalized_code)
        return std::nullopt;
    const Bytes salt = draft_salt();
    uint8_t out[64];
    if (crypto_pwhash(out, sizeof out, normalized_code.data(), normalized_code.size(), salt.data(), kdf.opslimit,
                      kdf.memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0)
        return std::nullopt;
    DraftKeys keys{Bytes(out, out + 32), Bytes(out + 32, out + 64), {}};
    sodium_memzero(out, sizeof out);
    keys.id = sha256_hex(keys.token);
    return keys;
}

// ------------------------------------------------------------------ sealing
Bytes seal_draft(const nlohmann::json& draft, const DraftKeys& keys) {
    if (keys.key.size() != crypto_secretbox_KEYBYTES)
        return {};
    std::string plain = canonical_json(draft);
    Bytes sealed(1 + crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size());
    sealed[0] = kSealedDraftVersion;
    uint8_t* nonce = sealed.data() + 1;
    randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES, reinterpret_cast<const uint8_t*>(plain.data()),
                          plain.size(), nonce, keys.key.data());
    sodium_memzero(plain.data(), plain.size());
    return sealed;
}

std::optional<nlohmann::json> open_draft(const Bytes& sealed, const DraftKeys& keys) {
    const size_t head = 1 + crypto_secretbox_NONCEBYTES;
    if (sealed.size() < head + crypto_secretbox_MACBYTES || sealed[0] != kSealedDraftVersion ||
        keys.key.size() != crypto_secretbox_KEYBYTES)
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

// ------------------------------------------------------------------ documents
nlohmann::json answers_to_json(const Answers& answers) {
    nlohmann::json repeats = nlohmann::json::object();
    for (const auto& [id, items] : answers.repeats) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& item : items)
            list.push_back(map_to_json(item));
        repeats[id] = std::move(list);
    }
    return {{"values", map_to_json(answers.values)}, {"repeats", std::move(repeats)}};
}

std::optional<Answers> answers_from_json(const nlohmann::json& j) {
    if (!j.is_object() || j.size() != 2)
        return std::nullopt;
    const auto* values = member(j, "values");
    const auto* repeats = member(j, "repeats");
    if (!values || !repeats || !repeats->is_object())
        return std::nullopt;
    Answers a;
    auto m = map_from_json(*values);
    if (!m)
        return std::nullopt;
    a.values = std::move(*m);
    for (const auto& [id, items] : repeats->items()) {
        if (!items.is_array())
            return std::nullopt;
        auto& list = a.repeats[id];
        for (const auto& item : items) {
            auto im = map_from_json(item);
            if (!im)
                return std::nullopt;
            list.push_back(std::move(*im));
        }
    }
    return a;
}

nlohmann::json draft_document(const std::string& form_id, int64_t form_version, const std::string& page_id,
                              const Answers& answers, const std::string& saved_at) {
    return {{"v", kDraftDocumentVersion}, {"form", form_id},       {"form_version", form_version},
            {"page", page_id},            {"answers", answers_to_json(answers)}, {"saved_at", saved_at}};
}

std::optional<Draft> read_draft_document(const nlohmann::json& doc) {
    if (!doc.is_object())
        return std::nullopt;
    const auto* v = member(doc, "v");
    const auto* form = member(doc, "form");
    const auto* form_version = member(doc, "form_version");
    const auto* page = member(doc, "page");
    const auto* answers_json = member(doc, "answers");
    const auto* saved_at = member(doc, "saved_at");
    if (!v || int64_value(*v) != kDraftDocumentVersion || !form || !form->is_string() || !form_version ||
        !page || !page->is_string() || !answers_json || !saved_at || !saved_at->is_string())
        return std::nullopt;
    const auto version = int64_value(*form_version);
    auto answers = answers_from_json(*answers_json);
    if (!version || !answers)
        return std::nullopt;
    return Draft{form->get<std::string>(), *version, page->get<std::string>(), std::move(*answers),
                 saved_at->get<std::string>()};
}

} // namespace anl
