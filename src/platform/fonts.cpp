// Dear ImGui's font atlas, fonts given to the browser, browser-drawn text, and the script table
// (spec/scripts.json, generated into platform/scripts_table.h). See fonts.h.
#include "platform/fonts.h"

#include "platform/backend.h"
#include "platform/loop.h"
#include "platform/scripts_table.h"

#include <emscripten.h>
#include <GLES3/gl3.h>

#include "imgui_impl_opengl3.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <type_traits>

extern "C" {  // web/js/fonts.js
void anl_add_browser_font(const char* family, int bold, const uint8_t* data, int len, int callback_id);
unsigned anl_text_image(const char* text, int bold, float size_px, float line_height_px, float wrap_px, int rtl,
                        float* out_size);
}

namespace platform {
namespace {

static_assert(std::is_same_v<ImWchar, unsigned short>, "scripts_table.h writes ranges as 16-bit ImWchar");

struct Fonts {
    float font_dpr = 0;             // the DPR the atlas was rasterised for; 0: build it again
    anl::Bytes font_regular, font_bold;
    struct ScriptFonts {
        anl::Bytes regular, bold;
    };
    std::map<std::string, ScriptFonts> script_fonts;   // merged into the base fonts
    float font_size = 22;
    float text_scale = 1;
    backend::Pending<std::function<void(bool)>> font_ready;

