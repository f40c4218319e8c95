// The committed test vector (docs/PROTOCOL.md) opens with this implementation.
#include "core/envelope.h"
#include "core/office_key.h"
#include "helpers.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace anl;

TEST_CASE("the PROTOCOL.md test vector opens to its plaintexts") {
    const auto v = nlohmann::json::parse(read_source_file("tests/vectors/envelope-v1.json"));
    const Bytes pk = *from_base64(v["office_public_key"]);
    const Bytes sk = *from_base64(v["office_secret_key"]);
    CHECK(to_hex(office_key_id(pk)) == v["office_key_id"]);

    const OpenedEnvelope opened = open_envelope(*from_base64(v["envelope"]), pk, sk);
    REQUIRE(opened.error == EnvelopeError::None);
    REQUIRE(opened.parts.size() == v["parts"].size());
    for (size_t i = 0; i < opened.parts.size(); i++) {
        CHECK(int(opened.parts[i].type) == v["parts"][i]["type"]);
        CHECK(opened.parts[i].plaintext == *from_base64(v["parts"][i]["plaintext"]));
    }
}

TEST_CASE("the test vector's key file unwraps with its passphrase") {
    const auto v = nlohmann::json::parse(read_source_file("tests/vectors/envelope-v1.json"));
    const auto kdf = kdf_params_from_json(v["key_file"]["kdf"]);
    REQUIRE(kdf);
    const auto secrets = derive_staff_login(v["key_file_passphrase"], *kdf);
    REQUIRE(secrets);
    const auto keys = unwrap_office_keys(v["key_file"], secrets->wrapping_key);
    REQUIRE(keys);
    CHECK(keys->secret_key == *from_base64(v["office_secret_key"]));
}
