#include "core/case_item.h"
#include "helpers.h"

#include <catch2/catch.hpp>
#include <sodium.h>

using namespace anl;

namespace {

const std::string kRequestId = "0123456789abcdef0123456789abcdef";

CaseItem message(const std::string& text) {
    CaseItem item;
    item.type = ItemType::Message;
    item.text = text;
    return item;
}

CaseItem request(const std::string& due) {
    CaseItem item;
    item.type = ItemType::Request;
    item.document = "lease";
    item.text = "Lohnabrechnungen September bis November";
    item.due = due;
    item.explanation = "Wir brauchen sie, um Ihr Einkommen zu berechnen.";
    return item;
}

CaseItem status(ItemType type, const std::string& id) {
    CaseItem item;
    item.type = type;
    item.status = id;
    return item;
}

} // namespace

TEST_CASE("case items: every type reads back what was written") {
    CaseItem doc;
    doc.type = ItemType::Document;
    doc.request = kRequestId;
    doc.text = "Hier die Lohnabrechnungen";
    doc.attachments = {{"Lohn Sept.pdf", "application/pdf", 1234}};
    CaseItem note = message("Rückruf am Montag");
    note.type = ItemType::Note;
    for (const CaseItem& item : {message("Grüezi, wann ist mein Termin?"), doc, request("2026-12-31"),
                                 status(ItemType::Status, "documents_missing"), note,
                                 status(ItemType::InternalStatus, "awaiting_landlord")}) {
        INFO(item_type_name(item.type));
        const auto back = read_item_document(item_document(item));
        REQUIRE(back);
        CHECK(back->type == item.type);
        CHECK(back->text == item.text);
        CHECK(back->request == item.request);
        CHECK(back->document == item.document);
        CHECK(back->due == item.due);
        CHECK(back->explanation == item.explanation);
        CHECK(back->status == item.status);
        REQUIRE(back->attachments.size() == item.attachments.size());
        CHECK(item_document(*back) == item_document(item));
    }
}

TEST_CASE("case items: who an item is for follows from its type") {
    CHECK(item_audience(ItemType::Message) == Audience::Case);
    CHECK(item_audience(ItemType::Document) == Audience::Case);
    CHECK(item_audience(ItemType::Request) == Audience::Case);
    CHECK(item_audience(ItemType::Status) == Audience::Case);
    CHECK(item_audience(ItemType::Note) == Audience::Office);
    CHECK(item_audience(ItemType::InternalStatus) == Audience::Office);
}

TEST_CASE("case items: malformed documents are refused, never thrown") {
    const nlohmann::json good = item_document(request("2026-12-31"));
    CHECK(read_item_document(good));
    auto with = [&](const char* key, nlohmann::json value) {
        nlohmann::json d = good;
        if (value.is_discarded())
            d.erase(key);
        else
            d[key] = std::move(value);
        return d;
    };
    const nlohmann::json gone = nlohmann::json(nlohmann::json::value_t::discarded);
    for (const nlohmann::json& bad :
         {nlohmann::json(), nlohmann::json::array(), with("v", 2), with("v", "1"), with("v", gone), with("type", "letter"),
          with("type", 3), with("text", gone), with("text", 5), with("due", "31.12.2026"), with("due", "2026-02-30"),
          with("due", gone), with("document", nullptr), with("explanation", gone)}) {
        INFO(bad.dump());
        CHECK_FALSE(read_item_document(bad));
    }
    // A request names a document question or says in words what it asks for.
    nlohmann::json empty_request = with("document", "");
    empty_request["text"] = "";
    CHECK_FALSE(read_item_document(empty_request));
    nlohmann::json bad_status = item_document(status(ItemType::Status, "closed"));
    for (const char* id : {"", "Closed", "1st", "in review", "a_very_long_status_identifier_over_32"}) {
        bad_status["status"] = id;
        CHECK_FALSE(read_item_document(bad_status));
    }
    nlohmann::json doc = item_document(message("x"));
    doc["attachments"] = {{{"part", 2}, {"name", "a"}, {"media_type", "b"}, {"size", 1}}};
    CHECK_FALSE(read_item_document(doc));
    doc["type"] = "document";
    doc["request"] = "not-an-id";
    doc["attachments"] = nlohmann::json::array();
    CHECK_FALSE(read_item_document(doc));
    // Members a reader does not know are ignored (a later version may add some).
    nlohmann::json extra = item_document(message("x"));
    extra["priority"] = "high";
    CHECK(read_item_document(extra));
}

