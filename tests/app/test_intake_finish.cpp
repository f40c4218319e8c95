// What ends a visit, walked natively: a send the server refuses, "finish" (everything wiped, the
// clipboard cleared, a fresh page) and replies that arrive after it.
#include "intake_walk.h"

using namespace intake_test;

TEST_CASE("a refused send says why and keeps the answers for another try", "[intake]") {
    Applicant a;
    a.to_check("shared");
    a.send();
    a.w.http.reply(503);
    CHECK(a.intake.screen.step() == Step::Check);
    CHECK(a.intake.send_error == "error.server");
    CHECK(row_text(a.intake, "first_name") == kName);
    CHECK(a.intake.documents.files.size() == 1);
    a.intake.send("de"); // and again: it goes
    CHECK(a.intake.send_error.empty());
    a.w.tasks.run();
    a.accepted();
    CHECK(a.intake.screen.step() == Step::Done);
}

TEST_CASE("finish on the done page wipes, clears the copied reference and starts a fresh page", "[intake]") {
    Applicant a;
    a.to_check("shared");
    a.send();
    a.accepted();
    a.intake.copy(a.intake.reference);
    CHECK(a.w.device.clipboard == "A7K2-9QXM");
    const unsigned forgotten = a.intake.screen.effects().forget_typed;
    a.intake.finish();
    CHECK(a.w.device.clipboard.empty());
    CHECK(a.w.device.fresh_starts == 1);
    CHECK(a.intake.reference.empty());
    CHECK(a.intake.screen.effects().forget_typed > forgotten);
    a.intake.finish();
    CHECK(a.w.device.fresh_starts == 1);
}

TEST_CASE("finish on the saved page waits for the draft to reach the server, and its reply is dropped", "[intake]") {
    Applicant a;
    a.begin("shared");
    a.answer_until_check("address");
    a.intake.drafts.save_later();
    a.w.tasks.run();
    REQUIRE(a.w.http.next().url == "/api/cases"); // the case the draft is saved under
    a.w.http.reply(201, json{{"locator", json::parse(anl::to_string(a.w.http.next().body))["locator"]},
                             {"created_at", "2026-12-02T08:00:00Z"}}.dump());
    REQUIRE(a.intake.screen.step() == Step::Saved);
    REQUIRE(a.w.http.pending.size() == 1);
    a.intake.finish();
    CHECK(a.w.device.fresh_starts == 0);       // the PUT is on its way: a fresh page would cancel it
    CHECK(a.intake.answers.values.empty());
    CHECK(a.intake.drafts.save_code.empty());
    CHECK(a.w.device.clipboard.empty());       // nothing was copied: the clipboard is left alone
    a.w.http.reply(500);
    CHECK(a.intake.drafts.save_error.empty()); // the stale reply is dropped
    CHECK(a.intake.screen.step() == Step::Working);
    CHECK(a.w.device.fresh_starts == 1);
}

TEST_CASE("work and replies of a visit that finished are dropped", "[intake]") {
    Applicant a;
    a.to_check("shared");
    a.send();
    REQUIRE(a.w.http.pending.size() == 1);
    a.intake.finish();
    a.accepted();
    CHECK(a.intake.reference.empty());
    CHECK(a.intake.screen.step() == Step::Working);
    CHECK(a.w.device.fresh_starts == 1);

    Applicant b;
    b.to_check("shared");
    b.intake.send("de");
    b.intake.finish();        // the sealing had not run yet: it never does
    CHECK(b.w.tasks.run() == 1);
    CHECK(b.w.http.pending.empty());
    CHECK(b.w.device.fresh_starts == 1);
}
