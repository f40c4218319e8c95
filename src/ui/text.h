// Measuring and drawing every text of the UI, in one place. Latin, Cyrillic and Ethiopic go
// through Dear ImGui's font atlas. Text in a right-to-left script, and every text on a
// right-to-left page, goes through the browser's text engine (platform::browser_text), which
// joins Arabic letters, orders mixed runs and breaks lines.
#pragma once
#include "imgui.h"

#include <string>

namespace ui {

enum class Face { Body, Heading, Bold };

// The page's direction (the catalog's "dir"). On a right-to-left page layouts are mirrored:
// widgets ask rtl() where their start edge is.
void set_rtl(bool rtl);
bool rtl();

// Where a text goes inside its box: at the page's start edge, centred, or at the start edge of
// the text's own first strong character (dir="auto": a Latin IBAN typed on an Arabic page).
enum class Align { Start, Center, Auto };

// Size in CSS px of `text` in `face` at the current font size; `wrap` > 0 breaks lines to fit.
ImVec2 text_size(Face face, const std::string& text, float wrap = 0);
// Draws `text` inside the box that starts at `at` and is `box_width` wide; returns the top-left
// corner of what was drawn (for an underline).
ImVec2 draw_text(ImDrawList* dl, Face face, ImVec2 at, float box_width, ImU32 col, const std::string& text,
                 float wrap = 0, Align align = Align::Start);

ImFont* imgui_font(Face face);
// The CSS font size (em) at which `face` appears at the current text size: for DOM inputs that
// must look like the canvas text around them.
float css_font_px(Face face);

} // namespace ui
