#include "app/intake/drafts.h"

#include "app/api_routes.h"
#include "app/intake/intake.h"
#include "core/wipe.h"

#include <nlohmann/json.hpp>

namespace app::intake {

namespace {

HttpHeaders draft_headers(const anl::DraftKeys& keys) {
    return {{"Authorization", "Bearer " + keys.token_b64url()}, {"Content-Type", "application/octet-stream"}};
}

} // namespace

std::string Drafts::url() const { return api::draft(keys->id); }

void Drafts::save() {
    Intake& in = intake_;
    if (!keys || !in.form)
        return;
    const anl::Bytes sealed = anl::seal_draft(
        anl::draft_document(in.form->id, in.form->version, in.page_id, in.answers, in.services.clock.now_iso()), *keys);
    // The code is kept beside the sealed draft on the applicant's own device only: whoever can
    // use this browser can continue the application, as the device page says.
    if (!in.shared_device())
        in.services.storage.put(kDraftStorageKey, nlohmann::json{{"id", keys->id},
                                                                 {"data", anl::to_base64(sealed)},
                                                                 {"code", save_code},
                                                                 {"server", on_server}}.dump());
    if (on_server)
        in.request("PUT", url(), draft_headers(*keys), sealed,
                   [this](const HttpReply& r) { save_error = r.status == 204 ? "" : "error.save_failed"; });
}

void Drafts::forget() {
    intake_.services.storage.remove(kDraftStorageKey);
    if (keys && on_server)
        intake_.request("DELETE", url(), draft_headers(*keys), {}, [](const HttpReply&) {});
}

void Drafts::look_on_device() {
    const auto local = nlohmann::json::parse(intake_.services.storage.get(kDraftStorageKey), nullptr, false);
    on_device = local.is_object() && local.contains("data");
    device_code = on_device ? local.value("code", "") : "";
    if (!anl::normalize_save_code(device_code))
        device_code.clear();
}

void Drafts::continue_on_device() {
    if (device_code.empty())
        return intake_.resume.show();
    intake_.device = "own";
    intake_.resume.code = device_code;
    intake_.resume.submit();
}

void Drafts::make_keys(std::function<void()> then) {
    intake_.screen.set(Step::Working);
    intake_.after_paint([this, then = std::move(then)] {
        save_code = anl::new_save_code();
        keys = anl::derive_draft_keys(save_code, kdf);
        if (!keys) { // out of memory on an old phone: go on, nothing is saved, and say so
            save_code.clear();
            intake_.device = "shared";
            save_error = "error.save_code.memory";
            return intake_.page_id.empty() ? intake_.start_form() : intake_.show_page(intake_.page_id);
        }
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
    on_server = true;
    if (keys)
        show_saved();
    else
        make_keys([this] { show_saved(); });
}

void Drafts::wipe() {
    if (keys) {
        anl::wipe(keys->key);
        anl::wipe(keys->token);
    }
    keys.reset();
    anl::wipe(save_code);
    anl::wipe(device_code);
    on_server = false;
}

} // namespace app::intake
