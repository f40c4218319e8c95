// A staff member's own account: a new passphrase (the key pair stays; only its wrap changes, so
// nothing has to be re-keyed) and two-step sign-in with an authenticator app (RFC 6238 TOTP).
// The current passphrase is not asked again: the secret key it unwrapped is already in memory.
#include "ui/staff.h"

#include "core/wipe.h"
#include "ui/http.h"
#include "ui/widgets.h"

namespace ui::staff {
namespace {

struct PassphraseChange {
    std::string first, second;
    std::string first_error, second_error;   // catalog keys
    std::string suggested;                   // a generated passphrase, when asked for
    Problem problem;
};

struct TwoStep {
    bool loading = false;
    std::string secret, uri;                 // pending: shown until confirmed
    std::string code, code_error;
    Problem problem;
};

PassphraseChange g_change;
TwoStep g_two;

void forget_change() {
    anl::wipe(g_change.first);
    anl::wipe(g_change.second);
    anl::wipe(g_change.suggested);
    g_change.first_error.clear();
    g_change.second_error.clear();
    g_change.problem = {};
}

void forget_two_step() {
    anl::wipe(g_two.secret);
    anl::wipe(g_two.uri);
    anl::wipe(g_two.code);
    g_two.code_error.clear();
    g_two.problem = {};
    g_two.loading = false;
}

void save_passphrase() {
    platform::end_text_editing();
    g_change.problem = {};
    g_change.second_error.clear();
    if (g_change.first.empty())
        g_change.first_error = "staff.change.error.required";
    else
        g_change.first_error = anl::passphrase_problem(g_change.first, g_session.name).value_or("");
    if (g_change.first_error.empty() && g_change.first != g_change.second)
        g_change.second_error = "staff.change.error.mismatch";
    if (!g_change.first_error.empty() || !g_change.second_error.empty()) {
        // Both are typed again (nothing to correct in a field of bullets); a suggestion stays.
        if (g_change.first != g_change.suggested) {
            anl::wipe(g_change.first);
            anl::wipe(g_change.second);
            platform::forget_text_fields();
        }
        scroll_to_top();
        return;
    }
    show_working("staff.change.working");
    // Argon2id with a fresh salt: after the status is painted.
    after_paint_in_session([] {
        std::optional<nlohmann::json> body;
        if (g_session.staff)
            body = anl::rewrap_staff_secret(*g_session.staff, g_session.name, g_change.first, anl::new_kdf_params());
        forget_change();
        platform::forget_text_fields();
        if (!body) {
            go_to(Step::Passphrase);
            g_change.problem = {"staff.error.out_of_memory"};
            return;
        }
        api("PUT", "/api/staff/me/passphrase", *body, [](const platform::HttpResponse& r) {
            if (r.status != 204 && r.status != 200) {
                go_to(Step::Passphrase);
                g_change.problem = problem_of(r);
                return;
            }
            g_session.must_change_passphrase = false;
            show_list();
            g_notice = {"staff.change.done", {}};
        });
    });
}

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

std::string code_digits(const std::string& typed) {
    std::string digits;
    for (char c : typed)
        if (c >= '0' && c <= '9')
            digits += c;
    return digits;
}

void start_two_step() {
    g_two.loading = true;
    g_two.problem = {};
    api("POST", "/api/staff/me/totp", nlohmann::json::object(), [](const platform::HttpResponse& r) {
        g_two.loading = false;
        const auto doc = json_body(r);
        const std::string secret = json_string(doc, "secret");
        if (r.status != 200 || secret.empty()) {
            g_two.problem = problem_of(r);
            return;
        }
        g_two.secret = secret;
        g_two.uri = json_string(doc, "otpauth_uri");
        platform::focus_widget("totp.step1"); // the instructions that just appeared
    });
}

// Confirms the pending secret (turn on) or, with two-step sign-in on, turns it off; both need a
// code from the app, so a left-open session alone cannot change it.
void send_code(bool turn_on) {
    platform::end_text_editing();
    const std::string digits = code_digits(g_two.code);
    anl::wipe(g_two.code);
    g_two.problem = {};
    g_two.code_error = digits.size() == 6 ? "" : "staff.error.code_format";
    if (!g_two.code_error.empty())
        return;
    g_two.loading = true;
    api(turn_on ? "POST" : "DELETE", turn_on ? "/api/staff/me/totp/confirm" : "/api/staff/me/totp",
        {{"code", digits}}, [turn_on](const platform::HttpResponse& r) {
            g_two.loading = false;
            if (r.status != 204 && r.status != 200) {
                if (error_code(r) == "invalid_totp" || r.status == 400 || r.status == 401)
                    g_two.code_error = "staff.error.invalid_totp";
                else
                    g_two.problem = problem_of(r);
                return;
            }
            g_session.totp_enabled = turn_on;
            forget_two_step();
            platform::forget_text_fields();
            go_to(Step::TwoStep);
            g_notice = {turn_on ? "staff.totp.turned_on" : "staff.totp.turned_off", {}};
        });
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

void show_passphrase() {
    forget_change();
    go_to(Step::Passphrase);
}

void show_two_step() {
    forget_two_step();
    go_to(Step::TwoStep);
}

void passphrase_page(AppContext& ctx) {
    heading(ctx.t("staff.change.title"), "title");
    notice_status(ctx);
    if (g_session.must_change_passphrase)
        paragraph(ctx.t("staff.change.must_change"), "must_change");
    paragraph(ctx.t("staff.change.intro"), "intro");
    std::vector<std::pair<std::string, std::string>> errors;
    if (!g_change.first_error.empty())
        errors.push_back({"new_passphrase", ctx.t(g_change.first_error)});
    if (!g_change.second_error.empty())
        errors.push_back({"repeat_passphrase", ctx.t(g_change.second_error)});
    if (!errors.empty())
        error_summary("error-summary", ctx.t("error.summary_title"), errors);
    problem_alert(ctx, "change.error", g_change.problem);

    platform::TextFieldSpec spec;
    spec.type = "password";
    spec.autocomplete = "new-password";
    text_field("new_passphrase", {ctx.t("staff.change.new"), ctx.t("staff.change.new_hint"),
                                  g_change.first_error.empty() ? "" : ctx.t(g_change.first_error), true},
               g_change.first, spec);
    text_field("repeat_passphrase", {ctx.t("staff.change.repeat"), "",
                                     g_change.second_error.empty() ? "" : ctx.t(g_change.second_error), true},
               g_change.second, spec);
    if (!g_change.suggested.empty())
        key_value("suggested", ctx.t("staff.change.suggested"), g_change.suggested);
    if (text_link("suggest", ctx.t("staff.change.suggest"))) {
        // Filled into both fields and shown once, to be written down; the person may still type
        // their own instead.
        platform::forget_text_fields();
        g_change.suggested = anl::generate_passphrase(g_session.name);
        g_change.first = g_change.suggested;
        g_change.second = g_change.suggested;
        g_change.first_error.clear();
        g_change.second_error.clear();
        platform::focus_widget("suggested");
    }
    if (button("change.save", ctx.t("staff.change.button"), ButtonStyle::Primary))
        save_passphrase();
}

void two_step_page(AppContext& ctx) {
    heading(ctx.t("staff.totp.title"), "title");
    notice_status(ctx);
    problem_alert(ctx, "totp.error", g_two.problem);
    const std::string code_error = g_two.code_error.empty() ? "" : ctx.t(g_two.code_error);
    if (g_session.totp_enabled) {
        paragraph(ctx.t("staff.totp.on"), "totp.state");
        paragraph(ctx.t("staff.totp.off_intro"), "totp.off_intro");
        text_field("totp.code", {ctx.t("staff.code.label"), ctx.t("staff.code.hint"), code_error, true}, g_two.code,
                   code_spec());
        // Primary, so that Enter in the code field turns it off, as on every page with a field.
        if (button("totp.off", ctx.t("staff.totp.turn_off"), ButtonStyle::Primary, g_two.loading))
            send_code(false);
        return;
    }
    paragraph(ctx.t("staff.totp.intro"), "totp.state");
    if (g_two.secret.empty()) {
        if (g_two.loading)
            status("totp.loading", ctx.t("status.loading"));
        if (button("totp.start", ctx.t("staff.totp.start"), ButtonStyle::Primary, g_two.loading))
            start_two_step();
        return;
    }
    paragraph(ctx.t("staff.totp.step1"), "totp.step1");
    key_value("totp.secret", ctx.t("staff.totp.key"), grouped(g_two.secret));
    if (!g_two.uri.empty()) {
        paragraph(ctx.t("staff.totp.link"), "totp.link_intro", true);
        paragraph(g_two.uri, "totp.uri", true);
    }
    paragraph(ctx.t("staff.totp.step2"), "totp.step2");
    text_field("totp.code", {ctx.t("staff.code.label"), ctx.t("staff.code.hint"), code_error, true}, g_two.code,
               code_spec());
    if (button("totp.confirm", ctx.t("staff.totp.confirm"), ButtonStyle::Primary, g_two.loading))
        send_code(true);
}

void forget_account_pages() {
    forget_change();
    forget_two_step();
}

} // namespace ui::staff
