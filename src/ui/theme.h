// Colours and sizes. The colours are src/core/palette.h's (GOV.UK Design System; a test checks
// every pair the widgets draw against WCAG AA) as ImGui colours. The high-contrast palette (white
// and yellow on black) is one tap away and follows `prefers-contrast: more` by default.
#pragma once
#include "core/palette.h"
#include "imgui.h"

namespace ui {

// Body text at 100 %, as Dear ImGui sizes fonts: by line height. Noto Sans's em is 1000/1362 of
// that, so 22 px gives a 16.2 px em, a browser's and GOV.UK's body size on phones.
constexpr float kFontSize = 22.0f;
constexpr float kTouchTarget = 48.0f;     // buttons and fields are at least this tall (>= 44)
constexpr float kColumnMax = 640.0f;      // readable line length on desktops
constexpr float kPageMargin = 16.0f;

struct Palette {
    ImU32 Text, SecondaryText, Background, FieldBackground, Border, Focus, FocusEdge, Error, Link;
    ImU32 Primary, PrimaryHover, OnPrimary, Warning, OnWarning, Secondary, SecondaryHover;
    ImU32 Header, OnHeader, Panel, OnPanel, PanelBorder;
};

// The palette in use.
const Palette& color();
bool high_contrast();
void set_high_contrast(bool on);

void apply_theme();

} // namespace ui
