#include "app/intake/idle.h"

#include "app/intake/intake.h"

#include <algorithm>

namespace app::intake {

const IdleTimes& Idle::times() const { return intake_.services.device.kiosk() ? kKioskIdle : kSharedIdle; }

void Idle::watch() { check(); }

bool Idle::applies() const {
    if (!intake_.shared_device() && !intake_.services.device.kiosk())
        return false;
    switch (intake_.screen.step()) {
    case Step::Loading: case Step::LoadFailed: case Step::Start:   // nothing of anyone's yet
    case Step::Working: case Step::Sending:                       // the page is busy, not idle
        return false;
    default:
        return true;
    }
}

// Runs when the warning could be due; looks again when it next could be.
void Idle::check() {
    const IdleTimes& t = times();
    const double idle = intake_.services.device.idle_seconds();
    double next = t.warn_after - idle;
    if (!applies()) {
        warning_ = false;
        if (idle >= t.warn_after) // long on the start page: the next touch starts the clock
            next = t.warn_after;
    } else if (idle >= t.warn_after + t.countdown) {
        warning_ = false;
        return intake_.finish();
    } else if (idle >= t.warn_after) {
        left_ = t.warn_after + t.countdown - idle;
        if (!warning_) {
            warning_ = true;
            focus_before_ = intake_.screen.effects().focus_id;
            intake_.screen.end_editing();
            intake_.screen.to_top();
            intake_.screen.focus("idle.continue");
        }
        next = std::min(1.0, left_); // the countdown shows whole seconds
    } else if (warning_) { // touched: the warning goes
        warning_ = false;
    }
    intake_.after_seconds(std::max(next, 0.05), [this] { check(); });
}

void Idle::still_here() {
    warning_ = false;
    if (!focus_before_.empty())
        intake_.screen.focus(focus_before_);
}

} // namespace app::intake
