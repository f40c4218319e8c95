// "My case" (issue 11): the applicant comes back on another device with the case code alone.
// The items are sealed for real by the core (office key and case key); the flow derives the keys
// from the code, fetches and opens every item, marks the office's read, and shows the latest
// status, the requests as a checklist and the conversation; a question goes back sealed to the
// office. Each bad answer has its error: a wrong code, 429, the network, a tampered item.
#include "case_server.h"

using namespace intake_test;
using app::intake::CaseEntry;

namespace {

anl::CaseItem message(const std::string& text) {
    anl::CaseItem i;
    i.type = anl::ItemType::Message;
    i.text = text;
    return i;
}

anl::CaseItem status_item(const std::string& id, const std::string& text = "") {
    anl::CaseItem i;
    i.type = anl::ItemType::Status;
    i.status = id;
    i.text = text;
    return i;
}

anl::CaseItem request_item(const std::string& text, const std::string& due) {
    anl::CaseItem i;
    i.type = anl::ItemType::Request;
    i.text = text;
    i.due = due;
    i.explanation = "Für den Mietzins.";
    return i;
}

// A fresh page on another device, opened on the start page, the code typed and sent.
void open_case(Applicant& b, CaseServer& server, const std::string& typed) {
    b.open();
    b.intake.my_case.show();
    REQUIRE(b.intake.screen.step() == Step::CaseCode);
    b.intake.my_case.code = typed;
    b.intake.my_case.submit();
    server.serve(b.w);
}

} // namespace

TEST_CASE("the case code opens the case on another device: status, requests, messages both ways", "[intake][case]") {
    CaseServer server;
    server.add(message("Ich habe noch eine Frage zur Miete."), "applicant");
    server.add(status_item("received"));
    server.add(status_item("documents_missing"));
    const std::string contract = server.add(request_item("Mietvertrag", "2026-12-20"));
    const std::string slips = server.add(request_item("Lohnabrechnungen September bis November", "2026-11-30"));
    server.add(message("Bitte senden Sie uns den Mietvertrag."), "office",
               {{"Merkblatt.pdf", "application/pdf", anl::to_bytes("%PDF-1.4 info")}});

    Applicant b;
    open_case(b, server, typed_loosely(server.code));
    REQUIRE(b.intake.screen.step() == Step::Case);
    CHECK(b.intake.screen.effects().focus_id == "case.title");
    CHECK(b.intake.my_case.code.empty()); // the typed code does not stay around
    CHECK(b.intake.my_case.locator() == server.code.locator);
    CHECK_FALSE(b.intake.my_case.loading());

    const CaseEntry* latest = b.intake.my_case.latest_status();
    REQUIRE(latest);
    CHECK(latest->item.status == "documents_missing");
    CHECK(b.intake.my_case.statuses().size() == 2);

    const auto requests = b.intake.my_case.requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[0].entry->id == contract);
    CHECK(requests[0].state == anl::RequestState::Open);
    CHECK(requests[1].entry->id == slips);
    CHECK(requests[1].state == anl::RequestState::Overdue); // today is 2026-12-02
    CHECK(requests[1].entry->item.explanation == "Für den Mietzins.");

    const auto talk = b.intake.my_case.conversation();
    REQUIRE(talk.size() == 2);
    CHECK(talk[0]->author == "applicant");
    CHECK(talk[0]->item.text == "Ich habe noch eine Frage zur Miete.");
    CHECK(talk[1]->author == "office");
    CHECK(talk[1]->item.text == "Bitte senden Sie uns den Mietvertrag.");
    CHECK_FALSE(talk[1]->created_at.empty());
    REQUIRE(talk[1]->files.size() == 1);

    // What the applicant has now seen from the office is marked read; their own item is not sent.
    CHECK(server.reads.size() == 5);
    for (const std::string& id : server.reads)
        CHECK(id != server.items[0].id);

    // A staff message's attachment goes to the device as it was sent.
    const size_t index = size_t(talk[1] - b.intake.my_case.entries.data());
    b.intake.my_case.download(index, 0);
    REQUIRE(b.w.device.downloads.size() == 1);
    CHECK(b.w.device.downloads[0].name == "Merkblatt.pdf");
    CHECK(anl::to_string(b.w.device.downloads[0].data) == "%PDF-1.4 info");

    // A document that answers the request makes it fulfilled on the next look.
    anl::CaseItem doc;
    doc.type = anl::ItemType::Document;
    doc.request = contract;
    server.add(doc, "applicant", {{"Mietvertrag.pdf", "application/pdf", anl::to_bytes("%PDF-1.4 lease")}});
    b.intake.my_case.reload();
    server.serve(b.w);
    CHECK(b.intake.my_case.requests()[0].state == anl::RequestState::Fulfilled);
    CHECK(b.intake.my_case.entries.size() == server.items.size());
    // Nothing of the case in either storage.
    CHECK(b.w.storage.items.empty());
    CHECK(b.w.tab.items.empty());
}

