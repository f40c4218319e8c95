#include "app/intake/drafts.h"

#include "app/api_routes.h"
#include "app/http_reply.h"
#include "app/intake/intake.h"
#include "core/wipe.h"

#include <nlohmann/json.hpp>

namespace app::intake {

bool Drafts::has_keys() const { return legacy.has_value() || intake_.new_case.drawn(); }

// The case's draft key and token, or a draft of before's keys: seal_draft and the Bearer
// header take either.
anl::DraftKeys Drafts::sealing_keys() const {
    if (legacy)
        return *legacy;
    const anl::CaseKeys& k = *intake_.new_case.keys;
    return {k.draft_key, k.token, ""};
}

std::string Drafts::url() const {
    return legacy ? api::draft(legacy->id) : api::case_draft(intake_.new_case.code->locator);
}

// What this browser keeps on the applicant's own device: the sealed draft, and the code beside
// it (whoever can use this browser can continue the application, as the device page says). A
// case code comes with its salt and costs, so that continuing here needs no server.
std::string Drafts::device_record(const anl::Bytes& sealed) const {
    if (legacy)
        return nlohmann::json{{"id", legacy->id}, {"data", anl::to_base64(sealed)}, {"code", save_code},
                              {"server", on_server}}.dump();
    const NewCase& c = intake_.new_case;
    return nlohmann::json{{"v", 2}, {"code", c.code->text()}, {"salt", anl::to_base64(c.salt)},
                          {"opslimit", c.kdf.opslimit}, {"memlimit", c.kdf.memlimit},
                          {"data", anl::to_base64(sealed)}, {"server", on_server}}.dump();
}

void Drafts::save() {
    Intake& in = intake_;
    if (!has_keys() || !in.form)
        return;
    anl::DraftKeys keys = sealing_keys();
    const anl::Bytes sealed = anl::seal_draft(
        anl::draft_document(in.form->id, in.form->version, in.page_id, in.answers, in.services.clock.now_iso()), keys);
    if (!in.shared_device())
        in.services.storage.put(kDraftStorageKey, device_record(sealed));
    if (on_server)
        in.request("PUT", url(), {{"Authorization", "Bearer " + keys.token_b64url()}, {"Content-Type", "application/octet-stream"}},
                   sealed, [this](const HttpReply& r) { save_error = r.status == 204 ? "" : "error.save_failed"; });
    anl::wipe(keys.key); // the copy; the keys themselves stay until sent
    anl::wipe(keys.token);
}

void Drafts::forget() {
    intake_.services.storage.remove(kDraftStorageKey);
    if (legacy && on_server)
        intake_.request("DELETE", url(), {{"Authorization", "Bearer " + legacy->token_b64url()}}, {},
                        [](const HttpReply&) {});
}

void Drafts::look_on_device() {
    const auto local = nlohmann::json::parse(intake_.services.storage.get(kDraftStorageKey), nullptr, false);
    on_device = local.is_object() && local.contains("data");
    device_code = on_device ? local.value("code", "") : "";
    if (!anl::read_case_code(device_code) && !anl::normalize_save_code(device_code))
        device_code.clear();
}

void Drafts::continue_on_device() {
    if (device_code.empty()) // a draft kept before devices kept its code: it needs the code
        return intake_.my_case.show();
    intake_.device = "own";
    intake_.resume.from_device(device_code);
}

void Drafts::make_keys(std::function<void()> then) {
    intake_.screen.set(Step::Working);
    intake_.after_paint([this, then = std::move(then)] {
        if (!intake_.new_case.draw(intake_.case_kdf)) { // out of memory on an old phone: go on, nothing is saved, and say so
            intake_.device = "shared";
            save_error = "error.save_code.memory";
            return intake_.page_id.empty() ? intake_.start_form() : intake_.show_page(intake_.page_id);
        }
        save_code = intake_.new_case.code->text();
        then();
    });
}

void Drafts::show_saved() {
    save();
    intake_.screen.set(Step::Saved);
    intake_.screen.to_top();
    intake_.visit();
}

void Drafts::save_later() {
    intake_.screen.end_editing();
    if (legacy) {
        on_server = true;
        return show_saved();
    }
    if (!intake_.new_case.drawn())
        return make_keys([this] { saved_on_server(); });
    saved_on_server();
}

// The case on the server first (its locator may be drawn again there), then the draft under it.
void Drafts::saved_on_server() {
    intake_.screen.set(Step::Working);
    intake_.new_case.make(
        [this] {
            on_server = true;
            save_code = intake_.new_case.code->text();
            save_error.clear();
            show_saved();
        },
        [this](const HttpReply& r) { // nothing is on the server: back to the page, saying so
            save_error = http_error_key(r);
            intake_.show_page(intake_.page_id);
        });
}

void Drafts::continued(const std::string& code, std::optional<anl::DraftKeys> old_keys, bool server) {
    save_code = code;
    legacy = std::move(old_keys);
    on_server = server;
}

void Drafts::wipe() {
    if (legacy) {
        anl::wipe(legacy->key);
        anl::wipe(legacy->token);
    }
    legacy.reset();
    anl::wipe(save_code);
    anl::wipe(device_code);
    on_server = false;
}

} // namespace app::intake
