// Save and return (core/draft.h, docs/PROTOCOL.md "Drafts (save and return)").
#include "core/canonical_json.h"
#include "core/draft.h"

#include <catch2/catch.hpp>
#include <sodium.h>

#include <cstring>
#include <limits>
#include <set>

using namespace anl;
using nlohmann::json;

namespace {

// Cheap Argon2id for the tests that do not care about cost; only the test vector uses kDraftKdf.
constexpr DraftKdf kTestKdf{1, size_t(8) << 20};

DraftKeys keys_for(const std::string& code) {
    const auto normal = normalize_save_code(code);
    REQUIRE(normal);
    auto k = derive_draft_keys(*normal, kTestKdf);
    REQUIRE(k);
    return *k;
}

Answers sample_answers() {
    Answers a;
    a.values = {{"first_name", std::string("Zoë Müller-Ağaoğlu ጤና 👩‍👧")},
                {"rent_amount", int64_t(145050)},
                {"debt", int64_t(-9007199254740993)},  // beyond a double's integers
                {"largest", std::numeric_limits<int64_t>::max()},
                {"smallest", std::numeric_limits<int64_t>::min()},
                {"zero", int64_t(0)},
                {"number_as_typed", std::string("1'234.50")},
                {"needs", std::vector<std::string>{"rent", "other", "ünïcode"}},
                {"nothing_picked", std::vector<std::string>{}},
                {"empty", std::string()}};
    a.repeats["household"] = {{{"member_name", std::string("Ana")}, {"member_birth", std::string("2019-03-01")}},
                              {{"member_name", std::string("Rui")}, {"member_income", int64_t(0)}},
                              {},  // an item added and not filled in yet
                              {{"member_name", std::string("Иван")}, {"documents", std::vector<std::string>{"f1", "f2"}}}};
    a.repeats["vehicles"] = {};  // every item removed again
    return a;
}

bool same_answers(const Answers& a, const Answers& b) { return a.values == b.values && a.repeats == b.repeats; }

// The test vector of docs/PROTOCOL.md, made with kDraftKdf.
const char kVectorCode[] = "K7QD-9XMA-P4TR";
const char kVectorKeyHex[] = "2d00717ba62c0a98b3d5d53cec29574e3017a0bdeb42ade00a633d3b53b25065";
const char kVectorToken[] = "H2pxQvIP9pJtaSV2bD4mv9sADHG3RiI24R6B0a1KMt4";
const char kVectorId[] = "3f834882d1d62496bab7c040f704bec61065b0e1702cf45a014a085ff299c5c2";
const char kVectorSealed[] =
    "AQABAgMEBQYHCAkKCwwNDg8QERITFBUWF4fPdXnPPxeHoV4FNn1k1mRhANoHSa6bCcy0p3eASNPEdB6wGnG2vmsmuyWgtAVGHXOl17U87ZMHVyIu"
    "MScL3FtapwdcscZnkM5nTAVoluyso+8szIllhZJvenJI9jxoCm81abfD0eHebtcm1/aev4awI37q7M7QBVm4wGr3eus469jwbvoaY1SYZHJW88Td"
    "Dn4NUhc21/v3nyiIbxUg/l78XgQtkQ1L6EljgP10ObwyTBl9trCwJqIF1OidLrZAhHNY7iyUE7obBLzOjnSqrExDQHlj6Gv0lmnXpfsSBXmPIrjE"
    "GUJd9B5KbnZ6MZY2L8ztILKaRPMv85EsAhYUuga/DRGSQyAH";
const char kVectorDocument[] =
    R"({"answers":{"repeats":{"household":[{"member_name":{"s":"Ana"}}]},"values":{"first_name":{"s":"Zoë"},)"
    R"("needs":{"l":["rent"]},"rent":{"n":145050}}},"form":"minimal-example","form_version":1,"page":"personal",)"
    R"("saved_at":"2026-01-15T09:30:00Z","v":1})";

} // namespace

