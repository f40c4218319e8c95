// The answers document and what is sealed and sent (answers.h: answers_document,
// form_submission_parts): the visible answers, normalised, in the walk's order.
#include "core/answers.h"

#include "core/date.h"
#include "core/form_walk.h"
#include "core/text.h"
#include "core/validators.h"

#include <algorithm>

namespace anl {
namespace {

// The answer as staff should read it; what could not be read stays as typed (trimmed), so that
// nothing the applicant wrote is lost even if validation was skipped.
nlohmann::json normalise(const Question& q, const Answer& a) {
    const auto* s = std::get_if<std::string>(&a);
    const auto* list = std::get_if<std::vector<std::string>>(&a);
    switch (q.type) {
    case QuestionType::Number:
    case QuestionType::Money:
        if (const auto v = amount_of(q, a))
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

} // namespace

nlohmann::json answers_document(const Form& form, const Answers& answers, const std::string& language) {
    nlohmann::json values = nlohmann::json::object();
    for (const WalkStep& step : walk_form(form, answers).steps) {
        if (step.kind == WalkStep::Kind::Repeat) {
            // Every item of a visible repeat, also an empty one: staff see how many were given.
            values[step.path.id] = nlohmann::json::array();
            for (size_t i = 0; i < step.items; i++)
                values[step.path.id].push_back(nlohmann::json::object());
        } else if (step.kind == WalkStep::Kind::Question && step.answer) {
            nlohmann::json& into = step.path.item ? values[step.path.item->repeat][step.path.item->index] : values;
            into[step.path.id] = normalise(*step.question, *step.answer);
        }
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
