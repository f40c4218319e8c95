#include "app/intake/resume.h"

#include "app/api_routes.h"
#include "app/http_reply.h"
#include "app/intake/intake.h"
#include "core/wipe.h"

#include <nlohmann/json.hpp>

namespace app::intake {

void Resume::show() {
    intake_.screen.set(Step::Resume);
    error.clear();
    intake_.screen.to_top();
    intake_.visit();
}

bool Resume::open(const anl::Bytes& sealed, const anl::DraftKeys& keys, const std::string& normalized) {
    Intake& in = intake_;
    const auto doc = anl::open_draft(sealed, keys);
    const auto draft = doc ? anl::read_draft_document(*doc) : std::nullopt;
    if (!draft || !in.form || draft->form_id != in.form->id) // another form: nothing to continue
        return false;
    in.answers = draft->answers;
    in.drafts.keys = keys;
    in.drafts.save_code = normalized;
    if (in.device.empty())
        in.device = "shared"; // a resumed draft is saved on the server only until told otherwise
    const bool page_exists = anl::page_step(*in.form, in.answers, draft->page_id).has_value();
    if (draft->form_version != in.form->version || !page_exists)
        in.start_form();
    else
        in.show_page(draft->page_id);
    return true;
}

void Resume::submit() {
    const auto normalized = anl::normalize_save_code(code);
    if (!normalized) {
        error = "error.save_code.format";
        return;
    }
    intake_.screen.end_editing();
    error.clear();
    intake_.screen.set(Step::Working);
    intake_.after_paint([this, normalized = *normalized] {
        auto keys = anl::derive_draft_keys(normalized, intake_.drafts.kdf);
        if (!keys) {
            error = "error.save_code.memory";
            intake_.screen.set(Step::Resume);
            return;
        }
        const auto local = nlohmann::json::parse(intake_.services.storage.get(kDraftStorageKey), nullptr, false);
        if (local.is_object() && local.value("id", "") == keys->id) {
            const auto sealed = anl::from_base64(local.value("data", ""));
            intake_.drafts.on_server = local.value("server", true); // drafts kept before: on both
            if (sealed && open(*sealed, *keys, normalized))
                return;
        }
        intake_.request("GET", api::draft(keys->id), {{"Authorization", "Bearer " + keys->token_b64url()}}, {},
                        [this, keys = *keys, normalized](const HttpReply& r) {
                            intake_.drafts.on_server = true;
                            if (r.status == 200 && open(r.body, keys, normalized))
                                return;
                            intake_.drafts.on_server = false;
                            error = r.status == 404 || r.status == 200 ? "error.save_code.not_found"
                                                                       : http_error_key(r);
                            intake_.screen.set(Step::Resume);
                        });
    });
}

void Resume::wipe() {
    anl::wipe(code);
    error.clear();
}

} // namespace app::intake
