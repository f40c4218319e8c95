// The intake worker's day, walked natively: the list, a submission sealed to the office key and
// opened here with the keyring, its document downloaded, and the ends of a session: "Lock", and
// a session the server ended.
#include "staff_office.h"

using app::staff::Expiry;
using app::staff::Step;
using namespace staff_test;

namespace {

const anl::Bytes kPdf = anl::to_bytes("%PDF-1.4\n% the applicant's ID\n");

// What an applicant's browser sends: the answers document first, then the document it names.
anl::Bytes sealed_submission() {
    const json answers = {{"form", "social-assistance"},
                          {"answers", {{"first_name", "Tastatur"}, {"city", "Biel/Bienne"}}},
                          {"attachments", {{{"part", 1}, {"name", "ausweis.pdf"}, {"media_type", "application/pdf"}}}}};
    return anl::seal_envelope({{anl::PartType::Answers, anl::to_bytes(answers.dump())},
                               {anl::PartType::Attachment, kPdf}},
                              office().keys.public_key);
}

const json kList = {{"submissions",
                     {{{"reference", "K7QD-9XMA"}, {"received_at", "2026-12-01T09:30:00Z"}, {"size", 4096},
                       {"expires_at", "2026-12-05T09:30:00Z"}},
                      {{"reference", "P4TR-22HX"}, {"received_at", "2026-11-20T14:00:00Z"}, {"size", 1024},
                       {"expires_at", "2027-02-18T14:00:00Z"}}}}};

} // namespace

TEST_CASE("the list shows the submissions, and one opens decrypted with its document to download", "[staff]") {
    Desk d;
    sign_in(d.w, d.staff, office().worker);
    reply_json(d.w, 200, kList);
    auto& subs = d.staff.submissions;
    REQUIRE(subs.rows.size() == 2);
    CHECK(subs.rows[0].reference == "K7QD-9XMA");
    CHECK(subs.rows[0].received_at == "2026-12-01T09:30:00Z"); // the page formats it in local time
    CHECK(subs.expiry(subs.rows[0].expires_at) == Expiry::Soon); // 3 days after the clock's today
    CHECK(subs.expiry(subs.rows[1].expires_at) == Expiry::Later);
    CHECK(subs.expiry("") == Expiry::Unknown);

    subs.open_row(subs.rows[0]);
    CHECK(d.staff.screen.step() == Step::Detail);
    CHECK(subs.detail_loading);
    REQUIRE(d.w.http.next().url == "/api/staff/submissions/K7QD-9XMA/envelope");
    d.w.http.reply(200, sealed_submission());
    CHECK_FALSE(subs.detail_loading);
    CHECK(subs.detail_error.empty());
    CHECK(subs.opened.answers["answers"]["first_name"] == "Tastatur");
    REQUIRE(subs.opened.attachments.size() == 1);
    CHECK(subs.opened.attachments[0].name == "ausweis.pdf");

    subs.download(0);
    REQUIRE(d.w.device.downloads.size() == 1);
    CHECK(d.w.device.downloads[0].name == "ausweis.pdf");
    CHECK(d.w.device.downloads[0].media_type == "application/pdf");
    CHECK(d.w.device.downloads[0].data == kPdf);

    subs.back();
    CHECK(d.staff.screen.step() == Step::List);
    CHECK(subs.opened.attachments.empty());
    CHECK(d.w.http.next().url == "/api/staff/submissions"); // read again
}

TEST_CASE("an envelope sealed to a key the keyring does not hold says so", "[staff]") {
    Desk d;
    sign_in(d.w, d.staff, office().worker);
    reply_json(d.w, 200, kList);
    d.staff.submissions.open_row(d.staff.submissions.rows[1]);
    const anl::OfficeKeys other = anl::new_office_keys();
    d.w.http.reply(200, anl::seal_envelope({{anl::PartType::Answers, anl::to_bytes("{\"answers\":{}}")}},
                                           other.public_key));
    CHECK(d.staff.submissions.detail_error == "staff.error.unknown_key");
}

TEST_CASE("a list that cannot be read says why, and a throttled one how long to wait", "[staff]") {
    Desk d;
    sign_in(d.w, d.staff, office().worker);
    d.w.http.reply(503);
    CHECK(d.staff.submissions.problem.key == "error.server");
    d.staff.submissions.reload();
    d.w.http.reply(429, {}, 30);
    CHECK(d.staff.submissions.problem.key == "staff.error.wait");
    CHECK(d.staff.submissions.problem.seconds == 30);
}

TEST_CASE("Lock ends the session on the server, wipes the keys, then starts a fresh page once", "[staff]") {
    Desk d;
    sign_in(d.w, d.staff, office().worker);
    reply_json(d.w, 200, kList);
    d.staff.submissions.open_row(d.staff.submissions.rows[0]);
    d.w.http.reply(200, sealed_submission());

    d.staff.lock();
    d.staff.lock(); // a second press changes nothing
    CHECK_FALSE(d.staff.session.active());
    CHECK_FALSE(d.staff.session.staff);
    CHECK_FALSE(d.staff.session.keyring);
    CHECK(d.staff.submissions.rows.empty());
    CHECK(d.staff.submissions.opened.attachments.empty());
    CHECK(d.staff.submissions.opened.answers.is_null());
    CHECK_FALSE(d.staff.shows_lock());
    CHECK(d.w.http.sent.back() == "DELETE /api/staff/session");
    CHECK(d.w.http.pending.size() == 1);
    CHECK(d.w.device.fresh_starts == 0); // not before the server has heard of it
    d.w.http.reply(204);
    CHECK(d.w.device.fresh_starts == 1);
}

TEST_CASE("a reply that arrives after Lock is dropped", "[staff]") {
    Desk d;
    sign_in(d.w, d.staff, office().worker);
    d.staff.lock();                         // the list request is still on its way
    reply_json(d.w, 200, kList);            // ... and arrives now
    CHECK(d.staff.submissions.rows.empty());
    CHECK_FALSE(d.staff.submissions.loading);
    d.w.http.reply(204);
    CHECK(d.w.device.fresh_starts == 1);
}

TEST_CASE("a session the server ended is wiped in place and the login page says so", "[staff]") {
    Desk d;
    sign_in(d.w, d.staff, office().worker);
    reply_json(d.w, 200, kList);
    d.staff.submissions.open_row(d.staff.submissions.rows[0]);
    reply_json(d.w, 401, {{"error", "unauthorized"}});
    CHECK(d.staff.screen.step() == Step::Login);
    CHECK(d.staff.login.problem.key == "staff.error.session_ended");
    CHECK_FALSE(d.staff.session.active());
    CHECK_FALSE(d.staff.session.keyring);
    CHECK(d.staff.submissions.rows.empty());
    CHECK(d.w.device.fresh_starts == 0); // the message must be seen
    CHECK(d.w.http.pending.empty());
}

TEST_CASE("a first passphrase the server still waits for leads to the passphrase page", "[staff]") {
    Desk d;
    sign_in(d.w, d.staff, office().worker);
    reply_json(d.w, 403, {{"error", "passphrase_change_required"}});
    CHECK(d.staff.session.must_change_passphrase);
    CHECK(d.staff.screen.step() == Step::Passphrase);
}
