// The staff side of the case channel, walked natively with real sealing: items sealed as the
// applicant's browser seals them (to the office key and the case key) are opened here with the
// keyring; what staff post is opened again with the case's secret key, as the applicant's side
// would, to show that replies, requests and statuses reach the applicant and notes never do.
#include "core/case_code.h"
#include "core/catalog.h"
#include "core/case_item.h"
#include "staff_office.h"

using app::staff::Step;
using namespace staff_test;

namespace {

const std::string kLocator = "K7QD";
const anl::Bytes kPdf = anl::to_bytes("%PDF-1.4\n% Mietvertrag\n");

// The case as the applicant's device derived it (Argon2id at the lowest cost, once).
const anl::CaseKeys& case_keys() {
    static const anl::CaseKeys keys = [] {
        const auto code = anl::read_case_code("K7QD-ABCD-EFGH-JKMN");
        REQUIRE(code);
        auto k = anl::derive_case_keys(*code, anl::Bytes(anl::kCaseSaltSize, 7), {1, size_t(8) << 10});
        REQUIRE(k);
        return *k;
    }();
    return keys;
}

std::string item_id(int n) {
    std::string id = "0123456789abcdef0123456789abcde";
    return id + char('0' + n);
}

json listed_item(int n, const std::string& author, const std::string& audience, bool read_by_office = true) {
    return {{"id", item_id(n)},          {"author", author},
            {"created_at", "2026-11-2" + std::to_string(n) + "T10:00:00Z"},
            {"size", 2048},              {"read_by_applicant", false},
            {"read_by_office", read_by_office}, {"audience", audience}};
}

// GET /api/staff/cases/{locator}, as server/staff_routes.py open_case answers.
json case_answer(const json& items, const json& submissions = json::array()) {
    return {{"locator", kLocator},
            {"public_key", anl::to_base64(case_keys().public_key)},
            {"created_at", "2026-11-20T09:00:00Z"},
            {"items", items},
            {"submissions", submissions}};
}

// What the applicant's side seals (office key and case key), and the office's own items.
anl::Bytes sealed(const anl::CaseItem& item, const std::vector<anl::Attachment>& files = {}) {
    anl::Bytes b = anl::seal_case_item(item, files, office().keys.public_key, case_keys().public_key);
    REQUIRE(!b.empty());
    return b;
}

anl::CaseItem message(const std::string& text) {
    anl::CaseItem i;
    i.type = anl::ItemType::Message;
    i.text = text;
    return i;
}

// Signed in, on the cases list, the list answered with `list`.
void to_cases(Desk& d, const json& list) {
    sign_in(d.w, d.staff, office().worker);
    reply_json(d.w, 200, {{"submissions", json::array()}});
    d.staff.show_cases();
    CHECK(d.staff.screen.step() == Step::Cases);
    REQUIRE(d.w.http.next().method + " " + d.w.http.next().url == "GET /api/staff/cases");
    reply_json(d.w, 200, list);
}

// Opens the case and answers its GET with `items`; the items' GETs wait.
void open_case(Desk& d, const std::vector<json>& listed) {
    const json items = listed;
    to_cases(d, {{"cases", json::array()}});
    d.staff.cases.open(kLocator);
    CHECK(d.staff.screen.step() == Step::Case);
    CHECK(d.staff.cases.case_loading);
    REQUIRE(d.w.http.next().url == "/api/staff/cases/K7QD");
    reply_json(d.w, 200, case_answer(items));
    REQUIRE(d.staff.cases.entries.size() == items.size());
}

void answer_item(Desk& d, int n, const anl::Bytes& envelope) {
    REQUIRE(d.w.http.next().method == "GET");
    REQUIRE(d.w.http.next().url == "/api/staff/cases/K7QD/items/" + item_id(n));
    d.w.http.reply(200, envelope);
}

// The POST staff sent: its audience header, and the item as the case's secret key opens it.
struct Posted {
    std::string audience, content_type;
    anl::Bytes body;
};
Posted take_post(Desk& d, int answer_item_n = 9) {
    const fake::Request& r = d.w.http.next();
    REQUIRE(r.method + " " + r.url == "POST /api/staff/cases/K7QD/items");
    Posted p{r.headers.count("Anl-Audience") ? r.headers.at("Anl-Audience") : "",
             r.headers.count("Content-Type") ? r.headers.at("Content-Type") : "", r.body};
    reply_json(d.w, 201, {{"item", item_id(answer_item_n)}, {"created_at", "2026-12-02T08:00:01Z"}});
    return p;
}

anl::OpenedItem as_applicant(const anl::Bytes& envelope) {
    return anl::open_case_item(envelope, case_keys().public_key, case_keys().secret_key);
}
anl::OpenedItem as_office(const anl::Bytes& envelope) {
    return anl::open_case_item(envelope, office().keys.public_key, office().keys.secret_key);
}

} // namespace

