#include "core/date.h"

#include "core/text.h"

#include <cstdio>

namespace anl {
namespace {

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

// Reads digits from s[i..] into out; returns how many were read.
int read_number(const std::string& s, size_t& i, int& out) {
    int n = 0;
    out = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && n < 5) {
        out = out * 10 + (s[i] - '0');
        i++;
        n++;
    }
    return n;
}

std::string strip_spaces(const std::string& s) {
    std::string out;
    for (char c : s)
        if (c != ' ' && c != '\t')
            out += c;
    return out;
}

} // namespace

std::optional<Date> parse_date(const std::string& text) {
    std::string s = strip_spaces(trim(text));
    // Phone number pads (inputmode=numeric on iOS) have no dot: 31031985 means 31.03.1985.
    if (s.size() == 8 && s.find_first_not_of("0123456789") == std::string::npos)
        s = s.substr(0, 2) + "." + s.substr(2, 2) + "." + s.substr(4);
    size_t i = 0;
    int a = 0, b = 0, c = 0;
    const int na = read_number(s, i, a);
    if (i >= s.size()) return std::nullopt;
    const char sep = s[i++];
    const int nb = read_number(s, i, b);
    if (i >= s.size() || s[i++] != sep) return std::nullopt;
    const int nc = read_number(s, i, c);
    if (i != s.size()) return std::nullopt;

    Date d;
    if (sep == '-' && na == 4 && nb >= 1 && nb <= 2 && nc >= 1 && nc <= 2)
        d = {a, b, c};                                   // ISO 1990-04-01
    else if ((sep == '.' || sep == '/' || sep == ',') && na >= 1 && na <= 2 && nb >= 1 && nb <= 2 && nc == 4)
        d = {c, b, a};                                   // Swiss 01.04.1990
    else
        return std::nullopt;
    if (d.year < 1000 || d.month < 1 || d.month > 12 || d.day < 1 || d.day > days_in_month(d.year, d.month))
        return std::nullopt;
    return d;
}

int age_on(const Date& birth, const Date& today) {
    int age = today.year - birth.year;
    if (today.month < birth.month || (today.month == birth.month && today.day < birth.day))
        age--;
    return age;
}

std::string format_iso_date(const Date& d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
    return buf;
}

} // namespace anl
