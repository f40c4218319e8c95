// Calendar dates as applicants type them and as the form checks them.
#pragma once
#include <optional>
#include <string>

namespace anl {

struct Date {
    int year = 0, month = 0, day = 0;
    bool operator<(const Date& o) const {
        return year != o.year ? year < o.year : month != o.month ? month < o.month : day < o.day;
    }
};

// Accepts what people type: 1.4.1990, 01.04.1990, 1,4,1990, 31031985 (phone number pads have no
// dot), 1990-04-01, with stray spaces.
std::optional<Date> parse_date(const std::string& text);
std::string format_iso_date(const Date& d);
// Completed years between two dates (a birthday counts from its day on).
int age_on(const Date& birth, const Date& today);

} // namespace anl
