// Save and return, walked natively: on one's own device the answers are kept sealed in this
// browser as the applicant goes (the server gets them once the applicant asks to save) and
// continued with the save code; a shared device keeps nothing.
#include "intake_walk.h"

#include "app/intake/drafts.h"

using namespace intake_test;

namespace {

// The server's copy of the draft, as PUT last.
struct DraftServer {
    std::string id;
    anl::Bytes sealed;
    void keep(fake::World& w) {
        while (!w.http.pending.empty() && w.http.next().method == "PUT") {
            id = w.http.next().url;
            sealed = w.http.next().body;
            w.http.reply(204);
        }
    }
};

} // namespace

TEST_CASE("own device: the draft is saved sealed as the applicant goes, and resumed with the save code", "[intake]") {
    DraftServer server;
    std::string code;
    std::string stored;
    {
        Applicant a;
        a.begin("own");
        CHECK(a.intake.drafts.keys.has_value());
        a.answer_until_check("address");
        stored = a.w.storage.get(app::intake::kDraftStorageKey);
        REQUIRE(!stored.empty());
        CHECK(stored.find(kName) == std::string::npos); // ciphertext only
        // Nobody asked to save: nothing went to the server (a draft there nobody could open).
        CHECK(a.w.http.pending.empty());

        a.intake.drafts.save_later();
        CHECK(a.intake.screen.step() == Step::Saved);
        code = a.intake.drafts.save_code;
        CHECK(anl::normalize_save_code(code) == code);
        server.keep(a.w);
        CHECK(server.id.rfind("/api/drafts/", 0) == 0);
        CHECK(a.intake.drafts.save_error.empty());
        // From now on each page goes to the server as well.
        a.intake.continue_after_save();
        a.answer_until_check("nationality"); // address, then the AHV page: two PUTs
        CHECK(a.w.http.pending.size() == 2);
        server.keep(a.w);
        stored = a.w.storage.get(app::intake::kDraftStorageKey);
    }

    // Another device: nothing in its storage, the draft comes from the server.
    Applicant b;
    b.open();
    CHECK_FALSE(b.intake.drafts.on_device);
    b.intake.resume.show();
    CHECK(b.intake.screen.step() == Step::Resume);
    b.intake.resume.code = "not a code";
    b.intake.resume.submit();
    CHECK(b.intake.resume.error == "error.save_code.format");
    b.intake.resume.code = code;
    b.intake.resume.submit();
    CHECK(b.intake.screen.step() == Step::Working);
    b.w.tasks.run();
    const fake::Request& get = b.w.http.next();
    CHECK(get.method == "GET");
    CHECK(get.url == server.id);
    b.w.http.reply(200, server.sealed);
    CHECK(b.intake.screen.step() == Step::Question);
    CHECK(b.intake.page_id == "nationality");
    CHECK(std::get<std::string>(b.intake.answers.values["first_name"]) == kName);
    CHECK(b.intake.device == "shared"); // kept on the server only until told otherwise

    // The same device: the draft is opened from this browser's storage, nothing is asked.
    Applicant c;
    c.w.storage.put(app::intake::kDraftStorageKey, stored);
    c.open();
    CHECK(c.intake.drafts.on_device);
    c.intake.resume.show();
    c.intake.resume.code = code;
    c.intake.resume.submit();
    c.w.tasks.run();
    CHECK(c.w.http.pending.empty());
    CHECK(c.intake.screen.step() == Step::Question);
}

TEST_CASE("an unknown save code is said on the resume page", "[intake]") {
    Applicant a;
    a.open();
    a.intake.resume.show();
    a.intake.resume.code = anl::new_save_code();
    a.intake.resume.submit();
    a.w.tasks.run();
    a.w.http.reply(404);
    CHECK(a.intake.screen.step() == Step::Resume);
    CHECK(a.intake.resume.error == "error.save_code.not_found");
}

TEST_CASE("shared device: nothing is kept in storage, a save code keeps the draft on the server only", "[intake]") {
    Applicant a;
    a.begin("shared");
    a.answer_until_check("address");
    CHECK(a.w.http.sent.empty() == false); // the config and the form
    CHECK(a.w.http.pending.empty());
    a.intake.drafts.save_later();
    CHECK(a.intake.screen.step() == Step::Working);
    a.w.tasks.run();
    CHECK(a.intake.screen.step() == Step::Saved);
    REQUIRE(a.w.http.pending.size() == 1);
    CHECK(a.w.http.next().method == "PUT");
    a.w.http.reply(507);
    CHECK(a.intake.drafts.save_error == "error.save_failed");
    CHECK(a.w.storage.items.empty());
}

TEST_CASE("a sent application's draft goes from the device and the server", "[intake]") {
    SECTION("kept on the device only") {
        Applicant a;
        a.to_check("own");
        REQUIRE(!a.w.storage.items.empty());
        a.send();
        a.accepted();
        CHECK(a.w.storage.items.empty());
        CHECK(a.w.http.pending.empty()); // the server never had it
    }
    SECTION("saved on the server too") {
        Applicant a;
        a.begin("own");
        a.intake.drafts.save_later();
        a.drafts_kept();
        a.intake.continue_after_save();
        a.answer_until_check();
        a.drafts_kept();
        a.send();
        a.accepted();
        CHECK(a.w.storage.items.empty());
        REQUIRE(a.w.http.pending.size() == 1);
        CHECK(a.w.http.next().method == "DELETE");
        CHECK(a.intake.drafts.save_code.empty());
        CHECK_FALSE(a.intake.drafts.keys.has_value());
    }
}

TEST_CASE("own device: a tab killed mid-form loses nothing, and the start page continues without a code", "[intake]") {
    std::string stored;
    {
        Applicant a;
        a.begin("own");
        a.answer_until_check("marital"); // then the tab is gone: no save was asked for
        stored = a.w.storage.get(app::intake::kDraftStorageKey);
        CHECK(a.w.http.pending.empty());
    }
    Applicant b;
    b.w.storage.put(app::intake::kDraftStorageKey, stored);
    b.open();
    CHECK_FALSE(b.intake.drafts.device_code.empty()); // the start page offers to continue
    b.intake.drafts.continue_on_device();
    CHECK(b.intake.screen.step() == Step::Working);
    b.w.tasks.run();
    CHECK(b.w.http.pending.empty()); // opened from this device: nothing asked of the server
    CHECK(b.intake.screen.step() == Step::Question);
    CHECK(b.intake.page_id == "marital");
    CHECK(std::get<std::string>(b.intake.answers.values["first_name"]) == kName);
    CHECK(b.intake.device == "own"); // and it goes on saving here
    answer_page(b.intake, "marital");
    b.intake.continue_page();
    CHECK(b.w.storage.get(app::intake::kDraftStorageKey) != stored);
    CHECK(b.w.http.pending.empty());
}

TEST_CASE("a draft kept before devices kept its code still opens with the code", "[intake]") {
    Applicant a;
    a.begin("own");
    a.answer_until_check("address");
    const std::string code = a.intake.drafts.save_code;
    auto old = json::parse(a.w.storage.get(app::intake::kDraftStorageKey));
    old.erase("code");
    old.erase("server");
    Applicant b;
    b.w.storage.put(app::intake::kDraftStorageKey, old.dump());
    b.open();
    CHECK(b.intake.drafts.device_code.empty());
    CHECK(b.intake.drafts.on_device); // "there are saved answers here: you need your code"
    b.intake.resume.show();
    b.intake.resume.code = code;
    b.intake.resume.submit();
    b.w.tasks.run();
    CHECK(b.intake.page_id == "address");
}
