// Browser backend on emscripten/html5.h + Dear ImGui's OpenGL3 renderer. See platform.h.
//
// Why not the GLFW shim: it loses the first tap on touch screens, is blurry at DPR > 1, drops
// IME text and has no clipboard (TOOLCHAIN.md). Here, layout is in CSS pixels, the framebuffer in
// device pixels, fonts are rasterised at the device scale, and frames are drawn only on demand.
#include "platform/platform.h"

#include "core/wipe.h"

#include <emscripten.h>
#include <emscripten/html5.h>
#include <GLES3/gl3.h>

#include "imgui.h"
#include "imgui_impl_opengl3.h"
#include "imgui_internal.h"

#include <nlohmann/json.hpp>

#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

// ------------------------------------------------------------------ JS side (web/platform.js)
extern "C" {
void anl_js_init();
void anl_text_begin(unsigned id, float x, float y, float w, float h, const char* value, const char* spec_json);
void anl_text_move(float x, float y, float w, float h, int visible);
void anl_text_end();
void anl_file_pick(unsigned id, const char* accept, double max_bytes);
void anl_fetch(int request_id, const char* method, const char* url, const char* headers_json, const uint8_t* body,
               int body_len);
void anl_download(const char* name, const char* media_type, const uint8_t* data, int len);
void anl_clipboard_write(const char* text);
int anl_page_mode(char* out, int cap);
int anl_url_language(char* out, int cap);
int anl_url_flag(const char* name);
int anl_now_iso(char* out, int cap);
char* anl_storage_get(const char* key);  // malloc'ed, or null
void anl_storage_set(const char* key, const char* value);
int anl_today_ymd();
int anl_format_local_time(const char* iso, int with_time, char* out, int cap);
void anl_set_document_language(const char* lang, const char* dir);
void anl_add_browser_font(const char* family, int bold, const uint8_t* data, int len, int callback_id);
unsigned anl_text_image(const char* text, int bold, float size_px, float line_height_px, float wrap_px, int rtl,
                        float* out_size);
int anl_prefers_high_contrast();
void anl_set_page_theme(int high_contrast);
void anl_publish_widgets(const char* json, int frame_count);
void anl_first_frame_drawn();
void anl_show_failure();
void anl_after_paint(int callback_id);
void anl_fresh_start();
}

namespace platform {
namespace {

struct Target {
    unsigned id;
    std::string widget_id;      // the id the accessibility mirror knows it by
    ImRect rect;
    bool is_file;
    TextFieldSpec spec;
    std::string accept;
    double max_bytes;
};

struct TouchState {
    bool active = false;
    bool dragging = false;
    long id = -1;
    float start_x = 0, start_y = 0, last_x = 0, last_y = 0;
};

struct State {
    EMSCRIPTEN_WEBGL_CONTEXT_HANDLE gl = 0;
    FrameFn frame;
    bool frame_scheduled = false;
    int extra_frames = 0;
    int frame_count = 0;
    double css_w = 0, css_h = 0, dpr = 1;
    float font_dpr = 0;

    anl::Bytes font_regular, font_bold;
    struct ScriptFonts {
        anl::Bytes regular, bold;
    };
    std::map<std::string, ScriptFonts> script_fonts;   // merged into the base fonts
    float font_size = 22;
    float text_scale = 1;

    std::vector<Target> targets, targets_next;
    unsigned editing_id = 0;
    ImRect editing_rect;
    // The latest value of each text field as the DOM input reported it. dom_changed marks input
    // the UI has not taken yet, so an edit that ends before the next frame is not lost.
    struct TextSlot {
        std::string value;
        bool dom_changed = false;
    };
    std::map<unsigned, TextSlot> text_values;
    std::map<unsigned, PickedFile> picked;

    int next_request = 1;
    std::map<int, HttpCallback> requests;
    int next_callback = 1;
    std::map<int, std::function<void()>> after_paint;
    std::map<int, std::function<void(bool)>> font_ready;

    // Browser-drawn text images by text and style; an image not drawn for a while is deleted.
    struct CachedText {
        TextImage image;
        int last_frame = 0;
    };
    std::map<std::string, CachedText> text_images;

