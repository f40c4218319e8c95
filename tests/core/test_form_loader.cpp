#include "core/form.h"
#include "helpers.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

using namespace anl;
using json = nlohmann::json;

namespace {

// The smallest form that loads; each test breaks one thing in a copy of it.
json base_form() {
    return json::parse(R"({
      "id": "test.form", "version": 2, "title": "t.title",
      "pages": [
        {"id": "p1", "title": "t.p1", "questions": [
          {"id": "name", "type": "text", "label": "t.name"},
          {"id": "color", "type": "single_choice", "label": "t.color",
           "options": [{"id": "red", "label": "t.red"}, {"id": "blue", "label": "t.blue"}]},
          {"id": "pets", "type": "multiple_choice", "label": "t.pets",
           "options": [{"id": "cat", "label": "t.cat"}, {"id": "dog", "label": "t.dog"}]},
          {"id": "count", "type": "number", "label": "t.count"},
          {"id": "intro", "type": "info", "label": "t.intro"},
          {"id": "ok", "type": "yes_no_unknown", "label": "t.ok"}
        ]},
        {"id": "p2", "title": "t.p2", "questions": [
          {"id": "kids", "type": "group", "label": "t.kids",
           "repeat": {"id": "children", "min": 0, "max": 4, "item_label": "t.child"},
           "questions": [
             {"id": "kid_name", "type": "text", "label": "t.kid_name"},
             {"id": "kid_age", "type": "number", "label": "t.kid_age"}
           ]},
          {"id": "after", "type": "text", "label": "t.after"}
        ]}
      ]
    })");
}

std::vector<std::string> errors_of(const json& form) {
    const LoadResult r = load_form(form.dump());
    CHECK(r.form.has_value() == r.errors.empty());
    return r.errors;
}

// Loading must fail with exactly this one error.
void check_error(const json& form, const std::string& expected) {
    const auto errors = errors_of(form);
    INFO("expected: " << expected);
    for (const auto& e : errors)
        INFO("got: " << e);
    CHECK(errors == std::vector<std::string>{expected});
}

// The first question of page 0 with a condition.
json with_condition(const json& condition, size_t question = 0, size_t page = 0) {
    json f = base_form();
    f["pages"][page]["questions"][question]["condition"] = condition;
    return f;
}

json with_question(const json& q) {
    json f = base_form();
    f["pages"][0]["questions"].push_back(q);
    return f;
}

} // namespace

TEST_CASE("form loader: the example form loads") {
    const LoadResult r = load_form(read_source_file("assets/forms/minimal-example.json"));
    for (const auto& e : r.errors)
        INFO(e);
    REQUIRE(r.errors.empty());
    REQUIRE(r.form);
    const Form& f = *r.form;
    CHECK(f.id == "minimal-example");
    CHECK(f.version == 1);
    CHECK(f.title == "form.minimal-example.title");
    REQUIRE(f.pages.size() == 5);
    CHECK(f.pages[0].id == "personal");
    CHECK_FALSE(f.pages[0].condition);
    REQUIRE(f.pages[3].condition);
    CHECK(f.pages[3].condition->op == Condition::Op::Any);

    const Question* permit = find_question(f, "permit");
    REQUIRE(permit);
    CHECK(permit->type == QuestionType::SingleChoice);
    CHECK(permit->required);
    REQUIRE(permit->condition);
    CHECK(permit->condition->op == Condition::Op::Not);
    CHECK(permit->condition->children.at(0).op == Condition::Op::Equals);
    CHECK(permit->condition->children.at(0).question == "nationality");
    CHECK(permit->condition->children.at(0).value == "ch");
    CHECK(permit->label == "form.minimal-example.permit.label");
    CHECK(permit->help == "form.minimal-example.permit.help");

    const Repeat* household = find_repeat(f, "household");
    REQUIRE(household);
    CHECK(household->min == 0);
    CHECK(household->max == 8);
    CHECK(household->item_label == "form.minimal-example.household.item_label");
    REQUIRE(find_question(f, "member_name"));  // found inside the group

    const Question* lease = find_question(f, "lease");
    REQUIRE(lease);
    CHECK(lease->type == QuestionType::Document);
    CHECK(lease->document == "lease");
    CHECK(lease->min_pages == 1);
    CHECK(lease->max_pages == 10);
    CHECK(find_question(f, "ahv_number")->pattern == Pattern::Ahv);
    CHECK(find_question(f, "birth_date")->not_future);
    CHECK(find_question(f, "birth_date")->max_age == 120);
    CHECK(find_question(f, "rent_amount")->max_value == 1000000);
    CHECK(find_page(f, "rent") == &f.pages[3]);
    CHECK_FALSE(find_page(f, "nope"));
    CHECK_FALSE(find_question(f, "nope"));
    CHECK_FALSE(find_repeat(f, "members"));  // the group's id is not its repeat's id
}

