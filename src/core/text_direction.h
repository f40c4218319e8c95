// Which texts Dear ImGui can draw itself and which need the browser's text engine, and the
// direction a text starts in. Pure functions on UTF-8, tested natively.
#pragma once
#include <string>

namespace anl {

// True when `utf8` contains a letter of a right-to-left script (Hebrew, Arabic, Syriac, Thaana,
// N'Ko and their presentation forms): such text needs shaping and bidi ordering.
bool has_rtl_script(const std::string& utf8);

// The direction of the first strongly directional character (Unicode bidi rule P2), as the
// browser's dir="auto" decides it: true for right to left. Text without one (digits,
// punctuation, empty) gives `fallback`.
bool starts_rtl(const std::string& utf8, bool fallback);

} // namespace anl
