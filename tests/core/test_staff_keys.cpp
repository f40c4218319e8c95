// Protocol v2 key hierarchy (core/staff_keys.h): staff accounts, office key wraps, the keyring,
// rotation and the passphrase rules, and the committed v2 test vector.
#include "core/staff_keys.h"
#include "helpers.h"

#include <catch2/catch.hpp>
#include <sodium.h>

#include <regex>
#include <set>

using namespace anl;
using nlohmann::json;

namespace {

const char kPassA[] = "Zoë grüßt die Tür 42";
const char kPassB[] = "海に行きたいです、夏休み";
const char kPassC[] = "drei Vögel auf dem Dach";

struct Member {
    std::string name;
    StaffKeys keys;
    json account;
    SecretBytes wrapping_key;
};

Member make_member(const std::string& name, const std::string& role, const std::string& passphrase,
                   const OfficeKeys& office) {
    Member m{name, new_staff_keys(), nullptr, {}};
    const KdfParams kdf = new_kdf_params();
    auto account = create_staff_account(name, role, passphrase, kdf, m.keys, office);
    REQUIRE(account);
    m.account = *account;
    auto login = derive_staff_login(passphrase, kdf);
    REQUIRE(login);
    m.wrapping_key = login->wrapping_key;
    return m;
}

// What GET /api/staff/session answers this member: their account plus the office keys.
json session_for(const json& account, const std::string& office_wrap, const Keyring& keyring, const json& retired_wraps) {
    json s = {
        {"name", account["name"]},
        {"role", account["role"]},
        {"staff_key", {{"public_key", account["public_key"]}, {"kdf", account["kdf"]},
                       {"wrapped_secret_key", account["wrapped_secret_key"]}}},
        {"office_key_wrap", office_wrap},
        {"office_key", {{"key_id", keyring.current.key_id}, {"public_key", to_base64(keyring.current.keys.public_key)}}},
        {"retired_keys", json::array()},
    };
    for (const KeyringEntry& r : keyring.retired)
        s["retired_keys"].push_back({{"key_id", r.key_id}, {"public_key", to_base64(r.keys.public_key)},
                                     {"wrap", retired_wraps[r.key_id]}});
    return s;
}

std::string flip_b64(const std::string& b64, size_t byte) {
    Bytes b = *from_base64(b64);
    b[byte % b.size()] ^= 0x01;
    return to_base64(b);
}

Bytes envelope_to(const OfficeKeys& office, const std::string& text) {
    return seal_envelope({{PartType::Answers, to_bytes(text)}}, office.public_key);
}

std::string opened_text(const OpenedEnvelope& o) {
    return o.error == EnvelopeError::None && !o.parts.empty() ? to_string(o.parts[0].plaintext) : "";
}

// One office with an admin and an intake worker, made once: every Argon2id run costs 64 MiB.
struct Office {
    OfficeKeys keys = new_office_keys();
    Keyring keyring{{office_key_id_hex(keys.public_key), keys}, {}};
    Member admin = make_member("amira", "admin", kPassA, keys);
    Member intake = make_member("jonas.b", "intake", kPassB, keys);
};
const Office& office() {
    static const Office o;
    return o;
}

} // namespace

