// Where a text's lines end when it is wrapped to a width (issue 12): the one rule for every text
// that Dear ImGui draws (src/ui/text.cpp). Lines break only at spaces (U+0020, tab) and at line
// breaks. No-break spaces (U+00A0, U+202F narrow, U+2007 figure) and the word joiner U+2060
// hold their neighbours together, so "044 000 00 00", "CHF 1'200.00" and "16.30 Uhr" written
// with them never break; nor does a line break after the dots of "31.03.1985" (Dear ImGui's own
// wrap breaks after '.', ',', ';', '!', '?'). A word wider than the whole line is broken
// between code points, as ImGui does.
#pragma once
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace anl {

// No-break spaces as UTF-8, for formatting values that must stay on one line.
inline constexpr const char* kNoBreakSpace = "\xC2\xA0";        // U+00A0
inline constexpr const char* kNarrowNoBreakSpace = "\xE2\x80\xAF";  // U+202F

// One line: bytes [begin, end) of the text, without the spaces it was broken at.
struct WrappedLine {
    size_t begin = 0, end = 0;
};

// The width of text[begin, end) as drawn. It must add up: the width of a run is the sum of the
// widths of its parts (Dear ImGui's CalcTextSize sums advances; it does not kern).
using MeasureText = std::function<float(const char* begin, const char* end)>;

// The lines of `text` broken to at most `width` (a word wider than that gets a line, or lines,
// of its own). Each '\n' ends a line; an empty text is one empty line.
std::vector<WrappedLine> wrap_lines(const std::string& text, float width, const MeasureText& measure);

// "044 000 00 00" -> "044 000 00 00" with no-break spaces: for answers that are read as one
// value (phone numbers, IBANs).
std::string no_break(const std::string& text);

} // namespace anl
