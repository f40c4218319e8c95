#include "core/answers.h"

#include "core/text.h"
#include "core/validators.h"

#include <algorithm>

namespace anl {
namespace {

// ---- reading numbers

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool starts_with_ci(const std::string& s, size_t at, const char* word) {
    for (size_t i = 0; word[i]; i++) {
        if (at + i >= s.size())
            return false;
        char c = s[at + i];
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
        if (c != word[i])
            return false;
    }
    return true;
}

// Bytes of a thousands separator at s[i]: ' and ’ (what Swiss keyboards and word processors
// make of it), space, no-break U+00A0, thin U+2009 and narrow no-break U+202F. 0 otherwise.
size_t group_separator_at(const std::string& s, size_t i) {
    if (s[i] == '\'' || s[i] == ' ')
        return 1;
    if (s.compare(i, 2, "\xC2\xA0") == 0)
        return 2;
    if (s.compare(i, 3, "\xE2\x80\x99") == 0 || s.compare(i, 3, "\xE2\x80\x89") == 0 ||
        s.compare(i, 3, "\xE2\x80\xAF") == 0)
        return 3;
    return 0;
}

// Reads digits with optional thousands separators from s[i..]: "1'234'567". Separators must
// stand between groups of three, so "12'34" (a typo, or a decimal comma misread) is refused.
// Returns false when the digits are malformed or more than max_digits; stops at anything else.
bool read_grouped(const std::string& s, size_t& i, size_t max_digits, int64_t& value, size_t& digits) {
    value = 0;
    digits = 0;
    std::vector<size_t> groups{0};
    while (i < s.size()) {
        if (is_digit(s[i])) {
            if (++digits > max_digits)
                return false;
            value = value * 10 + (s[i] - '0');
            groups.back()++;
            i++;
        } else if (size_t n = group_separator_at(s, i); n && digits > 0) {
            groups.push_back(0);
            i += n;
        } else {
            break;
        }
    }
    if (groups.size() > 1) {
        if (groups.front() > 3)
            return false;
        for (size_t g = 1; g < groups.size(); g++)
            if (groups[g] != 3)
                return false;
    }
    return true;
}

// Longest first, so that "SFr." is not taken for "Fr." with an S left over.
const char* const kCurrencies[] = {"chf", "sfr.", "sfr", "fr.", "fr"};

// One currency word before or after the amount: "CHF 12", "12 Fr.", "SFr. 12.50".
std::string strip_currency(const std::string& text) {
    std::string s = trim(text);
    for (const char* word : kCurrencies)
        if (starts_with_ci(s, 0, word))
            return trim(s.substr(std::char_traits<char>::length(word)));
    for (const char* word : kCurrencies) {
        const size_t len = std::char_traits<char>::length(word);
        if (s.size() >= len && starts_with_ci(s, s.size() - len, word))
            return trim(s.substr(0, s.size() - len));
    }
    return s;
}

// ---- answers

bool is_answered(const Answer& a) {
    if (const auto* s = std::get_if<std::string>(&a))
        return !trim(*s).empty();
    if (const auto* list = std::get_if<std::vector<std::string>>(&a))
        return !list->empty();
    return true;
}

const Answer* find_answer(const AnswerMap* map, const std::string& id) {
    if (!map)
        return nullptr;
    const auto it = map->find(id);
    return it == map->end() ? nullptr : &it->second;
}

bool has_option(const Question& q, const std::string& id) {
    return std::any_of(q.options.begin(), q.options.end(), [&](const Option& o) { return o.id == id; });
}

// ---- visibility: one pass from top to bottom, which conditions only looking back make enough

struct Slot {
    size_t page = 0;                    // index in form.pages
    std::string field;                  // "rent", "household[1].name", or the repeat id
    const Question* question = nullptr; // nullptr for a repeat's list of items
    const Repeat* repeat = nullptr;     // set for a repeat's list of items
    const Answer* answer = nullptr;     // as given, nullptr when not given
    size_t items = 0;                   // repeats: how many were given
};

struct Resolved {
    std::vector<size_t> pages;  // visible, in form order
    std::vector<Slot> slots;    // visible questions and repeats, in form order
    Answers kept;               // visible and answered
};

class Resolver {
public:
    Resolver(const Form& form, const Answers& given) : form_(form), given_(given) {}

