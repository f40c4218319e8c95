// The cases list and one opened case: its status, its requests, the conversation in order, the
// submissions it links, and the forms to reply, request a document, set the status, and add a
// note or an internal status for the office.
#include "ui/staff/pages.h"

#include "core/date.h"
#include "core/file_name.h"
#include "ui/form_view.h"
#include "ui/widgets.h"

namespace ui::staff {

namespace {

using app::staff::CaseEntry;
using app::staff::Cases;

// A status by its catalog words; an office's own id has none, so its id (and its text) stand.
std::string status_label(const AppContext& ctx, const std::string& id) {
    const std::string key = "staff.case.status." + id;
    return ctx.catalog.has(key) ? ctx.t(key) : id;
}

std::string status_line(const AppContext& ctx, const CaseEntry& e) {
    const std::string label = status_label(ctx, e.item.status);
    return e.item.text.empty() ? label : label + ": " + e.item.text;
}

// What a request asks for: the form's document question by its label, or the office's words.
std::string requested(const AppContext& ctx, const Cases& cases, const anl::CaseItem& item) {
    if (item.document.empty())
        return item.text;
    for (const auto& q : cases.document_questions())
        if (q.id == item.document)
            return ctx.t(q.label);
    return item.document;
}

std::string request_state_words(const AppContext& ctx, anl::RequestState s) {
    switch (s) {
    case anl::RequestState::Fulfilled: return ctx.t("staff.case.request.fulfilled");
    case anl::RequestState::Overdue: return ctx.t("staff.case.request.overdue");
    case anl::RequestState::Open: break;
    }
    return ctx.t("staff.case.request.open");
}

// "Applicant, 1.12.2026 10:00" / "Office, ..." / "Internal note, ...": who wrote it and when.
std::string entry_heading(const AppContext& ctx, const CaseEntry& e) {
    std::string who = ctx.t(e.author == "applicant" ? "staff.case.author.applicant" : "staff.case.author.office");
    if (e.audience == "office")
        who = ctx.t("staff.case.internal_marker") + " \xC2\xB7 " + who; // the middle dot
    return ctx.format("staff.case.entry_heading", {{"who", who}, {"time", platform::format_local_time(e.created_at)}});
}

// What the item says, in one paragraph.
std::string entry_text(const AppContext& ctx, const Cases& cases, size_t i) {
    const CaseEntry& e = cases.entries[i];
    const anl::CaseItem& item = e.item;
    switch (item.type) {
    case anl::ItemType::Message: return item.text;
    case anl::ItemType::Note: return ctx.format("staff.case.kind.note", {{"text", item.text}});
    case anl::ItemType::Document: {
        std::string text = ctx.t("staff.case.kind.document");
        for (const CaseEntry& r : cases.entries)
            if (!item.request.empty() && r.id == item.request && r.opened())
                text = ctx.format("staff.case.kind.document_for", {{"what", requested(ctx, cases, r.item)}});
        return item.text.empty() ? text : text + "\n" + item.text;
    }
    case anl::ItemType::Request:
        return ctx.format("staff.case.kind.request", {{"what", requested(ctx, cases, item)},
                                                      {"date", anl::due_date_text(item.due)},
                                                      {"explanation", item.explanation}});
    case anl::ItemType::Status: return ctx.format("staff.case.kind.status", {{"status", status_line(ctx, e)}});
    case anl::ItemType::InternalStatus:
        return ctx.format("staff.case.kind.internal_status", {{"status", status_line(ctx, e)}});
    }
    return item.text;
}

void conversation(const AppContext& ctx, Cases& cases) {
    subheading(ctx.t("staff.case.conversation"), "case.conversation");
    if (cases.entries.empty())
        paragraph(ctx.t("staff.case.no_items"), "case.no_items", true);
    for (size_t i = 0; i < cases.entries.size(); i++) {
        const CaseEntry& e = cases.entries[i];
        const std::string id = "item." + std::to_string(i);
        spacer(8);
        paragraph(entry_heading(ctx, e), id + ".who", true);
        if (e.loading) {
            status(id + ".loading", ctx.t("status.loading"));
            continue;
        }
        if (!e.error.empty()) {
            alert(id + ".error", ctx.t(e.error));
            continue;
        }
        const std::string text = entry_text(ctx, cases, i);
        if (!text.empty() || e.files.empty()) // a reply may be files alone
            paragraph(text, id + ".text");
        for (size_t f = 0; f < e.files.size(); f++) {
            const std::string label = ctx.format("staff.detail.download", {{"name", e.files[f].name}});
            if (button(id + ".file." + std::to_string(f), label, ButtonStyle::Secondary))
                cases.download(i, f);
        }
    }
}

void status_section(const AppContext& ctx, const Cases& cases) {
    subheading(ctx.t("staff.case.status_title"), "case.status");
    const CaseEntry* s = cases.current_status();
    key_value("case.status.current", ctx.t("staff.case.status_current"),
              s ? status_line(ctx, *s) : ctx.t("staff.case.status_none"));
    const CaseEntry* internal = cases.current_internal_status();
    key_value("case.status.internal", ctx.t("staff.case.internal_status_current"),
              internal ? status_line(ctx, *internal) : ctx.t("staff.case.status_none"));
}

void requests_section(const AppContext& ctx, const Cases& cases) {
    subheading(ctx.t("staff.case.requests"), "case.requests");
    bool any = false;
    for (size_t i = 0; i < cases.entries.size(); i++) {
        const CaseEntry& e = cases.entries[i];
        if (!e.opened() || e.item.type != anl::ItemType::Request)
            continue;
        any = true;
        const std::string value = ctx.format("staff.case.request.state",
                                             {{"state", request_state_words(ctx, cases.request_state(i))},
                                              {"date", anl::due_date_text(e.item.due)}});
        summary_row("request." + std::to_string(i), requested(ctx, cases, e.item), value, "", "");
    }
    if (!any)
        paragraph(ctx.t("staff.case.no_requests"), "case.no_requests", true);
}

platform::TextFieldSpec free_text(int max_length = 0) {
    platform::TextFieldSpec spec;
    spec.max_length = max_length;
    return spec;
}

platform::TextFieldSpec status_id_spec() {
    platform::TextFieldSpec spec;
    spec.dir = "ltr";
    spec.autocapitalize = "off";
    spec.max_length = 32;
    return spec;
}

// The reply's files: each by name and size, removable, and a button for one more. The limit is
// said before a file is picked (the server takes a staff item inline, up to 1 MiB in all).
void reply_files(const AppContext& ctx, Cases& cases) {
    platform::PickedFile picked;
    if (platform::take_picked_file(file_button_id("case.reply.attach"), picked, app::staff::kMaxReplyFilesBytes))
        cases.attach({picked.name, picked.media_type, std::move(picked.data)}, picked.too_large);
    for (size_t i = 0; i < cases.reply_files.size(); i++) {
        const anl::Attachment& f = cases.reply_files[i];
        const std::string id = "case.reply.file." + std::to_string(i);
        const std::string name = anl::sanitize_file_name(f.name);
        status(id, ctx.format("form.document.file", {{"name", name}, {"size", human_size(double(f.data.size()))}}));
        if (!cases.sending && text_link(id + ".remove", ctx.t("form.document.remove"),
                                        ctx.format("form.document.remove_named", {{"name", name}}))) {
            cases.remove_attachment(i);
            break;
        }
    }
    if (!cases.attach_error.empty())
        alert("case.reply.attach.error", ctx.t(cases.attach_error));
    file_button("case.reply.attach", ctx.t("staff.case.reply.attach"), kDocumentAccept,
                double(app::staff::kMaxReplyFilesBytes));
    paragraph(ctx.format("staff.case.reply.attach_hint", {{"max", human_size(double(app::staff::kMaxReplyFilesBytes))}}),
              "case.reply.attach.hint", true);
}

void reply_form(const AppContext& ctx, Cases& cases) {
    subheading(ctx.t("staff.case.reply.title"), "case.reply.title");
    text_field("case.reply", {ctx.t("staff.case.reply.label"), ctx.t("staff.case.reply.hint"),
                              text_or_empty(ctx, cases.reply_error), false},
               cases.reply_text, free_text(), 5);
    reply_files(ctx, cases);
    if (submit_button("case.reply.send", ctx.t("staff.case.reply.send"), cases.sending))
        cases.send_reply();
}

void request_form(const AppContext& ctx, Cases& cases) {
    subheading(ctx.t("staff.case.request.title"), "case.request.title");
    std::vector<ChoiceOption> options;
    for (const auto& q : cases.document_questions())
        options.push_back({q.id, ctx.t(q.label)});
    options.push_back({app::staff::kOtherChoice, ctx.t("staff.case.request.other")});
    radio_group("case.request.document", {ctx.t("staff.case.request.document"), "",
                                          text_or_empty(ctx, cases.request_document_error), true},
                options, cases.request_document);
    if (cases.request_document == app::staff::kOtherChoice)
        text_field("case.request.text", {ctx.t("staff.case.request.text"), ctx.t("staff.case.request.text_hint"), "",
                                         true},
                   cases.request_text, free_text(200));
    platform::TextFieldSpec due;
    due.dir = "ltr";
    due.inputmode = "numeric";
    due.max_length = 10;
    text_field("case.request.due", {ctx.t("staff.case.request.due"), ctx.t("staff.case.request.due_hint"),
                                    text_or_empty(ctx, cases.request_due_error), true},
               cases.request_due, due);
    text_field("case.request.explanation", {ctx.t("staff.case.request.explanation"),
                                            ctx.t("staff.case.request.explanation_hint"),
                                            text_or_empty(ctx, cases.request_explanation_error), true},
               cases.request_explanation, free_text(), 3);
    if (submit_button("case.request.send", ctx.t("staff.case.request.send"), cases.sending))
        cases.send_request();
}

void status_form(const AppContext& ctx, Cases& cases) {
    subheading(ctx.t("staff.case.set_status.title"), "case.set_status.title");
    std::vector<ChoiceOption> options;
    for (const char* id : anl::kStandardStatuses)
        options.push_back({id, status_label(ctx, id)});
    options.push_back({app::staff::kOtherChoice, ctx.t("staff.case.set_status.other")});
    radio_group("case.set_status.choice", {ctx.t("staff.case.set_status.choice"), "",
                                           text_or_empty(ctx, cases.status_choice_error), true},
                options, cases.status_choice);
    if (cases.status_choice == app::staff::kOtherChoice)
        text_field("case.set_status.id", {ctx.t("staff.case.set_status.id"), ctx.t("staff.case.status_id_hint"),
                                          text_or_empty(ctx, cases.status_id_error), true},
                   cases.status_id, status_id_spec());
    text_field("case.set_status.text", {ctx.t("staff.case.set_status.text"), ctx.t("staff.case.set_status.text_hint"),
                                        "", cases.status_choice == app::staff::kOtherChoice},
               cases.status_text, free_text(), 2);
    if (submit_button("case.set_status.send", ctx.t("staff.case.set_status.send"), cases.sending))
        cases.send_status();
}

void office_forms(const AppContext& ctx, Cases& cases) {
    subheading(ctx.t("staff.case.note.title"), "case.note.title");
    paragraph(ctx.t("staff.case.note.intro"), "case.note.intro", true);
    text_field("case.note", {ctx.t("staff.case.note.label"), "", text_or_empty(ctx, cases.note_error), true},
               cases.note_text, free_text(), 3);
    if (submit_button("case.note.send", ctx.t("staff.case.note.send"), cases.sending))
        cases.send_note();
    spacer(8);
    text_field("case.internal_id", {ctx.t("staff.case.internal.id"), ctx.t("staff.case.status_id_hint"),
                                    text_or_empty(ctx, cases.internal_error), true},
               cases.internal_id, status_id_spec());
    text_field("case.internal_text", {ctx.t("staff.case.internal.text"), "", "", false}, cases.internal_text,
               free_text(), 2);
    if (submit_button("case.internal.send", ctx.t("staff.case.internal.send"), cases.sending))
        cases.send_internal_status();
}

const char* sent_key(anl::ItemType t) {
    switch (t) {
    case anl::ItemType::Request: return "staff.case.sent.request";
    case anl::ItemType::Status: return "staff.case.sent.status";
    case anl::ItemType::Note: return "staff.case.sent.note";
    case anl::ItemType::InternalStatus: return "staff.case.sent.internal_status";
    default: break;
    }
    return "staff.case.sent.reply";
}

} // namespace

void cases_page(const AppContext& ctx, Cases& cases) {
    heading(ctx.t("staff.cases.title"), "title");
    problem_alert(ctx, "cases.error", cases.problem);
    platform::TextFieldSpec spec;
    spec.dir = "ltr";
    spec.autocapitalize = "characters";
    spec.max_length = 16;
    text_field("cases.locator", {ctx.t("staff.cases.locator"), ctx.t("staff.cases.locator_hint"),
                                 text_or_empty(ctx, cases.locator_error), false},
               cases.typed_locator, spec);
    if (submit_button("cases.open", ctx.t("staff.cases.open"))) {
        cases.open_typed();
        return;
    }
    spacer(8);
    if (button("cases.refresh", ctx.t("staff.list.refresh"), ButtonStyle::Secondary, cases.loading))
        cases.reload();
    if (cases.loading)
        status("cases.loading", ctx.t("status.loading"));
    else if (cases.rows.empty() && cases.problem.empty())
        status("cases.empty", ctx.t("staff.cases.empty"));
    for (const app::staff::CaseRow& row : cases.rows) {
        const std::string when = row.last_item_at.empty() ? row.created_at : row.last_item_at;
        std::string label = ctx.format("staff.cases.row", {{"locator", row.locator},
                                                           {"time", platform::format_local_time(when)}});
        if (row.unread > 0)
            label += "  \xC2\xB7  " + ctx.format("staff.cases.unread", {{"count", std::to_string(row.unread)}});
        if (button("case." + row.locator, label, row.unread > 0 ? ButtonStyle::Primary : ButtonStyle::Secondary)) {
            cases.open_row(row);
            break; // the rows are gone
        }
    }
}

void case_page(const AppContext& ctx, Cases& cases) {
    if (text_link("back", ctx.t("staff.cases.back"))) {
        cases.back();
        return;
    }
    heading(ctx.format("staff.case.title", {{"locator", cases.locator}}), "title");
    if (cases.case_loading) {
        status("case.loading", ctx.t("status.loading"));
        return;
    }
    if (!cases.case_problem.empty()) {
        problem_alert(ctx, "case.error", cases.case_problem);
        return;
    }
    if (cases.sent)
        status("case.sent", ctx.t(sent_key(cases.sent_type)));
    problem_alert(ctx, "case.send_error", cases.send_problem);
    field_error_summary(ctx, {{"case.reply", cases.reply_error},
                              {"case.reply.attach", cases.attach_error},
                              {"case.request.document", cases.request_document_error},
                              {"case.request.due", cases.request_due_error},
                              {"case.request.explanation", cases.request_explanation_error},
                              {"case.set_status.choice", cases.status_choice_error},
                              {"case.set_status.id", cases.status_id_error},
                              {"case.note", cases.note_error},
                              {"case.internal_id", cases.internal_error}});
    status_section(ctx, cases);
    requests_section(ctx, cases);
    conversation(ctx, cases);
    if (!cases.submissions.empty()) {
        subheading(ctx.t("staff.case.submissions"), "case.submissions");
        for (size_t i = 0; i < cases.submissions.size(); i++)
            paragraph(cases.submissions[i], "case.submission." + std::to_string(i));
    }
    spacer(16);
    reply_form(ctx, cases);
    spacer(16);
    request_form(ctx, cases);
    spacer(16);
    status_form(ctx, cases);
    spacer(16);
    office_forms(ctx, cases);
}

} // namespace ui::staff
