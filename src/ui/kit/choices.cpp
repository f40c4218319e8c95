// Choices: radios (one answer) and checkboxes (any number), and the header of a group of
// controls; each option a 48 px row, mirrored as a native radio group or checkbox group.
#include "ui/widgets.h"
#include "ui/kit/kit.h"

#include "ui/text.h"
#include "ui/theme.h"

#include "imgui.h"

#include <algorithm>

namespace ui {
namespace {

enum class Mark { Radio, Checkbox };

// One option row: the mark at the left, the label wrapped beside it; the whole row is the target.
bool choice_row(const std::string& id, const std::string& label, bool checked, Mark mark, bool invalid) {
    const float box = 32.0f;
    const float text_x = box + 20;
    const float width = content_width();
    const ImVec2 text = text_size(Face::Body, label, width - text_x);
    ImGui::SetCursorPosX(kit().margin);
    ImGui::PushID(id.c_str());
    const ImVec2 size(width, std::max(kTouchTarget, text.y + 16));
    const bool pressed = ImGui::InvisibleButton("##choice", size) || platform::take_activation(id);
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 c(part_x(a, b, 2, box) + box / 2, a.y + size.y / 2);
    const ImU32 edge = invalid ? color().Error : color().Text;
    if (mark == Mark::Radio) {
        dl->AddCircleFilled(c, box / 2, color().FieldBackground, 32);
        dl->AddCircle(c, box / 2 - 1, edge, 32, 2.5f);
        if (checked)
            dl->AddCircleFilled(c, box / 4, color().Text, 32);
    } else {
        const ImVec2 p(c.x - box / 2, c.y - box / 2), q(c.x + box / 2, c.y + box / 2);
        dl->AddRectFilled(p, q, color().FieldBackground);
        dl->AddRect(p, q, edge, 0, 0, 2.5f);
        if (checked) { // drawn, not a glyph: Noto Sans has no check mark
            dl->AddLine(ImVec2(c.x - 9, c.y), ImVec2(c.x - 3, c.y + 7), color().Text, 4);
            dl->AddLine(ImVec2(c.x - 3, c.y + 7), ImVec2(c.x + 10, c.y - 8), color().Text, 4);
        }
    }
    draw_text(dl, Face::Body, ImVec2(part_x(a, b, text_x, width - text_x), a.y + (size.y - text.y) / 2), width - text_x,
              color().Text, label, width - text_x);
    if (platform::has_focus(id))
        focus_ring(a, b);
    ImGui::PopID();
    return pressed;
}

// The group's label, hint and error, and its own node, recorded before its options so that the
// mirror nests them inside it.
void labelled_group(const std::string& id, const char* role, const FieldText& text) {
    ImGui::BeginGroup();
    field_header(text);
    ImGui::EndGroup();
    platform::WidgetRecord r = node(id, role, text.label);
    describe_field(r, text);
    record(r);
}

// One option's node in the mirror, inside its group.
void record_option(const std::string& option_id, const char* role, const std::string& label, bool checked,
                   const std::string& group_id) {
    platform::WidgetRecord r = node(option_id, role, label);
    r.checked = checked ? 1 : 0;
    r.parent = group_id;
    record(r);
    spacer(4);
}

} // namespace

void group_header(const std::string& id, const FieldText& text) {
    labelled_group(id, "group", text);
}

bool radio_group(const std::string& id, const FieldText& text, const std::vector<ChoiceOption>& options,
                 std::string& value) {
    labelled_group(id, "radiogroup", text);
    bool changed = false;
    for (const ChoiceOption& o : options) {
        const std::string option_id = id + "." + o.id;
        const bool checked = value == o.id;
        if (choice_row(option_id, o.label, checked, Mark::Radio, !text.error.empty()) && !checked) {
            value = o.id;
            changed = true;
        }
        record_option(option_id, "radio", o.label, value == o.id, id);
    }
    spacer(12);
    return changed;
}

bool checkbox_group(const std::string& id, const FieldText& text, const std::vector<ChoiceOption>& options,
                    std::vector<std::string>& values) {
    labelled_group(id, "group", text);
    bool changed = false;
    for (const ChoiceOption& o : options) {
        const std::string option_id = id + "." + o.id;
        const bool checked = std::find(values.begin(), values.end(), o.id) != values.end();
        if (choice_row(option_id, o.label, checked, Mark::Checkbox, !text.error.empty())) {
            std::vector<std::string> next;
            for (const ChoiceOption& other : options) // keep option order
                if ((other.id == o.id) != (std::find(values.begin(), values.end(), other.id) != values.end()))
                    next.push_back(other.id);
            values = std::move(next);
            changed = true;
        }
        record_option(option_id, "checkbox", o.label, std::find(values.begin(), values.end(), o.id) != values.end(), id);
    }
    spacer(12);
    return changed;
}

} // namespace ui