TEST_CASE("staff keys: an account's passphrase unwraps its key pair and the office key", "[staff_keys]") {
    const Office& o = office();
    const json& a = o.admin.account;
    CHECK(a["name"] == "amira");
    CHECK(a["role"] == "admin");
    CHECK(from_base64(a["public_key"]) == o.admin.keys.public_key);
    CHECK(from_base64(a["wrapped_secret_key"]["ciphertext"])->size() == 48);
    CHECK(from_base64(a["wrapped_secret_key"]["nonce"])->size() == 24);
    CHECK(from_base64(a["office_key_wrap"])->size() == 80);
    // No secret key in the account in any encoding.
    for (const Bytes* sk : {static_cast<const Bytes*>(&o.admin.keys.secret_key), static_cast<const Bytes*>(&o.keys.secret_key)}) {
        CHECK(a.dump().find(to_base64(*sk)) == std::string::npos);
        CHECK(a.dump().find(to_hex(*sk)) == std::string::npos);
    }

    // Exactly what a staff page does after login: derive, unwrap, open the office key.
    const auto kdf = kdf_params_from_json(a["kdf"]);
    REQUIRE(kdf);
    const auto login = derive_staff_login(kPassA, *kdf);
    REQUIRE(login);
    CHECK(a["login_token_sha256"] == login_token_sha256_hex(login->login_token));
    CHECK(login->login_token != login->wrapping_key);
    const auto staff = unwrap_staff_key(a, login->wrapping_key);
    REQUIRE(staff);
    CHECK(staff->secret_key == o.admin.keys.secret_key);
    const auto office_keys = open_office_key_wrap(a["office_key_wrap"], *staff, o.keyring.current.key_id);
    REQUIRE(office_keys);
    CHECK(office_keys->secret_key == o.keys.secret_key);
    CHECK(office_keys->public_key == o.keys.public_key);

    // Each member opens the same office key with their own passphrase.
    const auto other = unwrap_staff_key(o.intake.account, o.intake.wrapping_key);
    REQUIRE(other);
    const auto same = open_office_key_wrap(o.intake.account["office_key_wrap"], *other, o.keyring.current.key_id);
    REQUIRE(same);
    CHECK(same->secret_key == o.keys.secret_key);
    // ...but not with the other's wrap.
    CHECK_FALSE(open_office_key_wrap(o.admin.account["office_key_wrap"], *other, o.keyring.current.key_id));
}

TEST_CASE("staff keys: a wrong passphrase unwraps nothing", "[staff_keys]") {
    const Office& o = office();
    const auto kdf = kdf_params_from_json(o.admin.account["kdf"]);
    REQUIRE(kdf);
    const auto wrong = derive_staff_login("Zoë grüßt die Tür 43", *kdf);
    REQUIRE(wrong);
    CHECK(login_token_sha256_hex(wrong->login_token) != o.admin.account["login_token_sha256"]);
    CHECK_FALSE(unwrap_staff_key(o.admin.account, wrong->wrapping_key));
    // The other member's wrapping key does not open this account either.
    CHECK_FALSE(unwrap_staff_key(o.admin.account, o.intake.wrapping_key));
}

