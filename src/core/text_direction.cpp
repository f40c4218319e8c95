#include "core/text_direction.h"

#include "core/text.h"

namespace anl {
namespace {

bool is_rtl_letter(char32_t c) {
    return (c >= 0x0590 && c <= 0x08FF) ||   // Hebrew, Arabic, Syriac, Arabic Supplement, Thaana, N'Ko, ...
           (c >= 0xFB1D && c <= 0xFDFF) ||   // Hebrew and Arabic presentation forms A
           (c >= 0xFE70 && c <= 0xFEFF && c != 0xFEFF) || // Arabic presentation forms B
           c == 0x200F;                      // RIGHT-TO-LEFT MARK
}

// Letters of left-to-right scripts, coarsely: what is not neutral (ASCII digits, spaces,
// punctuation, symbols, combining marks) and not right to left.
bool is_ltr_letter(char32_t c) {
    if (c < 0x80)
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    if (c == 0x200E) // LEFT-TO-RIGHT MARK
        return true;
    if (c < 0x00C0 || c == 0x00D7 || c == 0x00F7)
        return false; // Latin-1 punctuation and signs
    if ((c >= 0x0300 && c <= 0x036F) || (c >= 0x2000 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x303F) ||
        c == 0xFFFD)
        return false; // combining marks, general punctuation, symbols, arrows
    return !is_rtl_letter(c);
}

} // namespace

bool has_rtl_script(const std::string& utf8) {
    for (size_t i = 0; i < utf8.size();)
        if (is_rtl_letter(next_code_point(utf8, i)))
            return true;
    return false;
}

bool starts_rtl(const std::string& utf8, bool fallback) {
    for (size_t i = 0; i < utf8.size();) {
        const char32_t c = next_code_point(utf8, i);
        if (is_rtl_letter(c))
            return true;
        if (is_ltr_letter(c))
            return false;
    }
    return fallback;
}

} // namespace anl