// ------------------------------------------------------------------ save codes
TEST_CASE("drafts: save codes are 12 symbols of the reference alphabet in three groups") {
    const std::string alphabet = kCodeAlphabet;
    CHECK(alphabet == "ABCDEFGHJKMNPQRSTVWXYZ23456789");  // serve.py REF_ALPHABET
    std::set<char> seen;
    std::set<std::string> codes;
    for (int i = 0; i < 200; i++) {
        const std::string code = new_save_code();
        REQUIRE(code.size() == 14);
        CHECK(code[4] == '-');
        CHECK(code[9] == '-');
        for (size_t k = 0; k < code.size(); k++) {
            if (k == 4 || k == 9)
                continue;
            CHECK(alphabet.find(code[k]) != std::string::npos);
            seen.insert(code[k]);
        }
        CHECK(normalize_save_code(code) == code);  // new codes are in normal form
        codes.insert(code);
    }
    CHECK(codes.size() == 200);
    CHECK(seen.size() == alphabet.size());  // 2400 draws: every symbol turns up
}

TEST_CASE("drafts: a typed save code is read forgivingly") {
    const std::string want = "ABCD-EFGH-JKMN";
    for (const char* typed : {"abcd efgh jkmn", "ABCD-EFGH-JKMN", "abcd-efgh-jkmn", "AbCd.EfGh.JkMn", "ABCDEFGHJKMN",
                              "  abcd  efgh  jkmn  ", "a-b-c-d-e-f-g-h-j-k-m-n", "ABCD\tEFGH\nJKMN\r\n", "abcd--efgh..jkmn",
                              "ABCD\u00a0EFGH\u202fJKMN",       // no-break and narrow no-break space
                              "ABCD\u2013EFGH\u2014JKMN",       // en and em dash (phone keyboards)
                              "ABCD\u2010EFGH\u2212JKMN",       // hyphen, minus sign
                              "ABCD\u00adEFGH\u200bJKMN",       // soft hyphen, zero-width space (copied text)
                              "\ufeffABCD EFGH JKMN",           // a byte order mark in front
                              "\uff21\uff22\uff23\uff24 efgh jkmn",  // full-width letters
                              "\u0410\u0412\u0421D-\u0415FGH-JK\u041cN",  // Cyrillic А В С Е М
                              "\u0430\u0432\u0441d efgh j\u043a\u043cn"})  // and in lower case
        CHECK(normalize_save_code(typed) == want);
    CHECK(normalize_save_code("k7qd 9xma p4tr") == "K7QD-9XMA-P4TR");
    CHECK(normalize_save_code("\uff2b\uff17\uff31\uff24\uff0d\uff19XMA\uff0eP4TR") == "K7QD-9XMA-P4TR");  // full-width digits too
    CHECK(normalize_save_code("\u041a7QD 9\u0425\u041c\u0410 \u04204\u0422R") == "K7QD-9XMA-P4TR");      // К Х М А Р Т
}

TEST_CASE("drafts: codes of the wrong length or with foreign symbols are refused") {
    // No code holds 0 O 1 I L U, nor what they could be a mistake for (both sides of O/0 and
    // 1/I/L are left out), so they are refused rather than mapped to a guess.
    for (const char* c : {"0", "O", "o", "1", "I", "i", "L", "l", "U", "u"}) {
        CHECK_FALSE(normalize_save_code(std::string("ABCD-EFGH-JKM") + c));
        CHECK_FALSE(normalize_save_code(std::string(c) + "BCD-EFGH-JKMN"));
    }
    for (const char* c : {"Ä", "ß", "?", "_", "/", "#", "+", ",", ":", "\u0406" /* Ukrainian І */, "\u03a1" /* Greek Ρ */,
                          "\u0417" /* Cyrillic З */, "\x7f", "\x01"})
        CHECK_FALSE(normalize_save_code(std::string("ABCD-EFGH-JKM") + c));
    const std::string symbols = "ABCDEFGHJKMNPQ";
    for (size_t n = 0; n <= symbols.size(); n++) {
        const auto got = normalize_save_code(symbols.substr(0, n));
        CHECK(got.has_value() == (n == 12));
    }
    CHECK_FALSE(normalize_save_code("ABCD-EFGH-JKMN-P"));
    CHECK_FALSE(normalize_save_code(""));
    CHECK_FALSE(normalize_save_code("- - . -"));
    CHECK_FALSE(normalize_save_code(std::string("ABCD-EFGH-JKMN\0", 15)));  // an embedded NUL
    CHECK_FALSE(normalize_save_code("ABCD-EFGH-JKM\xff"));                  // not UTF-8
    CHECK_FALSE(normalize_save_code("ABCD-EFGH-JKM\xc3"));                  // cut UTF-8
    CHECK_FALSE(normalize_save_code("ABCD-EFGH-JKMN" + std::string(5000, ' ')));
}

