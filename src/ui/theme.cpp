#include "ui/theme.h"

namespace ui {
namespace {

#define RGB(hex) IM_COL32(((hex) >> 16) & 0xff, ((hex) >> 8) & 0xff, (hex) & 0xff, 0xff)

const Palette kStandard = {
    RGB(0x0b0c0c), // Text: 19.8:1 on white
    RGB(0x505a5f), // SecondaryText: 7.0:1 on white
    RGB(0xffffff), // Background
    RGB(0xffffff), // FieldBackground
    RGB(0x0b0c0c), // Border: 19.8:1
    RGB(0xffdd00), // Focus (drawn with a dark field border inside it)
    RGB(0xd4351c), // Error: 4.5:1 on white
    RGB(0x1d70b8), // Link: 5.2:1 on white
    RGB(0x00703c), // Primary
    RGB(0x005a30), // PrimaryHover
    RGB(0xffffff), // OnPrimary: 5.9:1 on green
    RGB(0xd4351c), // Warning
    RGB(0xffffff), // OnWarning: 4.5:1
    RGB(0xf3f2f1), // Secondary
    RGB(0xdbdad9), // SecondaryHover
    RGB(0x0b0c0c), // Header
    RGB(0xffffff), // OnHeader: 19.8:1
    RGB(0x00703c), // Panel
    RGB(0xffffff), // OnPanel: 5.9:1
    0,             // PanelBorder: none
};

const Palette kHighContrast = {
    RGB(0xffffff), // Text: 21:1 on black
    RGB(0xffffff), // SecondaryText: hints stay fully legible
    RGB(0x000000), // Background
    RGB(0x000000), // FieldBackground
    RGB(0xffffff), // Border
    RGB(0xffdd00), // Focus: 15.4:1 on black
    RGB(0xff9a8a), // Error: 10.0:1 on black
    RGB(0xffdd00), // Link: 15.4:1
    RGB(0xffdd00), // Primary
    RGB(0xffffff), // PrimaryHover
    RGB(0x000000), // OnPrimary: 15.4:1 on yellow
    RGB(0xff9a8a), // Warning
    RGB(0x000000), // OnWarning: 10.0:1
    RGB(0x000000), // Secondary (outlined by the border colour)
    RGB(0x333333), // SecondaryHover
    RGB(0x000000), // Header
    RGB(0xffdd00), // OnHeader
    RGB(0x000000), // Panel
    RGB(0xffffff), // OnPanel
    RGB(0xffffff), // PanelBorder
};

#undef RGB

bool g_high_contrast = false;

} // namespace

const Palette& color() { return g_high_contrast ? kHighContrast : kStandard; }
bool high_contrast() { return g_high_contrast; }

void set_high_contrast(bool on) {
    g_high_contrast = on;
    apply_theme();
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
