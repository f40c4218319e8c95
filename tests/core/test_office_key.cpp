#include "core/envelope.h"
#include "core/office_key.h"

#include <catch2/catch.hpp>
#include <sodium.h>

using namespace anl;

namespace {
KdfParams fast_kdf() {
    KdfParams kdf = new_kdf_params();
    randombytes_buf(kdf.salt.data(), kdf.salt.size());
    return kdf;
}
} // namespace

TEST_CASE("the staff passphrase unwraps the office key and nothing else does") {
    const KdfParams kdf = fast_kdf();
    const OfficeKeys created = new_office_keys();
    const nlohmann::json file = create_office_key_file("a long staff passphrase", kdf, created);
    REQUIRE(file.is_object());
    CHECK(file["key_id"] == to_hex(office_key_id(created.public_key)));
    // The secret key must not appear in the file in any encoding.
    CHECK(file.dump().find(to_base64(created.secret_key)) == std::string::npos);
    CHECK(file.dump().find(to_hex(created.secret_key)) == std::string::npos);

    const auto parsed_kdf = kdf_params_from_json(file["kdf"]);
    REQUIRE(parsed_kdf);
    const auto secrets = derive_staff_login("a long staff passphrase", *parsed_kdf);
    REQUIRE(secrets);
    const auto keys = unwrap_office_keys(file, secrets->wrapping_key);
    REQUIRE(keys);
    CHECK(keys->secret_key == created.secret_key);

    Bytes token_hash(32);
    crypto_hash_sha256(token_hash.data(), secrets->login_token.data(), secrets->login_token.size());
    CHECK(file["staff_token_sha256"] == to_hex(token_hash));
    CHECK(secrets->login_token != secrets->wrapping_key);

    const auto wrong = derive_staff_login("a long staff passphrasf", *parsed_kdf);
    REQUIRE(wrong);
    CHECK_FALSE(unwrap_office_keys(file, wrong->wrapping_key));
}

TEST_CASE("a key file whose public key was swapped does not unwrap") {
    const KdfParams kdf = fast_kdf();
    nlohmann::json file = create_office_key_file("another passphrase", kdf, new_office_keys());
    const auto secrets = derive_staff_login("another passphrase", kdf);
    REQUIRE(secrets);
    Bytes other_pk(32), other_sk(32);
    crypto_box_keypair(other_pk.data(), other_sk.data());
    file["public_key"] = to_base64(other_pk);
    CHECK_FALSE(unwrap_office_keys(file, secrets->wrapping_key));
}

TEST_CASE("hostile or broken KDF parameters are refused") {
    nlohmann::json kdf = kdf_params_to_json(fast_kdf());
    CHECK(kdf_params_from_json(kdf));
    nlohmann::json bad = kdf; bad["memlimit"] = 8ull << 30;
    CHECK_FALSE(kdf_params_from_json(bad));
    bad = kdf; bad["memlimit"] = 8ull << 20;   // a downgrade
    CHECK_FALSE(kdf_params_from_json(bad));
    bad = kdf; bad["opslimit"] = 1;
    CHECK_FALSE(kdf_params_from_json(bad));
    bad = kdf; bad["alg"] = 5;
    CHECK_FALSE(kdf_params_from_json(bad));
    bad = kdf; bad["opslimit"] = 1000;
    CHECK_FALSE(kdf_params_from_json(bad));
    bad = kdf; bad["alg"] = "scrypt";
    CHECK_FALSE(kdf_params_from_json(bad));
    bad = kdf; bad["salt"] = "AAAA";
    CHECK_FALSE(kdf_params_from_json(bad));
    bad = kdf; bad["opslimit"] = "3";
    CHECK_FALSE(kdf_params_from_json(bad));
    CHECK_FALSE(kdf_params_from_json(nlohmann::json::array()));
}

TEST_CASE("a malformed key file is refused, not crashed on") {
    const Bytes key(32, 1);
    CHECK_FALSE(unwrap_office_keys(nlohmann::json::parse("{}"), key));
    CHECK_FALSE(unwrap_office_keys(nlohmann::json::parse("[1,2]"), key));
    CHECK_FALSE(unwrap_office_keys(nlohmann::json::parse(R"({"public_key":1,"wrapped_secret_key":{}})"), key));
    CHECK_FALSE(unwrap_office_keys(nlohmann::json::parse(R"({"public_key":"AAAA","wrapped_secret_key":"x"})"), key));
    CHECK_FALSE(unwrap_office_keys(nlohmann::json::parse(R"({"public_key":"AAAA","wrapped_secret_key":{"alg":7}})"), key));
}
