#include "ui/form_view.h"

#include "core/answer_text.h"
#include "core/field_path.h"
#include "core/file_name.h"
#include "platform/platform.h"
#include "ui/widgets.h"

#include <algorithm>
#include <cstdio>

namespace ui {

std::string human_size(double bytes) {
    char buf[32];
    if (bytes < 1024) std::snprintf(buf, sizeof buf, "%.0f B", bytes);
    else if (bytes < 1024 * 1024) std::snprintf(buf, sizeof buf, "%.0f KB", bytes / 1024);
    else std::snprintf(buf, sizeof buf, "%.1f MB", bytes / (1024 * 1024));
    return buf;
}

namespace {

using app::intake::kMaxDocumentFileBytes;

// The answer as a string the text widgets can edit; a number kept as an integer becomes text.
std::string& text_of(const anl::Question& q, anl::Answer& a) {
    if (const int64_t* n = std::get_if<int64_t>(&a))
        a = q.type == anl::QuestionType::Money ? anl::format_money(*n) : std::to_string(*n);
    else if (!std::holds_alternative<std::string>(a))
        a = std::string();
    return std::get<std::string>(a);
}

std::vector<std::string>& list_of(anl::Answer& a) {
    if (!std::holds_alternative<std::vector<std::string>>(a))
        a = std::vector<std::string>();
    return std::get<std::vector<std::string>>(a);
}

std::string error_for(const QuestionContext& qc, const std::string& field) {
    for (const anl::FieldError& e : qc.intake.errors)
        if (e.field == field)
            return error_message(qc.ctx, *qc.intake.form, e);
    return "";
}

std::vector<ChoiceOption> choice_options(const AppContext& ctx, const anl::Question& q) {
    std::vector<ChoiceOption> out;
    if (q.type == anl::QuestionType::YesNoUnknown) {
        for (const char* id : {"yes", "no", "unknown"})
            out.push_back({id, ctx.t(std::string("choice.") + id)});
        return out;
    }
    for (const anl::Option& o : q.options)
        out.push_back({o.id, ctx.t(o.label)});
    return out;
}

// What the phone keyboard should offer, and what the browser may fill in: the question's input
// purpose (WCAG 1.3.5, the form's `autocomplete`) on the applicant's own device; on a shared
// computer or a kiosk nothing, so that the browser neither offers nor keeps the last person's.
platform::TextFieldSpec field_spec(const anl::Question& q, bool shared_device) {
    platform::TextFieldSpec spec;
    using T = anl::QuestionType;
    using P = anl::Pattern;
    if (q.type == T::Number || q.type == T::Date) spec.inputmode = "numeric";
    if (q.type == T::Money) spec.inputmode = "decimal";
    if (q.pattern == P::Email) spec.inputmode = "email";
    if (q.pattern == P::Phone) spec.inputmode = "tel";
    if (q.pattern == P::SwissPostcode || q.pattern == P::Ahv) spec.inputmode = "numeric";
    if (!shared_device && !q.autocomplete.empty())
        spec.autocomplete = q.autocomplete;
    // Capitals only where a text starts a sentence or a name: never in an e-mail address, a
    // postcode, a phone, AHV or IBAN number, a number, amount or date.
    const std::string& purpose = q.autocomplete;
    if (q.pattern != P::None || (q.type != T::Text && q.type != T::Multiline))
        spec.autocapitalize = "off";
    else if (purpose == "name" || purpose == "given-name" || purpose == "family-name" || purpose == "additional-name" ||
             purpose == "address-level2" || purpose == "street-address" || purpose == "address-line1")
        spec.autocapitalize = "words";
    const int64_t fallback = q.type == T::Multiline ? anl::kDefaultMultilineLength
                           : q.type == T::Text      ? anl::kDefaultTextLength
                                                    : 40;
    spec.max_length = int(q.max_length.value_or(fallback));
    return spec;
}

FieldText field_text(const QuestionContext& qc, const anl::Question& q, const std::string& field) {
    FieldText text{qc.ctx.t(q.label), q.hint.empty() ? "" : qc.ctx.t(q.hint), error_for(qc, field), q.required};
    if (!q.example.empty())
        text.hint += (text.hint.empty() ? "" : "\n") + qc.ctx.t(q.example);
    return text;
}

void help_text(const QuestionContext& qc, const anl::Question& q, const std::string& widget) {
    if (q.help.empty())
        return;
    const std::string id = widget + ".help";
    const bool open = qc.open_help.count(id) != 0;
    if (disclosure(id, qc.ctx.t("form.help_toggle"), open)) {
        if (open) qc.open_help.erase(id);
        else qc.open_help.insert(id);
    }
    if (qc.open_help.count(id))
        paragraph(qc.ctx.t(q.help), id + ".text");
}

// A document slot: the files given so far, each removable, and a button for one more page.
void document_slot(QuestionContext& qc, const anl::Question& q, anl::Answer& answer, const std::string& field) {
    const std::string widget = field_widget_id(field);
    app::intake::Documents& docs = qc.intake.documents;
    FieldText text = field_text(qc, q, field);
    const std::string refused = docs.error_at(field);
    if (!refused.empty())
        text.error = qc.ctx.t(refused);
    group_header(widget, text);

    std::vector<std::string>& refs = list_of(answer);
    platform::PickedFile picked;
    if (platform::take_picked_file(file_button_id(widget + ".add"), picked, kMaxDocumentFileBytes))
        docs.add(field, refs, {picked.name, picked.media_type, std::move(picked.data), picked.too_large});
    for (size_t i = 0; i < refs.size(); i++) {
        const auto file = docs.files.find(refs[i]);
        if (file == docs.files.end())
            continue; // a page from a saved draft: files are not kept in drafts
        const std::string name = anl::sanitize_file_name(file->second.name);
        status(widget + "." + refs[i], qc.ctx.format("form.document.file", {{"name", name},
                                                                            {"size", human_size(double(file->second.data.size()))}}));
        if (text_link(widget + "." + refs[i] + ".remove", qc.ctx.t("form.document.remove"),
                      qc.ctx.format("form.document.remove_named", {{"name", name}}))) {
            docs.remove(refs, i);
            break;
        }
    }
    if (int64_t(refs.size()) < q.max_pages)
        file_button(widget + ".add", qc.ctx.t(refs.empty() ? "form.document.add" : "form.document.add_more"),
                    kDocumentAccept, kMaxDocumentFileBytes);
    spacer(12);
}

void repeat_group(QuestionContext& qc, const anl::Question& q, const std::string& field) {
    const anl::Repeat& r = *q.repeat;
    auto& items = qc.intake.answers.repeats[r.id];
    if (!q.label.empty())
        subheading(qc.ctx.t(q.label), field_widget_id(field));
    const std::string count_error = error_for(qc, r.id);
    if (!count_error.empty())
        alert(field_widget_id(r.id), count_error);
    for (size_t i = 0; i < items.size(); i++) {
        const std::string item_label = anl::item_heading(qc.ctx.catalog, r, i);
        const std::string item_prefix = anl::RepeatItem{r.id, i}.prefix();
        subheading(item_label, field_widget_id(item_prefix + "title"));
        draw_questions(qc, q.questions, items[i], item_prefix);
        if (text_link(field_widget_id(item_prefix + "remove"), qc.ctx.t("repeat.remove"),
                      qc.ctx.format("repeat.remove_named", {{"item", item_label}}))) {
            qc.intake.remove_group_item(r.id, i);
            break;
        }
    }
    if (int64_t(items.size()) < r.max) {
        const std::string next = anl::item_heading(qc.ctx.catalog, r, items.size());
        if (button(field_widget_id(r.id + ".add"), qc.ctx.format("repeat.add", {{"item", next}}), ButtonStyle::Secondary))
            qc.intake.add_group_item(r.id);
    }
}

void draw_question(QuestionContext& qc, const anl::Question& q, anl::AnswerMap& values, const std::string& prefix) {
    using T = anl::QuestionType;
    const std::string field = prefix + q.id;
    const std::string widget = field_widget_id(field);
    switch (q.type) {
    case T::Info:
        paragraph(qc.ctx.t(q.label), widget);
        if (!q.hint.empty())
            paragraph(qc.ctx.t(q.hint), widget + ".hint", true);
        return;
    case T::Group:
        if (q.repeat)
            return repeat_group(qc, q, field);
        if (!q.label.empty())
            subheading(qc.ctx.t(q.label), widget);
        return draw_questions(qc, q.questions, values, prefix);
    case T::SingleChoice:
    case T::YesNoUnknown:
        radio_group(widget, field_text(qc, q, field), choice_options(qc.ctx, q), text_of(q, values[q.id]));
        break;
    case T::MultipleChoice:
        checkbox_group(widget, field_text(qc, q, field), choice_options(qc.ctx, q), list_of(values[q.id]));
        break;
    case T::Document:
        document_slot(qc, q, values[q.id], field);
        break;
    default:
        text_field(widget, field_text(qc, q, field), text_of(q, values[q.id]), field_spec(q, qc.intake.shared_device()),
                   q.type == T::Multiline ? 5 : 1);
        break;
    }
    help_text(qc, q, widget);
}

} // namespace

std::string field_widget_id(const std::string& field) { return "q." + field; }

void draw_questions(QuestionContext& qc, const std::vector<anl::Question>& questions, anl::AnswerMap& values,
                    const std::string& prefix) {
    for (const anl::Question& q : questions)
        if (qc.visible.count(prefix + q.id))
            draw_question(qc, q, values, prefix);
}

std::string error_message(const AppContext& ctx, const anl::Form& form, const anl::FieldError& error) {
    const std::string own = anl::question_error_key(form, anl::question_id_of(error.field), error.message_key);
    return ctx.format(ctx.catalog.has(own) ? own : error.message_key, error.params);
}

std::string submitted_answer_text(const AppContext& ctx, const anl::Question& q, const nlohmann::json& value) {
    if (value.is_array() && q.type == anl::QuestionType::Document)
        return ctx.format("staff.detail.files", {{"count", std::to_string(value.size())}});
    const anl::Answer answer = anl::answer_from_json(value);
    return anl::answer_text(ctx.catalog, q, &answer, {});
}

namespace {

void submitted_rows(const AppContext& ctx, const std::vector<anl::Question>& qs, const nlohmann::json& answers,
                    const std::string& prefix) {
    for (const anl::Question& q : qs) {
        if (q.type == anl::QuestionType::Group && q.repeat) {
            const auto items = answers.value(q.repeat->id, nlohmann::json::array());
            for (size_t i = 0; items.is_array() && i < items.size(); i++) {
                const std::string item_prefix = prefix + anl::RepeatItem{q.repeat->id, i}.prefix();
                subheading(anl::item_heading(ctx.catalog, *q.repeat, i), "answer." + item_prefix);
                if (items[i].is_object())
                    submitted_rows(ctx, q.questions, items[i], item_prefix);
            }
        } else if (q.type == anl::QuestionType::Group) {
            submitted_rows(ctx, q.questions, answers, prefix);
        } else if (answers.contains(q.id)) {
            key_value(("answer." + prefix + q.id).c_str(), ctx.t(q.label), submitted_answer_text(ctx, q, answers[q.id]));
        }
    }
}

} // namespace

void submitted_answers_view(const AppContext& ctx, const anl::Form* form, const nlohmann::json& doc) {
    const nlohmann::json answers = doc.value("answers", nlohmann::json::object());
    const bool known = form && doc.value("form", "") == form->id && doc.value("form_version", int64_t(0)) == form->version;
    if (!known) {
        paragraph(ctx.format("staff.detail.unknown_form", {{"form", doc.value("form", "?")},
                                                           {"version", std::to_string(doc.value("form_version", int64_t(0)))}}),
                  "answers.unknown_form", true);
        for (const auto& [id, value] : answers.items())
            key_value(("answer." + id).c_str(), id, value.is_string() ? value.get<std::string>() : value.dump());
        return;
    }
    std::string section;
    for (const anl::Page& page : form->pages) {
        if (!page.section.empty() && page.section != section) {
            section = page.section;
            subheading(ctx.t(section), "answers.section." + page.id);
        }
        if (!page.repeat) {
            submitted_rows(ctx, page.questions, answers, "");
            continue;
        }
        const auto items = answers.value(page.repeat->id, nlohmann::json::array());
        for (size_t i = 0; items.is_array() && i < items.size(); i++) {
            const std::string item_prefix = anl::RepeatItem{page.repeat->id, i}.prefix();
            subheading(anl::item_heading(ctx.catalog, *page.repeat, i), "answer." + item_prefix);
            if (items[i].is_object())
                submitted_rows(ctx, page.questions, items[i], item_prefix);
        }
    }
}

} // namespace ui
