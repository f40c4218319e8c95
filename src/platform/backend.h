// The seams between the concerns of src/platform, for its own .cpp files only (src/ui sees the
// per-concern headers). Each concern keeps its state in its own file; what another concern needs
// of it is a function here, named after the file that owns it.
#pragma once
#include "platform/text_input.h"

#include "imgui.h"
#include "imgui_internal.h"

#include <map>
#include <string>
#include <utility>

namespace platform::backend {

// Callbacks waiting for an answer from JS, by id: each reply runs its callback exactly once.
template <class Fn>
class Pending {
public:
    int add(Fn fn) {
        const int id = next_++;
        pending_[id] = std::move(fn);
        return id;
    }
    // Removes and returns the callback for `id` (empty when it already ran, or the id is not ours).
    Fn take(int id) {
        auto it = pending_.find(id);
        if (it == pending_.end())
            return Fn();
        Fn fn = std::move(it->second);
        pending_.erase(it);
        return fn;
    }

private:
    int next_ = 1;
    std::map<int, Fn> pending_;
};

// ---------------------------------------------------------------- loop.cpp
int frame_count();              // frames drawn so far
double device_pixel_ratio();
double css_height();            // of the canvas

// ---------------------------------------------------------------- input.cpp
struct Target {
    unsigned id;
    std::string widget_id;      // the id the accessibility mirror knows it by
    ImRect rect;
    bool is_file;
    TextFieldSpec spec;
    std::string accept;
    double max_bytes;
};
void install_input_callbacks();
void begin_frame_targets();     // before the frame: targets are registered again
void end_frame_keys();          // after the frame: Escape and Enter nothing took are dropped
void end_frame_targets();       // after rendering: this frame's targets are the ones hit-tested
const Target* target_by_id(unsigned id);
const Target* target_by_widget(const std::string& widget_id);
// Starts the action of a gesture target; runs inside the browser's own event handler.
void activate_target(const Target& t);

// ---------------------------------------------------------------- text_input.cpp
unsigned editing_id();          // 0: no field is edited
void begin_editing(const Target& t);
void follow_editing_field();    // after the frame: the DOM input moves with its field

// ---------------------------------------------------------------- mirror.cpp
void begin_frame_widgets();
void publish_widgets();         // after the frame
bool mirror_has_focus();        // a mirror node has DOM focus (keys are the browser's)
void forget_published_widgets();

// ---------------------------------------------------------------- io.cpp
void pick_file(const Target& t);

// ---------------------------------------------------------------- fonts.cpp
bool fonts_ready();             // rebuilt for the current DPR; false: nothing to draw yet
void rebuild_fonts_if_needed();
float body_font_px();           // CSS px of body text at the current text scale
void drop_unused_text_images(int before_frame);
void forget_text_images();      // images of typed text go at the end of the frame

} // namespace platform::backend
