#include "core/case_code.h"
#include "core/code_symbols.h"

#include <catch2/catch.hpp>
#include <sodium.h>

#include <set>

using namespace anl;

namespace {
// Cheap parameters for the tests that only compare keys; the real ones are checked by the
// test vector (tests/core/test_case_vector.cpp).
constexpr CaseKdf kFast{1, 8192};
const Bytes kSalt(kCaseSaltSize, 7);
} // namespace

TEST_CASE("case codes: a locator of four symbols and a secret of twelve, in four groups") {
    const std::string alphabet = kCodeAlphabet;
    std::set<std::string> seen;
    for (int i = 0; i < 200; i++) {
        const CaseCode code = new_case_code();
        const std::string text = code.text();
        REQUIRE(text.size() == 19);
        for (size_t j = 0; j < text.size(); j++) {
            if (j % 5 == 4)
                CHECK(text[j] == '-');
            else
                CHECK(alphabet.find(text[j]) != std::string::npos);
        }
        CHECK(code.locator == text.substr(0, 4));
        CHECK(code.secret == text.substr(5));
        CHECK(is_case_locator(code.locator));
        seen.insert(text);
    }
    CHECK(seen.size() == 200);
}

TEST_CASE("case codes: a new locator keeps the secret") {
    const CaseCode code = new_case_code();
    CaseCode moved = with_new_locator(code);
    for (int i = 0; i < 5 && moved.locator == code.locator; i++)
        moved = with_new_locator(code);
    CHECK(moved.secret == code.secret);
    CHECK(moved.locator != code.locator);
}

TEST_CASE("case codes: what a person types is read forgivingly") {
    for (const char* typed : {"K7QD-9XMA-P4TR-2HNB", "k7qd 9xma p4tr 2hnb", "K7QD9XMAP4TR2HNB", " k7qd–9xma—p4tr 2hnb ",
                              "Ｋ７ＱＤ９ＸＭＡＰ４ＴＲ２ＨＮＢ", "К7QD-9XMA-P4TR-2НNВ"}) {
        INFO(typed);
        const auto code = read_case_code(typed);
        REQUIRE(code);
        CHECK(code->locator == "K7QD");
        CHECK(code->secret == "9XMA-P4TR-2HNB");
    }
}

TEST_CASE("case codes: wrong lengths, foreign symbols and a save code are refused") {
    for (const char* typed : {"", "K7QD-9XMA-P4TR", "K7QD-9XMA-P4TR-2HN", "K7QD-9XMA-P4TR-2HNBA", "K7QD-9XMA-P4TR-2HN0",
                              "K7QD-9XMA-P4TR-2HNI", "K7QD-9XMA-P4TR-2HN?", "\xff\xfe"}) {
        INFO(typed);
        CHECK_FALSE(read_case_code(typed));
    }
    CHECK_FALSE(is_case_locator("k7qd"));
    CHECK_FALSE(is_case_locator("K7Q"));
    CHECK_FALSE(is_case_locator("K7Q0"));
    CHECK_FALSE(is_case_locator("K7QD-"));
}

TEST_CASE("case keys: the same code and salt give the same keys; another secret or salt others") {
    const CaseCode code = *read_case_code("K7QD-9XMA-P4TR-2HNB");
    const auto a = derive_case_keys(code, kSalt, kFast);
    const auto b = derive_case_keys(code, kSalt, kFast);
    REQUIRE(a);
    REQUIRE(b);
    CHECK(a->public_key == b->public_key);
    CHECK(a->secret_key == b->secret_key);
    CHECK(a->token == b->token);
    CHECK(a->draft_key == b->draft_key);

    // The locator only finds the case: the keys come from the secret and the salt.
    const auto moved = derive_case_keys(*read_case_code("ZZZZ-9XMA-P4TR-2HNB"), kSalt, kFast);
    REQUIRE(moved);
    CHECK(moved->public_key == a->public_key);

    const auto other_secret = derive_case_keys(*read_case_code("K7QD-9XMA-P4TR-2HNC"), kSalt, kFast);
    const auto other_salt = derive_case_keys(code, Bytes(kCaseSaltSize, 8), kFast);
    REQUIRE(other_secret);
    REQUIRE(other_salt);
    CHECK(other_secret->public_key != a->public_key);
    CHECK(other_salt->public_key != a->public_key);
    CHECK(other_salt->token != a->token);
}

TEST_CASE("case keys: the three outputs are independent and the key pair is a real one") {
    const auto k = derive_case_keys(*read_case_code("K7QD-9XMA-P4TR-2HNB"), kSalt, kFast);
    REQUIRE(k);
    CHECK(k->public_key.size() == 32);
    CHECK(k->secret_key.size() == 32);
    CHECK(k->draft_key != k->token);
    CHECK(k->secret_key != k->draft_key);
    Bytes pk(crypto_box_PUBLICKEYBYTES);
    crypto_scalarmult_base(pk.data(), k->secret_key.data());
    CHECK(pk == k->public_key);
    CHECK(k->token_b64url().size() == 43);
    CHECK(k->token_sha256_hex().size() == 64);
    CHECK(k->key_id().size() == 8);
}

TEST_CASE("case keys: only a secret in normal form and a 16-byte salt give keys") {
    CHECK_FALSE(derive_case_keys({"K7QD", "9xma-p4tr-2hnb"}, kSalt, kFast));
    CHECK_FALSE(derive_case_keys({"K7QD", "9XMAP4TR2HNB"}, kSalt, kFast));
    CHECK_FALSE(derive_case_keys({"K7QD", "9XMA-P4TR-2HNB"}, Bytes(15, 7), kFast));
    CHECK_FALSE(derive_case_keys({"K7QD", "9XMA-P4TR-2HNB"}, Bytes(), kFast));
}
