// Check your answers: the rows the flow gives (core/answer_rows.h), each with a change link,
// then the declaration and "Send".
#include "ui/intake/pages.h"

#include "ui/widgets.h"

namespace ui::intake {

namespace {

// Returns true when the row's change link was pressed.
bool check_row(const AppContext& ctx, const anl::AnswerRow& row) {
    using K = anl::AnswerRow::Kind;
    switch (row.kind) {
    case K::Section: subheading(row.label, "check.section." + row.page); return false;
    case K::Item: subheading(row.label, "check." + row.path.item->prefix()); return false;
    case K::NoItems:
        return summary_row("check." + row.page, row.label, row.text, ctx.t("check.change"),
                           ctx.format("check.change_named", {{"item", row.label}}));
    case K::Answer:
        return summary_row("check." + row.path.name(), row.label, row.text, ctx.t("check.change"),
                           ctx.format("check.change_named", {{"item", row.label}}));
    }
    return false;
}

} // namespace

void check_page(const AppContext& ctx, Intake& in) {
    back_link(ctx, in);
    heading(ctx.t("check.title"), "check.title");
    if (!in.send_error.empty())
        alert("send.error", ctx.t(in.send_error));
    for (const anl::AnswerRow& row : in.check_rows(ctx.catalog))
        if (check_row(ctx, row)) {
            in.change(row);
            return;
        }
    subheading(ctx.t("check.declaration_title"), "check.declaration_title");
    paragraph(ctx.t("check.declaration"), "check.declaration");
    if (button("send", ctx.t("check.send")))
        in.send(ctx.catalog.language());
}

} // namespace ui::intake
