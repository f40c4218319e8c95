// The applicant's own case before the application is sent: one code for saving a draft and for
// the case (issue 11). It is drawn once per application - when the device question says "own"
// (the draft is kept sealed in this browser from then on), at "Save and continue later", or at
// "Send" - and made on the server (POST /api/cases) only when something has to go there: a
// saved draft or the application. A taken locator is drawn again; the secret, and so the keys,
// stay (the locator is not in Argon2id). It is wiped after sending and on "finish".
#pragma once
#include "app/services.h"
#include "core/case_code.h"

#include <functional>
#include <optional>
#include <string>

namespace app::intake {

class Intake;

class NewCase {
public:
    explicit NewCase(Intake& intake) : intake_(intake) {}

    std::optional<anl::CaseCode> code;
    anl::Bytes salt;
    std::optional<anl::CaseKeys> keys;
    anl::CaseKdf kdf{};
    bool made = false;       // the server has it

    bool drawn() const { return keys.has_value(); }
    // A new code, salt and keys (Argon2id: a moment on an old phone; call it after the "one
    // moment" page painted). False when Argon2id cannot run (out of memory): nothing is drawn.
    bool draw(anl::CaseKdf cost);
    // A case continued with its code: its keys were derived from the code and its salt.
    void adopt(const anl::CaseCode& code, const anl::Bytes& salt, anl::CaseKdf cost, anl::CaseKeys keys, bool made);
    // POST /api/cases unless the server has it already; then `done`, or `failed` with the reply.
    void make(std::function<void()> done, std::function<void(const HttpReply&)> failed);
    std::string bearer() const;   // "Bearer <token>"
    void wipe();

private:
    void post(std::function<void()> done, std::function<void(const HttpReply&)> failed, int tries);

    Intake& intake_;
};

} // namespace app::intake
