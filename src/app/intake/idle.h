// A page left alone on a shared computer or the office's kiosk: the next person may be minutes
// (at a kiosk, seconds) away. After a while without a touch, click, scroll or key the page warns,
// counts down, and then finishes by itself: everything goes and a fresh page starts, as on
// "Finish". Any touch ends the warning. The applicant's own device is never cleared: its answers
// are kept as they go (drafts.h). The confirmation page counts too: it returns to the start.
#pragma once
#include <string>

namespace app::intake {

class Intake;

struct IdleTimes {
    double warn_after;   // seconds without input before the warning
    double countdown;    // seconds the warning gives before the page is cleared
};
// WCAG 2.2.1: a warning, and at least 20 seconds to keep going with one simple action.
constexpr IdleTimes kKioskIdle{90, 30};      // the next person may already be waiting
constexpr IdleTimes kSharedIdle{240, 60};    // a library PC: reading a letter takes a while

class Idle {
public:
    explicit Idle(Intake& intake) : intake_(intake) {}

    // Starts watching; it goes on for the page's life.
    void watch();
    bool warning() const { return warning_; }
    int seconds_left() const { return int(left_ + 0.999); }
    // "Keep working" on the warning (the tap itself is what counts: this only moves the focus).
    void still_here();
    const IdleTimes& times() const;

private:
    void check();
    bool applies() const;   // a shared device or kiosk, on a page that holds something

    Intake& intake_;
    bool warning_ = false;
    double left_ = 0;
    std::string focus_before_;
};

} // namespace app::intake