TEST_CASE("staff keys: a tampered wrapped secret key, public key or wrap is refused", "[staff_keys]") {
    const Office& o = office();
    const json& a = o.admin.account;
    REQUIRE(unwrap_staff_key(a, o.admin.wrapping_key));

    for (size_t byte : {0, 20, 47}) {
        json t = a;
        t["wrapped_secret_key"]["ciphertext"] = flip_b64(a["wrapped_secret_key"]["ciphertext"], byte);
        CHECK_FALSE(unwrap_staff_key(t, o.admin.wrapping_key));
    }
    json t = a;
    t["wrapped_secret_key"]["nonce"] = flip_b64(a["wrapped_secret_key"]["nonce"], 5);
    CHECK_FALSE(unwrap_staff_key(t, o.admin.wrapping_key));
    // The associated data binds the wrapped key to its public key: swapping in another one fails.
    t = a;
    t["public_key"] = o.intake.account["public_key"];
    CHECK_FALSE(unwrap_staff_key(t, o.admin.wrapping_key));
    t = a;
    t["wrapped_secret_key"]["alg"] = "aes256gcm";
    CHECK_FALSE(unwrap_staff_key(t, o.admin.wrapping_key));
    t = a;
    t["wrapped_secret_key"]["ciphertext"] = to_base64(Bytes(47));
    CHECK_FALSE(unwrap_staff_key(t, o.admin.wrapping_key));
    CHECK_FALSE(unwrap_staff_key(json::parse("{}"), o.admin.wrapping_key));
    CHECK_FALSE(unwrap_staff_key(json::parse(R"({"public_key":7,"wrapped_secret_key":[]})"), o.admin.wrapping_key));
    CHECK_FALSE(unwrap_staff_key(a, Bytes(31)));

    // A secret key wrapped correctly (right key, right ad) for a public key it does not belong to.
    const Bytes ad = [&] {
        Bytes b = to_bytes("anlaufstelle-staff-key-v2");
        const Bytes pk = *from_base64(a["public_key"]);
        b.insert(b.end(), pk.begin(), pk.end());
        return b;
    }();
    const StaffKeys stranger = new_staff_keys();
    Bytes nonce(24, 9), wrapped(48);
    REQUIRE(crypto_aead_xchacha20poly1305_ietf_encrypt(wrapped.data(), nullptr, stranger.secret_key.data(), 32,
                                                       ad.data(), ad.size(), nullptr, nonce.data(),
                                                       o.admin.wrapping_key.data()) == 0);
    t = a;
    t["wrapped_secret_key"]["nonce"] = to_base64(nonce);
    t["wrapped_secret_key"]["ciphertext"] = to_base64(wrapped);
    CHECK_FALSE(unwrap_staff_key(t, o.admin.wrapping_key));

    // The office key wrap: tampered, cut, or a wrap of another office key under the expected id.
    const auto staff = unwrap_staff_key(a, o.admin.wrapping_key);
    REQUIRE(staff);
    const std::string wrap = a["office_key_wrap"];
    for (size_t byte : {0, 33, 79})
        CHECK_FALSE(open_office_key_wrap(flip_b64(wrap, byte), *staff, o.keyring.current.key_id));
    Bytes cut = *from_base64(wrap);
    cut.pop_back();
    CHECK_FALSE(open_office_key_wrap(to_base64(cut), *staff, o.keyring.current.key_id));
    CHECK_FALSE(open_office_key_wrap("not base64", *staff, o.keyring.current.key_id));
    const OfficeKeys other_office = new_office_keys();
    CHECK_FALSE(open_office_key_wrap(seal_office_key(other_office, staff->public_key), *staff, o.keyring.current.key_id));
    CHECK_FALSE(open_office_key_wrap(wrap, *staff, office_key_id_hex(other_office.public_key)));
}

TEST_CASE("staff keys: the keyring opens from the session body and refuses tampering", "[staff_keys]") {
    const Office& o = office();
    const OfficeKeys next = new_office_keys();
    auto rotation = rotate_office_key(o.keyring, next, {{"amira", o.admin.keys.public_key}});
    REQUIRE(rotation);
    const json& body = rotation->body;
    const json session = session_for(o.admin.account, body["staff_wraps"]["amira"], rotation->keyring, body["retired_wraps"]);
    const auto keyring = open_keyring(session, o.admin.keys);
    REQUIRE(keyring);
    CHECK(keyring->current.key_id == office_key_id_hex(next.public_key));
    REQUIRE(keyring->retired.size() == 1);
    CHECK(keyring->retired[0].keys.secret_key == o.keys.secret_key);
    REQUIRE(keyring->find(o.keyring.current.key_id));
    CHECK(keyring->find(office_key_id(o.keys.public_key)) == keyring->find(o.keyring.current.key_id));
    CHECK_FALSE(keyring->find(std::string("0000000000000000")));
    CHECK_FALSE(keyring->find(Bytes(7)));

    json t = session;
    t["retired_keys"][0]["wrap"] = flip_b64(session["retired_keys"][0]["wrap"], 40);
    CHECK_FALSE(open_keyring(t, o.admin.keys));
    t = session;
    t["retired_keys"][0]["public_key"] = to_base64(new_office_keys().public_key);
    CHECK_FALSE(open_keyring(t, o.admin.keys));
    t = session;
    t["retired_keys"][0]["key_id"] = keyring->current.key_id;   // a duplicate id
    CHECK_FALSE(open_keyring(t, o.admin.keys));
    t = session;
    t["retired_keys"].push_back(session["retired_keys"][0]);
    CHECK_FALSE(open_keyring(t, o.admin.keys));
    t = session;
    t["office_key"]["public_key"] = to_base64(o.keys.public_key);   // the server names another current key
    CHECK_FALSE(open_keyring(t, o.admin.keys));
    t = session;
    t["office_key"]["key_id"] = std::string(o.keyring.current.key_id);
    CHECK_FALSE(open_keyring(t, o.admin.keys));
    t = session;
    t["office_key"]["key_id"] = "50FA115AC08C4A66";
    CHECK_FALSE(open_keyring(t, o.admin.keys));
    t = session;
    t["retired_keys"] = json::object();
    CHECK_FALSE(open_keyring(t, o.admin.keys));
    t = session;
    t.erase("retired_keys");
    const auto current_only = open_keyring(t, o.admin.keys);
    REQUIRE(current_only);
    CHECK(current_only->retired.empty());
    CHECK_FALSE(open_keyring(session, o.intake.keys));
    CHECK_FALSE(open_keyring(json::array(), o.admin.keys));
}

