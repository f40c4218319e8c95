// The staff page: sign in with one's own name and passphrase (staff_login.cpp), list the
// submissions, open one (decrypted here, in this browser, with the office key its envelope names),
// download its documents; one's own passphrase and two-step sign-in (staff_account.cpp); for
// admins, the staff accounts, the office key and the activity log (staff_admin.cpp).
// This file holds what they share: the session, its requests and its end, the navigation.
#include "ui/staff.h"

#include "core/submission.h"
#include "core/envelope.h"
#include "core/form.h"
#include "core/wipe.h"
#include "ui/form_view.h"
#include "ui/http.h"
#include "ui/widgets.h"

#include <cstdio>
#include <cstdlib>

namespace ui {
namespace staff {

Session g_session;
Step g_step = Step::Login;
Notice g_notice;

namespace {

std::string g_working;    // catalog key said on the Working page
// Bumped whenever a session ends: replies to its requests arrive after the wipe and are dropped.
unsigned g_epoch = 0;

struct SubmissionRow {
    std::string reference, received_at, expires_at;
    double size = 0;
};

struct Submissions {
    bool loading = false;
    Problem problem;
    std::vector<SubmissionRow> rows;

    SubmissionRow open;                  // the one on the detail page
    bool detail_loading = false;
    std::string detail_error;            // catalog key
    anl::ReceivedSubmission opened;
    std::optional<anl::Form> form;       // the office's form, to label the answers
};

Submissions g;

void close_submission() {
    for (auto& a : g.opened.attachments)
        anl::wipe(a.data);
    g.opened = {};
    g.detail_error.clear();
}

// Everything of the session: keys, typed fields, what was opened, what each page remembers.
void wipe_session() {
    g_epoch++;
    platform::forget_text_fields();
    close_submission();
    g.open = {};
    g.rows.clear();
    g.problem = {};
    g_session = Session{};   // the key pair and keyring are SecretBytes: wiped as they go
    g_notice = {};
    forget_login();
    forget_account_pages();
    forget_admin_pages();
}

// Days from 1970-01-01 to a civil date (Howard Hinnant's algorithm), to tell "expires soon".
long days_from_civil(long y, unsigned m, unsigned d) {
    y -= m <= 2;
    const long era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = unsigned(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + long(doe) - 719468;
}

// The day of an ISO time ("2026-11-25T09:30:00Z"), or nothing when it is not one.
std::optional<long> iso_day(const std::string& iso) {
    int y = 0, m = 0, d = 0;
    if (iso.size() < 10 || std::sscanf(iso.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 ||
        d > 31)
        return std::nullopt;
    return days_from_civil(y, unsigned(m), unsigned(d));
}

// Submissions that are deleted within this many days are marked "soon" in the list.
constexpr long kExpiresSoonDays = 7;

std::string expiry_text(const AppContext& ctx, const std::string& expires_at) {
    const auto day = iso_day(expires_at), today = iso_day(platform::now_iso());
    if (!day)
        return "";
    const std::string date = platform::format_local_date(expires_at);
    const bool soon = today && *day - *today <= kExpiresSoonDays;
    return ctx.format(soon ? "staff.list.expires_soon" : "staff.list.expires", {{"date", date}});
}

void load_list() {
    g.loading = true;
    api("GET", "/api/staff/submissions", nullptr, [](const platform::HttpResponse& r) {
        g.loading = false;
        const auto doc = json_body(r);
        if (r.status != 200 || !doc.is_object() || !doc.contains("submissions") || !doc["submissions"].is_array()) {
            g.problem = problem_of(r);
            return;
        }
        g.problem = {};
        g.rows.clear();
        for (const auto& item : doc["submissions"]) {
            SubmissionRow row{json_string(item, "reference"), json_string(item, "received_at"),
                              json_string(item, "expires_at"), 0};
            if (item.is_object() && item.contains("size") && item["size"].is_number())
                row.size = item["size"].get<double>();
            g.rows.push_back(row);
        }
    });
}

void open_submission(const SubmissionRow& row) {
    close_submission();
    g.open = row;
    g.detail_loading = true;
    go_to(Step::Detail);
    api("GET", "/api/staff/submissions/" + row.reference + "/envelope", nullptr,
        [reference = row.reference](const platform::HttpResponse& r) {
            if (g.open.reference != reference)
                return; // the worker went elsewhere meanwhile
            g.detail_loading = false;
            if (r.status != 200 || !g_session.keyring) {
                const Problem p = problem_of(r);
                g.detail_error = p.key == "staff.error.wait" ? "error.too_many_attempts" : p.key;
                return;
            }
            // The envelope names the office key it was sealed to: the current one or a retired one.
            auto opened = anl::open_envelope(r.body, *g_session.keyring);
            if (opened.error != anl::EnvelopeError::None) {
                g.detail_error = opened.error == anl::EnvelopeError::UnknownKey ? "staff.error.unknown_key"
                                                                                  : "staff.error.cannot_open";
                return;
            }
            g.opened = anl::read_submission(std::move(opened.parts));
            if (!g.opened.error.empty())
                g.detail_error = "staff.error.cannot_open";
        });
}

void list_page(const AppContext& ctx) {
    heading(ctx.t("staff.list.title"), "title");
    notice_status(ctx);
    problem_alert(ctx, "list.error", g.problem);
    if (button("refresh", ctx.t("staff.list.refresh"), ButtonStyle::Secondary, g.loading))
        load_list();
    if (g.loading)
        status("list.loading", ctx.t("status.loading"));
    else if (g.rows.empty())
        status("list.empty", ctx.t("staff.list.empty"));
    for (size_t i = 0; i < g.rows.size(); i++) {
        const SubmissionRow& row = g.rows[i];
        std::string label = row.reference + "  " + platform::format_local_time(row.received_at);
        const std::string expires = expiry_text(ctx, row.expires_at);
        if (!expires.empty())
            label += "  \xC2\xB7  " + expires; // a middle dot between the parts
        const std::string id = "submission." + row.reference;
        if (button(id, label, ButtonStyle::Secondary)) {
            open_submission(row);
            break;
        }
    }
}

void detail_page(const AppContext& ctx) {
    if (button("back", ctx.t("staff.detail.back"), ButtonStyle::Secondary)) {
        close_submission();
        g.open = {};
        show_list();
        return;
    }
    heading(ctx.format("staff.detail.title", {{"reference", g.open.reference}}), "title");
    paragraph(ctx.format("staff.detail.received", {{"time", platform::format_local_time(g.open.received_at)}}),
              "received", true);
    if (iso_day(g.open.expires_at))
        paragraph(ctx.format("staff.detail.expires", {{"date", platform::format_local_date(g.open.expires_at)}}),
                  "expires", true);
    if (g.detail_loading) {
        status("detail.loading", ctx.t("status.loading"));
        return;
    }
    if (!g.detail_error.empty()) {
        alert("detail.error", ctx.t(g.detail_error));
        return;
    }
    submitted_answers_view(ctx, g.form ? &*g.form : nullptr, g.opened.answers);
    subheading(ctx.t("staff.detail.documents"), "documents");
    if (g.opened.attachments.empty())
        paragraph(ctx.t("staff.detail.no_documents"), "no_documents", true);
    for (size_t i = 0; i < g.opened.attachments.size(); i++) {
        const auto& a = g.opened.attachments[i];
        const std::string id = "download." + std::to_string(i);
        if (button(id, ctx.format("staff.detail.download", {{"name", a.name}}), ButtonStyle::Secondary))
            platform::download(a.name, a.media_type, a.data);
    }
}

bool signed_in_step(Step s) { return s != Step::Login && s != Step::LoginCode && s != Step::Working; }

} // namespace

void go_to(Step step) {
    g_step = step;
    g_notice = {};
    platform::focus_widget("title");
    scroll_to_top();
}

void show_working(const std::string& status_key) {
    g_working = status_key;
    g_step = Step::Working;
    platform::focus_widget("working"); // the status is what a screen reader should be on now
}

anl::Bytes json_bytes(const nlohmann::json& j) { return anl::to_bytes(j.dump()); }

std::string error_code(const platform::HttpResponse& r) { return json_string(json_body(r), "error"); }

Problem problem_of(const platform::HttpResponse& r) {
    if (r.status == 429)
        return {"staff.error.wait", r.retry_after > 0 ? r.retry_after : 60};
    if (r.status == 403)
        return {error_code(r) == "forbidden" ? "staff.error.forbidden" : "error.rejected"};
    if (r.status == 409)
        return {"staff.error.conflict"};
    if (r.status == 507)
        return {"staff.error.storage_full"};
    return {http_error_key(r)};
}

void problem_alert(const AppContext& ctx, const std::string& id, const Problem& p) {
    if (p.empty())
        return;
    if (p.key == "staff.error.wait") {
        // Minutes when it is that long: "wait 900 seconds" is hard to take in.
        const bool minutes = p.seconds >= 120;
        const int n = minutes ? (p.seconds + 59) / 60 : p.seconds;
        alert(id, ctx.format(minutes ? "staff.error.wait_minutes" : "staff.error.wait_seconds",
                             {{"count", std::to_string(n)}}));
        return;
    }
    alert(id, ctx.t(p.key));
}

void notice_status(const AppContext& ctx) {
    if (!g_notice.key.empty())
        status("notice", ctx.format(g_notice.key, g_notice.args));
}

void api(const std::string& method, const std::string& url, const nlohmann::json& body,
         std::function<void(const platform::HttpResponse&)> done) {
    std::map<std::string, std::string> headers;
    anl::Bytes bytes;
    if (!body.is_null()) {
        headers["Content-Type"] = "application/json";
        bytes = json_bytes(body);
    }
    const unsigned epoch = g_epoch;
    platform::http(method, url, headers, bytes, [epoch, done = std::move(done)](const platform::HttpResponse& r) {
        if (epoch != g_epoch)
            return;
        if (r.status == 401 && error_code(r) != "invalid_totp") {
            session_ended();
            return;
        }
        // A first passphrase (handed over by an admin) allows nothing else until it is changed.
        if (r.status == 403 && error_code(r) == "passphrase_change_required") {
            g_session.must_change_passphrase = true;
            show_passphrase();
            return;
        }
        done(r);
    });
}

void after_paint_in_session(std::function<void()> fn) {
    const unsigned epoch = g_epoch;
    platform::after_paint([epoch, fn = std::move(fn)] {
        if (epoch == g_epoch)
            fn();
    });
}

void signed_in(const nlohmann::json& body, anl::StaffKeys staff, anl::Keyring keyring) {
    g_session = Session{};
    g_session.active = true;
    g_session.name = json_string(body, "name");
    g_session.role = json_string(body, "role");
    g_session.must_change_passphrase = body.value("must_change_passphrase", false);
    g_session.totp_enabled = body.value("totp_enabled", false);
    g_session.staff = std::move(staff);
    g_session.keyring = std::move(keyring);
    // Someone who signed in with a passphrase handed to them chooses their own first.
    if (g_session.must_change_passphrase)
        show_passphrase();
    else
        show_list();
}

void lock() {
    if (g_session.active) // ends it on the server too; the page forgets either way
        platform::http("DELETE", "/api/staff/session", {}, {}, [](const platform::HttpResponse&) {});
    wipe_session();
    go_to(Step::Login);
}

void session_ended() {
    wipe_session();
    go_to(Step::Login);
    set_login_problem({"staff.error.session_ended"});
}

void show_list() {
    go_to(Step::List);
    load_list();
}

// Where a signed-in staff member can go: a row of links (the current page marked, aria-current)
// and who is signed in. Admin pages appear for admins only (the server refuses them anyway).
void navigation(const AppContext& ctx) {
    const Step s = g_step;
    const bool admin_page = s == Step::Accounts || s == Step::AddAccount || s == Step::AccountAdded ||
                            s == Step::RemoveAccount || s == Step::Rotate;
    if (inline_link("nav.list", ctx.t("staff.nav.submissions"), "", s == Step::List || s == Step::Detail, true))
        show_list();
    if (inline_link("nav.passphrase", ctx.t("staff.nav.passphrase"), "", s == Step::Passphrase, false))
        show_passphrase();
    if (inline_link("nav.two_step", ctx.t("staff.nav.two_step"), "", s == Step::TwoStep, false))
        show_two_step();
    if (g_session.admin()) {
        if (inline_link("nav.accounts", ctx.t("staff.nav.accounts"), "", admin_page, false))
            show_accounts();
        if (inline_link("nav.audit", ctx.t("staff.nav.audit"), "", s == Step::Audit, false))
            show_audit();
    }
    spacer(4);
    paragraph(ctx.format("staff.signed_in", {{"name", g_session.name},
                                             {"role", ctx.t(g_session.admin() ? "staff.role.admin" : "staff.role.intake")}}),
              "signed_in", true);
    spacer(8);
}

} // namespace staff

using namespace staff;

void staff_start(AppContext&) {
    platform::focus_widget("title"); // the login page's heading, as on every later page
    // Without the form, answers are listed under their ids.
    fetch_form([](std::optional<anl::Form> form) { g.form = std::move(form); });
}

void staff_frame(AppContext& ctx) {
    begin_page("staff");
    header_bar(ctx.t("staff.app_name"), "banner");
    language_links(ctx);
    display_settings(ctx);
    const bool session_page = g_session.active && signed_in_step(g_step);
    if (session_page)
        navigation(ctx);
    switch (g_step) {
    case Step::Login: login_page(ctx); break;
    case Step::LoginCode: login_code_page(ctx); break;
    case Step::Working: status("working", ctx.t(g_working)); break;
    case Step::List: list_page(ctx); break;
    case Step::Detail: detail_page(ctx); break;
    case Step::Passphrase: passphrase_page(ctx); break;
    case Step::TwoStep: two_step_page(ctx); break;
    case Step::Accounts: accounts_page(ctx); break;
    case Step::AddAccount: add_account_page(ctx); break;
    case Step::AccountAdded: account_added_page(ctx); break;
    case Step::RemoveAccount: remove_account_page(ctx); break;
    case Step::Rotate: rotate_page(ctx); break;
    case Step::Audit: audit_page(ctx); break;
    }
    // Every signed-in page ends with Lock, the one-moment page too (a request that hangs must not
    // keep the keys on screen); a page may have moved on to the login page meanwhile.
    if (g_session.active && g_step != Step::Login && g_step != Step::LoginCode) {
        spacer(24);
        if (button("lock", ctx.t("staff.lock"), ButtonStyle::Warning))
            lock();
    }
    end_page();
}

} // namespace ui
