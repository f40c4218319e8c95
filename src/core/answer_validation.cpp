// Validation of the visible answers (answers.h: validate_page, validate_form): each question's
// rules from its definition, each repeat's number of items; hidden questions are never checked.
#include "core/answers.h"

#include "core/date.h"
#include "core/form_walk.h"
#include "core/text.h"
#include "core/validators.h"

#include <algorithm>
#include <cstdio>

namespace anl {
namespace {

bool has_option(const Question& q, const std::string& id) {
    return std::any_of(q.options.begin(), q.options.end(), [&](const Option& o) { return o.id == id; });
}

std::string key(const Question& q, const char* reason) {
    return std::string("error.") + question_type_name(q.type) + "." + reason;
}

std::optional<std::string> check_text(const Question& q, const std::string& text) {
    const std::string t = trim(text);
    if (!is_valid_utf8(t) || has_control_chars(t, q.type == QuestionType::Multiline))
        return key(q, "invalid");
    if (q.pattern != Pattern::None) {
        const Checked c = check_pattern(q.pattern, t);
        if (!c.ok)
            return std::string("error.") + pattern_name(q.pattern) + "." + c.error;
    }
    const int64_t length = int64_t(utf8_length(t));
    const int64_t max = q.max_length.value_or(q.type == QuestionType::Text ? kDefaultTextLength : kDefaultMultilineLength);
    if (q.min_length && length < *q.min_length)
        return key(q, "too_short");
    if (length > max)
        return key(q, "too_long");
    return std::nullopt;
}

// What is wrong with a date, said as precisely as the reading allows (issue 12): the year's
// digits, a month that does not exist, a day the month does not have ("31.02.2026").
struct Problem {
    std::string key;
    std::vector<std::pair<std::string, std::string>> params;
};

std::optional<Problem> check_date(const Question& q, const std::string& text, const Date& today) {
    const DateReading r = read_date(text);
    switch (r.problem) {
    case DateReading::Problem::Format: return Problem{key(q, "invalid"), {}};
    case DateReading::Problem::Year: return Problem{key(q, "year"), {}};
    case DateReading::Problem::Month: return Problem{key(q, "month"), {{"month", std::to_string(r.month)}}};
    case DateReading::Problem::Day: {
        char typed[40];
        std::snprintf(typed, sizeof typed, "%d.%02d.%d", r.day, r.month, r.year);
        return Problem{key(q, "day"), {{"date", typed}, {"days", std::to_string(r.days_in_month)}}};
    }
    case DateReading::Problem::None: break;
    }
    const Date d = *r.date;
    if (q.not_future && today < d)
        return Problem{key(q, "future"), {}};
    const int age = age_on(d, today);
    if (q.min_age && age < *q.min_age)
        return Problem{key(q, "too_young"), {}};
    if (q.max_age && age > *q.max_age)
        return Problem{key(q, "too_old"), {}};
    return std::nullopt;
}

// The catalog key of what is wrong with one visible question, or nothing.
std::optional<std::string> check_answer(const Question& q, const Answer* a, const Date& today) {
    if (q.type == QuestionType::Info || q.type == QuestionType::Group)
        return std::nullopt;
    if (!a || !is_answered(*a))
        return q.required ? std::optional<std::string>(key(q, "required")) : std::nullopt;
    const auto* s = std::get_if<std::string>(a);
    const auto* list = std::get_if<std::vector<std::string>>(a);
    switch (q.type) {
    case QuestionType::Text:
    case QuestionType::Multiline:
        return s ? check_text(q, *s) : key(q, "invalid");
    case QuestionType::Number:
    case QuestionType::Money: {
        const auto v = amount_of(q, *a);
        if (!v)
            return key(q, "invalid");
        if (q.min_value && *v < *q.min_value)
            return key(q, "too_small");
        if (q.max_value && *v > *q.max_value)
            return key(q, "too_large");
        return std::nullopt;
    }
    case QuestionType::Date:
        if (!s)
            return key(q, "invalid");
        if (auto p = check_date(q, *s, today))
            return p->key;
        return std::nullopt;
    case QuestionType::SingleChoice:
        return s && has_option(q, trim(*s)) ? std::nullopt : std::optional<std::string>(key(q, "invalid"));
    case QuestionType::YesNoUnknown: {
        const std::string t = s ? trim(*s) : "";
        return t == "yes" || t == "no" || t == "unknown" ? std::nullopt : std::optional<std::string>(key(q, "invalid"));
    }
    case QuestionType::MultipleChoice:
        if (!list || !std::all_of(list->begin(), list->end(), [&](const std::string& id) { return has_option(q, id); }))
            return key(q, "invalid");
        return std::nullopt;
    case QuestionType::Document:
        if (!list)
            return key(q, "invalid");
        if (int64_t(list->size()) < q.min_pages)
            return key(q, "too_few_pages");
        if (int64_t(list->size()) > q.max_pages)
            return key(q, "too_many_pages");
        return std::nullopt;
    case QuestionType::Info:
    case QuestionType::Group: break;
    }
    return std::nullopt;
}

// What is wrong with one step of the walk: a repeat's count of items, or a question's answer.
void check_step(const WalkStep& step, const Date& today, std::vector<FieldError>& errors) {
    if (step.kind == WalkStep::Kind::Repeat) {
        if (int64_t(step.items) < step.repeat->min)
            errors.push_back({step.path.name(), "error.repeat.too_few"});
        else if (int64_t(step.items) > step.repeat->max)
            errors.push_back({step.path.name(), "error.repeat.too_many"});
    } else if (step.kind == WalkStep::Kind::Question) {
        if (auto k = check_answer(*step.question, step.answer, today)) {
            errors.push_back({step.path.name(), *k, {}});
            const auto* s = std::get_if<std::string>(step.answer);
            if (step.question->type == QuestionType::Date && s)
                if (auto p = check_date(*step.question, *s, today))
                    errors.back().params = p->params;
        }
    }
}

} // namespace

std::vector<FieldError> validate_page(const Form& form, const std::string& page_id, const Answers& answers,
                                      const Date& today) {
    std::vector<FieldError> errors;
    for (const WalkStep& step : walk_form(form, answers).steps)
        if (step.page->id == page_id)
            check_step(step, today, errors);
    return errors;
}

std::vector<FieldError> validate_form(const Form& form, const Answers& answers, const Date& today) {
    std::vector<FieldError> errors;
    for (const WalkStep& step : walk_form(form, answers).steps)
        check_step(step, today, errors);
    return errors;
}

} // namespace anl
