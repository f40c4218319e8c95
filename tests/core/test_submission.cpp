// The staff side of a submission (core/submission.h): opened parts back into answers and files.
#include "core/submission.h"
#include "helpers.h"

#include <catch2/catch.hpp>

using namespace anl;

namespace {
Part answers(const std::string& json) { return Part{PartType::Answers, to_bytes(json)}; }
} // namespace

TEST_CASE("submission parts read back into answers and a safely named file") {
    const Part file{PartType::Attachment, pattern_bytes(1000)};
    const ReceivedSubmission r = read_submission(
        {answers(R"({"answers":{"first_name":"Zoë"},"attachments":[)"
                 R"({"media_type":"application/pdf","name":"../../Mietvertrag.pdf","part":1,"size":1000}],)"
                 R"("form":"social-assistance","form_version":1,"language":"de"})"),
         file});
    REQUIRE(r.error.empty());
    CHECK(r.answers["answers"]["first_name"] == "Zoë");
    REQUIRE(r.attachments.size() == 1);
    CHECK(r.attachments[0].name == "Mietvertrag.pdf");
    CHECK(r.attachments[0].media_type == "application/pdf");
    CHECK(r.attachments[0].data == pattern_bytes(1000));
}

TEST_CASE("answers that disagree with the parts are an error, not a crash") {
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
    // A file without a media type is kept as bytes of unknown type.
    const ReceivedSubmission untyped =
        read_submission({answers(R"({"answers":{},"attachments":[{"part":1,"name":"a","media_type":7}]})"), file});
    CHECK(untyped.error.empty());
    REQUIRE(untyped.attachments.size() == 1);
    CHECK(untyped.attachments[0].media_type == "application/octet-stream");
}
