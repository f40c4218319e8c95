#include "app/staff/staff.h"

#include "app/api_routes.h"
#include "app/form_fetch.h"
#include "app/http_reply.h"
#include "core/encoding.h"

namespace app::staff {

namespace {

bool signed_in_step(Step s) { return s != Step::Login && s != Step::LoginCode && s != Step::Working; }

} // namespace

Staff::Staff(Services& s) : services(s) {}

void Staff::start() {
    // Without the form, answers are listed under their ids.
    fetch_form(services.http, [this](std::optional<anl::Form> form) { submissions.form = std::move(form); });
}

bool Staff::shows_navigation() const { return session.active() && signed_in_step(screen.step()); }

bool Staff::shows_lock() const {
    return session.active() && screen.step() != Step::Login && screen.step() != Step::LoginCode;
}

void Staff::request(const std::string& method, const std::string& url, const nlohmann::json& body, HttpDone done) {
    HttpHeaders headers;
    anl::Bytes bytes;
    if (!body.is_null()) {
        headers["Content-Type"] = "application/json";
        bytes = anl::to_bytes(body.dump());
    }
    send(method, url, std::move(headers), std::move(bytes), std::move(done));
}

void Staff::send(const std::string& method, const std::string& url, HttpHeaders headers, anl::Bytes body,
                 HttpDone done) {
    services.http.send(method, url, headers, body,
                       [this, epoch = session.epoch(), done = std::move(done)](const HttpReply& r) {
                           if (epoch != session.epoch())
                               return;
                           if (r.status == 401 && error_code(r) != api::error::kInvalidTotp)
                               return session_ended();
                           // A first passphrase (handed over by an admin) allows nothing else
                           // until it is changed.
                           if (r.status == 403 && error_code(r) == api::error::kPassphraseChangeRequired) {
                               session.must_change_passphrase = true;
                               return show_passphrase();
                           }
                           done(r);
                       });
}

void Staff::after_paint(std::function<void()> fn) {
    services.tasks.after_paint([this, epoch = session.epoch(), fn = std::move(fn)] {
        if (epoch == session.epoch())
            fn();
    });
}

void Staff::signed_in(const nlohmann::json& answer, anl::StaffKeys staff_keys, anl::Keyring office_keys) {
    session.begin(answer, std::move(staff_keys), std::move(office_keys));
    // Someone who signed in with a passphrase handed to them chooses their own first.
    if (session.must_change_passphrase)
        show_passphrase();
    else
        show_list();
}

void Staff::wipe() {
    session.end();
    login.forget();
    submissions.forget();
    cases.forget();
    passphrase.forget();
    two_step.forget();
    accounts.forget();
    office_key.forget();
    audit.forget();
    screen.notice = {};
    screen.forget_typed();
}

void Staff::lock() {
    if (locking_ || !session.active())
        return;
    locking_ = true;
    wipe();
    screen.show_working("status.working");
    // The fresh page comes once the server ended the session (or could not be reached): a page
    // replaced at once could cancel the request on its way.
    services.http.send("DELETE", api::staff_session(), {}, {},
                       [this](const HttpReply&) { services.device.fresh_start(); });
}

void Staff::session_ended() {
    wipe();
    // Wiped in place, no fresh page: the login page must say why the person has to sign in again.
    screen.go_to(Step::Login);
    login.problem = {"staff.error.session_ended"};
}

} // namespace app::staff
