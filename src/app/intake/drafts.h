// Save and return (core/draft.h). On the applicant's own device the answers are saved as they
// go, sealed under a key derived from a save code that the device keeps beside them: a tab
// killed while switching to the camera or the banking app loses nothing, and the start page
// offers to continue without asking for a code nobody was shown. The server gets the draft only
// when the applicant asks ("Save and continue later", which shows the code): with the code they
// continue on any other device. On a shared computer or a kiosk nothing is kept in the browser,
// and the server keeps a draft only when they ask for a save code.
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

    std::optional<anl::DraftKeys> keys;
    std::string save_code;        // shown on the saved page
    std::string save_error;       // catalog key: the server could not keep the draft
    // Read when the start page is shown: the code of the draft this device keeps, or (a draft
    // kept before devices kept its code) only that there is one, to continue with the code.
    std::string device_code;
    bool on_device = false;
    bool on_server = false;       // the applicant asked to save: the server keeps the draft too
    // Argon2id's cost for the save code's keys (tests make it cheap; the real one is phone-safe).
    anl::DraftKdf kdf = anl::kDraftKdf;

    // Seals the answers under the draft key and keeps them: in this browser's storage on the
    // applicant's own device, and on the server once the applicant asked to save.
    void save();
    // The draft goes from this browser and from the server (after sending).
    void forget();
    // Reads what this device keeps (device_code, on_device).
    void look_on_device();
    // "Continue my application" on the start page: the draft this device keeps, no code asked.
    void continue_on_device();
    // Makes a new save code and its keys (Argon2id: a moment on an old phone) after the "one
    // moment" page painted, then runs `then`. Out of memory: nothing is saved, and the page says so.
    void make_keys(std::function<void()> then);
    // "Save and continue later": the saved page with the code.
    void save_later();
    void show_saved();     // the saved page with the code (also when Back and Forward return to it)
    void wipe();

    std::string url() const;

private:
    Intake& intake_;
};

} // namespace app::intake