TEST_CASE("an office-defined status shows the office's words", "[intake][case]") {
    CaseServer server;
    server.add(status_item("in_review"));
    server.add(status_item("appointment", "Termin am 10. Dezember vereinbart"));
    Applicant b;
    open_case(b, server, server.code.text());
    REQUIRE(b.intake.screen.step() == Step::Case);
    const CaseEntry* latest = b.intake.my_case.latest_status();
    REQUIRE(latest);
    CHECK(latest->item.status == "appointment");
    CHECK(latest->item.text == "Termin am 10. Dezember vereinbart");
    CHECK_FALSE(anl::is_standard_status(latest->item.status));
}

TEST_CASE("a code that is not 16 symbols (nor a save code of before, 12) is said at once, without asking the server", "[intake][case]") {
    Applicant b;
    b.open();
    b.intake.my_case.show();
    b.intake.my_case.code = "K7QD-9XMA-P4T";
    const unsigned to_top = b.intake.screen.effects().to_top;
    b.intake.my_case.submit();
    CHECK(b.intake.my_case.error == "error.case_code.format");
    CHECK(b.intake.screen.step() == Step::CaseCode);
    CHECK(b.intake.screen.effects().to_top > to_top); // the error summary is read first
    CHECK(b.w.http.pending.empty());
}

TEST_CASE("a wrong code is said on the code page: the server's 404 and a 401 alike", "[intake][case]") {
    CaseServer server;
    server.add(message("Hallo"));
    SECTION("another secret under the case's locator") {
        anl::CaseCode wrong = anl::new_case_code();
        wrong.locator = server.code.locator;
        Applicant b;
        open_case(b, server, wrong.text());
        CHECK(b.intake.screen.step() == Step::CaseCode);
        CHECK(b.intake.my_case.error == "error.case_code.not_found");
        CHECK_FALSE(b.intake.my_case.is_open());
        CHECK(b.intake.my_case.entries.empty());
    }
    SECTION("a locator nobody has") {
        anl::CaseCode other = server.code;
        other.locator = server.code.locator == "AAAA" ? "BBBB" : "AAAA";
        Applicant b;
        open_case(b, server, other.text());
        CHECK(b.intake.my_case.error == "error.case_code.not_found");
    }
    SECTION("401") {
        Applicant b;
        b.open();
        b.intake.my_case.show();
        b.intake.my_case.code = server.code.text();
        b.intake.my_case.submit();
        server.answer(b.w.http); // the kdf
        b.w.tasks.run();
        REQUIRE(b.w.http.next().url == server.base());
        b.w.http.reply(401, json{{"error", "unauthorized"}}.dump());
        CHECK(b.intake.screen.step() == Step::CaseCode);
        CHECK(b.intake.my_case.error == "error.case_code.not_found");
    }
}

TEST_CASE("too many tries say to wait; a lost connection says to check it", "[intake][case]") {
    CaseServer server;
    SECTION("429 on the case") {
        Applicant b;
        b.open();
        b.intake.my_case.show();
        b.intake.my_case.code = server.code.text();
        b.intake.my_case.submit();
        server.answer(b.w.http); // the kdf
        b.w.tasks.run();
        server.status_override = 429;
        server.serve(b.w);
        CHECK(b.intake.screen.step() == Step::CaseCode);
        CHECK(b.intake.my_case.error == "error.too_many_attempts");
    }
    SECTION("the network, at the first request") {
        Applicant b;
        b.open();
        b.intake.my_case.show();
        b.intake.my_case.code = server.code.text();
        b.intake.my_case.submit();
        CHECK(b.intake.screen.step() == Step::Working);
        b.w.http.reply(0);
        CHECK(b.intake.screen.step() == Step::CaseCode);
        CHECK(b.intake.my_case.error == "error.network");
        CHECK(b.w.tasks.run() == 0); // nothing was derived
    }
    SECTION("costs below a new case's are refused") {
        Applicant b;
        b.intake.case_kdf = anl::kCaseKdf;
        b.open();
        b.intake.my_case.show();
        b.intake.my_case.code = server.code.text();
        b.intake.my_case.submit();
        server.answer(b.w.http); // the cheap test costs: less than the app makes cases with
        CHECK(b.intake.screen.step() == Step::CaseCode);
        CHECK(b.intake.my_case.error == "error.server");
        CHECK(b.w.tasks.run() == 0);
    }
}

