// Save and return under the case code, walked natively: on one's own device the answers are kept
// sealed in this browser as the applicant goes (the server gets them once the applicant asks to
// save, under a case made for it) and continued with the one code the applicant holds, which
// later opens the case too; a shared device keeps nothing; a save code of before still opens its
// draft on the old route.
#include "intake_walk.h"

#include "app/intake/drafts.h"
#include "core/case_code.h"
#include "core/digest.h"

using namespace intake_test;

namespace {

// The server's side of one case made for a draft: what POST /api/cases gave, and the draft as
// PUT last under it.
struct DraftCase {
    std::string locator;
    anl::Bytes salt;
    std::string token_sha256;
    anl::Bytes sealed;
    int puts = 0;

    std::string bearer;   // what the code derives, once told the code (expect)

    // The code shown derives the keys the case was made with: its token opens the draft.
    void expect(const std::string& code) {
        const auto keys = anl::derive_case_keys(*anl::read_case_code(code), salt, kCheapCaseKdf);
        REQUIRE(keys);
        CHECK(keys->token_sha256_hex() == token_sha256);
        bearer = "Bearer " + keys->token_b64url();
    }

    std::string draft_url() const { return "/api/cases/" + locator + "/draft"; }

    // Answers POST /api/cases with 201, keeping what the case was made with.
    void made(fake::World& w) {
        REQUIRE(!w.http.pending.empty());
        const fake::Request& r = w.http.next();
        REQUIRE(r.method == "POST");
        REQUIRE(r.url == "/api/cases");
        const json body = json::parse(anl::to_string(r.body));
        locator = body["locator"];
        salt = *anl::from_base64(body["salt"].get<std::string>());
        token_sha256 = body["token_sha256"];
        w.http.reply(201, json{{"locator", locator}, {"created_at", "2026-12-02T08:00:00Z"}}.dump());
    }

    // Answers the draft PUTs on their way with 204 (each must go to this case with its token).
    void keep(fake::World& w) {
        while (!w.http.pending.empty() && w.http.next().method == "PUT") {
            const fake::Request& r = w.http.next();
            CHECK(r.url == draft_url());
            CHECK(r.headers.at("Authorization") == bearer);
            sealed = r.body;
            puts++;
            w.http.reply(204);
        }
    }

    // The code page's requests for this case: its salt and costs, then the case saying it has
    // a draft, then the draft itself.
    void open_with_code(fake::World& w) {
        REQUIRE(w.http.next().url == "/api/cases/" + locator + "/kdf");
        w.http.reply(200, json{{"alg", "argon2id13"}, {"salt", anl::to_base64(salt)},
                               {"opslimit", kCheapCaseKdf.opslimit}, {"memlimit", kCheapCaseKdf.memlimit}}.dump());
        w.tasks.run(); // the keys, after the "one moment" page painted
        REQUIRE(w.http.next().url == "/api/cases/" + locator);
        w.http.reply(200, json{{"locator", locator}, {"public_key", "cGs="}, {"created_at", "2026-12-02T08:00:00Z"},
                               {"items", json::array()}, {"draft", true}}.dump());
        REQUIRE(w.http.next().method == "GET");
        REQUIRE(w.http.next().url == draft_url());
        w.http.reply(200, sealed);
    }
};

} // namespace

