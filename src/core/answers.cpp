// Answers to a form (answers.h): what counts as answered, repeat items, and what the walk makes
// visible. Validation is in answer_validation.cpp, the answers document in answer_document.cpp.
#include "core/answers.h"

#include "core/form_walk.h"
#include "core/text.h"

#include <algorithm>

namespace anl {

bool is_answered(const Answer& answer) {
    if (const auto* s = std::get_if<std::string>(&answer))
        return !trim(*s).empty();
    if (const auto* list = std::get_if<std::vector<std::string>>(&answer))
        return !list->empty();
    return true;
}

std::optional<int64_t> amount_of(const Question& q, const Answer& answer) {
    if (const auto* n = std::get_if<int64_t>(&answer))
        return *n;
    if (const auto* s = std::get_if<std::string>(&answer))
        return q.type == QuestionType::Money ? parse_money(*s) : parse_number(*s);
    return std::nullopt;
}

bool add_repeat_item(const Form& form, Answers& answers, const std::string& repeat_id) {
    const Repeat* r = find_repeat(form, repeat_id);
    if (!r)
        return false;
    auto& items = answers.repeats[repeat_id];
    if (int64_t(items.size()) >= r->max)
        return false;
    items.emplace_back();
    return true;
}

bool remove_repeat_item(const Form& form, Answers& answers, const std::string& repeat_id, size_t index) {
    const Repeat* r = find_repeat(form, repeat_id);
    const auto it = answers.repeats.find(repeat_id);
    if (!r || it == answers.repeats.end() || index >= it->second.size())
        return false;
    it->second.erase(it->second.begin() + std::ptrdiff_t(index));
    return true;
}

namespace {

// Indexes in form.pages of the visible pages, in form order.
std::vector<size_t> visible_page_indexes(const Form& form, const Answers& answers) {
    std::vector<size_t> pages;
    for (const WalkStep& step : walk_form(form, answers).steps)
        if (step.kind == WalkStep::Kind::Page)
            pages.push_back(step.page_index);
    return pages;
}

std::optional<size_t> page_index(const Form& form, const std::string& page_id) {
    for (size_t i = 0; i < form.pages.size(); i++)
        if (form.pages[i].id == page_id)
            return i;
    return std::nullopt;
}

} // namespace

std::vector<std::string> visible_pages(const Form& form, const Answers& answers) {
    std::vector<std::string> ids;
    for (size_t p : visible_page_indexes(form, answers))
        ids.push_back(form.pages[p].id);
    return ids;
}

std::optional<Step> page_step(const Form& form, const Answers& answers, const std::string& page_id) {
    const auto at = page_index(form, page_id);
    if (!at)
        return std::nullopt;
    const auto pages = reachable_pages(form, answers, *at);
    const auto it = std::find(pages.begin(), pages.end(), *at);
    if (it == pages.end())
        return std::nullopt;
    return Step{size_t(it - pages.begin()) + 1, pages.size()};
}

std::optional<std::string> next_page(const Form& form, const Answers& answers, const std::string& page_id) {
    const auto at = page_index(form, page_id);
    if (!at)
        return std::nullopt;
    for (size_t p : visible_page_indexes(form, answers))
        if (p > *at)
            return form.pages[p].id;
    return std::nullopt;
}

std::optional<std::string> previous_page(const Form& form, const Answers& answers, const std::string& page_id) {
    const auto at = page_index(form, page_id);
    if (!at)
        return std::nullopt;
    std::optional<std::string> before;
    for (size_t p : visible_page_indexes(form, answers))
        if (p < *at)
            before = form.pages[p].id;
    return before;
}

std::set<std::string> visible_fields(const Form& form, const Answers& answers) {
    std::set<std::string> fields;
    for (const WalkStep& step : walk_form(form, answers).steps)
        if (step.kind == WalkStep::Kind::Question || step.kind == WalkStep::Kind::Repeat)
            fields.insert(step.path.name());
    return fields;
}

Answers submitted_answers(const Form& form, const Answers& answers) { return walk_form(form, answers).kept; }

} // namespace anl
