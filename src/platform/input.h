// Input: mouse, touch (a tap presses, a drag scrolls), wheel and keys from emscripten/html5.h,
// and the gesture targets that must act inside the browser's own event handler.
#pragma once
#include "platform/text_input.h"

#include <string>

namespace platform {

// Widgets whose action needs a real user gesture (focusing a DOM input opens the phone keyboard
// only from inside the tap's own handler; file pickers likewise) register their rectangle every
// frame. The tap/click handler hit-tests them synchronously, before ImGui sees the event.
void text_target(unsigned id, const std::string& widget_id, float x, float y, float w, float h,
                 const TextFieldSpec& spec);
void file_target(unsigned id, const std::string& widget_id, float x, float y, float w, float h,
                 const std::string& accept, double max_bytes);

// Enter was pressed in a one-line text field: true once, in the frame that follows, for the page's
// primary button (implicit submission, as in an HTML form).
bool take_submit();
// Escape was pressed outside a text field (where it only leaves the field): true once, in the
// frame that follows, for whatever closes on Escape (an open disclosure, a confirmation page).
bool take_escape();

} // namespace platform
