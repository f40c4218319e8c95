// Link-styled controls: inline links that flow along a line (the language picker), the
// disclosure toggle, and text links on their own line ("Back", "Change").
#include "ui/widgets.h"
#include "ui/kit/kit.h"

#include "ui/text.h"
#include "ui/theme.h"

#include "imgui.h"

#include <algorithm>
#include <cmath>

namespace ui {
namespace {

// Places the cursor for an inline item of `size`; call before the item.
void place_inline(const ImVec2& size, bool first_in_row) {
    if (first_in_row) {
        kit().row_next = ImVec2(0, ImGui::GetCursorPosY());
        kit().row_height = 0;
    } else if (kit().row_next.x + size.x > content_width() && kit().row_next.x > 0) {
        kit().row_next = ImVec2(0, kit().row_next.y + kit().row_height + 4);
        kit().row_height = 0;
    }
    const float x = rtl() ? kit().margin + content_width() - kit().row_next.x - size.x : kit().margin + kit().row_next.x;
    ImGui::SetCursorPos(ImVec2(x, kit().row_next.y));
    kit().row_next.x += size.x + 8;
    kit().row_height = std::max(kit().row_height, size.y);
}

// A globe (the sign for "language" on the web), drawn: no font needs to have it.
void globe_icon(ImDrawList* dl, const ImVec2& c, float r, ImU32 col) {
    dl->AddCircle(c, r, col, 24, 1.5f);
    dl->AddLine(ImVec2(c.x - r, c.y), ImVec2(c.x + r, c.y), col, 1.5f);
    dl->AddLine(ImVec2(c.x, c.y - r), ImVec2(c.x, c.y + r), col, 1.5f);
    dl->AddBezierQuadratic(ImVec2(c.x, c.y - r), ImVec2(c.x - r, c.y), ImVec2(c.x, c.y + r), col, 1.5f);
    dl->AddBezierQuadratic(ImVec2(c.x, c.y - r), ImVec2(c.x + r, c.y), ImVec2(c.x, c.y + r), col, 1.5f);
}

} // namespace

void inline_label(const std::string& id, const std::string& text) {
    const ImVec2 text_px = text_size(Face::Body, text);
    const ImVec2 size(text_px.x + 8, std::max(kTouchTarget, text_px.y + 12));
    place_inline(size, true);
    ImGui::Dummy(size);
    const ImVec2 a = ImGui::GetItemRectMin();
    draw_text(ImGui::GetWindowDrawList(), Face::Body, ImVec2(a.x, a.y + (size.y - text_px.y) / 2), size.x,
              color().SecondaryText, text);
    record(id, "text", text);
}

bool inline_link(const std::string& id, const std::string& label, const std::string& lang, bool current,
                 bool first_in_row) {
    const Face face = current ? Face::Bold : Face::Body;
    const ImVec2 text = text_size(face, label);
    const ImVec2 size(text.x + 16, std::max(kTouchTarget, text.y + 12));
    place_inline(size, first_in_row);
    ImGui::PushID(id.c_str());
    const bool pressed = ImGui::InvisibleButton("##link", size) || platform::take_activation(id);
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    const ImU32 col = current ? color().Text : color().Link;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 at = draw_text(dl, face, ImVec2(a.x + 8, a.y + (size.y - text.y) / 2), text.x, col, label);
    if (!current)
        dl->AddLine(ImVec2(at.x, at.y + text.y), ImVec2(at.x + text.x, at.y + text.y), col, 1.0f);
    if (platform::has_focus(id))
        focus_ring(a, b);
    ImGui::PopID();
    platform::WidgetRecord r = node(id, "link", label);
    r.lang = lang;
    r.current = current;
    record(r);
    return pressed && !current;
}

bool disclosure(const std::string& id, const std::string& label, bool open, bool globe) {
    // Noto Sans has no U+2212 minus sign: an en dash reads the same next to the plus.
    const std::string shown = globe ? label : std::string(open ? "\u2013 " : "+ ") + label;
    const float icon = globe ? std::round(text_size(Face::Body, "A").y * 0.8f) + 8 : 0;
    const float wrap = content_width() - icon - 16; // at 200 % on a phone the label takes two lines
    const ImVec2 text = text_size(Face::Body, shown, wrap);
    const ImVec2 size(text.x + icon + 16, std::max(kTouchTarget, text.y + 12));
    ImGui::SetCursorPosX(line_start_x(size.x));
    ImGui::PushID(id.c_str());
    bool pressed = ImGui::InvisibleButton("##disclosure", size) || platform::take_activation(id);
    if (!pressed && open && id == kit().last_opened && platform::take_escape()) {
        pressed = true;
        platform::focus_widget(id); // focus returns to the toggle, not to the top of the page
    }
    if (pressed || (!open && id == kit().last_opened))
        kit().last_opened = pressed && !open ? id : "";
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (globe)
        globe_icon(dl, ImVec2(part_x(a, b, 8, icon - 8) + (icon - 8) / 2, a.y + 24), (icon - 8) / 2, color().Link);
    const ImVec2 at = draw_text(dl, Face::Body, ImVec2(part_x(a, b, 8 + icon, text.x), a.y + (size.y - text.y) / 2), text.x,
                                color().Link, shown, wrap);
    dl->AddLine(ImVec2(at.x, at.y + text.y), ImVec2(at.x + text.x, at.y + text.y), color().Link, 1.0f);
    if (platform::has_focus(id))
        focus_ring(a, b);
    ImGui::PopID();
    platform::WidgetRecord r = node(id, "button", label);
    r.expanded = open ? 1 : 0;
    record(r);
    return pressed;
}

void phone_link(const std::string& id, const std::string& label, const std::string& number) {
    inline_label(id + ".label", label);
    const ImVec2 text = text_size(Face::Body, number);
    const ImVec2 size(text.x + 16, std::max(kTouchTarget, text.y + 12));
    place_inline(size, false);
    ImGui::PushID(id.c_str());
    std::string href = "tel:";
    for (char c : number) // "044 000 00 00" -> tel:0440000000, "+41 44 ..." -> tel:+4144...
        if ((c >= '0' && c <= '9') || (c == '+' && href.size() == 4))
            href += c;
    if (ImGui::InvisibleButton("##tel", size))
        platform::open_link(href);  // in the frame right after the tap: still the tap's activation
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 at = draw_text(dl, Face::Body, ImVec2(a.x + 8, a.y + (size.y - text.y) / 2), text.x, color().Link, number);
    dl->AddLine(ImVec2(at.x, at.y + text.y), ImVec2(at.x + text.x, at.y + text.y), color().Link, 1.0f);
    if (platform::has_focus(id))
        focus_ring(a, b);
    ImGui::PopID();
    platform::WidgetRecord r = node(id, "link", number);
    r.href = href;
    record(r);
    spacer(8);
}

bool text_link(const std::string& id, const std::string& label, const std::string& accessible) {
    const float width = content_width();
    const ImVec2 text = text_size(Face::Body, label, width - 16);
    const ImVec2 size(std::min(width, text.x + 16), std::max(kTouchTarget, text.y + 12));
    ImGui::SetCursorPosX(line_start_x(size.x));
    ImGui::PushID(id.c_str());
    const bool pressed = ImGui::InvisibleButton("##textlink", size) || platform::take_activation(id);
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 at = draw_text(dl, Face::Body, ImVec2(a.x + 8, a.y + (size.y - text.y) / 2), size.x - 16, color().Link,
                                label, width - 16);
    dl->AddLine(ImVec2(at.x, at.y + text.y), ImVec2(at.x + text.x, at.y + text.y), color().Link, 1.0f);
    if (platform::has_focus(id))
        focus_ring(a, b);
    ImGui::PopID();
    record(node(id, "link", accessible.empty() ? label : accessible));
    return pressed;
}

} // namespace ui
