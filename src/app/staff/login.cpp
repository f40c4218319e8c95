#include "app/staff/login.h"

#include "app/api_routes.h"
#include "app/http_reply.h"
#include "app/staff/staff.h"
#include "core/wipe.h"

#include <cctype>

namespace app::staff {

namespace {

// Names are lower case ASCII (docs/PROTOCOL.md); people type "Anna.Muster " as well.
std::string normalised_name(const std::string& typed) {
    std::string out;
    for (char c : typed)
        if (!std::isspace(static_cast<unsigned char>(c)))
            out += char(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

} // namespace

void Login::forget_secrets() {
    secrets_.reset(); // SecretBytes: wiped
    secrets_name_.clear();
    asked_code_ = false;
}

// Back to the first page with what went wrong; the name stays, nothing secret does.
void Login::failed(const Problem& p) {
    forget_secrets();
    anl::wipe(passphrase);
    anl::wipe(code);
    staff_.screen.forget_typed();
    staff_.screen.go_to(Step::Login);
    problem = p;
}

void Login::submit() {
    name = normalised_name(name);
    name_error = name.empty() ? "staff.error.name_required" : "";
    passphrase_error = passphrase.empty() ? "staff.error.passphrase_required" : "";
    problem = {};
    if (!name_error.empty() || !passphrase_error.empty()) {
        staff_.screen.to_top();
        return;
    }
    forget_secrets();
    secrets_name_ = name;
    code_error.clear();
    staff_.screen.show_working("staff.login.working");
    const std::string body = nlohmann::json{{"name", name}}.dump();
    staff_.services.http.send(
        "POST", api::staff_login_params(), {{"Content-Type", "application/json"}}, anl::to_bytes(body),
        [this, sent_name = name](const HttpReply& r) {
            if (staff_.screen.step() != Step::Working || secrets_name_ != sent_name)
                return; // locked, or started again meanwhile
            if (r.status != 200)
                return failed(problem_of(r));
            const auto doc = json_body(r);
            // Costs outside the bounds are refused: a hostile server could ask for gigabytes (a
            // hung phone) or for a token cheap to guess.
            auto kdf = doc.is_object() && doc.contains("kdf") ? anl::kdf_params_from_json(doc["kdf"]) : std::nullopt;
            if (!kdf)
                return failed({"staff.error.kdf"});
            derive_and_send(*kdf);
        });
}

// Argon2id blocks for a moment: it runs once the "signing in" status has been painted.
void Login::derive_and_send(const anl::KdfParams& kdf) {
    staff_.services.tasks.after_paint([this, kdf] {
        auto secrets = anl::derive_staff_login(passphrase, kdf);
        anl::wipe(passphrase);
        staff_.screen.forget_typed(); // the platform's copy of the passphrase too
        if (!secrets)
            return failed({"staff.error.out_of_memory"});
        secrets_ = std::move(secrets);
        send();
    });
}

// POST /api/staff/session with the login token (and the code when the account asked for one).
void Login::send() {
    std::string token = anl::to_base64(secrets_->login_token);
    nlohmann::json body = {{"name", secrets_name_}, {"login_token", token}};
    if (!code.empty())
        body["totp"] = code;
    std::string text = body.dump();
    staff_.services.http.send("POST", api::staff_session(), {{"Content-Type", "application/json"}},
                              anl::to_bytes(text), [this](const HttpReply& r) { answered(r); });
    // The request has its own copy: the token's text copies here go.
    anl::wipe(text);
    anl::wipe(token);
    anl::wipe(body["login_token"].get_ref<std::string&>());
    anl::wipe(code);
}

void Login::answered(const HttpReply& r) {
    if (!secrets_)
        return; // locked or started again meanwhile
    const std::string error = error_code(r);
    if (r.status == 401 && (error == api::error::kTotpRequired || error == api::error::kInvalidTotp)) {
        asked_code_ = true;
        code_error = error == api::error::kInvalidTotp ? "staff.error.invalid_totp" : "";
        problem = {};
        staff_.screen.go_to(Step::LoginCode);
        return;
    }
    if (r.status == 429 && asked_code_) {
        staff_.screen.go_to(Step::LoginCode); // too many wrong codes: wait, then the code page again
        problem = problem_of(r);
        return;
    }
    if (r.status != 200)
        return failed(r.status == 401 ? Problem{"staff.error.invalid_login"} : problem_of(r));
    const auto answer = json_body(r);
    std::optional<anl::StaffKeys> keys;
    if (answer.is_object() && answer.contains("staff_key"))
        keys = anl::unwrap_staff_key(answer["staff_key"], secrets_->wrapping_key);
    std::optional<anl::Keyring> keyring;
    if (keys)
        keyring = anl::open_keyring(answer, *keys);
    forget_secrets();
    if (!keys || !keyring) {
        // The server let us in, but what it holds for this account does not open: end the
        // session there too, it is of no use without the keys.
        staff_.services.http.send("DELETE", api::staff_session(), {}, {}, [](const HttpReply&) {});
        return failed({keys ? "staff.error.keyring" : "staff.error.key_mismatch"});
    }
    anl::wipe(name);
    problem = {};
    staff_.signed_in(answer, std::move(*keys), std::move(*keyring));
}

void Login::submit_code() {
    std::string digits;
    for (char c : code)
        if (c >= '0' && c <= '9')
            digits += c;
    anl::wipe(code);
    code = digits;
    anl::wipe(digits);
    problem = {};
    code_error = code.size() == 6 ? "" : "staff.error.code_format";
    if (!code_error.empty() || !secrets_)
        return;
    staff_.screen.show_working("staff.login.working");
    send();
}

void Login::cancel_code() {
    forget_secrets();
    anl::wipe(code);
    code_error.clear();
    problem = {};
    staff_.screen.forget_typed();
    staff_.screen.go_to(Step::Login);
}

void Login::forget() {
    forget_secrets();
    anl::wipe(name);
    anl::wipe(passphrase);
    anl::wipe(code);
    name_error.clear();
    passphrase_error.clear();
    code_error.clear();
    problem = {};
}

} // namespace app::staff
