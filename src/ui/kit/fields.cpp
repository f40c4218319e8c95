// Text fields: drawn here, edited through a real DOM input (platform text fields).
#include "ui/widgets.h"
#include "ui/kit/kit.h"

#include "ui/text.h"
#include "ui/theme.h"

#include "imgui.h"

#include <algorithm>

namespace ui {
namespace {

// What a field shows when not being edited: its value (bullets for passwords), clipped.
std::string display_value(const std::string& value, const platform::TextFieldSpec& spec) {
    if (spec.type != "password")
        return value;
    std::string dots;
    for (unsigned char c : value)
        if ((c & 0xC0) != 0x80)
            dots += "\xE2\x80\xA2";
    return dots;
}

} // namespace

void text_field(const std::string& id, const FieldText& text, std::string& value, platform::TextFieldSpec spec,
                int lines) {
    const bool invalid = !text.error.empty();
    field_header(text);
    ImGui::SetCursorPosX(kit().margin);
    ImGui::PushID(id.c_str());
    const float line_h = text_size(Face::Body, "Ag").y;
    const ImVec2 size(content_width(), std::max(kTouchTarget, line_h * float(lines) + 24));
    ImGui::InvisibleButton("##field", size);
    const ImGuiID item = ImGui::GetItemID();
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();

    const unsigned target = item;
    platform::sync_text(target, value);
    // Keep the field being typed into on screen (the phone keyboard shrinks the page; Tab may
    // move to a field below the fold).
    if (platform::text_editing(target) && (a.y < 0 || b.y > ImGui::GetIO().DisplaySize.y))
        ImGui::SetScrollHereY(0.3f);
    spec.label = text.label;
    spec.multiline = lines > 1;
    spec.font_px = css_font_px(Face::Body);
    platform::text_target(target, id, a.x, a.y, b.x - a.x, b.y - a.y, spec);

    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(a, b, color().FieldBackground);
    dl->AddRect(a, b, invalid ? color().Error : color().Border, 0, 0, invalid ? 4.0f : 2.0f);
    if (platform::text_editing(target))
        focus_ring(a, b);
    if (!platform::text_editing(target)) {
        const std::string shown = display_value(value, spec);
        dl->PushClipRect(ImVec2(a.x + 4, a.y + 4), ImVec2(b.x - 4, b.y - 4), true);
        draw_text(dl, Face::Body, ImVec2(a.x + 12, a.y + 12), size.x - 24, color().Text, shown,
                  lines > 1 ? size.x - 24 : 0.0f, Align::Auto);
        dl->PopClipRect();
    }
    ImGui::PopID();
    // Passwords are reported as bullets: the widget list is readable by any script on the page.
    platform::WidgetRecord r = node(id, lines > 1 ? "textbox-multiline" : "textbox", text.label,
                                    display_value(value, spec));
    describe_field(r, text);
    r.autocomplete = spec.autocomplete == "off" ? "" : spec.autocomplete;
    record(r);
    spacer(12);
}

} // namespace ui
