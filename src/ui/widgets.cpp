#include "ui/widgets.h"

#include "ui/text.h"
#include "ui/theme.h"

#include "imgui.h"
#include "imgui_internal.h"

#include <algorithm>
#include <cmath>

namespace ui {
namespace {

bool g_scroll_top = false;
float g_margin = kPageMargin;
// The disclosure opened last: Escape folds it again (WAI-ARIA disclosure pattern).
std::string g_last_opened;

// Mirroring for right-to-left pages. Widgets lay out from their start edge; these turn that into
// x positions: the cursor for an item `width` wide that starts a line, and the screen x of a
// part `offset` from the start edge of the item [a, b].
float line_start_x(float width) { return rtl() ? g_margin + content_width() - width : g_margin; }
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

// A block of text across the column (less `indent` at its start edge), as one item.
void wrapped_text(const std::string& text, Face face, ImU32 col, float indent = 0) {
    const float width = content_width() - indent;
    ImGui::SetCursorPosX(rtl() ? g_margin : g_margin + indent);
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
    wrapped_text(text.label, Face::Bold, color().Text);
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
    const float text_h = text_size(Face::Bold, title, content_width()).y; // wraps at 200 % on a phone
    const float h = std::max(56.0f, text_h + 24);
    dl->AddRectFilled(p, ImVec2(p.x + ImGui::GetWindowWidth(), p.y + h), color().Header);
    draw_text(dl, Face::Bold, ImVec2(p.x + g_margin, p.y + (h - text_h) / 2), content_width(), color().OnHeader, title,
              content_width());
    ImGui::Dummy(ImVec2(ImGui::GetWindowWidth(), h));
    record(id, "banner", title, "");
    spacer(16);
}

void heading_at(int level, const std::string& text, const std::string& id) {
    wrapped_text(text, level == 1 ? Face::Heading : Face::Bold, color().Text);
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
    wrapped_text(text, Face::Body, secondary ? color().SecondaryText : color().Text);
    record(id, "text", text, "");
    spacer(4);
}

void spacer(float px) { ImGui::Dummy(ImVec2(1, px)); }

// Inline items flow from the start edge and wrap to a new row when the next one does not fit.
// g_row_next.x is the distance from the start edge, .y the window-local row position.
ImVec2 g_row_next;
float g_row_height = 0;

// Places the cursor for an inline item of `size`; call before the item.
void place_inline(const ImVec2& size, bool first_in_row) {
    if (first_in_row) {
        g_row_next = ImVec2(0, ImGui::GetCursorPosY());
        g_row_height = 0;
    } else if (g_row_next.x + size.x > content_width() && g_row_next.x > 0) {
        g_row_next = ImVec2(0, g_row_next.y + g_row_height + 4);
        g_row_height = 0;
    }
    const float x = rtl() ? g_margin + content_width() - g_row_next.x - size.x : g_margin + g_row_next.x;
    ImGui::SetCursorPos(ImVec2(x, g_row_next.y));
    g_row_next.x += size.x + 8;
    g_row_height = std::max(g_row_height, size.y);
}

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

// A globe (the sign for "language" on the web), drawn: no font needs to have it.
void globe_icon(ImDrawList* dl, const ImVec2& c, float r, ImU32 col) {
    dl->AddCircle(c, r, col, 24, 1.5f);
    dl->AddLine(ImVec2(c.x - r, c.y), ImVec2(c.x + r, c.y), col, 1.5f);
    dl->AddLine(ImVec2(c.x, c.y - r), ImVec2(c.x, c.y + r), col, 1.5f);
    dl->AddBezierQuadratic(ImVec2(c.x, c.y - r), ImVec2(c.x - r, c.y), ImVec2(c.x, c.y + r), col, 1.5f);
    dl->AddBezierQuadratic(ImVec2(c.x, c.y - r), ImVec2(c.x + r, c.y), ImVec2(c.x, c.y + r), col, 1.5f);
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
    if (!pressed && open && id == g_last_opened && platform::take_escape()) {
        pressed = true;
        platform::focus_widget(id); // focus returns to the toggle, not to the top of the page
    }
    if (pressed || (!open && id == g_last_opened))
        g_last_opened = pressed && !open ? id : "";
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

void text_field(const std::string& id, const FieldText& text, std::string& value, platform::TextFieldSpec spec,
                int lines) {
    const bool invalid = !text.error.empty();
    field_header(text);
    ImGui::SetCursorPosX(g_margin);
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

void error_summary(const char* id, const std::string& title,
                   const std::vector<std::pair<std::string, std::string>>& field_errors) {
    const Box box = begin_box(16);
    wrapped_text(title, Face::Heading, color().Text);
    platform::WidgetRecord summary = node(id, "alert", title, "");
    summary.autofocus = true; // GOV.UK: the summary takes focus so the problem is read out first
    record(summary);
    for (const auto& [field, message] : field_errors) {
        ImGui::SetCursorPosX(g_margin);
        ImGui::PushID(field.c_str());
        const float width = content_width();
        const ImVec2 sz = text_size(Face::Bold, message, width);
        const std::string link_id = std::string(id) + "." + field;
        if (ImGui::InvisibleButton("##link", ImVec2(width, std::max(kTouchTarget, sz.y + 8))) ||
            platform::take_activation(link_id)) {
            scroll_to_field(field);
            platform::focus_widget(field);
        }
        const ImVec2 a = ImGui::GetItemRectMin();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const ImVec2 at = draw_text(dl, Face::Bold, ImVec2(a.x, a.y + 4), width, color().Error, message, width);
        dl->AddLine(ImVec2(at.x, at.y + 1 + sz.y), ImVec2(at.x + std::min(sz.x, width), at.y + 1 + sz.y), color().Error, 1.5f);
        if (platform::has_focus(link_id))
            focus_ring(a, ImGui::GetItemRectMax());
        record(link_id, "link", message);
        ImGui::PopID();
    }
    end_box(box, 0, color().Error);
    spacer(16);
}

void scroll_to_field(const std::string& id) { platform::scroll_into_view(id); }
void scroll_to_top() { g_scroll_top = true; }

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

void panel(const char* id, const std::string& title, const std::string& body, const std::string& big) {
    const Box box = begin_box(24);
    wrapped_text(title, Face::Heading, color().OnPanel);
    wrapped_text(body, Face::Body, color().OnPanel);
    ImGui::SetWindowFontScale(1.3f);
    wrapped_text(big, Face::Heading, color().OnPanel);
    ImGui::SetWindowFontScale(1.0f);
    end_box(box, color().Panel, color().PanelBorder);
    record(id, "status", title + " " + body, big); // the box's group is the last item
    spacer(16);
}

void status_timeline(const char* id, const std::string& label, const std::vector<TimelineStep>& steps,
                     const std::string (&state_words)[3]) {
    platform::WidgetRecord list = node(id, "list", label);
    ImGui::SetCursorPosX(g_margin);
    ImGui::Dummy(ImVec2(content_width(), 1));
    record(list);
    const float mark = 28.0f, text_x = mark + 20;
    const float width = content_width() - text_x;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (size_t i = 0; i < steps.size(); i++) {
        const TimelineStep& step = steps[i];
        const std::string& state = state_words[int(step.state)];
        const std::string title = step.title + " (" + state + ")";
        const Face face = step.state == StepState::Current ? Face::Bold : Face::Body;
        const ImVec2 title_size = text_size(face, title, width);
        const ImVec2 detail_size = step.detail.empty() ? ImVec2(0, 0) : text_size(Face::Body, step.detail, width);
        const float h = std::max(kTouchTarget, title_size.y + detail_size.y + 20);
        ImGui::SetCursorPosX(g_margin);
        ImGui::Dummy(ImVec2(content_width(), h));
        const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
        const ImVec2 c(part_x(a, b, 0, mark) + mark / 2, a.y + 4 + mark / 2);
        if (i + 1 < steps.size()) // the line down to the next mark
            dl->AddLine(ImVec2(c.x, c.y + mark / 2), ImVec2(c.x, b.y + 4 + mark / 2), color().SecondaryText, 3);
        if (step.state == StepState::Done) {
            dl->AddCircleFilled(c, mark / 2, color().Primary, 24);
            dl->AddLine(ImVec2(c.x - 7, c.y), ImVec2(c.x - 2, c.y + 6), color().OnPrimary, 3);
            dl->AddLine(ImVec2(c.x - 2, c.y + 6), ImVec2(c.x + 8, c.y - 6), color().OnPrimary, 3);
        } else {
            dl->AddCircleFilled(c, mark / 2, color().Background, 24);
            dl->AddCircle(c, mark / 2 - 2, step.state == StepState::Current ? color().Text : color().SecondaryText, 24,
                          step.state == StepState::Current ? 5.0f : 2.0f);
        }
        const float x = part_x(a, b, text_x, width);
        draw_text(dl, face, ImVec2(x, a.y + 4), width, color().Text, title, width);
        if (!step.detail.empty())
            draw_text(dl, Face::Body, ImVec2(x, a.y + 8 + title_size.y), width, color().SecondaryText, step.detail, width);
        platform::WidgetRecord item = node(std::string(id) + "." + std::to_string(i + 1), "listitem",
                                           step.detail.empty() ? title : title + ". " + step.detail);
        item.current = step.state == StepState::Current;
        item.parent = id;
        record(item);
    }
    spacer(12);
}

void key_value(const char* id, const std::string& key, const std::string& value) {
    summary_row(id, key, value, "", "");
}

void alert(const std::string& id, const std::string& text) {
    ImGui::SetCursorPosX(g_margin);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float bar_x = p.x + (rtl() ? content_width() - 5 : 0);
    const float bar_h = text_size(Face::Bold, text, content_width() - 16).y;
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(bar_x, p.y), ImVec2(bar_x + 5, p.y + bar_h), color().Error);
    wrapped_text(text, Face::Bold, color().Error, 16);
    record(id, "alert", text, "");
    spacer(8);
}

void status(const std::string& id, const std::string& text) {
    wrapped_text(text, Face::Body, color().Text);
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
    const ImVec2 text = text_size(Face::Body, label, width - text_x);
    ImGui::SetCursorPosX(g_margin);
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
    wrapped_text(text, Face::Body, color().SecondaryText);
    record(id, "text", text);
}

void progress(const std::string& text, const char* id, size_t step, size_t count) {
    caption(text, id);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float width = content_width();
    const float done = count ? width * float(step) / float(count) : 0;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(p.x + g_margin, p.y + 4), ImVec2(p.x + g_margin + width, p.y + 10), color().Secondary);
    const float done_x = p.x + g_margin + (rtl() ? width - done : 0); // fills from the start edge
    dl->AddRectFilled(ImVec2(done_x, p.y + 4), ImVec2(done_x + done, p.y + 10), color().Primary);
    spacer(18);
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

bool summary_row(const std::string& id, const std::string& key, const std::string& value,
                 const std::string& change_label, const std::string& change_accessible) {
    wrapped_text(key, Face::Bold, color().Text);
    wrapped_text(value.empty() ? std::string("-") : value, Face::Body, color().Text);
    record(id, "definition", key, value);
    const bool pressed = !change_label.empty() && text_link(id + ".change", change_label, change_accessible);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddLine(ImVec2(p.x + g_margin, p.y + 4), ImVec2(p.x + g_margin + content_width(), p.y + 4),
                                        color().Border, 1);
    spacer(12);
    return pressed;
}

} // namespace ui