    Resolved run() {
        for (size_t p = 0; p < form_.pages.size(); p++) {
            const Page& page = form_.pages[p];
            if (page.condition && !holds(*page.condition, nullptr))
                continue;
            out_.pages.push_back(p);
            if (page.repeat)
                repeat(*page.repeat, page.questions, p);
            else
                questions(page.questions, p, &given_.values, out_.kept.values, nullptr, "");
        }
        return std::move(out_);
    }

private:
    const Form& form_;
    const Answers& given_;
    Resolved out_;

    // Conditions see only what is visible and answered so far; inside a repeat item, the item's
    // own answers first. Ids are unique in a form, so the order of lookup cannot mislead.
    const Answer* lookup(const std::string& id, const AnswerMap* item) const {
        if (const Answer* a = find_answer(item, id))
            return a;
        return find_answer(&out_.kept.values, id);
    }

    bool holds(const Condition& c, const AnswerMap* item) const {
        switch (c.op) {
        case Condition::Op::Equals: {
            const Answer* a = lookup(c.question, item);
            const auto* s = a ? std::get_if<std::string>(a) : nullptr;
            return s && trim(*s) == c.value;
        }
        case Condition::Op::Includes: {
            const Answer* a = lookup(c.question, item);
            const auto* list = a ? std::get_if<std::vector<std::string>>(a) : nullptr;
            return list && std::find(list->begin(), list->end(), c.value) != list->end();
        }
        case Condition::Op::Answered: return lookup(c.question, item) != nullptr;
        case Condition::Op::Not: return c.children.size() == 1 && !holds(c.children[0], item);
        case Condition::Op::All:
            return std::all_of(c.children.begin(), c.children.end(), [&](const Condition& k) { return holds(k, item); });
        case Condition::Op::Any:
            return std::any_of(c.children.begin(), c.children.end(), [&](const Condition& k) { return holds(k, item); });
        }
        return false;
    }

    void repeat(const Repeat& r, const std::vector<Question>& qs, size_t page) {
        const auto it = given_.repeats.find(r.id);
        const std::vector<AnswerMap> none;
        const std::vector<AnswerMap>& items = it == given_.repeats.end() ? none : it->second;
        Slot slot;
        slot.page = page;
        slot.field = r.id;
        slot.repeat = &r;
        slot.items = items.size();
        out_.slots.push_back(slot);
        std::vector<AnswerMap> kept(items.size());
        for (size_t i = 0; i < items.size(); i++)
            questions(qs, page, &items[i], kept[i], &kept[i], r.id + "[" + std::to_string(i) + "].");
        out_.kept.repeats[r.id] = std::move(kept);
    }

