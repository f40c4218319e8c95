// Signing in (docs/API.md "Staff login", protocol v2): the name goes to the server for the
// account's Argon2id salt and costs; the passphrase never leaves this browser. Argon2id yields a
// wrapping key, which unwraps the staff member's own secret key from the session answer, and a
// login token, which the server checks (it keeps only its SHA-256). With two-step sign-in on,
// the server asks for a code first; the derived secrets wait in memory for it, the passphrase
// does not.
#include "ui/staff.h"

#include "core/wipe.h"
#include "ui/http.h"
#include "ui/widgets.h"

#include <cctype>

namespace ui::staff {
namespace {

struct Login {
    std::string name, passphrase, code;
    std::string name_error, passphrase_error, code_error;   // catalog keys, for the fields
    Problem problem;                                          // what the server said
    std::optional<anl::StaffLogin> secrets;                  // between "code needed" and the code
    std::string secrets_name;
    bool asked_code = false;                                  // the account has two-step sign-in
};

Login g;

// Names are lower case ASCII (docs/PROTOCOL.md); people type "Anna.Muster " as well.
std::string normalised_name(const std::string& typed) {
    std::string out;
    for (char c : typed)
        if (!std::isspace(static_cast<unsigned char>(c)))
            out += char(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

void forget_secrets() {
    g.secrets.reset(); // SecretBytes: wiped
    g.secrets_name.clear();
    g.asked_code = false;
}

// Back to the first page with what went wrong; the name stays, nothing secret does.
void login_failed(const Problem& p) {
    forget_secrets();
    anl::wipe(g.passphrase);
    anl::wipe(g.code);
    platform::forget_text_fields();
    go_to(Step::Login);
    g.problem = p;
}

void session_answer(const platform::HttpResponse& r);

// POST /api/staff/session with the login token (and the code when the account asked for one).
void send_login() {
    std::string token = anl::to_base64(g.secrets->login_token);
    nlohmann::json body = {{"name", g.secrets_name}, {"login_token", token}};
    if (!g.code.empty())
        body["totp"] = g.code;
    anl::Bytes bytes = json_bytes(body);
    platform::http("POST", "/api/staff/session", {{"Content-Type", "application/json"}}, bytes, session_answer);
    // The request has its own copy: the token's text copies here go.
    anl::wipe(bytes);
    anl::wipe(token);
    anl::wipe(body["login_token"].get_ref<std::string&>());
    anl::wipe(g.code);
}

void session_answer(const platform::HttpResponse& r) {
    if (!g.secrets)
        return; // locked or started again meanwhile
    const std::string code = error_code(r);
    if (r.status == 401 && (code == "totp_required" || code == "invalid_totp")) {
        g.asked_code = true;
        g.code_error = code == "invalid_totp" ? "staff.error.invalid_totp" : "";
        g.problem = {};
        go_to(Step::LoginCode);
        return;
    }
    if (r.status == 429 && g.asked_code) {
        go_to(Step::LoginCode); // too many wrong codes: wait, then the code page again
        g.problem = problem_of(r);
        return;
    }
    if (r.status != 200) {
        login_failed(r.status == 401 ? Problem{"staff.error.invalid_login"} : problem_of(r));
        return;
    }
    const auto body = json_body(r);
    std::optional<anl::StaffKeys> staff;
    if (body.is_object() && body.contains("staff_key"))
        staff = anl::unwrap_staff_key(body["staff_key"], g.secrets->wrapping_key);
    std::optional<anl::Keyring> keyring;
    if (staff)
        keyring = anl::open_keyring(body, *staff);
    forget_secrets();
    if (!staff || !keyring) {
        // The server let us in, but what it holds for this account does not open: end the
        // session there too, it is of no use without the keys.
        platform::http("DELETE", "/api/staff/session", {}, {}, [](const platform::HttpResponse&) {});
        login_failed({staff ? "staff.error.keyring" : "staff.error.key_mismatch"});
        return;
    }
    anl::wipe(g.name);
    g.problem = {};
    signed_in(body, std::move(*staff), std::move(*keyring));
}

// Argon2id blocks for a moment: it runs once the "signing in" status has been painted.
void derive_and_send(anl::KdfParams kdf) {
    platform::after_paint([kdf] {
        auto secrets = anl::derive_staff_login(g.passphrase, kdf);
        anl::wipe(g.passphrase);
        platform::forget_text_fields(); // the platform's copy of the passphrase too
        if (!secrets) {
            login_failed({"staff.error.out_of_memory"});
            return;
        }
        g.secrets = std::move(secrets);
        send_login();
    });
}

void submit_login() {
    platform::end_text_editing();
    g.name = normalised_name(g.name);
    g.name_error = g.name.empty() ? "staff.error.name_required" : "";
    g.passphrase_error = g.passphrase.empty() ? "staff.error.passphrase_required" : "";
    g.problem = {};
    if (!g.name_error.empty() || !g.passphrase_error.empty()) {
        scroll_to_top();
        return;
    }
    forget_secrets();
    g.secrets_name = g.name;
    g.code_error.clear();
    show_working("staff.login.working");
    platform::http("POST", "/api/staff/login-params", {{"Content-Type", "application/json"}},
                   json_bytes({{"name", g.name}}), [name = g.name](const platform::HttpResponse& r) {
                       if (g_step != Step::Working || g.secrets_name != name)
                           return;
                       if (r.status != 200) {
                           login_failed(problem_of(r));
                           return;
                       }
                       const auto doc = json_body(r);
                       // Costs outside the bounds are refused: a hostile server could ask for
                       // gigabytes (a hung phone) or for a token cheap to guess.
                       auto kdf = doc.is_object() && doc.contains("kdf") ? anl::kdf_params_from_json(doc["kdf"])
                                                                          : std::nullopt;
                       if (!kdf) {
                           login_failed({"staff.error.kdf"});
                           return;
                       }
                       derive_and_send(*kdf);
                   });
}

void submit_code() {
    platform::end_text_editing();
    std::string digits;
    for (char c : g.code)
        if (c >= '0' && c <= '9')
            digits += c;
    anl::wipe(g.code);
    g.code = digits;
    g.problem = {};
    g.code_error = g.code.size() == 6 ? "" : "staff.error.code_format";
    if (!g.code_error.empty() || !g.secrets)
        return;
    show_working("staff.login.working");
    send_login();
}

} // namespace

void login_page(AppContext& ctx) {
    heading(ctx.t("staff.login.title"), "title");
    paragraph(ctx.t("staff.login.intro"), "intro");
    std::vector<std::pair<std::string, std::string>> errors;
    if (!g.name_error.empty())
        errors.push_back({"name", ctx.t(g.name_error)});
    if (!g.passphrase_error.empty())
        errors.push_back({"passphrase", ctx.t(g.passphrase_error)});
    if (!errors.empty())
        error_summary("error-summary", ctx.t("error.summary_title"), errors);
    problem_alert(ctx, "login.error", g.problem);

    platform::TextFieldSpec name_spec;
    name_spec.autocomplete = "username";
    name_spec.dir = "ltr";
    text_field("name", {ctx.t("staff.login.name"), ctx.t("staff.login.name_hint"),
                        g.name_error.empty() ? "" : ctx.t(g.name_error), true},
               g.name, name_spec);
    platform::TextFieldSpec pass_spec;
    pass_spec.type = "password";
    pass_spec.autocomplete = "current-password";
    text_field("passphrase", {ctx.t("staff.login.passphrase"), "",
                              g.passphrase_error.empty() ? "" : ctx.t(g.passphrase_error), true},
               g.passphrase, pass_spec);
    if (button("login", ctx.t("staff.login.button"), ButtonStyle::Primary))
        submit_login();
}

void login_code_page(AppContext& ctx) {
    heading(ctx.t("staff.code.title"), "title");
    paragraph(ctx.format("staff.code.intro", {{"name", g.secrets_name}}), "intro");
    problem_alert(ctx, "login.error", g.problem);
    platform::TextFieldSpec spec;
    spec.autocomplete = "one-time-code";
    spec.inputmode = "numeric";
    spec.dir = "ltr";
    spec.max_length = 12;
    const bool shown_error = !g.code_error.empty() && g.problem.empty();
    text_field("code", {ctx.t("staff.code.label"), ctx.t("staff.code.hint"), shown_error ? ctx.t(g.code_error) : "", true},
               g.code, spec);
    if (button("code.continue", ctx.t("staff.login.button"), ButtonStyle::Primary))
        submit_code();
    if (text_link("code.cancel", ctx.t("staff.code.cancel"))) {
        forget_secrets();
        anl::wipe(g.code);
        g.code_error.clear();
        g.problem = {};
        platform::forget_text_fields();
        go_to(Step::Login);
    }
}

void set_login_problem(const Problem& p) { g.problem = p; }

void forget_login() {
    forget_secrets();
    anl::wipe(g.name);
    anl::wipe(g.passphrase);
    anl::wipe(g.code);
    g.name_error.clear();
    g.passphrase_error.clear();
    g.code_error.clear();
    g.problem = {};
}

} // namespace ui::staff
