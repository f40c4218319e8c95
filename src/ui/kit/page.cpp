// The page frame and its text: the scrolling page with its centred column, the header bar,
// headings, paragraphs, the caption and the step bar.
#include "ui/widgets.h"
#include "ui/kit/kit.h"

#include "ui/text.h"
#include "ui/theme.h"

#include "imgui.h"

#include <algorithm>

namespace ui {
namespace {

void heading_at(int level, const std::string& text, const std::string& id) {
    wrapped_text(text, level == 1 ? Face::Heading : Face::Bold, color().Text);
    platform::WidgetRecord r = node(id, "heading", text, "");
    r.level = level;
    record(r);
}

} // namespace

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
    const float width = io.DisplaySize.x - ImGui::GetStyle().ScrollbarSize;
    kit().margin = width > kColumnMax + 2 * kPageMargin ? (width - kColumnMax) / 2 : kPageMargin;
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
    draw_text(dl, Face::Bold, ImVec2(p.x + kit().margin, p.y + (h - text_h) / 2), content_width(), color().OnHeader, title,
              content_width());
    ImGui::Dummy(ImVec2(ImGui::GetWindowWidth(), h));
    record(id, "banner", title, "");
    spacer(16);
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
    dl->AddRectFilled(ImVec2(p.x + kit().margin, p.y + 4), ImVec2(p.x + kit().margin + width, p.y + 10), color().Secondary);
    const float done_x = p.x + kit().margin + (rtl() ? width - done : 0); // fills from the start edge
    dl->AddRectFilled(ImVec2(done_x, p.y + 4), ImVec2(done_x + done, p.y + 10), color().Primary);
    spacer(18);
}

void scroll_to_field(const std::string& id) { platform::scroll_into_view(id); }

void scroll_to_top() { kit().scroll_top = true; }

} // namespace ui