TEST_CASE("the cases list: most recent first, unread counted, opened by click or by its locator", "[staff][cases]") {
    Desk d;
    to_cases(d, {{"cases",
                  {{{"locator", "K7QD"}, {"created_at", "2026-11-20T09:00:00Z"},
                    {"last_item_at", "2026-12-01T10:00:00Z"}, {"unread", 2}},
                   {{"locator", "P4TR"}, {"created_at", "2026-11-30T09:00:00Z"}, {"last_item_at", nullptr},
                    {"unread", 0}}}}});
    auto& cases = d.staff.cases;
    REQUIRE(cases.rows.size() == 2);
    CHECK(cases.rows[0].locator == "K7QD");
    CHECK(cases.rows[0].unread == 2);
    CHECK(cases.rows[0].last_item_at == "2026-12-01T10:00:00Z");
    CHECK(cases.rows[1].last_item_at.empty());
    CHECK(cases.rows[1].unread == 0);

    cases.open_row(cases.rows[1]);
    CHECK(d.w.http.next().url == "/api/staff/cases/P4TR");
    cases.back();
    CHECK(d.staff.screen.step() == Step::Cases);
    d.w.http.reply(404, "{\"error\":\"not_found\"}"); // the old case's answer comes late: dropped
    CHECK(cases.case_problem.empty());
    REQUIRE(d.w.http.next().url == "/api/staff/cases");
    reply_json(d.w, 200, {{"cases", json::array()}});
    CHECK(cases.rows.empty());

    // Typed as people type codes: any case, with spaces; nothing is sent for a wrong one.
    cases.typed_locator = "k0qd";
    cases.open_typed();
    CHECK(cases.locator_error == "staff.case.error.locator_format");
    cases.typed_locator = "  ";
    cases.open_typed();
    CHECK(cases.locator_error == "staff.case.error.locator_required");
    CHECK(d.w.http.pending.empty());
    cases.typed_locator = " k7 qd ";
    cases.open_typed();
    CHECK(cases.locator_error.empty());
    CHECK(d.staff.screen.step() == Step::Case);
    CHECK(d.w.http.next().url == "/api/staff/cases/K7QD");
}

