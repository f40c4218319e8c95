// The submissions list and one opened submission with its documents.
#include "ui/staff/pages.h"

#include "ui/form_view.h"
#include "ui/widgets.h"

namespace ui::staff {

namespace {

std::string expiry_text(const AppContext& ctx, const app::staff::Submissions& subs, const std::string& expires_at) {
    const app::staff::Expiry expiry = subs.expiry(expires_at);
    if (expiry == app::staff::Expiry::Unknown)
        return "";
    return ctx.format(expiry == app::staff::Expiry::Soon ? "staff.list.expires_soon" : "staff.list.expires",
                      {{"date", platform::format_local_date(expires_at)}});
}

} // namespace

void list_page(const AppContext& ctx, app::staff::Submissions& subs, const app::staff::Notice& notice) {
    heading(ctx.t("staff.list.title"), "title");
    notice_status(ctx, notice);
    problem_alert(ctx, "list.error", subs.problem);
    if (button("refresh", ctx.t("staff.list.refresh"), ButtonStyle::Secondary, subs.loading))
        subs.reload();
    if (subs.loading)
        status("list.loading", ctx.t("status.loading"));
    else if (subs.rows.empty())
        status("list.empty", ctx.t("staff.list.empty"));
    for (const app::staff::SubmissionRow& row : subs.rows) {
        std::string label = row.reference + "  " + platform::format_local_time(row.received_at);
        const std::string expires = expiry_text(ctx, subs, row.expires_at);
        if (!expires.empty())
            label += "  \xC2\xB7  " + expires; // a middle dot between the parts
        if (button("submission." + row.reference, label, ButtonStyle::Secondary)) {
            subs.open_row(row);
            break; // the rows may have changed
        }
    }
}

void detail_page(const AppContext& ctx, app::staff::Submissions& subs) {
    if (button("back", ctx.t("staff.detail.back"), ButtonStyle::Secondary)) {
        subs.back();
        return;
    }
    heading(ctx.format("staff.detail.title", {{"reference", subs.open.reference}}), "title");
    paragraph(ctx.format("staff.detail.received", {{"time", platform::format_local_time(subs.open.received_at)}}),
              "received", true);
    if (subs.expiry(subs.open.expires_at) != app::staff::Expiry::Unknown)
        paragraph(ctx.format("staff.detail.expires", {{"date", platform::format_local_date(subs.open.expires_at)}}),
                  "expires", true);
    if (subs.detail_loading) {
        status("detail.loading", ctx.t("status.loading"));
        return;
    }
    if (!subs.detail_error.empty()) {
        alert("detail.error", ctx.t(subs.detail_error));
        return;
    }
    submitted_answers_view(ctx, subs.form ? &*subs.form : nullptr, subs.opened.answers);
    subheading(ctx.t("staff.detail.documents"), "documents");
    if (subs.opened.attachments.empty())
        paragraph(ctx.t("staff.detail.no_documents"), "no_documents", true);
    for (size_t i = 0; i < subs.opened.attachments.size(); i++) {
        const std::string label = ctx.format("staff.detail.download", {{"name", subs.opened.attachments[i].name}});
        if (button("download." + std::to_string(i), label, ButtonStyle::Secondary))
            subs.download(i);
    }
}

} // namespace ui::staff