    // Browser-drawn text images by text and style; an image not drawn for a while is deleted.
    struct CachedText {
        TextImage image;
        int last_frame = 0;
    };
    std::map<std::string, CachedText> text_images;
};

Fonts& F() {
    static Fonts f;
    return f;
}

const scripts::Script* find_script(const std::string& name) {
    for (const scripts::Script& s : scripts::kScripts)
        if (name == s.name)
            return &s;
    return nullptr;
}

const scripts::Script& base_script() {
    for (const scripts::Script& s : scripts::kScripts)
        if (s.base)
            return s;
    return scripts::kScripts[0];
}

// Glyph ranges of a script whose fonts are merged into the Latin base fonts.
const ImWchar* script_ranges(const std::string& script) {
    static const ImWchar none[] = {0};
    const scripts::Script* s = find_script(script);
    return s ? s->atlas_ranges : none;
}

void delete_text_image(Fonts::CachedText& t) {
    if (t.image.texture)
        glDeleteTextures(1, &t.image.texture);
    t.image.texture = 0;
}

} // namespace

// ------------------------------------------------------------------ the atlas
bool backend::fonts_ready() { return F().font_dpr != 0; }

float backend::body_font_px() { return F().font_size * F().text_scale; }

void backend::rebuild_fonts_if_needed() {
    Fonts& f = F();
    const float dpr = float(device_pixel_ratio());
    if (f.font_regular.empty() || f.font_dpr == dpr)
        return;
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    ImFontConfig cfg;
    cfg.FontDataOwnedByAtlas = false;       // the bytes stay in Fonts
    cfg.OversampleH = 1;                    // rasterised at device scale already
    cfg.PixelSnapH = true;
    const ImWchar* ranges = base_script().atlas_ranges;
    const float px = std::round(f.font_size * f.text_scale * dpr);
    auto add = [&](anl::Bytes& ttf, float size, bool bold) {
        cfg.MergeMode = false;
        io.Fonts->AddFontFromMemoryTTF(ttf.data(), int(ttf.size()), size, &cfg, ranges);
        cfg.MergeMode = true;
        for (auto& [script, fonts] : f.script_fonts) {
            anl::Bytes& merged = bold ? fonts.bold : fonts.regular;
            io.Fonts->AddFontFromMemoryTTF(merged.data(), int(merged.size()), size, &cfg, script_ranges(script));
        }
    };
    add(f.font_regular, px, false);       // 0: body
    add(f.font_bold, px * 1.4f, true);    // 1: headings
    add(f.font_bold, px, true);           // 2: labels
    cfg.MergeMode = false;
    io.FontGlobalScale = 1.0f / dpr;      // layout stays in CSS pixels
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
    f.font_dpr = dpr;
}

void set_fonts(anl::Bytes regular, anl::Bytes bold, float size_css_px) {
    Fonts& f = F();
    f.font_regular = std::move(regular);
    f.font_bold = std::move(bold);
    f.font_size = size_css_px;
    f.font_dpr = 0;
    request_frame();
}

void add_script_fonts(const std::string& script, anl::Bytes regular, anl::Bytes bold) {
    Fonts& f = F();
    f.script_fonts[script] = {std::move(regular), std::move(bold)};
    f.font_dpr = 0;
    request_frame();
}

bool has_script_fonts(const std::string& script) { return F().script_fonts.count(script) != 0; }

void set_text_scale(float scale) {
    Fonts& f = F();
    scale = std::min(2.0f, std::max(1.0f, scale));
    if (scale == f.text_scale)
        return;
    f.text_scale = scale;
    f.font_dpr = 0; // rasterise again at the new size: text stays sharp
    request_frame();
}

float text_scale() { return F().text_scale; }

// ------------------------------------------------------------------ the script table
bool script_supported(const std::string& script) {
    const scripts::Script* s = find_script(script);
    return s && s->whole;
}

bool script_drawn_by_browser(const std::string& script) {
    const scripts::Script* s = find_script(script);
    return s && s->browser;
}

bool script_font_urls(const std::string& script, std::string& regular, std::string& bold) {
    const scripts::Script* s = find_script(script);
    if (!s || s->base)
        return false;
    regular = s->regular;
    bold = s->bold;
    return true;
}

std::string script_browser_family(const std::string& script) {
    const scripts::Script* s = find_script(script);
    return s ? s->browser_family : "";
}

std::string base_font_url(bool bold) { return bold ? base_script().bold : base_script().regular; }
std::string base_font_family() { return base_script().browser_family; }

std::vector<std::string> preloaded_scripts(bool every_script) {
    std::vector<std::string> out;
    for (const scripts::Script& s : scripts::kScripts)
        if (!s.base && s.whole == every_script)
            out.push_back(s.name);
    return out;
}

// ------------------------------------------------------------------ browser fonts and text
void add_browser_font(const std::string& family, bool bold, const anl::Bytes& ttf, std::function<void(bool)> done) {
    const int id = F().font_ready.add(std::move(done));
    anl_add_browser_font(family.c_str(), bold ? 1 : 0, ttf.data(), int(ttf.size()), id);
}

TextImage browser_text(const std::string& utf8, const TextStyle& style) {
    Fonts& f = F();
    const float dpr = float(backend::device_pixel_ratio());
    // Device pixels, rounded: the image is drawn 1:1 on the framebuffer, so it stays sharp.
    const float size = std::round(style.size * dpr);
    const float line_height = std::round(style.line_height * dpr);
    const float wrap = std::floor(style.wrap * dpr);
    char key_head[96];
    std::snprintf(key_head, sizeof key_head, "%d|%g|%g|%g|%d|", style.bold ? 1 : 0, double(size),
                  double(line_height), double(wrap), style.rtl ? 1 : 0);
    const std::string key = key_head + utf8;
    auto it = f.text_images.find(key);
    if (it == f.text_images.end()) {
        float out[2] = {0, 0};
        Fonts::CachedText t;
        t.image.texture = anl_text_image(utf8.c_str(), style.bold ? 1 : 0, size, line_height, wrap, style.rtl ? 1 : 0, out);
        t.image.w = out[0] / dpr;
        t.image.h = out[1] / dpr;
        it = f.text_images.emplace(key, t).first;
    }
    it->second.last_frame = backend::frame_count();
    return it->second.image;
}

// Images not drawn since `before_frame` (another page, another size) go; the GPU memory is the
// phone's.
void backend::drop_unused_text_images(int before_frame) {
    Fonts& f = F();
    for (auto it = f.text_images.begin(); it != f.text_images.end();) {
        if (it->second.last_frame < before_frame || it->second.last_frame < 0) {
            delete_text_image(it->second);
            it = f.text_images.erase(it);
        } else {
            ++it;
        }
    }
}

void backend::forget_text_images() {
    for (auto& [key, text] : F().text_images)
        text.last_frame = -1;
}

} // namespace platform

extern "C" {  // called from web/js/fonts.js

EMSCRIPTEN_KEEPALIVE void anl_on_font_ready(int callback_id, int ok) {
    if (auto fn = platform::F().font_ready.take(callback_id)) {
        fn(ok != 0);
        platform::request_frame();
    }
}

} // extern "C"
