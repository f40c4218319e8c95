#include "app/intake/resume.h"

#include "app/api_routes.h"
#include "app/http_reply.h"
#include "app/intake/intake.h"
#include "core/wipe.h"

#include <nlohmann/json.hpp>

namespace app::intake {

namespace {

nlohmann::json device_record(Services& services) {
    return nlohmann::json::parse(services.storage.get(kDraftStorageKey), nullptr, false);
}

// The case's draft key and token in the shape seal_draft and open_draft take.
anl::DraftKeys draft_keys(const anl::CaseKeys& keys) { return {keys.draft_key, keys.token, ""}; }

// The costs this device kept beside its draft, when they are ones this app would use.
std::optional<anl::CaseKdf> kept_kdf(const nlohmann::json& local) {
    const auto ops = local.value("opslimit", 0ull);
    const auto mem = local.value("memlimit", 0ull);
    if (ops == 0 || mem == 0 || ops > unsigned(api::kKdfOpslimitMax) || mem > api::kKdfMemlimitMax)
        return std::nullopt;
    return anl::CaseKdf{ops, size_t(mem)};
}

} // namespace

bool Resume::open(const anl::Bytes& sealed, const anl::DraftKeys& keys) {
    Intake& in = intake_;
    const auto doc = anl::open_draft(sealed, keys);
    const auto draft = doc ? anl::read_draft_document(*doc) : std::nullopt;
    if (!draft || !in.form || draft->form_id != in.form->id) // another form: nothing to continue
        return false;
    in.answers = draft->answers;
    if (in.device.empty())
        in.device = "shared"; // a draft from the server is saved there only until told otherwise
    const bool page_exists = anl::page_step(*in.form, in.answers, draft->page_id).has_value();
    if (draft->form_version != in.form->version || !page_exists)
        in.start_form();
    else
        in.show_page(draft->page_id);
    return true;
}

void Resume::refuse(const std::string& key) { intake_.my_case.refuse(key); }

void Resume::with_save_code(const std::string& normalized) {
    intake_.screen.set(Step::Working);
    intake_.after_paint([this, normalized] {
        auto keys = anl::derive_draft_keys(normalized, intake_.drafts.kdf);
        if (!keys)
            return refuse("error.case.memory");
        const auto local = device_record(intake_.services);
        if (local.is_object() && local.value("id", "") == keys->id) {
            const auto sealed = anl::from_base64(local.value("data", ""));
            const bool server = local.value("server", true); // drafts kept before: on both
            if (sealed && open(*sealed, *keys))
                return intake_.drafts.continued(normalized, *keys, server);
        }
        intake_.request("GET", api::draft(keys->id), {{"Authorization", "Bearer " + keys->token_b64url()}}, {},
                        [this, keys = *keys, normalized](const HttpReply& r) {
                            if (r.status == 200 && open(r.body, keys))
                                return intake_.drafts.continued(normalized, keys, true);
                            refuse(r.status == 404 || r.status == 200 ? "error.case_code.not_found" : http_error_key(r));
                        });
    });
}

void Resume::case_draft(const anl::CaseCode& code, const anl::Bytes& salt, anl::CaseKdf kdf, const anl::CaseKeys& keys) {
    const auto local = device_record(intake_.services);
    if (local.is_object() && local.value("code", "") == code.text()) {
        const auto sealed = anl::from_base64(local.value("data", ""));
        if (sealed && open(*sealed, draft_keys(keys)))
            return case_draft_opened(code, salt, kdf, keys, true);
    }
    intake_.request("GET", api::case_draft(code.locator), {{"Authorization", "Bearer " + keys.token_b64url()}}, {},
                    [this, code, salt, kdf, keys](const HttpReply& r) {
                        if (r.status == 200 && open(r.body, draft_keys(keys)))
                            return case_draft_opened(code, salt, kdf, keys, true);
                        refuse(r.status == 200 ? "error.case_code.not_found" : http_error_key(r));
                    });
}

// The case's code and keys go on as the application's: it is saved under them and sent to it.
void Resume::case_draft_opened(const anl::CaseCode& code, const anl::Bytes& salt, anl::CaseKdf kdf,
                               const anl::CaseKeys& keys, bool server) {
    intake_.new_case.adopt(code, salt, kdf, keys, true);
    intake_.drafts.continued(code.text(), std::nullopt, server);
    intake_.my_case.wipe(); // the code page's copy of the code and keys
}

void Resume::from_device(const std::string& code) {
    if (const auto old = anl::normalize_save_code(code))
        return with_save_code(*old);
    const auto read = anl::read_case_code(code);
    if (!read)
        return refuse("error.case_code.not_found");
    intake_.screen.set(Step::Working);
    intake_.after_paint([this, code = *read] {
        const auto local = device_record(intake_.services);
        const auto salt = anl::from_base64(local.is_object() ? local.value("salt", "") : "");
        const auto kdf = local.is_object() ? kept_kdf(local) : std::nullopt;
        if (!salt || salt->size() != anl::kCaseSaltSize || !kdf)
            return refuse("error.case_code.not_found");
        auto keys = anl::derive_case_keys(code, *salt, *kdf);
        if (!keys)
            return refuse("error.case.memory");
        const auto sealed = anl::from_base64(local.value("data", ""));
        const bool server = local.value("server", false);
        if (!sealed || !open(*sealed, draft_keys(*keys)))
            return refuse("error.case_code.not_found");
        intake_.new_case.adopt(code, *salt, *kdf, *keys, server);
        intake_.drafts.continued(code.text(), std::nullopt, server);
        anl::wipe(keys->secret_key);
        anl::wipe(keys->draft_key);
        anl::wipe(keys->token);
    });
}

} // namespace app::intake
