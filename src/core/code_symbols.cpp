#include "core/code_symbols.h"

#include "core/text.h"

#include <sodium.h>

#include <cstring>

namespace anl {
namespace {

// Separators people and their devices put between the groups: dropped.
bool is_separator(char32_t c) {
    switch (c) {
    case U' ': case U'\t': case U'\n': case U'\r': case U'-': case U'.':
    case 0x00A0:  // no-break space
    case 0x00AD:  // soft hyphen
    case 0x00B7:  // middle dot
    case 0x2007: case 0x2009: case 0x200A: case 0x200B: case 0x202F:  // figure, thin, hair, zero-width, narrow no-break space
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:  // hyphen .. horizontal bar
    case 0x2212:  // minus sign
    case 0x3000:  // ideographic space
    case 0xFEFF:  // zero-width no-break space (BOM)
    case 0xFF0D: case 0xFF0E:  // full-width hyphen-minus, full stop
        return true;
    default:
        return false;
    }
}

// Cyrillic letters that look like a Latin letter of the alphabet, upper and lower case.
char cyrillic_look_alike(char32_t c) {
    switch (c) {
    case 0x0410: case 0x0430: return 'A';
    case 0x0412: case 0x0432: return 'B';
    case 0x0415: case 0x0435: return 'E';
    case 0x041A: case 0x043A: return 'K';
    case 0x041C: case 0x043C: return 'M';
    case 0x041D: case 0x043D: return 'H';
    case 0x0420: case 0x0440: return 'P';
    case 0x0421: case 0x0441: return 'C';
    case 0x0422: case 0x0442: return 'T';
    case 0x0425: case 0x0445: return 'X';
    default: return 0;
    }
}

// The ASCII upper-case letter or digit c stands for, or 0.
char code_symbol(char32_t c) {
    if (c >= 0xFF01 && c <= 0xFF5E)  // full-width ASCII
        c -= 0xFEE0;
    if (c >= U'a' && c <= U'z')
        return char(c - U'a' + U'A');
    if ((c >= U'A' && c <= U'Z') || (c >= U'0' && c <= U'9'))
        return char(c);
    return cyrillic_look_alike(c);
}

} // namespace

std::string random_code_symbols(size_t count) {
    const uint32_t n = uint32_t(std::strlen(kCodeAlphabet));
    std::string symbols;
    for (size_t i = 0; i < count; i++)
        symbols += kCodeAlphabet[randombytes_uniform(n)];
    return symbols;
}

std::string group_code_symbols(const std::string& symbols) {
    std::string code;
    for (size_t i = 0; i < symbols.size(); i++) {
        if (i && i % 4 == 0)
            code += '-';
        code += symbols[i];
    }
    return code;
}

std::optional<std::string> read_code_symbols(const std::string& typed, size_t count) {
    if (typed.size() > 1024 || !is_valid_utf8(typed))
        return std::nullopt;
    std::string symbols;
    for (size_t i = 0; i < typed.size();) {
        const char32_t c = next_code_point(typed, i);
        if (is_separator(c))
            continue;
        const char s = code_symbol(c);
        if (!s || !std::strchr(kCodeAlphabet, s) || symbols.size() == count)
            return std::nullopt;
        symbols += s;
    }
    if (symbols.size() != count)
        return std::nullopt;
    return symbols;
}

} // namespace anl
