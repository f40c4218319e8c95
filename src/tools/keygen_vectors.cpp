// The protocol test vectors printed by anlaufstelle-keygen --test-vector and --test-vector-v2.
// Test keys only: every secret key is printed in the clear.
#include "tools/keygen.h"

#include "core/answers.h"
#include "core/date.h"
#include "core/draft.h"  // answers_to_json
#include "core/envelope.h"
#include "core/form.h"
#include "core/office_key.h"
#include "core/staff_keys.h"

#include <sodium.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

namespace keygen {
namespace {

nlohmann::json parts_json(const std::vector<anl::Part>& parts) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& p : parts)
        out.push_back({{"type", int(p.type)}, {"plaintext", anl::to_base64(p.plaintext)}});
    return out;
}

anl::Bytes fill_bytes(size_t n, uint8_t first) {
    anl::Bytes b(n);
    for (size_t i = 0; i < n; i++)
        b[i] = uint8_t(first + i);
    return b;
}

// Keys from a fixed seed (crypto_box_seed_keypair), so the vector's keys and everything derived
// from them by Argon2id are the same on every run; only nonces and seals are random.
template <typename Keys>
Keys seeded_keys(const anl::Bytes& seed) {
    Keys keys{anl::Bytes(crypto_box_PUBLICKEYBYTES), anl::SecretBytes(crypto_box_SECRETKEYBYTES)};
    crypto_box_seed_keypair(keys.public_key.data(), keys.secret_key.data(), seed.data());
    return keys;
}

// One application of the shipped social-assistance form, as the applicant page holds it: the
// answers as typed (a household member in the repeat, two document questions with a file each),
// checked by the form's own rules, so the vectors' envelopes are ones the app would send.
constexpr const char* kVectorFormPath = "assets/forms/social-assistance.json";
constexpr const char* kVectorLanguage = "de";
const anl::Date kVectorToday{2026, 1, 15};

struct VectorFile {
    const char* ref;  // what the document answer lists
    const char* name;
    const char* media_type;
    size_t size;
    uint8_t fill;     // byte i of the file is (fill + i) mod 256
};

struct VectorSubmission {
    anl::Form form;
    anl::Answers answers;
    std::vector<VectorFile> files;
};

anl::Answers social_assistance_answers() {
    anl::Answers a;
    a.values = {
        {"first_name", std::string("Zoë")}, {"last_name", std::string("Müller-Ağaoğlu")},
        {"birth_date", std::string("01.04.1990")}, {"email", std::string("zoe@example.org")},
        {"street", std::string("Bahnhofstrasse 1")}, {"postcode", std::string("8001")},
        {"town", std::string("Zürich")}, {"nationality", std::string("eu_efta")},
        {"nationality_country", std::string("Deutschland")}, {"permit", std::string("b")},
        {"marital_status", std::string("single")}, {"lives_with_others", std::string("yes")},
        {"living_situation", std::string("tenant")}, {"rent_amount", std::string("1'450.50")},
        {"utilities_amount", std::string("120")},
        {"employment_status", std::vector<std::string>{"employed"}}, {"wage_amount", std::string("2'300")},
        {"employer", std::string("Bäckerei Huber")},
        {"other_income", std::vector<std::string>{"child_allowance"}}, {"child_allowance_amount", std::string("215")},
        {"cash_and_bank", std::string("340.20")}, {"vehicle", std::string("no")},
        {"other_assets", std::string("no")}, {"health_insured", std::string("yes")},
        {"insurer", std::string("CSS")}, {"premium", std::string("380")},
        {"premium_reduction", std::string("unknown")}, {"gets_support", std::string("no")},
        {"id_document", std::vector<std::string>{"f1"}}, {"lease", std::vector<std::string>{"f2"}},
        {"message", std::string("Ich brauche Hilfe mit der Miete.\nጤና ይስጥልኝ")},
    };
    a.repeats["household"] = {{{"member_name", std::string("Ana")}, {"member_birth_date", std::string("03.05.2015")},
                               {"member_relation", std::string("child")}, {"member_in_school", std::string("yes")}}};
    return a;
}

