// The applicant's whole way, walked natively on the fake platform with the real form and a real
// office key: start, device question, a page's error summary, the answers, a household member,
// check your answers, a sealed envelope the office opens, the reference (and the case code).
#include "intake_walk.h"

#include "core/envelope.h"
#include "core/submission.h"

using namespace intake_test;

TEST_CASE("the applicant walks from the start page to the reference, and the office reads what was typed", "[intake]") {
    Applicant a;
    a.begin("shared");
    CHECK(a.intake.screen.effects().focus_id == "page.title");

    // "Continue" with nothing typed: the error summary names both fields, and the page stays.
    const unsigned to_top = a.intake.screen.effects().to_top;
    a.intake.continue_page();
    CHECK(a.intake.page_id == "name");
    REQUIRE(a.intake.errors.size() == 2);
    CHECK(a.intake.errors[0].field == "first_name");
    CHECK(a.intake.errors[0].message_key == "error.text.required");
    CHECK(a.intake.errors[1].field == "last_name");
    CHECK(a.intake.screen.effects().to_top > to_top);

    a.answer_until_check();
    CHECK(a.w.http.pending.empty()); // a shared device saves nothing on the way
    CHECK(a.w.storage.items.empty());

    // The check page shows what was typed, the household member under their heading.
    CHECK(row_text(a.intake, "first_name") == kName);
    CHECK(row_text(a.intake, "birth_date") == "01.04.1990");
    CHECK(row_text(a.intake, "household[0].member_name") == kMember);
    CHECK(row_text(a.intake, "id_document") == "Ausweis.pdf");
    CHECK(row_text(a.intake, "phone").empty()); // optional and not given: no row on the check page
    bool member_heading = false;
    for (const auto& row : a.intake.check_rows(catalog()))
        member_heading |= row.kind == anl::AnswerRow::Kind::Item && row.path.item->prefix() == "household[0].";
    CHECK(member_heading);

    a.intake.send("de");
    CHECK(a.intake.screen.step() == Step::Sending);
    CHECK(a.w.http.pending.empty()); // sealed only after the "sending" page painted
    a.w.tasks.run();
    REQUIRE(a.w.http.next().url == "/api/cases"); // the case first (tests/app/test_intake_case.cpp)
    const std::string locator = json::parse(anl::to_string(a.w.http.next().body))["locator"];
    a.w.http.reply(201, json{{"locator", locator}, {"created_at", "2026-12-02T08:00:00Z"}}.dump());
    const fake::Request& post = a.w.http.next();
    REQUIRE(post.method == "POST");
    CHECK(post.url == "/api/cases/" + locator + "/submissions");
    CHECK(post.headers.at("Content-Type") == "application/octet-stream");

    // What the office opens with its secret key.
    anl::OpenedEnvelope opened = anl::open_envelope(post.body, office().public_key, office().secret_key);
    REQUIRE(opened.error == anl::EnvelopeError::None);
    const anl::ReceivedSubmission got = anl::read_submission(std::move(opened.parts));
    REQUIRE(got.error.empty());
    const json& answers = got.answers["answers"];
    CHECK(got.answers["form"] == "social-assistance");
    CHECK(got.answers["language"] == "de");
    CHECK(answers["first_name"] == kName);
    CHECK(answers["town"] == "Zürich");
    CHECK(answers["household"][0]["member_name"] == kMember);
    REQUIRE(got.attachments.size() == 1);
    CHECK(anl::to_string(got.attachments[0].data) == "%PDF-1.4 id");

    a.accepted();
    CHECK(a.intake.screen.step() == Step::Done);
    CHECK(a.intake.reference == "A7K2-9QXM");
    // Sent: nothing of the answers is held any more.
    CHECK(a.intake.answers.values.empty());
    CHECK(a.intake.documents.files.empty());
}

TEST_CASE("a change link on the check page opens the page at the field, and Continue comes back", "[intake]") {
    Applicant a;
    a.to_check("shared");
    for (const auto& row : a.intake.check_rows(catalog()))
        if (row.kind == anl::AnswerRow::Kind::Answer && row.path.name() == "household[0].member_name") {
            a.intake.change(row);
            break;
        }
    CHECK(a.intake.screen.step() == Step::RepeatItem);
    CHECK(a.intake.item == 0);
    CHECK(a.intake.screen.effects().field == "household[0].member_name");
    a.intake.answers.repeats["household"][0]["member_name"] = std::string("Anabel");
    a.intake.continue_item();
    CHECK(a.intake.screen.step() == Step::RepeatList);
    a.intake.continue_page();
    CHECK(a.intake.screen.step() == Step::Check);
    CHECK(row_text(a.intake, "household[0].member_name") == "Anabel");
}

TEST_CASE("an item's errors are only its own, and a removed item is gone", "[intake]") {
    Applicant a;
    a.begin("shared");
    a.answer_until_check("household_member");
    REQUIRE(a.intake.screen.step() == Step::RepeatList);
    a.intake.add_item();
    a.intake.continue_item();
    CHECK(a.intake.screen.step() == Step::RepeatItem);
    REQUIRE(!a.intake.errors.empty());
    for (const auto& e : a.intake.errors)
        CHECK(e.field.rfind("household[0].", 0) == 0);
    a.intake.back();
    CHECK(a.intake.screen.step() == Step::RepeatList);
    a.intake.ask_remove(0);
    CHECK(a.intake.screen.step() == Step::RepeatRemove);
    a.intake.remove_item();
    CHECK(a.intake.screen.step() == Step::RepeatList);
    CHECK(a.intake.answers.repeats["household"].empty());
}

TEST_CASE("a kiosk asks nothing about the device and keeps nothing", "[intake]") {
    Applicant a;
    a.w.device.is_kiosk = true;
    a.open();
    a.intake.begin();
    CHECK(a.intake.screen.step() == Step::Question);
    CHECK(a.intake.device == "shared");
}

TEST_CASE("a page without the office key or the form says the network failed", "[intake]") {
    Applicant a;
    a.intake.start();
    a.w.http.reply(200, json{{"office_public_key", "short"}}.dump());
    CHECK(a.intake.screen.step() == Step::LoadFailed);
    CHECK(a.w.http.pending.empty());
}