TEST_CASE("an opened case shows every kind of item, decrypted with the keyring, and marks what it showed as read",
          "[staff][cases]") {
    Desk d;
    open_case(d, {listed_item(1, "applicant", "case", false), listed_item(2, "office", "case"),
                  listed_item(3, "office", "case"), listed_item(4, "applicant", "case", false),
                  listed_item(5, "office", "case"), listed_item(6, "office", "office"),
                  listed_item(7, "office", "office")});
    auto& cases = d.staff.cases;
    CHECK_FALSE(cases.case_loading);
    CHECK(cases.entries[0].loading);

    anl::CaseItem msg = message("Guten Tag, hier mein Mietvertrag.");
    msg.attachments = {{"mietvertrag.pdf", "application/pdf", 0}};
    answer_item(d, 1, sealed(msg, {{"mietvertrag.pdf", "application/pdf", kPdf}}));

    anl::CaseItem lease;
    lease.type = anl::ItemType::Request;
    lease.document = "lease";
    lease.due = "2026-12-20";
    lease.explanation = "Wir brauchen den aktuellen Mietvertrag.";
    answer_item(d, 2, sealed(lease));

    anl::CaseItem payslips;
    payslips.type = anl::ItemType::Request;
    payslips.text = "Lohnabrechnungen September bis November";
    payslips.due = "2026-11-30"; // before the clock's today, 2026-12-02
    payslips.explanation = "Für die Berechnung.";
    answer_item(d, 3, sealed(payslips));

    anl::CaseItem doc;
    doc.type = anl::ItemType::Document;
    doc.request = item_id(2);
    doc.attachments = {{"vertrag.pdf", "application/pdf", 0}};
    answer_item(d, 4, sealed(doc, {{"vertrag.pdf", "application/pdf", kPdf}}));

    anl::CaseItem status;
    status.type = anl::ItemType::Status;
    status.status = "in_review";
    answer_item(d, 5, sealed(status));

    anl::CaseItem note;
    note.type = anl::ItemType::Note;
    note.text = "Vermieter anrufen";
    answer_item(d, 6, anl::seal_case_item(note, {}, office().keys.public_key, case_keys().public_key));

    anl::CaseItem internal;
    internal.type = anl::ItemType::InternalStatus;
    internal.status = "waiting_for_landlord";
    answer_item(d, 7, anl::seal_case_item(internal, {}, office().keys.public_key, case_keys().public_key));

    for (const auto& e : cases.entries) {
        INFO(e.id);
        CHECK(e.opened());
    }
    CHECK(cases.entries[0].item.text == "Guten Tag, hier mein Mietvertrag.");
    REQUIRE(cases.entries[0].files.size() == 1);
    cases.download(0, 0);
    REQUIRE(d.w.device.downloads.size() == 1);
    CHECK(d.w.device.downloads[0].name == "mietvertrag.pdf");
    CHECK(d.w.device.downloads[0].data == kPdf);

    CHECK(cases.request_state(1) == anl::RequestState::Fulfilled);
    CHECK(cases.request_state(2) == anl::RequestState::Overdue);
    REQUIRE(cases.current_status());
    CHECK(cases.current_status()->item.status == "in_review");
    REQUIRE(cases.current_internal_status());
    CHECK(cases.current_internal_status()->item.status == "waiting_for_landlord");
    CHECK(cases.entries[5].audience == "office");
    CHECK(cases.entries[5].item.text == "Vermieter anrufen");

    // The applicant's two unread items, once shown, and nothing else.
    REQUIRE(d.w.http.pending.size() == 2);
    CHECK(d.w.http.pending[0].method + " " + d.w.http.pending[0].url ==
          "PUT /api/staff/cases/K7QD/items/" + item_id(1) + "/read");
    CHECK(d.w.http.pending[1].url == "/api/staff/cases/K7QD/items/" + item_id(4) + "/read");
    d.w.http.reply(204);
    CHECK(cases.entries[0].read_by_office);
}