// ------------------------------------------------------------------ keys
TEST_CASE("drafts: the same code gives the same keys; other codes other keys") {
    const DraftKeys a = keys_for("K7QD-9XMA-P4TR"), b = keys_for("k7qd 9xma p4tr");
    CHECK(a.key == b.key);
    CHECK(a.token == b.token);
    CHECK(a.id == b.id);
    CHECK(a.key.size() == 32);
    CHECK(a.token.size() == 32);
    CHECK(a.key != a.token);

    Bytes digest(crypto_hash_sha256_BYTES);
    crypto_hash_sha256(digest.data(), a.token.data(), a.token.size());
    CHECK(a.id == to_hex(digest));
    CHECK(a.id.size() == 64);
    CHECK(a.id.find_first_not_of("0123456789abcdef") == std::string::npos);

    const std::string b64 = a.token_b64url();
    CHECK(b64.size() == 43);
    CHECK(b64.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == std::string::npos);
    Bytes back(32);
    size_t back_len = 0;
    REQUIRE(sodium_base642bin(back.data(), back.size(), b64.data(), b64.size(), nullptr, &back_len, nullptr,
                              sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0);
    CHECK(back_len == 32);
    CHECK(back == a.token);

    // One symbol apart, and a few more: all keys, tokens and ids differ.
    std::set<Bytes> keys, tokens;
    std::set<std::string> ids;
    for (const char* code : {"K7QD-9XMA-P4TR", "K7QD-9XMA-P4TS", "S7QD-9XMA-P4TR", "K7QD-9XMA-P4RT", "AAAA-AAAA-AAAA"}) {
        const DraftKeys k = keys_for(code);
        keys.insert(k.key);
        tokens.insert(k.token);
        ids.insert(k.id);
    }
    CHECK(keys.size() == 5);
    CHECK(tokens.size() == 5);
    CHECK(ids.size() == 5);
}

TEST_CASE("drafts: keys come only from a code in normal form") {
    CHECK_FALSE(derive_draft_keys("k7qd-9xma-p4tr", kTestKdf));
    CHECK_FALSE(derive_draft_keys("K7QD9XMAP4TR", kTestKdf));
    CHECK_FALSE(derive_draft_keys("", kTestKdf));
    CHECK_FALSE(derive_draft_keys("K7QD-9XMA-P4TR", DraftKdf{1, 1024}));  // Argon2id refuses: too little memory
}

TEST_CASE("drafts: the PROTOCOL.md test vector (real Argon2id parameters)") {
    CHECK(kDraftKdf.opslimit == 3);
    CHECK(kDraftKdf.memlimit == 33554432);
    const auto keys = derive_draft_keys(kVectorCode);
    REQUIRE(keys);
    CHECK(to_hex(keys->key) == kVectorKeyHex);
    CHECK(keys->token_b64url() == kVectorToken);
    CHECK(keys->id == kVectorId);
    CHECK(keys->key != keys_for(kVectorCode).key);  // the cost is part of the derivation

    const auto sealed = from_base64(kVectorSealed);
    REQUIRE(sealed);
    const auto doc = open_draft(*sealed, *keys);
    REQUIRE(doc);
    CHECK(canonical_json(*doc) == kVectorDocument);
    const auto draft = read_draft_document(*doc);
    REQUIRE(draft);
    CHECK(draft->form_id == "minimal-example");
    CHECK(draft->form_version == 1);
    CHECK(draft->page_id == "personal");
    CHECK(draft->saved_at == "2026-01-15T09:30:00Z");
    CHECK(draft->answers.values.at("first_name") == Answer(std::string("Zoë")));
    CHECK(draft->answers.values.at("rent") == Answer(int64_t(145050)));
    CHECK(draft->answers.values.at("needs") == Answer(std::vector<std::string>{"rent"}));
    REQUIRE(draft->answers.repeats.at("household").size() == 1);
    CHECK(draft->answers.repeats.at("household")[0].at("member_name") == Answer(std::string("Ana")));
}

// ------------------------------------------------------------------ sealing
TEST_CASE("drafts: sealed answers open with their key and with nothing else") {
    const DraftKeys keys = keys_for("K7QD-9XMA-P4TR");
    const Answers answers = sample_answers();
    const json doc = draft_document("social-assistance", 3, "health_insurance", answers, "2026-11-25T09:30:00.000Z");
    const Bytes sealed = seal_draft(doc, keys);
    REQUIRE(sealed.size() == 1 + 24 + 16 + canonical_json(doc).size());
    CHECK(sealed[0] == 0x01);
    CHECK(seal_draft(doc, keys) != sealed);  // a fresh nonce each time

    const auto opened = open_draft(sealed, keys);
    REQUIRE(opened);
    CHECK(*opened == doc);
    const auto draft = read_draft_document(*opened);
    REQUIRE(draft);
    CHECK(draft->form_id == "social-assistance");
    CHECK(draft->form_version == 3);
    CHECK(draft->page_id == "health_insurance");
    CHECK(draft->saved_at == "2026-11-25T09:30:00.000Z");
    CHECK(same_answers(draft->answers, answers));

    CHECK_FALSE(open_draft(sealed, keys_for("K7QD-9XMA-P4TS")));
    DraftKeys swapped = keys;
    swapped.key = keys.token;  // the token, which the server sees, opens nothing
    CHECK_FALSE(open_draft(sealed, swapped));

    for (size_t i = 0; i < sealed.size(); i++)
        for (uint8_t bit : {0x01, 0x80}) {
            Bytes tampered = sealed;
            tampered[i] ^= bit;
            CHECK_FALSE(open_draft(tampered, keys));
        }
    for (size_t n = 0; n < sealed.size(); n++)
        CHECK_FALSE(open_draft(Bytes(sealed.begin(), sealed.begin() + long(n)), keys));
    Bytes longer = sealed;
    longer.push_back(0);
    CHECK_FALSE(open_draft(longer, keys));
}

TEST_CASE("drafts: a wrong version byte, a wrong key size or a plaintext that is not JSON is refused") {
    const DraftKeys keys = keys_for("ABCD-EFGH-JKMN");
    const Bytes sealed = seal_draft(draft_document("f", 1, "p", Answers{}, "t"), keys);
    for (uint8_t version : {0x00, 0x02, 0x7b, 0xff}) {
        Bytes other = sealed;
        other[0] = version;
        CHECK_FALSE(open_draft(other, keys));
    }

    // Authentic ciphertext of something that is not a JSON document.
    for (const std::string& plain : {std::string("not json"), std::string("{\"v\":1,"), std::string(), std::string("\xff\xfe")}) {
        Bytes box(1 + crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size());
        box[0] = kSealedDraftVersion;
        randombytes_buf(box.data() + 1, crypto_secretbox_NONCEBYTES);
        crypto_secretbox_easy(box.data() + 1 + crypto_secretbox_NONCEBYTES,
                              reinterpret_cast<const uint8_t*>(plain.data()), plain.size(), box.data() + 1,
                              keys.key.data());
        CHECK_FALSE(open_draft(box, keys));
    }

    DraftKeys empty;
    CHECK(seal_draft(json::object(), empty).empty());
    CHECK_FALSE(open_draft(sealed, empty));
    CHECK_FALSE(open_draft(Bytes{}, keys));
}

// ------------------------------------------------------------------ answers and documents
TEST_CASE("drafts: answers keep every variant through JSON text") {
    const Answers answers = sample_answers();
    const json j = answers_to_json(answers);
    CHECK(j["values"]["largest"] == json{{"n", 9223372036854775807LL}});
    CHECK(j["values"]["number_as_typed"] == json{{"s", "1'234.50"}});  // text stays text
    CHECK(j["values"]["nothing_picked"] == json{{"l", json::array()}});
    CHECK(j["repeats"]["vehicles"] == json::array());

    // As stored: canonical JSON text, parsed again.
    const json reparsed = json::parse(canonical_json(j));
    const auto back = answers_from_json(reparsed);
    REQUIRE(back);
    CHECK(same_answers(*back, answers));
    CHECK(std::get<int64_t>(back->values.at("smallest")) == std::numeric_limits<int64_t>::min());
    CHECK(std::get<int64_t>(back->values.at("largest")) == std::numeric_limits<int64_t>::max());
    CHECK(std::get<std::string>(back->values.at("first_name")) == "Zoë Müller-Ağaoğlu ጤና 👩‍👧");
    CHECK(back->repeats.at("household").size() == 4);

    const auto none = answers_from_json(answers_to_json(Answers{}));
    REQUIRE(none);
    CHECK(none->values.empty());
    CHECK(none->repeats.empty());
}

TEST_CASE("drafts: malformed answers are refused, never thrown") {
    const json empty = json::object();
    const auto with_value = [&](const json& a) { return json{{"values", {{"q", a}}}, {"repeats", empty}}; };
    const auto with_repeat = [&](const json& r) { return json{{"values", empty}, {"repeats", {{"household", r}}}}; };
    const std::vector<json> bad = {
        json(nullptr), json(1), json("answers"), json::array(),
        json{{"values", empty}},                                             // repeats missing
        json{{"repeats", empty}},                                            // values missing
        json{{"values", empty}, {"repeats", empty}, {"files", empty}},       // an unknown member
        json{{"values", json::array()}, {"repeats", empty}},
        json{{"values", empty}, {"repeats", json::array()}},
        json{{"values", nullptr}, {"repeats", empty}},
        with_value("text"),                                                  // not tagged
        with_value(5),
        with_value(json::array({"a"})),
        with_value(empty),                                                   // no tag
        with_value({{"s", 1}}),
        with_value({{"s", nullptr}}),
        with_value({{"s", {{"s", "x"}}}}),                                   // extra nesting
        with_value({{"n", "12"}}),
        with_value({{"n", 1.5}}),
        with_value({{"n", 1.0}}),                                            // a float, even a whole one
        with_value({{"n", std::numeric_limits<uint64_t>::max()}}),           // beyond int64
        with_value({{"n", uint64_t(std::numeric_limits<int64_t>::max()) + 1}}),
        with_value({{"n", true}}),
        with_value({{"l", "rent"}}),
        with_value({{"l", {1, 2}}}),
        with_value({{"l", {"rent", nullptr}}}),
        with_value({{"l", json::array({json::array({"rent"})})}}),                        // a list in a list
        with_value({{"s", "x"}, {"n", 1}}),                                  // two tags
        with_value({{"d", "2020-01-01"}}),                                   // a tag this version does not know
        with_repeat(empty),
        with_repeat("x"),
        with_repeat(json::array({1})),
        with_repeat(json::array({nullptr})),
        with_repeat(json::array({json::array()})),
        with_repeat(json::array({{{"member_name", "Ana"}}})),                             // untagged in an item
        with_repeat(json::array({{{"member_name", {{"s", "Ana"}}}}, {{"inner", {{"values", empty}, {"repeats", empty}}}}})),
    };
    for (const json& j : bad) {
        INFO(j.dump());
        std::optional<Answers> got;
        CHECK_NOTHROW(got = answers_from_json(j));
        CHECK_FALSE(got);
    }
    CHECK(answers_from_json(with_value({{"n", std::numeric_limits<int64_t>::max()}})));
    CHECK(answers_from_json(with_value({{"n", std::numeric_limits<int64_t>::min()}})));
    CHECK(answers_from_json(with_repeat(json::array({empty}))));
}

TEST_CASE("drafts: the draft document reads back what was written") {
    const Answers answers = sample_answers();
    const json doc = draft_document("social-assistance", 7, "household", answers, "2026-02-03T04:05:06Z");
    CHECK(doc["v"] == 1);
    CHECK(doc.size() == 6);
    const auto draft = read_draft_document(json::parse(canonical_json(doc)));
    REQUIRE(draft);
    CHECK(draft->form_id == "social-assistance");
    CHECK(draft->form_version == 7);
    CHECK(draft->page_id == "household");
    CHECK(draft->saved_at == "2026-02-03T04:05:06Z");
    CHECK(same_answers(draft->answers, answers));

    // A member a later version adds, which this one may ignore, is ignored.
    json later = doc;
    later["language"] = "uk";
    CHECK(read_draft_document(later));
}

TEST_CASE("drafts: malformed draft documents are refused, never thrown") {
    const json doc = draft_document("f", 1, "p", sample_answers(), "t");
    REQUIRE(read_draft_document(doc));
    const auto refused = [](const json& j) {
        INFO(j.dump());
        std::optional<Draft> got;
        CHECK_NOTHROW(got = read_draft_document(j));
        CHECK_FALSE(got);
    };
    for (const json& j : {json(nullptr), json::array(), json("draft"), json::object()})
        refused(j);
    for (const char* field : {"v", "form", "form_version", "page", "answers", "saved_at"}) {
        json broken = doc;
        broken.erase(field);
        refused(broken);
        for (const json& wrong : {json(nullptr), json(true), json(1.5), json::array(), json::object()}) {
            broken[field] = wrong;
            refused(broken);
        }
    }
    for (const json& v : {json(0), json(2), json(-1), json("1"), json(1.0), json(nullptr)}) {
        json other = doc;
        other["v"] = v;
        refused(other);
    }
    for (const json& n : {json("1"), json(1.5), json(std::numeric_limits<uint64_t>::max())}) {
        json other = doc;
        other["form_version"] = n;
        refused(other);
    }
    json wrapped = doc;
    wrapped["answers"] = {{"answers", doc["answers"]}};
    refused(wrapped);
}

TEST_CASE("drafts: no change anywhere in a draft document makes reading it throw") {
    const json doc = draft_document("f", 1, "p", sample_answers(), "t");
    // Every leaf and every container on the way to one, replaced by values of each type.
    std::set<std::string> pointers;
    const json flat = doc.flatten();
    for (const auto& [leaf, value] : flat.items()) {
        (void)value;
        for (json::json_pointer p(leaf); !p.empty(); p = p.parent_pointer())
            pointers.insert(p.to_string());
    }
    REQUIRE(pointers.size() > 40);
    const std::vector<json> replacements = {json(nullptr), json(true),         json(-1),
                                            json(1.5),     json(std::numeric_limits<uint64_t>::max()),
                                            json("x"),     json::array(),      json::object(),
                                            json::array({json::array({1})}),    json{{"s", json{{"s", "x"}}}}};
    size_t read = 0;
    for (const auto& p : pointers)
        for (const json& r : replacements) {
            json m = doc;
            m[json::json_pointer(p)] = r;
            CHECK_NOTHROW(read_draft_document(m));
            read++;
        }
    CHECK(read == pointers.size() * replacements.size());
}
