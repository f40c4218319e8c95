#include "core/draft.h"

#include <catch2/catch.hpp>
#include <sodium.h>

using namespace anl;

namespace {

// Cheap Argon2id for the tests that do not care about cost; one test uses the real parameters.
constexpr DraftKdf kTestKdf{1, size_t(8) << 20};

DraftKeys keys_for(const std::string& code) {
    auto k = derive_draft_keys(*normalize_save_code(code), kTestKdf);
    REQUIRE(k);
    return *k;
}

Answers sample_answers() {
    Answers a;
    a.values = {{"first_name", std::string("Zoë ጤና")},
                {"rent_amount", int64_t(145050)},
                {"debt", int64_t(-9007199254740993)},
                {"needs", std::vector<std::string>{"rent", "other"}},
                {"empty", std::string()}};
    a.repeats["household"] = {{{"member_name", std::string("Ana")}}, {{"member_name", std::string("Rui")},
                                                                      {"member_income", int64_t(0)}}};
    return a;
}

} // namespace

TEST_CASE("drafts: save codes are 12 symbols of the reference alphabet, read forgivingly") {
    for (int i = 0; i < 50; i++) {
        const std::string code = new_save_code();
        REQUIRE(code.size() == 14);
        CHECK(code[4] == '-');
        CHECK(code[9] == '-');
        CHECK(normalize_save_code(code) == code);
    }
    CHECK(new_save_code() != new_save_code());
    CHECK(normalize_save_code("k7qd 9xma p4tr") == "K7QD-9XMA-P4TR");
    CHECK(normalize_save_code(" K7QD.9XMA.P4TR ") == "K7QD-9XMA-P4TR");
    CHECK(normalize_save_code("K7QD9XMAP4TR") == "K7QD-9XMA-P4TR");
    CHECK_FALSE(normalize_save_code("K7QD-9XMA-P4T"));    // one short
    CHECK_FALSE(normalize_save_code("K7QD-9XMA-P4TRR"));  // one long
    CHECK_FALSE(normalize_save_code("K7QD-9XMA-P4T0"));   // 0 is not in the alphabet
    CHECK_FALSE(normalize_save_code("K7QD-9XMA-P4TÄ"));
    CHECK_FALSE(normalize_save_code(""));
}

TEST_CASE("drafts: the same code gives the same keys; another code others") {
    const DraftKeys a = keys_for("K7QD-9XMA-P4TR"), b = keys_for("k7qd9xmap4tr"), c = keys_for("K7QD-9XMA-P4TS");
    CHECK(a.key == b.key);
    CHECK(a.token == b.token);
    CHECK(a.id == b.id);
    CHECK(a.key != c.key);
    CHECK(a.id != c.id);
    CHECK(a.key != a.token);
    Bytes digest(crypto_hash_sha256_BYTES);
    crypto_hash_sha256(digest.data(), a.token.data(), a.token.size());
    CHECK(a.id == to_hex(digest));
    CHECK(a.id.size() == 64);
    CHECK(a.token_b64url().size() == 43);
    CHECK(a.token_b64url().find_first_of("+/=") == std::string::npos);
}

TEST_CASE("drafts: the real key derivation (Argon2id, 32 MiB) runs and is deterministic") {
    const auto a = derive_draft_keys("K7QD-9XMA-P4TR");
    const auto b = derive_draft_keys("K7QD-9XMA-P4TR");
    REQUIRE(a);
    REQUIRE(b);
    CHECK(a->key == b->key);
    CHECK(a->key != keys_for("K7QD-9XMA-P4TR").key); // the cost is part of the derivation
}

TEST_CASE("drafts: sealed answers open with the key and with nothing else") {
    const DraftKeys keys = keys_for("K7QD-9XMA-P4TR");
    const Answers answers = sample_answers();
    const auto doc = draft_document("social-assistance", 3, "health_insurance", answers, "2026-11-25T09:30:00.000Z");
    const Bytes sealed = seal_draft(doc, keys);
    CHECK(sealed[0] == 1);
    CHECK(seal_draft(doc, keys) != sealed); // a fresh nonce each time

    const auto opened = open_draft(sealed, keys);
    REQUIRE(opened);
    const auto draft = read_draft_document(*opened);
    REQUIRE(draft);
    CHECK(draft->form_id == "social-assistance");
    CHECK(draft->form_version == 3);
    CHECK(draft->page_id == "health_insurance");
    CHECK(draft->saved_at == "2026-11-25T09:30:00.000Z");
    CHECK(draft->answers.values == answers.values);
    CHECK(draft->answers.repeats == answers.repeats);

    CHECK_FALSE(open_draft(sealed, keys_for("K7QD-9XMA-P4TS")));
    for (size_t i = 0; i < sealed.size(); i++) {
        Bytes tampered = sealed;
        tampered[i] ^= 0x01;
        CHECK_FALSE(open_draft(tampered, keys));
    }
    for (size_t n = 0; n < sealed.size(); n++)
        CHECK_FALSE(open_draft(Bytes(sealed.begin(), sealed.begin() + long(n)), keys));
}

TEST_CASE("drafts: malformed answers and documents are refused, never thrown") {
    using nlohmann::json;
    CHECK(answers_from_json(answers_to_json(sample_answers())));
    for (const json& bad : {json(nullptr), json::array(), json{{"values", json::object()}},
                            json{{"values", {{"a", {{"s", 1}}}}}, {"repeats", json::object()}},
                            json{{"values", {{"a", {{"l", {1, 2}}}}}}, {"repeats", json::object()}},
                            json{{"values", {{"a", {{"s", "x"}, {"n", 1}}}}}, {"repeats", json::object()}},
                            json{{"values", json::object()}, {"repeats", {{"household", json::object()}}}},
                            json{{"values", json::object()}, {"repeats", {{"household", {1}}}}}})
        CHECK_FALSE(answers_from_json(bad));
    auto doc = draft_document("f", 1, "p", sample_answers(), "t");
    CHECK(read_draft_document(doc));
    for (const char* field : {"v", "form", "form_version", "page", "answers", "saved_at"}) {
        auto broken = doc;
        broken.erase(field);
        CHECK_FALSE(read_draft_document(broken));
    }
    doc["v"] = 2;
    CHECK_FALSE(read_draft_document(doc));
}
