// Save and return (core/draft.h) under the case code: one code an applicant holds, for the
// draft and for the case (issue 11). On the applicant's own device a case code is drawn when
// the device question is answered and the answers are saved as they go, sealed under the case's
// draft key, in this browser beside the code: a tab killed while switching to the camera or the
// banking app loses nothing, and the start page offers to continue without asking for a code
// nobody was shown. The server gets the draft only when the applicant asks ("Save and continue
// later", which makes the case on the server and shows the code): with the code they continue
// on any other device (PUT/GET /api/cases/{locator}/draft). On a shared computer or a kiosk
// nothing is kept in the browser. A draft saved under a save code of before (12 symbols,
// /api/drafts) still opens with that code and goes on saving there until it is sent.
#pragma once
#include "core/draft.h"

#include <functional>
#include <optional>
#include <string>

namespace app::intake {

class Intake;

// Where this browser keeps the sealed draft (ciphertext only).
constexpr const char* kDraftStorageKey = "anl.draft";

class Drafts {
public:
    explicit Drafts(Intake& intake) : intake_(intake) {}

    // The keys of a draft saved under a save code of before; empty for a draft under the case
    // code (Intake::new_case holds those keys).
    std::optional<anl::DraftKeys> legacy;
    std::string save_code;        // shown on the saved page: the case code (or the old save code)
    std::string save_error;       // catalog key: the server could not keep the draft
    // Read when the start page is shown: the code of the draft this device keeps, or (a draft
    // kept before devices kept its code) only that there is one, to continue with the code.
    std::string device_code;
    bool on_device = false;
    bool on_server = false;       // the applicant asked to save: the server keeps the draft too
    // Argon2id's cost for a save code of before (tests make it cheap; the real one is phone-safe).
    anl::DraftKdf kdf = anl::kDraftKdf;

    bool has_keys() const;
    // Seals the answers under the draft key and keeps them: in this browser's storage on the
    // applicant's own device, and on the server once the applicant asked to save.
    void save();
    // The draft goes from this browser (after sending: the server removed its copy under the
    // case when the application arrived; a draft of before is deleted from /api/drafts).
    void forget();
    // Reads what this device keeps (device_code, on_device).
    void look_on_device();
    // "Continue my application" on the start page: the draft this device keeps, no code asked.
    void continue_on_device();
    // Draws the case code and its keys (Argon2id: a moment on an old phone) after the "one
    // moment" page painted, then runs `then`. Out of memory: nothing is saved, and the page says so.
    void make_keys(std::function<void()> then);
    // "Save and continue later": the case on the server, the draft under it, the saved page.
    void save_later();
    void show_saved();     // the saved page with the code (also when Back and Forward return to it)
    // A draft opened from this device or the server: its code and where it is kept.
    void continued(const std::string& code, std::optional<anl::DraftKeys> old_keys, bool server);
    void wipe();

private:
    anl::DraftKeys sealing_keys() const;
    std::string url() const;
    std::string device_record(const anl::Bytes& sealed) const;
    void saved_on_server();

    Intake& intake_;
};

} // namespace app::intake
