#include "core/line_wrap.h"

#include <algorithm>

namespace anl {
namespace {

bool is_break_space(char c) { return c == ' ' || c == '\t'; }

// The length of the UTF-8 sequence that starts with byte c (1 for a stray continuation byte).
size_t code_point_length(unsigned char c) {
    if (c >= 0xF0) return 4;
    if (c >= 0xE0) return 3;
    if (c >= 0xC0) return 2;
    return 1;
}

// Lines of one paragraph, text[begin, end) without '\n'. Spaces where a line breaks, and at
// the start of the paragraph, are not part of any line.
void wrap_paragraph(const std::string& text, size_t begin, size_t end, float width, const MeasureText& measure,
                    std::vector<WrappedLine>& lines) {
    const char* s = text.data();
    WrappedLine line{begin, begin};
    float line_width = 0;
    bool empty = true;  // no word on the line yet
    size_t i = begin;
    while (true) {
        size_t word = i;
        while (word < end && is_break_space(s[word]))
            word++;
        if (word == end)
            break;
        size_t word_end = word;
        while (word_end < end && !is_break_space(s[word_end]))
            word_end++;
        const float word_width = measure(s + word, s + word_end);
        i = word_end;
        if (!empty) {
            const float spaces = measure(s + line.end, s + word);
            if (line_width + spaces + word_width <= width) {
                line.end = word_end;
                line_width += spaces + word_width;
                continue;
            }
            lines.push_back(line);
        }
        // The word starts a line. Wider than a line: as many code points per line as fit.
        size_t at = word;
        float rest = word_width;
        while (rest > width) {
            size_t cut = at;
            float w = 0;
            while (cut < word_end) {
                const size_t next = std::min(word_end, cut + code_point_length(static_cast<unsigned char>(s[cut])));
                const float cw = measure(s + cut, s + next);
                if (cut > at && w + cw > width)
                    break;
                w += cw;
                cut = next;
            }
            if (cut >= word_end)
                break;
            lines.push_back(WrappedLine{at, cut});
            at = cut;
            rest = measure(s + at, s + word_end);
        }
        line = WrappedLine{at, word_end};
        line_width = rest;
        empty = false;
    }
    lines.push_back(line);  // the last line, or the empty line of an empty paragraph
}

} // namespace

std::vector<WrappedLine> wrap_lines(const std::string& text, float width, const MeasureText& measure) {
    std::vector<WrappedLine> lines;
    size_t begin = 0;
    while (true) {
        const size_t nl = text.find('\n', begin);
        const size_t end = nl == std::string::npos ? text.size() : nl;
        wrap_paragraph(text, begin, end, width, measure, lines);
        if (nl == std::string::npos)
            break;
        begin = nl + 1;
    }
    return lines;
}

std::string no_break(const std::string& text) {
    std::string out;
    for (char c : text)
        out += c == ' ' ? std::string(kNoBreakSpace) : std::string(1, c);
    return out;
}

} // namespace anl
