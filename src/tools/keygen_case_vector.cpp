// The case channel's test vector printed by anlaufstelle-keygen --test-vector-cases
// (tests/vectors/cases-v2.json, docs/PROTOCOL.md "Cases"). Test keys only: every secret is
// printed in the clear. The office key comes from a seed and the case code and salt are fixed,
// so the keys Argon2id derives are the same on every run; nonces and seals are random.
#include "tools/keygen.h"

#include "core/canonical_json.h"
#include "core/case_code.h"
#include "core/case_item.h"
#include "core/office_key.h"

#include <sodium.h>

#include <iostream>

namespace keygen {
namespace {

anl::Bytes filled(size_t n, uint8_t first) {
    anl::Bytes b(n);
    for (size_t i = 0; i < n; i++)
        b[i] = uint8_t(first + i);
    return b;
}

struct VectorItem {
    const char* author;   // who seals it: "applicant" or "office"
    anl::CaseItem item;
    std::vector<anl::Attachment> files;
};

// A conversation as it happens: the office asks for pay slips, the applicant sends one with a
// question, staff reply and set a status, and keep a note the applicant never sees. The pay slip
// is longer than one 64 KiB chunk, so an opener reads a part of several chunks.
std::vector<VectorItem> conversation() {
    const std::string request_id = "6d1f0c3a9b8e4f2a7c5d1e0b3a9f8c7d";   // the request's item id on the server
    anl::CaseItem request{anl::ItemType::Request, "Lohnabrechnungen September bis November", "", "", "2026-12-20",
                          "Wir brauchen sie, um Ihr Einkommen zu berechnen.", "", {}};
    anl::CaseItem document{anl::ItemType::Document, "Hier ist die Abrechnung für Oktober. Die anderen folgen.",
                           request_id, "", "", "", "", {}};
    anl::CaseItem question{anl::ItemType::Message, "Muss ich auch die 13. Monatslohn-Abrechnung schicken? ጤና ይስጥልኝ",
                           "", "", "", "", "", {}};
    anl::CaseItem reply{anl::ItemType::Message, "Ja, bitte auch die vom Dezember. Danke, Frau Müller-Ağaoğlu.", "", "",
                        "", "", "", {}};
    anl::CaseItem status{anl::ItemType::Status, "", "", "", "", "", "documents_missing", {}};
    anl::CaseItem note{anl::ItemType::Note, "Arbeitgeber telefonisch bestätigt (J. B.)", "", "", "", "", "", {}};
    anl::CaseItem internal{anl::ItemType::InternalStatus, "Wartet auf Teamleitung", "", "", "", "", "escalated", {}};
    return {
        {"office", request, {}},
        {"applicant", document, {{"Lohnabrechnung Oktober.pdf", "application/pdf", filled(70000, 0x13)}}},
        {"applicant", question, {}},
        {"office", reply, {{"Merkblatt Einkommen.txt", "text/plain", anl::to_bytes("Einkommen: alle Belege.\n")}}},
        {"office", status, {}},
        {"office", note, {}},
        {"office", internal, {}},
    };
}

nlohmann::json recipient_ids(const anl::Bytes& envelope) {
    const anl::CaseEnvelopeLayout layout = anl::parse_case_envelope_layout(envelope.data(), envelope.size());
    nlohmann::json ids = nlohmann::json::array();
    for (const anl::Bytes& id : layout.key_ids)
        ids.push_back(anl::to_hex(id));
    return ids;
}

} // namespace

int print_test_vector_cases() {
    const anl::Bytes office_seed = filled(32, 0x71);
    anl::OfficeKeys office{anl::Bytes(crypto_box_PUBLICKEYBYTES), anl::SecretBytes(crypto_box_SECRETKEYBYTES)};
    crypto_box_seed_keypair(office.public_key.data(), office.secret_key.data(), office_seed.data());

    const auto code = anl::read_case_code("k7qm 2hxp-9rtd wc4n");   // as typed: forgiven
    const anl::Bytes salt = filled(anl::kCaseSaltSize, 0x81);
    const auto keys = code ? anl::derive_case_keys(*code, salt) : std::nullopt;
    if (!keys)
        return 1;

    nlohmann::json items = nlohmann::json::array();
    for (const VectorItem& v : conversation()) {
        const anl::Bytes envelope = anl::seal_case_item(v.item, v.files, office.public_key, keys->public_key);
        if (envelope.empty())
            return 1;
        // Everything printed must open again: with the office key always, with the case key
        // exactly when the item's audience is the case.
        const anl::OpenedItem by_office = anl::open_case_item(envelope, office.public_key, office.secret_key);
        const anl::OpenedItem by_case = anl::open_case_item(envelope, keys->public_key, keys->secret_key);
        const bool for_case = anl::item_audience(v.item.type) == anl::Audience::Case;
        if (!by_office.error.empty() || by_case.error.empty() != for_case)
            return 1;
        anl::CaseItem described = v.item;
        nlohmann::json files = nlohmann::json::array();
        for (const anl::Attachment& f : v.files) {
            described.attachments.push_back({f.name, f.media_type, f.data.size()});
            files.push_back({{"name", f.name}, {"media_type", f.media_type}, {"data", anl::to_base64(f.data)}});
        }
        const std::string document = anl::canonical_json(anl::item_document(described));
        items.push_back({
            {"author", v.author},
            {"audience", for_case ? "case" : "office"},
            {"document", nlohmann::json::parse(document)},
            {"document_bytes", anl::to_base64(anl::to_bytes(document))},
            {"attachments", files},
            {"recipient_key_ids", recipient_ids(envelope)},
            {"envelope", anl::to_base64(envelope)},
        });
    }

    const nlohmann::json vector = {
        {"description", "Anlaufstelle case channel test vector, envelope v2 (docs/PROTOCOL.md, \"Cases\"). "
                        "Test keys only. The office key pair is crypto_box_seed_keypair(seed); the case keys "
                        "come from the code and salt by Argon2id; nonces and seals are random."},
        {"office", {{"seed_hex", anl::to_hex(office_seed)}, {"key_id", anl::office_key_id_hex(office.public_key)},
                    {"public_key", anl::to_base64(office.public_key)},
                    {"secret_key", anl::to_base64(office.secret_key)}}},
        {"case", {
            {"code_typed", "k7qm 2hxp-9rtd wc4n"},
            {"code", code->text()},
            {"locator", code->locator},
            {"secret", code->secret},
            {"salt", anl::to_base64(salt)},
            {"kdf", {{"alg", "argon2id13"}, {"opslimit", anl::kCaseKdf.opslimit}, {"memlimit", anl::kCaseKdf.memlimit}}},
            {"public_key", anl::to_base64(keys->public_key)},
            {"secret_key", anl::to_base64(keys->secret_key)},
            {"key_id", anl::to_hex(keys->key_id())},
            {"draft_key_hex", anl::to_hex(keys->draft_key)},
            {"token", keys->token_b64url()},
            {"token_sha256", keys->token_sha256_hex()},
        }},
        {"items", items},
    };
    std::cout << vector.dump(2) << "\n";
    return 0;
}

} // namespace keygen
