// Buttons: the page's actions and the "choose file" button the platform opens a picker from.
#include "ui/widgets.h"
#include "ui/kit/kit.h"

#include "ui/text.h"
#include "ui/theme.h"

#include "imgui.h"

#include <algorithm>

namespace ui {

bool button(const std::string& id, const std::string& label, ButtonStyle style, bool disabled) {
    const float wrap = content_width() - 40; // a long label at 200 % on a phone takes two lines
    const ImVec2 text = text_size(Face::Bold, label, wrap);
    const float w = std::min(content_width(), std::max(text.x + 40, 160.0f));
    const ImVec2 size(w, std::max(kTouchTarget, text.y + 24));
    ImGui::SetCursorPosX(line_start_x(w));
    ImGui::PushID(id.c_str());
    ImGui::BeginDisabled(disabled);
    bool pressed = ImGui::InvisibleButton("##b", size) || platform::take_activation(id);
    ImGui::EndDisabled();
    // Enter in a field submits the page: the first primary button drawn takes it.
    if (style == ButtonStyle::Primary && !disabled && platform::take_submit())
        pressed = true;
    const bool hovered = ImGui::IsItemHovered();
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImU32 bg = style == ButtonStyle::Primary ? (hovered ? color().PrimaryHover : color().Primary)
             : style == ButtonStyle::Warning ? color().Warning
                                             : (hovered ? color().SecondaryHover : color().Secondary);
    ImU32 fg = style == ButtonStyle::Secondary ? color().Text
             : style == ButtonStyle::Warning   ? color().OnWarning
                                               : color().OnPrimary;
    if (disabled) { bg = color().Secondary; fg = color().SecondaryText; }
    dl->AddRectFilled(a, b, bg);
    if (high_contrast() && style == ButtonStyle::Secondary)
        dl->AddRect(a, b, color().Border, 0, 0, 2);
    dl->AddLine(ImVec2(a.x, b.y - 1), ImVec2(b.x, b.y - 1), IM_COL32(0, 0, 0, 0x60), 2); // GOV.UK bottom edge
    draw_text(dl, Face::Bold, ImVec2(a.x, a.y + (size.y - text.y) / 2), w, fg, label, wrap, Align::Center);
    if (platform::has_focus(id))
        focus_ring(a, b);
    ImGui::PopID();
    record(id, "button", label, "", disabled);
    spacer(8);
    return pressed && !disabled;
}

bool copy_button(const std::string& id, const std::string& label, const std::string& copied) {
    const bool pressed = button(id, label, ButtonStyle::Secondary);
    Kit& k = kit();
    const int frame = ImGui::GetFrameCount();
    if (pressed)
        k.copied_id = id;
    else if (k.copied_id == id && k.copied_frame != frame - 1) // another page came in between
        k.copied_id.clear();
    if (k.copied_id == id) {
        k.copied_frame = frame;
        status(id + ".copied", copied);
    }
    return pressed;
}

void file_button(const std::string& id, const std::string& label, const std::string& accept, double max_bytes) {
    const float wrap = content_width() - 40;
    const ImVec2 text = text_size(Face::Bold, label, wrap);
    const ImVec2 size(std::min(content_width(), text.x + 40), std::max(kTouchTarget, text.y + 16));
    ImGui::SetCursorPosX(line_start_x(size.x));
    ImGui::PushID(id.c_str());
    ImGui::InvisibleButton("##file", size);
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    platform::file_target(ImGui::GetItemID(), id, a.x, a.y, size.x, size.y, accept, max_bytes);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(a, b, ImGui::IsItemHovered() ? color().SecondaryHover : color().Secondary);
    dl->AddRect(a, b, color().Border, 0, 0, 2);
    draw_text(dl, Face::Bold, ImVec2(a.x, a.y + (size.y - text.y) / 2), size.x, color().Text, label, wrap,
              Align::Center);
    if (platform::has_focus(id))
        focus_ring(a, b);
    ImGui::PopID();
    record(id, "button", label);
    spacer(8);
}

unsigned file_button_id(const std::string& id) {
    ImGui::PushID(id.c_str());
    const ImGuiID item = ImGui::GetID("##file");
    ImGui::PopID();
    return item;
}

} // namespace ui