TEST_CASE("form loader: the full example in FORMS.md is the example file") {
    const std::string doc = read_source_file("docs/FORMS.md");
    const size_t heading = doc.find("## Full example");
    REQUIRE(heading != std::string::npos);
    const size_t begin = doc.find("```json\n", heading);
    REQUIRE(begin != std::string::npos);
    const size_t end = doc.find("\n```", begin + 8);
    REQUIRE(end != std::string::npos);
    const std::string block = doc.substr(begin + 8, end - begin - 8 + 1);
    CHECK(block == read_source_file("assets/forms/minimal-example.json"));
    CHECK(load_form(block).errors.empty());
}

TEST_CASE("form loader: the base form of these tests loads") {
    CHECK(errors_of(base_form()).empty());
}

TEST_CASE("form loader: whatever is not a form gives an error, not an exception") {
    CHECK(load_form("").errors == std::vector<std::string>{"(form): not valid JSON"});
    CHECK(load_form("{\"id\":").errors == std::vector<std::string>{"(form): not valid JSON"});
    CHECK(load_form("[]").errors == std::vector<std::string>{"(form): a form is a JSON object"});
    CHECK(load_form("null").errors == std::vector<std::string>{"(form): a form is a JSON object"});
    const auto empty = load_form("{}").errors;
    CHECK(empty == std::vector<std::string>{"id: missing", "version: missing", "title: missing", "pages: missing"});
    CHECK_FALSE(load_form(std::string(10000, '[') + std::string(10000, ']')).form);
    CHECK_FALSE(load_form("{\"id\":\"a\",\"version\":1,\"title\":\"t\",\"pages\":[[[[[[[]]]]]]]}").form);
}

TEST_CASE("form loader: top-level fields") {
    json f = base_form();
    f["version"] = 0;
    check_error(f, "version: must be 1 or more");
    f["version"] = 1.5;
    check_error(f, "version: must be a whole number");
    f["version"] = "1";
    check_error(f, "version: must be a whole number");
    f["version"] = 18446744073709551615ull;  // does not fit int64
    check_error(f, "version: must be a whole number");

    f = base_form();
    f["id"] = "Test Form";
    check_error(f, "id: form id 'Test Form' may only hold a-z, 0-9, '.', '_' and '-' (at most 64)");
    f["id"] = 7;
    check_error(f, "id: must be a string");

    f = base_form();
    f["title"] = "has space";
    check_error(f, "title: catalog key 'has space' may only hold A-Z, a-z, 0-9, '.', '_' and '-'");

    f = base_form();
    f["pages"] = json::array();
    check_error(f, "pages: must be a non-empty array");
    f["pages"] = {1};
    check_error(f, "pages[0]: a page is an object");

    f = base_form();
    f["colour"] = "red";
    check_error(f, "colour: unknown key 'colour'");
}

TEST_CASE("form loader: pages") {
    json f = base_form();
    f["pages"][1].erase("title");
    check_error(f, "pages[1].title: missing");

    f = base_form();
    f["pages"][1]["questions"] = json::array();
    check_error(f, "pages[1].questions: must be a non-empty array");

    f = base_form();
    f["pages"][1]["id"] = "p1";
    check_error(f, "pages[1].id: duplicate page id 'p1'");

    f = base_form();
    f["pages"][0]["layout"] = "wide";
    check_error(f, "pages[0].layout: unknown key 'layout'");
}

