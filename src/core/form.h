// Form definitions (issue 4): what an office asks, in which order, under which conditions, and
// what counts as a usable answer. A form is JSON written by the office (docs/FORMS.md, schema in
// assets/forms/form.schema.json); load_form checks it completely before anything is shown, so
// that a mistake in a definition is found by whoever edits it, not by an applicant halfway
// through. Every text is a catalog key; the definition holds no words of any language.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace anl {

enum class QuestionType {
    Text,            // one line
    Multiline,       // free text with line breaks
    Number,          // whole number
    Money,           // CHF, kept as integer cents
    Date,            // read with parse_date, kept as ISO 8601
    SingleChoice,    // one option id
    MultipleChoice,  // a list of option ids
    YesNoUnknown,    // "yes", "no" or "unknown"
    Document,        // pages of one kind of document (photos or PDFs)
    Info,            // text only, no answer
    Group,           // questions shown, hidden or repeated together
};

// The shapes that check_* in validators.h recognise; only for text questions.
enum class Pattern { None, Ahv, Iban, SwissPostcode, Phone, Email };

// Conditions only look back: they may name questions that come earlier in the form, so that a
// form can be shown (and its visibility computed) from top to bottom in one pass.
struct Condition {
    enum class Op { Equals, Not, All, Any, Answered, Includes };
    Op op = Op::Answered;
    std::string question;            // equals, answered, includes
    std::string value;               // equals: the answer; includes: the option id
    std::vector<Condition> children; // not (exactly one), all, any
};

struct Option {
    std::string id;
    std::string label;  // catalog key
};

// Questions answered once per item, e.g. once per household member.
struct Repeat {
    std::string id;          // key of the items in answers and in the answers document
    int min = 0, max = 1;
    std::string item_label;  // catalog key, formatted with {number} (1-based)
};

struct Question {
    std::string id;
    QuestionType type = QuestionType::Text;
    std::string label, hint, help, example;  // catalog keys; all but label may be empty
    bool required = false;
    std::optional<int64_t> min_length, max_length;  // text, multiline: code points
    std::optional<int64_t> min_value, max_value;    // number; money in cents
    bool not_future = false;                        // date
    std::optional<int64_t> min_age, max_age;        // date, read as a date of birth
    Pattern pattern = Pattern::None;                // text
    std::string autocomplete;   // text, multiline, number, date: the applicant's own data it asks
                                // for, as an HTML input purpose (WCAG 1.3.5): "given-name", "bday"
    std::vector<Option> options;                    // single_choice, multiple_choice
    std::string document;                           // document: which kind, e.g. "lease"
    int64_t min_pages = 1, max_pages = 10;          // document
    std::optional<Condition> condition;
    std::optional<Repeat> repeat;                   // group only
    std::vector<Question> questions;                // group only
};

struct Page {
    std::string id;
    std::string title;    // catalog key
    std::string section;  // catalog key of the part of the form it belongs to; may be empty
    std::optional<Condition> condition;
    std::optional<Repeat> repeat;  // the whole page is asked once per item
    std::vector<Question> questions;
};

struct Form {
    std::string id;
    int64_t version = 0;
    std::string title;  // catalog key
    std::vector<Page> pages;
};

struct LoadResult {
    std::optional<Form> form;         // only when errors is empty
    std::vector<std::string> errors;  // "pages[2].questions[0].type: unknown type 'foo'"
};

// Never throws, whatever the text: a broken definition gives errors, not a crash.
LoadResult load_form(const std::string& json_text);

const char* question_type_name(QuestionType type);  // as written in JSON: "single_choice"
const char* pattern_name(Pattern pattern);          // "swiss_postcode"; "" for None

const Page* find_page(const Form& form, const std::string& page_id);
// Searches pages and groups at any depth; nullptr when there is no such question.
const Question* find_question(const Form& form, const std::string& question_id);
// The page or group that repeats under this repeat id; nullptr when there is none.
const Repeat* find_repeat(const Form& form, const std::string& repeat_id);

// Every catalog key the form uses (titles, sections, labels, hints, help, examples, options,
// item labels), sorted: what each language's catalog of form texts must hold.
std::vector<std::string> form_text_keys(const Form& form);

// The catalog key of a question-specific error message, e.g.
// "form.social-assistance.birth_date.error.date.required": a form may say "Enter your date of
// birth" where the generic "error.date.required" can only say "Enter a date".
std::string question_error_key(const Form& form, const std::string& question_id, const std::string& message_key);

// Limits that keep a hostile or mistaken definition from costing memory or stack.
constexpr size_t kMaxConditionDepth = 16;
constexpr int64_t kMaxRepeatItems = 100;
constexpr int64_t kMaxDocumentPages = 50;
constexpr int64_t kMaxTextLength = 100000;
constexpr int64_t kDefaultTextLength = 200;        // as the fixed form's name field
constexpr int64_t kDefaultMultilineLength = 5000;  // as the fixed form's message field

} // namespace anl
