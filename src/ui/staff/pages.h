// The staff pages, one function per page, each drawing one part of the flow (app/staff/*) and
// calling its actions; and the few pieces they share. Only src/ui/staff includes this.
#pragma once
#include "app/staff/staff.h"
#include "ui/app.h"

#include <string>
#include <utility>
#include <vector>

namespace ui::staff {

// login_pages.cpp
void login_page(const AppContext& ctx, app::staff::Login& login);
void login_code_page(const AppContext& ctx, app::staff::Login& login);
// submission_pages.cpp
void list_page(const AppContext& ctx, app::staff::Submissions& subs, const app::staff::Notice& notice);
void detail_page(const AppContext& ctx, app::staff::Submissions& subs);
// case_pages.cpp
void cases_page(const AppContext& ctx, app::staff::Cases& cases);
void case_page(const AppContext& ctx, app::staff::Cases& cases);
// account_pages.cpp
void passphrase_page(const AppContext& ctx, app::staff::Staff& staff);
void two_step_page(const AppContext& ctx, app::staff::Staff& staff);
// admin_pages.cpp
void accounts_page(const AppContext& ctx, app::staff::Staff& staff);
void add_account_page(const AppContext& ctx, app::staff::Accounts& accounts);
void account_added_page(const AppContext& ctx, app::staff::Accounts& accounts);
void remove_account_page(const AppContext& ctx, app::staff::Accounts& accounts);
void rotate_page(const AppContext& ctx, app::staff::Staff& staff);
// audit_page.cpp
void audit_page(const AppContext& ctx, app::staff::Audit& audit);
// navigation.cpp
void navigation(const AppContext& ctx, app::staff::Staff& staff);

// common.cpp
// What went wrong, as an alert: "wait 30 seconds" / "wait 15 minutes" for a throttle.
void problem_alert(const AppContext& ctx, const std::string& id, const app::staff::Problem& p);
void notice_status(const AppContext& ctx, const app::staff::Notice& notice);
// A page's primary button that sends what was typed: DOM editing ends first, so the phone
// keyboard closes and the field shows its value again.
bool submit_button(const std::string& id, const std::string& label, bool disabled = false);
// The error summary of a page's fields: (widget id, catalog key) for each field, "" when fine.
void field_error_summary(const AppContext& ctx, const std::vector<std::pair<std::string, std::string>>& field_keys);
// The translated text of a catalog key, "" for none (a field without an error).
std::string text_or_empty(const AppContext& ctx, const std::string& key);

} // namespace ui::staff