TEST_CASE("staff keys: add, remove and rotate", "[staff_keys]") {
    const Office& o = office();
    const Bytes old_case = envelope_to(o.keys, "{\"case\":1}");
    const std::string old_id = o.keyring.current.key_id;

    // Add: an admin who holds the keyring creates a third account; its passphrase opens the key.
    const auto admin_keyring = open_keyring(session_for(o.admin.account, o.admin.account["office_key_wrap"], o.keyring, {}),
                                            o.admin.keys);
    REQUIRE(admin_keyring);
    Member added = make_member("chris", "intake", kPassC, admin_keyring->current.keys);
    const auto added_keyring = open_keyring(session_for(added.account, added.account["office_key_wrap"], o.keyring, {}),
                                            *unwrap_staff_key(added.account, added.wrapping_key));
    REQUIRE(added_keyring);
    CHECK(opened_text(open_envelope(old_case, *added_keyring)) == "{\"case\":1}");

    // Remove jonas.b (the server deletes the account and its wrap), then rotate to a new key
    // sealed to everyone who is left.
    const auto accounts = staff_public_keys(json{{"accounts", {
        {{"name", "amira"}, {"public_key", o.admin.account["public_key"]}, {"role", "admin"}},
        {{"name", "chris"}, {"public_key", added.account["public_key"]}, {"role", "intake"}},
    }}});
    REQUIRE(accounts);
    const OfficeKeys next = new_office_keys();
    const auto rotation = rotate_office_key(*admin_keyring, next, *accounts);
    REQUIRE(rotation);
    const json& body = rotation->body;
    const std::string new_id = office_key_id_hex(next.public_key);
    CHECK(body["expected_current_key_id"] == old_id);
    CHECK(body["office_key"]["key_id"] == new_id);
    CHECK(body["office_key"]["public_key"] == to_base64(next.public_key));
    CHECK(body["staff_wraps"].size() == 2);
    CHECK_FALSE(body["staff_wraps"].contains("jonas.b"));
    CHECK(body["retired_wraps"].size() == 1);
    CHECK(body["retired_wraps"].contains(old_id));
    CHECK(body.dump().find(to_base64(next.secret_key)) == std::string::npos);
    CHECK(rotation->keyring.current.key_id == new_id);
    REQUIRE(rotation->keyring.retired.size() == 1);
    CHECK(rotation->keyring.retired[0].key_id == old_id);

    const Bytes new_case = envelope_to(next, "{\"case\":2}");
    for (const Member* m : {&o.admin, static_cast<const Member*>(&added)}) {
        const json session = session_for(m->account, body["staff_wraps"][m->name], rotation->keyring, body["retired_wraps"]);
        const auto keyring = open_keyring(session, *unwrap_staff_key(m->account, m->wrapping_key));
        REQUIRE(keyring);
        CHECK(opened_text(open_envelope(old_case, *keyring)) == "{\"case\":1}");   // with the retired key
        CHECK(opened_text(open_envelope(new_case, *keyring)) == "{\"case\":2}");   // with the new key
    }
    CHECK(opened_text(open_envelope(new_case, rotation->keyring)) == "{\"case\":2}");

    // The removed member kept their old wrap: it opens only the old key, not the new one, and
    // with it the new case is sealed to a key they do not have.
    const std::string kept_wrap = o.intake.account["office_key_wrap"];
    CHECK_FALSE(open_office_key_wrap(kept_wrap, o.intake.keys, new_id));
    const auto stale = open_office_key_wrap(kept_wrap, o.intake.keys, old_id);
    REQUIRE(stale);
    const Keyring removed{{old_id, *stale}, {}};
    CHECK(open_envelope(new_case, removed).error == EnvelopeError::UnknownKey);
    // No wrap in the rotation body opens for them.
    for (const auto& [name, wrap] : body["staff_wraps"].items())
        CHECK_FALSE(open_office_key_wrap(wrap, o.intake.keys, new_id));
    // A forged session that names the new key with their old wrap is refused.
    CHECK_FALSE(open_keyring(session_for(o.intake.account, kept_wrap, rotation->keyring, body["retired_wraps"]), o.intake.keys));

    // A second rotation keeps every older key: both retired keys are sealed to the newest one.
    const OfficeKeys third = new_office_keys();
    const auto again = rotate_office_key(rotation->keyring, third, *accounts);
    REQUIRE(again);
    CHECK(again->body["retired_wraps"].size() == 2);
    const json session = session_for(o.admin.account, again->body["staff_wraps"]["amira"], again->keyring,
                                     again->body["retired_wraps"]);
    const auto keyring = open_keyring(session, o.admin.keys);
    REQUIRE(keyring);
    CHECK(keyring->retired.size() == 2);
    CHECK(opened_text(open_envelope(old_case, *keyring)) == "{\"case\":1}");
    CHECK(opened_text(open_envelope(new_case, *keyring)) == "{\"case\":2}");

    // Refused: nobody to seal to, a malformed public key, a key the keyring already has.
    CHECK_FALSE(rotate_office_key(*admin_keyring, new_office_keys(), {}));
    CHECK_FALSE(rotate_office_key(*admin_keyring, new_office_keys(), {{"amira", Bytes(31)}}));
    CHECK_FALSE(rotate_office_key(*admin_keyring, new_office_keys(), {{"Amira", o.admin.keys.public_key}}));
    CHECK_FALSE(rotate_office_key(rotation->keyring, o.keys, *accounts));
    OfficeKeys mismatched = new_office_keys();
    mismatched.public_key = new_office_keys().public_key;
    CHECK_FALSE(rotate_office_key(*admin_keyring, mismatched, *accounts));
    CHECK_FALSE(staff_public_keys(json{{"accounts", {{{"name", "a1"}, {"public_key", "AAAA"}}}}}));
    CHECK_FALSE(staff_public_keys(json{{"accounts", {{{"name", "a1"}, {"public_key", o.admin.account["public_key"]}},
                                                     {{"name", "a1"}, {"public_key", o.admin.account["public_key"]}}}}}));
    CHECK_FALSE(staff_public_keys(json::array()));
}