TEST_CASE("a tampered, foreign or forged item shows as one that cannot be opened; the rest opens", "[staff][cases]") {
    Desk d;
    open_case(d, {listed_item(1, "applicant", "case"), listed_item(2, "applicant", "case"),
                  listed_item(3, "applicant", "case"), listed_item(4, "applicant", "case"),
                  listed_item(5, "applicant", "case")});
    auto& cases = d.staff.cases;
    anl::Bytes tampered = sealed(message("Hallo"));
    tampered[tampered.size() - 20] ^= 0x01;
    answer_item(d, 1, tampered);
    const anl::OfficeKeys other = anl::new_office_keys();
    answer_item(d, 2, anl::seal_case_item(message("Hallo"), {}, other.public_key, case_keys().public_key));
    // The case key can seal anything: a "status" from the applicant's side is not the office's.
    anl::CaseItem forged;
    forged.type = anl::ItemType::Status;
    forged.status = "decision_ready";
    answer_item(d, 3, sealed(forged));
    answer_item(d, 4, anl::to_bytes("not an envelope"));
    d.w.http.reply(0);
    CHECK(cases.entries[0].error == "staff.case.item_cannot_open");
    CHECK(cases.entries[1].error == "staff.case.item_unknown_key");
    CHECK(cases.entries[2].error == "staff.case.item_forged");
    CHECK(cases.entries[3].error == "staff.case.item_cannot_open");
    CHECK(cases.entries[4].error == "error.network");
    CHECK_FALSE(cases.current_status());
    CHECK(d.w.http.pending.empty()); // nothing shown, nothing marked read
}

TEST_CASE("a case that is not there, a lost connection, and a session that ended", "[staff][cases]") {
    Desk d;
    to_cases(d, {{"cases", json::array()}});
    auto& cases = d.staff.cases;
    cases.open("ZZZZ");
    d.w.http.reply(404, "{\"error\":\"not_found\"}");
    CHECK(cases.case_problem.key == "staff.case.not_found");
    cases.open("ZZZZ");
    d.w.http.reply(0);
    CHECK(cases.case_problem.key == "error.network");
    cases.open(kLocator);
    d.w.http.reply(401, "{\"error\":\"unauthorized\"}");
    CHECK(d.staff.screen.step() == Step::Login);
    CHECK(d.staff.login.problem.key == "staff.error.session_ended");
    CHECK_FALSE(d.staff.session.active());
    CHECK(cases.locator.empty());
}

TEST_CASE("a reply is sealed to the office and the case: the applicant's key opens it", "[staff][cases]") {
    Desk d;
    open_case(d, {});
    auto& cases = d.staff.cases;
    cases.reply_text = "   ";
    cases.send_reply();
    CHECK(cases.reply_error == "staff.case.error.reply_or_file_required");
    CHECK(d.w.http.pending.empty());

    cases.reply_text = "Danke, wir haben alles erhalten.";
    cases.send_reply();
    CHECK(cases.sending);
    const Posted p = take_post(d);
    CHECK(p.audience == "case");
    CHECK(p.content_type == "application/octet-stream");
    const anl::OpenedItem mine = as_applicant(p.body);
    REQUIRE(mine.error.empty());
    CHECK(mine.item.type == anl::ItemType::Message);
    CHECK(mine.item.text == "Danke, wir haben alles erhalten.");
    CHECK(as_office(p.body).error.empty());

    CHECK_FALSE(cases.sending);
    CHECK(cases.sent);
    CHECK(cases.reply_text.empty());
    REQUIRE(cases.entries.size() == 1);
    CHECK(cases.entries[0].author == "office");
    CHECK(cases.entries[0].item.text == "Danke, wir haben alles erhalten.");
}

TEST_CASE("a refused reply keeps what was typed and says why", "[staff][cases]") {
    Desk d;
    open_case(d, {});
    auto& cases = d.staff.cases;
    cases.reply_text = "Bitte melden Sie sich.";
    cases.attach({"Termin.pdf", "application/pdf", kPdf});
    cases.send_reply();
    // On its way: the files it was sealed with stay as they are.
    cases.attach({"Noch eine.pdf", "application/pdf", kPdf});
    cases.remove_attachment(0);
    CHECK(cases.reply_files.size() == 1);
    d.w.http.reply(507, "{\"error\":\"storage_full\"}");
    CHECK(cases.send_problem.key == "staff.error.storage_full");
    CHECK(cases.reply_text == "Bitte melden Sie sich.");
    REQUIRE(cases.reply_files.size() == 1); // to send again
    CHECK(cases.reply_files[0].data == kPdf);
    CHECK(cases.entries.empty());
}