TEST_CASE("form loader: question types and keys") {
    json f = base_form();
    f["pages"][0]["questions"][0]["type"] = "foo";
    check_error(f, "pages[0].questions[0].type: unknown type 'foo'");

    f = base_form();
    f["pages"][0]["questions"][0].erase("type");
    check_error(f, "pages[0].questions[0].type: missing");

    f = base_form();
    f["pages"][0]["questions"][0]["lable"] = "t.x";
    check_error(f, "pages[0].questions[0].lable: unknown key 'lable'");

    f = base_form();
    f["pages"][0]["questions"][0]["options"] = json::array();
    check_error(f, "pages[0].questions[0].options: 'options' does not apply to text questions");

    f = base_form();
    f["pages"][0]["questions"][4]["required"] = true;
    check_error(f, "pages[0].questions[4].required: 'required' does not apply to info questions");

    f = base_form();
    f["pages"][0]["questions"][0].erase("label");
    check_error(f, "pages[0].questions[0].label: missing");

    f = base_form();
    f["pages"][0]["questions"][0]["required"] = "yes";
    check_error(f, "pages[0].questions[0].required: must be true or false");

    f = base_form();
    f["pages"][0]["questions"][0]["id"] = "Name";
    check_error(f, "pages[0].questions[0].id: id 'Name' must start with a-z and hold only a-z, 0-9 and '_' (at most 64)");

    f = base_form();
    f["pages"][0]["questions"][0]["pattern"] = "zip";
    check_error(f, "pages[0].questions[0].pattern: unknown pattern 'zip' (ahv, iban, swiss_postcode, phone or email)");

    f = base_form();
    f["pages"][0]["questions"][0] = "name";
    check_error(f, "pages[0].questions[0]: a question is an object");

    // Hostile bytes are not copied into messages as they are.
    f = base_form();
    f["pages"][0]["questions"][0]["type"] = std::string("a\x01\nb") + std::string(100, 'x');
    check_error(f, "pages[0].questions[0].type: unknown type 'a??b" + std::string(36, 'x') + "...'");
}

TEST_CASE("form loader: options") {
    json f = base_form();
    f["pages"][0]["questions"][1].erase("options");
    check_error(f, "pages[0].questions[1].options: missing");

    f = base_form();
    f["pages"][0]["questions"][1]["options"] = json::array();
    check_error(f, "pages[0].questions[1].options: must be a non-empty array");

    f = base_form();
    f["pages"][0]["questions"][1]["options"][1]["id"] = "red";
    check_error(f, "pages[0].questions[1].options[1].id: duplicate option id 'red'");

    f = base_form();
    f["pages"][0]["questions"][1]["options"][0].erase("label");
    check_error(f, "pages[0].questions[1].options[0].label: missing");
}

TEST_CASE("form loader: duplicate ids anywhere in the form") {
    json f = base_form();
    f["pages"][1]["questions"][1]["id"] = "name";
    check_error(f, "pages[1].questions[1].id: duplicate id 'name' (first at pages[0].questions[0].id)");

    f = base_form();
    f["pages"][1]["questions"][0]["questions"][1]["id"] = "count";  // inside a repeat group
    check_error(f, "pages[1].questions[0].questions[1].id: duplicate id 'count' (first at pages[0].questions[3].id)");

    f = base_form();
    f["pages"][1]["questions"][0]["repeat"]["id"] = "after";  // repeats share the namespace
    check_error(f, "pages[1].questions[1].id: duplicate id 'after' (first at pages[1].questions[0].repeat.id)");
}

TEST_CASE("form loader: ranges must be the right way round and within limits") {
    check_error(with_question({{"id", "x"}, {"type", "text"}, {"label", "t.x"}, {"min_length", 5}, {"max_length", 2}}),
                "pages[0].questions[6].min_length: min_length 5 is greater than max_length 2");
    check_error(with_question({{"id", "x"}, {"type", "text"}, {"label", "t.x"}, {"min_length", 300}}),
                "pages[0].questions[6].min_length: is greater than the default max_length 200");
    check_error(with_question({{"id", "x"}, {"type", "multiline"}, {"label", "t.x"}, {"max_length", -1}}),
                "pages[0].questions[6].max_length: must be between 0 and 100000");
    check_error(with_question({{"id", "x"}, {"type", "money"}, {"label", "t.x"}, {"min_value", 100}, {"max_value", 99}}),
                "pages[0].questions[6].min_value: min_value 100 is greater than max_value 99");
    check_error(with_question({{"id", "x"}, {"type", "date"}, {"label", "t.x"}, {"min_age", 18}, {"max_age", 16}}),
                "pages[0].questions[6].min_age: min_age 18 is greater than max_age 16");
    check_error(with_question({{"id", "x"}, {"type", "date"}, {"label", "t.x"}, {"max_age", 200}}),
                "pages[0].questions[6].max_age: must be between 0 and 150");
    check_error(with_question({{"id", "x"}, {"type", "document"}, {"label", "t.x"}, {"document", "id_card"},
                               {"min_pages", 3}, {"max_pages", 2}}),
                "pages[0].questions[6].min_pages: min_pages 3 is greater than max_pages 2");
    check_error(with_question({{"id", "x"}, {"type", "document"}, {"label", "t.x"}, {"document", "id_card"},
                               {"max_pages", 51}}),
                "pages[0].questions[6].max_pages: must be between 1 and 50");
    check_error(with_question({{"id", "x"}, {"type", "document"}, {"label", "t.x"}}),
                "pages[0].questions[6].document: missing");

    json f = base_form();
    f["pages"][1]["questions"][0]["repeat"]["min"] = 5;
    check_error(f, "pages[1].questions[0].repeat.min: min 5 is greater than max 4");
    f["pages"][1]["questions"][0]["repeat"]["min"] = 0;
    f["pages"][1]["questions"][0]["repeat"]["max"] = 1000;
    check_error(f, "pages[1].questions[0].repeat.max: must be between 0 and 100");
    f["pages"][1]["questions"][0]["repeat"]["max"] = 0;
    check_error(f, "pages[1].questions[0].repeat.max: must be 1 or more");
    f["pages"][1]["questions"][0]["repeat"].erase("max");
    check_error(f, "pages[1].questions[0].repeat.max: missing");
    f["pages"][1]["questions"][0]["repeat"] = "children";
    check_error(f, "pages[1].questions[0].repeat: a repeat is an object with id, min, max and item_label");
}

