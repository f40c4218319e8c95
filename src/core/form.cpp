// Names of question types and patterns as written in a definition, lookups in a loaded form, and
// the catalog keys a form uses. Loading is core/form_loader.cpp and core/form_references.cpp.
#include "core/form.h"
#include "core/form_detail.h"

#include <set>

namespace anl {
namespace {

struct TypeName {
    QuestionType type;
    const char* name;
};
const TypeName kTypes[] = {
    {QuestionType::Text, "text"},
    {QuestionType::Multiline, "multiline"},
    {QuestionType::Number, "number"},
    {QuestionType::Money, "money"},
    {QuestionType::Date, "date"},
    {QuestionType::SingleChoice, "single_choice"},
    {QuestionType::MultipleChoice, "multiple_choice"},
    {QuestionType::YesNoUnknown, "yes_no_unknown"},
    {QuestionType::Document, "document"},
    {QuestionType::Info, "info"},
    {QuestionType::Group, "group"},
};

struct PatternName {
    Pattern pattern;
    const char* name;
};
const PatternName kPatterns[] = {
    {Pattern::Ahv, "ahv"},
    {Pattern::Iban, "iban"},
    {Pattern::SwissPostcode, "swiss_postcode"},
    {Pattern::Phone, "phone"},
    {Pattern::Email, "email"},
};

const Question* find_in(const std::vector<Question>& qs, const std::string& id) {
    for (const Question& q : qs) {
        if (q.id == id)
            return &q;
        if (const Question* inner = find_in(q.questions, id))
            return inner;
    }
    return nullptr;
}

} // namespace

namespace form_detail {

std::string quote(const std::string& s) {
    std::string out = "'";
    for (size_t i = 0; i < s.size() && i < 40; i++)
        out += (s[i] >= 0x20 && s[i] < 0x7F) ? s[i] : '?';
    return out + (s.size() > 40 ? "...'" : "'");
}

std::optional<QuestionType> question_type_by_name(const std::string& name) {
    for (const auto& t : kTypes)
        if (name == t.name)
            return t.type;
    return std::nullopt;
}

std::optional<Pattern> pattern_by_name(const std::string& name) {
    for (const auto& p : kPatterns)
        if (name == p.name)
            return p.pattern;
    return std::nullopt;
}

} // namespace form_detail

const char* question_type_name(QuestionType type) {
    for (const auto& t : kTypes)
        if (t.type == type)
            return t.name;
    return "";
}

const char* pattern_name(Pattern pattern) {
    for (const auto& p : kPatterns)
        if (p.pattern == pattern)
            return p.name;
    return "";
}

const Page* find_page(const Form& form, const std::string& page_id) {
    for (const Page& p : form.pages)
        if (p.id == page_id)
            return &p;
    return nullptr;
}

const Question* find_question(const Form& form, const std::string& question_id) {
    for (const Page& p : form.pages)
        if (const Question* q = find_in(p.questions, question_id))
            return q;
    return nullptr;
}

const Repeat* find_repeat(const Form& form, const std::string& repeat_id) {
    for (const Page& p : form.pages) {
        if (p.repeat && p.repeat->id == repeat_id)
            return &*p.repeat;
        for (const Question& q : p.questions)
            if (q.repeat && q.repeat->id == repeat_id)
                return &*q.repeat;
    }
    return nullptr;
}

namespace {

void add_question_keys(const Question& q, std::set<std::string>& keys) {
    for (const std::string* k : {&q.label, &q.hint, &q.help, &q.example})
        if (!k->empty())
            keys.insert(*k);
    for (const Option& o : q.options)
        keys.insert(o.label);
    if (q.repeat)
        keys.insert(q.repeat->item_label);
    for (const Question& child : q.questions)
        add_question_keys(child, keys);
}

} // namespace

std::vector<std::string> form_text_keys(const Form& form) {
    std::set<std::string> keys = {form.title};
    for (const Page& p : form.pages) {
        keys.insert(p.title);
        if (!p.section.empty())
            keys.insert(p.section);
        if (p.repeat)
            keys.insert(p.repeat->item_label);
        for (const Question& q : p.questions)
            add_question_keys(q, keys);
    }
    return {keys.begin(), keys.end()};
}

std::string question_error_key(const Form& form, const std::string& question_id, const std::string& message_key) {
    return "form." + form.id + "." + question_id + "." + message_key;
}

} // namespace anl
