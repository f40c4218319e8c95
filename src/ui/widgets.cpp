#include "ui/widgets.h"

#include "ui/theme.h"

#include "imgui.h"
#include "imgui_internal.h"

#include <algorithm>

namespace ui {
namespace {

bool g_scroll_top = false;
float g_margin = kPageMargin;

ImFont* font(int index) { return ImGui::GetIO().Fonts->Fonts[index]; }
ImFont* body_font() { return font(0); }
ImFont* heading_font() { return font(1); }
ImFont* bold_font() { return font(2); }

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
                            const std::string& value = "") {
    platform::WidgetRecord r{};
    r.id = id;
    r.role = role;
    r.label = label;
    r.value = value;
    return r;
}

void record(const std::string& id, const char* role, const std::string& label, const std::string& value = "",
            bool disabled = false) {
    platform::WidgetRecord r = node(id, role, label, value);
    r.disabled = disabled;
    record(r);
}

void wrapped_text(const std::string& text, ImFont* f, ImU32 col) {
    ImGui::PushFont(f);
    ImGui::PushStyleColor(ImGuiCol_Text, col);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + content_width());
    ImGui::TextUnformatted(text.c_str(), text.c_str() + text.size());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    ImGui::PopFont();
}

void focus_ring(const ImVec2& a, const ImVec2& b) {
    ImGui::GetWindowDrawList()->AddRect(ImVec2(a.x - 3, a.y - 3), ImVec2(b.x + 3, b.y + 3), color().Focus, 0, 0, 4);
}

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

// Label, hint and error above a field or a group of choices (GOV.UK order).
void field_header(const FieldText& text) {
    ImGui::SetCursorPosX(g_margin);
    wrapped_text(text.label, bold_font(), color().Text);
    if (!text.hint.empty()) {
        ImGui::SetCursorPosX(g_margin);
        wrapped_text(text.hint, body_font(), color().SecondaryText);
    }
    if (!text.error.empty()) {
        ImGui::SetCursorPosX(g_margin);
        wrapped_text(text.error, bold_font(), color().Error);
    }
}

void describe_field(platform::WidgetRecord& r, const FieldText& text) {
    r.invalid = !text.error.empty();
    r.required = text.required;
    r.description = text.error.empty() ? text.hint : text.hint.empty() ? text.error : text.error + ". " + text.hint;
}

} // namespace

float content_width() {
    return ImGui::GetWindowWidth() - 2 * g_margin - ImGui::GetStyle().ScrollbarSize;
}

void begin_page(const char* id) {
    const ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);
    ImGui::Begin(id, nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_AlwaysVerticalScrollbar);
    if (g_scroll_top) {
        ImGui::SetScrollY(0);
        g_scroll_top = false;
    }
    const float width = io.DisplaySize.x - ImGui::GetStyle().ScrollbarSize;
    g_margin = width > kColumnMax + 2 * kPageMargin ? (width - kColumnMax) / 2 : kPageMargin;
}

void end_page() {
    spacer(48);
    ImGui::End();
}

void header_bar(const std::string& title, const char* id) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::PushFont(bold_font());
    const float text_h = ImGui::GetTextLineHeight();
    const float h = std::max(56.0f, text_h + 24);
    dl->AddRectFilled(p, ImVec2(p.x + ImGui::GetWindowWidth(), p.y + h), color().Header);
    dl->AddText(ImVec2(p.x + g_margin, p.y + (h - text_h) / 2), color().OnHeader, title.c_str());
    ImGui::PopFont();
    ImGui::Dummy(ImVec2(ImGui::GetWindowWidth(), h));
    record(id, "banner", title, "");
    spacer(16);
}

void heading_at(int level, const std::string& text, const std::string& id) {
    ImGui::SetCursorPosX(g_margin);
    wrapped_text(text, level == 1 ? heading_font() : bold_font(), color().Text);
    platform::WidgetRecord r = node(id, "heading", text, "");
    r.level = level;
    record(r);
}

void heading(const std::string& text, const std::string& id) {
    heading_at(1, text, id);
    spacer(8);
}

void subheading(const std::string& text, const std::string& id) { heading_at(2, text, id); }

void paragraph(const std::string& text, const std::string& id, bool secondary) {
    ImGui::SetCursorPosX(g_margin);
    wrapped_text(text, body_font(), secondary ? color().SecondaryText : color().Text);
    record(id, "text", text, "");
    spacer(4);
}

