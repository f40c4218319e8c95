// The start page, the device question (own or shared) and continuing with a save code.
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
    subheading(ctx.t("start.resume_title"), "start.resume_title");
    if (in.drafts.on_device && !kept_here)
        paragraph(ctx.t("start.resume_here"), "start.resume_here");
    if (text_link("start.resume", ctx.t("start.resume_link")))
        in.resume.show();
    subheading(ctx.t("start.case_title"), "start.case_title");
    if (button("start.case", ctx.t("start.case_button"), ButtonStyle::Secondary))
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

void resume_page(const AppContext& ctx, Intake& in) {
    back_link(ctx, in);
    heading(ctx.t("resume.title"), "resume.title");
    paragraph(ctx.t("resume.intro"), "resume.intro");
    platform::TextFieldSpec spec;
    spec.max_length = 20;
    spec.autocomplete = "off";
    text_field("q.save_code", {ctx.t("resume.label"), ctx.t("resume.hint"),
                               in.resume.error.empty() ? "" : ctx.t(in.resume.error), true},
               in.resume.code, spec);
    if (button("continue", ctx.t("flow.continue")))
        in.resume.submit();
}

} // namespace ui::intake