TEST_CASE("a tampered item shows as unreadable, the others as they are", "[intake][case]") {
    CaseServer server;
    server.add(message("Erste Nachricht"));
    server.add(message("Zweite Nachricht"));
    server.add(message("Dritte Nachricht"));
    server.items[1].envelope[server.items[1].envelope.size() / 2] ^= 0x01;
    server.items[2].envelope.resize(40); // cut short
    Applicant b;
    open_case(b, server, server.code.text());
    REQUIRE(b.intake.screen.step() == Step::Case);
    const auto talk = b.intake.my_case.conversation();
    REQUIRE(talk.size() == 3);
    CHECK(talk[0]->opened);
    CHECK(talk[0]->item.text == "Erste Nachricht");
    CHECK(talk[1]->unreadable);
    CHECK(talk[1]->item.text.empty());
    CHECK(talk[2]->unreadable);
    CHECK(server.reads.size() == 1); // only what was read is marked read
}

TEST_CASE("an item that cannot be fetched says so and comes with the next look", "[intake][case]") {
    CaseServer server;
    server.add(message("Hallo"));
    Applicant b;
    b.open();
    b.intake.my_case.show();
    b.intake.my_case.code = server.code.text();
    b.intake.my_case.submit();
    server.answer(b.w.http); // kdf
    b.w.tasks.run();
    server.answer(b.w.http); // the list
    REQUIRE(b.intake.screen.step() == Step::Case);
    b.w.http.reply(503);     // the item
    CHECK(b.intake.my_case.load_error == "error.server");
    REQUIRE(b.intake.my_case.conversation().size() == 1);
    CHECK(b.intake.my_case.conversation()[0]->failed);
    b.intake.my_case.reload();
    server.serve(b.w);
    CHECK(b.intake.my_case.load_error.empty());
    CHECK(b.intake.my_case.conversation()[0]->item.text == "Hallo");
}

TEST_CASE("a question goes to the office sealed to the office key and the case key", "[intake][case]") {
    CaseServer server;
    server.add(message("Guten Tag"));
    Applicant b;
    open_case(b, server, server.code.text());
    REQUIRE(b.intake.screen.step() == Step::Case);

    b.intake.my_case.question = "  \n ";
    b.intake.my_case.send_question();
    CHECK(b.intake.my_case.question_error == "error.case.question_required");
    CHECK(b.w.http.pending.empty());

    b.intake.my_case.question = "Wann ist mein Termin?";
    b.intake.my_case.send_question();
    CHECK(b.intake.my_case.question_error.empty());
    CHECK(b.intake.my_case.sending());
    REQUIRE(b.w.http.pending.size() == 1);
    const fake::Request& post = b.w.http.next();
    CHECK(post.method == "POST");
    CHECK(post.url == server.base() + "/items");
    CHECK(post.headers.at("Authorization") == server.bearer());
    CHECK(post.headers.at("Content-Type") == "application/octet-stream");
    // The office opens it with its key, and the applicant's other devices with the case key.
    const anl::OpenedItem office_reads = anl::open_case_item(post.body, office().public_key, office().secret_key);
    REQUIRE(office_reads.error.empty());
    CHECK(office_reads.item.type == anl::ItemType::Message);
    CHECK(office_reads.item.text == "Wann ist mein Termin?");
    CHECK(anl::open_case_item(post.body, server.keys.public_key, server.keys.secret_key).error.empty());
    CHECK(anl::to_string(post.body).find("Termin") == std::string::npos);

    SECTION("the server takes it") {
        server.serve(b.w);
        CHECK_FALSE(b.intake.my_case.sending());
        CHECK(b.intake.my_case.notice == "case.question_sent");
        CHECK(b.intake.my_case.question.empty());
        const auto talk = b.intake.my_case.conversation();
        REQUIRE(talk.size() == 2);
        CHECK(talk[1]->author == "applicant");
        CHECK(talk[1]->item.text == "Wann ist mein Termin?");
        b.intake.my_case.reload(); // the next look lists it once
        server.serve(b.w);
        CHECK(b.intake.my_case.conversation().size() == 2);
    }
    SECTION("the connection drops: the text stays for another try") {
        b.w.http.reply(0);
        CHECK(b.intake.my_case.question_error == "error.network");
        CHECK(b.intake.my_case.question == "Wann ist mein Termin?");
        CHECK(b.intake.my_case.conversation().size() == 1);
    }
}

