// Dates as applicants type them (core/date.h).
#include "core/date.h"

#include <catch2/catch.hpp>

using namespace anl;

TEST_CASE("dates are read the way people write them") {
    CHECK(format_iso_date(*parse_date("01.04.1990")) == "1990-04-01");
    CHECK(format_iso_date(*parse_date("1.4.1990")) == "1990-04-01");
    CHECK(format_iso_date(*parse_date(" 1. 4. 1990 ")) == "1990-04-01");
    CHECK(format_iso_date(*parse_date("1990-04-01")) == "1990-04-01");
    CHECK(format_iso_date(*parse_date("29.02.2024")) == "2024-02-29");
    CHECK(format_iso_date(*parse_date("31031985")) == "1985-03-31");   // iOS numeric keypad
    CHECK(format_iso_date(*parse_date("31,03,1985")) == "1985-03-31");
    CHECK_FALSE(parse_date("3103198"));
    CHECK_FALSE(parse_date("31131985"));
    CHECK_FALSE(parse_date("29.02.2023"));
    CHECK_FALSE(parse_date("31.04.1990"));
    CHECK_FALSE(parse_date("00.01.1990"));
    CHECK_FALSE(parse_date("1.13.1990"));
    CHECK_FALSE(parse_date("01.04.90"));
    CHECK_FALSE(parse_date("1990/04/01"));
    CHECK_FALSE(parse_date("01.04-1990"));
    CHECK_FALSE(parse_date("yesterday"));
    CHECK_FALSE(parse_date(""));
}

TEST_CASE("an age counts whole years, from the birthday on") {
    const Date birth{1990, 4, 1};
    CHECK(age_on(birth, {2026, 3, 31}) == 35);
    CHECK(age_on(birth, {2026, 4, 1}) == 36);
    CHECK(age_on(birth, {1990, 4, 1}) == 0);
    CHECK(age_on({2000, 2, 29}, {2026, 2, 28}) == 25);
    CHECK(age_on({2000, 2, 29}, {2026, 3, 1}) == 26);
    CHECK(Date{2026, 1, 31} < Date{2026, 2, 1});
    CHECK_FALSE(Date{2026, 2, 1} < Date{2026, 2, 1});
}

TEST_CASE("a due date is shown as the UI shows dates, anything else as it came") {
    CHECK(anl::due_date_text("2026-12-15") == "15.12.2026");
    CHECK(anl::due_date_text("2026-02-30") == "2026-02-30");   // no such day: shown as sent
    CHECK(anl::due_date_text("end of the month") == "end of the month");
    CHECK(anl::due_date_text("").empty());
}