void spacer(float px) { ImGui::Dummy(ImVec2(1, px)); }

// Inline items flow left to right and wrap to a new row when the next one does not fit.
ImVec2 g_row_next;   // where the next inline item goes (window-local cursor position)

// Places the cursor for an inline item of `width` and returns nothing; call before the item.
void place_inline(float width, bool first_in_row) {
    const float limit = g_margin + content_width();
    if (first_in_row) {
        g_row_next = ImVec2(g_margin, ImGui::GetCursorPosY());
    } else if (g_row_next.x + width > limit && g_row_next.x > g_margin) {
        g_row_next = ImVec2(g_margin, g_row_next.y + std::max(kTouchTarget, ImGui::GetTextLineHeight() + 12) + 4);
    }
    ImGui::SetCursorPos(g_row_next);
    g_row_next.x += width + 8;
}

void inline_label(const std::string& id, const std::string& text) {
    const ImVec2 size(ImGui::CalcTextSize(text.c_str()).x + 8, kTouchTarget);
    place_inline(size.x, true);
    ImGui::Dummy(size);
    const ImVec2 a = ImGui::GetItemRectMin();
    ImGui::GetWindowDrawList()->AddText(ImVec2(a.x, a.y + (size.y - ImGui::GetTextLineHeight()) / 2),
                                        color().SecondaryText, text.c_str());
    record(id, "text", text);
}

bool inline_link(const std::string& id, const std::string& label, const std::string& lang, bool current,
                 bool first_in_row) {
    ImGui::PushFont(current ? bold_font() : body_font());
    const ImVec2 text = ImGui::CalcTextSize(label.c_str());
    const ImVec2 size(text.x + 16, std::max(kTouchTarget, text.y + 12));
    place_inline(size.x, first_in_row);
    ImGui::PushID(id.c_str());
    const bool pressed = ImGui::InvisibleButton("##link", size) || platform::take_activation(id);
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    const ImU32 col = current ? color().Text : color().Link;
    const ImVec2 at(a.x + 8, a.y + (size.y - text.y) / 2);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddText(at, col, label.c_str());
    if (!current)
        dl->AddLine(ImVec2(at.x, at.y + text.y), ImVec2(at.x + text.x, at.y + text.y), col, 1.0f);
    if (platform::has_focus(id))
        focus_ring(a, b);
    ImGui::PopID();
    ImGui::PopFont();
    platform::WidgetRecord r = node(id, "link", label);
    r.lang = lang;
    r.current = current;
    record(r);
    return pressed && !current;
}

bool disclosure(const std::string& id, const std::string& label, bool open) {
    // Noto Sans has no U+2212 minus sign: an en dash reads the same next to the plus.
    const std::string shown = std::string(open ? "\u2013 " : "+ ") + label;
    ImGui::PushFont(body_font());
    const ImVec2 text = ImGui::CalcTextSize(shown.c_str());
    const ImVec2 size(text.x + 16, std::max(kTouchTarget, text.y + 12));
    ImGui::SetCursorPosX(g_margin);
    ImGui::PushID(id.c_str());
    const bool pressed = ImGui::InvisibleButton("##disclosure", size) || platform::take_activation(id);
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    const ImVec2 at(a.x + 8, a.y + (size.y - text.y) / 2);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddText(at, color().Link, shown.c_str());
    dl->AddLine(ImVec2(at.x, at.y + text.y), ImVec2(at.x + text.x, at.y + text.y), color().Link, 1.0f);
    if (platform::has_focus(id))
        focus_ring(a, b);
    ImGui::PopID();
    ImGui::PopFont();
    platform::WidgetRecord r = node(id, "button", label);
    r.expanded = open ? 1 : 0;
    record(r);
    return pressed;
}

bool button(const std::string& id, const std::string& label, ButtonStyle style, bool disabled) {
    ImGui::SetCursorPosX(g_margin);
    ImGui::PushFont(bold_font());
    const ImVec2 text = ImGui::CalcTextSize(label.c_str());
    const float w = std::min(content_width(), std::max(text.x + 40, 160.0f));
    const ImVec2 size(w, std::max(kTouchTarget, text.y + 24));
    ImGui::PushID(id.c_str());
    ImGui::BeginDisabled(disabled);
    const bool pressed = ImGui::InvisibleButton("##b", size) || platform::take_activation(id);
    ImGui::EndDisabled();
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
    dl->AddText(ImVec2(a.x + (w - text.x) / 2, a.y + (size.y - text.y) / 2), fg, label.c_str());
    if (platform::has_focus(id))
        focus_ring(a, b);
    ImGui::PopID();
    ImGui::PopFont();
    record(id, "button", label, "", disabled);
    spacer(8);
    return pressed && !disabled;
}

