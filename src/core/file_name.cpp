#include "core/file_name.h"

#include "core/text.h"

namespace anl {
namespace {

bool allowed_ascii(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == ' ' || c == '.' || c == '_' || c == '-' || c == '(' || c == ')';
}

// Cuts s to at most max bytes without splitting a UTF-8 sequence.
std::string cut_utf8(const std::string& s, size_t max) {
    if (s.size() <= max)
        return s;
    size_t n = max;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80)
        n--;
    return s.substr(0, n);
}

} // namespace

std::string sanitize_file_name(const std::string& raw) {
    const std::string name = is_valid_utf8(raw) ? raw : std::string();
    // Only the last path component counts, whichever separator the sender's OS used.
    const size_t slash = name.find_last_of("/\\");
    const std::string base = slash == std::string::npos ? name : name.substr(slash + 1);

    std::string kept;
    for (size_t i = 0; i < base.size(); i++) {
        const unsigned char c = base[i];
        if (c < 0x80) {
            if (allowed_ascii(c))
                kept += char(c);
            continue;
        }
        // Non-ASCII: keep whole code points except the C1 controls and bidi overrides/isolates,
        // which can make "evil\u202Efdp.exe" display as "evilexe.pdf".
        size_t len = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
        const std::string cp = base.substr(i, len);
        const bool c1 = cp.size() == 2 && c == 0xC2 && static_cast<unsigned char>(cp[1]) < 0xA0;
        const bool bidi = cp == "\u202A" || cp == "\u202B" || cp == "\u202C" || cp == "\u202D" ||
                          cp == "\u202E" || cp == "\u2066" || cp == "\u2067" || cp == "\u2068" ||
                          cp == "\u2069" || cp == "\u200E" || cp == "\u200F";
        if (!c1 && !bidi)
            kept += cp;
        i += len - 1;
    }
    kept = trim(kept);
    size_t lead = 0;
    while (lead < kept.size() && (kept[lead] == '.' || kept[lead] == ' '))
        lead++;
    kept = kept.substr(lead);

    if (kept.size() > kMaxFileNameBytes) {
        const size_t dot = kept.find_last_of('.');
        const std::string ext = (dot != std::string::npos && kept.size() - dot <= 10) ? kept.substr(dot) : "";
        kept = cut_utf8(kept.substr(0, kept.size() - ext.size()), kMaxFileNameBytes - ext.size()) + ext;
    }
    return kept.empty() ? "attachment" : kept;
}

} // namespace anl
