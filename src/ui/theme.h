// Colours and sizes, after the GOV.UK Design System: black text on white, green primary action,
// yellow focus, red errors. Every pair used for text meets WCAG AA (4.5:1) on its background.
#pragma once
#include "imgui.h"

namespace ui {

constexpr float kFontSize = 18.0f;        // CSS px; body text
constexpr float kTouchTarget = 48.0f;     // buttons and fields are at least this tall (>= 44)
constexpr float kColumnMax = 640.0f;      // readable line length on desktops
constexpr float kPageMargin = 16.0f;

namespace color {
constexpr ImU32 Text = IM_COL32(0x0b, 0x0c, 0x0c, 0xff);        // 19.8:1 on white
constexpr ImU32 SecondaryText = IM_COL32(0x50, 0x5a, 0x5f, 0xff); // 7.0:1 on white
constexpr ImU32 Background = IM_COL32(0xff, 0xff, 0xff, 0xff);
constexpr ImU32 Border = IM_COL32(0x0b, 0x0c, 0x0c, 0xff);
constexpr ImU32 Focus = IM_COL32(0xff, 0xdd, 0x00, 0xff);
constexpr ImU32 Error = IM_COL32(0xd4, 0x35, 0x1c, 0xff);        // 4.5:1 on white
constexpr ImU32 Primary = IM_COL32(0x00, 0x70, 0x3c, 0xff);      // white on it: 5.9:1
constexpr ImU32 PrimaryHover = IM_COL32(0x00, 0x5a, 0x30, 0xff);
constexpr ImU32 Link = IM_COL32(0x1d, 0x70, 0xb8, 0xff);         // 5.2:1 on white
constexpr ImU32 Secondary = IM_COL32(0xf3, 0xf2, 0xf1, 0xff);
constexpr ImU32 SecondaryHover = IM_COL32(0xdb, 0xda, 0xd9, 0xff);
constexpr ImU32 Panel = IM_COL32(0x00, 0x70, 0x3c, 0xff);
constexpr ImU32 Header = IM_COL32(0x0b, 0x0c, 0x0c, 0xff);
constexpr ImU32 White = IM_COL32(0xff, 0xff, 0xff, 0xff);
} // namespace color

void apply_theme();

} // namespace ui