    void questions(const std::vector<Question>& qs, size_t page, const AnswerMap* given, AnswerMap& kept,
                   const AnswerMap* item, const std::string& prefix) {
        for (const Question& q : qs) {
            if (q.condition && !holds(*q.condition, item))
                continue;
            Slot slot;
            slot.page = page;
            slot.field = prefix + q.id;
            slot.question = &q;
            slot.answer = find_answer(given, q.id);
            out_.slots.push_back(slot);
            if (q.type == QuestionType::Group) {
                if (q.repeat)
                    repeat(*q.repeat, q.questions, page);
                else
                    questions(q.questions, page, given, kept, item, prefix);
            } else if (q.type != QuestionType::Info && slot.answer && is_answered(*slot.answer)) {
                kept[q.id] = *slot.answer;
            }
        }
    }
};

Resolved resolve(const Form& form, const Answers& answers) { return Resolver(form, answers).run(); }

std::optional<size_t> page_index(const Form& form, const std::string& page_id) {
    for (size_t i = 0; i < form.pages.size(); i++)
        if (form.pages[i].id == page_id)
            return i;
    return std::nullopt;
}

// ---- validation

std::string key(const Question& q, const char* reason) {
    return std::string("error.") + question_type_name(q.type) + "." + reason;
}

Checked check_pattern(Pattern p, const std::string& text) {
    switch (p) {
    case Pattern::Ahv: return check_ahv(text);
    case Pattern::Iban: return check_iban(text);
    case Pattern::SwissPostcode: return check_swiss_postcode(text);
    case Pattern::Phone: return check_phone(text);
    case Pattern::Email: return check_email(text);
    case Pattern::None: break;
    }
    return {true, text, {}};
}

std::optional<int64_t> read_amount(const Question& q, const Answer& a) {
    if (const auto* n = std::get_if<int64_t>(&a))
        return *n;
    if (const auto* s = std::get_if<std::string>(&a))
        return q.type == QuestionType::Money ? parse_money(*s) : parse_number(*s);
    return std::nullopt;
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

std::optional<std::string> check_date(const Question& q, const std::string& text, const Date& today) {
    const auto d = parse_date(text);
    if (!d)
        return key(q, "invalid");
    if (q.not_future && today < *d)
        return key(q, "future");
    const int age = age_on(*d, today);
    if (q.min_age && age < *q.min_age)
        return key(q, "too_young");
    if (q.max_age && age > *q.max_age)
        return key(q, "too_old");
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
        const auto v = read_amount(q, *a);
        if (!v)
            return key(q, "invalid");
        if (q.min_value && *v < *q.min_value)
            return key(q, "too_small");
        if (q.max_value && *v > *q.max_value)
            return key(q, "too_large");
        return std::nullopt;
    }
    case QuestionType::Date:
        return s ? check_date(q, *s, today) : key(q, "invalid");
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

void check_slot(const Slot& slot, const Date& today, std::vector<FieldError>& errors) {
    if (slot.repeat) {
        if (int64_t(slot.items) < slot.repeat->min)
            errors.push_back({slot.field, "error.repeat.too_few"});
        else if (int64_t(slot.items) > slot.repeat->max)
            errors.push_back({slot.field, "error.repeat.too_many"});
    } else if (slot.question) {
        if (auto k = check_answer(*slot.question, slot.answer, today))
            errors.push_back({slot.field, *k});
    }
}

// ---- the document

// The answer as staff should read it; what could not be read stays as typed (trimmed), so that
// nothing the applicant wrote is lost even if validation was skipped.
nlohmann::json normalise(const Question& q, const Answer& a) {
    const auto* s = std::get_if<std::string>(&a);
    const auto* list = std::get_if<std::vector<std::string>>(&a);
    switch (q.type) {
    case QuestionType::Number:
    case QuestionType::Money:
        if (const auto v = read_amount(q, a))
            return *v;
        break;
    case QuestionType::Date:
        if (s)
            if (const auto d = parse_date(*s))
                return format_iso_date(*d);
        break;
    case QuestionType::Text:
        if (s && q.pattern != Pattern::None) {
            const Checked c = check_pattern(q.pattern, trim(*s));
            if (c.ok)
                return c.value;
        }
        break;
    case QuestionType::MultipleChoice:
        if (list) {
            nlohmann::json out = nlohmann::json::array();
            for (const Option& o : q.options)
                if (std::find(list->begin(), list->end(), o.id) != list->end())
                    out.push_back(o.id);
            return out;
        }
        break;
    default: break;
    }
    if (s)
        return trim(*s);
    if (list)
        return *list;
    return std::get<int64_t>(a);
}

void put_answers(const std::vector<Question>& qs, const AnswerMap& kept, const Answers& all, nlohmann::json& out);

// A repeat (group or page) as an array of item objects; nothing when it was hidden.
void put_repeat_items(const std::vector<Question>& qs, const std::string& repeat_id, const Answers& all,
                      nlohmann::json& out) {
    const auto it = all.repeats.find(repeat_id);
    if (it == all.repeats.end())
        return;
    nlohmann::json items = nlohmann::json::array();
    for (const AnswerMap& item : it->second) {
        nlohmann::json obj = nlohmann::json::object();
        put_answers(qs, item, all, obj);
        items.push_back(std::move(obj));
    }
    out[repeat_id] = std::move(items);
}

void put_answers(const std::vector<Question>& qs, const AnswerMap& kept, const Answers& all, nlohmann::json& out) {
    for (const Question& q : qs) {
        if (q.type == QuestionType::Group) {
            if (!q.repeat) {
                put_answers(q.questions, kept, all, out);
                continue;
            }
            put_repeat_items(q.questions, q.repeat->id, all, out);
        } else if (const Answer* a = find_answer(&kept, q.id)) {
            out[q.id] = normalise(q, *a);
        }
    }
}

} // namespace

std::optional<int64_t> parse_money(const std::string& text) {
    const std::string s = strip_currency(text);
    size_t i = 0, digits = 0;
    int64_t francs = 0;
    if (!read_grouped(s, i, 13, francs, digits))
        return std::nullopt;
    int64_t cents = 0;
    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
        const std::string rest = s.substr(i + 1);
        // "12.-", "12.--" and "12.–" are how prices in whole francs are printed.
        if (digits > 0 && (rest == "-" || rest == "--" || rest == "\xE2\x80\x93" || rest == "\xE2\x80\x94")) {
            i = s.size();
        } else {
            size_t n = 0;
            for (i++; i < s.size() && is_digit(s[i]) && n < 3; i++, n++)
                cents = cents * 10 + (s[i] - '0');
            if (n == 0 || n > 2)
                return std::nullopt;
            if (n == 1)
                cents *= 10;
            digits += n;
        }
    }
    if (i != s.size() || digits == 0)
        return std::nullopt;
    return francs * 100 + cents;
}

std::string format_money(int64_t cents) {
    const bool negative = cents < 0;
    // Work in unsigned so that the most negative value has a magnitude too.
    const uint64_t magnitude = negative ? uint64_t(0) - uint64_t(cents) : uint64_t(cents);
    std::string francs = std::to_string(magnitude / 100);
    for (size_t at = francs.size(); at > 3; at -= 3)
        francs.insert(at - 3, "'");
    const unsigned rest = unsigned(magnitude % 100);
    return (negative ? "-" : "") + francs + "." + char('0' + rest / 10) + char('0' + rest % 10);
}

std::optional<int64_t> parse_number(const std::string& text) {
    const std::string s = trim(text);
    size_t i = 0, digits = 0;
    const bool negative = !s.empty() && (s[0] == '-' || s.compare(0, 3, "\xE2\x88\x92") == 0);  // also U+2212
    if (negative)
        i = s[0] == '-' ? 1 : 3;
    int64_t value = 0;
    if (!read_grouped(s, i, 18, value, digits) || digits == 0 || i != s.size())
        return std::nullopt;
    return negative ? -value : value;
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
    if (!r || it == answers.repeats.end() || index >= it->second.size() || int64_t(it->second.size()) <= r->min)
        return false;
    it->second.erase(it->second.begin() + std::ptrdiff_t(index));
    return true;
}

std::vector<std::string> visible_pages(const Form& form, const Answers& answers) {
    std::vector<std::string> ids;
    for (size_t p : resolve(form, answers).pages)
        ids.push_back(form.pages[p].id);
    return ids;
}

std::optional<Step> page_step(const Form& form, const Answers& answers, const std::string& page_id) {
    const auto pages = visible_pages(form, answers);
    const auto it = std::find(pages.begin(), pages.end(), page_id);
    if (it == pages.end())
        return std::nullopt;
    return Step{size_t(it - pages.begin()) + 1, pages.size()};
}

std::optional<std::string> next_page(const Form& form, const Answers& answers, const std::string& page_id) {
    const auto at = page_index(form, page_id);
    if (!at)
        return std::nullopt;
    for (size_t p : resolve(form, answers).pages)
        if (p > *at)
            return form.pages[p].id;
    return std::nullopt;
}

std::optional<std::string> previous_page(const Form& form, const Answers& answers, const std::string& page_id) {
    const auto at = page_index(form, page_id);
    if (!at)
        return std::nullopt;
    std::optional<std::string> before;
    for (size_t p : resolve(form, answers).pages)
        if (p < *at)
            before = form.pages[p].id;
    return before;
}

std::set<std::string> visible_fields(const Form& form, const Answers& answers) {
    std::set<std::string> fields;
    for (const Slot& s : resolve(form, answers).slots)
        fields.insert(s.field);
    return fields;
}

std::vector<FieldError> validate_page(const Form& form, const std::string& page_id, const Answers& answers,
                                      const Date& today) {
    std::vector<FieldError> errors;
    const auto at = page_index(form, page_id);
    if (!at)
        return errors;
    for (const Slot& s : resolve(form, answers).slots)
        if (s.page == *at)
            check_slot(s, today, errors);
    return errors;
}

std::vector<FieldError> validate_form(const Form& form, const Answers& answers, const Date& today) {
    std::vector<FieldError> errors;
    for (const Slot& s : resolve(form, answers).slots)
        check_slot(s, today, errors);
    return errors;
}

Answers submitted_answers(const Form& form, const Answers& answers) { return resolve(form, answers).kept; }

nlohmann::json answers_document(const Form& form, const Answers& answers, const std::string& language) {
    const Answers kept = submitted_answers(form, answers);
    nlohmann::json values = nlohmann::json::object();
    for (const Page& page : form.pages) {
        if (!page.repeat) {
            put_answers(page.questions, kept.values, kept, values);
            continue;
        }
        put_repeat_items(page.questions, page.repeat->id, kept, values);
    }
    return {{"form", form.id}, {"form_version", form.version}, {"language", language}, {"answers", std::move(values)}};
}

namespace {

// Appends the files of the document answers in `object` (one answers map or repeat item).
void collect_files(const Form& form, const nlohmann::json& object, const DocumentFiles& files,
                   std::vector<Part>& parts, nlohmann::json& attachments) {
    for (const auto& [id, value] : object.items()) {
        const Question* q = find_question(form, id);
        if (!q) { // a repeat: its items are objects of answers
            if (value.is_array())
                for (const auto& item : value)
                    if (item.is_object())
                        collect_files(form, item, files, parts, attachments);
            continue;
        }
        if (q->type != QuestionType::Document || !value.is_array())
            continue;
        for (const auto& ref : value) {
            const auto file = ref.is_string() ? files.find(ref.get<std::string>()) : files.end();
            if (file == files.end())
                continue;
            attachments.push_back({{"part", parts.size()},
                                   {"name", file->second.name},
                                   {"media_type", file->second.media_type},
                                   {"size", file->second.data.size()},
                                   {"question", id},
                                   {"ref", file->first}});
            parts.push_back({PartType::Attachment, file->second.data});
        }
    }
}

} // namespace

std::vector<Part> form_submission_parts(const Form& form, const Answers& answers, const std::string& language,
                                        const DocumentFiles& files) {
    nlohmann::json doc = answers_document(form, answers, language);
    std::vector<Part> parts(1);
    nlohmann::json attachments = nlohmann::json::array();
    collect_files(form, doc["answers"], files, parts, attachments);
    doc["attachments"] = std::move(attachments);
    parts[0] = {PartType::Answers, to_bytes(canonical_json(doc))};
    return parts;
}

} // namespace anl
