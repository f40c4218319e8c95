#include "ui/staff/staff_screen.h"

#include "ui/page_effects.h"
#include "ui/staff/pages.h"
#include "ui/widgets.h"

namespace ui {

void StaffScreen::apply_effects() { apply_page_effects(staff_.screen.effects(), applied_); }

void StaffScreen::frame(AppContext& ctx) {
    using app::staff::Step;
    apply_effects();
    begin_page("staff");
    header_bar(ctx.t("staff.app_name"), "banner");
    language_links(ctx);
    display_settings(ctx);
    if (staff_.shows_navigation())
        staff::navigation(ctx, staff_);
    switch (staff_.screen.step()) {
    case Step::Login: staff::login_page(ctx, staff_.login); break;
    case Step::LoginCode: staff::login_code_page(ctx, staff_.login); break;
    case Step::Working: status("working", ctx.t(staff_.screen.working_key())); break;
    case Step::List: staff::list_page(ctx, staff_.submissions, staff_.screen.notice); break;
    case Step::Detail: staff::detail_page(ctx, staff_.submissions); break;
    case Step::Cases: staff::cases_page(ctx, staff_.cases); break;
    case Step::Case: staff::case_page(ctx, staff_.cases); break;
    case Step::Passphrase: staff::passphrase_page(ctx, staff_); break;
    case Step::TwoStep: staff::two_step_page(ctx, staff_); break;
    case Step::Accounts: staff::accounts_page(ctx, staff_); break;
    case Step::AddAccount: staff::add_account_page(ctx, staff_.accounts); break;
    case Step::AccountAdded: staff::account_added_page(ctx, staff_.accounts); break;
    case Step::RemoveAccount: staff::remove_account_page(ctx, staff_.accounts); break;
    case Step::Rotate: staff::rotate_page(ctx, staff_); break;
    case Step::Audit: staff::audit_page(ctx, staff_.audit); break;
    }
    // Every signed-in page ends with Lock (a page may have moved on to the login page meanwhile).
    if (staff_.shows_lock()) {
        spacer(24);
        if (button("lock", ctx.t("staff.lock"), ButtonStyle::Warning))
            staff_.lock();
    }
    end_page();
    apply_effects();
}

} // namespace ui
