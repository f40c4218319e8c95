// The form loader's first pass: reads a definition's JSON into core/form.h's structures and
// reports every mistake at once, with the JSON path where it is (docs/FORMS.md). The second pass,
// on the parsed form, is core/form_references.cpp.
#include "core/form.h"
#include "core/field_path.h"
#include "core/form_detail.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <limits>
#include <set>

namespace anl {
namespace {

using json = nlohmann::json;
using form_detail::index;
using form_detail::join;
using form_detail::quote;


// Keys any question may have, then the keys that only some types take. A key from the second
// list on the wrong type is reported as not applying, which is more helpful than "unknown".
const char* const kCommonKeys[] = {"id", "type", "label", "hint", "help", "example", "condition"};
const char* const kTypedKeys[] = {"required",  "min_length", "max_length", "pattern",   "min_value", "max_value",
                                  "not_future", "min_age",   "max_age",    "options",   "document",  "min_pages",
                                  "max_pages", "repeat",     "questions",  "autocomplete"};

// The input purposes of WCAG 2.1 (1.3.5, from HTML's autofill field names) that an applicant may
// be asked for; payment cards and passwords have no place in a form definition.
const char* const kInputPurposes[] = {
    "name",           "honorific-prefix", "given-name",     "additional-name", "family-name",    "honorific-suffix",
    "nickname",       "organization-title", "organization", "street-address",  "address-line1",  "address-line2",
    "address-line3",  "address-level4",   "address-level3", "address-level2",  "address-level1", "country",
    "country-name",   "postal-code",      "language",       "bday",            "bday-day",       "bday-month",
    "bday-year",      "sex",              "url",            "tel",             "tel-country-code", "tel-national",
    "tel-area-code",  "tel-local",        "tel-extension",  "email",           "impp"};

std::vector<std::string> typed_keys(QuestionType t) {
    switch (t) {
    case QuestionType::Text: return {"required", "min_length", "max_length", "pattern", "autocomplete"};
    case QuestionType::Multiline: return {"required", "min_length", "max_length", "autocomplete"};
    case QuestionType::Number: return {"required", "min_value", "max_value", "autocomplete"};
    case QuestionType::Money: return {"required", "min_value", "max_value"};
    case QuestionType::Date: return {"required", "not_future", "min_age", "max_age", "autocomplete"};
    case QuestionType::SingleChoice:
    case QuestionType::MultipleChoice: return {"required", "options"};
    case QuestionType::YesNoUnknown: return {"required"};
    case QuestionType::Document: return {"required", "document", "min_pages", "max_pages"};
    case QuestionType::Info: return {};
    case QuestionType::Group: return {"repeat", "questions"};
    }
    return {};
}

bool is_lower_or_digit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// Form ids may carry a namespace ("anlaufstelle.minimal") and hyphens.
bool is_form_id(const std::string& s) {
    if (s.empty() || s.size() > 64 || !is_lower_or_digit(s[0]))
        return false;
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return is_lower_or_digit(c) || c == '_' || c == '.' || c == '-'; });
}

bool is_catalog_key(const std::string& s) {
    if (s.empty() || s.size() > 200)
        return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return is_lower_or_digit(c) || (c >= 'A' && c <= 'Z') || c == '_' || c == '.' || c == '-';
    });
}

class Loader {
public:
    std::vector<std::string> errors;

    std::optional<Form> load(const json& doc) {
        if (!doc.is_object()) {
            fail("", "a form is a JSON object");
            return std::nullopt;
        }
        check_keys(doc, "", {"id", "version", "title", "pages"});
        Form form;
        form.id = string_field(doc, "", "id", true);
        if (doc.contains("id") && doc["id"].is_string() && !is_form_id(form.id))
            fail("id", "form id " + quote(form.id) + " may only hold a-z, 0-9, '.', '_' and '-' (at most 64)");
        const auto version = int_field(doc, "", "version", true);
        if (version && *version < 1)
            fail("version", "must be 1 or more");
        form.version = version.value_or(0);
        form.title = key_field(doc, "", "title", true);

        const json* pages = array_field(doc, "", "pages");
        if (pages) {
            for (size_t i = 0; i < pages->size(); i++)
                form.pages.push_back(page((*pages)[i], index("pages", i)));
        }
        form_detail::check_references(form, errors);
        if (!errors.empty())
            return std::nullopt;
        return form;
    }


private:
    void fail(const std::string& path, const std::string& message) { form_detail::add_error(errors, path, message); }