TEST_CASE("staff keys: a passphrase change rewraps the same key pair", "[staff_keys]") {
    const Office& o = office();
    const KdfParams kdf = new_kdf_params();
    const auto change = rewrap_staff_secret(o.intake.keys, "jonas.b", kPassC, kdf);
    REQUIRE(change);
    CHECK(change->size() == 3);
    CHECK(change->contains("kdf"));
    CHECK(change->contains("wrapped_secret_key"));
    json account = o.intake.account;
    for (const auto& [k, v] : change->items())
        account[k] = v;
    const auto login = derive_staff_login(kPassC, kdf);
    REQUIRE(login);
    CHECK((*change)["login_token_sha256"] == login_token_sha256_hex(login->login_token));
    const auto keys = unwrap_staff_key(account, login->wrapping_key);
    REQUIRE(keys);
    CHECK(keys->secret_key == o.intake.keys.secret_key);
    CHECK_FALSE(unwrap_staff_key(account, o.intake.wrapping_key));   // the old passphrase no longer does
    // The office key wrap did not change: it is sealed to the public key, not the passphrase.
    CHECK(open_office_key_wrap(account["office_key_wrap"], *keys, o.keyring.current.key_id));

    CHECK_FALSE(rewrap_staff_secret(o.intake.keys, "jonas.b", "jonas.b-1234567", kdf));   // contains the name
    CHECK_FALSE(rewrap_staff_secret(o.intake.keys, "jonas.b", "short", kdf));
    KdfParams weak = kdf;
    weak.memlimit = 32u << 20;
    CHECK_FALSE(rewrap_staff_secret(o.intake.keys, "jonas.b", kPassC, weak));
    StaffKeys mixed{o.intake.keys.public_key, o.admin.keys.secret_key};
    CHECK_FALSE(rewrap_staff_secret(mixed, "jonas.b", kPassC, kdf));
}

