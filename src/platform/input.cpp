// Mouse, touch, wheel and keys from emscripten/html5.h, and the gesture targets. See input.h.
#include "platform/input.h"

#include "platform/backend.h"
#include "platform/loop.h"

#include <emscripten/html5.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <vector>

namespace platform {
namespace {

using backend::Target;

struct TouchState {
    bool active = false;
    bool dragging = false;
    long id = -1;
    float start_x = 0, start_y = 0, last_x = 0, last_y = 0;
};

struct Input {
    std::vector<Target> targets, targets_next;
    TouchState touch;
    bool escape = false;               // Escape pressed, not yet taken (cleared after one frame)
    bool submit = false;               // Enter in a text field, not yet taken (likewise)
};

Input& I() {
    static Input i;
    return i;
}

// How far ImGui scrolls per wheel notch, so a finger drag moves the page 1:1.
float scroll_notch_px() { return 5.0f * backend::body_font_px(); }

const Target* target_at(float x, float y) {
    for (const Target& t : I().targets)
        if (t.rect.Contains(ImVec2(x, y)))
            return &t;
    return nullptr;
}

// Keyboard focus lives in the DOM (the accessibility mirror and the text overlay), so Tab, Enter
// and Space get the browser's own behaviour. With nothing focused, arrows and page keys scroll.
EM_BOOL on_key(int type, const EmscriptenKeyboardEvent* e, void*) {
    const bool editing = backend::editing_id() != 0;
    // Escape inside a text field only leaves the field (web/js/text_input.js stops it there).
    if (type == EMSCRIPTEN_EVENT_KEYDOWN && strcmp(e->key, "Escape") == 0 && !editing) {
        I().escape = true;
        request_frame();
        return EM_FALSE;
    }
    if (editing || backend::mirror_has_focus() || type != EMSCRIPTEN_EVENT_KEYDOWN || e->ctrlKey || e->altKey ||
        e->metaKey)
        return EM_FALSE;
    const float page = std::max(1.0f, ImGui::GetIO().DisplaySize.y * 0.8f / scroll_notch_px());
    float notches = 0;
    if (strcmp(e->code, "ArrowDown") == 0) notches = -0.5f;
    else if (strcmp(e->code, "ArrowUp") == 0) notches = 0.5f;
    else if (strcmp(e->code, "PageDown") == 0 || (strcmp(e->code, "Space") == 0 && !e->shiftKey)) notches = -page;
    else if (strcmp(e->code, "PageUp") == 0 || (strcmp(e->code, "Space") == 0 && e->shiftKey)) notches = page;
    else if (strcmp(e->code, "End") == 0) notches = -1000;
    else if (strcmp(e->code, "Home") == 0) notches = 1000;
    if (notches == 0)
        return EM_FALSE;
    ImGui::GetIO().AddMouseWheelEvent(0.0f, notches);
    request_frame();
    return EM_TRUE;
}

EM_BOOL on_mouse(int type, const EmscriptenMouseEvent* e, void*) {
    ImGuiIO& io = ImGui::GetIO();
    const float x = float(e->targetX), y = float(e->targetY);
    io.AddMouseSourceEvent(ImGuiMouseSource_Mouse);
    io.AddMousePosEvent(x, y);
    if (type == EMSCRIPTEN_EVENT_MOUSEDOWN) {
        const Target* t = target_at(x, y);
        if (!t || t->id != backend::editing_id())
            end_text_editing();
    }
    if (type == EMSCRIPTEN_EVENT_MOUSEDOWN && e->button < 3)
        io.AddMouseButtonEvent(e->button == 1 ? 2 : e->button == 2 ? 1 : 0, true);
    if (type == EMSCRIPTEN_EVENT_MOUSEUP && e->button < 3) {
        io.AddMouseButtonEvent(e->button == 1 ? 2 : e->button == 2 ? 1 : 0, false);
        if (e->button == 0)
            if (const Target* t = target_at(x, y))
                backend::activate_target(*t);
    }
    if (type == EMSCRIPTEN_EVENT_MOUSELEAVE)
        io.AddMousePosEvent(-FLT_MAX, -FLT_MAX);
    request_frame();
    return type != EMSCRIPTEN_EVENT_MOUSEMOVE && type != EMSCRIPTEN_EVENT_MOUSELEAVE;
}

EM_BOOL on_wheel(int, const EmscriptenWheelEvent* e, void*) {
    // Pixels (mode 0) are about 100 per notch; lines about 3; ImGui counts notches.
    const double unit = e->deltaMode == DOM_DELTA_PIXEL ? 100.0 : e->deltaMode == DOM_DELTA_LINE ? 3.0 : 0.5;
    ImGui::GetIO().AddMouseWheelEvent(float(-e->deltaX / unit), float(-e->deltaY / unit));
    request_frame();
    return EM_TRUE;
}

const EmscriptenTouchPoint* changed_touch(const EmscriptenTouchEvent* e, long id) {
    for (int i = 0; i < e->numTouches; i++)
        if (e->touches[i].isChanged && (id < 0 || e->touches[i].identifier == id))
            return &e->touches[i];
    return nullptr;
}

// A tap is a touch that ends near where it started; a drag scrolls. The press is sent to ImGui only
// when the touch ends as a tap, so scrolling never presses a button and the very first tap works
// (ImGui sees position, then press, then release, trickled over frames).
//
// Two fingers are the browser's: a pinch zooms the page (web/platform.css lets the canvas have
// `touch-action: pinch-zoom`, and these events are not cancelled then), and the touch that began
// with one finger neither taps nor scrolls any more (docs/ACCESSIBILITY.md, "Zoom"). A touchstart
// is never cancelled (a cancelled first touch would stop the pinch that follows it); one finger
// cannot pan the page anyway (touch-action), and the touchend is cancelled, which keeps the
// browser from sending mouse events after a tap.
EM_BOOL on_touch(int type, const EmscriptenTouchEvent* e, void*) {
    TouchState& t = I().touch;
    ImGuiIO& io = ImGui::GetIO();
    if (e->numTouches > 1 && (type == EMSCRIPTEN_EVENT_TOUCHSTART || type == EMSCRIPTEN_EVENT_TOUCHMOVE)) {
        t.active = false; // a pinch: no tap, no scroll
        return EM_FALSE;
    }
    const EM_BOOL handled = type == EMSCRIPTEN_EVENT_TOUCHSTART ? EM_FALSE : EM_TRUE;
    const EmscriptenTouchPoint* p = changed_touch(e, type == EMSCRIPTEN_EVENT_TOUCHSTART ? -1 : t.id);
    if (!p)
        return handled;
    const float x = float(p->targetX), y = float(p->targetY);
    switch (type) {
    case EMSCRIPTEN_EVENT_TOUCHSTART:
        if (t.active)
            break; // a second finger: ignore
        t = TouchState{true, false, p->identifier, x, y, x, y};
        break;
    case EMSCRIPTEN_EVENT_TOUCHMOVE: {
        if (!t.active)
            break;
        if (!t.dragging && std::hypot(x - t.start_x, y - t.start_y) > 10.0f)
            t.dragging = true;
        if (t.dragging) {
            io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
            io.AddMousePosEvent(x, y);
            io.AddMouseWheelEvent(0.0f, (y - t.last_y) / scroll_notch_px());
        }
        t.last_x = x;
        t.last_y = y;
        break;
    }
    case EMSCRIPTEN_EVENT_TOUCHEND: {
        const bool tap = t.active && !t.dragging;
        t.active = false;
        if (tap) {
            if (const Target* target = target_at(x, y)) {
                backend::activate_target(*target);
            } else {
                end_text_editing();
                io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
                io.AddMousePosEvent(x, y);
                io.AddMouseButtonEvent(0, true);
                io.AddMouseButtonEvent(0, false);
            }
        }
        io.AddMousePosEvent(-FLT_MAX, -FLT_MAX); // no hover left behind on a touch screen
        break;
    }
    case EMSCRIPTEN_EVENT_TOUCHCANCEL:
        t.active = false;
        io.AddMousePosEvent(-FLT_MAX, -FLT_MAX);
        break;
    }
    request_frame();
    return handled; // no synthesised mouse events after a tap, no browser scrolling of the canvas
}

// A key press waiting for the widget that acts on it: true once.
bool take_key(bool& pending) {
    const bool pressed = pending;
    pending = false;
    return pressed;
}

} // namespace

void backend::install_input_callbacks() {
    const char* canvas = "#canvas";
    emscripten_set_mousedown_callback(canvas, nullptr, EM_FALSE, on_mouse);
    emscripten_set_mouseup_callback(canvas, nullptr, EM_FALSE, on_mouse);
    emscripten_set_mousemove_callback(canvas, nullptr, EM_FALSE, on_mouse);
    emscripten_set_mouseleave_callback(canvas, nullptr, EM_FALSE, on_mouse);
    emscripten_set_wheel_callback(canvas, nullptr, EM_FALSE, on_wheel);
    emscripten_set_touchstart_callback(canvas, nullptr, EM_FALSE, on_touch);
    emscripten_set_touchmove_callback(canvas, nullptr, EM_FALSE, on_touch);
    emscripten_set_touchend_callback(canvas, nullptr, EM_FALSE, on_touch);
    emscripten_set_touchcancel_callback(canvas, nullptr, EM_FALSE, on_touch);
    emscripten_set_keydown_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_FALSE, on_key);
    emscripten_set_keyup_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_FALSE, on_key);
}

