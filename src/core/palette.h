// The colours every screen is drawn in, after the GOV.UK Design System (black text on white, green
// primary action, yellow focus, red errors), and a high-contrast palette (white and yellow on
// black). Plain data, so that a test can check each pair the UI draws against WCAG 2.x: text
// 4.5:1 on its background (1.4.3), controls and the focus ring 3:1 (1.4.11).
#pragma once
#include <cstdint>
#include <vector>

namespace anl {

using Rgb = uint32_t; // 0xRRGGBB

struct Palette {
    Rgb Text, SecondaryText, Background, FieldBackground, Border, Focus, FocusEdge, Error, Link;
    Rgb Primary, PrimaryHover, OnPrimary, Warning, OnWarning, Secondary, SecondaryHover;
    Rgb Header, OnHeader, Panel, OnPanel, PanelBorder;
};

const Palette& standard_palette();
const Palette& high_contrast_palette();

// WCAG 2.x relative luminance (0 black .. 1 white) and contrast ratio (1 .. 21).
double relative_luminance(Rgb c);
double contrast_ratio(Rgb a, Rgb b);

// A foreground the UI draws on a background, and the ratio WCAG AA asks of it.
struct ColourPair {
    const char* what;
    Rgb foreground, background;
    double minimum;
};
// Every pair the widgets draw (src/ui/widgets.cpp), for the palette given.
std::vector<ColourPair> drawn_pairs(const Palette& p);

} // namespace anl
