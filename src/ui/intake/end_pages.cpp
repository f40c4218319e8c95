// The end of a visit: the code (saved for later), and the reference (sent). "Finish" on
// either leaves the page as it opened for the next person: the flow wipes what it holds and the
// page starts afresh (app::Device::fresh_start), in the language it opened in.
#include "ui/intake/pages.h"

#include "ui/widgets.h"

namespace ui::intake {

void finish_visit(AppContext& ctx, Intake& in) {
    // The fresh page reads its language from the address: the one the page opened in.
    if (!ctx.start_language.empty() && ctx.catalog.language() != ctx.start_language)
        platform::set_document_language(ctx.start_language, ctx.catalog.direction());
    in.finish();
}

void saved_page(AppContext& ctx, Intake& in) {
    panel("saved", ctx.t("save.title"), ctx.t("code.label"), in.drafts.save_code);
    if (!in.drafts.save_error.empty())
        alert("save.error", ctx.t(in.drafts.save_error));
    paragraph(ctx.t("save.return_with_code"), "save.return_with_code");
    paragraph(ctx.t(in.shared_device() ? "save.shared_note" : "save.own_note"), "save.note");
    paragraph(ctx.t("save.documents_note"), "save.documents_note", true);
    if (copy_button("copy", ctx.t("save.copy"), ctx.t("save.copied")))
        in.copy(in.drafts.save_code);
    if (button("save.continue", ctx.t("save.continue")))
        in.continue_after_save();
    if (button("save.finish", ctx.t("save.finish"), ButtonStyle::Secondary))
        finish_visit(ctx, in);
}

void done_page(AppContext& ctx, Intake& in) {
    panel("confirmation", ctx.t("done.title"), ctx.t("done.reference_label"), in.reference);
    // The case code: the way back to the case from any device. Only on this page, never stored;
    // after a reload the reference alone is shown again.
    if (!in.case_code.empty()) {
        panel("case-code", ctx.t("done.case_code_title"), ctx.t("done.case_code_label"), in.case_code, 2);
        paragraph(ctx.t("done.case_code_note"), "done.case_code_note");
        if (copy_button("copy.case_code", ctx.t("done.copy_case_code"), ctx.t("done.case_code_copied")))
            in.copy(in.case_code);
    }
    subheading(ctx.t("done.next_title"), "done.next_title");
    const std::string states[3] = {ctx.t("timeline.done"), ctx.t("timeline.current"), ctx.t("timeline.upcoming")};
    status_timeline("timeline", ctx.t("done.next_title"),
                    {{ctx.t("timeline.sent"), "", StepState::Done},
                     {ctx.t("timeline.review"), ctx.t("done.next_body"), StepState::Current},
                     {ctx.t("timeline.decision"), ctx.t("timeline.decision_detail"), StepState::Upcoming}},
                    states);
    paragraph(ctx.t("done.documents_later"), "done.documents_later");
    paragraph(ctx.t("done.keep_reference"), "done.keep_reference");
    subheading(ctx.t("done.contact_title"), "done.contact_title");
    paragraph(ctx.t("done.contact_body"), "done.contact_body");
    phone_link("done.phone", ctx.t("done.phone_label"), ctx.t("app.office_phone"));
    if (copy_button("copy", ctx.t("done.copy"), ctx.t("done.copied")))
        in.copy(in.reference);
    if (button("finish", ctx.t("done.finish")))
        finish_visit(ctx, in);
}

} // namespace ui::intake
