// One's own account, walked natively: a new passphrase (the same key pair, wrapped again, so the
// new passphrase signs in and opens it) and two-step sign-in turned on with a code.
#include "staff_office.h"

using app::staff::Step;
using namespace staff_test;

TEST_CASE("a passphrase that breaks the rules is refused, and both fields are typed again", "[staff]") {
    Desk d;
    sign_in(d.w, d.staff, office().worker);
    d.staff.show_passphrase();
    auto& p = d.staff.passphrase;
    const unsigned forgotten = d.staff.screen.effects().forget_typed;
    p.first = p.second = "kurz";
    p.save();
    CHECK(p.first_error == "staff.passphrase.too_short");
    CHECK(p.first.empty());
    CHECK(p.second.empty());
    CHECK(d.staff.screen.effects().forget_typed > forgotten);
    p.first = "Sonnenblumen im Garten";
    p.second = "Sonnenblumen im Gartem";
    p.save();
    CHECK(p.second_error == "staff.change.error.mismatch");
    CHECK(d.w.tasks.queue.empty());
}

TEST_CASE("a first passphrase is replaced by a suggested one, which then signs in", "[staff]") {
    Desk d;
    start_login(d.w, d.staff, office().worker);
    answer_session(d.w, false, true);
    REQUIRE(d.staff.screen.step() == Step::Passphrase);

    auto& p = d.staff.passphrase;
    p.suggest();
    const std::string chosen = p.suggested;
    CHECK(p.first == chosen);
    CHECK(p.second == chosen);
    CHECK(d.staff.screen.effects().focus_id == "suggested");
    p.save();
    CHECK(d.staff.screen.step() == Step::Working);
    REQUIRE(d.w.tasks.run() == 1);
    CHECK(p.suggested.empty());
    const fake::Request& sent = d.w.http.next();
    REQUIRE(sent.method + " " + sent.url == "PUT /api/staff/me/passphrase");
    const json rewrap = body_of(sent);

    const auto login = anl::derive_staff_login(chosen, *anl::kdf_params_from_json(rewrap.at("kdf")));
    REQUIRE(login);
    CHECK(anl::login_token_sha256_hex(login->login_token) == rewrap.at("login_token_sha256"));
    const json staff_key = {{"public_key", office().worker.account["public_key"]}, {"kdf", rewrap["kdf"]},
                            {"wrapped_secret_key", rewrap["wrapped_secret_key"]}};
    const auto keys = anl::unwrap_staff_key(staff_key, login->wrapping_key);
    REQUIRE(keys);
    CHECK(keys->secret_key == office().worker.keys.secret_key); // the same key pair

    d.w.http.reply(204);
    CHECK_FALSE(d.staff.session.must_change_passphrase);
    CHECK(d.staff.screen.step() == Step::List);
    CHECK(d.staff.screen.notice.key == "staff.change.done");
}

TEST_CASE("two-step sign-in is turned on with a code from the app", "[staff]") {
    Desk d;
    sign_in(d.w, d.staff, office().worker);
    reply_json(d.w, 200, {{"submissions", json::array()}});
    d.staff.show_two_step();
    auto& two = d.staff.two_step;
    two.start();
    CHECK(body_of(d.w.http.next()) == json::object());
    reply_json(d.w, 200, {{"secret", "JBSWY3DPEHPK3PXPJBSWY3DP"},
                          {"otpauth_uri", "otpauth://totp/Anlaufstelle:jonas.b?secret=JBSWY3DPEHPK3PXPJBSWY3DP"}});
    CHECK(two.secret == "JBSWY3DPEHPK3PXPJBSWY3DP");
    CHECK(d.staff.screen.effects().focus_id == "totp.step1");

    two.code = "999 999";
    two.confirm();
    const fake::Request& sent = d.w.http.next();
    CHECK(sent.method + " " + sent.url == "POST /api/staff/me/totp/confirm");
    CHECK(body_of(sent) == json{{"code", "999999"}});
    reply_json(d.w, 400, {{"error", "invalid_totp"}});
    CHECK(two.code_error == "staff.error.invalid_totp");
    CHECK(d.staff.session.active()); // a wrong code does not end the session

    two.code = "123456";
    two.confirm();
    d.w.http.reply(204);
    CHECK(d.staff.session.totp_enabled);
    CHECK(two.secret.empty());
    CHECK(d.staff.screen.notice.key == "staff.totp.turned_on");
}
