// The applicant's intake as plain objects (no drawing, no browser): the office's form definition
// run as GOV.UK-style pages. One page at a time, "step N of M", back that keeps answers, an error
// summary on "Continue", people in the household added one by one, check your answers with
// change links, then the answers are sealed to the office key, sent, and answered with a
// reference. Save and return in drafts.h and resume.h under the case code of new_case.h,
// picked files in documents.h.
// This root holds what they share: the page on screen, the answers, the requests and their end.
// src/ui/intake/ draws it; tests/app/test_intake_*.cpp walk it on fake services.
#pragma once
#include "app/intake/documents.h"
#include "app/intake/drafts.h"
#include "app/intake/idle.h"
#include "app/intake/my_case.h"
#include "app/intake/new_case.h"
#include "app/intake/places.h"
#include "app/intake/resume.h"
#include "app/intake/screen.h"
#include "app/services.h"
#include "core/answer_rows.h"
#include "core/answers.h"
#include "core/case_code.h"
#include "core/form.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace app::intake {

class Intake {
public:
    explicit Intake(Services& services);
    Intake(const Intake&) = delete;
    Intake& operator=(const Intake&) = delete;

    // The page opened: the office's public key (GET /api/config), then the form; the start page.
    void start();

    Services& services;
    Screen screen;
    std::optional<anl::Form> form;
    anl::Answers answers;               // bound to the question pages' widgets
    Documents documents;
    NewCase new_case{*this};            // the application's case code: for its draft and the case
    Drafts drafts{*this};
    Resume resume{*this};
    Idle idle{*this};
    MyCase my_case{*this};
    Places places{services.history};
    std::vector<anl::FieldError> errors;   // of the page on screen
    std::string device;                 // "own" or "shared", as answered on the device page
    std::string page_id;                // the question page on screen (or last shown)
    size_t item = 0;                    // the repeat item on RepeatItem and RepeatRemove
    bool returning_to_check = false;    // a "change" link was used: Continue goes back to the check page
    std::string send_error;             // catalog key, on the check page
    std::string reference;              // the server's, on the done page
    std::string case_code;              // the new case's code ("LLLL-SSSS-SSSS-SSSS"), on the done page
    anl::CaseKdf case_kdf = anl::kCaseKdf;   // Argon2id of a new case code (tests lower it)

    const anl::Page* current_page() const;
    bool shared_device() const { return device != "own"; }
    // Busy pages offer no language switch (a reply is on its way).
    bool busy() const { return screen.step() == Step::Sending || screen.step() == Step::Working; }

    // ---- start and device pages (navigation.cpp)
    void begin();            // "Start now": the device question, or on a kiosk the first page
    void choose_device();    // "Continue" on the device page (`device` is bound to its choice)
    // ---- question pages
    void back();
    void continue_page();    // "Continue": validates the page, then the next page or the check page
    // ---- a repeating page: its list, one item, removing one
    void add_item();
    void change_item(size_t index);
    void ask_remove(size_t index);
    void continue_item();    // "Continue" on an item: back to the list once the item is complete
    void remove_item();      // "Yes, remove"
    void keep_item();        // "No" (or Escape)
    void item_gone();        // the item on screen no longer exists: the list
    // A repeating group inside a page: items added and removed in place.
    void add_group_item(const std::string& repeat_id);
    void remove_group_item(const std::string& repeat_id, size_t index);
    // A short description of an item for the list: its first text answer (usually the name).
    std::string item_summary(const anl::Catalog& catalog, const anl::Page& page, size_t index) const;

    // ---- check your answers (sending.cpp)
    std::vector<anl::AnswerRow> check_rows(const anl::Catalog& catalog) const;
    void change(const anl::AnswerRow& row);     // a row's change link
    // Seals in the page's language, makes the case unless a saved draft made it already
    // (new_case.h), sends the envelope under it, the reference and the case code.
    void send(const std::string& language);

    // ---- saved and done pages
    void continue_after_save();     // back to the page the applicant was on
    void copy(const std::string& text);   // the code or the reference, to the clipboard
    // "Finish": everything the flow holds is wiped, the clipboard cleared if we copied to it,
    // and once no request is on its way, Device::fresh_start replaces the whole page.
    void finish();

    // ---- the browser's Back and Forward (places.h)
    // The person went Back or Forward to entry `index`: that page, with the answers as they are.
    void history_moved(int index);

    // ---- what the parts share
    // A request; a reply that arrives after finish is dropped.
    void request(const std::string& method, const std::string& url, const HttpHeaders& headers,
                 const anl::Bytes& body, HttpDone done);
    // After-paint work (Argon2id, sealing) and timers; dropped after finish.
    void after_paint(std::function<void()> fn);
    void after_seconds(double seconds, std::function<void()> fn);
    // The page on screen is a page to come back to: an entry in the browser's history.
    void visit();
    void show_page(const std::string& page_id);
    void show_check();
    void show_start();
    void show_done();
    void start_form();       // the first visible page
    const anl::Bytes& office_public_key() const { return office_public_key_; }

private:
    void load_form();
    void send_to_case(const anl::Bytes& envelope);     // sending.cpp
    void sent(const std::string& reference);
    void continue_from_page();   // the page is complete: saved, and the next page
    void wipe();                 // everything the applicant gave
    void restore(const Place& place);
    void go_back();
    void go_on();   // a page the browser's history came back to
    Place here() const;

    anl::Bytes office_public_key_;
    unsigned epoch_ = 0;
    int in_flight_ = 0;
    bool finishing_ = false;
    bool fresh_started_ = false;
    bool copied_ = false;
    bool restoring_ = false;     // showing a place the history came back to: no new entry
    bool going_back_ = false;    // the app's own "Back" link
};

// This tab's storage keeps the reference of a sent application (not the answers) until
// "finish", so the confirmation survives a reload and Back and Forward.
constexpr const char* kSentStorageKey = "anl.sent";

} // namespace app::intake