TEST_CASE("form loader: groups") {
    json f = base_form();
    f["pages"][1]["questions"][0]["questions"].push_back(
        {{"id", "inner"}, {"type", "group"}, {"questions", {{{"id", "deep"}, {"type", "text"}, {"label", "t.d"}}}}});
    check_error(f, "pages[1].questions[0].questions[2]: groups cannot be nested");

    f = base_form();
    f["pages"][1]["repeat"] = {{"id", "rounds"}, {"max", 3}, {"item_label", "t.round"}};
    check_error(f, "pages[1].questions[0].repeat: a repeating group cannot be on a repeating page");

    f = base_form();
    f["pages"][1]["questions"][0]["questions"] = json::array();
    check_error(f, "pages[1].questions[0].questions: must be a non-empty array");

    // A group needs no label: it may only share a condition.
    f = base_form();
    f["pages"][1]["questions"][0].erase("label");
    CHECK(errors_of(f).empty());
}

TEST_CASE("form loader: condition syntax") {
    const std::string p = "pages[0].questions[3].condition";
    check_error(with_condition(json::array(), 3),
                p + ": a condition is an object with exactly one of equals, not, all, any, answered, includes");
    check_error(with_condition({{"answered", "name"}, {"not", {{"answered", "name"}}}}, 3),
                p + ": a condition is an object with exactly one of equals, not, all, any, answered, includes");
    check_error(with_condition({{"when", "name"}}, 3), p + ": unknown condition 'when'");
    check_error(with_condition({{"equals", {"color"}}}, 3), p + ".equals: must be [\"question_id\", \"value\"]");
    check_error(with_condition({{"equals", {"color", 1}}}, 3), p + ".equals: must be [\"question_id\", \"value\"]");
    check_error(with_condition({{"includes", "pets"}}, 3), p + ".includes: must be [\"question_id\", \"value\"]");
    check_error(with_condition({{"answered", {"name"}}}, 3), p + ".answered: must be a question id");
    check_error(with_condition({{"all", json::array()}}, 3), p + ".all: must be a non-empty array of conditions");
    check_error(with_condition(json::parse(R"({"any": [{"answered": "name"}, 5]})"), 3),
                p + ".any[1]: a condition is an object with exactly one of equals, not, all, any, answered, includes");
    check_error(with_condition(json::parse(R"({"not": {"answered": "name", "equals": ["color", "red"]}})"), 3),
                p + ".not: a condition is an object with exactly one of equals, not, all, any, answered, includes");

    json deep = {{"answered", "name"}};
    for (size_t i = 0; i < kMaxConditionDepth - 1; i++)
        deep = {{"not", deep}};
    CHECK(errors_of(with_condition(deep, 3)).empty());
    deep = {{"not", deep}};
    const auto errors = errors_of(with_condition(deep, 3));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].find("conditions nested deeper than 16") != std::string::npos);
}

