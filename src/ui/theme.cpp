#include "ui/theme.h"

#include "platform/platform.h"

namespace ui {
namespace {

ImU32 im(anl::Rgb c) { return IM_COL32((c >> 16) & 0xff, (c >> 8) & 0xff, c & 0xff, 0xff); }

// The core palette (plain RGB, checked against WCAG by tests/core/test_palette.cpp) as ImGui colours.
Palette imgui_palette(const anl::Palette& p) {
    return {im(p.Text),      im(p.SecondaryText), im(p.Background),     im(p.FieldBackground), im(p.Border),
            im(p.Focus),     im(p.FocusEdge),     im(p.Error),          im(p.Link),            im(p.Primary),
            im(p.PrimaryHover), im(p.OnPrimary),  im(p.Warning),        im(p.OnWarning),       im(p.Secondary),
            im(p.SecondaryHover), im(p.Header),   im(p.OnHeader),       im(p.Panel),           im(p.OnPanel),
            im(p.PanelBorder)};
}

const Palette kStandard = imgui_palette(anl::standard_palette());
const Palette kHighContrast = imgui_palette(anl::high_contrast_palette());

bool g_high_contrast = false;

} // namespace

const Palette& color() { return g_high_contrast ? kHighContrast : kStandard; }
bool high_contrast() { return g_high_contrast; }

void set_high_contrast(bool on) {
    g_high_contrast = on;
    apply_theme();
    platform::set_page_theme(on); // the DOM parts (text overlay, page background) follow
}

void apply_theme() {
    ImGuiStyle& s = ImGui::GetStyle();
    s = ImGuiStyle();
    s.WindowPadding = ImVec2(0, 0);
    s.WindowBorderSize = 0;
    s.WindowRounding = 0;
    s.FramePadding = ImVec2(12, 12);
    s.FrameRounding = 0;
    s.FrameBorderSize = 2;
    s.ItemSpacing = ImVec2(8, 8);
    s.ScrollbarSize = 14;
    s.ScrollbarRounding = 0;
    s.TouchExtraPadding = ImVec2(0, 0);
    ImVec4* c = s.Colors;
    const Palette& p = color();
    c[ImGuiCol_Text] = ImGui::ColorConvertU32ToFloat4(p.Text);
    c[ImGuiCol_WindowBg] = ImGui::ColorConvertU32ToFloat4(p.Background);
    c[ImGuiCol_ChildBg] = ImGui::ColorConvertU32ToFloat4(p.Background);
    c[ImGuiCol_Border] = ImGui::ColorConvertU32ToFloat4(p.Border);
    c[ImGuiCol_ScrollbarBg] = ImGui::ColorConvertU32ToFloat4(p.Secondary);
    c[ImGuiCol_ScrollbarGrab] = ImGui::ColorConvertU32ToFloat4(p.SecondaryText);
}

} // namespace ui
