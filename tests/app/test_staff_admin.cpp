// The admin's pages, walked natively with real keys: a colleague added (their first passphrase
// shown once, and what the server is sent lets them sign in and open the office key), one
// removed, the office key rotated to everyone, and the activity log paged back.
#include "staff_office.h"

using app::staff::Step;
using namespace staff_test;

namespace {

// Signed in as the admin, on the accounts page with the list read.
void on_accounts(Desk& d) {
    sign_in(d.w, d.staff, office().admin);
    reply_json(d.w, 200, {{"submissions", json::array()}});
    d.staff.show_accounts();
    CHECK(d.w.http.next().method + " " + d.w.http.next().url == "GET /api/staff/accounts");
    reply_json(d.w, 200, office().accounts_answer());
    REQUIRE(d.staff.accounts.rows.size() == 2);
}

} // namespace

TEST_CASE("an admin adds a colleague: the first passphrase is shown and the account sent opens with it", "[staff]") {
    Desk d;
    on_accounts(d);
    auto& acc = d.staff.accounts;
    acc.start_add();
    CHECK(d.staff.screen.step() == Step::AddAccount);
    acc.create();
    CHECK(acc.name_error == "staff.add.error.name_required");
    CHECK(acc.role_error == "staff.add.error.role");

    acc.new_name = "Noemi.K ";
    acc.new_role = "intake";
    acc.create();
    CHECK(d.staff.screen.step() == Step::Working);
    REQUIRE(d.w.tasks.run() == 1); // Argon2id for the first passphrase
    const fake::Request& sent = d.w.http.next();
    REQUIRE(sent.method + " " + sent.url == "POST /api/staff/accounts");
    const json account = body_of(sent);
    CHECK(account.at("name") == "noemi.k");
    CHECK(account.at("role") == "intake");
    reply_json(d.w, 201, {{"name", "noemi.k"}, {"role", "intake"}});
    REQUIRE(d.staff.screen.step() == Step::AccountAdded);
    CHECK(acc.added_name == "noemi.k");
    const std::string first = acc.added_passphrase;
    CHECK_FALSE(anl::passphrase_problem(first, "noemi.k"));

    // What the colleague will do with it: sign in, unwrap their key, open the office key.
    const auto kdf = anl::kdf_params_from_json(account.at("kdf"));
    REQUIRE(kdf);
    const auto login = anl::derive_staff_login(first, *kdf);
    REQUIRE(login);
    CHECK(anl::login_token_sha256_hex(login->login_token) == account.at("login_token_sha256"));
    const auto keys = anl::unwrap_staff_key(account, login->wrapping_key);
    REQUIRE(keys);
    const auto opened = anl::open_office_key_wrap(account.at("office_key_wrap"), *keys, office().key_id);
    REQUIRE(opened);
    CHECK(opened->secret_key == office().keys.secret_key);

    acc.added_done();
    CHECK(acc.added_passphrase.empty());
    CHECK(d.staff.screen.step() == Step::Accounts);
    CHECK(d.w.http.next().url == "/api/staff/accounts"); // read again: the new colleague shows
}

TEST_CASE("a name that is taken is said at the name field", "[staff]") {
    Desk d;
    on_accounts(d);
    d.staff.accounts.start_add();
    d.staff.accounts.new_name = "jonas.b";
    d.staff.accounts.new_role = "admin";
    d.staff.accounts.create();
    d.w.tasks.run();
    reply_json(d.w, 409, {{"error", "conflict"}});
    CHECK(d.staff.screen.step() == Step::AddAccount);
    CHECK(d.staff.accounts.name_error == "staff.add.error.taken");
    CHECK(d.staff.accounts.added_passphrase.empty());
}

