// The page frame and its text: the scrolling page with its centred column, the header bar,
// headings, paragraphs, the caption and the step bar.
#include "ui/widgets.h"
#include "ui/kit/kit.h"

#include "ui/text.h"
#include "ui/theme.h"

#include "imgui.h"

#include <algorithm>

namespace ui {

void heading_at(int level, const std::string& text, const std::string& id, ImU32 col) {
    wrapped_text(text, level == 1 ? Face::Heading : Face::Bold, col ? col : color().Text);
    platform::WidgetRecord r = node(id, "heading", text, "");
    r.level = level;
    record(r);
    if (level != 1 || !kit().heading.empty())
        return;
    kit().heading = text;
    if (kit().focus_heading) { // a new page: a screen reader starts at its heading
        kit().focus_heading = false;
        platform::focus_widget(id);
    }
}

void focus_page_heading() { kit().focus_heading = true; }
const std::string& page_heading() { return kit().shown_heading; }
bool page_shows_error_summary() { return kit().shown_summary; }

float content_width() {
    return ImGui::GetWindowWidth() - 2 * kit().margin - ImGui::GetStyle().ScrollbarSize;
}

void begin_page(const char* id) {
    const ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);
    ImGui::Begin(id, nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_AlwaysVerticalScrollbar);
    if (kit().scroll_top) {
        ImGui::SetScrollY(0);
        kit().scroll_top = false;
    }
    kit().heading.clear();
    kit().summary = false;
    kit().label_heading.clear();
    const float width = io.DisplaySize.x - ImGui::GetStyle().ScrollbarSize;
    kit().margin = width > kColumnMax + 2 * kPageMargin ? (width - kColumnMax) / 2 : kPageMargin;
}

void end_page() {
    spacer(48);
    ImGui::End();
    kit().shown_heading = kit().heading;
    kit().shown_summary = kit().summary;
}

// The header bar, the page settings row, the section and step line: the chrome above a page's
// heading (issue 12: it took about 270 CSS px of a 844 px phone screen). The bar is one 44 px
// line with the office's name (taller only when the name wraps, at 200 % text).
void header_bar(const std::string& title, const char* id) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float text_h = text_size(Face::Bold, title, content_width()).y; // wraps at 200 % on a phone
    const float h = std::max(44.0f, text_h + 16);
    dl->AddRectFilled(p, ImVec2(p.x + ImGui::GetWindowWidth(), p.y + h), color().Header);
    draw_text(dl, Face::Bold, ImVec2(p.x + kit().margin, p.y + (h - text_h) / 2), content_width(), color().OnHeader, title,
              content_width());
    ImGui::Dummy(ImVec2(ImGui::GetWindowWidth(), h));
    record(id, "banner", title, ""); // the item spacing below it is all the space it needs
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

// ------------------------------------------------------------------ navigation and summaries
namespace {
// The caption drawn last, so that a step right after it can share its line.
struct LastCaption {
    int frame = -1;
    float top = 0, bottom = 0, width = 0;
    bool one_line = false;
};
LastCaption g_caption;
} // namespace

void caption(const std::string& text, const char* id) {
    const float top = ImGui::GetCursorPosY();
    const ImVec2 size = text_size(Face::Body, text, content_width());
    wrapped_text(text, Face::Body, color().SecondaryText);
    record(id, "text", text);
    g_caption = {ImGui::GetFrameCount(), top, ImGui::GetCursorPosY(), size.x,
                 size.y <= text_size(Face::Body, "A").y + 0.5f};
}

// "Step 3 of 26" at the end of the section caption's line when both fit ("Your household ...
// Step 9 of 28"), else on a line of its own; then the bar.
void progress(const std::string& text, const char* id, size_t step, size_t count) {
    const ImVec2 size = text_size(Face::Body, text, content_width());
    const bool beside = g_caption.frame == ImGui::GetFrameCount() && g_caption.one_line &&
                        g_caption.bottom == ImGui::GetCursorPosY() &&
                        g_caption.width + 16 + size.x <= content_width();
    if (beside) {
        ImGui::SetCursorPos(ImVec2(rtl() ? kit().margin : kit().margin + content_width() - size.x, g_caption.top));
        const ImVec2 at = ImGui::GetCursorScreenPos();
        ImGui::Dummy(size);
        draw_text(ImGui::GetWindowDrawList(), Face::Body, at, size.x, color().SecondaryText, text);
        record(id, "text", text);
    } else {
        wrapped_text(text, Face::Body, color().SecondaryText);
        record(id, "text", text);
    }
    g_caption.frame = -1;
    // The bar in the item spacing right below the line: 5 px, and no height of its own.
    const ImVec2 line = ImGui::GetItemRectMax();
    const float y = line.y + 1;
    const ImVec2 p(ImGui::GetWindowPos().x, y);
    const float width = content_width();
    const float done = count ? width * float(step) / float(count) : 0;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(p.x + kit().margin, y), ImVec2(p.x + kit().margin + width, y + 5), color().Secondary);
    const float done_x = p.x + kit().margin + (rtl() ? width - done : 0); // fills from the start edge
    dl->AddRectFilled(ImVec2(done_x, y), ImVec2(done_x + done, y + 5), color().Primary);
}

void scroll_to_field(const std::string& id) { platform::scroll_into_view(id); }

void scroll_to_top() { kit().scroll_top = true; }

} // namespace ui