// lease_bytes: the v1 vector's lease is longer than one 64 KiB chunk, so its opener reads a
// part of several chunks.
std::optional<VectorSubmission> social_assistance_submission(size_t lease_bytes) {
    std::ifstream in(kVectorFormPath, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    anl::LoadResult loaded = anl::load_form(text.str());
    if (!loaded.form) {
        std::fprintf(stderr, "keygen: run from the repository root (%s)\n", kVectorFormPath);
        return std::nullopt;
    }
    VectorSubmission s{std::move(*loaded.form), social_assistance_answers(),
                       {{"f1", "Ausweis Vorderseite.jpg", "image/jpeg", 1500, 7},
                        {"f2", "Mietvertrag März.pdf", "application/pdf", lease_bytes, 11}}};
    const auto errors = anl::validate_form(s.form, s.answers, kVectorToday);
    for (const auto& e : errors)
        std::fprintf(stderr, "keygen: vector answers: %s %s\n", e.field.c_str(), e.message_key.c_str());
    if (!errors.empty())
        return std::nullopt;
    return s;
}

// Exactly what the applicant page seals: form_submission_parts over the picked files.
std::vector<anl::Part> submission_parts(const VectorSubmission& s) {
    anl::DocumentFiles files;
    for (const VectorFile& f : s.files)
        files[f.ref] = {f.name, f.media_type, fill_bytes(f.size, f.fill)};
    return anl::form_submission_parts(s.form, s.answers, kVectorLanguage, files);
}

// What the applicant gave, for readers that rebuild the parts (tests/core/test_vector.cpp).
nlohmann::json submission_json(const VectorSubmission& s) {
    nlohmann::json files = nlohmann::json::array();
    for (const VectorFile& f : s.files)
        files.push_back({{"ref", f.ref}, {"name", f.name}, {"media_type", f.media_type}, {"size", f.size},
                         {"fill", f.fill}});
    return {{"form", kVectorFormPath}, {"language", kVectorLanguage}, {"today", anl::format_iso_date(kVectorToday)},
            {"answers", anl::answers_to_json(s.answers)}, {"files", files}};
}

struct VectorStaff {
    const char* name;
    const char* role;
    const char* passphrase;       // NFC
    const char* passphrase_nfd;   // the same passphrase as a Mac or some Android keyboards send it
    uint8_t seed_first, salt_first;
};

} // namespace

// A readable vector: an office key pair from a fixed seed, one real application (what the
// applicant typed and the parts made of it), its envelope, and a v1 key file for a known
// passphrase with a fixed salt. Keys and parts are the same on every run; nonces and seals are
// random.
int print_test_vector() {
    const auto submission = social_assistance_submission(70000);
    if (!submission)
        return 1;
    const anl::Bytes seed = fill_bytes(32, 0x41);
    const auto keys = seeded_keys<anl::OfficeKeys>(seed);
    const std::string passphrase = "correct horse battery staple";
    const anl::KdfParams kdf{fill_bytes(crypto_pwhash_SALTBYTES, 0x61)};
    const nlohmann::json key_file = anl::create_office_key_file(passphrase, kdf, keys);
    if (key_file.is_null())
        return 1;

    const auto parts = submission_parts(*submission);
    const anl::Bytes envelope = anl::seal_envelope(parts, keys.public_key);
    if (envelope.empty())
        return 1;
    nlohmann::json vector = {
        {"description", "Anlaufstelle envelope v1 test vector (docs/PROTOCOL.md). Test keys only. "
                        "The key pair is crypto_box_seed_keypair(seed); nonces and seals are random."},
        {"office_key_seed_hex", anl::to_hex(seed)},
        {"office_public_key", anl::to_base64(keys.public_key)},
        {"office_secret_key", anl::to_base64(keys.secret_key)},
        {"office_key_id", anl::office_key_id_hex(keys.public_key)},
        {"submission", submission_json(*submission)},
        {"envelope", anl::to_base64(envelope)},
        {"parts", parts_json(parts)},
        {"key_file_passphrase", passphrase},
        {"key_file", key_file},
    };
    std::cout << vector.dump(2) << "\n";
    return 0;
}