TEST_CASE("form loader: conditions may only look back at questions with answers") {
    const std::string p = "pages[0].questions[3].condition";
    check_error(with_condition({{"answered", "shoe_size"}}, 3), p + ".answered: unknown question 'shoe_size'");
    check_error(with_condition({{"answered", "ok"}}, 3),
                p + ".answered: question 'ok' comes later in the form; conditions may only look back");
    check_error(with_condition({{"answered", "count"}}, 3),
                p + ".answered: question 'count' comes later in the form; conditions may only look back");  // itself
    check_error(with_condition({{"answered", "intro"}}, 5), "pages[0].questions[5].condition.answered: 'intro' is info and has no answer to test");
    check_error(with_condition({{"answered", "kids"}}, 1, 1), "pages[1].questions[1].condition.answered: 'kids' is group and has no answer to test");
    check_error(with_condition({{"answered", "children"}}, 1, 1),
                "pages[1].questions[1].condition.answered: 'children' is a repeat, not a question");
    // Page conditions look at earlier pages only.
    json f = base_form();
    f["pages"][0]["condition"] = {{"answered", "name"}};
    check_error(f, "pages[0].condition.answered: question 'name' comes later in the form; conditions may only look back");
    f = base_form();
    f["pages"][1]["condition"] = {{"all", {{{"answered", "name"}}, {{"not", {{"answered", "after"}}}}}}};
    check_error(f, "pages[1].condition.all[1].not.answered: question 'after' comes later in the form; conditions may only look back");
}

TEST_CASE("form loader: conditions check options and types") {
    const std::string p = "pages[0].questions[3].condition";
    CHECK(errors_of(with_condition({{"equals", {"color", "red"}}}, 3)).empty());
    CHECK(errors_of(with_condition({{"equals", {"name", "anything at all"}}}, 3)).empty());
    CHECK(errors_of(with_condition({{"includes", {"pets", "dog"}}}, 3)).empty());
    CHECK(errors_of(with_condition({{"equals", {"ok", "unknown"}}}, 0, 1)).empty());

    check_error(with_condition({{"equals", {"color", "green"}}}, 3), p + ".equals: unknown option 'green' of 'color'");
    check_error(with_condition({{"equals", {"ok", "maybe"}}}, 0, 1),
                "pages[1].questions[0].condition.equals: unknown option 'maybe' of 'ok' (yes, no or unknown)");
    check_error(with_condition({{"includes", {"pets", "fish"}}}, 3), p + ".includes: unknown option 'fish' of 'pets'");
    check_error(with_condition({{"includes", {"color", "red"}}}, 3),
                p + ".includes: includes needs a multiple_choice question, 'color' is single_choice");
    check_error(with_condition({{"equals", {"pets", "cat"}}}, 3), p + ".equals: 'pets' is multiple_choice: use includes");
    check_error(with_condition({{"equals", {"count", "3"}}}, 4), "pages[0].questions[4].condition.equals: equals cannot test 'count', a number question");
}

TEST_CASE("form loader: repeat items are only visible inside their repeat") {
    // Inside the item: an earlier question of the same item, or any earlier question outside.
    json f = base_form();
    f["pages"][1]["questions"][0]["questions"][1]["condition"] = {
        {"all", {{{"answered", "kid_name"}}, {{"equals", {"color", "red"}}}}}};
    CHECK(errors_of(f).empty());
    // Outside: which item would it be?
    check_error(with_condition({{"answered", "kid_name"}}, 1, 1),
                "pages[1].questions[1].condition.answered: 'kid_name' is answered per item of 'children' and cannot be "
                "tested from here");
    // The same holds for repeating pages.
    f = base_form();
    f["pages"][1]["questions"][0].erase("repeat");
    f["pages"][1]["repeat"] = {{"id", "rounds"}, {"max", 3}, {"item_label", "t.round"}};
    f["pages"].push_back({{"id", "p3"}, {"title", "t.p3"},
                          {"questions", {{{"id", "z"}, {"type", "text"}, {"label", "t.z"},
                                          {"condition", {{"answered", "after"}}}}}}});
    check_error(f, "pages[2].questions[0].condition.answered: 'after' is answered per item of 'rounds' and cannot be "
                   "tested from here");
}

TEST_CASE("form loader: every mistake is reported at once") {
    json f = base_form();
    f["version"] = -1;
    f["pages"][0]["questions"][0]["type"] = "foo";
    f["pages"][0]["questions"][1]["options"][1]["id"] = "red";
    f["pages"][1]["questions"][1]["condition"] = {{"answered", "nobody"}};
    const auto errors = errors_of(f);
    CHECK(errors == std::vector<std::string>{
                        "version: must be 1 or more",
                        "pages[0].questions[0].type: unknown type 'foo'",
                        "pages[0].questions[1].options[1].id: duplicate option id 'red'",
                        "pages[1].questions[1].condition.answered: unknown question 'nobody'",
                    });
}

