#include "app/intake/intake.h"

#include "app/api_routes.h"
#include "app/form_fetch.h"
#include "app/http_reply.h"
#include "core/encoding.h"
#include "core/wipe.h"

namespace app::intake {

namespace {

void wipe_answer_map(anl::AnswerMap& m) {
    for (auto& [id, a] : m) {
        if (auto* s = std::get_if<std::string>(&a))
            anl::wipe(*s);
        else if (auto* list = std::get_if<std::vector<std::string>>(&a))
            for (auto& entry : *list)
                anl::wipe(entry);
    }
    m.clear();
}

} // namespace

Intake::Intake(Services& s) : services(s) {}

void Intake::start() {
    idle.watch();
    request("GET", api::config(), {}, {}, [this](const HttpReply& r) {
        const auto pk = anl::from_base64(json_string(json_body(r), "office_public_key"));
        if (r.status != 200 || !pk || pk->size() != 32) {
            screen.set(Step::LoadFailed);
            return;
        }
        office_public_key_ = *pk;
        load_form();
    });
}

void Intake::load_form() {
    in_flight_++;
    fetch_form(services.http, [this, epoch = epoch_](std::optional<anl::Form> loaded) {
        in_flight_--;
        if (epoch != epoch_)
            return;
        form = std::move(loaded);
        if (!form)
            return screen.set(Step::LoadFailed);
        reference = services.tab.get(kSentStorageKey);
        if (reference.empty())
            show_start();
        else // sent before this reload: the confirmation again, until "finish"
            show_done();
    });
}

const anl::Page* Intake::current_page() const { return form ? anl::find_page(*form, page_id) : nullptr; }

void Intake::request(const std::string& method, const std::string& url, const HttpHeaders& headers,
                     const anl::Bytes& body, HttpDone done) {
    in_flight_++;
    services.http.send(method, url, headers, body, [this, epoch = epoch_, done = std::move(done)](const HttpReply& r) {
        in_flight_--;
        if (epoch == epoch_)
            done(r);
        if (finishing_ && in_flight_ == 0 && !fresh_started_) {
            fresh_started_ = true;
            services.device.fresh_start();
        }
    });
}

void Intake::after_paint(std::function<void()> fn) {
    services.tasks.after_paint([this, epoch = epoch_, fn = std::move(fn)] {
        if (epoch == epoch_)
            fn();
    });
}

void Intake::after_seconds(double seconds, std::function<void()> fn) {
    services.tasks.after_seconds(seconds, [this, epoch = epoch_, fn = std::move(fn)] {
        if (epoch == epoch_)
            fn();
    });
}

// The start page, with a hint when this device holds a saved draft (storage is read here, once,
// not on every frame).
void Intake::show_start() {
    screen.end_editing();
    drafts.look_on_device();
    screen.set(Step::Start);
    screen.to_top();
    visit();
}

void Intake::continue_after_save() { show_page(page_id); }

void Intake::copy(const std::string& text) {
    services.device.copy_to_clipboard(text);
    copied_ = true;
}

// Forgets everything the applicant gave: after sending, and on "finish".
void Intake::wipe() {
    wipe_answer_map(answers.values);
    for (auto& [id, items] : answers.repeats)
        for (auto& entry : items)
            wipe_answer_map(entry);
    answers = {};
    documents.wipe();
    drafts.wipe();
    new_case.wipe();
    errors.clear();
    device.clear();
    page_id.clear();
    returning_to_check = false;
    screen.forget_typed();
    screen.fold_help();
}

void Intake::finish() {
    if (finishing_)
        return;
    if (copied_) // a kiosk's clipboard must not hand the code or reference to the next person
        services.device.copy_to_clipboard("");
    copied_ = false;
    wipe();
    anl::wipe(reference);
    anl::wipe(case_code);
    my_case.wipe();
    services.tab.remove(kSentStorageKey);
    send_error.clear();
    finishing_ = true;
    epoch_++; // replies and work still on their way are dropped
    screen.set(Step::Working);
    // A draft still on its way to the server must arrive: the fresh page comes once it has.
    if (in_flight_ == 0) {
        fresh_started_ = true;
        services.device.fresh_start();
    }
}

} // namespace app::intake
