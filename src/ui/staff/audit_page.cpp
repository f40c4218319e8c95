// The activity log: who did what, newest first, with "load more" from before the oldest shown.
#include "ui/staff/pages.h"

#include "ui/widgets.h"

namespace ui::staff {

namespace {

std::string entry_text(const AppContext& ctx, const app::staff::AuditEntry& e) {
    const std::string action_key = "staff.audit.action." + e.action;
    const std::string action = ctx.catalog.has(action_key) ? ctx.t(action_key) : e.action;
    // "admin: signed in", not "admin: signed in (admin)": the target repeats the actor there.
    if (e.target.empty() || e.target == e.actor)
        return ctx.format("staff.audit.entry", {{"actor", e.actor}, {"action", action}});
    return ctx.format("staff.audit.entry_target", {{"actor", e.actor}, {"action", action}, {"target", e.target}});
}

} // namespace

void audit_page(const AppContext& ctx, app::staff::Audit& audit) {
    heading(ctx.t("staff.audit.title"), "title");
    paragraph(ctx.t("staff.audit.intro"), "audit.intro", true);
    problem_alert(ctx, "audit.error", audit.problem);
    if (audit.loading && audit.entries.empty())
        status("audit.loading", ctx.t("status.loading"));
    else if (audit.entries.empty() && audit.problem.empty())
        status("audit.empty", ctx.t("staff.audit.empty"));
    for (const auto& e : audit.entries)
        summary_row("audit." + std::to_string(e.id), platform::format_local_time(e.at), entry_text(ctx, e), "", "");
    if (audit.entries.empty())
        return;
    if (!audit.at_end) {
        if (button("audit.more", ctx.t("staff.audit.more"), ButtonStyle::Secondary, audit.loading))
            audit.more();
    } else {
        status("audit.end", ctx.t("staff.audit.end"));
    }
}

} // namespace ui::staff