TEST_CASE("finish and the idle wipe on a shared device take the case with them", "[intake][case][idle]") {
    CaseServer server;
    server.add(message("Ihre Unterlagen sind vollständig."), "office",
               {{"Brief.pdf", "application/pdf", anl::to_bytes("%PDF-1.4 brief")}});
    SECTION("finish") {
        Applicant b;
        open_case(b, server, server.code.text());
        REQUIRE(b.intake.my_case.is_open());
        b.intake.my_case.question = "Danke";
        const unsigned forgotten = b.intake.screen.effects().forget_typed;
        b.intake.finish();
        CHECK_FALSE(b.intake.my_case.is_open());
        CHECK(b.intake.my_case.entries.empty());
        CHECK(b.intake.my_case.question.empty());
        CHECK(b.intake.my_case.locator().empty());
        CHECK(b.intake.screen.effects().forget_typed > forgotten);
        CHECK(b.w.device.fresh_starts == 1);
    }
    SECTION("left alone at the kiosk") {
        Applicant b;
        b.w.device.is_kiosk = true;
        open_case(b, server, server.code.text());
        REQUIRE(b.intake.screen.step() == Step::Case);
        b.w.elapse(app::intake::kKioskIdle.warn_after);
        CHECK(b.intake.idle.warning());
        b.w.elapse(app::intake::kKioskIdle.countdown);
        CHECK_FALSE(b.intake.my_case.is_open());
        CHECK(b.intake.my_case.entries.empty());
        CHECK(b.w.device.fresh_starts == 1);
    }
}

TEST_CASE("Back from the code page goes to the start page; the history comes back to the case", "[intake][case][history]") {
    CaseServer server;
    server.add(message("Hallo"));
    Applicant b;
    open_case(b, server, server.code.text());
    REQUIRE(b.intake.screen.step() == Step::Case);
    b.intake.history_moved(b.w.history.back()); // the code page
    CHECK(b.intake.screen.step() == Step::CaseCode);
    b.intake.history_moved(b.w.history.forward());
    CHECK(b.intake.screen.step() == Step::Case);
    CHECK(b.intake.my_case.conversation().size() == 1);
    b.intake.history_moved(b.w.history.back());
    b.intake.back();
    CHECK(b.intake.screen.step() == Step::Start);
}

