// The render loop on emscripten/html5.h + Dear ImGui's OpenGL3 renderer. See loop.h.
//
// Why not the GLFW shim: it loses the first tap on touch screens, is blurry at DPR > 1, drops
// IME text and has no clipboard (TOOLCHAIN.md). Here, layout is in CSS pixels, the framebuffer in
// device pixels, fonts are rasterised at the device scale, and frames are drawn only on demand.
#include "platform/loop.h"

#include "platform/backend.h"
#include "platform/io.h"

#include <emscripten.h>
#include <emscripten/html5.h>
#include <GLES3/gl3.h>

#include "imgui_impl_opengl3.h"

#include <cmath>

extern "C" {  // web/js/loop.js
void anl_js_init();
void anl_first_frame_drawn();
void anl_show_failure();
void anl_after_paint(int callback_id);
void anl_after_seconds(int callback_id, double seconds);
double anl_idle_seconds();
void anl_fresh_start();
}

namespace platform {
namespace {

struct Loop {
    EMSCRIPTEN_WEBGL_CONTEXT_HANDLE gl = 0;
    FrameFn frame;
    bool frame_scheduled = false;
    int extra_frames = 0;
    int frame_count = 0;
    double css_w = 0, css_h = 0, dpr = 1;
    backend::Pending<std::function<void()>> after_paint;
    backend::Pending<std::function<void()>> timers;
};

Loop& L() {
    static Loop l;
    return l;
}

void schedule_frame();

void update_canvas_size() {
    Loop& l = L();
    double w = 0, h = 0;
    emscripten_get_element_css_size("#canvas", &w, &h);
    const double dpr = emscripten_get_device_pixel_ratio();
    if (w != l.css_w || h != l.css_h || dpr != l.dpr) {
        l.css_w = w;
        l.css_h = h;
        l.dpr = dpr;
        emscripten_set_canvas_element_size("#canvas", int(std::lround(w * dpr)), int(std::lround(h * dpr)));
    }
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(float(w), float(h));
    io.DisplayFramebufferScale = ImVec2(float(dpr), float(dpr));
}

void render_frame() {
    Loop& l = L();
    update_canvas_size();
    backend::rebuild_fonts_if_needed();
    if (!backend::fonts_ready())
        return; // fonts not loaded yet: nothing sensible to draw

    ImGui_ImplOpenGL3_NewFrame();
    ImGui::NewFrame();
    backend::begin_frame_targets();
    backend::begin_frame_widgets();
    l.frame();
    backend::end_frame_keys();
    ImGui::Render();

    emscripten_webgl_make_context_current(l.gl);
    glViewport(0, 0, int(std::lround(l.css_w * l.dpr)), int(std::lround(l.css_h * l.dpr)));
    glClearColor(1, 1, 1, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

    backend::end_frame_targets();
    backend::drop_unused_text_images(l.frame_count - 30);
    if (l.frame_count++ == 0)
        anl_first_frame_drawn();
    backend::follow_editing_field();
    backend::publish_widgets();
}

EM_BOOL on_animation_frame(double, void*) {
    Loop& l = L();
    l.frame_scheduled = false;
    render_frame();
    // Keep drawing while ImGui still has queued input (it trickles a press and a release over two
    // frames) or while layout settles; then stop: an idle page draws nothing.
    const bool input_pending = GImGui->InputEventsQueue.Size > 0;
    if (input_pending || l.extra_frames-- > 0)
        schedule_frame();
    return EM_FALSE;
}

void schedule_frame() {
    Loop& l = L();
    if (!l.frame_scheduled) {
        l.frame_scheduled = true;
        emscripten_request_animation_frame(on_animation_frame, nullptr);
    }
}

EM_BOOL on_resize(int, const EmscriptenUiEvent*, void*) {
    request_frame();
    return EM_FALSE;
}

const char* clipboard_get(void*) { return ""; }
void clipboard_set(void*, const char* text) { copy_to_clipboard(text); }

} // namespace

int backend::frame_count() { return L().frame_count; }
double backend::device_pixel_ratio() { return L().dpr; }
double backend::css_height() { return L().css_h; }

bool start(FrameFn frame) {
    Loop& l = L();
    l.frame = std::move(frame);
    anl_js_init();

    EmscriptenWebGLContextAttributes attrs;
    emscripten_webgl_init_context_attributes(&attrs);
    attrs.majorVersion = 2;
    attrs.alpha = EM_FALSE;
    attrs.antialias = EM_FALSE;   // ImGui antialiases its own shapes
    attrs.depth = EM_FALSE;
    attrs.stencil = EM_FALSE;
    l.gl = emscripten_webgl_create_context("#canvas", &attrs);
    if (l.gl <= 0)
        return false;
    emscripten_webgl_make_context_current(l.gl);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;     // nothing about the session is written to browser storage
    io.LogFilename = nullptr;
    io.BackendPlatformName = "anlaufstelle_html5";
    io.SetClipboardTextFn = clipboard_set;
    io.GetClipboardTextFn = clipboard_get;
    ImGui_ImplOpenGL3_Init("#version 300 es");

    backend::install_input_callbacks();
    emscripten_set_resize_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_FALSE, on_resize);
    request_frame();
    return true;
}

void request_frame() {
    L().extra_frames = 2;
    schedule_frame();
}

void after_paint(std::function<void()> fn) { anl_after_paint(L().after_paint.add(std::move(fn))); }

void after_seconds(double seconds, std::function<void()> fn) {
    anl_after_seconds(L().timers.add(std::move(fn)), seconds);
}

double idle_seconds() { return anl_idle_seconds(); }

void show_startup_failure() { anl_show_failure(); }
void fresh_start() { anl_fresh_start(); }

} // namespace platform

extern "C" {  // called from web/js/loop.js

EMSCRIPTEN_KEEPALIVE void anl_on_after_paint(int callback_id) {
    if (auto fn = platform::L().after_paint.take(callback_id)) {
        fn();
        platform::request_frame();
    }
}

EMSCRIPTEN_KEEPALIVE void anl_on_timer(int callback_id) {
    if (auto fn = platform::L().timers.take(callback_id)) {
        fn();
        platform::request_frame();
    }
}

// Zoom and rotation change devicePixelRatio without always firing 'resize'.
EMSCRIPTEN_KEEPALIVE void anl_on_resize() { platform::request_frame(); }

} // extern "C"
