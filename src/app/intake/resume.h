// Continuing a draft (drafts.h). The code page (my_case.h) takes every code: a case code whose
// case says a draft is saved under it continues that draft, from this browser's storage or from
// the server; a save code of before (12 symbols) continues its draft on the old route. The
// start page's "Continue my application" opens the draft this device keeps with the code kept
// beside it. A draft of another version of the form starts at its first page.
#pragma once
#include "core/case_code.h"
#include "core/draft.h"

#include <string>

namespace app::intake {

class Intake;

class Resume {
public:
    explicit Resume(Intake& intake) : intake_(intake) {}

    // A save code of before, in normal form: its keys after the "one moment" page painted, its
    // draft from this browser's storage or GET /api/drafts/{id}.
    void with_save_code(const std::string& normalized);
    // The case opened with its code has a draft: from this browser if it keeps it, else the server's.
    void case_draft(const anl::CaseCode& code, const anl::Bytes& salt, anl::CaseKdf kdf, const anl::CaseKeys& keys);
    // "Continue my application": the draft this device keeps, with the code it keeps beside it.
    void from_device(const std::string& code);

private:
    // Opens a sealed draft and continues where the applicant left off; false when it does not
    // open or is a draft of another form.
    bool open(const anl::Bytes& sealed, const anl::DraftKeys& keys);
    void case_draft_opened(const anl::CaseCode& code, const anl::Bytes& salt, anl::CaseKdf kdf,
                           const anl::CaseKeys& keys, bool server);
    void refuse(const std::string& key);   // back on the code page, saying why

    Intake& intake_;
};

} // namespace app::intake
