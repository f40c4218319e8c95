#include "ui/intake/intake_screen.h"

#include "ui/intake/pages.h"
#include "ui/page_effects.h"
#include "ui/widgets.h"

namespace ui {

void IntakeScreen::apply_effects() {
    const app::PageEffects& due = intake_.screen.effects();
    // A new page gives its heading the focus, as a page load would, unless the flow asked for
    // another widget with it. The first page after loading leaves the focus at the document's
    // start, like any page the browser loads.
    const std::string page = page_key();
    if (page != shown_page_) {
        if (!shown_page_.empty() && shown_page_ != "loading" && due.focus == applied_.focus)
            focus_page_heading();
        shown_page_ = page;
    }
    const OwnEffects own = apply_page_effects(due, applied_);
    if (own.fold_help)
        open_help_.clear();
    if (own.show_field)
        scroll_to_field(field_widget_id(due.field));
}

// Which page is on screen: the step, and the question page and item it shows.
std::string IntakeScreen::page_key() const {
    using app::intake::Step;
    const Step step = intake_.screen.step();
    if (step == Step::Loading)
        return "loading";
    std::string key = std::to_string(int(step));
    if (step == Step::Question || step == Step::RepeatList || step == Step::RepeatItem || step == Step::RepeatRemove)
        key += "/" + intake_.page_id;
    if (step == Step::RepeatItem || step == Step::RepeatRemove)
        key += "/" + std::to_string(intake_.item);
    return key;
}

// document.title names the page: "<its heading> – <office>", "Error: ..." while the error
// summary shows (GOV.UK), so that a screen reader, the tab and the history say where one is.
void IntakeScreen::name_page(const AppContext& ctx) {
    if (page_heading().empty())
        return;
    platform::set_document_title(ctx.format(page_shows_error_summary() ? "app.page_title_error" : "app.page_title",
                                            {{"page", page_heading()}, {"office", ctx.t("app.office_name")}}));
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
    case Step::LoadFailed:
        heading(ctx.t("error.load_title"), "load.title");
        alert("load.error", ctx.t("error.network"));
        break;
    case Step::Start: intake::start_page(ctx, intake_); break;
    case Step::Device: intake::device_page(ctx, intake_); break;
    case Step::Working: heading(ctx.t("status.working"), "working"); break;
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
    case Step::Sending: heading(ctx.t("form.sending"), "sending"); break;
    case Step::Done: intake::done_page(ctx, intake_); break;
    case Step::CaseCode: intake::case_code_page(ctx, intake_); break;
    case Step::Case: intake::case_page(ctx, intake_); break;
    }
    end_page();
    name_page(ctx);
    apply_effects();
}

} // namespace ui
