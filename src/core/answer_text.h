// Answers as a person reads them (issue 9): the one formatter for the check-your-answers page,
// the summaries of repeat items and the staff view. Option labels and yes/no come from the
// catalog, money reads "CHF 1'450.00", dates "31.03.1985", documents list their files' names.
// A submitted answers document is read back into Answers (answers_from_document), so that what
// the applicant checked and what staff read is written by the same function.
#pragma once
#include "core/answers.h"
#include "core/catalog.h"
#include "core/form.h"

#include <nlohmann/json.hpp>

#include <map>
#include <string>

namespace anl {

// The names of the files document answers refer to, by reference ("f1" -> "lease.pdf").
using DocumentNames = std::map<std::string, std::string>;
DocumentNames document_names(const DocumentFiles& files);
// The same from a submitted answers document's "attachments" ({ref, name} per file).
DocumentNames attachment_names(const nlohmann::json& doc);

// An option's label: the form's for single and multiple choice, "choice.yes" etc. for
// yes_no_unknown; the id itself when the question has no such option.
const std::string& option_label(const Catalog& catalog, const Question& q, const std::string& option_id);

// "Person 2": the heading of item `index` (0-based) of a repeat.
std::string item_heading(const Catalog& catalog, const Repeat& repeat, size_t index);

// "" when there is no answer. What cannot be read (a date that is no date) is shown as typed;
// a document page whose file is not at hand (not kept in drafts) is left out.
std::string answer_text(const Catalog& catalog, const Question& q, const Answer* answer, const DocumentNames& files);

// A submitted value as the Answer it was made from: a string, a whole number, a list of
// strings (other list entries are left out); anything else as its JSON text, so that nothing
// sent is lost from sight.
Answer answer_from_json(const nlohmann::json& value);

// The "answers" object of an answers document as Answers: each repeat's array of item objects
// under repeats, every other key under values.
Answers answers_from_document(const Form& form, const nlohmann::json& answers);

} // namespace anl
