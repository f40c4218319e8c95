// Fonts and browser-drawn text: Dear ImGui's atlas (the base fonts and the scripts merged into
// them), the fonts given to the browser, text the browser lays out, and the script table
// (spec/scripts.json). web/js/fonts.js is its JS half.
#pragma once
#include "core/encoding.h"

#include <functional>
#include <string>
#include <vector>

namespace platform {

// Registers Dear ImGui fonts (Regular, Bold) from TTF bytes, rasterised for the current DPR and
// text scale. Fonts of further scripts ("cyrillic", "ethiopic") are merged in as they arrive, so
// a page downloads only the scripts its language needs.
void set_fonts(anl::Bytes regular, anl::Bytes bold, float size_css_px);
// Gives the browser a font, from bytes already downloaded, under `family` (spec/scripts.json
// names the families): for the DOM inputs and for browser_text. `done` runs once the browser
// can draw with it (false: it refused the bytes).
void add_browser_font(const std::string& family, bool bold, const anl::Bytes& ttf, std::function<void(bool)> done);
void add_script_fonts(const std::string& script, anl::Bytes regular, anl::Bytes bold);
bool has_script_fonts(const std::string& script);
// Text size for low vision: 1.0 to 2.0; the whole UI lays out again, glyphs re-rasterised.
void set_text_scale(float scale);
float text_scale();

// ------------------------------------------------------------------ the script table
// What spec/scripts.json says of a script: "latin", "cyrillic", "ethiopic", "arabic", and the
// small subsets of the language names in the picker ("names-cyrillic", ...).
// A catalog script the UI draws correctly (atlas or browser); others fall back to German.
bool script_supported(const std::string& script);
// Drawn by the browser's text engine (ui/text.h): its fonts go to the browser, not the atlas.
bool script_drawn_by_browser(const std::string& script);
// The URLs of a script's fonts (regular, bold; one file may serve both); false: none to load.
bool script_font_urls(const std::string& script, std::string& regular, std::string& bold);
// The browser family a script's fonts are registered under ("" when the browser gets none).
std::string script_browser_family(const std::string& script);
// The Latin base fonts the atlas starts from: their URLs, and the family the browser gets them as.
std::string base_font_url(bool bold);
std::string base_font_family();
// The scripts a page loads besides its language's own: the picker's language names, or (the
// staff page, which reads what applicants wrote) every whole script.
std::vector<std::string> preloaded_scripts(bool every_script);

// ------------------------------------------------------------------ browser-drawn text
// Dear ImGui places glyphs one code point at a time, left to right: it cannot join Arabic letters,
// order right-to-left and mixed runs, or apply Persian forms. Such text is laid out by the
// browser's own text engine (Canvas2D: shaping, the Unicode bidi algorithm, the fonts given with
// add_browser_font) into a texture that ImGui draws as an image (docs/ACCESSIBILITY.md,
// "Scripts"). Images are cached by text and style, and deleted when not drawn for 30 frames.
struct TextImage {
    unsigned texture = 0;      // GL texture name (white text, alpha coverage)
    float w = 0, h = 0;        // CSS px
};
struct TextStyle {
    bool bold = false;
    float size = 18;           // font size, CSS px
    float line_height = 24;    // CSS px per line
    float wrap = 0;            // break lines at spaces to fit this width, CSS px; 0: one line
    bool rtl = false;          // the paragraph's base direction
};
TextImage browser_text(const std::string& utf8, const TextStyle& style);

} // namespace platform
