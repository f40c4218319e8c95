// Where a signed-in staff member can go: a row of links (the current page marked, aria-current)
// and who is signed in. Admin pages appear for admins only (the server refuses them anyway).
#include "ui/staff/pages.h"

#include "ui/widgets.h"

namespace ui::staff {

void navigation(const AppContext& ctx, app::staff::Staff& staff) {
    using app::staff::Step;
    const Step s = staff.screen.step();
    const bool admin_page = s == Step::Accounts || s == Step::AddAccount || s == Step::AccountAdded ||
                            s == Step::RemoveAccount || s == Step::Rotate;
    if (inline_link("nav.list", ctx.t("staff.nav.submissions"), "", s == Step::List || s == Step::Detail, true))
        staff.show_list();
    if (inline_link("nav.cases", ctx.t("staff.nav.cases"), "", s == Step::Cases || s == Step::Case, false))
        staff.show_cases();
    if (inline_link("nav.passphrase", ctx.t("staff.nav.passphrase"), "", s == Step::Passphrase, false))
        staff.show_passphrase();
    if (inline_link("nav.two_step", ctx.t("staff.nav.two_step"), "", s == Step::TwoStep, false))
        staff.show_two_step();
    if (staff.session.admin()) {
        if (inline_link("nav.accounts", ctx.t("staff.nav.accounts"), "", admin_page, false))
            staff.show_accounts();
        if (inline_link("nav.audit", ctx.t("staff.nav.audit"), "", s == Step::Audit, false))
            staff.show_audit();
    }
    spacer(4);
    const std::string role = ctx.t(staff.session.admin() ? "staff.role.admin" : "staff.role.intake");
    paragraph(ctx.format("staff.signed_in", {{"name", staff.session.name}, {"role", role}}), "signed_in", true);
    spacer(8);
}

} // namespace ui::staff