void text_field(const std::string& id, const FieldText& text, std::string& value, platform::TextFieldSpec spec,
                int lines) {
    const bool invalid = !text.error.empty();
    field_header(text);
    ImGui::SetCursorPosX(g_margin);
    ImGui::PushID(id.c_str());
    const float line_h = ImGui::GetTextLineHeight();
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
    platform::text_target(target, id, a.x, a.y, b.x - a.x, b.y - a.y, spec);

    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(a, b, color().FieldBackground);
    dl->AddRect(a, b, invalid ? color().Error : color().Border, 0, 0, invalid ? 4.0f : 2.0f);
    if (platform::text_editing(target))
        focus_ring(a, b);
    if (!platform::text_editing(target)) {
        const std::string shown = display_value(value, spec);
        dl->PushClipRect(ImVec2(a.x + 4, a.y + 4), ImVec2(b.x - 4, b.y - 4), true);
        dl->AddText(body_font(), ImGui::GetFontSize(), ImVec2(a.x + 12, a.y + 12), color().Text, shown.c_str(), nullptr,
                    lines > 1 ? size.x - 24 : 0.0f);
        dl->PopClipRect();
    }
    ImGui::PopID();
    // Passwords are reported as bullets: the widget list is readable by any script on the page.
    platform::WidgetRecord r = node(id, lines > 1 ? "textbox-multiline" : "textbox", text.label,
                                    display_value(value, spec));
    describe_field(r, text);
    record(r);
    spacer(12);
}

// A box drawn behind its content: content goes on draw channel 1, the box on channel 0 once
// its height is known. Content inside is indented by `pad`.
struct Box {
    ImVec2 top;
    float old_margin;
    float pad;
};

Box begin_box(float pad) {
    ImGui::SetCursorPosX(g_margin);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->ChannelsSplit(2);
    dl->ChannelsSetCurrent(1);
    Box box{ImGui::GetCursorScreenPos(), g_margin, pad};
    ImGui::BeginGroup();
    spacer(pad);
    g_margin += pad;
    return box;
}

void end_box(const Box& box, ImU32 fill, ImU32 border) {
    spacer(box.pad);
    ImGui::EndGroup();
    const float width = content_width() + 2 * box.pad;  // g_margin is still the inner one here
    g_margin = box.old_margin;
    const ImVec2 bottom(box.top.x + width, ImGui::GetItemRectMax().y);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->ChannelsSetCurrent(0);
    if (fill)
        dl->AddRectFilled(box.top, bottom, fill);
    if (border)
        dl->AddRect(box.top, bottom, border, 0, 0, 4);
    dl->ChannelsMerge();
}

std::string error_summary(const char* id, const std::string& title,
                          const std::vector<std::pair<std::string, std::string>>& field_errors) {
    std::string clicked;
    const Box box = begin_box(16);
    ImGui::SetCursorPosX(g_margin);
    wrapped_text(title, heading_font(), color().Text);
    platform::WidgetRecord summary = node(id, "alert", title, "");
    summary.autofocus = true; // GOV.UK: the summary takes focus so the problem is read out first
    record(summary);
    for (const auto& [field, message] : field_errors) {
        ImGui::SetCursorPosX(g_margin);
        ImGui::PushID(field.c_str());
        ImGui::PushFont(bold_font());
        const float width = content_width();
        const ImVec2 sz = ImGui::CalcTextSize(message.c_str(), nullptr, false, width);
        const std::string link_id = std::string(id) + "." + field;
        if (ImGui::InvisibleButton("##link", ImVec2(width, std::max(kTouchTarget, sz.y + 8))) ||
            platform::take_activation(link_id))
            clicked = field;
        const ImVec2 a = ImGui::GetItemRectMin();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddText(bold_font(), ImGui::GetFontSize(), ImVec2(a.x, a.y + 4), color().Error, message.c_str(), nullptr, width);
        dl->AddLine(ImVec2(a.x, a.y + 5 + sz.y), ImVec2(a.x + std::min(sz.x, width), a.y + 5 + sz.y), color().Error, 1.5f);
        ImGui::PopFont();
        if (platform::has_focus(link_id))
            focus_ring(a, ImGui::GetItemRectMax());
        record(link_id, "link", message);
        ImGui::PopID();
    }
    end_box(box, 0, color().Error);
    spacer(16);
    return clicked;
}