TEST_CASE("form loader: names of types and patterns") {
    CHECK(std::string(question_type_name(QuestionType::YesNoUnknown)) == "yes_no_unknown");
    CHECK(std::string(question_type_name(QuestionType::MultipleChoice)) == "multiple_choice");
    CHECK(std::string(pattern_name(Pattern::SwissPostcode)) == "swiss_postcode");
    CHECK(std::string(pattern_name(Pattern::None)).empty());
}

TEST_CASE("form loader: sections, and the text keys a form needs") {
    json f = base_form();
    f["pages"][0]["section"] = "form.t.section.personal";
    LoadResult r = load_form(f.dump());
    REQUIRE(r.form);
    CHECK(r.form->pages[0].section == "form.t.section.personal");
    const auto keys = form_text_keys(*r.form);
    CHECK(std::is_sorted(keys.begin(), keys.end()));
    CHECK(std::count(keys.begin(), keys.end(), "form.t.section.personal") == 1);
    CHECK(std::count(keys.begin(), keys.end(), r.form->title) == 1);
    CHECK(question_error_key(*r.form, "q", "error.date.required") == "form." + r.form->id + ".q.error.date.required");

    f["pages"][0]["section"] = "not a key!";
    r = load_form(f.dump());
    CHECK_FALSE(r.form);
    CHECK_FALSE(r.errors.empty());
}

TEST_CASE("form loader: the shipped social-assistance form loads, and its keys cover every option") {
    const LoadResult r = load_form(read_source_file("assets/forms/social-assistance.json"));
    for (const auto& e : r.errors)
        INFO(e);
    REQUIRE(r.form);
    const auto keys = form_text_keys(*r.form);
    for (const Page& p : r.form->pages)
        for (const Question& q : p.questions)
            for (const Option& o : q.options)
                CHECK(std::binary_search(keys.begin(), keys.end(), o.label));
}

TEST_CASE("form loader: autocomplete names the applicant's own data as an input purpose (WCAG 1.3.5)") {
    json f = base_form();
    f["pages"][0]["questions"][0]["autocomplete"] = "given-name";
    f["pages"][0]["questions"][3]["autocomplete"] = "tel-national";
    LoadResult r = load_form(f.dump());
    REQUIRE(r.form);
    CHECK(r.form->pages[0].questions[0].autocomplete == "given-name");
    CHECK(r.form->pages[0].questions[3].autocomplete == "tel-national");
    CHECK(r.form->pages[0].questions[1].autocomplete.empty());

    json unknown = base_form();
    unknown["pages"][0]["questions"][0]["autocomplete"] = "first-name";
    check_error(unknown, "pages[0].questions[0].autocomplete: unknown input purpose 'first-name' (given-name, "
                         "family-name, bday, street-address, postal-code, address-level2, tel, email, ...: docs/FORMS.md)");
    json card = base_form();
    card["pages"][0]["questions"][0]["autocomplete"] = "cc-number";
    CHECK(errors_of(card).size() == 1);
    json choice = base_form();
    choice["pages"][0]["questions"][1]["autocomplete"] = "sex";
    check_error(choice, "pages[0].questions[1].autocomplete: 'autocomplete' does not apply to single_choice questions");
    // A household member's name is not the applicant's: the browser must not fill in theirs.
    json repeated = base_form();
    repeated["pages"][1]["questions"][0]["questions"][0]["autocomplete"] = "given-name";
    check_error(repeated, "pages[1].questions[0].questions[0].autocomplete: the applicant's own data cannot be asked "
                          "in a repeat");
}

TEST_CASE("form loader: the shipped form gives the applicant's name, birth date, address and contact a purpose") {
    const LoadResult r = load_form(read_source_file("assets/forms/social-assistance.json"));
    REQUIRE(r.form);
    std::map<std::string, std::string> purposes;
    for (const Page& p : r.form->pages)
        for (const Question& q : p.questions)
            if (!q.autocomplete.empty())
                purposes[q.id] = q.autocomplete;
    CHECK(purposes == std::map<std::string, std::string>{{"first_name", "given-name"}, {"last_name", "family-name"},
                                                         {"birth_date", "bday"},        {"street", "street-address"},
                                                         {"postcode", "postal-code"},   {"town", "address-level2"},
                                                         {"phone", "tel"},              {"email", "email"}});
}
