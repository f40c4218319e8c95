// The applicant's page: a short form, encrypted in the browser, sent, answered with a reference.
#include "core/application.h"
#include "core/envelope.h"
#include "core/file_name.h"
#include "ui/app.h"
#include "ui/http.h"
#include "ui/widgets.h"

#include <sodium.h>

#include <cstdio>

namespace ui {
namespace {

enum class Step { Loading, LoadFailed, Form, Sending, Done };

struct Applicant {
    Step step = Step::Loading;
    anl::Bytes office_public_key;
    anl::Application app;
    std::vector<anl::FieldError> errors;
    std::string attachment_error;   // catalog key
    std::string send_error;         // catalog key
    std::string reference;
    bool copied = false;
};

Applicant g;

std::string field_error(const AppContext& ctx, const char* field) {
    for (const auto& e : g.errors)
        if (e.field == field)
            return ctx.t(e.message_key);
    return "";
}

std::string human_size(double bytes) {
    char buf[32];
    if (bytes < 1024) std::snprintf(buf, sizeof buf, "%.0f B", bytes);
    else if (bytes < 1024 * 1024) std::snprintf(buf, sizeof buf, "%.0f KB", bytes / 1024);
    else std::snprintf(buf, sizeof buf, "%.1f MB", bytes / (1024 * 1024));
    return buf;
}

// Forgets everything typed: after sending, and when a kiosk user presses "finish".
void wipe_answers() {
    auto wipe = [](std::string& s) { sodium_memzero(s.data(), s.size()); s.clear(); };
    wipe(g.app.full_name);
    wipe(g.app.birth_date);
    wipe(g.app.message);
    if (g.app.attachment)
        sodium_memzero(g.app.attachment->data.data(), g.app.attachment->data.size());
    g.app.attachment.reset();
    g.errors.clear();
    g.attachment_error.clear();
    platform::forget_text_fields();
}

void load_config() {
    platform::http("GET", "/api/config", {}, {}, [](const platform::HttpResponse& r) {
        const auto cfg = json_body(r);
        const auto pk = anl::from_base64(json_string(cfg, "office_public_key"));
        if (r.status != 200 || !pk || pk->size() != 32) {
            g.step = Step::LoadFailed;
            return;
        }
        g.office_public_key = *pk;
        g.step = Step::Form;
    });
}

void send(const AppContext& ctx) {
    g.errors = anl::validate_application(g.app, ctx.today());
    if (!g.errors.empty()) {
        scroll_to_top();
        return;
    }
    platform::end_text_editing();
    g.send_error.clear();
    g.step = Step::Sending;
    // Encrypt after the "sending" state has been painted: sealing a large photo takes a moment.
    platform::after_paint([] {
        std::vector<anl::Part> parts = anl::submission_parts(g.app);
        const anl::Bytes envelope = anl::seal_envelope(parts, g.office_public_key);
        for (auto& part : parts) // plaintext copies do not outlive the sealing
            sodium_memzero(part.plaintext.data(), part.plaintext.size());
        platform::http("POST", "/api/submissions", {{"Content-Type", "application/octet-stream"}}, envelope,
                       [](const platform::HttpResponse& r) {
                           const std::string reference = json_string(json_body(r), "reference");
                           if (r.status == 201 && !reference.empty()) {
                               g.reference = reference;
                               wipe_answers();
                               g.step = Step::Done;
                           } else {
                               g.send_error = http_error_key(r);
                               g.step = Step::Form; // answers are still there; try again
                           }
                       });
    });
}

void attachment_slot(const AppContext& ctx) {
    subheading(ctx.t("form.attachment.label"), "attachment.label");
    paragraph(ctx.t("form.attachment.hint"), "attachment.hint", true);
    if (!g.attachment_error.empty())
        alert("attachment.error", ctx.t(g.attachment_error));

    platform::PickedFile picked;
    if (platform::take_picked_file(file_button_id("attachment.choose"), picked, double(anl::kMaxAttachmentBytes))) {
        g.attachment_error.clear();
        if (picked.too_large)
            g.attachment_error = "error.attachment.too_large";
        else
            g.app.attachment = anl::Attachment{picked.name, picked.media_type, std::move(picked.data)};
    }
    if (g.app.attachment) {
        status("attachment.chosen", ctx.catalog.format("form.attachment.chosen",
                                                       {{"name", anl::sanitize_file_name(g.app.attachment->name)},
                                                        {"size", human_size(double(g.app.attachment->data.size()))}}));
        if (button("attachment.remove", ctx.t("form.attachment.remove"), ButtonStyle::Secondary)) {
            sodium_memzero(g.app.attachment->data.data(), g.app.attachment->data.size());
            g.app.attachment.reset();
        }
    } else {
        file_button("attachment.choose", ctx.t("form.attachment.choose"),
                    "image/*,application/pdf,.pdf,.jpg,.jpeg,.png,.heic", double(anl::kMaxAttachmentBytes));
    }
}

void form_page(const AppContext& ctx) {
    heading(ctx.t("form.title"), "title");
    paragraph(ctx.t("form.intro"), "intro");
    paragraph(ctx.t("form.privacy"), "privacy", true);
    spacer(8);

    if (!g.send_error.empty())
        alert("send.error", ctx.t(g.send_error));
    if (!g.errors.empty()) {
        std::vector<std::pair<std::string, std::string>> items;
        for (const auto& e : g.errors)
            items.push_back({e.field, ctx.t(e.message_key)});
        const std::string go_to = error_summary("error-summary", ctx.t("error.summary_title"), items);
        if (!go_to.empty())
            scroll_to_field(go_to);
    }

    platform::TextFieldSpec name_spec;
    name_spec.autocomplete = "name";
    name_spec.max_length = int(anl::kMaxNameChars);
    text_field("full_name", {ctx.t("form.full_name.label"), ctx.t("form.full_name.hint"), field_error(ctx, "full_name"), true},
               g.app.full_name, name_spec);

    platform::TextFieldSpec date_spec;
    date_spec.autocomplete = "bday";
    date_spec.inputmode = "numeric";
    date_spec.max_length = 12;
    text_field("birth_date", {ctx.t("form.birth_date.label"), ctx.t("form.birth_date.hint"), field_error(ctx, "birth_date"), true},
               g.app.birth_date, date_spec);

    platform::TextFieldSpec message_spec;
    message_spec.max_length = int(anl::kMaxMessageChars);
    text_field("message", {ctx.t("form.message.label"), ctx.t("form.message.hint"), field_error(ctx, "message"), true},
               g.app.message, message_spec, 5);

    attachment_slot(ctx);
    spacer(16);
    if (button("send", ctx.t("form.send")))
        send(ctx);
}

void done_page(const AppContext& ctx) {
    panel("confirmation", ctx.t("done.title"), ctx.t("done.reference_label"), g.reference);
    subheading(ctx.t("done.next_title"), "done.next_title");
    paragraph(ctx.t("done.next_body"), "done.next_body");
    paragraph(ctx.t("done.keep_reference"), "done.keep_reference");
    if (button("copy", ctx.t("done.copy"), ButtonStyle::Secondary)) {
        platform::copy_to_clipboard(g.reference);
        g.copied = true;
    }
    if (button("finish", ctx.t("done.finish"))) {
        if (g.copied) // a kiosk's clipboard must not hand the reference to the next person
            platform::copy_to_clipboard("");
        g.copied = false;
        g.reference.clear();
        g.step = Step::Form;
    }
}

} // namespace

void applicant_start(AppContext&) { load_config(); }

void applicant_frame(AppContext& ctx) {
    begin_page("applicant");
    header_bar(ctx.t("app.office_name"), "banner");
    if (g.step != Step::Sending)
        language_links(ctx);
    display_settings(ctx);
    switch (g.step) {
    case Step::Loading: status("loading", ctx.t("status.loading")); break;
    case Step::LoadFailed: alert("load.error", ctx.t("error.network")); break;
    case Step::Form: form_page(ctx); break;
    case Step::Sending: status("sending", ctx.t("form.sending")); break;
    case Step::Done: done_page(ctx); break;
    }
    end_page();
}

} // namespace ui