TEST_CASE("a reply carries files: the case key and the office key open them with their bytes and names",
          "[staff][cases]") {
    Desk d;
    open_case(d, {});
    auto& cases = d.staff.cases;
    const anl::Bytes photo = anl::to_bytes(std::string("\xFF\xD8\xFF\xE0 Formular Seite 2", 21));
    cases.attach({"Verfügung 2026.pdf", "application/pdf", kPdf});
    cases.attach({"Formular.jpg", "image/jpeg", photo});
    REQUIRE(cases.reply_files.size() == 2);
    CHECK(cases.attached_bytes() == kPdf.size() + photo.size());
    cases.reply_text = "  Anbei die Verfügung und das Formular.  ";
    cases.send_reply();
    CHECK(cases.reply_error.empty());
    const Posted p = take_post(d);
    CHECK(p.audience == "case");
    for (const anl::OpenedItem& opened : {as_applicant(p.body), as_office(p.body)}) {
        REQUIRE(opened.error.empty());
        CHECK(opened.item.type == anl::ItemType::Message);
        CHECK(opened.item.text == "Anbei die Verfügung und das Formular.");
        REQUIRE(opened.item.attachments.size() == 2);
        CHECK(opened.item.attachments[0].name == "Verfügung 2026.pdf");
        CHECK(opened.item.attachments[0].media_type == "application/pdf");
        CHECK(opened.item.attachments[0].size == kPdf.size());
        REQUIRE(opened.files.size() == 2);
        CHECK(opened.files[0].name == "Verfügung 2026.pdf");
        CHECK(opened.files[0].data == kPdf);
        CHECK(opened.files[1].name == "Formular.jpg");
        CHECK(opened.files[1].media_type == "image/jpeg");
        CHECK(opened.files[1].data == photo);
    }
    // Sent: the picked files left the form and joined the reply's entry, to download again.
    CHECK(cases.reply_files.empty());
    CHECK(cases.reply_text.empty());
    REQUIRE(cases.entries.size() == 1);
    REQUIRE(cases.entries[0].files.size() == 2);
    CHECK(cases.entries[0].item.attachments.size() == 2);
    cases.download(0, 1);
    REQUIRE(d.w.device.downloads.size() == 1);
    CHECK(d.w.device.downloads[0].name == "Formular.jpg");
    CHECK(d.w.device.downloads[0].data == photo);

    // A file on its own is a reply too: the applicant's side gets it without words.
    cases.attach({"Merkblatt.pdf", "application/pdf", kPdf});
    cases.send_reply();
    const anl::OpenedItem alone = as_applicant(take_post(d, 8).body);
    REQUIRE(alone.error.empty());
    CHECK(alone.item.text.empty());
    REQUIRE(alone.files.size() == 1);
    CHECK(alone.files[0].name == "Merkblatt.pdf");
    CHECK(alone.files[0].data == kPdf);
}