// Two staff accounts on an office key, a rotation to a second office key, the session body the
// first staff member gets afterwards, and a real form submission sealed to each office key.
int print_test_vector_v2() {
    const VectorStaff staff_list[] = {
        {"amira", "admin", "Zoë grüßt die Tür 42", "Zoe\xCC\x88 gru\xCC\x88\xC3\x9Ft die Tu\xCC\x88r 42", 0x30, 0x00},
        {"jonas.b", "intake", "海に行きたいです、夏休み",
         "海に行きたいて\xE3\x82\x99す、夏休み", 0x50, 0x10},
    };
    const anl::Bytes old_seed = fill_bytes(32, 0x01), new_seed = fill_bytes(32, 0x21);
    const auto old_office = seeded_keys<anl::OfficeKeys>(old_seed);
    const auto new_office = seeded_keys<anl::OfficeKeys>(new_seed);
    const std::string old_id = anl::office_key_id_hex(old_office.public_key);

    nlohmann::json staff_json = nlohmann::json::array();
    nlohmann::json accounts = nlohmann::json::array();
    std::map<std::string, anl::Bytes> staff_pks;
    std::vector<anl::StaffKeys> staff_keys;
    for (const VectorStaff& s : staff_list) {
        if (to_nfc(s.passphrase_nfd) != std::string(s.passphrase) || to_nfc(s.passphrase) != std::string(s.passphrase))
            return 1;
        const anl::Bytes seed = fill_bytes(32, s.seed_first);
        staff_keys.push_back(seeded_keys<anl::StaffKeys>(seed));
        const anl::StaffKeys& keys = staff_keys.back();
        const anl::KdfParams kdf{fill_bytes(crypto_pwhash_SALTBYTES, s.salt_first)};
        auto account = anl::create_staff_account(s.name, s.role, s.passphrase, kdf, keys, old_office);
        auto login = anl::derive_staff_login(s.passphrase, kdf);
        if (!account || !login)
            return 1;
        staff_pks[s.name] = keys.public_key;
        accounts.push_back(*account);
        staff_json.push_back({
            {"name", s.name}, {"role", s.role}, {"passphrase", s.passphrase}, {"passphrase_nfd", s.passphrase_nfd},
            {"seed_hex", anl::to_hex(seed)}, {"public_key", anl::to_base64(keys.public_key)},
            {"secret_key", anl::to_base64(keys.secret_key)},
            {"wrapping_key_hex", anl::to_hex(login->wrapping_key)}, {"login_token_hex", anl::to_hex(login->login_token)},
            {"login_token_sha256", anl::login_token_sha256_hex(login->login_token)},
        });
    }
    const nlohmann::json key_file = {{"version", 2}, {"key_id", old_id},
                                     {"public_key", anl::to_base64(old_office.public_key)}, {"staff", accounts}};

    const anl::Keyring before{{old_id, old_office}, {}};
    auto rotation = anl::rotate_office_key(before, new_office, staff_pks);
    if (!rotation)
        return 1;
    const nlohmann::json& body = rotation->body;
    const nlohmann::json& first = accounts[0];
    const nlohmann::json session = {
        {"name", first["name"]}, {"role", first["role"]},
        {"staff_key", {{"public_key", first["public_key"]}, {"kdf", first["kdf"]}, {"wrapped_secret_key", first["wrapped_secret_key"]}}},
        {"office_key_wrap", body["staff_wraps"][first["name"].get<std::string>()]},
        {"office_key", body["office_key"]},
        {"retired_keys", {{{"key_id", old_id}, {"public_key", anl::to_base64(old_office.public_key)},
                           {"wrap", body["retired_wraps"][old_id]}}}},
    };

    const auto submission = social_assistance_submission(2500);
    if (!submission)
        return 1;
    const auto parts = submission_parts(*submission);
    nlohmann::json envelopes = nlohmann::json::array();
    for (const anl::OfficeKeys* office : {&old_office, &new_office}) {
        const anl::Bytes envelope = anl::seal_envelope(parts, office->public_key);
        envelopes.push_back({{"key_id", anl::office_key_id_hex(office->public_key)},
                             {"envelope", anl::to_base64(envelope)}, {"parts", parts_json(parts)}});
    }

    // Everything printed must open again the way a staff page opens it.
    auto unwrapped = anl::unwrap_staff_key(session["staff_key"], *anl::from_hex(staff_json[0]["wrapping_key_hex"]));
    auto keyring = unwrapped ? anl::open_keyring(session, *unwrapped) : std::nullopt;
    if (!keyring || keyring->retired.size() != 1)
        return 1;
    for (const auto& e : envelopes)
        if (anl::open_envelope(*anl::from_base64(e["envelope"]), *keyring).error != anl::EnvelopeError::None)
            return 1;

    auto office_json = [](const anl::Bytes& seed, const anl::OfficeKeys& k) {
        return nlohmann::json{{"seed_hex", anl::to_hex(seed)}, {"key_id", anl::office_key_id_hex(k.public_key)},
                              {"public_key", anl::to_base64(k.public_key)}, {"secret_key", anl::to_base64(k.secret_key)}};
    };
    const nlohmann::json vector = {
        {"description", "Anlaufstelle staff accounts and office keys, protocol v2 (docs/PROTOCOL.md). "
                        "Test keys only. Key pairs are crypto_box_seed_keypair(seed); nonces and seals are random."},
        {"office_keys", {{"retired", office_json(old_seed, old_office)}, {"current", office_json(new_seed, new_office)}}},
        {"staff", staff_json},
        {"key_file", key_file},
        {"rotation", body},
        {"session", session},
        {"envelopes", envelopes},
    };
    std::cout << vector.dump(2) << "\n";
    return 0;
}

} // namespace keygen
