// A repeating page (people in the household): the list of items, one item, removing one.
#include "ui/intake/pages.h"

#include "core/answer_text.h"
#include "core/field_path.h"
#include "ui/widgets.h"

namespace ui::intake {

void repeat_list_page(QuestionContext& qc, const anl::Page& page) {
    const AppContext& ctx = qc.ctx;
    Intake& in = qc.intake;
    const anl::Repeat& r = *page.repeat;
    const size_t count = in.answers.repeats[r.id].size();
    back_link(ctx, in);
    page_caption(ctx, in, page);
    heading(ctx.t(page.title), "page.title");
    error_summary_box(ctx, in);
    if (count == 0)
        paragraph(ctx.t("repeat.none"), "repeat.none");
    for (size_t i = 0; i < count; i++) {
        const std::string label = anl::item_heading(ctx.catalog, r, i);
        const std::string id = "item." + std::to_string(i);
        if (summary_row(id, label, in.item_summary(ctx.catalog, page, i), ctx.t("check.change"),
                        ctx.format("check.change_named", {{"item", label}})))
            in.change_item(i);
        if (text_link(id + ".remove", ctx.t("repeat.remove"), ctx.format("repeat.remove_named", {{"item", label}})))
            in.ask_remove(i);
    }
    if (int64_t(count) < r.max &&
        button("add", ctx.format("repeat.add", {{"item", anl::item_heading(ctx.catalog, r, count)}}),
               ButtonStyle::Secondary))
        in.add_item();
    page_buttons(ctx, in);
}

void repeat_item_page(QuestionContext& qc, const anl::Page& page) {
    const AppContext& ctx = qc.ctx;
    Intake& in = qc.intake;
    const anl::Repeat& r = *page.repeat;
    auto& items = in.answers.repeats[r.id];
    if (in.item >= items.size())
        return in.item_gone();
    back_link(ctx, in);
    page_caption(ctx, in, page);
    heading(anl::item_heading(ctx.catalog, r, in.item), "page.title");
    error_summary_box(ctx, in);
    draw_questions(qc, page.questions, items[in.item], anl::RepeatItem{r.id, in.item}.prefix());
    spacer(8);
    if (button("continue", ctx.t("flow.continue")))
        in.continue_item();
}

void repeat_remove_page(const AppContext& ctx, Intake& in, const anl::Page& page) {
    const anl::Repeat& r = *page.repeat;
    const std::string label = anl::item_heading(ctx.catalog, r, in.item);
    back_link(ctx, in);
    heading(ctx.format("repeat.remove_title", {{"item", label}}), "page.title");
    if (in.item < in.answers.repeats[r.id].size())
        paragraph(in.item_summary(ctx.catalog, page, in.item), "repeat.remove_summary");
    if (button("remove.yes", ctx.t("repeat.remove_yes"), ButtonStyle::Warning))
        in.remove_item();
    if (button("remove.no", ctx.t("repeat.remove_no"), ButtonStyle::Secondary) || platform::take_escape())
        in.keep_item();
}

} // namespace ui::intake