TEST_CASE("own device: the draft is sealed under the case code as the applicant goes, and that code continues it anywhere", "[intake][case]") {
    DraftCase server;
    std::string code, stored;
    {
        Applicant a;
        a.begin("own");
        CHECK(a.intake.drafts.has_keys());
        code = a.intake.drafts.save_code;
        CHECK(anl::read_case_code(code)->text() == code); // a case code, drawn when "own" was chosen
        a.answer_until_check("address");
        stored = a.w.storage.get(app::intake::kDraftStorageKey);
        REQUIRE(!stored.empty());
        CHECK(stored.find(kName) == std::string::npos); // ciphertext only
        // Nobody asked to save: nothing went to the server (no case, no draft nobody could open).
        CHECK(a.w.http.sent.size() == 2); // the config and the form

        a.intake.drafts.save_later();
        CHECK(a.intake.screen.step() == Step::Working);
        server.made(a.w);
        CHECK(server.locator == anl::read_case_code(code)->locator);
        CHECK(a.intake.screen.step() == Step::Saved);
        CHECK(a.intake.drafts.save_code == code);
        server.expect(code);
        server.keep(a.w);
        CHECK(server.puts == 1);
        CHECK(a.intake.drafts.save_error.empty());
        // From now on each page goes to the server as well.
        a.intake.continue_after_save();
        a.answer_until_check("nationality"); // address, then the AHV page: two PUTs
        server.keep(a.w);
        CHECK(server.puts == 3);
        stored = a.w.storage.get(app::intake::kDraftStorageKey);
    }

    // Another device: nothing in its storage; the code page takes the code, the draft comes from
    // the server, and the application is sent to the case that was made for it.
    Applicant b;
    b.open();
    CHECK_FALSE(b.intake.drafts.on_device);
    b.intake.my_case.show();
    b.intake.my_case.code = "not a code";
    b.intake.my_case.submit();
    CHECK(b.intake.my_case.error == "error.case_code.format");
    b.intake.my_case.code = code;
    b.intake.my_case.submit();
    server.open_with_code(b.w);
    CHECK(b.intake.screen.step() == Step::Question);
    CHECK(b.intake.page_id == "nationality");
    CHECK(std::get<std::string>(b.intake.answers.values["first_name"]) == kName);
    CHECK(b.intake.device == "shared"); // kept on the server only until told otherwise
    CHECK_FALSE(b.intake.my_case.is_open());
    b.answer_until_check();
    server.keep(b.w);
    CHECK(b.w.storage.items.empty());
    b.send();
    REQUIRE(b.w.http.next().url == server.draft_url().substr(0, server.draft_url().size() - 6) + "/submissions");
    b.w.http.reply(201, json{{"reference", "A7K2-9QXM"}, {"received_at", "2026-12-02T08:00:01Z"}}.dump());
    CHECK(b.intake.screen.step() == Step::Done);
    CHECK(b.intake.case_code == code); // one code: the one the applicant saved with
    CHECK(b.w.http.pending.empty());   // the server removed the draft when the application came

    // The same device: "Continue my application" opens this browser's copy, nothing is asked.
    Applicant c;
    c.w.storage.put(app::intake::kDraftStorageKey, stored);
    c.open();
    CHECK(c.intake.drafts.device_code == code);
    c.intake.drafts.continue_on_device();
    c.w.tasks.run();
    CHECK(c.w.http.pending.empty());
    CHECK(c.intake.screen.step() == Step::Question);
    CHECK(c.intake.page_id == "nationality");
    CHECK(c.intake.device == "own");
    answer_page(c.intake, "nationality");
    c.intake.continue_page();
    REQUIRE(c.w.http.pending.size() == 1); // it was saved on the server: it goes on saving there
    CHECK(c.w.http.next().url == server.draft_url());
}

TEST_CASE("shared device: nothing is kept in storage, saving makes the case and keeps the draft on the server only", "[intake][case]") {
    DraftCase server;
    Applicant a;
    a.begin("shared");
    CHECK_FALSE(a.intake.drafts.has_keys());
    a.answer_until_check("address");
    CHECK(a.w.http.pending.empty());
    a.intake.drafts.save_later();
    CHECK(a.intake.screen.step() == Step::Working);
    a.w.tasks.run(); // the code's keys
    server.made(a.w);
    CHECK(a.intake.screen.step() == Step::Saved);
    CHECK(anl::read_case_code(a.intake.drafts.save_code)->locator == server.locator);
    server.expect(a.intake.drafts.save_code);
    REQUIRE(a.w.http.pending.size() == 1);
    CHECK(a.w.http.next().url == server.draft_url());
    CHECK(a.w.http.next().headers.at("Authorization") == server.bearer);
    a.w.http.reply(507);
    CHECK(a.intake.drafts.save_error == "error.save_failed");
    CHECK(a.w.storage.items.empty());
}

TEST_CASE("saving when the case cannot be made says so on the page and sends no draft", "[intake][case]") {
    Applicant a;
    a.begin("shared");
    a.answer_until_check("address");
    a.intake.drafts.save_later();
    a.w.tasks.run();
    REQUIRE(a.w.http.next().url == "/api/cases");
    a.w.http.reply(0); // the connection is gone
    CHECK(a.intake.screen.step() == Step::Question);
    CHECK(a.intake.page_id == "address");
    CHECK(a.intake.drafts.save_error == "error.network");
    CHECK(a.w.http.pending.empty());
    // Trying again makes the case with the same code.
    const std::string code = a.intake.drafts.save_code;
    a.intake.drafts.save_later();
    REQUIRE(a.w.http.next().url == "/api/cases");
    a.w.http.reply(201, json{{"locator", anl::read_case_code(code)->locator}, {"created_at", "2026-12-02T08:00:00Z"}}.dump());
    CHECK(a.intake.screen.step() == Step::Saved);
    CHECK(a.intake.drafts.save_code == code);
}

