#include "core/form_walk.h"
#include "helpers.h"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace anl;

namespace {

const Form& social_assistance() {
    static const Form form = [] {
        LoadResult r = load_form(read_source_file("assets/forms/social-assistance.json"));
        for (const auto& e : r.errors)
            INFO(e);
        REQUIRE(r.form);
        return std::move(*r.form);
    }();
    return form;
}

std::vector<std::string> page_ids(const FormWalk& walk) {
    std::vector<std::string> ids;
    for (const WalkStep& s : walk.steps)
        if (s.kind == WalkStep::Kind::Page)
            ids.push_back(s.page->id);
    return ids;
}

std::vector<std::string> fields_on(const FormWalk& walk, const std::string& page) {
    std::vector<std::string> names;
    for (const WalkStep& s : walk.steps)
        if (s.kind == WalkStep::Kind::Question && s.page->id == page)
            names.push_back(s.path.name());
    return names;
}

bool has(const std::vector<std::string>& list, const std::string& x) {
    return std::find(list.begin(), list.end(), x) != list.end();
}

} // namespace

TEST_CASE("walk: conditions hide pages and questions, and bring them back", "[form_walk]") {
    const Form& form = social_assistance();
    Answers a;
    a.values["nationality"] = std::string("ch");
    FormWalk swiss = walk_form(form, a);
    CHECK_FALSE(has(page_ids(swiss), "permit"));
    CHECK(fields_on(swiss, "nationality") == std::vector<std::string>{"nationality"});
    CHECK_FALSE(has(page_ids(swiss), "household_member"));  // nobody lives with them (yet)

    a.values["nationality"] = std::string("other");
    a.values["lives_with_others"] = std::string("yes");
    FormWalk other = walk_form(form, a);
    CHECK(has(page_ids(other), "permit"));
    CHECK(fields_on(other, "nationality") == std::vector<std::string>{"nationality", "nationality_country"});
    CHECK(has(page_ids(other), "household_member"));

    // Pages keep the form's order, hidden ones left out.
    const auto ids = page_ids(other);
    std::vector<std::string> in_form;
    for (const Page& p : form.pages)
        if (has(ids, p.id))
            in_form.push_back(p.id);
    CHECK(ids == in_form);
}

TEST_CASE("walk: a section starts at the first visible page that has it", "[form_walk]") {
    const Form& form = social_assistance();
    std::vector<std::string> sections;
    std::vector<std::string> starts;
    for (const WalkStep& s : walk_form(form, Answers()).steps)
        if (s.kind == WalkStep::Kind::Page && s.new_section) {
            sections.push_back(s.page->section);
            starts.push_back(s.page->id);
        }
    const std::string p = "form.social-assistance.section.";
    CHECK(sections == std::vector<std::string>{p + "personal", p + "household", p + "housing", p + "income",
                                               p + "assets", p + "health", p + "payment", p + "support",
                                               p + "documents", p + "final"});
    CHECK(starts.front() == "name");
    CHECK(has(starts, "living"));
}

TEST_CASE("walk: repeat items come in order, each with its own conditions", "[form_walk]") {
    const Form& form = social_assistance();
    Answers a;
    a.values["lives_with_others"] = std::string("yes");
    a.repeats["household"] = {
        {{"member_name", std::string("Ana")}, {"member_relation", std::string("child")}},
        {{"member_name", std::string("Rui")}, {"member_relation", std::string("partner")},
         {"member_has_income", std::string("yes")}, {"member_income", std::string("1200")}},
    };
    const FormWalk walk = walk_form(form, a);

    std::vector<std::string> seen;  // the repeat, item starts and fields, as the walk yields them
    for (const WalkStep& s : walk.steps) {
        if (s.page->id != "household_member" || s.kind == WalkStep::Kind::Page)
            continue;
        seen.push_back(s.kind == WalkStep::Kind::Item ? s.path.item->prefix() : s.path.name());
        if (s.kind != WalkStep::Kind::Repeat)
            CHECK(s.page_item() == s.path.item->index);
    }
    CHECK(seen == std::vector<std::string>{
                      "household",
                      "household[0].", "household[0].member_name", "household[0].member_birth_date",
                      "household[0].member_relation", "household[0].member_in_school",
                      "household[1].", "household[1].member_name", "household[1].member_birth_date",
                      "household[1].member_relation", "household[1].member_has_income",
                      "household[1].member_income"});

    const auto repeat = std::find_if(walk.steps.begin(), walk.steps.end(),
                                     [](const WalkStep& s) { return s.kind == WalkStep::Kind::Repeat; });
    REQUIRE(repeat != walk.steps.end());
    CHECK(repeat->items == 2);
    CHECK_FALSE(repeat->page_item());

    // The answers a step carries are the answered ones; blanks and unanswered carry none.
    for (const WalkStep& s : walk.steps)
        if (s.kind == WalkStep::Kind::Question && s.path.name() == "household[1].member_income")
            CHECK(std::get<std::string>(*s.answer) == "1200");
    for (const WalkStep& s : walk.steps)
        if (s.kind == WalkStep::Kind::Question && s.path.name() == "household[0].member_birth_date")
            CHECK(s.answer == nullptr);
}

TEST_CASE("walk: kept answers are the visible answered ones", "[form_walk]") {
    const Form& form = social_assistance();
    Answers a;
    a.values["nationality"] = std::string("ch");
    a.values["permit"] = std::string("b");  // given before "Swiss" was picked: hidden now
    a.values["first_name"] = std::string("  ");
    a.values["last_name"] = std::string("Meier");
    a.values["lives_with_others"] = std::string("no");
    a.repeats["household"] = {{{"member_name", std::string("Ana")}}};
    const FormWalk walk = walk_form(form, a);
    CHECK(walk.kept.values.count("last_name") == 1);
    CHECK(walk.kept.values.count("first_name") == 0);
    CHECK(walk.kept.values.count("permit") == 0);
    CHECK(walk.kept.repeats.count("household") == 0);
}

TEST_CASE("walk: everything, for a submitted document, ignores conditions", "[form_walk]") {
    const Form& form = social_assistance();
    Answers a;
    a.values["nationality"] = std::string("ch");
    a.values["permit"] = std::string("b");
    const FormWalk walk = walk_form(form, a, Visibility::Everything);
    CHECK(page_ids(walk).size() == form.pages.size());
    CHECK(walk.kept.values.count("permit") == 1);
    CHECK(has(fields_on(walk, "nationality"), "nationality_country"));
}
