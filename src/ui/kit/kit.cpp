// What every widget of the kit shares (ui/kit/kit.h): the layout context, reporting an item to
// the platform and the accessibility mirror, wrapped text, the focus ring, field headers, boxes.
#include "ui/kit/kit.h"

#include "ui/text.h"
#include "ui/theme.h"

#include "imgui.h"

namespace ui {

Kit& kit() {
    static Kit k;
    return k;
}

// Mirroring for right-to-left pages. Widgets lay out from their start edge; these turn that into
// x positions: the cursor for an item `width` wide that starts a line, and the screen x of a
// part `offset` from the start edge of the item [a, b].
float line_start_x(float width) { return rtl() ? kit().margin + content_width() - width : kit().margin; }

float part_x(const ImVec2& a, const ImVec2& b, float offset, float width) {
    return rtl() ? b.x - offset - width : a.x + offset;
}

// Reports the last item to the platform (and so to the accessibility mirror), and scrolls it into
// view when keyboard or screen-reader focus has just moved to it.
void record(platform::WidgetRecord r) {
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    r.x = a.x;
    r.y = a.y;
    r.w = b.x - a.x;
    r.h = b.y - a.y;
    if (platform::take_scroll_request(r.id) && (a.y < 0 || b.y > ImGui::GetIO().DisplaySize.y))
        ImGui::SetScrollHereY(0.3f);
    platform::record_widget(r);
}

platform::WidgetRecord node(const std::string& id, const char* role, const std::string& label,
                            const std::string& value) {
    platform::WidgetRecord r{};
    r.id = id;
    r.role = role;
    r.label = label;
    r.value = value;
    return r;
}

void record(const std::string& id, const char* role, const std::string& label, const std::string& value,
            bool disabled) {
    platform::WidgetRecord r = node(id, role, label, value);
    r.disabled = disabled;
    record(r);
}

// A block of text across the column (less `indent` at its start edge), as one item.
void wrapped_text(const std::string& text, Face face, ImU32 col, float indent) {
    const float width = content_width() - indent;
    ImGui::SetCursorPosX(rtl() ? kit().margin : kit().margin + indent);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const ImVec2 size = text_size(face, text, width);
    draw_text(ImGui::GetWindowDrawList(), face, at, width, col, text, width);
    ImGui::Dummy(ImVec2(width, size.y));
}

// A yellow band with a dark edge outside it (GOV.UK): one of the two stands out on white, on a
// green button and on black (tests/core/test_palette.cpp).
void focus_ring(const ImVec2& a, const ImVec2& b) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRect(ImVec2(a.x - 3, a.y - 3), ImVec2(b.x + 3, b.y + 3), color().Focus, 0, 0, 4);
    dl->AddRect(ImVec2(a.x - 6, a.y - 6), ImVec2(b.x + 6, b.y + 6), color().FocusEdge, 0, 0, 2);
}

// Label, hint and error above a field or a group of choices (GOV.UK order).
void label_as_heading(const std::string& id) { kit().label_heading = id; }

void field_header(const FieldText& text) {
    if (kit().label_heading.empty()) {
        wrapped_text(text.label, Face::Bold, color().Text);
    } else {
        heading_at(1, text.label, kit().label_heading);
        kit().label_heading.clear();
        spacer(8);
    }
    if (!text.hint.empty())
        wrapped_text(text.hint, Face::Body, color().SecondaryText);
    if (!text.error.empty())
        wrapped_text(text.error, Face::Bold, color().Error);
}

void describe_field(platform::WidgetRecord& r, const FieldText& text) {
    r.invalid = !text.error.empty();
    r.required = text.required;
    r.description = text.error.empty() ? text.hint : text.hint.empty() ? text.error : text.error + ". " + text.hint;
}

Box begin_box(float pad) {
    ImGui::SetCursorPosX(kit().margin);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->ChannelsSplit(2);
    dl->ChannelsSetCurrent(1);
    Box box{ImGui::GetCursorScreenPos(), kit().margin, pad};
    ImGui::BeginGroup();
    spacer(pad);
    kit().margin += pad;
    return box;
}

void end_box(const Box& box, ImU32 fill, ImU32 border) {
    spacer(box.pad);
    ImGui::EndGroup();
    const float width = content_width() + 2 * box.pad;  // kit().margin is still the inner one here
    kit().margin = box.old_margin;
    const ImVec2 bottom(box.top.x + width, ImGui::GetItemRectMax().y);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->ChannelsSetCurrent(0);
    if (fill)
        dl->AddRectFilled(box.top, bottom, fill);
    if (border)
        dl->AddRect(box.top, bottom, border, 0, 0, 4);
    dl->ChannelsMerge();
}

} // namespace ui
