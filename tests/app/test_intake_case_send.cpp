// A case at "Send" (issue 11): the app draws a case code and salt, derives the case's keys,
// makes the case (POST /api/cases, a new locator when the server says it is taken) and sends the
// submission under it with the case's token; the done page shows the reference and the code,
// and nothing of the code reaches browser storage.
#include "case_server.h"

#include "core/envelope.h"

using namespace intake_test;

namespace {

json body_of(const fake::Request& r) { return json::parse(anl::to_string(r.body), nullptr, false); }

// Everything either storage holds, as one string, to look for a secret in.
std::string stored(const fake::World& w) {
    std::string all;
    for (const auto& [k, v] : w.storage.items)
        all += k + "=" + v + "\n";
    for (const auto& [k, v] : w.tab.items)
        all += k + "=" + v + "\n";
    return all;
}

} // namespace

TEST_CASE("send makes a case the code opens, and sends the application under it", "[intake][case]") {
    Applicant a;
    a.to_check("shared");
    a.send();
    REQUIRE(a.w.http.pending.size() == 1);
    const fake::Request& made = a.w.http.next();
    CHECK(made.method == "POST");
    CHECK(made.url == "/api/cases");
    CHECK(made.headers.at("Content-Type") == "application/json");
    const json body = body_of(made);
    REQUIRE(body.is_object());
    CHECK(body.size() == 6); // the server takes no other field
    const std::string locator = body["locator"];
    CHECK(anl::is_case_locator(locator));
    const auto salt = anl::from_base64(body["salt"].get<std::string>());
    REQUIRE(salt);
    CHECK(salt->size() == anl::kCaseSaltSize);
    CHECK(body["opslimit"] == kCheapCaseKdf.opslimit);
    CHECK(body["memlimit"] == kCheapCaseKdf.memlimit);
    const std::string public_key = body["public_key"], token_sha256 = body["token_sha256"];
    a.w.http.reply(201, json{{"locator", locator}, {"created_at", "2026-12-02T08:00:00Z"}}.dump());

    REQUIRE(a.w.http.pending.size() == 1);
    const fake::Request& post = a.w.http.next();
    CHECK(post.method == "POST");
    CHECK(post.url == "/api/cases/" + locator + "/submissions");
    CHECK(post.headers.at("Content-Type") == "application/octet-stream");
    const std::string authorization = post.headers.at("Authorization");
    anl::OpenedEnvelope opened = anl::open_envelope(post.body, office().public_key, office().secret_key);
    CHECK(opened.error == anl::EnvelopeError::None);
    a.w.http.reply(201, json{{"reference", "A7K2-9QXM"}, {"received_at", "2026-12-02T08:00:01Z"}}.dump());

    REQUIRE(a.intake.screen.step() == Step::Done);
    CHECK(a.intake.reference == "A7K2-9QXM");
    // The code on the done page is the one the case was made for: it derives the posted keys.
    const auto code = anl::read_case_code(a.intake.case_code);
    REQUIRE(code);
    CHECK(code->text() == a.intake.case_code);
    CHECK(code->locator == locator);
    const auto keys = anl::derive_case_keys(*code, *salt, kCheapCaseKdf);
    REQUIRE(keys);
    CHECK(anl::to_base64(keys->public_key) == public_key);
    CHECK(keys->token_sha256_hex() == token_sha256);
    CHECK(authorization == "Bearer " + keys->token_b64url());
    // Only the reference survives a reload; the code is nowhere in storage.
    CHECK(a.w.tab.get(app::intake::kSentStorageKey) == "A7K2-9QXM");
    CHECK(stored(a.w).find(code->secret) == std::string::npos);
    CHECK(stored(a.w).find(keys->token_b64url()) == std::string::npos);

    a.intake.copy(a.intake.case_code);
    CHECK(a.w.device.clipboard == a.intake.case_code);
    a.intake.finish();
    CHECK(a.intake.case_code.empty());
    CHECK(a.w.device.clipboard.empty());
}