TEST_CASE("case items: a message with files opens for both sides, names made safe") {
    KeyPair office, applicant;
    CaseItem item = message("Anbei der Mietvertrag");
    const std::vector<Attachment> files = {{"../../Mietvertrag März.pdf", "application/pdf", pattern_bytes(70000)},
                                           {"Foto.jpg", "image/jpeg", pattern_bytes(10, 2)}};
    const Bytes env = seal_case_item(item, files, office.pk, applicant.pk);
    REQUIRE_FALSE(env.empty());
    for (const KeyPair* who : {&office, &applicant}) {
        const OpenedItem opened = open_case_item(env, who->pk, who->sk);
        REQUIRE(opened.error.empty());
        CHECK(opened.item.text == "Anbei der Mietvertrag");
        REQUIRE(opened.files.size() == 2);
        CHECK(opened.files[0].name == "Mietvertrag März.pdf");
        CHECK(opened.files[0].data == files[0].data);
        CHECK(opened.item.attachments[0].size == 70000);
        CHECK(opened.files[1].media_type == "image/jpeg");
    }
}

TEST_CASE("case items: notes and internal statuses never open with the case key") {
    KeyPair office, applicant;
    CaseItem note = message("Vermieter anrufen");
    note.type = ItemType::Note;
    for (const CaseItem& item : {note, status(ItemType::InternalStatus, "fraud_check")}) {
        const Bytes env = seal_case_item(item, {}, office.pk, applicant.pk);
        REQUIRE_FALSE(env.empty());
        const CaseEnvelopeLayout layout = parse_case_envelope_layout(env.data(), env.size());
        REQUIRE(layout.key_ids.size() == 1);
        CHECK(layout.key_ids[0] == office_key_id(office.pk));
        CHECK(open_case_item(env, applicant.pk, applicant.sk).error == "unknown_key");
        CHECK(open_case_item(env, office.pk, office.sk).error.empty());
    }
}

TEST_CASE("case items: files only on messages and documents; invalid items are not sealed") {
    KeyPair office, applicant;
    const std::vector<Attachment> one = {{"a.pdf", "application/pdf", pattern_bytes(5)}};
    CHECK(seal_case_item(request("2026-12-31"), one, office.pk, applicant.pk).empty());
    CHECK(seal_case_item(request("tomorrow"), {}, office.pk, applicant.pk).empty());
    CHECK(seal_case_item(status(ItemType::Status, "Bad Id"), {}, office.pk, applicant.pk).empty());
    CHECK(seal_case_item(message("x"), {}, office.pk, Bytes(3)).empty());
}

TEST_CASE("case items: a document whose parts do not match its list is refused") {
    KeyPair office, applicant;
    // Sealed by hand: the list names one file but the envelope has none.
    nlohmann::json doc = item_document(message("x"));
    doc["attachments"] = {{{"part", 1}, {"name", "a"}, {"media_type", "b"}, {"size", 1}}};
    const Bytes env = seal_case_envelope({{PartType::ItemDocument, to_bytes(doc.dump())}}, {office.pk, applicant.pk});
    CHECK(open_case_item(env, applicant.pk, applicant.sk).error == "attachments_mismatch");
    const Bytes not_json = seal_case_envelope({{PartType::ItemDocument, to_bytes("{no")}}, {office.pk});
    CHECK(open_case_item(not_json, office.pk, office.sk).error == "bad_document");
}

TEST_CASE("case items: a request is open, then overdue, until a document answers it") {
    const ListedItem req{kRequestId, request("2026-12-31")};
    std::vector<ListedItem> items = {req, {"11111111111111111111111111111111", message("Ich suche sie")}};
    CHECK(request_state(req, items, "2026-12-31") == RequestState::Open);
    CHECK(request_state(req, items, "2027-01-01") == RequestState::Overdue);
    CaseItem answer;
    answer.type = ItemType::Document;
    answer.request = "22222222222222222222222222222222";  // another request
    items.push_back({"33333333333333333333333333333333", answer});
    CHECK(request_state(req, items, "2027-01-01") == RequestState::Overdue);
    answer.request = kRequestId;
    items.push_back({"44444444444444444444444444444444", answer});
    CHECK(request_state(req, items, "2027-01-01") == RequestState::Fulfilled);
}

TEST_CASE("case items: standard statuses and office-defined ids") {
    for (const char* s : kStandardStatuses) {
        CHECK(is_standard_status(s));
        CHECK(is_status_id(s));
    }
    CHECK_FALSE(is_standard_status("awaiting_landlord"));
    CHECK(is_status_id("awaiting_landlord"));
}
