#include "ui/theme.h"

namespace ui {

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
    c[ImGuiCol_Text] = ImGui::ColorConvertU32ToFloat4(color::Text);
    c[ImGuiCol_WindowBg] = ImGui::ColorConvertU32ToFloat4(color::Background);
    c[ImGuiCol_ChildBg] = ImGui::ColorConvertU32ToFloat4(color::Background);
    c[ImGuiCol_Border] = ImGui::ColorConvertU32ToFloat4(color::Border);
    c[ImGuiCol_ScrollbarBg] = ImGui::ColorConvertU32ToFloat4(color::Secondary);
    c[ImGuiCol_ScrollbarGrab] = ImGui::ColorConvertU32ToFloat4(color::SecondaryText);
    c[ImGuiCol_NavHighlight] = ImGui::ColorConvertU32ToFloat4(color::Text);
}

} // namespace ui