TEST_CASE("a document fulfils a request from the checklist, through an upload that survives a cut connection",
          "[intake][case][upload]") {
    CaseServer server;
    const std::string lease = server.add(request_item("Mietvertrag", "2026-12-20"));
    Applicant b;
    open_case(b, server, server.code.text());
    REQUIRE(b.intake.screen.step() == Step::Case);
    REQUIRE(b.intake.my_case.requests()[0].state == anl::RequestState::Open);

    anl::Bytes photo(600 * 1024);
    for (size_t i = 0; i < photo.size(); i++)
        photo[i] = uint8_t(i * 31 + (i >> 11));
    b.intake.my_case.send_document(lease, {"Mietvertrag.jpg", "image/jpeg", photo, false});
    CHECK(b.intake.my_case.uploading());
    CHECK(b.intake.my_case.document_for == lease);
    CHECK(b.w.http.pending.empty()); // sealed only after the page painted
    b.w.tasks.run();
    server.answer(b.w.http);         // creation
    server.answer(b.w.http);         // the first chunk
    CHECK(b.intake.my_case.upload.sent == app::CaseUpload::kChunkSize);
    CHECK(b.intake.my_case.upload.total == server.upload_length);
    server.cut_patches = 1;
    server.answer(b.w.http);         // the second chunk: its connection drops
    CHECK(b.intake.my_case.upload.retrying);
    CHECK(b.intake.my_case.uploading());
    b.w.elapse(app::CaseUpload::kMaxPauseSeconds);  // the pause, then HEAD and on from there
    server.serve(b.w);
    for (int i = 0; i < 10 && b.intake.my_case.uploading(); i++) {
        b.w.elapse(app::CaseUpload::kMaxPauseSeconds);
        server.serve(b.w);
    }
    REQUIRE_FALSE(b.intake.my_case.uploading());
    const uint64_t chunks = (server.upload_length + app::CaseUpload::kChunkSize - 1) / app::CaseUpload::kChunkSize;
    CHECK(uint64_t(server.patches) == chunks + 1); // the cut chunk was sent again, nothing else
    CHECK(b.intake.my_case.document_error.empty());
    CHECK(b.intake.my_case.notice == "case.document_sent_notice");
    CHECK(b.intake.my_case.requests()[0].state == anl::RequestState::Fulfilled);

    // What arrived is the document, whole, sealed to the office and the case.
    const anl::OpenedItem office_reads = anl::open_case_item(server.items.back().envelope, office().public_key,
                                                             office().secret_key);
    REQUIRE(office_reads.error.empty());
    CHECK(office_reads.item.type == anl::ItemType::Document);
    CHECK(office_reads.item.request == lease);
    REQUIRE(office_reads.files.size() == 1);
    CHECK(office_reads.files[0].name == "Mietvertrag.jpg");
    CHECK(office_reads.files[0].data == photo);
    // The next look lists it once.
    b.intake.my_case.reload();
    server.serve(b.w);
    CHECK(b.intake.my_case.conversation().size() == 1);
}

TEST_CASE("a document too large, or one the server refuses, says why", "[intake][case][upload]") {
    CaseServer server;
    Applicant b;
    open_case(b, server, server.code.text());
    REQUIRE(b.intake.screen.step() == Step::Case);
    SECTION("the picker refused it") {
        b.intake.my_case.send_document("", {"Video.mov", "video/quicktime", {}, true});
        CHECK(b.intake.my_case.document_error == "error.case.document_too_large");
        CHECK_FALSE(b.intake.my_case.uploading());
        CHECK(b.w.tasks.run() == 0);
    }
    SECTION("413 at creation") {
        b.intake.my_case.send_document("", {"Scan.pdf", "application/pdf", anl::to_bytes("%PDF-1.4 scan"), false});
        b.w.tasks.run();
        REQUIRE(b.w.http.next().method == "POST");
        b.w.http.reply(413);
        CHECK_FALSE(b.intake.my_case.uploading());
        CHECK(b.intake.my_case.document_error == "error.case.document_too_large");
    }
    SECTION("finish while uploading: nothing comes back, the upload is terminated") {
        b.intake.my_case.send_document("", {"Scan.pdf", "application/pdf", anl::to_bytes("%PDF-1.4 scan"), false});
        b.w.tasks.run();
        server.answer(b.w.http); // creation
        b.intake.finish();
        CHECK_FALSE(b.intake.my_case.uploading());
        bool terminated = false;
        for (const auto& sent : b.w.http.sent)
            terminated |= sent.rfind("DELETE " + server.base() + "/uploads/", 0) == 0;
        CHECK(terminated);
    }
}

namespace {

// The requests the flow sent since `from` that start with `prefix` ("GET /api/cases/...").
size_t sent_since(const fake::Http& http, size_t from, const std::string& prefix) {
    size_t n = 0;
    for (size_t i = from; i < http.sent.size(); i++)
        n += http.sent[i].rfind(prefix, 0) == 0;
    return n;
}

} // namespace