TEST_CASE("staff keys: create_staff_account refuses bad names, roles, costs and keys", "[staff_keys]") {
    const Office& o = office();
    const StaffKeys keys = new_staff_keys();
    const KdfParams kdf = new_kdf_params();
    for (const char* name : {"", "Amira", "-amira", ".x", "amira lee", "zoë"})
        CHECK_FALSE(create_staff_account(name, "intake", kPassC, kdf, keys, o.keys));
    CHECK_FALSE(create_staff_account(std::string(65, 'a'), "intake", kPassC, kdf, keys, o.keys));
    CHECK(is_account_name(std::string(64, 'a')));
    CHECK(is_account_name("a"));
    CHECK(is_account_name("9.lee_x-y"));
    CHECK_FALSE(create_staff_account("lee", "root", kPassC, kdf, keys, o.keys));
    CHECK_FALSE(create_staff_account("lee", "", kPassC, kdf, keys, o.keys));
    CHECK_FALSE(create_staff_account("lee", "intake", "password1234", kdf, keys, o.keys));
    KdfParams bad = kdf;
    bad.opslimit = 2;
    CHECK_FALSE(create_staff_account("lee", "intake", kPassC, bad, keys, o.keys));
    bad = kdf;
    bad.salt.resize(8);
    CHECK_FALSE(create_staff_account("lee", "intake", kPassC, bad, keys, o.keys));
    OfficeKeys broken_office{o.keys.public_key, keys.secret_key};
    CHECK_FALSE(create_staff_account("lee", "intake", kPassC, kdf, keys, broken_office));
    CHECK_FALSE(create_staff_account("lee", "intake", kPassC, kdf, StaffKeys{keys.public_key, SecretBytes(Bytes(32))}, o.keys));
    CHECK(seal_office_key(o.keys, Bytes(31)).empty());
}

TEST_CASE("staff keys: one set of Argon2id bounds", "[staff_keys]") {
    const KdfBounds& b = kStaffKdfBounds;
    CHECK(b.min_opslimit == 3);
    CHECK(b.max_opslimit == 10);
    CHECK(b.min_memlimit == 64ull << 20);
    CHECK(b.max_memlimit == 256ull << 20);
    const KdfParams d = new_kdf_params();
    CHECK(d.opslimit == b.default_opslimit);
    CHECK(d.memlimit == b.default_memlimit);
    CHECK(d.salt.size() == 16);
    CHECK(new_kdf_params().salt != d.salt);
    CHECK(kdf_within_bounds(d));
    CHECK(kdf_within_bounds(new_kdf_params(10, 256ull << 20)));
    CHECK_FALSE(kdf_within_bounds(new_kdf_params(11, 64ull << 20)));
    CHECK_FALSE(kdf_within_bounds(new_kdf_params(3, (256ull << 20) + 1)));
    CHECK_FALSE(kdf_within_bounds(new_kdf_params(3, (64ull << 20) - 1)));
    json j = kdf_params_to_json(new_kdf_params(10, 256ull << 20));
    CHECK(kdf_params_from_json(j));
    j["opslimit"] = 11;
    CHECK_FALSE(kdf_params_from_json(j));
    j = kdf_params_to_json(d);
    j.erase("memlimit");
    CHECK_FALSE(kdf_params_from_json(j));
    j = kdf_params_to_json(d);
    j["opslimit"] = -3;
    CHECK_FALSE(kdf_params_from_json(j));
    j["opslimit"] = 3.0;
    CHECK_FALSE(kdf_params_from_json(j));
}