void backend::begin_frame_targets() { I().targets_next.clear(); }

void backend::end_frame_keys() {
    I().escape = false; // an Escape nothing on this page took must not close what opens later
    I().submit = false; // likewise an Enter on a page without a primary button
}

void backend::end_frame_targets() { I().targets.swap(I().targets_next); }

const Target* backend::target_by_id(unsigned id) {
    for (const Target& t : I().targets)
        if (t.id == id)
            return &t;
    return nullptr;
}

const Target* backend::target_by_widget(const std::string& widget_id) {
    for (const Target& t : I().targets)
        if (t.widget_id == widget_id)
            return &t;
    return nullptr;
}

void backend::activate_target(const Target& t) {
    if (t.is_file)
        pick_file(t);
    else
        begin_editing(t);
}

void text_target(unsigned id, const std::string& widget_id, float x, float y, float w, float h,
                 const TextFieldSpec& spec) {
    I().targets_next.push_back({id, widget_id, ImRect(x, y, x + w, y + h), false, spec, "", 0});
}

void file_target(unsigned id, const std::string& widget_id, float x, float y, float w, float h,
                 const std::string& accept, double max_bytes) {
    I().targets_next.push_back({id, widget_id, ImRect(x, y, x + w, y + h), true, {}, accept, max_bytes});
}

bool take_escape() { return take_key(I().escape); }
bool take_submit() { return take_key(I().submit); }

} // namespace platform

extern "C" {  // called from web/js/text_input.js

// Enter in a one-line field: the page's primary button acts on the next frame.
EMSCRIPTEN_KEEPALIVE void anl_on_submit() {
    platform::I().submit = true;
    platform::request_frame();
}

// A drag that started on the DOM input being edited: scroll as on the canvas.
EMSCRIPTEN_KEEPALIVE void anl_on_scroll_drag(float dy) {
    // ImGui scrolls the window under the mouse; over the DOM input the canvas has no mouse
    // position (it saw mouseleave), so point at the page for this wheel event only.
    ImGuiIO& io = ImGui::GetIO();
    const bool had_position = ImGui::IsMousePosValid();
    if (!had_position)
        io.AddMousePosEvent(io.DisplaySize.x / 2, io.DisplaySize.y / 2);
    io.AddMouseWheelEvent(0.0f, dy / platform::scroll_notch_px());
    if (!had_position)
        io.AddMousePosEvent(-FLT_MAX, -FLT_MAX);
    platform::request_frame();
}

} // extern "C"
