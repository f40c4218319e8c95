// A page of questions, and what every question page shares: back, the caption with the step,
// the error summary, Continue and "Save and continue later".
#include "ui/intake/pages.h"

#include "ui/widgets.h"

namespace ui::intake {

void back_link(const AppContext& ctx, Intake& in) {
    if (text_link("back", ctx.t("flow.back")))
        in.back();
}

void error_summary_box(const AppContext& ctx, const Intake& in) {
    if (in.errors.empty())
        return;
    std::vector<std::pair<std::string, std::string>> items;
    for (const auto& e : in.errors)
        items.push_back({field_widget_id(e.field), error_message(ctx, *in.form, e)});
    error_summary("error-summary", ctx.t("error.summary_title"), items);
}

void page_caption(const AppContext& ctx, const Intake& in, const anl::Page& page) {
    if (!in.drafts.save_error.empty())
        alert("save.error", ctx.t(in.drafts.save_error));
    const auto step = anl::page_step(*in.form, in.answers, page.id);
    if (!page.section.empty())
        caption(ctx.t(page.section), "section");
    if (step)
        progress(ctx.format("flow.step", {{"number", std::to_string(step->number)}, {"count", std::to_string(step->count)}}),
                 "step", step->number, step->count);
}

void page_buttons(const AppContext& ctx, Intake& in) {
    if (button("continue", ctx.t(in.returning_to_check ? "flow.save_and_check" : "flow.continue")))
        in.continue_page();
    if (button("save-later", ctx.t("save.button"), ButtonStyle::Secondary))
        in.drafts.save_later();
}

void question_page(QuestionContext& qc, const anl::Page& page) {
    const AppContext& ctx = qc.ctx;
    Intake& in = qc.intake;
    back_link(ctx, in);
    page_caption(ctx, in, page);
    // A page that asks one question makes the question its heading (GOV.UK question pages): its
    // label is the page's h1, drawn after the error summary; the page title is not shown.
    using T = anl::QuestionType;
    const bool one_question = page.questions.size() == 1 && page.questions[0].type != T::Info &&
                              page.questions[0].type != T::Group;
    if (one_question)
        label_as_heading("page.title");
    else
        heading(ctx.t(page.title), "page.title");
    error_summary_box(ctx, in);
    draw_questions(qc, page.questions, in.answers.values, "");
    spacer(8);
    page_buttons(ctx, in);
}

} // namespace ui::intake
