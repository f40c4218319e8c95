// Form questions on screen: each question type drawn with its widget and bound to the answers,
// and answers written back as text for the check-your-answers page and the staff view. The flow
// between pages lives in applicant.cpp; what is valid and visible is decided in src/core.
#pragma once
#include "core/answers.h"
#include "ui/app.h"

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ui {

// Fetches and loads the office's form definition (forms/social-assistance.json); nullopt when it
// cannot be fetched or does not load (the loader's errors go to the console for the office).
void fetch_form(std::function<void(std::optional<anl::Form>)> done);

// Files picked for document questions, with the next free reference ("f1", "f2", ...).
struct PickedDocuments {
    anl::DocumentFiles files;
    int next_ref = 1;
    std::string error_key;      // a refused file: catalog key
    std::string error_question; // the question it was meant for
};

// Everything a page needs to draw its questions.
struct QuestionContext {
    const AppContext& ctx;
    const anl::Form& form;
    anl::Answers& answers;
    std::set<std::string> visible;             // anl::visible_fields
    const std::vector<anl::FieldError>& errors;
    PickedDocuments& documents;
};

// Draws the visible questions of a list (a page, a group, or one repeat item). `prefix` is ""
// outside repeats and "household[1]." inside item 1; `values` is the map the answers go into.
void draw_questions(QuestionContext& qc, const std::vector<anl::Question>& questions, anl::AnswerMap& values,
                    const std::string& prefix);

// Folds every help text again (when the applicant moves to another page).
void fold_help_texts();

// The message for one error: the question's own wording when the form has one, else the
// generic message for the type.
std::string error_message(const AppContext& ctx, const anl::Form& form, const anl::FieldError& error);

// "household[1].member_name" -> "member_name".
std::string question_id_of(const std::string& field);

// An answer as a person reads it: option labels, "CHF 1'450.00", "31.03.1985", file names.
std::string answer_text(const AppContext& ctx, const anl::Question& q, const anl::Answer* answer,
                        const anl::DocumentFiles& files);

// The same for an answer as submitted (JSON from the answers document), for the staff view.
std::string submitted_answer_text(const AppContext& ctx, const anl::Question& q, const nlohmann::json& value);

// Staff: a submission's answers document, labelled with the form's texts when it was made with
// this form and version, otherwise each answer under its id (nothing is hidden from staff).
void submitted_answers_view(const AppContext& ctx, const anl::Form* form, const nlohmann::json& doc);

// The widget id of a field: "q.household[1].member_name".
std::string field_widget_id(const std::string& field);

} // namespace ui
