// Check your answers, its change links, and sending: the answers and files are sealed to the
// office's public key in this browser (core/envelope.h), sent under a new case (core/case_code.h),
// and answered with a reference; the done page shows it with the case code.
#include "app/intake/intake.h"

#include "app/api_routes.h"
#include "app/http_reply.h"
#include "core/answer_text.h"
#include "core/envelope.h"
#include "core/case_code.h"
#include "core/wipe.h"

namespace app::intake {

namespace {
// Locators are 4 symbols (810,000): a few draws find a free one unless the office is full.
constexpr int kLocatorTries = 5;
} // namespace

std::vector<anl::AnswerRow> Intake::check_rows(const anl::Catalog& catalog) const {
    if (!form)
        return {};
    return anl::check_rows(*form, answers, catalog, anl::document_names(documents.files));
}

void Intake::change(const anl::AnswerRow& row) {
    show_page(row.page);
    returning_to_check = true;
    if (row.kind == anl::AnswerRow::Kind::Answer) {
        if (row.page_item) {
            item = *row.page_item;
            screen.set(Step::RepeatItem);
            screen.focus("page.title");
        }
        screen.show_field(row.path.name());
    }
    places.correct(here()); // one entry: the page (or member) as it is shown
}

void Intake::show_done() {
    screen.set(Step::Done);
    screen.to_top();
    visit();
}

void Intake::send(const std::string& language) {
    const anl::Date today = services.clock.today();
    errors = anl::validate_form(*form, answers, today);
    if (!errors.empty()) { // only possible if a page was skipped; send the person there
        for (const std::string& id : anl::visible_pages(*form, answers))
            if (!anl::validate_page(*form, id, answers, today).empty()) {
                returning_to_check = true;
                return show_page(id);
            }
    }
    screen.end_editing();
    send_error.clear();
    screen.set(Step::Sending);
    // Sealed after the "sending" state has been painted: sealing photos takes a moment.
    after_paint([this, language] {
        std::vector<anl::Part> parts = anl::form_submission_parts(*form, answers, language, documents.files);
        const anl::Bytes envelope = anl::seal_envelope(parts, office_public_key_);
        for (auto& part : parts) // plaintext copies do not outlive the sealing
            anl::wipe(part.plaintext);
        if (envelope.empty()) { // no usable office key from the server: nothing is sent
            send_error = "error.server";
            screen.set(Step::Check);
            return;
        }
        if (!new_keys_) { // the case's code and keys, once: a refused send tries again with them
            new_code_ = anl::new_case_code();
            new_salt_ = anl::new_case_salt();
            new_keys_ = anl::derive_case_keys(*new_code_, new_salt_, case_kdf);
            if (!new_keys_) {
                forget_new_case();
                send_error = "error.case.memory";
                screen.set(Step::Check);
                return;
            }
        }
        if (case_made_)
            send_to_case(envelope);
        else
            make_case(envelope, 0);
    });
}

// POST /api/cases: the server keeps the locator, salt, public key and the token's hash. A taken
// locator is drawn again (the secret, and so the keys, stay: the locator is not in Argon2id).
void Intake::make_case(anl::Bytes envelope, int tries) {
    const nlohmann::json body = {{"locator", new_code_->locator},
                                 {"salt", anl::to_base64(new_salt_)},
                                 {"public_key", anl::to_base64(new_keys_->public_key)},
                                 {"token_sha256", new_keys_->token_sha256_hex()},
                                 {"opslimit", case_kdf.opslimit},
                                 {"memlimit", case_kdf.memlimit}};
    request("POST", api::cases(), {{"Content-Type", "application/json"}}, anl::to_bytes(body.dump()),
            [this, envelope = std::move(envelope), tries](const HttpReply& r) mutable {
                if (r.status == 201) {
                    case_made_ = true;
                    return send_to_case(std::move(envelope));
                }
                if (r.status == 409 && error_code(r) == api::error::kLocatorTaken && tries < kLocatorTries) {
                    new_code_ = anl::with_new_locator(*new_code_);
                    return make_case(std::move(envelope), tries + 1);
                }
                send_error = http_error_key(r);
                screen.set(Step::Check); // the answers are still there: try again
            });
}

void Intake::send_to_case(anl::Bytes envelope) {
    request("POST", api::case_submissions(new_code_->locator),
            {{"Content-Type", "application/octet-stream"}, {"Authorization", "Bearer " + new_keys_->token_b64url()}},
            envelope, [this](const HttpReply& r) {
                const std::string ref = json_string(json_body(r), "reference");
                if (r.status == 201 && !ref.empty())
                    return sent(ref);
                send_error = http_error_key(r);
                screen.set(Step::Check); // the answers and the case are still there: try again
            });
}

void Intake::sent(const std::string& ref) {
    reference = ref;
    // The reference survives a reload (this tab's storage); the case code never goes to storage:
    // it is the key to the case, shown on this page only.
    services.tab.put(kSentStorageKey, ref);
    case_code = new_code_->text();
    forget_new_case();
    drafts.forget();
    wipe();
    show_done();
}

void Intake::forget_new_case() {
    if (new_keys_) {
        anl::wipe(new_keys_->secret_key);
        anl::wipe(new_keys_->draft_key);
        anl::wipe(new_keys_->token);
    }
    if (new_code_)
        anl::wipe(new_code_->secret);
    new_keys_.reset();
    new_code_.reset();
    new_salt_.clear();
    case_made_ = false;
}

} // namespace app::intake
