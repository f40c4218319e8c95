// The answers as rows to read (issue 9): the applicant's check-your-answers page and the staff
// view of a submission draw these rows as they come, without walking the form themselves.
// Both are made from the one walk (form_walk.h) and the one formatter (answer_text.h).
#pragma once
#include "core/answer_text.h"
#include "core/field_path.h"
#include "core/form.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace anl {

struct AnswerRow {
    enum class Kind {
        Section,  // a part of the form begins; label: its title
        Item,     // an item of a repeat begins; label: "Person 2"
        NoItems,  // check page: a repeating page without items; label: the page's title, text: "none yet"
        Answer,   // one question; label: the question's, text: the answer as read
    };
    Kind kind = Kind::Answer;
    std::string page;            // id of the page the row belongs to
    std::optional<size_t> page_item;  // the item of a repeating page the row is in
    FieldPath path;              // Item: the item (id empty); Answer: the question's field
    std::string label, text;
    bool answered = false;       // Answer: the question has an answer (text may still be empty)
};

// Every visible page in order: sections, items, and each visible question that takes an answer
// (not info, not groups) and is answered or required; a required one without an answer reads
// "check.not_answered". Optional questions left blank have no row.
std::vector<AnswerRow> check_rows(const Form& form, const Answers& answers, const Catalog& catalog,
                                  const DocumentNames& files);

// True when the answers document was made with this form and version: its ids mean what the
// form says, and submitted_rows can label them.
bool made_with(const Form& form, const nlohmann::json& doc);

// A submitted answers document made with this form: every section and item, and a row for each
// question the document answers. Nothing in it is hidden, whatever the conditions say; files
// are named from its "attachments".
std::vector<AnswerRow> submitted_rows(const Form& form, const nlohmann::json& doc, const Catalog& catalog);

// A document of another form or version: each top-level answer under its own id, the value as
// sent (a string as it is, anything else as JSON), so that staff still see everything.
std::vector<AnswerRow> raw_rows(const nlohmann::json& doc);

} // namespace anl
