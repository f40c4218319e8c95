// The applicant's pages, one function per page, each drawing one part of the intake flow
// (app/intake/*) and calling its actions; and the few pieces they share. Only src/ui/intake
// includes this.
#pragma once
#include "app/intake/intake.h"
#include "ui/app.h"
#include "ui/form_view.h"

namespace ui::intake {

using app::intake::Intake;

// start_pages.cpp
void start_page(const AppContext& ctx, Intake& in);
void device_page(const AppContext& ctx, Intake& in);
// question_page.cpp
void question_page(QuestionContext& qc, const anl::Page& page);
// repeat_pages.cpp
void repeat_list_page(QuestionContext& qc, const anl::Page& page);
void repeat_item_page(QuestionContext& qc, const anl::Page& page);
void repeat_remove_page(const AppContext& ctx, Intake& in, const anl::Page& page);
// check_page.cpp
void check_page(const AppContext& ctx, Intake& in);
// idle_dialog.cpp: drawn above the page while the idle warning shows
void idle_warning(const AppContext& ctx, Intake& in);
// end_pages.cpp
void saved_page(AppContext& ctx, Intake& in);
void done_page(AppContext& ctx, Intake& in);
// "Finish": the flow wipes what it holds and a fresh page starts in the language it opened in.
void finish_visit(AppContext& ctx, Intake& in);
// case_pages.cpp: "My case"
void case_code_page(const AppContext& ctx, Intake& in);
void case_page(AppContext& ctx, Intake& in);

// question_page.cpp: what every question page shares.
void back_link(const AppContext& ctx, Intake& in);
void error_summary_box(const AppContext& ctx, const Intake& in);
// The save error, the section and "Step N of M".
void page_caption(const AppContext& ctx, const Intake& in, const anl::Page& page);
// "Continue" (validates the whole page) and "Save and continue later".
void page_buttons(const AppContext& ctx, Intake& in);

} // namespace ui::intake
