// The admin's pages: the staff accounts, adding one (and its first passphrase, shown once),
// removing one, rotating the office key.
#include "ui/staff/pages.h"

#include "core/wipe.h"
#include "ui/widgets.h"

namespace ui::staff {

namespace {

std::string role_name(const AppContext& ctx, const std::string& role) {
    return ctx.t(role == "admin" ? "staff.role.admin" : "staff.role.intake");
}

// "Back" to the staff list; on the confirmation pages Escape cancels too, as on the applicant's
// remove page.
bool back_link(const AppContext& ctx, bool escape_cancels) {
    return text_link("back", ctx.t("staff.back")) || (escape_cancels && platform::take_escape());
}

void account_row(const AppContext& ctx, app::staff::Staff& staff, const app::staff::AccountRow& a) {
    std::string value =
        role_name(ctx, a.role) + ", " + ctx.t(a.totp_enabled ? "staff.accounts.totp_on" : "staff.accounts.totp_off");
    if (a.must_change_passphrase)
        value += ", " + ctx.t("staff.accounts.first_passphrase");
    const bool me = a.name == staff.session.name;
    const std::string key = me ? ctx.format("staff.accounts.you", {{"name", a.name}}) : a.name;
    // No "Remove" for oneself: the server refuses it, and the page should not offer it.
    if (summary_row("account." + a.name, key, value, me ? "" : ctx.t("staff.accounts.remove"),
                    ctx.format("staff.accounts.remove_named", {{"name", a.name}})))
        staff.accounts.ask_remove(a.name);
}

} // namespace

void accounts_page(const AppContext& ctx, app::staff::Staff& staff) {
    app::staff::Accounts& accounts = staff.accounts;
    heading(ctx.t("staff.accounts.title"), "title");
    notice_status(ctx, staff.screen.notice);
    problem_alert(ctx, "accounts.error", accounts.problem);
    if (accounts.loading && accounts.rows.empty())
        status("accounts.loading", ctx.t("status.loading"));
    for (const app::staff::AccountRow& a : accounts.rows) {
        account_row(ctx, staff, a);
        if (staff.screen.step() != app::staff::Step::Accounts)
            return;
    }
    if (button("accounts.add", ctx.t("staff.accounts.add"), ButtonStyle::Primary)) {
        accounts.start_add();
        return;
    }
    spacer(16);
    subheading(ctx.t("staff.key.title"), "key.title");
    if (staff.session.keyring) {
        const anl::Keyring& keyring = *staff.session.keyring;
        paragraph(ctx.format("staff.key.current", {{"key_id", keyring.current.key_id}}), "key.current");
        paragraph(ctx.format("staff.key.retired", {{"count", std::to_string(keyring.retired.size())}}), "key.retired",
                  true);
    }
    if (button("accounts.rotate", ctx.t("staff.rotate.button"), ButtonStyle::Secondary))
        staff.office_key.ask();
}

void add_account_page(const AppContext& ctx, app::staff::Accounts& accounts) {
    if (back_link(ctx, false))
        return accounts.back();
    heading(ctx.t("staff.add.title"), "title");
    field_error_summary(ctx, {{"add.name", accounts.name_error}, {"add.role", accounts.role_error}});
    problem_alert(ctx, "add.error", accounts.problem);
    platform::TextFieldSpec spec;
    spec.dir = "ltr";
    spec.max_length = 64;
    text_field("add.name", {ctx.t("staff.add.name"), ctx.t("staff.add.name_hint"), text_or_empty(ctx, accounts.name_error),
                            true},
               accounts.new_name, spec);
    radio_group("add.role", {ctx.t("staff.add.role"), "", text_or_empty(ctx, accounts.role_error), true},
                {{"intake", ctx.t("staff.add.role_intake")}, {"admin", ctx.t("staff.add.role_admin")}},
                accounts.new_role);
    paragraph(ctx.t("staff.add.passphrase_note"), "add.note", true);
    if (submit_button("add.create", ctx.t("staff.add.button")))
        accounts.create();
}

void account_added_page(const AppContext& ctx, app::staff::Accounts& accounts) {
    const std::string& name = accounts.added_name;
    heading(ctx.format("staff.added.title", {{"name", name}}), "title");
    // Six groups in the panel's large type do not fit a phone's width: three on each line (the
    // line break is not part of the passphrase; the dash before it is).
    std::string shown = accounts.added_passphrase;
    if (shown.size() == 29 && shown[14] == '-')
        shown.insert(15, "\n");
    panel("added.passphrase", ctx.t("staff.added.panel_title"), ctx.format("staff.added.panel_body", {{"name", name}}),
          shown);
    anl::wipe(shown);
    paragraph(ctx.format("staff.added.hand_over", {{"name", name}}), "added.hand_over");
    if (button("added.done", ctx.t("staff.added.done"), ButtonStyle::Primary))
        accounts.added_done();
}

void remove_account_page(const AppContext& ctx, app::staff::Accounts& accounts) {
    if (back_link(ctx, true))
        return accounts.back();
    const std::string& name = accounts.remove_name;
    heading(ctx.format("staff.remove.title", {{"name", name}}), "title");
    problem_alert(ctx, "remove.error", accounts.problem);
    paragraph(ctx.format("staff.remove.intro", {{"name", name}}), "remove.intro");
    if (button("remove.yes", ctx.format("staff.remove.yes", {{"name", name}}), ButtonStyle::Warning))
        return accounts.remove();
    if (button("remove.no", ctx.format("staff.remove.no", {{"name", name}}), ButtonStyle::Secondary))
        accounts.back();
}

void rotate_page(const AppContext& ctx, app::staff::Staff& staff) {
    if (back_link(ctx, true))
        return staff.accounts.back();
    heading(ctx.t("staff.rotate.title"), "title");
    problem_alert(ctx, "rotate.error", staff.office_key.problem);
    paragraph(ctx.t("staff.rotate.intro"), "rotate.intro");
    paragraph(ctx.t("staff.rotate.when"), "rotate.when");
    if (button("rotate.yes", ctx.t("staff.rotate.yes"), ButtonStyle::Warning))
        return staff.office_key.rotate();
    if (button("rotate.no", ctx.t("staff.rotate.no"), ButtonStyle::Secondary))
        staff.accounts.back();
}

} // namespace ui::staff
