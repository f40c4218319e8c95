#include "core/answer_rows.h"

#include "core/form_walk.h"

namespace anl {
namespace {

// Which rows a reader gets besides the answered questions.
struct RowRules {
    // Check page: required questions also when blank ("not given"; after validation there are
    // none). Optional questions left blank are left out (issue 12: they made the check page of
    // a single parent twelve phone screens long); the page that asks them is still one "Change"
    // away, from the row of any other answer on it, or by going back.
    bool required_unanswered = false;
    bool no_items = false;    // check page: a row for a repeating page without items
};

AnswerRow row_of(AnswerRow::Kind kind, const WalkStep& step) {
    AnswerRow row;
    row.kind = kind;
    row.page = step.page->id;
    row.page_item = step.page_item();
    row.path = step.path;
    return row;
}

std::vector<AnswerRow> rows_of(const FormWalk& walk, const Catalog& catalog, const DocumentNames& files,
                               const RowRules& rules) {
    std::vector<AnswerRow> rows;
    for (const WalkStep& step : walk.steps) {
        switch (step.kind) {
        case WalkStep::Kind::Page:
            if (step.new_section) {
                rows.push_back(row_of(AnswerRow::Kind::Section, step));
                rows.back().label = catalog.get(step.page->section);
            }
            break;
        case WalkStep::Kind::Repeat:
            if (rules.no_items && step.items == 0 && step.page->repeat && step.repeat == &*step.page->repeat) {
                rows.push_back(row_of(AnswerRow::Kind::NoItems, step));
                rows.back().label = catalog.get(step.page->title);
                rows.back().text = catalog.get("repeat.none");
            }
            break;
        case WalkStep::Kind::Item:
            rows.push_back(row_of(AnswerRow::Kind::Item, step));
            rows.back().label = item_heading(catalog, *step.repeat, step.path.item->index);
            break;
        case WalkStep::Kind::Question: {
            const Question& q = *step.question;
            if (q.type == QuestionType::Info || q.type == QuestionType::Group ||
                (!step.answer && !(rules.required_unanswered && q.required)))
                break;
            AnswerRow row = row_of(AnswerRow::Kind::Answer, step);
            row.label = catalog.get(q.label);
            row.answered = step.answer != nullptr;
            row.text = answer_text(catalog, q, step.answer, files);
            if (rules.required_unanswered && row.text.empty())
                row.text = catalog.get("check.not_answered");
            rows.push_back(std::move(row));
            break;
        }
        }
    }
    return rows;
}

// The document's "answers" object; an empty one when it has none.
nlohmann::json answers_of(const nlohmann::json& doc) {
    if (doc.is_object())
        if (const auto it = doc.find("answers"); it != doc.end() && it->is_object())
            return *it;
    return nlohmann::json::object();
}

} // namespace

std::vector<AnswerRow> check_rows(const Form& form, const Answers& answers, const Catalog& catalog,
                                  const DocumentNames& files) {
    return rows_of(walk_form(form, answers), catalog, files, RowRules{true, true});
}

bool made_with(const Form& form, const nlohmann::json& doc) {
    if (!doc.is_object())
        return false;
    const auto id = doc.find("form");
    const auto version = doc.find("form_version");
    return id != doc.end() && id->is_string() && *id == form.id && version != doc.end() &&
           version->is_number_integer() && *version == form.version;
}

std::vector<AnswerRow> submitted_rows(const Form& form, const nlohmann::json& doc, const Catalog& catalog) {
    const Answers answers = answers_from_document(form, answers_of(doc));
    return rows_of(walk_form(form, answers, Visibility::Everything), catalog, attachment_names(doc), RowRules{});
}

std::vector<AnswerRow> raw_rows(const nlohmann::json& doc) {
    std::vector<AnswerRow> rows;
    const nlohmann::json answers = answers_of(doc);
    for (const auto& [id, value] : answers.items()) {
        AnswerRow row;
        row.path.id = id;
        row.label = id;
        row.text = value.is_string() ? value.get<std::string>() : value.dump();
        row.answered = true;
        rows.push_back(std::move(row));
    }
    return rows;
}

} // namespace anl
