// The applicant's pages as entries in the browser's history (app::History), so that the
// browser's Back and Forward move between pages with the answers kept, and never leave the
// service with the application in it. The browser's entries hold only an index; what each
// index means (which page, which household member) is kept here, in memory, and goes with the
// page on "finish".
#pragma once
#include "app/intake/screen.h"
#include "app/services.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace app::intake {

// A page of the flow, as far as coming back to it needs.
struct Place {
    Step step = Step::Start;
    std::string page_id;            // Question and repeat steps
    size_t item = 0;                // RepeatItem and RepeatRemove
    bool returning_to_check = false;
};
bool operator==(const Place& a, const Place& b);
inline bool operator!=(const Place& a, const Place& b) { return !(a == b); }

class Places {
public:
    explicit Places(History& history) : history_(history) {}

    // The person went on to `here`: a new entry after the current one (the entries Forward would
    // have reached go, as in any browser). The first place replaces the tab's own entry. The
    // current place again (an error shown on the same page) adds nothing.
    void arrive(const Place& here);
    // The app's own "Back" link went to `here`: when that is the entry before the current one,
    // the browser goes back one entry too (so its Forward still works); otherwise a new entry.
    void arrive_back(const Place& here);
    // The page shown on coming back differs from the entry (a page the answers now skip): the
    // entry becomes what is shown, without a new one.
    void correct(const Place& here);
    // The browser moved to entry `index`: the place to show, or none (not one of ours, or the
    // one on screen).
    std::optional<Place> moved(int index);
    // Undoes a move the flow refuses (while sending, or after the application was sent): the
    // browser goes back to the current entry.
    void refuse(int index);

    int at() const { return at_; }
    size_t size() const { return entries_.size(); }

private:
    History& history_;
    std::vector<Place> entries_;
    int at_ = -1;
};

} // namespace app::intake
