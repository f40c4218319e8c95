// The login page (name and passphrase) and the code page of two-step sign-in.
#include "ui/staff/pages.h"

#include "ui/widgets.h"

namespace ui::staff {

void login_page(const AppContext& ctx, app::staff::Login& login) {
    heading(ctx.t("staff.login.title"), "title");
    paragraph(ctx.t("staff.login.intro"), "intro");
    field_error_summary(ctx, {{"name", login.name_error}, {"passphrase", login.passphrase_error}});
    problem_alert(ctx, "login.error", login.problem);

    platform::TextFieldSpec name_spec;
    name_spec.autocomplete = "username";
    name_spec.dir = "ltr";
    text_field("name", {ctx.t("staff.login.name"), ctx.t("staff.login.name_hint"), text_or_empty(ctx, login.name_error),
                        true},
               login.name, name_spec);
    platform::TextFieldSpec pass_spec;
    pass_spec.type = "password";
    pass_spec.autocomplete = "current-password";
    text_field("passphrase", {ctx.t("staff.login.passphrase"), "", text_or_empty(ctx, login.passphrase_error), true},
               login.passphrase, pass_spec);
    if (submit_button("login", ctx.t("staff.login.button")))
        login.submit();
}

void login_code_page(const AppContext& ctx, app::staff::Login& login) {
    heading(ctx.t("staff.code.title"), "title");
    paragraph(ctx.format("staff.code.intro", {{"name", login.code_for()}}), "intro");
    problem_alert(ctx, "login.error", login.problem);
    platform::TextFieldSpec spec;
    spec.autocomplete = "one-time-code";
    spec.inputmode = "numeric";
    spec.dir = "ltr";
    spec.max_length = 12;
    // A wait is said in the alert; the field's own error only when there is none.
    const std::string error = login.problem.empty() ? text_or_empty(ctx, login.code_error) : "";
    text_field("code", {ctx.t("staff.code.label"), ctx.t("staff.code.hint"), error, true}, login.code, spec);
    if (submit_button("code.continue", ctx.t("staff.login.button")))
        login.submit_code();
    if (text_link("code.cancel", ctx.t("staff.code.cancel")))
        login.cancel_code();
}

} // namespace ui::staff
