// The committed test vector (docs/PROTOCOL.md) opens with this implementation, and its parts are
// what the form engine makes of the application it lists: the vector is what the app sends.
#include "core/answers.h"
#include "core/draft.h"  // answers_from_json
#include "core/envelope.h"
#include "core/form.h"
#include "core/office_key.h"
#include "core/submission.h"
#include "helpers.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace anl;

namespace {

nlohmann::json vector_json() { return nlohmann::json::parse(read_source_file("tests/vectors/envelope-v1.json")); }

// The files the applicant picked, as the vector describes them: byte i is (fill + i) mod 256.
DocumentFiles vector_files(const nlohmann::json& list) {
    DocumentFiles files;
    for (const auto& f : list) {
        Bytes data(f["size"].get<size_t>());
        for (size_t i = 0; i < data.size(); i++)
            data[i] = uint8_t(f["fill"].get<unsigned>() + i);
        files[f["ref"]] = {f["name"], f["media_type"], std::move(data)};
    }
    return files;
}

} // namespace

TEST_CASE("the PROTOCOL.md test vector opens to its plaintexts") {
    const auto v = vector_json();
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

TEST_CASE("the test vector's parts are what the app sends for the application it lists") {
    const auto v = vector_json();
    const nlohmann::json& s = v["submission"];
    const LoadResult loaded = load_form(read_source_file(s["form"]));
    REQUIRE(loaded.form);
    const auto answers = answers_from_json(s["answers"]);
    REQUIRE(answers);
    const auto today = parse_date(s["today"]);
    REQUIRE(today);
    CHECK(validate_form(*loaded.form, *answers, *today).empty());

    const std::vector<Part> parts = form_submission_parts(*loaded.form, *answers, s["language"], vector_files(s["files"]));
    REQUIRE(parts.size() == v["parts"].size());
    for (size_t i = 0; i < parts.size(); i++) {
        CHECK(int(parts[i].type) == v["parts"][i]["type"]);
        CHECK(parts[i].plaintext == *from_base64(v["parts"][i]["plaintext"]));
    }
    CHECK(parts.back().plaintext.size() > kChunkSize);  // the opener reads a part of several chunks

    // The staff page reads it back into the answers and the files with their names.
    const ReceivedSubmission received = read_submission(parts);
    REQUIRE(received.error.empty());
    CHECK(received.answers["form"] == loaded.form->id);
    CHECK(received.answers["answers"]["first_name"] == "Zoë");
    REQUIRE(received.attachments.size() == 2);
    CHECK(received.attachments[1].name == "Mietvertrag März.pdf");
}

TEST_CASE("the test vector's key file unwraps with its passphrase") {
    const auto v = vector_json();
    const auto kdf = kdf_params_from_json(v["key_file"]["kdf"]);
    REQUIRE(kdf);
    const auto secrets = derive_staff_login(v["key_file_passphrase"], *kdf);
    REQUIRE(secrets);
    const auto keys = unwrap_office_keys(v["key_file"], secrets->wrapping_key);
    REQUIRE(keys);
    CHECK(keys->secret_key == *from_base64(v["office_secret_key"]));
}
