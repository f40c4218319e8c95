#include "core/palette.h"

#include <algorithm>
#include <cmath>

namespace anl {

namespace {

const Palette kStandard = {
    0x0b0c0c, // Text
    0x505a5f, // SecondaryText
    0xffffff, // Background
    0xffffff, // FieldBackground
    0x0b0c0c, // Border
    0xffdd00, // Focus: a yellow band...
    0x0b0c0c, // FocusEdge: ...with a dark edge around it, so the ring shows on white and on green
    0xd4351c, // Error
    0x1d70b8, // Link
    0x00703c, // Primary
    0x005a30, // PrimaryHover
    0xffffff, // OnPrimary
    0xd4351c, // Warning
    0xffffff, // OnWarning
    0xf3f2f1, // Secondary
    0xdbdad9, // SecondaryHover
    0x0b0c0c, // Header
    0xffffff, // OnHeader
    0x00703c, // Panel
    0xffffff, // OnPanel
    0x00703c, // PanelBorder: the panel's own colour (no visible border)
};

const Palette kHighContrast = {
    0xffffff, // Text
    0xffffff, // SecondaryText: hints stay fully legible
    0x000000, // Background
    0x000000, // FieldBackground
    0xffffff, // Border
    0xffdd00, // Focus
    0x000000, // FocusEdge
    0xff9a8a, // Error
    0xffdd00, // Link
    0xffdd00, // Primary
    0xffffff, // PrimaryHover
    0x000000, // OnPrimary
    0xff9a8a, // Warning
    0x000000, // OnWarning
    0x000000, // Secondary (outlined by the border colour)
    0x333333, // SecondaryHover
    0x000000, // Header
    0xffdd00, // OnHeader
    0x000000, // Panel
    0xffffff, // OnPanel
    0xffffff, // PanelBorder
};

double channel(Rgb c, int shift) {
    const double v = double((c >> shift) & 0xff) / 255.0;
    return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
}

// Of a two-tone ring, the tone that stands out more against `background`.
Rgb visible_part(Rgb band, Rgb edge, Rgb background) {
    return contrast_ratio(band, background) >= contrast_ratio(edge, background) ? band : edge;
}

} // namespace

const Palette& standard_palette() { return kStandard; }
const Palette& high_contrast_palette() { return kHighContrast; }

double relative_luminance(Rgb c) {
    return 0.2126 * channel(c, 16) + 0.7152 * channel(c, 8) + 0.0722 * channel(c, 0);
}

double contrast_ratio(Rgb a, Rgb b) {
    const double la = relative_luminance(a), lb = relative_luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

std::vector<ColourPair> drawn_pairs(const Palette& p) {
    constexpr double kText = 4.5, kControl = 3.0;
    return {
        {"text on the page", p.Text, p.Background, kText},
        {"hint text on the page", p.SecondaryText, p.Background, kText},
        {"error text on the page", p.Error, p.Background, kText},
        {"link on the page", p.Link, p.Background, kText},
        {"typed text in a field", p.Text, p.FieldBackground, kText},
        {"field border on the page", p.Border, p.Background, kControl},
        {"primary button label", p.OnPrimary, p.Primary, kText},
        {"primary button label, hovered", p.OnPrimary, p.PrimaryHover, kText},
        {"warning button label", p.OnWarning, p.Warning, kText},
        {"secondary button label", p.Text, p.Secondary, kText},
        {"secondary button label, hovered", p.Text, p.SecondaryHover, kText},
        {"disabled button label", p.SecondaryText, p.Secondary, kText},
        {"header text", p.OnHeader, p.Header, kText},
        {"confirmation panel text", p.OnPanel, p.Panel, kText},
        {"focus ring: band against its edge", p.Focus, p.FocusEdge, kControl},
        {"focus ring: band or edge against the page", visible_part(p.Focus, p.FocusEdge, p.Background), p.Background,
         kControl},
        {"focus ring: band or edge against a primary button", visible_part(p.Focus, p.FocusEdge, p.Primary), p.Primary,
         kControl},
        {"choice mark on the page", p.Text, p.Background, kControl},
        {"error border on the page", p.Error, p.Background, kControl},
    };
}

} // namespace anl
