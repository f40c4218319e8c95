// The committed case vector (tests/vectors/cases-v2.json, docs/PROTOCOL.md "Cases") against this
// implementation: the code as typed gives the printed keys and token, every item opens to its
// document and files with the office key, and with the case key exactly when it is the case's.
#include "core/canonical_json.h"
#include "core/case_code.h"
#include "core/case_item.h"
#include "core/office_key.h"
#include "helpers.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace anl;

namespace {

nlohmann::json vector_json() { return nlohmann::json::parse(read_source_file("tests/vectors/cases-v2.json")); }

Bytes b64(const nlohmann::json& v) { return *from_base64(v.get<std::string>()); }

} // namespace

TEST_CASE("the case vector's code, as typed, derives its keys and token", "[case_vector]") {
    const auto v = vector_json()["case"];
    const auto code = read_case_code(v["code_typed"]);
    REQUIRE(code);
    CHECK(code->text() == v["code"]);
    CHECK(code->locator == v["locator"]);
    CHECK(v["kdf"]["opslimit"] == kCaseKdf.opslimit);
    CHECK(v["kdf"]["memlimit"] == kCaseKdf.memlimit);
    const auto keys = derive_case_keys(*code, b64(v["salt"]));
    REQUIRE(keys);
    CHECK(keys->public_key == b64(v["public_key"]));
    CHECK(keys->secret_key == b64(v["secret_key"]));
    CHECK(to_hex(keys->draft_key) == v["draft_key_hex"]);
    CHECK(keys->token_b64url() == v["token"]);
    CHECK(keys->token_sha256_hex() == v["token_sha256"]);
    CHECK(to_hex(keys->key_id()) == v["key_id"]);
}

TEST_CASE("every item of the case vector opens for its audience only", "[case_vector]") {
    const auto v = vector_json();
    const Bytes office_pk = b64(v["office"]["public_key"]), office_sk = b64(v["office"]["secret_key"]);
    const Bytes case_pk = b64(v["case"]["public_key"]), case_sk = b64(v["case"]["secret_key"]);
    CHECK(office_key_id_hex(office_pk) == v["office"]["key_id"]);
    REQUIRE(v["items"].size() == 7);
    int office_only = 0;
    for (const auto& item : v["items"]) {
        const Bytes envelope = b64(item["envelope"]);
        const bool for_case = item["audience"] == "case";
        office_only += !for_case;

        const CaseEnvelopeLayout layout = parse_case_envelope_layout(envelope.data(), envelope.size());
        REQUIRE(layout.error == EnvelopeError::None);
        REQUIRE(layout.key_ids.size() == item["recipient_key_ids"].size());
        CHECK(to_hex(layout.key_ids[0]) == v["office"]["key_id"]);
        CHECK(layout.key_ids.size() == (for_case ? 2u : 1u));
        // Every part's length on the wire is a bucket, not the length of what it holds.
        for (const PartLayout& part : layout.parts)
            CHECK(is_padded_length(part.plaintext_len));

        const OpenedItem by_office = open_case_item(envelope, office_pk, office_sk);
        REQUIRE(by_office.error.empty());
        CHECK(canonical_json(item_document(by_office.item)) == to_string(b64(item["document_bytes"])));
        CHECK(nlohmann::json::parse(to_string(b64(item["document_bytes"]))) == item["document"]);
        REQUIRE(by_office.files.size() == item["attachments"].size());
        for (size_t i = 0; i < by_office.files.size(); i++) {
            CHECK(by_office.files[i].name == item["attachments"][i]["name"]);
            CHECK(by_office.files[i].data == b64(item["attachments"][i]["data"]));
        }

        const OpenedItem by_case = open_case_item(envelope, case_pk, case_sk);
        CHECK(by_case.error.empty() == for_case);
        if (!for_case)
            CHECK(by_case.error == "unknown_key");
    }
    CHECK(office_only == 2);   // the note and the internal status
}
