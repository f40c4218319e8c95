#include "ui/form_view.h"

#include "core/file_name.h"
#include "core/wipe.h"
#include "platform/platform.h"
#include "ui/widgets.h"

#include <algorithm>
#include <cstdio>

namespace ui {
namespace {

constexpr double kMaxDocumentFileBytes = 20.0 * 1024 * 1024;
constexpr const char* kDocumentAccept = "image/*,application/pdf,.pdf,.jpg,.jpeg,.png,.heic";

// Help texts the applicant has opened (by widget id); folded again when the page is left.
std::set<std::string> g_open_help;

std::string human_size(double bytes) {
    char buf[32];
    if (bytes < 1024) std::snprintf(buf, sizeof buf, "%.0f B", bytes);
    else if (bytes < 1024 * 1024) std::snprintf(buf, sizeof buf, "%.0f KB", bytes / 1024);
    else std::snprintf(buf, sizeof buf, "%.1f MB", bytes / (1024 * 1024));
    return buf;
}

std::string two_digits(int n) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d", n);
    return buf;
}

std::string swiss_date(const anl::Date& d) {
    return two_digits(d.day) + "." + two_digits(d.month) + "." + std::to_string(d.year);
}

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
    for (const anl::FieldError& e : qc.errors)
        if (e.field == field)
            return error_message(qc.ctx, qc.form, e);
    return "";
}

