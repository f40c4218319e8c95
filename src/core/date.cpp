#include "core/date.h"

#include "core/text.h"

#include <cstdio>

namespace anl {
namespace {

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }


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

int days_in_month(int y, int m) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

DateReading read_date(const std::string& text) {
    DateReading r;
    std::string s = strip_spaces(trim(text));
    // Phone number pads (inputmode=numeric on iOS) have no dot: 31031985 means 31.03.1985.
    if (s.size() == 8 && s.find_first_not_of("0123456789") == std::string::npos)
        s = s.substr(0, 2) + "." + s.substr(2, 2) + "." + s.substr(4);
    size_t i = 0;
    int a = 0, b = 0, c = 0;
    const int na = read_number(s, i, a);
    if (na == 0 || i >= s.size())
        return r;
    const char sep = s[i++];
    const int nb = read_number(s, i, b);
    if (nb == 0 || i >= s.size() || s[i++] != sep)
        return r;
    const int nc = read_number(s, i, c);
    if (nc == 0 || i != s.size())
        return r;

    int year_digits = 0;
    if (sep == '-' && na == 4 && nb <= 2 && nc <= 2) {
        r.year = a, r.month = b, r.day = c;  // ISO 1990-04-01
        year_digits = na;
    } else if ((sep == '.' || sep == '/' || sep == ',') && na <= 2 && nb <= 2) {
        r.year = c, r.month = b, r.day = a;  // Swiss 01.04.1990 (or 1.4.90: a year to ask for)
        year_digits = nc;
    } else {
        return r;
    }
    r.days_in_month = days_in_month(r.year, r.month);
    if (year_digits != 4 || r.year < 1000)
        r.problem = DateReading::Problem::Year;
    else if (r.month < 1 || r.month > 12)
        r.problem = DateReading::Problem::Month;
    else if (r.day < 1 || r.day > r.days_in_month)
        r.problem = DateReading::Problem::Day;
    else {
        r.problem = DateReading::Problem::None;
        r.date = Date{r.year, r.month, r.day};
    }
    return r;
}

std::optional<Date> parse_date(const std::string& text) { return read_date(text).date; }

int age_on(const Date& birth, const Date& today) {
    int age = today.year - birth.year;
    if (today.month < birth.month || (today.month == birth.month && today.day < birth.day))
        age--;
    return age;
}

std::string format_swiss_date(const Date& d) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%02d.%02d.%d", d.day, d.month, d.year);
    return buf;
}

std::string due_date_text(const std::string& iso) {
    const auto d = parse_date(iso);
    return d ? format_swiss_date(*d) : iso;
}

std::string format_iso_date(const Date& d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
    return buf;
}

} // namespace anl
