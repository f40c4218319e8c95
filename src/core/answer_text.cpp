#include "core/answer_text.h"

#include "core/date.h"
#include "core/file_name.h"
#include "core/line_wrap.h"
#include "core/text.h"

#include <algorithm>

#include <cstdio>
#include <limits>

namespace anl {
namespace {

// "CHF 1'450.00" with a no-break space: an amount is never split across lines (issue 12).
std::string chf(int64_t cents) { return std::string("CHF") + kNoBreakSpace + format_money(cents); }

// Choices in the form's order (as they are offered and sent), any id the form does not know
// after them as it is; documents as their files' names.
std::string list_text(const Catalog& catalog, const Question& q, const std::vector<std::string>& list,
                      const DocumentNames& files) {
    std::vector<std::string> shown;
    if (q.type == QuestionType::Document) {
        for (const std::string& ref : list)
            if (const auto file = files.find(ref); file != files.end())
                shown.push_back(sanitize_file_name(file->second));
    } else {
        for (const Option& o : q.options)
            if (std::find(list.begin(), list.end(), o.id) != list.end())
                shown.push_back(catalog.get(o.label));
        for (const std::string& id : list)
            if (std::none_of(q.options.begin(), q.options.end(), [&](const Option& o) { return o.id == id; }))
                shown.push_back(id);
    }
    std::string out;
    for (const std::string& s : shown)
        out += (out.empty() ? "" : ", ") + s;
    return out;
}

std::string string_text(const Catalog& catalog, const Question& q, const std::string& typed) {
    const std::string s = trim(typed);  // as the answers document keeps it
    switch (q.type) {
    case QuestionType::SingleChoice:
    case QuestionType::YesNoUnknown: return s.empty() ? "" : option_label(catalog, q, s);
    case QuestionType::Money: {
        const auto cents = parse_money(s);
        return cents ? chf(*cents) : s;
    }
    case QuestionType::Date: {
        const auto d = parse_date(s);
        return d ? format_swiss_date(*d) : s;
    }
    case QuestionType::Text:
        // A phone number or an IBAN is one value: its spaces do not break ("044 000 00 00").
        return q.pattern == Pattern::Phone || q.pattern == Pattern::Iban ? no_break(s) : s;
    default: return s;
    }
}

} // namespace

DocumentNames document_names(const DocumentFiles& files) {
    DocumentNames names;
    for (const auto& [ref, file] : files)
        names[ref] = file.name;
    return names;
}

DocumentNames attachment_names(const nlohmann::json& doc) {
    DocumentNames names;
    const auto it = doc.find("attachments");
    if (it == doc.end() || !it->is_array())
        return names;
    for (const auto& a : *it)
        if (a.is_object() && a.contains("ref") && a["ref"].is_string() && a.contains("name") && a["name"].is_string())
            names[a["ref"].get<std::string>()] = a["name"].get<std::string>();
    return names;
}

const std::string& option_label(const Catalog& catalog, const Question& q, const std::string& option_id) {
    if (q.type == QuestionType::YesNoUnknown)
        return catalog.get("choice." + option_id);
    for (const Option& o : q.options)
        if (o.id == option_id)
            return catalog.get(o.label);
    return option_id;
}

std::string item_heading(const Catalog& catalog, const Repeat& repeat, size_t index) {
    return catalog.format(repeat.item_label, {{"number", std::to_string(index + 1)}});
}

std::string answer_text(const Catalog& catalog, const Question& q, const Answer* answer, const DocumentNames& files) {
    if (!answer)
        return "";
    if (const auto* list = std::get_if<std::vector<std::string>>(answer))
        return list_text(catalog, q, *list, files);
    if (const int64_t* n = std::get_if<int64_t>(answer))
        return q.type == QuestionType::Money ? chf(*n) : std::to_string(*n);
    return string_text(catalog, q, std::get<std::string>(*answer));
}

Answer answer_from_json(const nlohmann::json& value) {
    if (value.is_string())
        return value.get<std::string>();
    if (value.is_number_integer() && !(value.is_number_unsigned() && value.get<uint64_t>() > uint64_t(std::numeric_limits<int64_t>::max())))
        return value.get<int64_t>();
    if (value.is_array()) {
        std::vector<std::string> list;
        for (const auto& item : value)
            if (item.is_string())
                list.push_back(item.get<std::string>());
        return list;
    }
    return value.dump();
}

Answers answers_from_document(const Form& form, const nlohmann::json& answers) {
    Answers out;
    if (!answers.is_object())
        return out;
    for (const auto& [key, value] : answers.items()) {
        if (!find_repeat(form, key)) {
            out.values[key] = answer_from_json(value);
            continue;
        }
        auto& items = out.repeats[key];
        for (size_t i = 0; value.is_array() && i < value.size(); i++) {
            items.emplace_back();
            if (value[i].is_object())
                for (const auto& [id, v] : value[i].items())
                    items.back()[id] = answer_from_json(v);
        }
    }
    return out;
}

} // namespace anl
