// Form questions on screen: each question type drawn with its widget and bound to the answers of
// the intake flow (app/intake), and a submitted answers document for the staff view. The flow
// between pages lives in src/app/intake; what is valid and visible, and how an answer reads, is
// decided in src/core.
#pragma once
#include "app/intake/intake.h"
#include "core/answers.h"
#include "ui/app.h"

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ui {

// Everything a page needs to draw its questions.
struct QuestionContext {
    const AppContext& ctx;
    app::intake::Intake& intake;               // its form, answers, errors and documents
    std::set<std::string> visible;             // anl::visible_fields
    std::set<std::string>& open_help;          // help texts opened (by widget id), the screen's
};

// Draws the visible questions of a list (a page, a group, or one repeat item). `prefix` is ""
// outside repeats and "household[1]." inside item 1; `values` is the map the answers go into.
void draw_questions(QuestionContext& qc, const std::vector<anl::Question>& questions, anl::AnswerMap& values,
                    const std::string& prefix);

// The message for one error: the question's own wording when the form has one, else the
// generic message for the type.
std::string error_message(const AppContext& ctx, const anl::Form& form, const anl::FieldError& error);

// The same for an answer as submitted (JSON from the answers document), for the staff view.
std::string submitted_answer_text(const AppContext& ctx, const anl::Question& q, const nlohmann::json& value);

// Staff: a submission's answers document, labelled with the form's texts when it was made with
// this form and version, otherwise each answer under its id (nothing is hidden from staff).
void submitted_answers_view(const AppContext& ctx, const anl::Form* form, const nlohmann::json& doc);

// The widget id of a field: "q.household[1].member_name".
// What the file picker offers for a document (photos and PDFs), on the form and in the case.
constexpr const char* kDocumentAccept = "image/*,application/pdf,.pdf,.jpg,.jpeg,.png,.heic";
// "850 KB", "2.4 MB": a file's size as the page shows it.
std::string human_size(double bytes);
std::string field_widget_id(const std::string& field);

} // namespace ui
