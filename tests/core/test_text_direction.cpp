#include "core/text.h"
#include "core/text_direction.h"

#include <catch2/catch.hpp>

using anl::has_rtl_script;
using anl::starts_rtl;

TEST_CASE("texts in Arabic script are told apart from the scripts ImGui draws itself") {
    CHECK(has_rtl_script("العربية"));
    CHECK(has_rtl_script("فارسی"));                       // Persian yeh (U+06CC)
    CHECK(has_rtl_script("Name: محمد 1990"));             // mixed
    CHECK(has_rtl_script("\xEF\xBB\xBC"));                // U+FEFC, a presentation form
    CHECK_FALSE(has_rtl_script("Deutsch Français Türkçe"));
    CHECK_FALSE(has_rtl_script("Українська ትግርኛ"));
    CHECK_FALSE(has_rtl_script("CH93 0076 2011 6238 5295 7"));
    CHECK_FALSE(has_rtl_script(""));
    CHECK_FALSE(has_rtl_script("\xEF\xBB\xBF"));          // a byte-order mark is not a letter
}

TEST_CASE("the first strong character decides a text's direction, as dir=auto does") {
    CHECK(starts_rtl("محمد Meier", false));
    CHECK_FALSE(starts_rtl("Meier محمد", true));
    CHECK(starts_rtl("1990 محمد", false));                // digits are neutral
    CHECK_FALSE(starts_rtl("(Zürich) محمد", true));       // punctuation is neutral, Latin decides
    CHECK_FALSE(starts_rtl("Ütliberg", true));            // Latin-1 letters are strong
    CHECK_FALSE(starts_rtl("ትግርኛ", true));                // Ethiopic is left to right
    CHECK(starts_rtl("12 345 -", true));                  // nothing strong: the fallback
    CHECK_FALSE(starts_rtl("", false));
}

TEST_CASE("broken UTF-8 is read as replacement characters without running past the end") {
    std::string cut = "\xD9";                              // first byte of an Arabic letter only
    size_t i = 0;
    CHECK(anl::next_code_point(cut, i) == 0xFFFD);
    CHECK(i == 1);
    CHECK_FALSE(has_rtl_script(cut));
    CHECK_FALSE(has_rtl_script("\xC0\xFF\x80"));
    CHECK(starts_rtl("\xFF\xFE" "\xD8\xB9", false));        // garbage, then an Arabic letter
    std::string arabic = "\xD8\xB9";                       // U+0639
    i = 0;
    CHECK(anl::next_code_point(arabic, i) == 0x0639);
    CHECK(i == 2);
}
