// Page settings every page offers at the top: the language picker (each language in its own name,
// so someone who cannot read the current language still finds theirs) and the text size.
#include "platform/platform.h"
#include "ui/app.h"
#include "ui/kit/kit.h"
#include "ui/theme.h"
#include "ui/widgets.h"

#include "imgui.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace ui {

namespace {
// Below this column width (phones) the language names would take a third of the screen: they are
// folded behind one link with a globe, named in the page's language and in English.
constexpr float kLanguageRowMinWidth = 560.0f;

// On a phone (issue 12: the chrome above the question took a third of the screen) the page
// settings are one row: "Display settings" at the start edge and the folded language picker at
// the end edge, showing a globe and the language's own name ("Deutsch"), named in full for
// screen readers ("Sprache · Language: Deutsch", which holds what it shows: WCAG 2.5.3). When
// both do not fit (long names at 200 % text) the picker takes a row of its own below. The row
// is drawn by display_settings, which always follows language_links; this holds the current
// language's name in between.
struct PhoneRow {
    bool pending = false;
    std::string current;
};
PhoneRow g_phone_row;

// The folded language picker's toggle at window-local (x, y): a disclosure (aria-expanded;
// Escape folds it again and gives it the focus, as ui::disclosure does) with a drawn globe.
bool language_toggle(const std::string& shown, const std::string& name, bool open, float x) {
    const std::string id = "language.toggle";
    const float icon = std::round(text_size(Face::Body, "A").y * 0.8f) + 8;
    const ImVec2 text = text_size(Face::Body, shown);
    ImGui::SetCursorPosX(x);
    ImGui::PushID(id.c_str());
    bool pressed = ImGui::InvisibleButton("##language", ImVec2(text.x + icon + 16, std::max(kTouchTarget, text.y + 12))) ||
                   platform::take_activation(id);
    if (!pressed && open && id == kit().last_opened && platform::take_escape()) {
        pressed = true;
        platform::focus_widget(id);
    }
    if (pressed || (!open && id == kit().last_opened))
        kit().last_opened = pressed && !open ? id : "";
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    // A globe (the sign for "language" on the web): no font needs to have it.
    const float r = (icon - 8) / 2;
    const ImVec2 c(part_x(a, b, 8, icon - 8) + r, (a.y + b.y) / 2);
    const ImU32 col = color().Link;
    dl->AddCircle(c, r, col, 24, 1.5f);
    dl->AddLine(ImVec2(c.x - r, c.y), ImVec2(c.x + r, c.y), col, 1.5f);
    dl->AddLine(ImVec2(c.x, c.y - r), ImVec2(c.x, c.y + r), col, 1.5f);
    dl->AddBezierQuadratic(ImVec2(c.x, c.y - r), ImVec2(c.x - r, c.y), ImVec2(c.x, c.y + r), col, 1.5f);
    dl->AddBezierQuadratic(ImVec2(c.x, c.y - r), ImVec2(c.x + r, c.y), ImVec2(c.x, c.y + r), col, 1.5f);
    const ImVec2 at = draw_text(dl, Face::Body, ImVec2(part_x(a, b, 8 + icon, text.x), a.y + (b.y - a.y - text.y) / 2),
                                text.x, col, shown);
    dl->AddLine(ImVec2(at.x, at.y + text.y), ImVec2(at.x + text.x, at.y + text.y), col, 1.0f);
    if (platform::has_focus(id))
        focus_ring(a, b);
    ImGui::PopID();
    platform::WidgetRecord rec = node(id, "button", name);
    rec.expanded = open ? 1 : 0;
    record(rec);
    return pressed;
}

float language_toggle_width(const std::string& shown) {
    return text_size(Face::Body, shown).x + std::round(text_size(Face::Body, "A").y * 0.8f) + 8 + 16;
}

// The languages, each in its own name, as a row of links that wraps; a choice folds the picker.
void language_names(AppContext& ctx) {
    for (size_t i = 0; i < ctx.languages.size(); i++) {
        const Language& l = ctx.languages[i];
        const bool current = l.code == ctx.catalog.language();
        if (inline_link("lang." + l.code, l.name, l.code, current, i == 0) && ctx.switch_language) {
            ctx.switch_language(l.code);
            ctx.languages_open = false;
        }
    }
    spacer(4);
}

// A machine-made translation says so, in its own words (catalog meta.machine_translated).
void machine_translation_note(AppContext& ctx) {
    if (ctx.catalog.machine_translated())
        paragraph(ctx.t("settings.machine_translated"), "machine_translated", true);
}

void phone_row(AppContext& ctx, const std::string& current) {
    const float row_y = ImGui::GetCursorPosY();
    // As ui::disclosure shows it (an en dash: Noto Sans has no U+2212).
    const std::string display = std::string(ctx.display_open ? "\u2013 " : "+ ") + ctx.t("settings.display");
    const float display_w = text_size(Face::Body, display).x + 16;
    const float language_w = language_toggle_width(current);
    const bool share = display_w + 8 + language_w <= content_width();
    if (disclosure("display.toggle", ctx.t("settings.display"), ctx.display_open))
        ctx.display_open = !ctx.display_open;
    float x = line_start_x(language_w);
    if (share) {  // at the row's end edge (the left on a right-to-left page)
        ImGui::SetCursorPosY(row_y);
        x = rtl() ? kit().margin : kit().margin + content_width() - language_w;
    }
    if (language_toggle(current, ctx.t("settings.language") + ": " + current, ctx.languages_open, x))
        ctx.languages_open = !ctx.languages_open;
    if (ctx.display_open) {
        text_size_links(ctx);
        contrast_links(ctx);
    }
    if (ctx.languages_open)
        language_names(ctx);
    machine_translation_note(ctx);
}

} // namespace

void language_links(AppContext& ctx) {
    g_phone_row = {};
    if (ctx.languages.size() < 2)
        return;
    if (content_width() < kLanguageRowMinWidth) {
        for (const Language& l : ctx.languages)
            if (l.code == ctx.catalog.language())
                g_phone_row.current = l.name;
        g_phone_row.pending = true;  // drawn by display_settings, in the one row
        return;
    }
    language_names(ctx);
}

// Folded by default so that on a phone the form starts near the top; opened, it stays open.
void display_settings(AppContext& ctx) {
    if (g_phone_row.pending) {
        g_phone_row.pending = false;
        return phone_row(ctx, g_phone_row.current);
    }
    if (disclosure("display.toggle", ctx.t("settings.display"), ctx.display_open))
        ctx.display_open = !ctx.display_open;
    if (ctx.display_open) {
        text_size_links(ctx);
        contrast_links(ctx);
    }
    machine_translation_note(ctx);
}

void text_size_links(AppContext& ctx) {
    static const int kPercents[] = {100, 150, 200};
    const int now = int(std::lround(platform::text_scale() * 100));
    inline_label("text_size.label", ctx.t("settings.text_size"));
    for (int percent : kPercents) {
        const std::string label = std::to_string(percent) + " %";
        if (inline_link("text_size." + std::to_string(percent), label, "", percent == now, false))
            platform::set_text_scale(float(percent) / 100.0f);
    }
    spacer(4);
}

void contrast_links(AppContext& ctx) {
    inline_label("contrast.label", ctx.t("settings.contrast"));
    if (inline_link("contrast.standard", ctx.t("settings.contrast.standard"), "", !high_contrast(), false))
        set_high_contrast(false);
    if (inline_link("contrast.high", ctx.t("settings.contrast.high"), "", high_contrast(), false))
        set_high_contrast(true);
    spacer(8);
}

} // namespace ui