TEST_CASE("a sent application's draft goes from the device, and the case is the draft's", "[intake][case]") {
    SECTION("kept on the device only: the case is made at Send, with the code drawn for the draft") {
        Applicant a;
        a.to_check("own");
        const std::string code = a.intake.drafts.save_code;
        REQUIRE(!a.w.storage.items.empty());
        a.send();
        a.accepted();
        CHECK(a.intake.case_code == code);
        CHECK(a.w.storage.items.empty());
        CHECK(a.w.http.pending.empty()); // the server never had a draft
    }
    SECTION("saved on the server too: sent to the case made for it") {
        DraftCase server;
        Applicant a;
        a.begin("own");
        a.intake.drafts.save_later();
        server.made(a.w);
        server.expect(a.intake.drafts.save_code);
        server.keep(a.w);
        a.intake.continue_after_save();
        a.answer_until_check();
        server.keep(a.w);
        a.send();
        REQUIRE(a.w.http.next().url == "/api/cases/" + server.locator + "/submissions"); // no second case
        a.accepted();
        CHECK(a.w.storage.items.empty());
        CHECK(a.w.http.pending.empty());
        CHECK(a.intake.drafts.save_code.empty());
        CHECK_FALSE(a.intake.drafts.has_keys());
        CHECK(anl::read_case_code(a.intake.case_code)->locator == server.locator);
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

    // A damaged copy does not open: the code page says so.
    Applicant c;
    auto broken = json::parse(stored);
    broken["salt"] = anl::to_base64(anl::Bytes(16, 1));
    c.w.storage.put(app::intake::kDraftStorageKey, broken.dump());
    c.open();
    c.intake.drafts.continue_on_device();
    c.w.tasks.run();
    CHECK(c.intake.screen.step() == Step::CaseCode);
    CHECK(c.intake.my_case.error == "error.case_code.not_found");
}

// Drafts saved before cases: a 12-symbol save code, its keys from Argon2id with the fixed salt,
// the draft at /api/drafts/{id} (PROTOCOL.md, "Drafts (save and return)").
TEST_CASE("a save code of before still opens its draft from the code page, and the application gets a case", "[intake]") {
    const std::string old_code = anl::new_save_code();
    const auto keys = anl::derive_draft_keys(old_code, kCheapKdf);
    REQUIRE(keys);
    anl::Answers answers;
    answers.values["first_name"] = std::string(kName);
    const anl::Bytes sealed = anl::seal_draft(
        anl::draft_document("social-assistance", 1, "name", answers, "2026-11-20T10:00:00Z"), *keys);

    SECTION("from the server") {
        Applicant a;
        a.open();
        a.intake.my_case.show();
        a.intake.my_case.code = old_code;
        a.intake.my_case.submit();
        a.w.tasks.run();
        REQUIRE(a.w.http.next().url == "/api/drafts/" + keys->id);
        CHECK(a.w.http.next().headers.at("Authorization") == "Bearer " + keys->token_b64url());
        a.w.http.reply(200, sealed);
        CHECK(a.intake.screen.step() == Step::Question);
        CHECK(std::get<std::string>(a.intake.answers.values["first_name"]) == kName);
        CHECK(a.intake.drafts.save_code == old_code);
        a.answer_until_check();
        while (!a.w.http.pending.empty()) { // it goes on saving where it was
            CHECK(a.w.http.next().url == "/api/drafts/" + keys->id);
            a.w.http.reply(204);
        }
        a.send();
        a.accepted(); // a new case for the application
        CHECK(anl::read_case_code(a.intake.case_code));
        REQUIRE(a.w.http.pending.size() == 1);
        CHECK(a.w.http.next().method == "DELETE");
        CHECK(a.w.http.next().url == "/api/drafts/" + keys->id);
    }
    SECTION("an unknown one is said on the code page") {
        Applicant a;
        a.open();
        a.intake.my_case.show();
        a.intake.my_case.code = anl::new_save_code();
        a.intake.my_case.submit();
        a.w.tasks.run();
        a.w.http.reply(404);
        CHECK(a.intake.screen.step() == Step::CaseCode);
        CHECK(a.intake.my_case.error == "error.case_code.not_found");
    }
    SECTION("kept in this browser before devices kept the code: the code opens it, nothing asked") {
        Applicant a;
        a.w.storage.put(app::intake::kDraftStorageKey,
                        json{{"id", keys->id}, {"data", anl::to_base64(sealed)}}.dump());
        a.open();
        CHECK(a.intake.drafts.on_device); // "there are saved answers here: you need your code"
        CHECK(a.intake.drafts.device_code.empty());
        a.intake.drafts.continue_on_device();
        CHECK(a.intake.screen.step() == Step::CaseCode);
        a.intake.my_case.code = old_code;
        a.intake.my_case.submit();
        a.w.tasks.run();
        CHECK(a.w.http.pending.empty());
        CHECK(a.intake.page_id == "name");
        CHECK(std::get<std::string>(a.intake.answers.values["first_name"]) == kName);
    }
}
