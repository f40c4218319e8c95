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
        anl::Bytes envelope = anl::seal_envelope(parts, office_public_key_);
        for (auto& part : parts) // plaintext copies do not outlive the sealing
            anl::wipe(part.plaintext);
        if (envelope.empty()) { // no usable office key from the server: nothing is sent
            send_error = "error.server";
            screen.set(Step::Check);
            return;
        }
        // The case's code and keys: drawn when the device question said "own" or the draft was
        // saved, else now; kept across a refused send, so that trying again uses the same case.
        if (!new_case.drawn() && !new_case.draw(case_kdf)) {
            send_error = "error.case.memory";
            screen.set(Step::Check);
            return;
        }
        new_case.make([this, envelope = std::move(envelope)] { send_to_case(envelope); },
                      [this](const HttpReply& r) {
                          send_error = http_error_key(r);
                          screen.set(Step::Check); // the answers are still there: try again
                      });
    });
}

void Intake::send_to_case(const anl::Bytes& envelope) {
    request("POST", api::case_submissions(new_case.code->locator),
            {{"Content-Type", "application/octet-stream"}, {"Authorization", new_case.bearer()}},
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
    case_code = new_case.code->text();
    drafts.forget();
    wipe();
    show_done();
}

} // namespace app::intake