TEST_CASE("staff keys: passphrases are counted in code points after NFC", "[staff_keys]") {
    const std::string name = "maria";
    CHECK_FALSE(passphrase_problem("Zoë grüßt die Tür 42", name));
    CHECK_FALSE(passphrase_problem("海に行きたいです、夏休み", name));                 // 12 CJK, 36 bytes
    CHECK_FALSE(passphrase_problem("àéîõüçñøåæßþ", name));                       // 12 accented, 24 bytes
    CHECK(passphrase_problem("ééééééééééé", name) == std::string("staff.passphrase.too_short"));   // 11, 22 bytes
    CHECK(passphrase_problem("àéîõüçñøåæß", name) == std::string("staff.passphrase.too_short"));   // 11, 22 bytes
    CHECK(passphrase_problem("海に行きたいです、夏休", name) == std::string("staff.passphrase.too_short"));
    CHECK(passphrase_problem("", name) == std::string("staff.passphrase.too_short"));
    CHECK_FALSE(passphrase_problem("abcde1234567", name));                        // exactly 12
    CHECK_FALSE(passphrase_problem("abcde" + std::string(251, 'x'), name));       // exactly 256
    CHECK(passphrase_problem("abcde" + std::string(252, 'x'), name) == std::string("staff.passphrase.too_long"));
    CHECK(passphrase_problem(std::string(300, 'x'), name) == std::string("staff.passphrase.too_long"));
    CHECK(passphrase_problem("abababababababab", name) == std::string("staff.passphrase.too_few_distinct"));
    CHECK(passphrase_problem("ééééééééééééé", name) == std::string("staff.passphrase.too_few_distinct"));
    CHECK_FALSE(passphrase_problem("abcdeabcdeab", name));                        // 5 distinct is enough
    CHECK(passphrase_problem("abcdabcdabcd", name) == std::string("staff.passphrase.too_few_distinct"));
    CHECK(passphrase_problem("Sommer-Maria-2024", name) == std::string("staff.passphrase.contains_name"));
    CHECK(passphrase_problem("xxMARIAxx1234", name) == std::string("staff.passphrase.contains_name"));
    CHECK_FALSE(passphrase_problem("Sommer-Marie-2024", name));
    CHECK_FALSE(passphrase_problem("a long walk to the sea", "al"));             // names under 3 are not looked for
    CHECK(passphrase_problem("Password1234", name) == std::string("staff.passphrase.common"));
    CHECK(passphrase_problem("ANLAUFSTELLE", name) == std::string("staff.passphrase.common"));
    CHECK(passphrase_problem("correct horse battery staple", name) == std::string("staff.passphrase.common"));
    CHECK(passphrase_problem("123456789012", name) == std::string("staff.passphrase.common"));
    CHECK(passphrase_problem("abcdefghijk\xff", name) == std::string("staff.passphrase.not_utf8"));
    CHECK(passphrase_problem("abcdefghijk\xc3", name) == std::string("staff.passphrase.not_utf8"));
    // Core counts what it is given: NFD "é" is two code points. Callers normalise first (the
    // browser with String.normalize, keygen with ICU), so both spellings reach here as NFC.
    CHECK_FALSE(passphrase_problem("e\xcc\x81" "e\xcc\x81" "e\xcc\x81" "abcdef", name));
}

TEST_CASE("staff keys: generated passphrases have 24 symbols and pass the policy", "[staff_keys]") {
    const std::regex shape("^[abcdefghjkmnpqrstvwxyz2-9]{4}(-[abcdefghjkmnpqrstvwxyz2-9]{4}){5}$");
    std::set<std::string> seen;
    for (int i = 0; i < 200; i++) {
        const std::string p = generate_passphrase(i % 2 ? "max" : "");
        CHECK(std::regex_match(p, shape));
        CHECK(p.size() == 29);
        CHECK_FALSE(passphrase_problem(p, i % 2 ? "max" : ""));
        if (i % 2)
            CHECK(p.find("max") == std::string::npos);
        seen.insert(p);
    }
    CHECK(seen.size() == 200);
    CHECK(kGeneratedPassphraseSymbols == 24);
}

