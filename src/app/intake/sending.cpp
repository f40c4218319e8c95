// Check your answers, its change links, and sending: the answers and files are sealed to the
// office's public key in this browser (core/envelope.h), POSTed, and answered with a reference.
#include "app/intake/intake.h"

#include "app/api_routes.h"
#include "app/http_reply.h"
#include "core/answer_text.h"
#include "core/envelope.h"
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
        const anl::Bytes envelope = anl::seal_envelope(parts, office_public_key_);
        for (auto& part : parts) // plaintext copies do not outlive the sealing
            anl::wipe(part.plaintext);
        if (envelope.empty()) { // no usable office key from the server: nothing is sent
            send_error = "error.server";
            screen.set(Step::Check);
            return;
        }
        request("POST", api::submissions(), {{"Content-Type", "application/octet-stream"}}, envelope,
                [this](const HttpReply& r) {
                    const std::string ref = json_string(json_body(r), "reference");
                    if (r.status == 201 && !ref.empty()) {
                        reference = ref;
                        services.tab.put(kSentStorageKey, ref);
                        drafts.forget();
                        wipe();
                        show_done();
                    } else {
                        send_error = http_error_key(r);
                        screen.set(Step::Check); // the answers are still there: try again
                    }
                });
    });
}

} // namespace app::intake