    void check_keys(const json& obj, const std::string& path, const std::vector<std::string>& allowed) {
        for (const auto& item : obj.items())
            if (std::find(allowed.begin(), allowed.end(), item.key()) == allowed.end())
                fail(join(path, item.key()), "unknown key " + quote(item.key()));
    }

    // The fields below return a neutral value after reporting, so that loading goes on and the
    // author sees every mistake at once.
    std::string string_field(const json& obj, const std::string& path, const char* key, bool required) {
        if (!obj.contains(key)) {
            if (required)
                fail(join(path, key), "missing");
            return {};
        }
        const json& v = obj[key];
        if (!v.is_string()) {
            fail(join(path, key), "must be a string");
            return {};
        }
        return v.get<std::string>();
    }

    std::string id_field(const json& obj, const std::string& path, const char* key = "id") {
        std::string id = string_field(obj, path, key, true);
        if (obj.contains(key) && obj[key].is_string() && !is_plain_id(id)) {
            fail(join(path, key), "id " + quote(id) + " must start with a-z and hold only a-z, 0-9 and '_' (at most 64)");
            id.clear();
        }
        return id;
    }

    std::string key_field(const json& obj, const std::string& path, const char* key, bool required) {
        std::string k = string_field(obj, path, key, required);
        if (obj.contains(key) && obj[key].is_string() && !is_catalog_key(k)) {
            fail(join(path, key), "catalog key " + quote(k) + " may only hold A-Z, a-z, 0-9, '.', '_' and '-'");
            k.clear();
        }
        return k;
    }

    std::optional<int64_t> int_field(const json& obj, const std::string& path, const char* key, bool required) {
        if (!obj.contains(key)) {
            if (required)
                fail(join(path, key), "missing");
            return std::nullopt;
        }
        const json& v = obj[key];
        if (!v.is_number_integer() ||
            (v.is_number_unsigned() && v.get<uint64_t>() > uint64_t(std::numeric_limits<int64_t>::max()))) {
            fail(join(path, key), "must be a whole number");
            return std::nullopt;
        }
        return v.get<int64_t>();
    }

    bool bool_field(const json& obj, const std::string& path, const char* key) {
        if (!obj.contains(key))
            return false;
        if (!obj[key].is_boolean()) {
            fail(join(path, key), "must be true or false");
            return false;
        }
        return obj[key].get<bool>();
    }

    const json* array_field(const json& obj, const std::string& path, const char* key) {
        if (!obj.contains(key)) {
            fail(join(path, key), "missing");
            return nullptr;
        }
        const json& v = obj[key];
        if (!v.is_array() || v.empty()) {
            fail(join(path, key), "must be a non-empty array");
            return nullptr;
        }
        return &v;
    }

    // Reports a range whose ends are out of [floor, ceiling] or the wrong way round.
    void check_range(const std::string& path, const char* min_key, std::optional<int64_t> min, const char* max_key,
                     std::optional<int64_t> max, int64_t floor, int64_t ceiling) {
        if (min && (*min < floor || *min > ceiling))
            fail(join(path, min_key), "must be between " + std::to_string(floor) + " and " + std::to_string(ceiling));
        if (max && (*max < floor || *max > ceiling))
            fail(join(path, max_key), "must be between " + std::to_string(floor) + " and " + std::to_string(ceiling));
        if (min && max && *min > *max)
            fail(join(path, min_key), std::string(min_key) + " " + std::to_string(*min) + " is greater than " + max_key +
                                          " " + std::to_string(*max));
    }

