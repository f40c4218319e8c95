#include "ui/text.h"

#include "core/text_direction.h"
#include "platform/platform.h"

#include <cmath>
#include <cstdint>

namespace ui {
namespace {

bool g_rtl = false;

// Dear ImGui sizes a font by its line height (ascent + descent), CSS by its em. Noto Sans has an
// ascent of 1.069 em and a descent of 0.293 em (hhea), so ImGui's "22 px" is a 16.2 px em: the
// browser draws at that em, and Arabic text matches the size of the Latin text around it.
constexpr float kEmPerLineHeight = 1000.0f / (1069.0f + 293.0f);
// Arabic needs room for marks above and below (Noto Sans Arabic spans 2.1 em): browser-drawn
// lines are 1.5 ImGui lines (2.04 em) tall.
constexpr float kBrowserLineHeight = 1.5f;

bool drawn_by_browser(const std::string& text) { return g_rtl || anl::has_rtl_script(text); }

// The browser's image of `text` at the current font size (push the face first).
platform::TextImage browser_image(Face face, const std::string& text, float wrap) {
    platform::TextStyle style;
    style.bold = face != Face::Body;
    style.size = ImGui::GetFontSize() * kEmPerLineHeight;
    style.line_height = ImGui::GetFontSize() * kBrowserLineHeight;
    style.wrap = wrap;
    style.rtl = anl::starts_rtl(text, g_rtl);
    return platform::browser_text(text, style);
}

// Device-pixel grid: an image drawn between pixels would be resampled and blur.
float snap(float v) {
    const float dpr = ImGui::GetIO().DisplayFramebufferScale.x;
    return std::round(v * dpr) / dpr;
}

} // namespace

void set_rtl(bool rtl) { g_rtl = rtl; }
bool rtl() { return g_rtl; }

ImFont* imgui_font(Face face) {
    // The atlas order is set by platform::rebuild_fonts_if_needed: body, heading, bold.
    return ImGui::GetIO().Fonts->Fonts[face == Face::Body ? 0 : face == Face::Heading ? 1 : 2];
}

float css_font_px(Face face) {
    ImGui::PushFont(imgui_font(face));
    const float px = ImGui::GetFontSize() * kEmPerLineHeight;
    ImGui::PopFont();
    return px;
}

ImVec2 text_size(Face face, const std::string& text, float wrap) {
    ImGui::PushFont(imgui_font(face));
    ImVec2 size;
    if (drawn_by_browser(text)) {
        const platform::TextImage image = browser_image(face, text, wrap);
        size = ImVec2(image.w, image.h);
    } else {
        size = ImGui::CalcTextSize(text.c_str(), text.c_str() + text.size(), false, wrap > 0 ? wrap : -1.0f);
    }
    ImGui::PopFont();
    return size;
}

ImVec2 draw_text(ImDrawList* dl, Face face, ImVec2 at, float box_width, ImU32 col, const std::string& text,
                 float wrap, Align align) {
    ImGui::PushFont(imgui_font(face));
    const bool browser = drawn_by_browser(text);
    platform::TextImage image;
    ImVec2 size;
    if (browser) {
        image = browser_image(face, text, wrap);
        size = ImVec2(image.w, image.h);
    } else {
        size = ImGui::CalcTextSize(text.c_str(), text.c_str() + text.size(), false, wrap > 0 ? wrap : -1.0f);
    }
    const bool at_right = align == Align::Auto ? anl::starts_rtl(text, g_rtl) : g_rtl;
    ImVec2 p = at;
    if (align == Align::Center)
        p.x += (box_width - size.x) / 2;
    else if (at_right)
        p.x += box_width - size.x;
    if (browser) {
        p = ImVec2(snap(p.x), snap(p.y));
        if (image.texture)
            dl->AddImage(reinterpret_cast<ImTextureID>(static_cast<uintptr_t>(image.texture)), p,
                         ImVec2(p.x + size.x, p.y + size.y), ImVec2(0, 0), ImVec2(1, 1), col);
    } else {
        dl->AddText(imgui_font(face), ImGui::GetFontSize(), p, col, text.c_str(), text.c_str() + text.size(),
                    wrap > 0 ? wrap : 0.0f);
    }
    ImGui::PopFont();
    return p;
}

} // namespace ui