void scroll_to_field(const std::string& id) { platform::scroll_into_view(id); }
void scroll_to_top() { g_scroll_top = true; }

void file_button(const std::string& id, const std::string& label, const std::string& accept, double max_bytes) {
    ImGui::SetCursorPosX(g_margin);
    ImGui::PushFont(bold_font());
    const ImVec2 text = ImGui::CalcTextSize(label.c_str());
    const ImVec2 size(std::min(content_width(), text.x + 40), kTouchTarget);
    ImGui::PushID(id.c_str());
    ImGui::InvisibleButton("##file", size);
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    platform::file_target(ImGui::GetItemID(), id, a.x, a.y, size.x, size.y, accept, max_bytes);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(a, b, ImGui::IsItemHovered() ? color().SecondaryHover : color().Secondary);
    dl->AddRect(a, b, color().Border, 0, 0, 2);
    dl->AddText(ImVec2(a.x + 20, a.y + (size.y - text.y) / 2), color().Text, label.c_str());
    if (platform::has_focus(id))
        focus_ring(a, b);
    ImGui::PopID();
    ImGui::PopFont();
    record(id, "button", label);
    spacer(8);
}

unsigned file_button_id(const std::string& id) {
    ImGui::PushID(id.c_str());
    const ImGuiID item = ImGui::GetID("##file");
    ImGui::PopID();
    return item;
}

void panel(const char* id, const std::string& title, const std::string& body, const std::string& big) {
    const Box box = begin_box(24);
    ImGui::SetCursorPosX(g_margin);
    wrapped_text(title, heading_font(), color().OnPanel);
    ImGui::SetCursorPosX(g_margin);
    wrapped_text(body, body_font(), color().OnPanel);
    ImGui::SetCursorPosX(g_margin);
    ImGui::PushFont(heading_font());
    ImGui::SetWindowFontScale(1.3f);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(color().OnPanel));
    ImGui::TextUnformatted(big.c_str());
    ImGui::PopStyleColor();
    ImGui::SetWindowFontScale(1.0f);
    ImGui::PopFont();
    end_box(box, color().Panel, color().PanelBorder);
    record(id, "status", title + " " + body, big); // the box's group is the last item
    spacer(16);
}

void key_value(const char* id, const std::string& key, const std::string& value) {
    summary_row(id, key, value, "", "");
}

void alert(const std::string& id, const std::string& text) {
    ImGui::SetCursorPosX(g_margin);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + 5, p.y + ImGui::GetTextLineHeight() + 4), color().Error);
    ImGui::SetCursorPosX(g_margin + 16);
    wrapped_text(text, bold_font(), color().Error);
    record(id, "alert", text, "");
    spacer(8);
}

void status(const std::string& id, const std::string& text) {
    ImGui::SetCursorPosX(g_margin);
    wrapped_text(text, body_font(), color().Text);
    record(id, "status", text, "");
    spacer(8);
}

// ------------------------------------------------------------------ choices
namespace {

enum class Mark { Radio, Checkbox };

// One option row: the mark at the left, the label wrapped beside it; the whole row is the target.
bool choice_row(const std::string& id, const std::string& label, bool checked, Mark mark, bool invalid) {
    const float box = 32.0f;
    const float text_x = box + 20;
    const float width = content_width();
    ImGui::PushFont(body_font());
    const ImVec2 text = ImGui::CalcTextSize(label.c_str(), nullptr, false, width - text_x);
    ImGui::SetCursorPosX(g_margin);
    ImGui::PushID(id.c_str());
    const ImVec2 size(width, std::max(kTouchTarget, text.y + 16));
    const bool pressed = ImGui::InvisibleButton("##choice", size) || platform::take_activation(id);
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 c(a.x + box / 2 + 2, a.y + size.y / 2);
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
    dl->AddText(body_font(), ImGui::GetFontSize(), ImVec2(a.x + text_x, a.y + (size.y - text.y) / 2), color().Text,
                label.c_str(), nullptr, width - text_x);
    if (platform::has_focus(id))
        focus_ring(a, b);
    ImGui::PopID();
    ImGui::PopFont();
    return pressed;
}

// The group's own node, recorded before its options so that the mirror nests them inside it.
void record_group(const std::string& id, const char* role, const FieldText& text) {
    platform::WidgetRecord r = node(id, role, text.label);
    describe_field(r, text);
    record(r);
}

} // namespace

