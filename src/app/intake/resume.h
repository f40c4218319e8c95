// Continuing with a save code (drafts.h): the code as typed is checked, its keys derived after
// the "one moment" page painted, and the draft opened from this browser's storage or, failing
// that, from the server. A draft of another version of the form starts at its first page.
#pragma once
#include "core/draft.h"

#include <string>

namespace app::intake {

class Intake;

class Resume {
public:
    explicit Resume(Intake& intake) : intake_(intake) {}

    std::string code;    // bound to the resume page's field
    std::string error;   // catalog key

    void show();         // the resume page, from the start page's link
    void submit();       // "Continue"
    void wipe();

private:
    // Opens a sealed draft and continues where the applicant left off; false when it does not
    // open or is a draft of another form.
    bool open(const anl::Bytes& sealed, const anl::DraftKeys& keys, const std::string& code);

    Intake& intake_;
};

} // namespace app::intake