TEST_CASE("a file that does not fit a reply is refused before sealing; a removed one is not sent", "[staff][cases]") {
    Desk d;
    open_case(d, {});
    auto& cases = d.staff.cases;
    // Over the limit alone, or refused by the picker (which then hands over no data).
    cases.attach({"Scan.pdf", "application/pdf", anl::Bytes(app::staff::kMaxReplyFilesBytes + 1, 'x')});
    CHECK(cases.attach_error == "staff.case.error.file_too_large");
    CHECK(cases.reply_files.empty());
    cases.attach({"Film.mp4", "video/mp4", {}}, true);
    CHECK(cases.attach_error == "staff.case.error.file_too_large");
    CHECK(cases.reply_files.empty());
    // Over the limit with what is attached already: the first stays.
    cases.attach({"Teil 1.pdf", "application/pdf", anl::Bytes(600 * 1024, 'a')});
    CHECK(cases.attach_error.empty());
    cases.attach({"Teil 2.pdf", "application/pdf", anl::Bytes(400 * 1024, 'b')});
    CHECK(cases.attach_error == "staff.case.error.file_too_large");
    REQUIRE(cases.reply_files.size() == 1);
    CHECK(cases.reply_files[0].name == "Teil 1.pdf");
    CHECK(d.w.http.pending.empty());

    // The text counts too: refused at sending, before anything is sealed or posted.
    cases.reply_text = std::string(310 * 1024, 'w');
    cases.send_reply();
    CHECK(cases.reply_error == "staff.case.error.reply_too_large");
    CHECK(d.w.http.pending.empty());
    REQUIRE(cases.reply_files.size() == 1);

    // Removed: the file is gone from the reply, the refusal with it.
    cases.attach({"Teil 2.pdf", "application/pdf", anl::Bytes(400 * 1024, 'b')});
    cases.remove_attachment(0);
    CHECK(cases.reply_files.empty());
    CHECK(cases.attach_error.empty());
    cases.attach({"Beilage.pdf", "application/pdf", kPdf});
    cases.attach({"Kopie.pdf", "application/pdf", kPdf});
    cases.remove_attachment(0);
    REQUIRE(cases.reply_files.size() == 1);
    CHECK(cases.reply_files[0].name == "Kopie.pdf");
    cases.remove_attachment(5); // no such file: nothing happens
    cases.reply_text = "Nur die Kopie.";
    cases.send_reply();
    const anl::OpenedItem mine = as_applicant(take_post(d).body);
    REQUIRE(mine.error.empty());
    REQUIRE(mine.files.size() == 1);
    CHECK(mine.files[0].name == "Kopie.pdf");
}

TEST_CASE("a reply under the limit whose envelope the server would still refuse is not posted", "[staff][cases]") {
    Desk d;
    open_case(d, {});
    auto& cases = d.staff.cases;
    // A thousand tiny files: each part is padded to at least 1 KiB, together over 1 MiB.
    for (int i = 0; i < 1000; i++)
        cases.attach({"s" + std::to_string(i) + ".jpg", "image/jpeg", anl::Bytes(1, 'p')});
    REQUIRE(cases.reply_files.size() == 1000);
    cases.send_reply();
    CHECK(cases.reply_error == "staff.case.error.reply_too_large");
    CHECK_FALSE(cases.sending);
    CHECK(d.w.http.pending.empty());
    CHECK(cases.reply_files.size() == 1000);
    // Signing out (or locking) forgets them with the rest.
    cases.forget();
    CHECK(cases.reply_files.empty());
}

TEST_CASE("a document request names a document question of the form or says what in words, with a due date",
          "[staff][cases]") {
    Desk d;
    open_case(d, {});
    auto& cases = d.staff.cases;
    const auto questions = cases.document_questions();
    REQUIRE(questions.size() >= 3);
    bool has_lease = false;
    for (const auto& q : questions)
        has_lease = has_lease || (q.id == "lease" && !q.label.empty());
    CHECK(has_lease);

    cases.send_request();
    CHECK(cases.request_document_error == "staff.case.error.document_required");
    CHECK(cases.request_due_error == "staff.case.error.due_required");
    CHECK(cases.request_explanation_error == "staff.case.error.explanation_required");
    cases.request_document = app::staff::kOtherChoice;
    cases.request_due = "2026-02-30";
    cases.send_request();
    CHECK(cases.request_document_error == "staff.case.error.document_text_required");
    CHECK(cases.request_due_error == "staff.case.error.due_format");
    cases.request_due = "2026-12-01";
    cases.send_request();
    CHECK(cases.request_due_error == "staff.case.error.due_past");
    CHECK(d.w.http.pending.empty());

    cases.request_document = "lease";
    cases.request_due = "20.12.2026";
    cases.request_explanation = "Wir brauchen den aktuellen Mietvertrag.";
    cases.send_request();
    const Posted p = take_post(d);
    CHECK(p.audience == "case");
    const anl::OpenedItem mine = as_applicant(p.body);
    REQUIRE(mine.error.empty());
    CHECK(mine.item.type == anl::ItemType::Request);
    CHECK(mine.item.document == "lease");
    CHECK(mine.item.due == "2026-12-20");
    CHECK(mine.item.explanation == "Wir brauchen den aktuellen Mietvertrag.");
    REQUIRE(cases.entries.size() == 1);
    CHECK(cases.request_state(0) == anl::RequestState::Open);
    CHECK(cases.request_document.empty());

    cases.request_document = app::staff::kOtherChoice;
    cases.request_text = "Lohnabrechnungen September bis November";
    cases.request_due = "2026-12-31";
    cases.request_explanation = "Für die Berechnung.";
    cases.send_request();
    const anl::OpenedItem words = as_applicant(take_post(d, 8).body);
    REQUIRE(words.error.empty());
    CHECK(words.item.document.empty());
    CHECK(words.item.text == "Lohnabrechnungen September bis November");
}

