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
    if (!in.shared_device())
        in.services.storage.put(kDraftStorageKey,
                                nlohmann::json{{"id", keys->id}, {"data", anl::to_base64(sealed)}}.dump());
    in.request("PUT", url(), draft_headers(*keys), sealed,
               [this](const HttpReply& r) { save_error = r.status == 204 ? "" : "error.save_failed"; });
}

void Drafts::forget() {
    intake_.services.storage.remove(kDraftStorageKey);
    if (keys)
        intake_.request("DELETE", url(), draft_headers(*keys), {}, [](const HttpReply&) {});
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

void Drafts::save_later() {
    intake_.screen.end_editing();
    auto show_saved = [this] {
        save();
        intake_.screen.set(Step::Saved);
        intake_.screen.to_top();
    };
    if (keys)
        show_saved();
    else
        make_keys(show_saved);
}

void Drafts::wipe() {
    if (keys) {
        anl::wipe(keys->key);
        anl::wipe(keys->token);
    }
    keys.reset();
    anl::wipe(save_code);
}

} // namespace app::intake