void group_header(const std::string& id, const FieldText& text) {
    ImGui::BeginGroup();
    field_header(text);
    ImGui::EndGroup();
    record_group(id, "group", text);
}

bool radio_group(const std::string& id, const FieldText& text, const std::vector<ChoiceOption>& options,
                 std::string& value) {
    ImGui::BeginGroup();
    field_header(text);
    ImGui::EndGroup();
    record_group(id, "radiogroup", text);
    bool changed = false;
    for (const ChoiceOption& o : options) {
        const std::string option_id = id + "." + o.id;
        const bool checked = value == o.id;
        if (choice_row(option_id, o.label, checked, Mark::Radio, !text.error.empty()) && !checked) {
            value = o.id;
            changed = true;
        }
        platform::WidgetRecord r = node(option_id, "radio", o.label);
        r.checked = value == o.id ? 1 : 0;
        r.parent = id;
        record(r);
        spacer(4);
    }
    spacer(12);
    return changed;
}

bool checkbox_group(const std::string& id, const FieldText& text, const std::vector<ChoiceOption>& options,
                    std::vector<std::string>& values) {
    ImGui::BeginGroup();
    field_header(text);
    ImGui::EndGroup();
    record_group(id, "group", text);
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
        platform::WidgetRecord r = node(option_id, "checkbox", o.label);
        r.checked = std::find(values.begin(), values.end(), o.id) != values.end() ? 1 : 0;
        r.parent = id;
        record(r);
        spacer(4);
    }
    spacer(12);
    return changed;
}

// ------------------------------------------------------------------ navigation and summaries
void caption(const std::string& text, const char* id) {
    ImGui::SetCursorPosX(g_margin);
    wrapped_text(text, body_font(), color().SecondaryText);
    record(id, "text", text);
}

void progress(const std::string& text, const char* id, size_t step, size_t count) {
    caption(text, id);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float width = content_width();
    const float done = count ? width * float(step) / float(count) : 0;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(p.x + g_margin, p.y + 4), ImVec2(p.x + g_margin + width, p.y + 10), color().Secondary);
    dl->AddRectFilled(ImVec2(p.x + g_margin, p.y + 4), ImVec2(p.x + g_margin + done, p.y + 10), color().Primary);
    spacer(18);
}

bool text_link(const std::string& id, const std::string& label, const std::string& accessible) {
    ImGui::PushFont(body_font());
    const float width = content_width();
    const ImVec2 text = ImGui::CalcTextSize(label.c_str(), nullptr, false, width - 16);
    const ImVec2 size(std::min(width, text.x + 16), std::max(kTouchTarget, text.y + 12));
    ImGui::SetCursorPosX(g_margin);
    ImGui::PushID(id.c_str());
    const bool pressed = ImGui::InvisibleButton("##textlink", size) || platform::take_activation(id);
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    const ImVec2 at(a.x + 8, a.y + (size.y - text.y) / 2);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddText(body_font(), ImGui::GetFontSize(), at, color().Link, label.c_str(), nullptr, width - 16);
    dl->AddLine(ImVec2(at.x, at.y + text.y), ImVec2(at.x + text.x, at.y + text.y), color().Link, 1.0f);
    if (platform::has_focus(id))
        focus_ring(a, b);
    ImGui::PopID();
    ImGui::PopFont();
    record(node(id, "link", accessible.empty() ? label : accessible));
    return pressed;
}

bool summary_row(const std::string& id, const std::string& key, const std::string& value,
                 const std::string& change_label, const std::string& change_accessible) {
    ImGui::SetCursorPosX(g_margin);
    wrapped_text(key, bold_font(), color().Text);
    ImGui::SetCursorPosX(g_margin);
    wrapped_text(value.empty() ? std::string("-") : value, body_font(), color().Text);
    record(id, "definition", key, value);
    const bool pressed = !change_label.empty() && text_link(id + ".change", change_label, change_accessible);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddLine(ImVec2(p.x + g_margin, p.y + 4), ImVec2(p.x + g_margin + content_width(), p.y + 4),
                                        color().Border, 1);
    spacer(12);
    return pressed;
}

} // namespace ui