TEST_CASE("a taken locator is drawn again with the same secret, salt and keys", "[intake][case]") {
    Applicant a;
    a.to_check("shared");
    a.send();
    const json first = body_of(a.w.http.next());
    a.w.http.reply(409, json{{"error", "locator_taken"}}.dump());
    REQUIRE(a.w.http.pending.size() == 1);
    const json second = body_of(a.w.http.next());
    CHECK(a.w.http.next().url == "/api/cases");
    CHECK(second["locator"] != first["locator"]);
    CHECK(second["salt"] == first["salt"]);
    CHECK(second["public_key"] == first["public_key"]);
    CHECK(second["token_sha256"] == first["token_sha256"]);
    a.w.http.reply(201, json{{"locator", second["locator"]}, {"created_at", "2026-12-02T08:00:00Z"}}.dump());
    CHECK(a.w.http.next().url == "/api/cases/" + second["locator"].get<std::string>() + "/submissions");
    a.w.http.reply(201, json{{"reference", "A7K2-9QXM"}}.dump());
    REQUIRE(a.intake.screen.step() == Step::Done);
    CHECK(a.intake.case_code.substr(0, 4) == second["locator"]);
}

TEST_CASE("a locator still taken after a few draws, or another 409, is said on the check page", "[intake][case]") {
    Applicant a;
    a.to_check("shared");
    a.send();
    int posts = 0;
    while (!a.w.http.pending.empty()) {
        REQUIRE(a.w.http.next().url == "/api/cases");
        a.w.http.reply(409, json{{"error", "locator_taken"}}.dump());
        posts++;
    }
    CHECK(posts == 6);
    CHECK(a.intake.screen.step() == Step::Check);
    CHECK(a.intake.send_error == "error.rejected");
    CHECK(row_text(a.intake, "first_name") == kName);
}

TEST_CASE("a refused submission keeps the case: trying again sends under the same code", "[intake][case]") {
    Applicant a;
    a.to_check("shared");
    a.send();
    const std::string locator = body_of(a.w.http.next())["locator"];
    a.w.http.reply(201, json{{"locator", locator}}.dump());
    const std::string authorization = a.w.http.next().headers.at("Authorization");
    a.w.http.reply(0); // the connection dropped
    CHECK(a.intake.screen.step() == Step::Check);
    CHECK(a.intake.send_error == "error.network");
    CHECK(a.intake.case_code.empty());

    a.send();
    REQUIRE(a.w.http.pending.size() == 1);
    CHECK(a.w.http.next().url == "/api/cases/" + locator + "/submissions"); // no second case
    CHECK(a.w.http.next().headers.at("Authorization") == authorization);
    a.w.http.reply(201, json{{"reference", "A7K2-9QXM"}}.dump());
    CHECK(a.intake.screen.step() == Step::Done);
    CHECK(a.intake.case_code.substr(0, 4) == locator);
}

TEST_CASE("a case the server will not make is said on the check page, the answers kept", "[intake][case]") {
    Applicant a;
    a.to_check("shared");
    a.send();
    a.w.http.reply(429, anl::to_bytes(json{{"error", "too_many_requests"}}.dump()), 3600);
    CHECK(a.intake.screen.step() == Step::Check);
    CHECK(a.intake.send_error == "error.too_many_attempts");
    CHECK(a.w.http.pending.empty());
    CHECK(a.intake.documents.files.size() == 1);
}

TEST_CASE("after a reload the done page shows the reference again, never the code", "[intake][case]") {
    Applicant a;
    a.to_check("shared");
    a.send();
    a.accepted();
    REQUIRE(!a.intake.case_code.empty());

    Applicant reloaded;
    reloaded.w.tab.items = a.w.tab.items;
    reloaded.intake.start();
    reloaded.w.http.reply(200, json{{"office_public_key", anl::to_base64(office().public_key)}}.dump());
    reloaded.w.http.reply(200, form_json());
    REQUIRE(reloaded.intake.screen.step() == Step::Done);
    CHECK(reloaded.intake.reference == "A7K2-9QXM");
    CHECK(reloaded.intake.case_code.empty());
}
