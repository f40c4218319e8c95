// The intake worker's page: unlock the office key with the staff passphrase, list submissions,
// open one (decrypted here, in this browser), download its documents.
#include "core/application.h"
#include "core/envelope.h"
#include "core/office_key.h"
#include "core/form.h"
#include "core/wipe.h"
#include "ui/app.h"
#include "ui/form_view.h"
#include "ui/http.h"
#include "ui/widgets.h"

#include <cstdio>

namespace ui {
namespace {

enum class Step { Locked, Unlocking, List, Detail };

struct SubmissionRow {
    std::string reference, received_at;
    double size = 0;
};

struct Staff {
    Step step = Step::Locked;
    std::optional<anl::KdfParams> kdf;
    bool kdf_failed = false;
    std::string passphrase;
    std::string error;                   // catalog key
    std::string token_b64;
    std::optional<anl::OfficeKeys> keys;

    bool list_loading = false;
    std::vector<SubmissionRow> rows;

    std::string open_reference, open_received;
    bool detail_loading = false;
    std::string detail_error;            // catalog key
    anl::ReceivedSubmission opened;
    std::optional<anl::Form> form;       // the office's form, to label the answers
};

Staff g;

// A new step is a new page: its heading takes the focus, so a screen reader starts reading there
// (and a keyboard user's next Tab starts from it), and the page starts at its top.
void go_to(Step step) {
    g.step = step;
    platform::focus_widget("title");
    scroll_to_top();
}

void close_submission() {
    for (auto& a : g.opened.attachments)
        anl::wipe(a.data);
    g.opened = {};
    g.detail_error.clear();
}

void lock() {
    platform::forget_text_fields();
    close_submission();
    if (g.keys)
        anl::wipe(g.keys->secret_key);
    g.keys.reset();
    anl::wipe(g.token_b64);
    anl::wipe(g.passphrase);
    g.rows.clear();
    go_to(Step::Locked);
}

std::map<std::string, std::string> auth() { return {{"Authorization", "Bearer " + g.token_b64}}; }

void load_kdf() {
    platform::http("GET", "/api/staff/kdf", {}, {}, [](const platform::HttpResponse& r) {
        g.kdf = r.status == 200 ? anl::kdf_params_from_json(json_body(r)) : std::nullopt;
        g.kdf_failed = !g.kdf;
    });
}

void load_list() {
    g.list_loading = true;
    platform::http("GET", "/api/staff/submissions", auth(), {}, [](const platform::HttpResponse& r) {
        g.list_loading = false;
        const auto doc = json_body(r);
        if (r.status != 200 || !doc.is_object() || !doc.contains("submissions") || !doc["submissions"].is_array()) {
            g.error = http_error_key(r);
            return;
        }
        g.error.clear();
        g.rows.clear();
        for (const auto& item : doc["submissions"]) {
            SubmissionRow row{json_string(item, "reference"), json_string(item, "received_at"), 0};
            if (item.is_object() && item.contains("size") && item["size"].is_number())
                row.size = item["size"].get<double>();
            g.rows.push_back(row);
        }
    });
}

// Runs Argon2id (blocking for a moment, so after the "unlocking" state is painted), proves the
// passphrase to the server with the derived token, and unwraps the office key it returns.
void unlock() {
    platform::end_text_editing();
    if (!g.kdf || g.passphrase.empty()) {
        g.error = g.kdf ? "staff.error.passphrase_required" : "error.network";
        return;
    }
    g.error.clear();
    g.step = Step::Unlocking;
    platform::after_paint([] {
        auto secrets = anl::derive_staff_secrets(g.passphrase, *g.kdf);
        anl::wipe(g.passphrase);
        platform::forget_text_fields(); // the platform's copy of the passphrase too
        if (!secrets) {
            g.error = "staff.error.out_of_memory";
            g.step = Step::Locked;
            return;
        }
        g.token_b64 = anl::to_base64(secrets->staff_token);
        auto wrapping_key = std::make_shared<anl::Bytes>(std::move(secrets->wrapping_key));
        platform::http("GET", "/api/staff/office-key", auth(), {}, [wrapping_key](const platform::HttpResponse& r) {
            if (r.status == 200)
                g.keys = anl::unwrap_office_keys(json_body(r), *wrapping_key);
            anl::wipe(*wrapping_key);
            if (!g.keys) {
                g.error = r.status == 200 ? "staff.error.key_mismatch" : http_error_key(r);
                anl::wipe(g.token_b64);
                g.step = Step::Locked;
                return;
            }
            go_to(Step::List);
            load_list();
        });
    });
}

void open_submission(const SubmissionRow& row) {
    close_submission();
    g.open_reference = row.reference;
    g.open_received = row.received_at;
    g.detail_loading = true;
    go_to(Step::Detail);
    platform::http("GET", "/api/staff/submissions/" + row.reference + "/envelope", auth(), {},
                   [reference = row.reference](const platform::HttpResponse& r) {
                       if (g.open_reference != reference)
                           return; // the worker went elsewhere meanwhile
                       g.detail_loading = false;
                       if (r.status != 200 || !g.keys) {
                           g.detail_error = http_error_key(r);
                           return;
                       }
                       auto opened = anl::open_envelope(r.body, g.keys->public_key, g.keys->secret_key);
                       if (opened.error != anl::EnvelopeError::None) {
                           g.detail_error = "staff.error.cannot_open";
                           return;
                       }
                       g.opened = anl::read_submission(std::move(opened.parts));
                       if (!g.opened.error.empty())
                           g.detail_error = "staff.error.cannot_open";
                   });
}

void locked_page(const AppContext& ctx) {
    heading(ctx.t("staff.unlock.title"), "title");
    paragraph(ctx.t("staff.unlock.intro"), "intro");
    if (g.kdf_failed)
        alert("kdf.error", ctx.t("error.network"));
    if (!g.error.empty())
        alert("unlock.error", ctx.t(g.error));
    platform::TextFieldSpec spec;
    spec.type = "password";
    spec.autocomplete = "current-password";
    text_field("passphrase", {ctx.t("staff.unlock.passphrase"), "", "", true}, g.passphrase, spec);
    if (button("unlock", ctx.t("staff.unlock.button"), ButtonStyle::Primary, !g.kdf))
        unlock();
}

void list_page(const AppContext& ctx) {
    heading(ctx.t("staff.list.title"), "title");
    if (!g.error.empty())
        alert("list.error", ctx.t(g.error));
    if (button("refresh", ctx.t("staff.list.refresh"), ButtonStyle::Secondary, g.list_loading))
        load_list();
    if (g.list_loading)
        status("list.loading", ctx.t("status.loading"));
    else if (g.rows.empty())
        status("list.empty", ctx.t("staff.list.empty"));
    for (size_t i = 0; i < g.rows.size(); i++) {
        const SubmissionRow& row = g.rows[i];
        const std::string label = row.reference + "  " + platform::format_local_time(row.received_at);
        const std::string id = "submission." + row.reference;
        if (button(id.c_str(), label, ButtonStyle::Secondary)) {
            open_submission(row);
            break;
        }
    }
    spacer(16);
    if (button("lock", ctx.t("staff.lock"), ButtonStyle::Warning))
        lock();
}

void detail_page(const AppContext& ctx) {
    if (button("back", ctx.t("staff.detail.back"), ButtonStyle::Secondary)) {
        close_submission();
        g.open_reference.clear();
        go_to(Step::List);
        load_list();
        return;
    }
    heading(ctx.catalog.format("staff.detail.title", {{"reference", g.open_reference}}), "title");
    paragraph(ctx.catalog.format("staff.detail.received", {{"time", platform::format_local_time(g.open_received)}}),
              "received", true);
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
        if (button(id.c_str(), ctx.catalog.format("staff.detail.download", {{"name", a.name}}), ButtonStyle::Secondary))
            platform::download(a.name, a.media_type, a.data);
    }
}

} // namespace

void staff_start(AppContext&) {
    load_kdf();
    // Without the form, answers are listed under their ids.
    fetch_form([](std::optional<anl::Form> form) { g.form = std::move(form); });
}

void staff_frame(AppContext& ctx) {
    begin_page("staff");
    header_bar(ctx.t("staff.app_name"), "banner");
    language_links(ctx);
    display_settings(ctx);
    switch (g.step) {
    case Step::Locked: locked_page(ctx); break;
    case Step::Unlocking: status("unlocking", ctx.t("staff.unlock.working")); break;
    case Step::List: list_page(ctx); break;
    case Step::Detail: detail_page(ctx); break;
    }
    end_page();
}

} // namespace ui