TEST_CASE("each of the applicant's items says whether the office has read it; the office's unseen ones are new",
          "[intake][case][read]") {
    CaseServer server;
    server.add(message("Meine erste Frage"), "applicant");
    server.items.back().read_by_office = true;
    server.add(message("Meine zweite Frage"), "applicant");
    server.add(message("Schon gelesen"), "office");
    server.items.back().read_by_applicant = true;
    server.add(message("Neue Antwort"), "office");
    server.cut_reads = 1; // the PUT for the new reply does not arrive
    Applicant b;
    open_case(b, server, server.code.text());
    REQUIRE(b.intake.screen.step() == Step::Case);
    const auto talk = b.intake.my_case.conversation();
    REQUIRE(talk.size() == 4);
    CHECK(talk[0]->read_by_office);
    CHECK_FALSE(talk[1]->read_by_office);
    CHECK_FALSE(talk[2]->is_new);
    CHECK(talk[3]->is_new);
    CHECK_FALSE(talk[3]->read_by_applicant); // the mark did not arrive: not said to be read
    CHECK(server.reads.empty());

    // The next look sends the mark again; the reply stays "new" for this visit.
    server.items[1].read_by_office = true;
    b.intake.my_case.reload();
    server.serve(b.w);
    REQUIRE(server.reads.size() == 1);
    CHECK(server.reads[0] == server.items[3].id);
    CHECK(talk[3]->read_by_applicant);
    CHECK(talk[3]->is_new);
    CHECK(talk[1]->read_by_office);
    // Marked once: a further look does not mark it again.
    b.intake.my_case.reload();
    server.serve(b.w);
    CHECK(server.reads.size() == 1);
}

TEST_CASE("a look again fetches only the items not yet opened; one that failed is fetched again",
          "[intake][case][reload]") {
    CaseServer server;
    server.add(message("Erste"));
    server.add(message("Zweite"));
    server.add(message("Dritte"));
    Applicant b;
    open_case(b, server, server.code.text());
    REQUIRE(b.intake.screen.step() == Step::Case);
    const std::string item_get = "GET " + server.base() + "/items/";
    CHECK(sent_since(b.w.http, 0, item_get) == 3);

    // reload(): the list only, nothing fetched again.
    size_t from = b.w.http.sent.size();
    b.intake.my_case.reload();
    server.serve(b.w);
    CHECK(sent_since(b.w.http, from, "GET " + server.base()) == 1);
    CHECK(sent_since(b.w.http, from, item_get) == 0);

    // A new reply: only it is fetched.
    const std::string fourth = server.add(message("Vierte"));
    from = b.w.http.sent.size();
    b.intake.my_case.reload();
    server.serve(b.w);
    CHECK(sent_since(b.w.http, from, item_get) == 1);
    CHECK(sent_since(b.w.http, from, item_get + fourth) == 1);
    REQUIRE(b.intake.my_case.conversation().size() == 4);

    // The case opened again (Back to the code page, the code once more): kdf and list, no item.
    b.intake.history_moved(b.w.history.back());
    REQUIRE(b.intake.screen.step() == Step::CaseCode);
    from = b.w.http.sent.size();
    b.intake.my_case.code = server.code.text();
    b.intake.my_case.submit();
    server.serve(b.w);
    REQUIRE(b.intake.screen.step() == Step::Case);
    CHECK(sent_since(b.w.http, from, item_get) == 0);
    CHECK(b.intake.my_case.conversation().size() == 4);
    CHECK(b.intake.my_case.conversation()[3]->item.text == "Vierte");

    // An item whose fetch failed is fetched again on the next look, and only it.
    server.add(message("Fünfte"));
    b.intake.my_case.reload();
    server.answer(b.w.http); // the list
    REQUIRE(b.w.http.pending.size() == 1);
    b.w.http.reply(503);     // the fifth item
    CHECK(b.intake.my_case.conversation()[4]->failed);
    from = b.w.http.sent.size();
    b.intake.my_case.reload();
    server.serve(b.w);
    CHECK(sent_since(b.w.http, from, item_get) == 1);
    CHECK(b.intake.my_case.conversation()[4]->item.text == "Fünfte");

    // Another case's code starts from nothing: nothing of the first stays.
    CaseServer other;
    other.add(message("Anderer Fall"));
    b.intake.history_moved(b.w.history.back());
    b.intake.my_case.code = other.code.text();
    b.intake.my_case.submit();
    other.serve(b.w);
    REQUIRE(b.intake.screen.step() == Step::Case);
    REQUIRE(b.intake.my_case.conversation().size() == 1);
    CHECK(b.intake.my_case.conversation()[0]->item.text == "Anderer Fall");
}