    TouchState touch;
    std::vector<WidgetRecord> widgets;
    std::string focus_id;              // widget whose mirror node has DOM focus
    std::string focus_request;         // widget whose mirror node should take DOM focus once drawn
    std::string scroll_to_id;          // bring this widget into view once
    std::vector<std::string> activations; // mirror clicks not yet taken by their widget
    bool escape = false;               // Escape pressed, not yet taken (cleared after one frame)
    bool submit = false;               // Enter in a text field, not yet taken (likewise)
    std::string last_widgets_json;
};

State& S() {
    static State s;
    return s;
}

void schedule_frame();

// Removes and returns the callback JS answers for `id` (empty when there is none: it already ran,
// or the id is not ours). Each reply from the browser runs its callback exactly once.
template <class Fn>
Fn take_callback(std::map<int, Fn>& pending, int id) {
    auto it = pending.find(id);
    if (it == pending.end())
        return Fn();
    Fn fn = std::move(it->second);
    pending.erase(it);
    return fn;
}

// How far ImGui scrolls per wheel notch, so a finger drag moves the page 1:1.
float scroll_notch_px() { return 5.0f * S().font_size * S().text_scale; }

const Target* target_by_widget(const std::string& widget_id) {
    for (const Target& t : S().targets)
        if (t.widget_id == widget_id)
            return &t;
    return nullptr;
}

std::string spec_json(const TextFieldSpec& s, const std::string& widget_id) {
    return nlohmann::json{{"widgetId", widget_id}, {"label", s.label},         {"type", s.type},
                          {"autocomplete", s.autocomplete}, {"inputmode", s.inputmode}, {"lang", s.lang},
                          {"dir", s.dir},             {"multiline", s.multiline}, {"maxLength", s.max_length},
                          {"fontPx", s.font_px}}
        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

const Target* target_at(float x, float y) {
    for (const Target& t : S().targets)
        if (t.rect.Contains(ImVec2(x, y)))
            return &t;
    return nullptr;
}

// ------------------------------------------------------------------ sizing and fonts
// Glyph ranges of the scripts whose fonts are merged into the Latin base fonts.
const ImWchar* script_ranges(const std::string& script) {
    static const ImWchar cyrillic[] = {0x0400, 0x052F, 0x1C80, 0x1C8F, 0x2DE0, 0x2DFF, 0xA640, 0xA69F, 0};
    static const ImWchar ethiopic[] = {0x1200, 0x139F, 0x2D80, 0x2DDF, 0xAB00, 0xAB2F, 0};
    static const ImWchar none[] = {0};
    // "names-*": the few letters of the language names; the same ranges, fewer glyphs in the file.
    if (script == "cyrillic" || script == "names-cyrillic") return cyrillic;
    if (script == "ethiopic" || script == "names-ethiopic") return ethiopic;
    return none;
}

void rebuild_fonts_if_needed() {
    State& s = S();
    if (s.font_regular.empty() || s.font_dpr == float(s.dpr))
        return;
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    ImFontConfig cfg;
    cfg.FontDataOwnedByAtlas = false;       // the bytes stay in State
    cfg.OversampleH = 1;                    // rasterised at device scale already
    cfg.PixelSnapH = true;
    static const ImWchar ranges[] = {0x0020, 0x024F, 0x0300, 0x036F, 0x1E00, 0x1EFF, 0x2000, 0x206F,
                                     0x20A0, 0x20CF, 0x2190, 0x21FF, 0xFFFD, 0xFFFD, 0};
    const float px = std::round(s.font_size * s.text_scale * float(s.dpr));
    auto add = [&](anl::Bytes& ttf, float size, bool bold) {
        cfg.MergeMode = false;
        io.Fonts->AddFontFromMemoryTTF(ttf.data(), int(ttf.size()), size, &cfg, ranges);
        cfg.MergeMode = true;
        for (auto& [script, fonts] : s.script_fonts) {
            anl::Bytes& merged = bold ? fonts.bold : fonts.regular;
            io.Fonts->AddFontFromMemoryTTF(merged.data(), int(merged.size()), size, &cfg, script_ranges(script));
        }
    };
    add(s.font_regular, px, false);       // 0: body
    add(s.font_bold, px * 1.4f, true);    // 1: headings
    add(s.font_bold, px, true);           // 2: labels
    cfg.MergeMode = false;
    io.FontGlobalScale = 1.0f / float(s.dpr);  // layout stays in CSS pixels
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
    s.font_dpr = float(s.dpr);
}

void update_canvas_size() {
    State& s = S();
    double w = 0, h = 0;
    emscripten_get_element_css_size("#canvas", &w, &h);
    const double dpr = emscripten_get_device_pixel_ratio();
    if (w != s.css_w || h != s.css_h || dpr != s.dpr) {
        s.css_w = w;
        s.css_h = h;
        s.dpr = dpr;
        emscripten_set_canvas_element_size("#canvas", int(std::lround(w * dpr)), int(std::lround(h * dpr)));
    }
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(float(w), float(h));
    io.DisplayFramebufferScale = ImVec2(float(dpr), float(dpr));
}

// ------------------------------------------------------------------ browser-drawn text
void delete_text_image(State::CachedText& t) {
    if (t.image.texture)
        glDeleteTextures(1, &t.image.texture);
    t.image.texture = 0;
}

// Images not drawn since `frame` (another page, another size) go; the GPU memory is the phone's.
void drop_unused_text_images(int frame) {
    State& s = S();
    for (auto it = s.text_images.begin(); it != s.text_images.end();) {
        if (it->second.last_frame < frame || it->second.last_frame < 0) {
            delete_text_image(it->second);
            it = s.text_images.erase(it);
        } else {
            ++it;
        }
    }
}

// ------------------------------------------------------------------ frames
// Rectangles to 0.1 CSS px: finer changes are not worth a new DOM update.
double tenth(float v) { return std::round(double(v) * 10.0) / 10.0; }

void publish_widgets() {
    State& s = S();
    nlohmann::json list = nlohmann::json::array();
    bool focus_sent = false;
    for (const WidgetRecord& w : s.widgets) {
        const bool take_focus = !s.focus_request.empty() && w.id == s.focus_request;
        focus_sent = focus_sent || take_focus;
        list.push_back({{"id", w.id}, {"role", w.role}, {"label", w.label}, {"value", w.value},
                        {"description", w.description}, {"x", tenth(w.x)}, {"y", tenth(w.y)}, {"w", tenth(w.w)},
                        {"h", tenth(w.h)}, {"level", w.level}, {"disabled", w.disabled}, {"invalid", w.invalid},
                        {"required", w.required}, {"autofocus", w.autofocus}, {"lang", w.lang},
                        {"current", w.current}, {"expanded", w.expanded}, {"checked", w.checked},
                        {"parent", w.parent}, {"focus", take_focus}});
    }
    if (focus_sent)
        s.focus_request.clear();
    std::string json = list.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (json != s.last_widgets_json) {
        s.last_widgets_json = std::move(json);
        anl_publish_widgets(s.last_widgets_json.c_str(), s.frame_count);
    } else {
        anl_publish_widgets(nullptr, s.frame_count); // only the frame counter moves
    }
}

void follow_editing_field() {
    State& s = S();
    if (!s.editing_id)
        return;
    for (const Target& t : s.targets) {
        if (t.id == s.editing_id) {
            if (t.rect.Min.x != s.editing_rect.Min.x || t.rect.Min.y != s.editing_rect.Min.y ||
                t.rect.GetWidth() != s.editing_rect.GetWidth() || t.rect.GetHeight() != s.editing_rect.GetHeight()) {
                s.editing_rect = t.rect;
                const bool visible = t.rect.Max.y > 0 && t.rect.Min.y < float(s.css_h);
                anl_text_move(t.rect.Min.x, t.rect.Min.y, t.rect.GetWidth(), t.rect.GetHeight(), visible);
            }
            return;
        }
    }
    end_text_editing(); // the field is gone (screen changed)
}

void render_frame() {
    State& s = S();
    update_canvas_size();
    rebuild_fonts_if_needed();
    if (s.font_dpr == 0)
        return; // fonts not loaded yet: nothing sensible to draw

    ImGui_ImplOpenGL3_NewFrame();
    ImGui::NewFrame();
    s.targets_next.clear();
    s.widgets.clear();
    s.frame();
    s.escape = false; // an Escape nothing on this page took must not close what opens later
    s.submit = false; // likewise an Enter on a page without a primary button
    ImGui::Render();

    emscripten_webgl_make_context_current(s.gl);
    glViewport(0, 0, int(std::lround(s.css_w * s.dpr)), int(std::lround(s.css_h * s.dpr)));
    glClearColor(1, 1, 1, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

    s.targets.swap(s.targets_next);
    drop_unused_text_images(s.frame_count - 30);
    if (s.frame_count++ == 0)
        anl_first_frame_drawn();
    follow_editing_field();
    publish_widgets();
}

EM_BOOL on_animation_frame(double, void*) {
    State& s = S();
    s.frame_scheduled = false;
    render_frame();
    // Keep drawing while ImGui still has queued input (it trickles a press and a release over two
    // frames) or while layout settles; then stop: an idle page draws nothing.
    const bool input_pending = GImGui->InputEventsQueue.Size > 0;
    if (input_pending || s.extra_frames-- > 0)
        schedule_frame();
    return EM_FALSE;
}

void schedule_frame() {
    State& s = S();
    if (!s.frame_scheduled) {
        s.frame_scheduled = true;
        emscripten_request_animation_frame(on_animation_frame, nullptr);
    }
}

// ------------------------------------------------------------------ input
// Starts the action of a gesture target; runs inside the browser's own event handler.
void activate_target(const Target& t) {
    if (t.is_file) {
        anl_file_pick(t.id, t.accept.c_str(), t.max_bytes);
        return;
    }
    State& s = S();
    const std::string& value = s.text_values[t.id].value;
    s.editing_id = t.id;
    s.editing_rect = t.rect;
    anl_text_begin(t.id, t.rect.Min.x, t.rect.Min.y, t.rect.GetWidth(), t.rect.GetHeight(), value.c_str(),
                   spec_json(t.spec, t.widget_id).c_str());
}

// Keyboard focus lives in the DOM (the accessibility mirror and the text overlay), so Tab, Enter
// and Space get the browser's own behaviour. With nothing focused, arrows and page keys scroll.
EM_BOOL on_key(int type, const EmscriptenKeyboardEvent* e, void*) {
    State& s = S();
    // Escape inside a text field only leaves the field (web/platform.js stops it there).
    if (type == EMSCRIPTEN_EVENT_KEYDOWN && strcmp(e->key, "Escape") == 0 && !s.editing_id) {
        s.escape = true;
        request_frame();
        return EM_FALSE;
    }
    if (s.editing_id || !s.focus_id.empty() || type != EMSCRIPTEN_EVENT_KEYDOWN || e->ctrlKey || e->altKey || e->metaKey)
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
        if (!t || t->id != S().editing_id)
            end_text_editing();
    }
    if (type == EMSCRIPTEN_EVENT_MOUSEDOWN && e->button < 3)
        io.AddMouseButtonEvent(e->button == 1 ? 2 : e->button == 2 ? 1 : 0, true);
    if (type == EMSCRIPTEN_EVENT_MOUSEUP && e->button < 3) {
        io.AddMouseButtonEvent(e->button == 1 ? 2 : e->button == 2 ? 1 : 0, false);
        if (e->button == 0)
            if (const Target* t = target_at(x, y))
                activate_target(*t);
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
EM_BOOL on_touch(int type, const EmscriptenTouchEvent* e, void*) {
    State& s = S();
    TouchState& t = s.touch;
    ImGuiIO& io = ImGui::GetIO();
    const EmscriptenTouchPoint* p = changed_touch(e, type == EMSCRIPTEN_EVENT_TOUCHSTART ? -1 : t.id);
    if (!p)
        return EM_TRUE;
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
                activate_target(*target);
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
    return EM_TRUE; // no synthesised mouse events, no browser scrolling of the canvas
}

EM_BOOL on_resize(int, const EmscriptenUiEvent*, void*) {
    request_frame();
    return EM_FALSE;
}

const char* clipboard_get(void*) { return ""; }
void clipboard_set(void*, const char* text) { anl_clipboard_write(text); }

std::string js_string(int (*fn)(char*, int)) {
    char buf[256];
    const int n = fn(buf, sizeof buf);
    return std::string(buf, size_t(n > 0 ? n : 0));
}

} // namespace

// ------------------------------------------------------------------ public API
bool start(FrameFn frame) {
    State& s = S();
    s.frame = std::move(frame);
    anl_js_init();

    EmscriptenWebGLContextAttributes attrs;
    emscripten_webgl_init_context_attributes(&attrs);
    attrs.majorVersion = 2;
    attrs.alpha = EM_FALSE;
    attrs.antialias = EM_FALSE;   // ImGui antialiases its own shapes
    attrs.depth = EM_FALSE;
    attrs.stencil = EM_FALSE;
    s.gl = emscripten_webgl_create_context("#canvas", &attrs);
    if (s.gl <= 0)
        return false;
    emscripten_webgl_make_context_current(s.gl);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;     // nothing about the session is written to browser storage
    io.LogFilename = nullptr;
    io.BackendPlatformName = "anlaufstelle_html5";
    io.SetClipboardTextFn = clipboard_set;
    io.GetClipboardTextFn = clipboard_get;
    ImGui_ImplOpenGL3_Init("#version 300 es");

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
    emscripten_set_resize_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_FALSE, on_resize);
    request_frame();
    return true;
}

void request_frame() {
    S().extra_frames = 2;
    schedule_frame();
}

void set_fonts(anl::Bytes regular, anl::Bytes bold, float size_css_px) {
    State& s = S();
    s.font_regular = std::move(regular);
    s.font_bold = std::move(bold);
    s.font_size = size_css_px;
    s.font_dpr = 0;
    request_frame();
}

void add_browser_font(const std::string& family, bool bold, const anl::Bytes& ttf, std::function<void(bool)> done) {
    State& s = S();
    const int id = s.next_callback++;
    s.font_ready[id] = std::move(done);
    anl_add_browser_font(family.c_str(), bold ? 1 : 0, ttf.data(), int(ttf.size()), id);
}

TextImage browser_text(const std::string& utf8, const TextStyle& style) {
    State& s = S();
    const float dpr = float(s.dpr);
    // Device pixels, rounded: the image is drawn 1:1 on the framebuffer, so it stays sharp.
    const float size = std::round(style.size * dpr);
    const float line_height = std::round(style.line_height * dpr);
    const float wrap = std::floor(style.wrap * dpr);
    char key_head[96];
    std::snprintf(key_head, sizeof key_head, "%d|%g|%g|%g|%d|", style.bold ? 1 : 0, double(size),
                  double(line_height), double(wrap), style.rtl ? 1 : 0);
    const std::string key = key_head + utf8;
    auto it = s.text_images.find(key);
    if (it == s.text_images.end()) {
        float out[2] = {0, 0};
        State::CachedText t;
        t.image.texture = anl_text_image(utf8.c_str(), style.bold ? 1 : 0, size, line_height, wrap, style.rtl ? 1 : 0, out);
        t.image.w = out[0] / dpr;
        t.image.h = out[1] / dpr;
        it = s.text_images.emplace(key, t).first;
    }
    it->second.last_frame = s.frame_count;
    return it->second.image;
}

void add_script_fonts(const std::string& script, anl::Bytes regular, anl::Bytes bold) {
    State& s = S();
    s.script_fonts[script] = {std::move(regular), std::move(bold)};
    s.font_dpr = 0;
    request_frame();
}

bool has_script_fonts(const std::string& script) { return S().script_fonts.count(script) != 0; }

void set_text_scale(float scale) {
    State& s = S();
    scale = std::min(2.0f, std::max(1.0f, scale));
    if (scale == s.text_scale)
        return;
    s.text_scale = scale;
    s.font_dpr = 0; // rasterise again at the new size: text stays sharp
    request_frame();
}

float text_scale() { return S().text_scale; }

std::string page_mode() { return js_string(anl_page_mode); }
std::string url_language() { return js_string(anl_url_language); }
std::string now_iso() { return js_string(anl_now_iso); }
bool url_flag(const std::string& name) { return anl_url_flag(name.c_str()) != 0; }

std::string stored(const std::string& key) {
    char* p = anl_storage_get(key.c_str());
    if (!p)
        return "";
    std::string value(p);
    std::free(p);
    return value;
}
void store(const std::string& key, const std::string& value) { anl_storage_set(key.c_str(), value.c_str()); }
void unstore(const std::string& key) { anl_storage_set(key.c_str(), nullptr); }
int today_ymd() { return anl_today_ymd(); }

std::string format_local_time(const std::string& iso_utc) {
    char buf[128];
    const int n = anl_format_local_time(iso_utc.c_str(), 1, buf, sizeof buf);
    return std::string(buf, size_t(n > 0 ? n : 0));
}

std::string format_local_date(const std::string& iso_utc) {
    char buf[128];
    const int n = anl_format_local_time(iso_utc.c_str(), 0, buf, sizeof buf);
    return std::string(buf, size_t(n > 0 ? n : 0));
}

bool prefers_high_contrast() { return anl_prefers_high_contrast() != 0; }

void set_page_theme(bool high_contrast) {
    static int current = -1;
    if (current == int(high_contrast))
        return;
    current = int(high_contrast);
    anl_set_page_theme(current);
}

void set_document_language(const std::string& lang, const std::string& dir) {
    anl_set_document_language(lang.c_str(), dir.c_str());
}

void text_target(unsigned id, const std::string& widget_id, float x, float y, float w, float h,
                 const TextFieldSpec& spec) {
    S().targets_next.push_back({id, widget_id, ImRect(x, y, x + w, y + h), false, spec, "", 0});
}

void file_target(unsigned id, const std::string& widget_id, float x, float y, float w, float h,
                 const std::string& accept, double max_bytes) {
    S().targets_next.push_back({id, widget_id, ImRect(x, y, x + w, y + h), true, {}, accept, max_bytes});
}

bool take_activation(const std::string& widget_id) {
    auto& list = S().activations;
    for (auto it = list.begin(); it != list.end(); ++it)
        if (*it == widget_id) {
            list.erase(it);
            return true;
        }
    return false;
}

bool has_focus(const std::string& widget_id) { return S().focus_id == widget_id; }

// A key press waiting for the widget that acts on it: true once.
bool take_key(bool& pending) {
    const bool pressed = pending;
    pending = false;
    return pressed;
}

bool take_escape() { return take_key(S().escape); }
bool take_submit() { return take_key(S().submit); }
void focus_widget(const std::string& widget_id) {
    S().focus_request = widget_id;
    request_frame();
}

void scroll_into_view(const std::string& widget_id) {
    S().scroll_to_id = widget_id;
    request_frame();
}

bool take_scroll_request(const std::string& widget_id) {
    State& s = S();
    if (s.scroll_to_id != widget_id)
        return false;
    s.scroll_to_id.clear();
    return true;
}

bool text_editing(unsigned id) { return S().editing_id == id; }

bool sync_text(unsigned id, std::string& value) {
    State::TextSlot& slot = S().text_values[id];
    if (slot.dom_changed) {
        slot.dom_changed = false;
        value = slot.value; // typed (or autofilled) since the last frame
        return true;
    }
    if (slot.value != value)
        slot.value = value; // the program changed it (e.g. a reset)
    return false;
}

void forget_text_fields() {
    State& s = S();
    end_text_editing();
    for (auto& [id, slot] : s.text_values)
        anl::wipe(slot.value);
    s.text_values.clear();
    for (auto& [key, text] : s.text_images) // images of typed text (an Arabic name) go at frame end
        text.last_frame = -1;
    s.last_widgets_json.assign(s.last_widgets_json.size(), ' ');
}

void end_text_editing() {
    State& s = S();
    if (!s.editing_id)
        return;
    s.editing_id = 0;
    anl_text_end();
    request_frame();
}

bool take_picked_file(unsigned id, PickedFile& out, double max_bytes) {
    State& s = S();
    auto it = s.picked.find(id);
    if (it == s.picked.end())
        return false;
    out = std::move(it->second);
    s.picked.erase(it);
    if (out.size > max_bytes) {
        out.too_large = true;
        out.data.clear();
    }
    return true;
}

void http(const std::string& method, const std::string& url, const std::map<std::string, std::string>& headers,
          const anl::Bytes& body, HttpCallback done) {
    State& s = S();
    const int id = s.next_request++;
    s.requests[id] = std::move(done);
    const std::string h = nlohmann::json(headers).dump();
    anl_fetch(id, method.c_str(), url.c_str(), h.c_str(), body.data(), int(body.size()));
}

void download(const std::string& file_name, const std::string& media_type, const anl::Bytes& data) {
    anl_download(file_name.c_str(), media_type.c_str(), data.data(), int(data.size()));
}

void copy_to_clipboard(const std::string& text) { anl_clipboard_write(text.c_str()); }

void after_paint(std::function<void()> fn) {
    State& s = S();
    const int id = s.next_callback++;
    s.after_paint[id] = std::move(fn);
    anl_after_paint(id);
}

void record_widget(const WidgetRecord& w) { S().widgets.push_back(w); }

void show_startup_failure() { anl_show_failure(); }
void fresh_start() { anl_fresh_start(); }

} // namespace platform

// ------------------------------------------------------------------ called from web/platform.js
extern "C" {

EMSCRIPTEN_KEEPALIVE void anl_on_text_input(unsigned id, const char* value) {
    platform::State& s = platform::S();
    if (s.editing_id != id)
        return;
    platform::State::TextSlot& slot = s.text_values[id];
    anl::wipe(slot.value); // the old text's buffer may not be the one the new text lands in
    slot.value = value;
    slot.dom_changed = true;
    platform::request_frame();
}

EMSCRIPTEN_KEEPALIVE void anl_on_text_end(unsigned id) {
    platform::State& s = platform::S();
    if (s.editing_id == id)
        s.editing_id = 0;
    platform::request_frame();
}

// A DOM action on the accessibility mirror (web/platform.js), routed to the widget it mirrors.
// Runs inside the browser's event handler, so a click can still open a file picker or a phone
// keyboard. action: 0 focus, 1 click (also Enter/Space on a button), 2 blur.
EMSCRIPTEN_KEEPALIVE void anl_mirror_action(const char* widget_id, int action) {
    platform::State& s = platform::S();
    const platform::Target* target = platform::target_by_widget(widget_id);
    if (action == 0) {
        s.focus_id = widget_id;
        s.scroll_to_id = widget_id;
        if (target && !target->is_file)
            platform::activate_target(*target); // focusing a field starts editing it
    } else if (action == 1) {
        if (target)
            platform::activate_target(*target);
        else
            s.activations.push_back(widget_id);
    } else if (action == 2 && s.focus_id == widget_id) {
        s.focus_id.clear();
    }
    platform::request_frame();
}

EMSCRIPTEN_KEEPALIVE void anl_on_file_picked(unsigned id, const char* name, const char* type, double size,
                                             uint8_t* data, int len) {
    platform::PickedFile f;
    f.name = name;
    f.media_type = type;
    f.size = size;
    if (data)
        f.data.assign(data, data + len);
    platform::S().picked[id] = std::move(f);
    platform::request_frame();
}

EMSCRIPTEN_KEEPALIVE void anl_on_fetch_done(int request_id, int status, uint8_t* body, int len, int retry_after) {
    platform::HttpCallback cb = platform::take_callback(platform::S().requests, request_id);
    if (!cb)
        return;
    platform::HttpResponse r;
    r.status = status;
    r.retry_after = retry_after;
    if (body)
        r.body.assign(body, body + len);
    // A hostile or broken reply must not leave a screen stuck half-way: screens treat it as an
    // error status (they check every field), and anything that still throws lands here.
    try {
        cb(r);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "response handler failed: %s\n", e.what());
        platform::HttpResponse failed;
        failed.status = 0;
        try { cb(failed); } catch (...) {}
    }
    platform::request_frame();
}

EMSCRIPTEN_KEEPALIVE void anl_on_after_paint(int callback_id) {
    if (auto fn = platform::take_callback(platform::S().after_paint, callback_id)) {
        fn();
        platform::request_frame();
    }
}

EMSCRIPTEN_KEEPALIVE void anl_on_font_ready(int callback_id, int ok) {
    if (auto fn = platform::take_callback(platform::S().font_ready, callback_id)) {
        fn(ok != 0);
        platform::request_frame();
    }
}

EMSCRIPTEN_KEEPALIVE void anl_on_resize() { platform::request_frame(); }

// Enter in a one-line field (web/platform.js): the page's primary button acts on the next frame.
EMSCRIPTEN_KEEPALIVE void anl_on_submit() {
    platform::S().submit = true;
    platform::request_frame();
}

// A drag that started on the DOM input being edited (web/platform.js): scroll as on the canvas.
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
