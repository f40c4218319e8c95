#include "ui/intake/intake_screen.h"

#include "ui/intake/pages.h"
#include "ui/widgets.h"

namespace ui {

void IntakeScreen::apply_effects() {
    const app::intake::PageEffects& due = intake_.screen.effects();
    if (due.end_editing != applied_.end_editing)
        platform::end_text_editing();
    if (due.forget_typed != applied_.forget_typed)
        platform::forget_text_fields();
    if (due.fold_help != applied_.fold_help)
        open_help_.clear();
    if (due.focus != applied_.focus)
        platform::focus_widget(due.focus_id);
    if (due.to_top != applied_.to_top)
        scroll_to_top();
    if (due.show_field != applied_.show_field)
        scroll_to_field(field_widget_id(due.field));
    applied_ = due;
}

void IntakeScreen::frame(AppContext& ctx) {
    using app::intake::Step;
    apply_effects();
    begin_page("applicant");
    header_bar(ctx.t("app.office_name"), "banner");
    if (!intake_.busy())
        language_links(ctx);
    display_settings(ctx);
    const anl::Page* page = intake_.current_page();
    // What a page of questions draws with (the visible fields are worked out once per frame).
    auto questions = [&] {
        return QuestionContext{ctx, intake_, anl::visible_fields(*intake_.form, intake_.answers), open_help_};
    };
    switch (intake_.screen.step()) {
    case Step::Loading: status("loading", ctx.t("status.loading")); break;
    case Step::LoadFailed: alert("load.error", ctx.t("error.network")); break;
    case Step::Start: intake::start_page(ctx, intake_); break;
    case Step::Device: intake::device_page(ctx, intake_); break;
    case Step::Resume: intake::resume_page(ctx, intake_); break;
    case Step::Working: status("working", ctx.t("status.working")); break;
    case Step::Question:
        if (page) {
            QuestionContext qc = questions();
            intake::question_page(qc, *page);
        }
        break;
    case Step::RepeatList:
        if (page) {
            QuestionContext qc = questions();
            intake::repeat_list_page(qc, *page);
        }
        break;
    case Step::RepeatItem:
        if (page) {
            QuestionContext qc = questions();
            intake::repeat_item_page(qc, *page);
        }
        break;
    case Step::RepeatRemove: if (page) intake::repeat_remove_page(ctx, intake_, *page); break;
    case Step::Check: intake::check_page(ctx, intake_); break;
    case Step::Saved: intake::saved_page(ctx, intake_); break;
    case Step::Sending: status("sending", ctx.t("form.sending")); break;
    case Step::Done: intake::done_page(ctx, intake_); break;
    }
    end_page();
    apply_effects();
}

} // namespace ui
