// The start page and the device question (own or shared).
#include "ui/intake/pages.h"

#include "ui/widgets.h"

namespace ui::intake {

void start_page(const AppContext& ctx, Intake& in) {
    heading(ctx.t(in.form->title), "title");
    paragraph(ctx.t("start.intro"), "start.intro");
    paragraph(ctx.t("start.need"), "start.need");
    paragraph(ctx.t("start.time"), "start.time");
    paragraph(ctx.t("form.privacy"), "privacy", true);
    spacer(8);
    // This device keeps an application in progress: continuing it is the first thing offered.
    const bool kept_here = !in.drafts.device_code.empty();
    if (kept_here) {
        subheading(ctx.t("start.continue_title"), "start.continue_title");
        paragraph(ctx.t("start.continue_body"), "start.continue_body");
        if (button("start.continue", ctx.t("start.continue_button")))
            in.drafts.continue_on_device();
        paragraph(ctx.t("start.replace_note"), "start.replace_note", true);
    }
    if (button("start", ctx.t(kept_here ? "start.new_button" : "start.button"),
               kept_here ? ButtonStyle::Secondary : ButtonStyle::Primary))
        in.begin();
    // One code for everything after the first visit: it continues saved answers, and once the
    // application is sent it opens the case.
    subheading(ctx.t("start.code_title"), "start.code_title");
    if (in.drafts.on_device && !kept_here)
        paragraph(ctx.t("start.saved_here"), "start.saved_here");
    paragraph(ctx.t("start.code_body"), "start.code_body");
    if (button("start.case", ctx.t("start.code_button"), ButtonStyle::Secondary))
        in.my_case.show();
}

void device_page(const AppContext& ctx, Intake& in) {
    back_link(ctx, in);
    heading(ctx.t("device.title"), "device.title");
    error_summary_box(ctx, in);
    std::string error;
    for (const auto& e : in.errors)
        if (e.field == "device")
            error = ctx.t(e.message_key);
    radio_group(field_widget_id("device"), {ctx.t("device.label"), ctx.t("device.hint"), error, true},
                {{"own", ctx.t("device.own")}, {"shared", ctx.t("device.shared")}}, in.device);
    if (button("continue", ctx.t("flow.continue")))
        in.choose_device();
}

} // namespace ui::intake
