// "My case" (app/intake/my_case.h): the page to enter the case code, and the case page with the
// status timeline, the office's requests as a checklist, the messages both ways and "send a
// question" and "send a document" (the upload's progress while it goes). Errors go to an error summary that links to the field, as on the question pages.
#include "ui/intake/pages.h"

#include "core/date.h"
#include "platform/page.h"
#include "ui/widgets.h"

#include <algorithm>

namespace ui::intake {

namespace {

using app::intake::CaseEntry;

constexpr const char* kCodeField = "q.case_code";
constexpr const char* kQuestionField = "q.case_question";

// A status's name and its plain-language explanation: the catalog's for the standard ones,
// the office's own words for one it defined.
std::string status_title(const AppContext& ctx, const anl::CaseItem& item) {
    if (anl::is_standard_status(item.status))
        return ctx.t("case.status." + item.status);
    return item.text.empty() ? item.status : item.text;
}

std::string status_detail(const AppContext& ctx, const anl::CaseItem& item) {
    if (anl::is_standard_status(item.status))
        return ctx.t("case.status." + item.status + ".detail");
    return "";
}

void status_section(const AppContext& ctx, const Intake& in) {
    subheading(ctx.t("case.status_title"), "case.status_title");
    const std::string states[3] = {ctx.t("timeline.done"), ctx.t("timeline.current"), ctx.t("timeline.upcoming")};
    std::vector<TimelineStep> steps;
    const auto all = in.my_case.statuses();
    if (all.empty()) // nothing from the office yet: the application was received
        steps.push_back({ctx.t("case.status.received"), ctx.t("case.status.received.detail"), StepState::Current});
    for (size_t i = 0; i < all.size(); i++) {
        const bool latest = i + 1 == all.size();
        steps.push_back({status_title(ctx, all[i]->item) + " (" + platform::format_local_time(all[i]->created_at) + ")",
                         latest ? status_detail(ctx, all[i]->item) : "",
                         latest ? StepState::Current : StepState::Done});
    }
    status_timeline("case.timeline", ctx.t("case.status_title"), steps, states);
}

std::string request_label(const AppContext& ctx, const Intake& in, const anl::CaseItem& item) {
    if (!item.text.empty())
        return item.text;
    if (!item.document.empty() && in.form)
        for (const auto& page : in.form->pages)
            for (const auto& q : page.questions)
                if (q.id == item.document)
                    return ctx.t(q.label);
    return item.document;
}

// A file picked for `button` goes to the case as a document (answering `request_id`, or none).
void take_document(Intake& in, const std::string& button, const std::string& request_id) {
    platform::PickedFile picked;
    if (platform::take_picked_file(file_button_id(button), picked, app::intake::kMaxCaseDocumentBytes))
        in.my_case.send_document(request_id, {picked.name, picked.media_type, std::move(picked.data), picked.too_large});
}

// "2 min", "40 s": the time an upload still needs.
std::string time_left(const AppContext& ctx, double seconds) {
    if (seconds >= 90)
        return ctx.format("case.time_minutes", {{"n", std::to_string(int(seconds / 60 + 0.5))}});
    return ctx.format("case.time_seconds", {{"n", std::to_string(int(seconds + 0.999))}});
}

// While a document is on its way: a bar with the bytes sent and the time left, and (said once,
// as a status) that the connection was lost and the upload goes on by itself.
void upload_progress(const AppContext& ctx, const Intake& in) {
    const app::UploadProgress& p = in.my_case.upload;
    const std::vector<std::pair<std::string, std::string>> args = {
        {"sent", human_size(double(p.sent))}, {"total", human_size(double(p.total))},
        {"time", p.seconds_left < 0 ? "" : time_left(ctx, p.seconds_left)}};
    progress(ctx.format(p.seconds_left < 0 ? "case.upload_progress_unknown" : "case.upload_progress", args),
             "case.upload", size_t(p.sent / 1024), size_t(std::max<uint64_t>(p.total / 1024, 1)));
    if (p.retrying)
        status("case.upload.retrying", ctx.t("case.upload_retrying"));
}

void requests_section(const AppContext& ctx, Intake& in) {
    subheading(ctx.t("case.requests_title"), "case.requests_title");
    const auto requests = in.my_case.requests();
    if (requests.empty()) {
        paragraph(ctx.t("case.requests_none"), "case.requests_none", true);
        return;
    }
    for (const auto& r : requests) {
        const char* state = r.state == anl::RequestState::Fulfilled ? "case.request.fulfilled"
                            : r.state == anl::RequestState::Overdue ? "case.request.overdue"
                                                                    : "case.request.open";
        const std::string value = ctx.format(state, {{"date", anl::due_date_text(r.entry->item.due)}});
        summary_row("case.request." + r.entry->id, request_label(ctx, in, r.entry->item), value, "", "");
        if (!r.entry->item.explanation.empty())
            paragraph(r.entry->item.explanation, "case.request." + r.entry->id + ".why", true);
        if (r.state == anl::RequestState::Fulfilled)
            continue;
        const std::string button = "case.request." + r.entry->id + ".add";
        const std::string id = r.entry->id; // the entry may move when the document is added
        if (in.my_case.uploading()) {
            if (in.my_case.document_for == id)
                upload_progress(ctx, in);
            continue;
        }
        take_document(in, button, id);
        file_button(button, ctx.t("case.request.send"), kDocumentAccept, app::intake::kMaxCaseDocumentBytes);
    }
}

void document_section(const AppContext& ctx, Intake& in) {
    subheading(ctx.t("case.document_title"), "case.document_title");
    paragraph(ctx.t("case.document_hint"), "case.document_hint", true);
    if (in.my_case.uploading()) {
        if (in.my_case.document_for.empty())
            upload_progress(ctx, in);
        return;
    }
    take_document(in, "case.document.add", "");
    file_button("case.document.add", ctx.t("case.document_button"), kDocumentAccept, app::intake::kMaxCaseDocumentBytes);
}

// Who wrote an item and when, with its read state in the same words a screen reader reads out:
// the applicant's own say whether the office has read them, the office's unseen ones are new.
const char* who_key(const CaseEntry& e) {
    if (e.author == "applicant")
        return e.read_by_office ? "case.from_you_read" : "case.from_you_unread";
    return e.is_new ? "case.from_office_new" : "case.from_office";
}

void conversation_section(const AppContext& ctx, Intake& in) {
    subheading(ctx.t("case.messages_title"), "case.messages_title");
    const auto talk = in.my_case.conversation();
    if (talk.empty())
        paragraph(ctx.t("case.messages_none"), "case.messages_none", true);
    for (const CaseEntry* e : talk) {
        const std::string who = ctx.format(who_key(*e), {{"when", platform::format_local_time(e->created_at)}});
        std::string text = e->item.text;
        if (e->unreadable)
            text = ctx.t("case.unreadable");
        else if (e->failed)
            text = ctx.t("case.not_loaded");
        else if (!e->opened)
            text = ctx.t("status.loading");
        else if (text.empty() && e->item.type == anl::ItemType::Document)
            text = ctx.t("case.document_sent");
        key_value(("case.item." + e->id).c_str(), who, text);
        const size_t index = size_t(e - in.my_case.entries.data());
        for (size_t f = 0; f < e->files.size(); f++)
            if (button("case.item." + e->id + ".file." + std::to_string(f),
                       ctx.format("case.download", {{"name", e->files[f].name}}), ButtonStyle::Secondary))
                in.my_case.download(index, f);
    }
}

void question_section(const AppContext& ctx, Intake& in) {
    subheading(ctx.t("case.question_title"), "case.question_title");
    platform::TextFieldSpec spec;
    spec.autocomplete = "off";
    spec.multiline = true;
    spec.max_length = 4000;
    const std::string error = in.my_case.question_error.empty() ? "" : ctx.t(in.my_case.question_error);
    text_field(kQuestionField, {ctx.t("case.question_label"), ctx.t("case.question_hint"), error, true},
               in.my_case.question, spec, 4);
    if (button("case.send_question", ctx.t(in.my_case.sending() ? "case.sending" : "case.send_question"),
               ButtonStyle::Primary, in.my_case.sending()))
        in.my_case.send_question();
}

} // namespace

void case_code_page(const AppContext& ctx, Intake& in) {
    back_link(ctx, in);
    heading(ctx.t("code.title"), "code.title");
    const std::string error = in.my_case.error.empty() ? "" : ctx.t(in.my_case.error);
    if (!error.empty())
        error_summary("error-summary", ctx.t("error.summary_title"), {{kCodeField, error}});
    paragraph(ctx.t("code.intro"), "code.intro");
    platform::TextFieldSpec spec;
    spec.max_length = 32;
    spec.autocomplete = "off";
    spec.autocapitalize = "characters";
    text_field(kCodeField, {ctx.t("code.label"), ctx.t("case.code_hint"), error, true}, in.my_case.code, spec);
    if (button("case.open", ctx.t("flow.continue")))
        in.my_case.submit();
}

void case_page(AppContext& ctx, Intake& in) {
    heading(ctx.t("case.title"), "case.title");
    std::vector<std::pair<std::string, std::string>> errors;
    if (!in.my_case.question_error.empty())
        errors.push_back({kQuestionField, ctx.t(in.my_case.question_error)});
    if (!in.my_case.document_error.empty())
        errors.push_back({"case.document.add", ctx.t(in.my_case.document_error)});
    if (!errors.empty())
        error_summary("error-summary", ctx.t("error.summary_title"), errors);
    key_value("case.locator", ctx.t("case.locator_label"), in.my_case.locator());
    if (!in.my_case.load_error.empty())
        alert("case.load_error", ctx.t(in.my_case.load_error));
    if (in.my_case.loading())
        status("case.loading", ctx.t("status.loading"));
    status_section(ctx, in);
    requests_section(ctx, in);
    conversation_section(ctx, in);
    question_section(ctx, in);
    document_section(ctx, in);
    if (!in.my_case.notice.empty())
        status("case.notice", ctx.t(in.my_case.notice));
    if (!in.my_case.document_error.empty())
        alert("case.document.error", ctx.t(in.my_case.document_error));
    spacer(8);
    if (button("case.reload", ctx.t("case.reload"), ButtonStyle::Secondary, in.my_case.loading()))
        in.my_case.reload();
    if (button("case.finish", ctx.t("case.finish"), ButtonStyle::Secondary))
        finish_visit(ctx, in);
}

} // namespace ui::intake
