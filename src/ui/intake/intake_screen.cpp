#include "ui/intake/intake_screen.h"

#include "ui/intake/pages.h"
#include "ui/page_effects.h"
#include "ui/widgets.h"

namespace ui {

void IntakeScreen::apply_effects() {
    const app::PageEffects& due = intake_.screen.effects();
    const OwnEffects own = apply_page_effects(due, applied_);
    if (own.fold_help)
        open_help_.clear();
    if (own.show_field)
        scroll_to_field(field_widget_id(due.field));
}

void IntakeScreen::frame(AppContext& ctx) {
    using app::intake::Step;
    apply_effects();
    begin_page("applicant");
    header_bar(ctx.t("app.office_name"), "banner");
    if (!intake_.busy())
        language_links(ctx);
    display_settings(ctx);
    if (intake_.idle.warning())
        intake::idle_warning(ctx, intake_);
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
