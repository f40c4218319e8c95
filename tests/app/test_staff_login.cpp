// Signing in on the staff page, walked natively: the flow's requests are answered the way the
// server answers them, the keys are real and unwrapped with the real Argon2id.
#include "staff_office.h"

using app::staff::Step;
using namespace staff_test;

TEST_CASE("a wrong passphrase is refused with the login problem, and nothing typed stays", "[staff]") {
    Desk d;
    const unsigned forgotten = d.staff.screen.effects().forget_typed;
    d.staff.login.name = " Jonas.B ";
    d.staff.login.passphrase = "not the passphrase at all";
    d.staff.login.submit();
    CHECK(d.staff.screen.step() == Step::Working);
    CHECK(d.staff.screen.working_key() == "staff.login.working");
    CHECK(body_of(d.w.http.next()) == json{{"name", "jonas.b"}}); // as the account is named
    answer_login_params(d.w);
    d.w.tasks.run();
    CHECK(d.staff.login.passphrase.empty());
    answer_session(d.w);
    CHECK(d.staff.screen.step() == Step::Login);
    CHECK(d.staff.login.problem.key == "staff.error.invalid_login");
    CHECK(d.staff.login.name == "jonas.b"); // the name stays for the next try
    CHECK(d.staff.screen.effects().forget_typed > forgotten);
    CHECK_FALSE(d.staff.session.active());
}

TEST_CASE("empty fields are named on the page and nothing is sent", "[staff]") {
    Desk d;
    d.staff.login.submit();
    CHECK(d.staff.login.name_error == "staff.error.name_required");
    CHECK(d.staff.login.passphrase_error == "staff.error.passphrase_required");
    CHECK(d.staff.screen.step() == Step::Login);
    CHECK(d.w.http.pending.empty());
}

TEST_CASE("a throttled login says how long to wait, from Retry-After", "[staff]") {
    Desk d;
    start_login(d.w, d.staff, office().worker);
    d.w.http.reply(429, anl::to_bytes(json{{"error", "too_many_requests"}}.dump()), 900);
    CHECK(d.staff.screen.step() == Step::Login);
    CHECK(d.staff.login.problem.key == "staff.error.wait");
    CHECK(d.staff.login.problem.seconds == 900);
}

TEST_CASE("costs outside the bounds are refused before any Argon2id runs", "[staff]") {
    Desk d;
    d.staff.login.name = office().worker.name;
    d.staff.login.passphrase = office().worker.passphrase;
    d.staff.login.submit();
    json kdf = office().worker.account["kdf"];
    kdf["memlimit"] = 4ull << 30; // 4 GiB would hang a phone
    reply_json(d.w, 200, {{"kdf", kdf}});
    CHECK(d.w.tasks.queue.empty());
    CHECK(d.staff.login.problem.key == "staff.error.kdf");
    CHECK(d.staff.login.passphrase.empty());
}

TEST_CASE("a good passphrase unwraps the worker's key and the office key, then the list loads", "[staff]") {
    Desk d;
    sign_in(d.w, d.staff, office().worker);
    const auto& s = d.staff.session;
    CHECK(s.name == "jonas.b");
    CHECK(s.role == "intake");
    CHECK_FALSE(s.admin());
    REQUIRE(s.staff);
    CHECK(s.staff->secret_key == office().worker.keys.secret_key);
    REQUIRE(s.keyring);
    CHECK(s.keyring->current.key_id == office().key_id);
    CHECK(s.keyring->current.keys.secret_key == office().keys.secret_key);
    CHECK(d.staff.screen.step() == Step::List);
    CHECK(d.staff.screen.effects().focus_id == "title");
    CHECK(d.w.http.next().url == "/api/staff/submissions");
    CHECK(d.staff.login.name.empty());
    CHECK(d.staff.login.passphrase.empty());
    CHECK(d.staff.shows_navigation());
    CHECK(d.staff.shows_lock());
}

TEST_CASE("with two-step sign-in the code page asks for the code, and the same token goes again with it", "[staff]") {
    Desk d;
    start_login(d.w, d.staff, office().admin);
    const std::string first_token = body_of(d.w.http.next()).at("login_token");
    answer_session(d.w, true);
    REQUIRE(d.staff.screen.step() == Step::LoginCode);
    CHECK(d.staff.login.code_for() == "amira");
    CHECK(d.staff.login.code_error.empty());

    d.staff.login.code = "12 34";
    d.staff.login.submit_code();
    CHECK(d.staff.login.code_error == "staff.error.code_format");
    CHECK(d.w.http.pending.empty());

    d.staff.login.code = "654 321";
    d.staff.login.submit_code();
    CHECK(body_of(d.w.http.next()).at("totp") == "654321");
    answer_session(d.w, true);
    REQUIRE(d.staff.screen.step() == Step::LoginCode);
    CHECK(d.staff.login.code_error == "staff.error.invalid_totp");

    d.staff.login.code = "123 456";
    d.staff.login.submit_code();
    CHECK(d.staff.screen.step() == Step::Working);
    const json sent = body_of(d.w.http.next());
    CHECK(sent.at("login_token") == first_token); // no second Argon2id: the passphrase is gone
    CHECK(sent.at("totp") == "123456");
    CHECK(d.w.tasks.queue.empty());
    answer_session(d.w, true);
    CHECK(d.staff.session.active());
    CHECK(d.staff.session.totp_enabled);
    CHECK(d.staff.session.admin());
    CHECK(d.staff.screen.step() == Step::List);
}

TEST_CASE("leaving the code page forgets what was derived: the next try starts with the passphrase", "[staff]") {
    Desk d;
    start_login(d.w, d.staff, office().admin);
    answer_session(d.w, true);
    d.staff.login.cancel_code();
    CHECK(d.staff.screen.step() == Step::Login);
    d.staff.login.code = "123456";
    d.staff.login.submit_code();
    CHECK(d.w.http.pending.empty()); // no token left to send with it
}

TEST_CASE("a session answer whose keys do not open ends that session too", "[staff]") {
    Desk d;
    start_login(d.w, d.staff, office().worker);
    json answer = office().session_for(office().worker);
    answer["office_key_wrap"] = office().admin.account["office_key_wrap"]; // sealed to someone else
    reply_json(d.w, 200, answer);
    CHECK(d.w.http.next().method + " " + d.w.http.next().url == "DELETE /api/staff/session");
    CHECK(d.staff.login.problem.key == "staff.error.keyring");
    CHECK_FALSE(d.staff.session.active());
}

TEST_CASE("a first passphrase leads to the passphrase page before anything else", "[staff]") {
    Desk d;
    start_login(d.w, d.staff, office().worker);
    answer_session(d.w, false, true);
    CHECK(d.staff.session.must_change_passphrase);
    CHECK(d.staff.screen.step() == Step::Passphrase);
    CHECK(d.w.http.pending.empty());
}