    Page page(const json& j, const std::string& path) {
        Page p;
        if (!j.is_object()) {
            fail(path, "a page is an object");
            return p;
        }
        check_keys(j, path, {"id", "section", "title", "condition", "repeat", "questions"});
        p.id = id_field(j, path);
        p.title = key_field(j, path, "title", true);
        p.section = key_field(j, path, "section", false);
        if (j.contains("condition"))
            p.condition = condition(j["condition"], join(path, "condition"), 1);
        if (j.contains("repeat"))
            p.repeat = repeat(j["repeat"], join(path, "repeat"));
        if (const json* qs = array_field(j, path, "questions"))
            for (size_t i = 0; i < qs->size(); i++)
                p.questions.push_back(question((*qs)[i], index(join(path, "questions"), i), 0, p.repeat.has_value()));
        return p;
    }

    std::optional<Repeat> repeat(const json& j, const std::string& path) {
        if (!j.is_object()) {
            fail(path, "a repeat is an object with id, min, max and item_label");
            return std::nullopt;
        }
        check_keys(j, path, {"id", "min", "max", "item_label"});
        Repeat r;
        r.id = id_field(j, path);
        r.item_label = key_field(j, path, "item_label", true);
        const auto min = int_field(j, path, "min", false);
        const auto max = int_field(j, path, "max", true);
        check_range(path, "min", min, "max", max, 0, kMaxRepeatItems);
        if (max && *max == 0)
            fail(join(path, "max"), "must be 1 or more");
        r.min = int(std::clamp<int64_t>(min.value_or(0), 0, kMaxRepeatItems));
        r.max = int(std::clamp<int64_t>(max.value_or(1), 0, kMaxRepeatItems));
        return r;
    }

    Question question(const json& j, const std::string& path, int group_depth, bool in_repeat) {
        Question q;
        if (!j.is_object()) {
            fail(path, "a question is an object");
            return q;
        }
        q.id = id_field(j, path);
        const std::string type = string_field(j, path, "type", true);
        const std::optional<QuestionType> named = form_detail::question_type_by_name(type);
        const bool known_type = named.has_value();
        if (known_type)
            q.type = *named;
        if (!known_type && j.contains("type") && j["type"].is_string())
            fail(join(path, "type"), "unknown type " + quote(type));
        q.type = known_type ? q.type : QuestionType::Info;  // so that nothing type-specific is read

        if (known_type) {
            const auto allowed = typed_keys(q.type);
            for (const auto& item : j.items()) {
                const std::string& k = item.key();
                const bool common = std::find(std::begin(kCommonKeys), std::end(kCommonKeys), k) != std::end(kCommonKeys);
                const bool typed = std::find(std::begin(kTypedKeys), std::end(kTypedKeys), k) != std::end(kTypedKeys);
                if (common || std::find(allowed.begin(), allowed.end(), k) != allowed.end())
                    continue;
                fail(join(path, k), typed ? quote(k) + " does not apply to " + type + " questions"
                                          : "unknown key " + quote(k));
            }
        }

        // A group without a heading just shares a condition or a repeat; everything else is seen.
        q.label = key_field(j, path, "label", q.type != QuestionType::Group && known_type);
        q.hint = key_field(j, path, "hint", false);
        q.help = key_field(j, path, "help", false);
        q.example = key_field(j, path, "example", false);
        if (j.contains("condition"))
            q.condition = condition(j["condition"], join(path, "condition"), 1);
        if (!known_type)
            return q;
        q.required = bool_field(j, path, "required");

        switch (q.type) {
        case QuestionType::Text:
        case QuestionType::Multiline: text_rules(j, path, q); break;
        case QuestionType::Number:
        case QuestionType::Money:
            q.min_value = int_field(j, path, "min_value", false);
            q.max_value = int_field(j, path, "max_value", false);
            check_range(path, "min_value", q.min_value, "max_value", q.max_value, std::numeric_limits<int64_t>::min(),
                        std::numeric_limits<int64_t>::max());
            break;
        case QuestionType::Date:
            q.not_future = bool_field(j, path, "not_future");
            q.min_age = int_field(j, path, "min_age", false);
            q.max_age = int_field(j, path, "max_age", false);
            check_range(path, "min_age", q.min_age, "max_age", q.max_age, 0, 150);
            break;
        case QuestionType::SingleChoice:
        case QuestionType::MultipleChoice: q.options = options(j, path); break;
        case QuestionType::Document: document_rules(j, path, q); break;
        case QuestionType::Group: group(j, path, q, group_depth, in_repeat); break;
        case QuestionType::YesNoUnknown:
        case QuestionType::Info: break;
        }
        if (j.contains("autocomplete"))
            input_purpose(j, path, q, in_repeat);
        return q;
    }

