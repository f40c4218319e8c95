#include "ui/text.h"

#include "core/line_wrap.h"
#include "core/text_direction.h"
#include "platform/platform.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <vector>

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

// Lines of atlas-drawn text (push the face first): with a wrap width, broken by anl::wrap_lines
// (at spaces only: no-break spaces in "044 000 00 00" or "CHF 1'200.00" hold, and dates do not
// break after their dots as Dear ImGui's own wrap would); without one, at '\n' only.
std::vector<anl::WrappedLine> atlas_lines(const std::string& text, float wrap) {
    ImFont* font = ImGui::GetFont();
    const float size = ImGui::GetFontSize();
    const auto measure = [font, size](const char* b, const char* e) {
        return font->CalcTextSizeA(size, FLT_MAX, 0.0f, b, e).x;
    };
    return anl::wrap_lines(text, wrap > 0 ? wrap : FLT_MAX, measure);
}

ImVec2 atlas_size(const std::string& text, const std::vector<anl::WrappedLine>& lines) {
    ImFont* font = ImGui::GetFont();
    const float size = ImGui::GetFontSize();
    float w = 0;
    for (const anl::WrappedLine& l : lines)
        w = std::max(w, font->CalcTextSizeA(size, FLT_MAX, 0.0f, text.c_str() + l.begin, text.c_str() + l.end).x);
    return ImVec2(std::ceil(w), size * float(lines.size()));  // whole pixels, as ImGui::CalcTextSize
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
        size = atlas_size(text, atlas_lines(text, wrap));
    }
    ImGui::PopFont();
    return size;
}

ImVec2 draw_text(ImDrawList* dl, Face face, ImVec2 at, float box_width, ImU32 col, const std::string& text,
                 float wrap, Align align) {
    ImGui::PushFont(imgui_font(face));
    const bool browser = drawn_by_browser(text);
    platform::TextImage image;
    std::vector<anl::WrappedLine> lines;
    ImVec2 size;
    if (browser) {
        image = browser_image(face, text, wrap);
        size = ImVec2(image.w, image.h);
    } else {
        lines = atlas_lines(text, wrap);
        size = atlas_size(text, lines);
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
        const float line_height = ImGui::GetFontSize();
        for (size_t i = 0; i < lines.size(); i++)
            dl->AddText(imgui_font(face), line_height, ImVec2(p.x, p.y + float(i) * line_height), col,
                        text.c_str() + lines[i].begin, text.c_str() + lines[i].end);
    }
    ImGui::PopFont();
    return p;
}

} // namespace ui