TEST_CASE("a status the applicant sees: a standard one, or the office's own with its words", "[staff][cases]") {
    Desk d;
    open_case(d, {});
    auto& cases = d.staff.cases;
    cases.send_status();
    CHECK(cases.status_choice_error == "staff.case.error.status_required");
    cases.status_choice = "documents_missing";
    cases.send_status();
    const Posted p = take_post(d);
    CHECK(p.audience == "case");
    const anl::OpenedItem mine = as_applicant(p.body);
    REQUIRE(mine.error.empty());
    CHECK(mine.item.type == anl::ItemType::Status);
    CHECK(mine.item.status == "documents_missing");
    REQUIRE(cases.current_status());
    CHECK(cases.current_status()->item.status == "documents_missing");

    cases.status_choice = app::staff::kOtherChoice;
    cases.status_id = "Wartet!";
    cases.status_text = "Wir warten auf die Antwort des Vermieters.";
    cases.send_status();
    CHECK(cases.status_id_error == "staff.case.error.status_id");
    cases.status_id = "received"; // a standard id is chosen from the list, not typed
    cases.send_status();
    CHECK(cases.status_id_error == "staff.case.error.status_id");
    cases.status_id = "waiting_landlord";
    cases.status_text = "";
    cases.send_status();
    CHECK(cases.status_id_error == "staff.case.error.status_text_required");
    CHECK(d.w.http.pending.empty());
    cases.status_text = "Wir warten auf die Antwort des Vermieters.";
    cases.send_status();
    const anl::OpenedItem own = as_applicant(take_post(d, 8).body);
    REQUIRE(own.error.empty());
    CHECK(own.item.status == "waiting_landlord");
    CHECK(own.item.text == "Wir warten auf die Antwort des Vermieters.");
    CHECK(cases.current_status()->item.status == "waiting_landlord");
}

TEST_CASE("a note and an internal status are sealed to the office alone: the applicant's key cannot open them",
          "[staff][cases]") {
    Desk d;
    open_case(d, {});
    auto& cases = d.staff.cases;
    cases.send_note();
    CHECK(cases.note_error == "staff.case.error.note_required");
    cases.note_text = "Vermieter hat angerufen, Vertrag kommt per Post.";
    cases.send_note();
    const Posted note = take_post(d);
    CHECK(note.audience == "office");
    CHECK(as_applicant(note.body).error == "unknown_key");
    const anl::OpenedItem note_opened = as_office(note.body);
    REQUIRE(note_opened.error.empty());
    CHECK(note_opened.item.type == anl::ItemType::Note);
    CHECK(note_opened.item.text == "Vermieter hat angerufen, Vertrag kommt per Post.");
    const auto layout = anl::parse_case_envelope_layout(note.body.data(), note.body.size());
    CHECK(layout.key_ids.size() == 1);
    CHECK(cases.entries.back().audience == "office");

    cases.internal_id = "Nicht gültig";
    cases.send_internal_status();
    CHECK(cases.internal_error == "staff.case.error.internal_id");
    cases.internal_id = "escalated";
    cases.internal_text = "An die Leitung";
    cases.send_internal_status();
    const Posted internal = take_post(d, 8);
    CHECK(internal.audience == "office");
    CHECK(as_applicant(internal.body).error == "unknown_key");
    const anl::OpenedItem internal_opened = as_office(internal.body);
    REQUIRE(internal_opened.error.empty());
    CHECK(internal_opened.item.type == anl::ItemType::InternalStatus);
    CHECK(internal_opened.item.status == "escalated");
    REQUIRE(cases.current_internal_status());
    CHECK(cases.current_internal_status()->item.text == "An die Leitung");
    CHECK_FALSE(cases.current_status());
}

