#include "core/application.h"
#include "helpers.h"

#include <catch2/catch.hpp>

using namespace anl;

namespace {
const Date kToday{2026, 11, 25};

Application valid_application() {
    Application a;
    a.full_name = "Zoë Müller-Ağaoğlu";
    a.birth_date = "01.04.1990";
    a.message = "Ich brauche Unterstützung.";
    return a;
}

std::vector<std::string> error_keys(const Application& a) {
    std::vector<std::string> keys;
    for (const auto& e : validate_application(a, kToday))
        keys.push_back(e.message_key);
    return keys;
}
} // namespace

TEST_CASE("dates are read the way people write them") {
    CHECK(format_iso_date(*parse_date("01.04.1990")) == "1990-04-01");
    CHECK(format_iso_date(*parse_date("1.4.1990")) == "1990-04-01");
    CHECK(format_iso_date(*parse_date(" 1. 4. 1990 ")) == "1990-04-01");
    CHECK(format_iso_date(*parse_date("1990-04-01")) == "1990-04-01");
    CHECK(format_iso_date(*parse_date("29.02.2024")) == "2024-02-29");
    CHECK(format_iso_date(*parse_date("31031985")) == "1985-03-31");   // iOS numeric keypad
    CHECK(format_iso_date(*parse_date("31,03,1985")) == "1985-03-31");
    CHECK_FALSE(parse_date("3103198"));
    CHECK_FALSE(parse_date("31131985"));
    CHECK_FALSE(parse_date("29.02.2023"));
    CHECK_FALSE(parse_date("31.04.1990"));
    CHECK_FALSE(parse_date("00.01.1990"));
    CHECK_FALSE(parse_date("1.13.1990"));
    CHECK_FALSE(parse_date("01.04.90"));
    CHECK_FALSE(parse_date("1990/04/01"));
    CHECK_FALSE(parse_date("01.04-1990"));
    CHECK_FALSE(parse_date("yesterday"));
    CHECK_FALSE(parse_date(""));
}

TEST_CASE("a complete application has no errors") {
    CHECK(validate_application(valid_application(), kToday).empty());
}

TEST_CASE("each field says what is wrong with it") {
    Application a = valid_application();
    a.full_name = "   ";
    CHECK(error_keys(a) == std::vector<std::string>{"error.full_name.required"});

    a = valid_application();
    a.full_name = std::string(201, 'x');
    CHECK(error_keys(a) == std::vector<std::string>{"error.full_name.too_long"});
    a.full_name = std::string(200, 'x');
    CHECK(error_keys(a).empty());

    a = valid_application();
    a.full_name = "Zoë\x01";
    CHECK(error_keys(a) == std::vector<std::string>{"error.full_name.invalid"});

    a = valid_application();
    a.birth_date = "";
    CHECK(error_keys(a) == std::vector<std::string>{"error.birth_date.required"});
    a.birth_date = "31.02.1990";
    CHECK(error_keys(a) == std::vector<std::string>{"error.birth_date.invalid"});
    a.birth_date = "26.11.2026";
    CHECK(error_keys(a) == std::vector<std::string>{"error.birth_date.future"});
    a.birth_date = "25.11.2026";
    CHECK(error_keys(a).empty());
    a.birth_date = "01.01.1900";
    CHECK(error_keys(a) == std::vector<std::string>{"error.birth_date.implausible"});

    a = valid_application();
    a.message = "";
    CHECK(error_keys(a) == std::vector<std::string>{"error.message.required"});
    a.message = "Zeile 1\nZeile 2";
    CHECK(error_keys(a).empty());

    a = valid_application();
    a.attachment = Attachment{"big.pdf", "application/pdf", Bytes(kMaxAttachmentBytes + 1)};
    CHECK(error_keys(a) == std::vector<std::string>{"error.attachment.too_large"});
}

TEST_CASE("all errors are reported at once, in page order") {
    Application a;
    CHECK(error_keys(a) == std::vector<std::string>{"error.full_name.required", "error.birth_date.required",
                                                   "error.message.required"});
}

TEST_CASE("the answers document is canonical JSON") {
    Application a = valid_application();
    a.full_name = "  Zoë Müller-Ağaoğlu ";
    a.attachment = Attachment{"Miete.pdf", "application/pdf", Bytes(3, 7)};
    const std::string json = canonical_json(answers_document(a));
    CHECK(json ==
          R"({"answers":{"birth_date":"1990-04-01","full_name":"Zoë Müller-Ağaoğlu","message":"Ich brauche Unterstützung."},)"
          R"("attachments":[{"media_type":"application/pdf","name":"Miete.pdf","part":1,"size":3}],)"
          R"("form":"anlaufstelle.minimal","form_version":1,"language":"de"})");
}

TEST_CASE("submission parts read back into answers and a safely named file") {
    Application a = valid_application();
    a.attachment = Attachment{"../../Mietvertrag.pdf", "application/pdf", pattern_bytes(1000)};
    const ReceivedSubmission r = read_submission(submission_parts(a));
    REQUIRE(r.error.empty());
    CHECK(r.answers["answers"]["full_name"] == "Zoë Müller-Ağaoğlu");
    REQUIRE(r.attachments.size() == 1);
    CHECK(r.attachments[0].name == "Mietvertrag.pdf");
    CHECK(r.attachments[0].media_type == "application/pdf");
    CHECK(r.attachments[0].data == pattern_bytes(1000));
}

TEST_CASE("answers that disagree with the parts are an error, not a crash") {
    auto answers = [](const std::string& json) { return Part{PartType::Answers, to_bytes(json)}; };
    const Part file{PartType::Attachment, Bytes(4, 1)};
    CHECK(read_submission({}).error == "no_answers");
    CHECK(read_submission({file}).error == "no_answers");
    CHECK(read_submission({answers("{not json")}).error == "bad_answers");
    CHECK(read_submission({answers("[]")}).error == "bad_answers");
    CHECK(read_submission({answers(R"({"answers":{}})"), file}).error == "attachments_mismatch");
    CHECK(read_submission({answers(R"({"answers":{},"attachments":[{"part":"1","name":"a"}]})"), file}).error ==
          "attachments_mismatch");
    CHECK(read_submission({answers(R"({"answers":{},"attachments":[{"part":1,"name":5}]})"), file}).error ==
          "attachments_mismatch");
    CHECK(read_submission({answers(R"({"answers":{},"attachments":"x"})"), file}).error == "attachments_mismatch");
    CHECK(read_submission({answers(R"({"answers":{},"attachments":[{"part":1,"name":"a","media_type":7}]})"),
                           file}).error.empty());
}