TEST_CASE("staff keys: SecretBytes forgets what it held", "[staff_keys]") {
    SecretBytes a(Bytes(32, 7));
    SecretBytes b = std::move(a);
    CHECK(a.empty());
    CHECK(b == Bytes(32, 7));
    SecretBytes c(Bytes(32, 1));
    c = b;
    CHECK(c == Bytes(32, 7));
    c = SecretBytes(Bytes(16, 2));
    CHECK(c == Bytes(16, 2));
    wipe(c);
    CHECK(c.empty());
}

TEST_CASE("staff keys: the v2 test vector opens down to the answers", "[staff_keys]") {
    const json v = json::parse(read_source_file("tests/vectors/staff-keys-v2.json"));
    // The fixed parts are reproducible: keys from their seeds, Argon2id from passphrase and salt.
    for (const char* which : {"retired", "current"}) {
        const json& k = v["office_keys"][which];
        Bytes pk(32), sk(32);
        crypto_box_seed_keypair(pk.data(), sk.data(), from_hex(k["seed_hex"])->data());
        CHECK(to_base64(pk) == k["public_key"]);
        CHECK(to_base64(sk) == k["secret_key"]);
        CHECK(office_key_id_hex(pk) == k["key_id"]);
    }
    REQUIRE(v["staff"].size() == 2);
    std::vector<StaffKeys> staff;
    for (size_t i = 0; i < v["staff"].size(); i++) {
        const json& s = v["staff"][i];
        const json& account = v["key_file"]["staff"][i];
        CHECK(account["name"] == s["name"]);
        CHECK_FALSE(passphrase_problem(s["passphrase"], s["name"]));
        const auto kdf = kdf_params_from_json(account["kdf"]);
        REQUIRE(kdf);
        const auto login = derive_staff_login(s["passphrase"], *kdf);
        REQUIRE(login);
        CHECK(to_hex(login->wrapping_key) == s["wrapping_key_hex"]);
        CHECK(to_hex(login->login_token) == s["login_token_hex"]);
        CHECK(login_token_sha256_hex(login->login_token) == account["login_token_sha256"]);
        const auto keys = unwrap_staff_key(account, login->wrapping_key);
        REQUIRE(keys);
        CHECK(to_base64(keys->secret_key) == s["secret_key"]);
        // Before the rotation, the key file's wrap opens the (now retired) office key.
        const auto old = open_office_key_wrap(account["office_key_wrap"], *keys, v["key_file"]["key_id"]);
        REQUIRE(old);
        CHECK(to_base64(old->secret_key) == v["office_keys"]["retired"]["secret_key"]);
        staff.push_back(*keys);
    }
    CHECK(v["key_file"]["version"] == 2);
    CHECK(v["key_file"]["key_id"] == v["office_keys"]["retired"]["key_id"]);
    CHECK(v["rotation"]["expected_current_key_id"] == v["office_keys"]["retired"]["key_id"]);

    const auto keyring = open_keyring(v["session"], staff[0]);
    REQUIRE(keyring);
    CHECK(keyring->current.key_id == v["office_keys"]["current"]["key_id"]);
    CHECK(to_base64(keyring->current.keys.secret_key) == v["office_keys"]["current"]["secret_key"]);
    REQUIRE(keyring->retired.size() == 1);
    CHECK(to_base64(keyring->retired[0].keys.secret_key) == v["office_keys"]["retired"]["secret_key"]);
    // The second member's rotation wrap opens the new key too.
    CHECK(open_office_key_wrap(v["rotation"]["staff_wraps"][v["staff"][1]["name"].get<std::string>()], staff[1],
                               v["office_keys"]["current"]["key_id"]));

    REQUIRE(v["envelopes"].size() == 2);
    for (const json& e : v["envelopes"]) {
        const OpenedEnvelope opened = open_envelope(*from_base64(e["envelope"]), *keyring);
        REQUIRE(opened.error == EnvelopeError::None);
        REQUIRE(opened.parts.size() == e["parts"].size());
        for (size_t i = 0; i < opened.parts.size(); i++)
            CHECK(opened.parts[i].plaintext == *from_base64(e["parts"][i]["plaintext"]));
        const json answers = json::parse(to_string(opened.parts[0].plaintext));
        CHECK(answers["form"] == "social-assistance");
    }
}