TEST_CASE("leaving the case wipes it, and what was typed for it", "[staff][cases]") {
    Desk d;
    open_case(d, {listed_item(1, "applicant", "case", false)});
    auto& cases = d.staff.cases;
    answer_item(d, 1, sealed(message("Meine Telefonnummer ist 079 000 00 00")));
    REQUIRE(cases.entries[0].opened());
    cases.reply_text = "Entwurf";
    cases.attach({"Entwurf.pdf", "application/pdf", kPdf});
    d.w.http.reply(204); // the read mark
    cases.back();
    CHECK(cases.entries.empty());
    CHECK(cases.reply_text.empty());
    CHECK(cases.reply_files.empty());
    CHECK(cases.case_public_key.empty());
    CHECK(d.staff.screen.step() == Step::Cases);
}

TEST_CASE("every staff.case key the case flow and its pages name is in the catalogs", "[staff][cases]") {
    anl::Catalog en;
    REQUIRE(en.load(source_file("assets/i18n/en.json")));
    std::vector<std::string> keys;
    for (const char* file : {"src/app/staff/cases.cpp", "src/ui/staff/case_pages.cpp", "src/ui/staff/navigation.cpp"}) {
        const std::string text = source_file(file);
        REQUIRE(!text.empty());
        for (size_t at = text.find("\"staff.case"); at != std::string::npos; at = text.find("\"staff.case", at + 1)) {
            const size_t end = text.find('"', at + 1);
            const std::string key = text.substr(at + 1, end - at - 1);
            if (key.back() != '.') // "staff.case.status." + id: checked below
                keys.push_back(key);
        }
    }
    for (const char* id : anl::kStandardStatuses)
        keys.push_back(std::string("staff.case.status.") + id);
    CHECK(keys.size() > 60);
    for (const std::string& key : keys) {
        INFO(key);
        CHECK(en.has(key));
    }
}

TEST_CASE("an item sealed before a key rotation opens with the retired key its envelope names", "[staff][cases]") {
    Desk d;
    open_case(d, {listed_item(1, "applicant", "case"), listed_item(2, "applicant", "case")});
    auto& cases = d.staff.cases;
    // The keyring as a rotation leaves it: the older key retired, still held.
    const anl::OfficeKeys old = anl::new_office_keys();
    REQUIRE(d.staff.session.keyring);
    d.staff.session.keyring->retired.push_back({anl::office_key_id_hex(old.public_key), old});
    answer_item(d, 1, anl::seal_case_item(message("vor der Rotation"), {}, old.public_key, case_keys().public_key));
    answer_item(d, 2, sealed(message("nach der Rotation")));
    REQUIRE(cases.entries[0].opened());
    CHECK(cases.entries[0].item.text == "vor der Rotation");
    REQUIRE(cases.entries[1].opened());
    CHECK(cases.entries[1].item.text == "nach der Rotation");

    // New items go to the current key only (the server refuses any other).
    cases.reply_text = "Antwort";
    cases.send_reply();
    const Posted p = take_post(d);
    CHECK(as_office(p.body).error.empty());
    CHECK(anl::open_case_item(p.body, old.public_key, old.secret_key).error == "unknown_key");
}
