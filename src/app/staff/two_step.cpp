#include "app/staff/two_step.h"

#include "app/api_routes.h"
#include "app/http_reply.h"
#include "app/staff/staff.h"
#include "core/wipe.h"

namespace app::staff {

namespace {

std::string code_digits(const std::string& typed) {
    std::string digits;
    for (char c : typed)
        if (c >= '0' && c <= '9')
            digits += c;
    return digits;
}

} // namespace

void TwoStep::show() {
    forget();
    staff_.screen.go_to(Step::TwoStep);
}

void TwoStep::start() {
    loading = true;
    problem = {};
    staff_.request("POST", api::staff_totp(), nlohmann::json::object(), [this](const HttpReply& r) {
        loading = false;
        auto doc = json_body(r);
        const std::string pending = json_string(doc, "secret");
        if (r.status != 200 || pending.empty()) {
            problem = problem_of(r);
            return;
        }
        secret = pending;
        uri = json_string(doc, "otpauth_uri");
        staff_.screen.focus("totp.step1"); // the instructions that just appeared
    });
}

void TwoStep::send_code(bool turn_on) {
    std::string digits = code_digits(code);
    anl::wipe(code);
    problem = {};
    code_error = digits.size() == 6 ? "" : "staff.error.code_format";
    if (!code_error.empty())
        return;
    loading = true;
    staff_.request(turn_on ? "POST" : "DELETE", turn_on ? api::staff_totp_confirm() : api::staff_totp(),
                   {{"code", digits}}, [this, turn_on](const HttpReply& r) {
                       loading = false;
                       if (r.status != 204 && r.status != 200) {
                           if (error_code(r) == api::error::kInvalidTotp || r.status == 400 || r.status == 401)
                               code_error = "staff.error.invalid_totp";
                           else
                               problem = problem_of(r);
                           return;
                       }
                       staff_.session.totp_enabled = turn_on;
                       forget();
                       staff_.screen.forget_typed();
                       staff_.screen.go_to(Step::TwoStep);
                       staff_.screen.notice = {turn_on ? "staff.totp.turned_on" : "staff.totp.turned_off", {}};
                   });
    anl::wipe(digits);
}

void TwoStep::forget() {
    anl::wipe(secret);
    anl::wipe(uri);
    anl::wipe(code);
    code_error.clear();
    problem = {};
    loading = false;
}

} // namespace app::staff