    // `autocomplete`: the browser may offer what it knows of the applicant (own device only).
    void input_purpose(const json& j, const std::string& path, Question& q, bool in_repeat) {
        const std::string name = string_field(j, path, "autocomplete", false);
        if (!j["autocomplete"].is_string())
            return;
        if (std::find_if(std::begin(kInputPurposes), std::end(kInputPurposes),
                         [&](const char* p) { return name == p; }) == std::end(kInputPurposes)) {
            fail(join(path, "autocomplete"), "unknown input purpose " + quote(name) +
                                                 " (given-name, family-name, bday, street-address, postal-code, "
                                                 "address-level2, tel, email, ...: docs/FORMS.md)");
            return;
        }
        if (in_repeat) { // a repeated item is about someone else: the applicant's data would be wrong
            fail(join(path, "autocomplete"), "the applicant's own data cannot be asked in a repeat");
            return;
        }
        q.autocomplete = name;
    }

    void text_rules(const json& j, const std::string& path, Question& q) {
        q.min_length = int_field(j, path, "min_length", false);
        q.max_length = int_field(j, path, "max_length", false);
        check_range(path, "min_length", q.min_length, "max_length", q.max_length, 0, kMaxTextLength);
        if (q.max_length && *q.max_length == 0)
            fail(join(path, "max_length"), "must be 1 or more");
        if (!q.max_length && q.min_length) {
            const int64_t default_max = q.type == QuestionType::Text ? kDefaultTextLength : kDefaultMultilineLength;
            if (*q.min_length > default_max)
                fail(join(path, "min_length"), "is greater than the default max_length " + std::to_string(default_max));
        }
        if (j.contains("pattern")) {
            const std::string name = string_field(j, path, "pattern", false);
            q.pattern = form_detail::pattern_by_name(name).value_or(Pattern::None);
            if (q.pattern == Pattern::None && j["pattern"].is_string())
                fail(join(path, "pattern"), "unknown pattern " + quote(name) +
                                                " (ahv, iban, swiss_postcode, phone or email)");
        }
    }

    void document_rules(const json& j, const std::string& path, Question& q) {
        q.document = id_field(j, path, "document");
        const auto min = int_field(j, path, "min_pages", false);
        const auto max = int_field(j, path, "max_pages", false);
        check_range(path, "min_pages", min, "max_pages", max, 1, kMaxDocumentPages);
        if (min && !max && *min > q.max_pages)
            fail(join(path, "min_pages"), "is greater than the default max_pages " + std::to_string(q.max_pages));
        q.min_pages = std::clamp<int64_t>(min.value_or(q.min_pages), 1, kMaxDocumentPages);
        q.max_pages = std::clamp<int64_t>(max.value_or(q.max_pages), 1, kMaxDocumentPages);
    }

