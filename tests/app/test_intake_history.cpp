// The browser's Back and Forward, walked natively: each page is an entry in the browser's
// history (fake::History stands in for it), Back and Forward come back to the flow as indexes,
// and the flow shows that page with the answers as they are. A sent application's confirmation
// stays on Back and Forward and survives a reload until "finish".
#include "intake_walk.h"

using namespace intake_test;

namespace {

// The browser's Back button, as the platform reports it after its popstate.
void browser_back(Applicant& a) { a.intake.history_moved(a.w.history.back()); }
void browser_forward(Applicant& a) { a.intake.history_moved(a.w.history.forward()); }

} // namespace

TEST_CASE("the browser's Back and Forward move between the pages, with the answers kept", "[intake][history]") {
    Applicant a;
    a.begin("shared");
    CHECK(a.w.history.entries == std::vector<int>{0, 1, 2}); // start, device, first page
    answer_page(a.intake, "name");
    a.intake.continue_page();
    CHECK(a.intake.page_id == "birth");
    CHECK(a.w.history.entries.size() == 4);

    browser_back(a);
    CHECK(a.intake.screen.step() == Step::Question);
    CHECK(a.intake.page_id == "name");
    CHECK(std::get<std::string>(a.intake.answers.values["first_name"]) == kName);
    browser_forward(a);
    CHECK(a.intake.page_id == "birth");

    browser_back(a);
    browser_back(a);
    CHECK(a.intake.screen.step() == Step::Device);
    browser_back(a);
    CHECK(a.intake.screen.step() == Step::Start);
    CHECK_THROWS(a.w.history.back()); // the tab's first entry: the service is still there
    // Forward goes the same way again, answers intact.
    browser_forward(a);
    browser_forward(a);
    browser_forward(a);
    CHECK(a.intake.page_id == "birth");
    CHECK(std::get<std::string>(a.intake.answers.values["first_name"]) == kName);
}

TEST_CASE("an error shown on a page adds no entry, and going on after Back drops the old Forward", "[intake][history]") {
    Applicant a;
    a.begin("shared");
    a.intake.continue_page(); // nothing typed: the error summary
    CHECK_FALSE(a.intake.errors.empty());
    CHECK(a.w.history.entries.size() == 3);
    answer_page(a.intake, "name");
    a.intake.continue_page();
    answer_page(a.intake, "birth");
    a.intake.continue_page();
    CHECK(a.intake.page_id == "contact");
    browser_back(a);
    browser_back(a);
    CHECK(a.intake.page_id == "name");
    a.intake.continue_page();
    CHECK(a.intake.page_id == "birth");
    CHECK(a.w.history.entries.size() == 4); // "contact" is no longer Forward
    CHECK_THROWS(a.w.history.forward());
}

TEST_CASE("the app's own Back link moves the browser's history back too", "[intake][history]") {
    Applicant a;
    a.begin("shared");
    answer_page(a.intake, "name");
    a.intake.continue_page();
    a.intake.back();
    CHECK(a.intake.page_id == "name");
    CHECK(a.w.history.settle(a.intake) == 1); // history.go(-1); its popstate changes nothing
    CHECK(a.intake.page_id == "name");
    CHECK(a.w.history.at == 2);
    browser_forward(a); // so the browser's Forward still returns
    CHECK(a.intake.page_id == "birth");
}

TEST_CASE("Forward to a page the answers now skip shows the next page they reach", "[intake][history]") {
    Applicant a;
    a.begin("shared");
    a.answer_until_check("living"); // one person in the household added on the way
    CHECK(a.intake.answers.repeats["household"].size() == 1);
    browser_back(a); // the household list
    CHECK(a.intake.screen.step() == Step::RepeatList);
    browser_back(a); // the member's page
    CHECK(a.intake.screen.step() == Step::RepeatItem);
    browser_back(a); // the list as it was before the member was added
    browser_back(a); // "do others live with you?"
    CHECK(a.intake.page_id == "household");
    a.intake.answers.values["lives_with_others"] = "no";
    browser_forward(a);
    CHECK(a.intake.screen.step() == Step::Question);
    CHECK(a.intake.page_id == "living");
}

TEST_CASE("while sending, and after sending, Back and Forward stay where they are", "[intake][history]") {
    Applicant a;
    a.to_check("shared");
    a.intake.send("de");
    CHECK(a.intake.screen.step() == Step::Sending);
    const size_t at = a.w.history.at;
    browser_back(a);
    CHECK(a.intake.screen.step() == Step::Sending);
    CHECK(a.w.history.settle(a.intake) == 1); // the browser was sent forward again
    CHECK(a.w.history.at == at);
    a.w.tasks.run();
    a.accepted();
    CHECK(a.intake.screen.step() == Step::Done);
    browser_back(a);
    a.w.history.settle(a.intake);
    CHECK(a.intake.screen.step() == Step::Done);
    CHECK(a.intake.reference == "A7K2-9QXM");
    CHECK(a.intake.answers.values.empty()); // nothing to go back to
}

TEST_CASE("the confirmation survives a reload of the tab until finish", "[intake][history]") {
    fake::Storage tab;
    {
        Applicant a;
        a.to_check("shared");
        a.send();
        a.accepted("B3C4-5D6E");
        tab = a.w.tab;
        CHECK(tab.get(app::intake::kSentStorageKey) == "B3C4-5D6E");
        CHECK(a.w.storage.items.empty()); // and nothing in the lasting storage
    }
    Applicant reloaded;
    reloaded.w.tab = tab;
    reloaded.intake.start();
    reloaded.w.http.reply(200, json{{"office_public_key", anl::to_base64(office().public_key)}}.dump());
    reloaded.w.http.reply(200, form_json());
    CHECK(reloaded.intake.screen.step() == Step::Done);
    CHECK(reloaded.intake.reference == "B3C4-5D6E");
    reloaded.intake.finish();
    CHECK(reloaded.w.tab.items.empty());
    CHECK(reloaded.w.device.fresh_starts == 1);
}

TEST_CASE("entries of an earlier instance of the page change nothing", "[intake][history]") {
    Applicant a;
    a.begin("shared");
    a.intake.history_moved(-1);
    CHECK(a.intake.page_id == "name");
    CHECK(a.w.history.pending_moves.empty());
}

TEST_CASE("a change link from the check page and Back return to the check page", "[intake][history]") {
    Applicant a;
    a.to_check("shared");
    const size_t entries = a.w.history.entries.size();
    for (const auto& row : a.intake.check_rows(catalog()))
        if (row.kind == anl::AnswerRow::Kind::Answer && row.path.name() == "street") {
            a.intake.change(row);
            break;
        }
    CHECK(a.intake.page_id == "address");
    CHECK(a.w.history.entries.size() == entries + 1); // one entry for the change
    browser_back(a);
    CHECK(a.intake.screen.step() == Step::Check);
    browser_forward(a);
    CHECK(a.intake.page_id == "address");
    CHECK(a.intake.returning_to_check); // Continue still goes back to the check page
    a.intake.continue_page();
    CHECK(a.intake.screen.step() == Step::Check);
}
