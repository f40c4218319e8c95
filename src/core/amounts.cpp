#include "core/amounts.h"

#include "core/text.h"

#include <vector>

namespace anl {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool starts_with_ci(const std::string& s, size_t at, const char* word) {
    for (size_t i = 0; word[i]; i++) {
        if (at + i >= s.size())
            return false;
        char c = s[at + i];
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
        if (c != word[i])
            return false;
    }
    return true;
}

// Bytes of a thousands separator at s[i]: ' and ’ (what Swiss keyboards and word processors
// make of it), space, no-break U+00A0, thin U+2009 and narrow no-break U+202F. 0 otherwise.
size_t group_separator_at(const std::string& s, size_t i) {
    if (s[i] == '\'' || s[i] == ' ')
        return 1;
    if (s.compare(i, 2, "\xC2\xA0") == 0)
        return 2;
    if (s.compare(i, 3, "\xE2\x80\x99") == 0 || s.compare(i, 3, "\xE2\x80\x89") == 0 ||
        s.compare(i, 3, "\xE2\x80\xAF") == 0)
        return 3;
    return 0;
}

// Reads digits with optional thousands separators from s[i..]: "1'234'567". Separators must
// stand between groups of three, so "12'34" (a typo, or a decimal comma misread) is refused.
// Returns false when the digits are malformed or more than max_digits; stops at anything else.
bool read_grouped(const std::string& s, size_t& i, size_t max_digits, int64_t& value, size_t& digits) {
    value = 0;
    digits = 0;
    std::vector<size_t> groups{0};
    while (i < s.size()) {
        if (is_digit(s[i])) {
            if (++digits > max_digits)
                return false;
            value = value * 10 + (s[i] - '0');
            groups.back()++;
            i++;
        } else if (size_t n = group_separator_at(s, i); n && digits > 0) {
            groups.push_back(0);
            i += n;
        } else {
            break;
        }
    }
    if (groups.size() > 1) {
        if (groups.front() > 3)
            return false;
        for (size_t g = 1; g < groups.size(); g++)
            if (groups[g] != 3)
                return false;
    }
    return true;
}

// Longest first, so that "SFr." is not taken for "Fr." with an S left over.
const char* const kCurrencies[] = {"chf", "sfr.", "sfr", "fr.", "fr"};

// One currency word before or after the amount: "CHF 12", "12 Fr.", "SFr. 12.50".
std::string strip_currency(const std::string& text) {
    std::string s = trim(text);
    for (const char* word : kCurrencies)
        if (starts_with_ci(s, 0, word))
            return trim(s.substr(std::char_traits<char>::length(word)));
    for (const char* word : kCurrencies) {
        const size_t len = std::char_traits<char>::length(word);
        if (s.size() >= len && starts_with_ci(s, s.size() - len, word))
            return trim(s.substr(0, s.size() - len));
    }
    return s;
}

} // namespace

std::optional<int64_t> parse_money(const std::string& text) {
    const std::string s = strip_currency(text);
    size_t i = 0, digits = 0;
    int64_t francs = 0;
    if (!read_grouped(s, i, 13, francs, digits))
        return std::nullopt;
    int64_t cents = 0;
    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
        const std::string rest = s.substr(i + 1);
        // "12.-", "12.--" and "12.–" are how prices in whole francs are printed.
        if (digits > 0 && (rest == "-" || rest == "--" || rest == "\xE2\x80\x93" || rest == "\xE2\x80\x94")) {
            i = s.size();
        } else {
            size_t n = 0;
            for (i++; i < s.size() && is_digit(s[i]) && n < 3; i++, n++)
                cents = cents * 10 + (s[i] - '0');
            if (n == 0 || n > 2)
                return std::nullopt;
            if (n == 1)
                cents *= 10;
            digits += n;
        }
    }
    if (i != s.size() || digits == 0)
        return std::nullopt;
    return francs * 100 + cents;
}

std::string format_money(int64_t cents) {
    const bool negative = cents < 0;
    // Work in unsigned so that the most negative value has a magnitude too.
    const uint64_t magnitude = negative ? uint64_t(0) - uint64_t(cents) : uint64_t(cents);
    std::string francs = std::to_string(magnitude / 100);
    for (size_t at = francs.size(); at > 3; at -= 3)
        francs.insert(at - 3, "'");
    const unsigned rest = unsigned(magnitude % 100);
    return (negative ? "-" : "") + francs + "." + char('0' + rest / 10) + char('0' + rest % 10);
}

std::optional<int64_t> parse_number(const std::string& text) {
    const std::string s = trim(text);
    size_t i = 0, digits = 0;
    const bool negative = !s.empty() && (s[0] == '-' || s.compare(0, 3, "\xE2\x88\x92") == 0);  // also U+2212
    if (negative)
        i = s[0] == '-' ? 1 : 3;
    int64_t value = 0;
    if (!read_grouped(s, i, 18, value, digits) || digits == 0 || i != s.size())
        return std::nullopt;
    return negative ? -value : value;
}

} // namespace anl
