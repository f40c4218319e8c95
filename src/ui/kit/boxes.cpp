// Boxes and statements: the error summary, the confirmation panel, alerts and status lines,
// summary rows (check your answers) and the status timeline.
#include "ui/widgets.h"
#include "ui/kit/kit.h"

#include "ui/text.h"
#include "ui/theme.h"

#include "imgui.h"

#include <algorithm>

namespace ui {

void error_summary(const char* id, const std::string& title,
                   const std::vector<std::pair<std::string, std::string>>& field_errors) {
    kit().summary = true;
    const Box box = begin_box(16);
    wrapped_text(title, Face::Heading, color().Text);
    // GOV.UK: the summary takes focus so the problem is read out first; it is an alert that
    // holds its title and its links (the mirror nests the links inside it).
    platform::WidgetRecord summary = node(id, "alert", title, "");
    summary.autofocus = true;
    record(summary);
    for (const auto& [field, message] : field_errors) {
        ImGui::SetCursorPosX(kit().margin);
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
        platform::WidgetRecord link = node(link_id, "link", message);
        link.parent = id;
        record(link);
        ImGui::PopID();
    }
    end_box(box, 0, color().Error);
    spacer(16);
}

void panel(const char* id, const std::string& title, const std::string& body, const std::string& big, int level) {
    const Box box = begin_box(24);
    heading_at(level, title, std::string(id) + ".title", color().OnPanel); // level 1: the page's own heading
    ImGui::BeginGroup();
    wrapped_text(body, Face::Body, color().OnPanel);
    ImGui::SetWindowFontScale(1.3f);
    wrapped_text(big, Face::Heading, color().OnPanel);
    ImGui::SetWindowFontScale(1.0f);
    ImGui::EndGroup();
    record(id, "status", body, big); // "Your reference number" and the reference
    end_box(box, color().Panel, color().PanelBorder);
    spacer(16);
}

void status_timeline(const char* id, const std::string& label, const std::vector<TimelineStep>& steps,
                     const std::string (&state_words)[3]) {
    platform::WidgetRecord list = node(id, "list", label);
    ImGui::SetCursorPosX(kit().margin);
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
        ImGui::SetCursorPosX(kit().margin);
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
    ImGui::SetCursorPosX(kit().margin);
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

bool summary_row(const std::string& id, const std::string& key, const std::string& value,
                 const std::string& change_label, const std::string& change_accessible) {
    wrapped_text(key, Face::Bold, color().Text);
    wrapped_text(value.empty() ? std::string("-") : value, Face::Body, color().Text);
    record(id, "definition", key, value);
    const bool pressed = !change_label.empty() && text_link(id + ".change", change_label, change_accessible);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddLine(ImVec2(p.x + kit().margin, p.y + 4), ImVec2(p.x + kit().margin + content_width(), p.y + 4),
                                        color().Border, 1);
    spacer(12);
    return pressed;
}

} // namespace ui