const std::string& option_label(const AppContext& ctx, const anl::Question& q, const std::string& id) {
    if (q.type == anl::QuestionType::YesNoUnknown)
        return ctx.t("choice." + id);
    for (const anl::Option& o : q.options)
        if (o.id == id)
            return ctx.t(o.label);
    return id;
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

// What the phone keyboard should offer, and what the browser may fill in.
platform::TextFieldSpec field_spec(const anl::Question& q) {
    platform::TextFieldSpec spec;
    using T = anl::QuestionType;
    using P = anl::Pattern;
    if (q.type == T::Number || q.type == T::Date) spec.inputmode = "numeric";
    if (q.type == T::Money) spec.inputmode = "decimal";
    if (q.pattern == P::Email) { spec.inputmode = "email"; spec.autocomplete = "email"; }
    if (q.pattern == P::Phone) { spec.inputmode = "tel"; spec.autocomplete = "tel"; }
    if (q.pattern == P::SwissPostcode) { spec.inputmode = "numeric"; spec.autocomplete = "postal-code"; }
    if (q.pattern == P::Ahv) spec.inputmode = "numeric";
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
    const bool open = g_open_help.count(id) != 0;
    if (disclosure(id, qc.ctx.t("form.help_toggle"), open)) {
        if (open) g_open_help.erase(id);
        else g_open_help.insert(id);
    }
    if (g_open_help.count(id))
        paragraph(qc.ctx.t(q.help), id + ".text");
}

void forget_file(PickedDocuments& docs, const std::string& ref) {
    auto it = docs.files.find(ref);
    if (it == docs.files.end())
        return;
    anl::wipe(it->second.data);
    docs.files.erase(it);
}

// A document slot: the files given so far, each removable, and a button for one more page.
void document_slot(QuestionContext& qc, const anl::Question& q, anl::Answer& answer, const std::string& field) {
    const std::string widget = field_widget_id(field);
    PickedDocuments& docs = qc.documents;
    FieldText text = field_text(qc, q, field);
    if (docs.error_question == field && !docs.error_key.empty())
        text.error = qc.ctx.t(docs.error_key);
    group_header(widget, text);

    std::vector<std::string>& refs = list_of(answer);
    platform::PickedFile picked;
    if (platform::take_picked_file(file_button_id(widget + ".add"), picked, kMaxDocumentFileBytes)) {
        docs.error_key.clear();
        if (picked.too_large) {
            docs.error_key = "error.attachment.too_large";
            docs.error_question = field;
        } else {
            const std::string ref = "f" + std::to_string(docs.next_ref++);
            docs.files[ref] = anl::Attachment{picked.name, picked.media_type, std::move(picked.data)};
            refs.push_back(ref);
        }
    }
    for (size_t i = 0; i < refs.size(); i++) {
        const auto file = docs.files.find(refs[i]);
        if (file == docs.files.end())
            continue; // a page from a saved draft: files are not kept in drafts
        const std::string name = anl::sanitize_file_name(file->second.name);
        status(widget + "." + refs[i], qc.ctx.format("form.document.file", {{"name", name},
                                                                            {"size", human_size(double(file->second.data.size()))}}));
        if (text_link(widget + "." + refs[i] + ".remove", qc.ctx.t("form.document.remove"),
                      qc.ctx.format("form.document.remove_named", {{"name", name}}))) {
            forget_file(docs, refs[i]);
            refs.erase(refs.begin() + long(i));
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
    auto& items = qc.answers.repeats[r.id];
    if (!q.label.empty())
        subheading(qc.ctx.t(q.label), field_widget_id(field));
    const std::string count_error = error_for(qc, r.id);
    if (!count_error.empty())
        alert(field_widget_id(r.id), count_error);
    for (size_t i = 0; i < items.size(); i++) {
        const std::string item_label = qc.ctx.format(r.item_label, {{"number", std::to_string(i + 1)}});
        const std::string item_prefix = r.id + "[" + std::to_string(i) + "].";
        subheading(item_label, field_widget_id(item_prefix + "title"));
        draw_questions(qc, q.questions, items[i], item_prefix);
        if (text_link(field_widget_id(item_prefix + "remove"), qc.ctx.t("repeat.remove"),
                      qc.ctx.format("repeat.remove_named", {{"item", item_label}}))) {
            anl::remove_repeat_item(qc.form, qc.answers, r.id, i);
            break;
        }
    }
    if (int64_t(items.size()) < r.max) {
        const std::string next = qc.ctx.format(r.item_label, {{"number", std::to_string(items.size() + 1)}});
        if (button(field_widget_id(r.id + ".add"), qc.ctx.format("repeat.add", {{"item", next}}), ButtonStyle::Secondary))
            anl::add_repeat_item(qc.form, qc.answers, r.id);
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
        text_field(widget, field_text(qc, q, field), text_of(q, values[q.id]), field_spec(q),
                   q.type == T::Multiline ? 5 : 1);
        break;
    }
    help_text(qc, q, widget);
}

} // namespace

void fetch_form(std::function<void(std::optional<anl::Form>)> done) {
    platform::http("GET", "forms/social-assistance.json", {}, {}, [done](const platform::HttpResponse& r) {
        anl::LoadResult loaded = anl::load_form(anl::to_string(r.body));
        for (const auto& e : loaded.errors)
            std::fprintf(stderr, "form: %s\n", e.c_str());
        done(r.status == 200 ? std::move(loaded.form) : std::nullopt);
    });
}

std::string field_widget_id(const std::string& field) { return "q." + field; }

std::string question_id_of(const std::string& field) {
    const size_t dot = field.rfind('.');
    return dot == std::string::npos ? field : field.substr(dot + 1);
}

void draw_questions(QuestionContext& qc, const std::vector<anl::Question>& questions, anl::AnswerMap& values,
                    const std::string& prefix) {
    for (const anl::Question& q : questions)
        if (qc.visible.count(prefix + q.id))
            draw_question(qc, q, values, prefix);
}

void fold_help_texts() { g_open_help.clear(); }

std::string error_message(const AppContext& ctx, const anl::Form& form, const anl::FieldError& error) {
    const std::string own = anl::question_error_key(form, question_id_of(error.field), error.message_key);
    return ctx.catalog.has(own) ? ctx.t(own) : ctx.t(error.message_key);
}

std::string answer_text(const AppContext& ctx, const anl::Question& q, const anl::Answer* answer,
                        const anl::DocumentFiles& files) {
    using T = anl::QuestionType;
    if (!answer)
        return "";
    if (const auto* list = std::get_if<std::vector<std::string>>(answer)) {
        std::string out;
        for (const std::string& item : *list) {
            std::string shown = item;
            if (q.type == T::Document) {
                const auto file = files.find(item);
                if (file == files.end())
                    continue;
                shown = anl::sanitize_file_name(file->second.name);
            } else {
                shown = option_label(ctx, q, item);
            }
            out += (out.empty() ? "" : ", ") + shown;
        }
        return out;
    }
    if (const int64_t* n = std::get_if<int64_t>(answer))
        return q.type == T::Money ? "CHF " + anl::format_money(*n) : std::to_string(*n);
    const std::string& s = std::get<std::string>(*answer);
    switch (q.type) {
    case T::SingleChoice:
    case T::YesNoUnknown: return s.empty() ? "" : option_label(ctx, q, s);
    case T::Money: {
        const auto cents = anl::parse_money(s);
        return cents ? "CHF " + anl::format_money(*cents) : s;
    }
    case T::Date: {
        const auto d = anl::parse_date(s);
        return d ? swiss_date(*d) : s;
    }
    default: return s;
    }
}

std::string submitted_answer_text(const AppContext& ctx, const anl::Question& q, const nlohmann::json& value) {
    using T = anl::QuestionType;
    if (value.is_array()) {
        if (q.type == T::Document)
            return ctx.format("staff.detail.files", {{"count", std::to_string(value.size())}});
        std::string out;
        for (const auto& item : value)
            if (item.is_string())
                out += (out.empty() ? "" : ", ") + option_label(ctx, q, item.get<std::string>());
        return out;
    }
    if (value.is_number_integer())
        return q.type == T::Money ? "CHF " + anl::format_money(value.get<int64_t>()) : std::to_string(value.get<int64_t>());
    if (!value.is_string())
        return value.dump();
    const std::string s = value.get<std::string>();
    if (q.type == T::SingleChoice || q.type == T::YesNoUnknown)
        return option_label(ctx, q, s);
    if (q.type == T::Date) {
        const auto d = anl::parse_date(s);
        return d ? swiss_date(*d) : s;
    }
    return s;
}

namespace {

void submitted_rows(const AppContext& ctx, const std::vector<anl::Question>& qs, const nlohmann::json& answers,
                    const std::string& prefix) {
    for (const anl::Question& q : qs) {
        if (q.type == anl::QuestionType::Group && q.repeat) {
            const auto items = answers.value(q.repeat->id, nlohmann::json::array());
            for (size_t i = 0; items.is_array() && i < items.size(); i++) {
                const std::string item_prefix = prefix + q.repeat->id + "[" + std::to_string(i) + "].";
                subheading(ctx.format(q.repeat->item_label, {{"number", std::to_string(i + 1)}}), "answer." + item_prefix);
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
            const std::string item_prefix = page.repeat->id + "[" + std::to_string(i) + "].";
            subheading(ctx.format(page.repeat->item_label, {{"number", std::to_string(i + 1)}}), "answer." + item_prefix);
            if (items[i].is_object())
                submitted_rows(ctx, page.questions, items[i], item_prefix);
        }
    }
}

} // namespace ui