    std::vector<Option> options(const json& j, const std::string& path) {
        std::vector<Option> out;
        const json* list = array_field(j, path, "options");
        if (!list)
            return out;
        std::set<std::string> seen;
        for (size_t i = 0; i < list->size(); i++) {
            const std::string opath = index(join(path, "options"), i);
            const json& o = (*list)[i];
            if (!o.is_object()) {
                fail(opath, "an option is an object with id and label");
                continue;
            }
            check_keys(o, opath, {"id", "label"});
            Option opt{id_field(o, opath), key_field(o, opath, "label", true)};
            if (!opt.id.empty() && !seen.insert(opt.id).second)
                fail(join(opath, "id"), "duplicate option id " + quote(opt.id));
            out.push_back(std::move(opt));
        }
        return out;
    }

    // One level of groups keeps the answers flat (a value, or a list of items of values) and the
    // recursion bounded whatever the definition says.
    void group(const json& j, const std::string& path, Question& q, int depth, bool in_repeat) {
        if (depth > 0)
            fail(path, "groups cannot be nested");
        if (j.contains("repeat")) {
            q.repeat = repeat(j["repeat"], join(path, "repeat"));
            if (in_repeat)
                fail(join(path, "repeat"), "a repeating group cannot be on a repeating page");
        }
        if (depth > 0)
            return;
        if (const json* qs = array_field(j, path, "questions"))
            for (size_t i = 0; i < qs->size(); i++)
                q.questions.push_back(question((*qs)[i], index(join(path, "questions"), i), depth + 1,
                                               in_repeat || q.repeat.has_value()));
    }

    std::optional<Condition> condition(const json& j, const std::string& path, size_t depth) {
        if (depth > kMaxConditionDepth) {
            fail(path, "conditions nested deeper than " + std::to_string(kMaxConditionDepth));
            return std::nullopt;
        }
        if (!j.is_object() || j.size() != 1) {
            fail(path, "a condition is an object with exactly one of equals, not, all, any, answered, includes");
            return std::nullopt;
        }
        const std::string name = j.begin().key();
        const json& arg = j.begin().value();
        const std::string sub = join(path, name);
        Condition c;
        if (name == "equals" || name == "includes") {
            c.op = name == "equals" ? Condition::Op::Equals : Condition::Op::Includes;
            if (!arg.is_array() || arg.size() != 2 || !arg[0].is_string() || !arg[1].is_string()) {
                fail(sub, "must be [\"question_id\", \"value\"]");
                return std::nullopt;
            }
            c.question = arg[0].get<std::string>();
            c.value = arg[1].get<std::string>();
        } else if (name == "answered") {
            c.op = Condition::Op::Answered;
            if (!arg.is_string()) {
                fail(sub, "must be a question id");
                return std::nullopt;
            }
            c.question = arg.get<std::string>();
        } else if (name == "not") {
            c.op = Condition::Op::Not;
            auto child = condition(arg, sub, depth + 1);
            if (!child)
                return std::nullopt;
            c.children.push_back(std::move(*child));
        } else if (name == "all" || name == "any") {
            c.op = name == "all" ? Condition::Op::All : Condition::Op::Any;
            if (!arg.is_array() || arg.empty()) {
                fail(sub, "must be a non-empty array of conditions");
                return std::nullopt;
            }
            for (size_t i = 0; i < arg.size(); i++) {
                auto child = condition(arg[i], index(sub, i), depth + 1);
                if (!child)
                    return std::nullopt;
                c.children.push_back(std::move(*child));
            }
        } else {
            fail(path, "unknown condition " + quote(name));
            return std::nullopt;
        }
        return c;
    }
};

} // namespace

LoadResult load_form(const std::string& json_text) {
    LoadResult result;
    const json doc = json::parse(json_text, nullptr, false);
    if (doc.is_discarded()) {
        result.errors.push_back("(form): not valid JSON");
        return result;
    }
    Loader loader;
    result.form = loader.load(doc);
    result.errors = std::move(loader.errors);
    return result;
}

} // namespace anl
