// Save and return (core/draft.h). On the applicant's own device the answers are saved as they
// go, sealed under a key derived from a save code, in this browser's storage and on the server;
// with the code they continue here or on any other device. On a shared computer or a kiosk
// nothing is kept unless they ask for a save code, and then only on the server.
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
    bool on_device = false;       // this browser holds a draft (read when the start page is shown)
    // Argon2id's cost for the save code's keys (tests make it cheap; the real one is phone-safe).
    anl::DraftKdf kdf = anl::kDraftKdf;

    // Seals the answers under the draft key and keeps them: in this browser's storage on the
    // applicant's own device, and on the server (for another device).
    void save();
    // The draft goes from this browser and from the server (after sending).
    void forget();
    // Makes a new save code and its keys (Argon2id: a moment on an old phone) after the "one
    // moment" page painted, then runs `then`. Out of memory: nothing is saved, and the page says so.
    void make_keys(std::function<void()> then);
    // "Save and continue later": the saved page with the code.
    void save_later();
    void wipe();

    std::string url() const;

private:
    Intake& intake_;
};

} // namespace app::intake
