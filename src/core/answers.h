// Answers to a form (issue 4): what the applicant gave, which pages and questions that makes
// visible, what is wrong with a page, and the canonical answers document that is sealed and sent.
// All of it follows the one walk over the form (form_walk.h). Implemented by answers.cpp,
// answer_validation.cpp (validate_*) and answer_document.cpp (the document and its parts).
//
// Answers keep everything the applicant typed, also for questions that a later change hides
// (someone who picks "Swiss" by mistake and back again finds the permit still filled in). What
// is hidden is ignored everywhere else: conditions, validation, step counting and the document
// all see only visible questions, so nothing that was hidden is ever submitted.
#pragma once
#include "core/amounts.h"         // answers hold amounts as typed: parse_money, parse_number
#include "core/canonical_json.h"  // answers_document is sealed as canonical JSON
#include "core/date.h"
#include "core/form.h"
#include "core/submission.h"  // Attachment

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace anl {

// One answer, as the UI holds it:
//   std::string               text, multiline, date, single_choice and yes_no_unknown; number and
//                             money as typed ("1'234.50"), read when validated
//   int64_t                   number, or money in cents, when the caller already has the value
//   std::vector<std::string>  multiple_choice option ids; document pages (references to files
//                             that travel as attachment parts)
// A blank string or an empty list counts as not answered.
using Answer = std::variant<std::string, int64_t, std::vector<std::string>>;
using AnswerMap = std::map<std::string, Answer>;  // question id -> answer

struct Answers {
    AnswerMap values;                                       // questions not in a repeat
    std::map<std::string, std::vector<AnswerMap>> repeats;  // repeat id -> one map per item
};

// A blank string or an empty list is not an answer.
bool is_answered(const Answer& answer);

// The value of a number or money answer (cents), as kept or as typed; nothing when unreadable.
std::optional<int64_t> amount_of(const Question& q, const Answer& answer);

// Add an empty item (up to the repeat's max), or remove one. Removing may go below min: the
// applicant may remove the only person and then answer "no" instead; validation reports a list
// below min ("error.repeat.too_few") when the page is continued. False (and answers unchanged)
// for an unknown repeat id, a full list, or an index out of range.
bool add_repeat_item(const Form& form, Answers& answers, const std::string& repeat_id);
bool remove_repeat_item(const Form& form, Answers& answers, const std::string& repeat_id, size_t index);

// Ids of the pages whose condition holds, in form order.
std::vector<std::string> visible_pages(const Form& form, const Answers& answers);

// "Step 2 of 5" on a visible page: number is 1-based among the visible pages, count the pages
// that can still be reached from it (reachable_pages in form_walk.h: later pages that the
// answers so far do not rule out). Continuing adds one to the number and never adds to the
// count. Nothing for a hidden or unknown page.
struct Step {
    size_t number = 0;
    size_t count = 0;
};
std::optional<Step> page_step(const Form& form, const Answers& answers, const std::string& page_id);

// The visible page after or before page_id in form order. page_id itself may have just become
// hidden (the answer that hid it is on it); the neighbours are still found.
std::optional<std::string> next_page(const Form& form, const Answers& answers, const std::string& page_id);
std::optional<std::string> previous_page(const Form& form, const Answers& answers, const std::string& page_id);

// Field names of every visible question (info and groups included) and repeat: "rent",
// "household[1].birth_date", and the repeat id itself ("household") for its list of items.
// These are the names FieldError::field uses.
std::set<std::string> visible_fields(const Form& form, const Answers& answers);

// One problem with one field; message_key names a catalog entry that says how to fix it, and
// params fill its placeholders (Catalog::format): "There is no month {month}" with month "13".
struct FieldError {
    using Params = std::vector<std::pair<std::string, std::string>>;
    FieldError() = default;
    FieldError(std::string field_, std::string message_key_, Params params_ = {})
        : field(std::move(field_)), message_key(std::move(message_key_)), params(std::move(params_)) {}
    std::string field;
    std::string message_key;
    Params params;
};

// Problems with the visible questions of one page (none for a hidden or unknown page), in
// question order. message_key is "error.<type>.<reason>", "error.<pattern>.<reason>" or
// "error.repeat.<reason>"; docs/FORMS.md lists them all.
std::vector<FieldError> validate_page(const Form& form, const std::string& page_id, const Answers& answers,
                                      const Date& today);
// All visible pages, in order: what must be empty before the answers are sent.
std::vector<FieldError> validate_form(const Form& form, const Answers& answers, const Date& today);

// Only what is visible and answered; repeats of visible pages and groups keep all their items.
Answers submitted_answers(const Form& form, const Answers& answers);

// {"answers": {...}, "form": id, "form_version": n, "language": "de"}: visible answers only,
// normalised (trimmed text, checked patterns in their normal spelling, numbers and cents as JSON
// integers, ISO dates, options in definition order). Pass it to canonical_json before sealing.
// form_submission_parts adds "attachments" for document questions.
nlohmann::json answers_document(const Form& form, const Answers& answers, const std::string& language);

// Files picked for document questions, by the reference the answer holds (e.g. "f1").
using DocumentFiles = std::map<std::string, Attachment>;

// What is sealed and sent: part 0 the answers document (answers_document plus "attachments",
// one entry {part, name, media_type, size, question, ref} per file that a visible document
// answer lists, in the order of the document's keys), then one part per file. A reference
// without a file is left out of both.
std::vector<Part> form_submission_parts(const Form& form, const Answers& answers, const std::string& language,
                                        const DocumentFiles& files);

} // namespace anl