TEST_CASE("an admin removes a colleague, and the server's refusal is said on the page", "[staff]") {
    Desk d;
    on_accounts(d);
    d.staff.accounts.ask_remove("jonas.b");
    CHECK(d.staff.screen.step() == Step::RemoveAccount);
    d.staff.accounts.remove();
    CHECK(d.w.http.next().method + " " + d.w.http.next().url == "DELETE /api/staff/accounts/jonas.b");
    reply_json(d.w, 409, {{"error", "conflict"}});
    CHECK(d.staff.screen.step() == Step::RemoveAccount);
    CHECK(d.staff.accounts.problem.key == "staff.remove.error.refused");
    d.staff.accounts.remove();
    d.w.http.reply(204);
    CHECK(d.staff.screen.step() == Step::Accounts);
    CHECK(d.staff.screen.notice.key == "staff.removed");
    CHECK(d.staff.screen.notice.args == std::vector<std::pair<std::string, std::string>>{{"name", "jonas.b"}});
}

TEST_CASE("rotating the office key seals a new key to every colleague and keeps the old one readable", "[staff]") {
    Desk d;
    on_accounts(d);
    d.staff.office_key.ask();
    CHECK(d.staff.screen.step() == Step::Rotate);
    d.staff.office_key.rotate();
    CHECK(d.w.http.next().url == "/api/staff/accounts"); // who has an account right now
    reply_json(d.w, 200, office().accounts_answer());
    const fake::Request& sent = d.w.http.next();
    REQUIRE(sent.method + " " + sent.url == "POST /api/staff/office-keys");
    const json rotation = body_of(sent);
    CHECK(rotation.at("expected_current_key_id") == office().key_id);
    const std::string new_id = rotation.at("office_key").at("key_id");
    CHECK(new_id != office().key_id);
    REQUIRE(rotation.at("staff_wraps").size() == 2);
    const auto workers_copy = anl::open_office_key_wrap(rotation["staff_wraps"].at("jonas.b"), office().worker.keys, new_id);
    CHECK(workers_copy);
    CHECK(rotation.at("retired_wraps").contains(office().key_id));

    d.w.http.reply(204);
    const auto& keyring = *d.staff.session.keyring;
    CHECK(keyring.current.key_id == new_id);
    REQUIRE(keyring.retired.size() == 1);
    CHECK(keyring.retired[0].key_id == office().key_id);
    CHECK(d.staff.screen.step() == Step::Accounts);
    CHECK(d.staff.screen.notice.key == "staff.rotated");
    CHECK(d.staff.screen.notice.args == std::vector<std::pair<std::string, std::string>>{{"key_id", new_id}});
}

TEST_CASE("a rotation that raced another is refused and said so", "[staff]") {
    Desk d;
    on_accounts(d);
    d.staff.office_key.ask();
    d.staff.office_key.rotate();
    reply_json(d.w, 200, office().accounts_answer());
    reply_json(d.w, 409, {{"error", "conflict"}});
    CHECK(d.staff.screen.step() == Step::Rotate);
    CHECK(d.staff.office_key.problem.key == "staff.rotate.error.conflict");
    CHECK(d.staff.session.keyring->current.key_id == office().key_id); // still the old one
}

TEST_CASE("the activity log pages back from before the oldest entry shown", "[staff]") {
    Desk d;
    sign_in(d.w, d.staff, office().admin);
    reply_json(d.w, 200, {{"submissions", json::array()}});
    d.staff.show_audit();
    CHECK(d.w.http.next().url == "/api/staff/audit?limit=50");
    json page = {{"entries", json::array()}};
    for (int id = 120; id > 70; id--)
        page["entries"].push_back({{"id", id}, {"at", "2026-12-01T08:00:00Z"}, {"actor", "amira"},
                                   {"action", "login"}, {"target", "amira"}});
    reply_json(d.w, 200, page);
    auto& audit = d.staff.audit;
    CHECK(audit.entries.size() == 50);
    CHECK_FALSE(audit.at_end);

    audit.more();
    CHECK(d.w.http.next().url == "/api/staff/audit?limit=50&before=71");
    reply_json(d.w, 200, {{"entries", {{{"id", 12}, {"at", "2026-11-30T17:00:00Z"}, {"actor", "jonas.b"},
                                        {"action", "open"}, {"target", "K7QD-9XMA"}}}}});
    CHECK(audit.entries.size() == 51);
    CHECK(audit.entries.back().target == "K7QD-9XMA");
    CHECK(audit.at_end);
    CHECK(d.staff.screen.effects().focus_id == "audit.12"); // the reading place: the first new entry
}
