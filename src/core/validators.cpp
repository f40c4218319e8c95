#include "core/validators.h"

#include "core/text.h"

#include <cstring>

namespace anl {
namespace {

Checked ok(std::string value) { return {true, std::move(value), {}}; }
Checked fail(const char* error) { return {false, {}, error}; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

bool all_digits(const std::string& s) {
    for (char c : s)
        if (!is_digit(c)) return false;
    return true;
}

std::string to_upper_ascii(std::string s) {
    for (char& c : s)
        if (c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
    return s;
}

bool starts_with(const std::string& s, const char* prefix) {
    return s.compare(0, std::strlen(prefix), prefix) == 0;
}

// Bytes of white space at s[i]: ASCII blanks, plus the Unicode spaces that copying from a PDF,
// a bank statement or a phone's contact card brings along (no-break U+00A0, figure U+2007,
// thin U+2009, zero-width U+200B, narrow no-break U+202F). 0 when s[i] starts something else.
size_t space_at(const std::string& s, size_t i) {
    const char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return 1;
    if (c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0') return 2;
    if (c == '\xE2' && i + 2 < s.size() && s[i + 1] == '\x80') {
        const char d = s[i + 2];
        if (d == '\x87' || d == '\x89' || d == '\x8B' || d == '\xAF') return 3;
    }
    return 0;
}

// s without white space and without the ASCII characters in separators.
std::string compact(const std::string& s, const char* separators) {
    std::string out;
    for (size_t i = 0; i < s.size();) {
        if (size_t n = space_at(s, i)) {
            i += n;
            continue;
        }
        if (s[i] == '\0' || !std::strchr(separators, s[i]))
            out += s[i];
        i++;
    }
    return out;
}

bool blank(const std::string& s) { return compact(s, "").empty(); }

// ---- AHV -------------------------------------------------------------------------------------

// EAN-13: weights 1, 3, 1, 3, ... from the left over the first 12 digits.
int ean13_check_digit(const std::string& digits) {
    int sum = 0;
    for (size_t i = 0; i < 12; i++)
        sum += (digits[i] - '0') * (i % 2 ? 3 : 1);
    return (10 - sum % 10) % 10;
}

// ---- IBAN ------------------------------------------------------------------------------------

struct IbanCountry {
    char code[3];
    int length;
};

// The SWIFT IBAN registry. Territories that bank under another country's code (Åland under FI,
// Guernsey under GB, the French overseas departments under FR) are not listed: their IBANs
// start with that country's code.
const IbanCountry kIbanCountries[] = {
    {"AD", 24}, {"AE", 23}, {"AL", 28}, {"AT", 20}, {"AZ", 28}, {"BA", 20}, {"BE", 16},
    {"BG", 22}, {"BH", 22}, {"BI", 27}, {"BR", 29}, {"BY", 28}, {"CH", 21}, {"CR", 22},
    {"CY", 28}, {"CZ", 24}, {"DE", 22}, {"DK", 18}, {"DO", 28}, {"EE", 20}, {"EG", 29},
    {"ES", 24}, {"FI", 18}, {"FO", 18}, {"FR", 27}, {"GB", 22}, {"GE", 22}, {"GI", 23},
    {"GL", 18}, {"GR", 27}, {"GT", 28}, {"HR", 21}, {"HU", 28}, {"IE", 22}, {"IL", 23},
    {"IQ", 23}, {"IS", 26}, {"IT", 27}, {"JO", 30}, {"KW", 30}, {"KZ", 20}, {"LB", 28},
    {"LC", 32}, {"LI", 21}, {"LT", 20}, {"LU", 20}, {"LV", 21}, {"LY", 25}, {"MC", 27},
    {"MD", 24}, {"ME", 22}, {"MK", 19}, {"MR", 27}, {"MT", 31}, {"MU", 30}, {"NL", 18},
    {"NO", 15}, {"PK", 24}, {"PL", 28}, {"PS", 29}, {"PT", 25}, {"QA", 29}, {"RO", 24},
    {"RS", 22}, {"SA", 24}, {"SC", 31}, {"SD", 18}, {"SE", 24}, {"SI", 19}, {"SK", 24},
    {"SM", 27}, {"ST", 25}, {"SV", 28}, {"TL", 23}, {"TN", 24}, {"TR", 26}, {"UA", 29},
    {"VA", 22}, {"VG", 24}, {"XK", 20},
};

int iban_length(const std::string& country) {
    for (const auto& c : kIbanCountries)
        if (country == c.code) return c.length;
    return 0;
}

// ISO 7064 mod 97-10 over the IBAN with its first four characters moved to the end and letters
// read as 10..35; digit by digit so that no big numbers are needed.
int iban_mod97(const std::string& iban) {
    const std::string r = iban.substr(4) + iban.substr(0, 4);
    int m = 0;
    for (char c : r)
        m = is_digit(c) ? (m * 10 + (c - '0')) % 97 : (m * 100 + (c - 'A' + 10)) % 97;
    return m;
}

// ---- Phone -----------------------------------------------------------------------------------

struct Dialling {
    const char* country;
    const char* code;
    bool trunk_zero;  // national numbers start with a 0 that is not dialled from abroad
};

// Italy keeps its leading 0 abroad; Liechtenstein has no trunk prefix.
const Dialling kDialling[] = {
    {"CH", "41", true}, {"LI", "423", false}, {"DE", "49", true},
    {"AT", "43", true}, {"FR", "33", true},   {"IT", "39", false},
};

// Swiss national significant numbers have exactly nine digits and never start with 0.
Checked swiss_number(std::string national) {
    if (national.empty() || national[0] == '0') return fail("format");
    if (national.size() != 9) return fail("length");
    return ok("+41" + national);
}

// E.164 allows 15 digits; below 8 no country's numbers are complete.
Checked international_number(const std::string& digits) {
    if (digits.empty() || digits[0] == '0') return fail("format");
    if (starts_with(digits, "41")) {
        std::string national = digits.substr(2);
        if (national.size() == 10 && national[0] == '0')
            national.erase(0, 1);  // "+41 079 ...": the trunk 0 kept by habit
        return swiss_number(national);
    }
    if (digits.size() < 8 || digits.size() > 15) return fail("length");
    return ok("+" + digits);
}

// ---- E-mail ----------------------------------------------------------------------------------

bool is_atext(char c) {
    return (c >= 'a' && c <= 'z') || is_upper(c) || is_digit(c) || (c && std::strchr("!#$%&'*+/=?^_`{|}~-", c));
}

// Non-ASCII code points a domain label may hold. Without Unicode tables we cannot ask "is it a
// letter", so we refuse what is certainly not one: C1 controls and Latin-1 punctuation and
// symbols, × and ÷, general punctuation, symbols and arrows, CJK punctuation, private use,
// the byte order mark and specials. The mail server has the last word on the rest.
bool idn_code_point_ok(unsigned cp) {
    if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7) return false;
    if (cp >= 0x2000 && cp <= 0x2BFF) return false;
    if (cp >= 0x3000 && cp <= 0x303F) return false;
    if (cp >= 0xE000 && cp <= 0xF8FF) return false;
    if (cp == 0xFEFF || (cp >= 0xFFF0 && cp <= 0xFFFF)) return false;
    return true;
}

bool domain_label_ok(const std::string& label) {
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
        return false;
    for (size_t i = 0; i < label.size();) {
        const char c = label[i];
        if (static_cast<unsigned char>(c) >= 0x80) {
            if (!idn_code_point_ok(next_code_point(label, i))) return false;
            continue;
        }
        if (!((c >= 'a' && c <= 'z') || is_digit(c) || c == '-')) return false;
        i++;
    }
    return true;
}

// ASCII letters, and the Latin-1 capitals À..Þ (U+00C0..U+00DE, bytes C3 80..C3 9E) that .ch
// and .li domains use; × (C3 97) is not a letter.
std::string lower_domain(const std::string& d) {
    std::string out = d;
    for (size_t i = 0; i < out.size(); i++) {
        if (out[i] >= 'A' && out[i] <= 'Z')
            out[i] = char(out[i] - 'A' + 'a');
        else if (out[i] == '\xC3' && i + 1 < out.size()) {
            const unsigned char n = static_cast<unsigned char>(out[i + 1]);
            if (n >= 0x80 && n <= 0x9E && n != 0x97) out[i + 1] = char(n + 0x20);
            i++;
        }
    }
    return out;
}

} // namespace

Checked check_ahv(const std::string& text) {
    if (blank(text)) return fail("required");
    const std::string d = compact(text, ".-");
    if (!all_digits(d)) return fail("format");
    if (d.size() != 13) return fail("length");
    if (!starts_with(d, "756")) return fail("prefix");
    if (ean13_check_digit(d) != d[12] - '0') return fail("checksum");
    return ok(d.substr(0, 3) + "." + d.substr(3, 4) + "." + d.substr(7, 4) + "." + d.substr(11, 2));
}

Checked check_iban(const std::string& text) {
    if (blank(text)) return fail("required");
    std::string s = to_upper_ascii(compact(text, "-"));
    if (starts_with(s, "IBAN"))  // as printed on bills; no country code starts with IB
        s.erase(0, s.size() > 4 && s[4] == ':' ? 5 : 4);
    for (char c : s)
        if (!is_upper(c) && !is_digit(c)) return fail("format");
    if (s.size() < 4 || !is_upper(s[0]) || !is_upper(s[1]) || !is_digit(s[2]) || !is_digit(s[3]))
        return fail("format");
    const int length = iban_length(s.substr(0, 2));
    if (!length) return fail("country");
    if (int(s.size()) != length) return fail("length");
    if ((starts_with(s, "CH") || starts_with(s, "LI")) && !all_digits(s.substr(4, 5)))
        return fail("format");
    // Check digits are 02..98; 00, 01 and 99 can pass mod 97 only by accident (they equal
    // 97, 98 and 02 modulo 97) and are never issued.
    const std::string cd = s.substr(2, 2);
    if (cd == "00" || cd == "01" || cd == "99" || iban_mod97(s) != 1) return fail("checksum");
    std::string out;
    for (size_t i = 0; i < s.size(); i += 4)
        out += (i ? " " : "") + s.substr(i, 4);
    return ok(out);
}

Checked check_swiss_postcode(const std::string& text) {
    if (blank(text)) return fail("required");
    std::string s = to_upper_ascii(compact(text, ""));
    if (starts_with(s, "CH-"))
        s.erase(0, 3);
    else if (starts_with(s, "CH"))
        s.erase(0, 2);
    if (s.empty() || !all_digits(s)) return fail("format");
    if (s.size() != 4) return fail("length");
    if (s[0] == '0') return fail("range");
    return ok(s);
}

Checked check_phone(const std::string& text, const std::string& default_country) {
    if (blank(text)) return fail("required");
    const char* separators = "-/.()";
    std::string s = compact(text, separators);
    const bool international = starts_with(s, "+") || starts_with(s, "00");
    if (international) {
        // "+41 (0)44 ...": the bracketed trunk 0 is not dialled from abroad. Only after a
        // written-out + or 00; in a national number it is the trunk 0 itself and stays.
        std::string spaced = compact(text, "");
        const size_t p = spaced.find("(0)");
        if (p != std::string::npos && (starts_with(spaced, "+") || starts_with(spaced, "00"))) {
            spaced.erase(p, 3);
            s = compact(spaced, separators);
        }
        const std::string digits = s.substr(s[0] == '+' ? 1 : 2);
        if (!all_digits(digits)) return fail("format");
        return international_number(digits);
    }
    if (s.empty() || !all_digits(s)) return fail("format");

    const std::string country = to_upper_ascii(default_country);
    for (const auto& d : kDialling) {
        if (country != d.country) continue;
        if (d.trunk_zero && s[0] != '0') return fail("format");  // "44 123 45 67": area unclear
        const std::string national = d.trunk_zero ? s.substr(1) : s;
        if (country == "CH") return swiss_number(national);
        if (d.trunk_zero && (national.empty() || national[0] == '0')) return fail("format");
        const std::string digits = d.code + national;
        if (digits.size() < 8 || digits.size() > 15) return fail("length");
        return ok("+" + digits);
    }
    return fail("country");
}

Checked check_email(const std::string& text) {
    if (blank(text)) return fail("required");
    const std::string s = trim(text);
    if (!is_valid_utf8(s) || has_control_chars(s, false)) return fail("format");
    for (size_t i = 0; i < s.size(); i++)
        if (space_at(s, i)) return fail("format");
    const size_t at = s.find('@');
    if (at == std::string::npos || s.find('@', at + 1) != std::string::npos) return fail("format");
    const std::string local = s.substr(0, at), domain = s.substr(at + 1);

    if (local.empty()) return fail("format");
    for (char c : local)
        if (static_cast<unsigned char>(c) >= 0x80) return fail("ascii");
    for (size_t i = 0; i < local.size(); i++) {
        const bool dot_ok = local[i] == '.' && i > 0 && i + 1 < local.size() && local[i + 1] != '.';
        if (!is_atext(local[i]) && !dot_ok) return fail("format");
    }
    if (local.size() > 64) return fail("length");

    const std::string lower = lower_domain(domain);
    if (lower.size() > 253) return fail("length");
    size_t start = 0, labels = 0;
    std::string last;
    while (true) {
        const size_t dot = lower.find('.', start);
        last = lower.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (!domain_label_ok(last)) return fail("domain");
        labels++;
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    if (labels < 2 || utf8_length(last) < 2 || all_digits(last)) return fail("domain");

    const std::string out = local + "@" + lower;
    if (out.size() > 254) return fail("length");
    return ok(out);
}

Checked check_pattern(Pattern pattern, const std::string& text) {
    switch (pattern) {
    case Pattern::Ahv: return check_ahv(text);
    case Pattern::Iban: return check_iban(text);
    case Pattern::SwissPostcode: return check_swiss_postcode(text);
    case Pattern::Phone: return check_phone(text);
    case Pattern::Email: return check_email(text);
    case Pattern::None: break;
    }
    return {true, text, {}};
}

} // namespace anl
