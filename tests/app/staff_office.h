// An office for the staff flow's tests: a real office key and real accounts made with the core
// (Argon2id at the lowest cost the bounds allow, each account once per test run), and answers
// shaped the way server/auth.py and server/staff_routes.py give them (docs/API.md "Staff"). The
// login token the flow sends is checked against the account's SHA-256, as the server does.
#pragma once
#include "app/staff/staff.h"
#include "core/envelope.h"
#include "core/staff_keys.h"
#include "fake_services.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace staff_test {

using nlohmann::json;

struct Member {
    std::string name, role, passphrase;
    anl::StaffKeys keys;
    json account;    // as the key file and POST /api/staff/accounts carry it
};

inline Member make_member(const std::string& name, const std::string& role, const std::string& passphrase,
                          const anl::OfficeKeys& office) {
    Member m{name, role, passphrase, anl::new_staff_keys(), nullptr};
    auto account = anl::create_staff_account(name, role, passphrase, anl::new_kdf_params(), m.keys, office);
    REQUIRE(account);
    m.account = *account;
    return m;
}

struct Office {
    anl::OfficeKeys keys = anl::new_office_keys();
    std::string key_id = anl::office_key_id_hex(keys.public_key);
    Member admin = make_member("amira", "admin", "Zoë grüßt die Tür 42", keys);
    Member worker = make_member("jonas.b", "intake", "drei Vögel auf dem Dach", keys);

    const Member* find(const std::string& name) const {
        return name == admin.name ? &admin : name == worker.name ? &worker : nullptr;
    }

    // The session answer for `m` (server/auth.py session_body), with this office's one key.
    json session_for(const Member& m, bool must_change = false, bool totp = false) const {
        return {{"name", m.name},
                {"role", m.role},
                {"must_change_passphrase", must_change},
                {"totp_enabled", totp},
                {"staff_key", {{"public_key", m.account["public_key"]}, {"kdf", m.account["kdf"]},
                               {"wrapped_secret_key", m.account["wrapped_secret_key"]}}},
                {"office_key_wrap", m.account["office_key_wrap"]},
                {"office_key", {{"key_id", key_id}, {"public_key", anl::to_base64(keys.public_key)}}},
                {"retired_keys", json::array()},
                {"idle_timeout_seconds", 1800},
                {"expires_at", "2026-12-02T18:00:00Z"}};
    }

    // GET /api/staff/accounts
    json accounts_answer() const {
        json list = json::array();
        for (const Member* m : {&admin, &worker})
            list.push_back({{"name", m->name}, {"role", m->role}, {"public_key", m->account["public_key"]},
                            {"totp_enabled", false}, {"must_change_passphrase", false},
                            {"created_at", "2026-11-01T08:00:00Z"}});
        return {{"accounts", list}};
    }
};

// Made once: every Argon2id run costs 64 MiB and a noticeable moment.
inline const Office& office() {
    static const Office o;
    return o;
}

inline json body_of(const fake::Request& r) { return json::parse(r.body.begin(), r.body.end()); }

inline void reply_json(fake::World& w, int status, const json& body) { w.http.reply(status, body.dump()); }

// POST /api/staff/login-params: the account's salt and costs.
inline void answer_login_params(fake::World& w) {
    const fake::Request& r = w.http.next();
    REQUIRE(r.method + " " + r.url == "POST /api/staff/login-params");
    const Member* m = office().find(body_of(r).at("name"));
    REQUIRE(m);
    reply_json(w, 200, {{"kdf", m->account["kdf"]}});
}

// POST /api/staff/session as the server checks it: the token's SHA-256 against the account's,
// then the code when the account has two-step sign-in ("123456" is the current one here).
inline void answer_session(fake::World& w, bool totp = false, bool must_change = false) {
    const fake::Request& r = w.http.next();
    REQUIRE(r.method + " " + r.url == "POST /api/staff/session");
    const json body = body_of(r);
    const Member* m = office().find(body.at("name"));
    const auto token = anl::from_base64(body.at("login_token"));
    if (!m || !token || anl::login_token_sha256_hex(*token) != m->account["login_token_sha256"])
        return reply_json(w, 401, {{"error", "invalid_login"}});
    if (totp && !body.contains("totp"))
        return reply_json(w, 401, {{"error", "totp_required"}});
    if (totp && body["totp"] != "123456")
        return reply_json(w, 401, {{"error", "invalid_totp"}});
    reply_json(w, 200, office().session_for(*m, must_change, totp));
}

// Types `m`'s name and passphrase and signs in up to the session request, which waits.
inline void start_login(fake::World& w, app::staff::Staff& staff, const Member& m) {
    staff.login.name = m.name;
    staff.login.passphrase = m.passphrase;
    staff.login.submit();
    answer_login_params(w);
    REQUIRE(w.tasks.run() == 1); // Argon2id, once "signing in" was painted
}

// Signs `m` in as the server answers; on the list page after, its request waiting.
inline void sign_in(fake::World& w, app::staff::Staff& staff, const Member& m) {
    start_login(w, staff, m);
    answer_session(w);
    REQUIRE(staff.session.active());
}

inline std::string source_file(const std::string& rel) {
    std::ifstream in(std::string(ANL_SOURCE_DIR) + "/" + rel, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The staff page, opened: its request for the office's form answered with the real one.
struct Desk {
    fake::World w;
    app::staff::Staff staff{w.services};
    Desk() {
        staff.start();
        REQUIRE(w.http.next().url == "forms/social-assistance.json");
        w.http.reply(200, source_file("assets/forms/social-assistance.json"));
        REQUIRE(staff.submissions.form);
    }
};

} // namespace staff_test
