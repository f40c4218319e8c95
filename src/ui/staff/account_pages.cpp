// One's own account: a new passphrase, and two-step sign-in on or off.
#include "ui/staff/pages.h"

#include "ui/widgets.h"

namespace ui::staff {

namespace {

// A base32 secret in groups of four, as authenticator apps show it and people type it.
std::string grouped(const std::string& secret) {
    std::string out;
    for (size_t i = 0; i < secret.size(); i++) {
        if (i && i % 4 == 0)
            out += ' ';
        out += secret[i];
    }
    return out;
}

platform::TextFieldSpec code_spec() {
    platform::TextFieldSpec spec;
    spec.autocomplete = "one-time-code";
    spec.inputmode = "numeric";
    spec.dir = "ltr";
    spec.max_length = 12;
    return spec;
}

} // namespace

void passphrase_page(const AppContext& ctx, app::staff::Staff& staff) {
    app::staff::Passphrase& p = staff.passphrase;
    heading(ctx.t("staff.change.title"), "title");
    notice_status(ctx, staff.screen.notice);
    if (staff.session.must_change_passphrase)
        paragraph(ctx.t("staff.change.must_change"), "must_change");
    paragraph(ctx.t("staff.change.intro"), "intro");
    field_error_summary(ctx, {{"new_passphrase", p.first_error}, {"repeat_passphrase", p.second_error}});
    problem_alert(ctx, "change.error", p.problem);

    platform::TextFieldSpec spec;
    spec.type = "password";
    spec.autocomplete = "new-password";
    text_field("new_passphrase", {ctx.t("staff.change.new"), ctx.t("staff.change.new_hint"),
                                  text_or_empty(ctx, p.first_error), true},
               p.first, spec);
    text_field("repeat_passphrase", {ctx.t("staff.change.repeat"), "", text_or_empty(ctx, p.second_error), true},
               p.second, spec);
    if (!p.suggested.empty())
        key_value("suggested", ctx.t("staff.change.suggested"), p.suggested);
    if (text_link("suggest", ctx.t("staff.change.suggest")))
        p.suggest();
    if (submit_button("change.save", ctx.t("staff.change.button")))
        p.save();
}

void two_step_page(const AppContext& ctx, app::staff::Staff& staff) {
    app::staff::TwoStep& two = staff.two_step;
    heading(ctx.t("staff.totp.title"), "title");
    notice_status(ctx, staff.screen.notice);
    problem_alert(ctx, "totp.error", two.problem);
    const std::string code_error = text_or_empty(ctx, two.code_error);
    if (staff.session.totp_enabled) {
        paragraph(ctx.t("staff.totp.on"), "totp.state");
        paragraph(ctx.t("staff.totp.off_intro"), "totp.off_intro");
        text_field("totp.code", {ctx.t("staff.code.label"), ctx.t("staff.code.hint"), code_error, true}, two.code,
                   code_spec());
        // Primary, so that Enter in the code field turns it off, as on every page with a field.
        if (submit_button("totp.off", ctx.t("staff.totp.turn_off"), two.loading))
            two.turn_off();
        return;
    }
    paragraph(ctx.t("staff.totp.intro"), "totp.state");
    if (two.secret.empty()) {
        if (two.loading)
            status("totp.loading", ctx.t("status.loading"));
        if (button("totp.start", ctx.t("staff.totp.start"), ButtonStyle::Primary, two.loading))
            two.start();
        return;
    }
    paragraph(ctx.t("staff.totp.step1"), "totp.step1");
    key_value("totp.secret", ctx.t("staff.totp.key"), grouped(two.secret));
    if (!two.uri.empty()) {
        paragraph(ctx.t("staff.totp.link"), "totp.link_intro", true);
        paragraph(two.uri, "totp.uri", true);
    }
    paragraph(ctx.t("staff.totp.step2"), "totp.step2");
    text_field("totp.code", {ctx.t("staff.code.label"), ctx.t("staff.code.hint"), code_error, true}, two.code,
               code_spec());
    if (submit_button("totp.confirm", ctx.t("staff.totp.confirm"), two.loading))
        two.confirm();
}

} // namespace ui::staff
