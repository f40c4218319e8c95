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

// What parse_date read, and when it is no date, what is wrong (issue 12: "there is no month
// 13" says more than "enter a real date"). day, month and year are the numbers as read (for
// Format: as far as they were read); days_in_month is the month's length when month and year
// are readable.
struct DateReading {
    enum class Problem {
        None,    // a real date
        Format,  // not day, month and year with one kind of separator (or ISO)
        Year,    // the year is not four digits, or before 1000
        Month,   // the month is not 1 to 12
        Day,     // the day is 0 or after the month's last day ("31.02.2026")
    };
    Problem problem = Problem::Format;
    int day = 0, month = 0, year = 0;
    int days_in_month = 0;
    std::optional<Date> date;  // only when problem is None
};
DateReading read_date(const std::string& text);
// The number of days of month 1..12 of year (29 for February of a leap year); 0 for no month.
int days_in_month(int year, int month);
// "31.03.1985", as the UI shows dates.
std::string format_swiss_date(const Date& d);
std::string format_iso_date(const Date& d);
// A date a case item carries ("2026-12-15", a request's due date) as the UI shows dates; text
// that is no date is shown as it came (the office's own words are never dropped).
std::string due_date_text(const std::string& iso);
// Completed years between two dates (a birthday counts from its day on).
int age_on(const Date& birth, const Date& today);

} // namespace anl
