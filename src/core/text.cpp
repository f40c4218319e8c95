#include "core/text.h"

namespace anl {

bool is_valid_utf8(const std::string& s) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const auto* end = p + s.size();
    while (p < end) {
        unsigned c = *p;
        int extra = c < 0x80 ? 0 : (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xE ? 2 : (c >> 3) == 0x1E ? 3 : -1;
        if (extra < 0 || end - p <= extra)
            return extra == 0;
        unsigned cp = extra == 0 ? c : c & (0x3F >> extra);
        for (int i = 1; i <= extra; i++) {
            if ((p[i] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        const unsigned min_for_len[] = {0, 0x80, 0x800, 0x10000};
        if (cp < min_for_len[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false; // overlong, out of range or a surrogate
        p += extra + 1;
    }
    return true;
}

size_t utf8_length(const std::string& s) {
    size_t n = 0;
    for (unsigned char c : s)
        n += (c & 0xC0) != 0x80;
    return n;
}

char32_t next_code_point(const std::string& s, size_t& i) {
    const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char b = byte(i);
    const int extra = b < 0x80 ? 0 : (b >> 5) == 0x6 ? 1 : (b >> 4) == 0xE ? 2 : (b >> 3) == 0x1E ? 3 : -1;
    if (extra < 0 || i + size_t(extra) >= s.size() + (extra == 0 ? 1 : 0)) {
        i++;
        return 0xFFFD;
    }
    char32_t cp = extra == 0 ? b : b & (0x3F >> extra);
    for (int k = 1; k <= extra; k++) {
        if ((byte(i + size_t(k)) & 0xC0) != 0x80) {
            i++;
            return 0xFFFD;
        }
        cp = (cp << 6) | (byte(i + size_t(k)) & 0x3F);
    }
    i += size_t(extra) + 1;
    return cp;
}

std::string trim(const std::string& s) {
    size_t b = 0, e = s.size();
    auto space_at_start = [&](size_t i) {
        if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') return 1;
        if (i + 1 < s.size() && s[i] == '\xC2' && s[i + 1] == '\xA0') return 2;
        return 0;
    };
    auto space_at_end = [&](size_t end) {
        if (s[end - 1] == ' ' || s[end - 1] == '\t' || s[end - 1] == '\n' || s[end - 1] == '\r') return 1;
        if (end >= 2 && s[end - 2] == '\xC2' && s[end - 1] == '\xA0') return 2;
        return 0;
    };
    while (b < e) { int n = space_at_start(b); if (!n) break; b += n; }
    while (e > b) { int n = space_at_end(e); if (!n) break; e -= n; }
    return s.substr(b, e - b);
}

bool has_control_chars(const std::string& s, bool allow_newlines) {
    for (unsigned char c : s) {
        if (allow_newlines && (c == '\n' || c == '\r' || c == '\t'))
            continue;
        if (c < 0x20 || c == 0x7F)
            return true;
    }
    return false;
}

} // namespace anl
