#include "core/field_path.h"

#include <catch2/catch.hpp>

using namespace anl;

TEST_CASE("field path: a question, an item's question and a repeat's list spell and parse back", "[field_path]") {
    const FieldPath plain{std::nullopt, "rent"};
    const FieldPath in_item{RepeatItem{"household", 1}, "member_name"};
    const FieldPath list{std::nullopt, "household"};
    CHECK(plain.name() == "rent");
    CHECK(in_item.name() == "household[1].member_name");
    CHECK(list.name() == "household");
    for (const FieldPath& p : {plain, in_item, list}) {
        const auto back = parse_field_path(p.name());
        REQUIRE(back);
        CHECK(*back == p);
    }
    CHECK(parse_field_path("household[99].member_name")->item->index == 99);
    CHECK(parse_field_path("household[0].a")->item->index == 0);
}

TEST_CASE("field path: an item's prefix is what its fields start with", "[field_path]") {
    const RepeatItem item{"household", 12};
    CHECK(item.prefix() == "household[12].");
    const FieldPath p{item, "member_income"};
    CHECK(p.name().rfind(item.prefix(), 0) == 0);
    CHECK(p.in(item));
    CHECK_FALSE(p.in(RepeatItem{"household", 1}));
    CHECK_FALSE(FieldPath{std::nullopt, "member_income"}.in(item));
}

TEST_CASE("field path: garbled and hostile names are refused", "[field_path]") {
    const char* const bad[] = {
        "",                          // nothing
        "Rent",                      // upper case
        "1rent",                     // digit first
        "rent.amount",               // a dot outside an item
        "household[1]",              // no question
        "household[1].",             // empty question
        "household[].name",          // no index
        "household[-1].name",        // a sign
        "household[+1].name",
        "household[01].name",        // a leading zero
        "household[100].name",       // kMaxRepeatItems and above
        "household[99999999999999999999].name",
        "household[1]name",          // no dot
        "household[1].name.extra",   // nested further
        "household[1].other[2].name",
        "[1].name",                  // no repeat
        "house hold[1].name",        // a space
        "household[1].na\xC3\xA9me",  // non-ASCII
        "household[1\0].name",       // stops at the NUL: "household[1"
        "household[1].name\n",
    };
    for (const char* name : bad) {
        INFO(name);
        CHECK_FALSE(parse_field_path(name));
    }
    CHECK_FALSE(parse_field_path(std::string("rent\0x", 6)));
    CHECK_FALSE(parse_field_path(std::string(65, 'a')));
    CHECK(parse_field_path(std::string(64, 'a')));
}

TEST_CASE("field path: the question id of a field, also of one that is not a path", "[field_path]") {
    CHECK(question_id_of("household[1].member_name") == "member_name");
    CHECK(question_id_of("rent") == "rent");
    CHECK(question_id_of("not a path") == "not a path");
}

TEST_CASE("field path: plain ids as form definitions may use them", "[field_path]") {
    CHECK(is_plain_id("a"));
    CHECK(is_plain_id("member_birth_date2"));
    CHECK_FALSE(is_plain_id("_a"));
    CHECK_FALSE(is_plain_id("a-b"));
    CHECK_FALSE(is_plain_id("a.b"));
}
