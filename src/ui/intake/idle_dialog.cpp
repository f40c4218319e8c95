// The warning on a page left alone on a shared computer or kiosk (app/intake/idle.h): what will
// happen, the time left, and one button to keep going. The alert is read out once when it
// appears; the countdown is plain text, so a screen reader is not interrupted every second.
#include "ui/intake/pages.h"

#include "ui/widgets.h"

namespace ui::intake {

void idle_warning(const AppContext& ctx, Intake& in) {
    alert("idle.warning", ctx.t(in.services.device.kiosk() ? "idle.warning_kiosk" : "idle.warning"));
    const int left = in.idle.seconds_left();
    const std::string time = std::to_string(left / 60) + ":" + (left % 60 < 10 ? "0" : "") + std::to_string(left % 60);
    paragraph(ctx.format("idle.countdown", {{"time", time}}), "idle.countdown");
    if (button("idle.continue", ctx.t("idle.continue")))
        in.idle.still_here();
    spacer(16);
}

} // namespace ui::intake
