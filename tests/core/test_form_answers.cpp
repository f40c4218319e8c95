#include "core/answers.h"
#include "helpers.h"

#define CATCH_CONFIG_ENABLE_PAIR_STRINGMAKER  // show (field, key) pairs when a check fails
#include <catch2/catch.hpp>

#include <limits>
#include <utility>

using namespace anl;

namespace {

const Date kToday{2026, 11, 25};
using List = std::vector<std::string>;

Form load_ok(const std::string& text) {
    LoadResult r = load_form(text);
    for (const auto& e : r.errors)
        INFO(e);
    REQUIRE(r.form);
    return std::move(*r.form);
}

Form example() { return load_ok(read_source_file("assets/forms/minimal-example.json")); }

// Every condition operator, once alone and once nested, on page p1; a chain of conditions on p2.
Form conditions_form() {
    return load_ok(R"({"id": "t", "version": 3, "title": "t", "pages": [
      {"id": "p1", "title": "t", "questions": [
        {"id": "color", "type": "single_choice", "label": "l",
         "options": [{"id": "red", "label": "l"}, {"id": "blue", "label": "l"}]},
        {"id": "pets", "type": "multiple_choice", "label": "l",
         "options": [{"id": "cat", "label": "l"}, {"id": "dog", "label": "l"}]},
        {"id": "name", "type": "text", "label": "l"},
        {"id": "q_equals", "type": "info", "label": "l", "condition": {"equals": ["color", "red"]}},
        {"id": "q_not", "type": "info", "label": "l", "condition": {"not": {"equals": ["color", "red"]}}},
        {"id": "q_answered", "type": "info", "label": "l", "condition": {"answered": "name"}},
        {"id": "q_text", "type": "info", "label": "l", "condition": {"equals": ["name", "Anna"]}},
        {"id": "q_includes", "type": "info", "label": "l", "condition": {"includes": ["pets", "dog"]}},
        {"id": "q_all", "type": "info", "label": "l",
         "condition": {"all": [{"equals": ["color", "red"]}, {"includes": ["pets", "cat"]}]}},
        {"id": "q_any", "type": "info", "label": "l",
         "condition": {"any": [{"equals": ["color", "blue"]}, {"includes": ["pets", "cat"]}]}},
        {"id": "q_nested", "type": "info", "label": "l", "condition": {"any": [
          {"all": [{"equals": ["color", "red"]}, {"not": {"answered": "name"}}]},
          {"all": [{"includes": ["pets", "dog"]}, {"not": {"includes": ["pets", "cat"]}}]}]}}
      ]},
      {"id": "p2", "title": "t", "questions": [
        {"id": "swiss", "type": "yes_no_unknown", "label": "l"},
        {"id": "permit", "type": "text", "label": "l", "condition": {"not": {"equals": ["swiss", "yes"]}}},
        {"id": "permit_since", "type": "date", "label": "l", "condition": {"answered": "permit"}}
      ]},
      {"id": "p3", "title": "t", "condition": {"answered": "permit_since"}, "questions": [
        {"id": "office", "type": "text", "label": "l"}
      ]}
    ]})");
}

// Which of the q_* info questions are visible.
List shown(const Form& f, const Answers& a) {
    List out;
    for (const auto& field : visible_fields(f, a))
        if (field.rfind("q_", 0) == 0)
            out.push_back(field);
    return out;
}

using Errors = std::vector<std::pair<std::string, std::string>>;
Errors errors(const std::vector<FieldError>& list) {
    Errors out;
    for (const auto& e : list)
        out.emplace_back(e.field, e.message_key);
    return out;
}
Errors page_errors(const Form& f, const std::string& page, const Answers& a) {
    return errors(validate_page(f, page, a, kToday));
}

// A person who fills in everything the example asks, correctly.
Answers filled_example() {
    Answers a;
    a.values = {
        {"first_name", std::string(" Zoë ")},
        {"last_name", std::string("Müller-Ağaoğlu")},
        {"birth_date", std::string("1.4.1990")},
        {"nationality", std::string("other")},
        {"permit", std::string("b")},
        {"ahv_number", std::string("7561234567897")},
        {"phone", std::string("044 123 45 67")},
        {"email", std::string("zoe@Example.CH")},
        {"postcode", std::string("CH-8001")},
        {"living_situation", std::string("tenant")},
        {"rent_amount", std::string("1'450.-")},
        {"rent_utilities", int64_t(15000)},
        {"landlord_iban", std::string("ch93 0076 2011 6238 5295 7")},
        {"lease", List{"lease-1.jpg", "lease-2.jpg"}},
        {"needs", List{"other", "rent"}},
        {"needs_other", std::string("Zahnarzt")},
        {"message", std::string("Danke.\n")},
    };
    a.repeats["household"] = {
        {{"member_name", std::string("Ali")},
         {"member_birth_date", std::string("02.03.2015")},
         {"member_relation", std::string("child")},
         {"member_school", std::string("yes")},
         {"member_income", std::string("500")}},  // hidden for children
        {{"member_name", std::string("Sam")},
         {"member_birth_date", std::string("1988-12-31")},
         {"member_relation", std::string("partner")},
         {"member_income", std::string("CHF 1'200.50")}},
    };
    return a;
}

} // namespace

TEST_CASE("money: what people type becomes cents") {
    CHECK(parse_money("1'234.50") == 123450);
    CHECK(parse_money("1234.5") == 123450);
    CHECK(parse_money("1234,50") == 123450);
    CHECK(parse_money("CHF 12") == 1200);
    CHECK(parse_money("chf12.05") == 1205);
    CHECK(parse_money("12 CHF") == 1200);
    CHECK(parse_money("Fr. 12.50") == 1250);
    CHECK(parse_money("SFr. 3") == 300);
    CHECK(parse_money("12 Fr.") == 1200);
    CHECK(parse_money("12.-") == 1200);
    CHECK(parse_money("12.--") == 1200);
    CHECK(parse_money("1'450.\xE2\x80\x93") == 145000);          // en dash
    CHECK(parse_money("1\xE2\x80\x99" "234.50") == 123450);      // ’ from a word processor
    CHECK(parse_money("1 234 567.80") == 123456780);
    CHECK(parse_money("1\xC2\xA0" "234") == 123400);             // no-break space
    CHECK(parse_money(" 0.05 ") == 5);
    CHECK(parse_money(".50") == 50);
    CHECK(parse_money("0") == 0);
    CHECK(parse_money("9999999999999.99") == 999999999999999);

    CHECK_FALSE(parse_money(""));
    CHECK_FALSE(parse_money("CHF"));
    CHECK_FALSE(parse_money("abc"));
    CHECK_FALSE(parse_money("-12"));
    CHECK_FALSE(parse_money("12.345"));         // three decimals
    CHECK_FALSE(parse_money("1,234"));          // thousands or decimals?
    CHECK_FALSE(parse_money("1.234,50"));
    CHECK_FALSE(parse_money("1,234.50"));
    CHECK_FALSE(parse_money("12'34"));          // groups of three only
    CHECK_FALSE(parse_money("1234'567"));
    CHECK_FALSE(parse_money("1''234"));
    CHECK_FALSE(parse_money("'123"));
    CHECK_FALSE(parse_money("12."));
    CHECK_FALSE(parse_money(".-"));
    CHECK_FALSE(parse_money("12 EUR"));
    CHECK_FALSE(parse_money("CHF 12 CHF"));
    CHECK_FALSE(parse_money("10000000000000"));  // 10^13 francs
    CHECK_FALSE(parse_money("99999999999999999999999"));

    CHECK(format_money(123450) == "1'234.50");
    CHECK(format_money(5) == "0.05");
    CHECK(format_money(100) == "1.00");
    CHECK(format_money(123456789) == "1'234'567.89");
    CHECK(format_money(-150) == "-1.50");
    CHECK(format_money(std::numeric_limits<int64_t>::min()) == "-92'233'720'368'547'758.08");
}

TEST_CASE("numbers: whole, with thousands separators") {
    CHECK(parse_number("3") == 3);
    CHECK(parse_number(" 12'000 ") == 12000);
    CHECK(parse_number("-4") == -4);
    CHECK(parse_number("\xE2\x88\x92" "4") == -4);  // U+2212 minus sign
    CHECK(parse_number("999999999999999999") == 999999999999999999);
    CHECK_FALSE(parse_number("1000000000000000000"));
    CHECK_FALSE(parse_number("3.5"));
    CHECK_FALSE(parse_number("-"));
    CHECK_FALSE(parse_number(""));
    CHECK_FALSE(parse_number("12a"));
    CHECK_FALSE(parse_number("1'0"));
}

TEST_CASE("conditions: each operator") {
    const Form f = conditions_form();
    Answers a;
    CHECK(shown(f, a) == List{"q_not"});

    a.values["color"] = std::string("red");
    CHECK(shown(f, a) == List{"q_equals", "q_nested"});

    a.values["color"] = std::string("blue");
    CHECK(shown(f, a) == List{"q_any", "q_not"});

    a.values["color"] = std::string(" red ");  // equals compares what was meant
    a.values["name"] = std::string("Anna");
    CHECK(shown(f, a) == List{"q_answered", "q_equals", "q_text"});

    a.values["name"] = std::string("  ");  // blank is not an answer
    CHECK(shown(f, a) == List{"q_equals", "q_nested"});

    a.values.erase("name");
    a.values["pets"] = List{"cat"};
    CHECK(shown(f, a) == List{"q_all", "q_any", "q_equals", "q_nested"});

    a.values["color"] = std::string("blue");
    a.values["pets"] = List{"dog"};
    CHECK(shown(f, a) == List{"q_any", "q_includes", "q_nested", "q_not"});

    a.values["pets"] = List{"dog", "cat"};
    CHECK(shown(f, a) == List{"q_any", "q_includes", "q_not"});

    a.values["pets"] = List{};  // an empty selection is no answer either
    CHECK(shown(f, a) == List{"q_any", "q_not"});

    // Answers of the wrong kind never match.
    a.values["color"] = int64_t(1);
    a.values["pets"] = std::string("dog");
    CHECK(shown(f, a) == List{"q_not"});
}

TEST_CASE("conditions: a hidden question counts as unanswered further down") {
    const Form f = conditions_form();
    Answers a;
    a.values["swiss"] = std::string("no");
    a.values["permit"] = std::string("B");
    a.values["permit_since"] = std::string("1.1.2020");
    auto fields = visible_fields(f, a);
    CHECK(fields.count("permit"));
    CHECK(fields.count("permit_since"));
    CHECK(visible_pages(f, a) == List{"p1", "p2", "p3"});

    a.values["swiss"] = std::string("yes");
    fields = visible_fields(f, a);
    CHECK_FALSE(fields.count("permit"));
    CHECK_FALSE(fields.count("permit_since"));  // its condition named the hidden permit
    CHECK(visible_pages(f, a) == List{"p1", "p2"});
    // Kept while hidden: picking "no" again brings everything back.
    CHECK(a.values.count("permit"));
    a.values["swiss"] = std::string("unknown");
    CHECK(visible_pages(f, a) == List{"p1", "p2", "p3"});
}

TEST_CASE("visible pages and steps follow the answers") {
    const Form f = example();
    Answers a;
    // The rent page asks about rent unless the applicant lives with parents for free; before
    // the housing page is answered nobody knows: it is not visible yet, but it counts as a page
    // that may still come (issue 12: the count never grows as the applicant goes on).
    CHECK(visible_pages(f, a) == List{"personal", "household", "housing", "needs"});
    CHECK(page_step(f, a, "housing")->number == 3);
    CHECK(page_step(f, a, "housing")->count == 5);
    CHECK_FALSE(page_step(f, a, "rent"));
    CHECK_FALSE(page_step(f, a, "nope"));
    CHECK(next_page(f, a, "housing") == std::optional<std::string>("needs"));

    a.values["living_situation"] = std::string("tenant");
    CHECK(visible_pages(f, a) == List{"personal", "household", "housing", "rent", "needs"});
    CHECK(page_step(f, a, "needs")->number == 5);
    CHECK(page_step(f, a, "needs")->count == 5);
    CHECK(next_page(f, a, "housing") == std::optional<std::string>("rent"));
    CHECK(previous_page(f, a, "needs") == std::optional<std::string>("rent"));

    a.values["living_situation"] = std::string("with_parents");
    CHECK(page_step(f, a, "rent")->number == 4);  // pays_parents not known yet: ask
    a.values["pays_parents"] = std::string("yes");
    CHECK(page_step(f, a, "rent")->count == 5);
    a.values["pays_parents"] = std::string("unknown");
    CHECK(page_step(f, a, "rent")->count == 5);
    a.values["pays_parents"] = std::string("no");
    CHECK_FALSE(page_step(f, a, "rent"));
    CHECK(page_step(f, a, "needs")->number == 4);
    CHECK(page_step(f, a, "needs")->count == 4);
    CHECK(previous_page(f, a, "needs") == std::optional<std::string>("housing"));

    // Hidden pays_parents (owner) also hides what depended on it.
    a.values["living_situation"] = std::string("owner");
    CHECK(visible_pages(f, a) == List{"personal", "household", "housing", "needs"});

    CHECK(next_page(f, a, "needs") == std::nullopt);
    CHECK(previous_page(f, a, "personal") == std::nullopt);
    CHECK(next_page(f, a, "rent") == std::optional<std::string>("needs"));  // from a page just hidden
    CHECK(previous_page(f, a, "rent") == std::optional<std::string>("housing"));
    CHECK(next_page(f, a, "nope") == std::nullopt);
}

TEST_CASE("validation: an empty page says what is required") {
    const Form f = example();
    Answers a;
    CHECK(page_errors(f, "personal", a) == Errors{
                                               {"first_name", "error.text.required"},
                                               {"last_name", "error.text.required"},
                                               {"birth_date", "error.date.required"},
                                               {"nationality", "error.single_choice.required"},
                                               {"permit", "error.single_choice.required"},
                                           });
    a.values["nationality"] = std::string("ch");  // permit hidden, so not required
    CHECK(page_errors(f, "personal", a) == Errors{
                                               {"first_name", "error.text.required"},
                                               {"last_name", "error.text.required"},
                                               {"birth_date", "error.date.required"},
                                           });
    CHECK(page_errors(f, "household", a).empty());  // 0 members is allowed
    CHECK(page_errors(f, "rent", a).empty());       // hidden page
    CHECK(page_errors(f, "nope", a).empty());
    CHECK(page_errors(f, "needs", a) == Errors{{"needs", "error.multiple_choice.required"}});
}

TEST_CASE("validation: a complete example has no errors") {
    const Form f = example();
    const Answers a = filled_example();
    for (const auto& e : validate_form(f, a, kToday))
        INFO(e.field << " " << e.message_key);
    CHECK(validate_form(f, a, kToday).empty());
}

TEST_CASE("validation: each rule and each type") {
    const Form f = example();
    Answers a = filled_example();
    auto only = [&](const std::string& page) { return page_errors(f, page, a); };

    a.values["first_name"] = std::string(101, 'x');
    a.values["last_name"] = std::string("M\x01");
    a.values["birth_date"] = std::string("31.02.1990");
    a.values["permit"] = std::string("x");
    a.values["ahv_number"] = std::string("756.1234.5678.96");
    a.values["phone"] = std::string("044 123 45");
    a.values["email"] = std::string("zoë@example.ch");
    CHECK(only("personal") == Errors{
                                  {"first_name", "error.text.too_long"},
                                  {"last_name", "error.text.invalid"},
                                  {"birth_date", "error.date.day"},  // there is no 31.02.1990
                                  {"permit", "error.single_choice.invalid"},
                                  {"ahv_number", "error.ahv.checksum"},
                                  {"phone", "error.phone.length"},
                                  {"email", "error.email.ascii"},
                              });

    a = filled_example();
    a.values["birth_date"] = std::string("26.11.2026");
    CHECK(only("personal") == Errors{{"birth_date", "error.date.future"}});
    a.values["birth_date"] = std::string("25.11.2026");
    CHECK(only("personal").empty());
    a.values["birth_date"] = std::string("24.11.1905");  // 121
    CHECK(only("personal") == Errors{{"birth_date", "error.date.too_old"}});
    a.values["birth_date"] = std::string("25.11.1906");  // 120 today
    CHECK(only("personal").empty());
    a.values["birth_date"] = List{"1.1.1990"};
    CHECK(only("personal") == Errors{{"birth_date", "error.date.invalid"}});
    a.values["first_name"] = int64_t(5);
    CHECK(only("personal") == Errors{{"first_name", "error.text.invalid"}, {"birth_date", "error.date.invalid"}});

    a = filled_example();
    a.values["postcode"] = std::string("0800");
    a.values["living_situation"] = std::string("caravan");
    CHECK(only("housing") == Errors{{"postcode", "error.swiss_postcode.range"},
                                    {"living_situation", "error.single_choice.invalid"}});
    a.values["living_situation"] = std::string("with_parents");
    a.values["pays_parents"] = std::string("maybe");
    CHECK(only("housing") == Errors{{"postcode", "error.swiss_postcode.range"},
                                    {"pays_parents", "error.yes_no_unknown.invalid"}});

    a = filled_example();
    a.values["rent_amount"] = std::string("12.345");
    a.values["rent_utilities"] = std::string("5000.01");  // max 5000.00
    a.values["landlord_iban"] = std::string("CH93 0076 2011 6238 5295 8");
    a.values["lease"] = List{};
    CHECK(only("rent") == Errors{{"rent_amount", "error.money.invalid"},
                                 {"rent_utilities", "error.money.too_large"},
                                 {"landlord_iban", "error.iban.checksum"}});  // the lease is optional
    a.values["rent_amount"] = std::string("10'000.01");
    a.values["rent_utilities"] = std::string("5'000");
    a.values["lease"] = List(11, "page.jpg");
    a.values["landlord_iban"] = std::string("");
    CHECK(only("rent") == Errors{{"rent_amount", "error.money.too_large"}, {"lease", "error.document.too_many_pages"}});
    a.values["rent_amount"] = int64_t(-1);
    a.values["lease"] = std::string("lease.pdf");
    CHECK(only("rent") == Errors{{"rent_amount", "error.money.too_small"}, {"lease", "error.document.invalid"}});

    a = filled_example();
    a.values["needs"] = List{"rent", "luxury"};
    a.values["message"] = std::string(5001, 'x');
    CHECK(only("needs") == Errors{{"needs", "error.multiple_choice.invalid"}, {"message", "error.multiline.too_long"}});
    a.values["needs"] = List{"other"};
    a.values["needs_other"] = std::string(" ");
    a.values["message"] = std::string("Zeile 1\nZeile 2\r\n\tEnde");  // line breaks are fine here
    CHECK(only("needs") == Errors{{"needs_other", "error.text.required"}});
}

TEST_CASE("validation: numbers, lengths, ages and pages against the definition's limits") {
    const Form f = load_ok(R"({"id": "t", "version": 1, "title": "t", "pages": [{"id": "p", "title": "t", "questions": [
        {"id": "code", "type": "text", "label": "l", "min_length": 3, "max_length": 5},
        {"id": "kids", "type": "number", "label": "l", "min_value": 0, "max_value": 12},
        {"id": "adult", "type": "date", "label": "l", "min_age": 18},
        {"id": "scan", "type": "document", "document": "id_card", "label": "l", "required": true, "min_pages": 2, "max_pages": 3}
    ]}]})");
    Answers a;
    a.values = {{"code", std::string("ab")}, {"kids", std::string("13")}, {"adult", std::string("26.11.2008")},
                {"scan", List{"front.jpg"}}};
    CHECK(page_errors(f, "p", a) == Errors{{"code", "error.text.too_short"},
                                           {"kids", "error.number.too_large"},
                                           {"adult", "error.date.too_young"},
                                           {"scan", "error.document.too_few_pages"}});
    a.values = {{"code", std::string(" äöü ")}, {"kids", std::string("-1")}, {"adult", std::string("25.11.2008")},
                {"scan", List{}}};
    CHECK(page_errors(f, "p", a) == Errors{{"kids", "error.number.too_small"}, {"scan", "error.document.required"}});
    a.values = {{"code", std::string("abcdef")}, {"kids", std::string("2.5")}, {"scan", List{"a", "b", "c"}}};
    CHECK(page_errors(f, "p", a) == Errors{{"code", "error.text.too_long"}, {"kids", "error.number.invalid"}});
    a.values = {{"kids", int64_t(12)}, {"scan", List{"a", "b"}}};
    CHECK(page_errors(f, "p", a).empty());
}

TEST_CASE("repeat groups: adding and removing items within min and max") {
    const Form f = example();
    Answers a;
    CHECK_FALSE(add_repeat_item(f, a, "members"));  // the group's id, not the repeat's
    CHECK_FALSE(add_repeat_item(f, a, "nope"));
    CHECK(a.repeats.empty());
    for (int i = 0; i < 8; i++)
        CHECK(add_repeat_item(f, a, "household"));
    CHECK_FALSE(add_repeat_item(f, a, "household"));
    CHECK(a.repeats["household"].size() == 8);

    a.repeats["household"][2]["member_name"] = std::string("Third");
    a.repeats["household"][3]["member_name"] = std::string("Fourth");
    CHECK(remove_repeat_item(f, a, "household", 2));
    CHECK(a.repeats["household"].size() == 7);
    CHECK(std::get<std::string>(a.repeats["household"][2]["member_name"]) == "Fourth");
    CHECK_FALSE(remove_repeat_item(f, a, "household", 7));
    CHECK_FALSE(remove_repeat_item(f, a, "nope", 0));
    while (!a.repeats["household"].empty())
        CHECK(remove_repeat_item(f, a, "household", 0));
    CHECK_FALSE(remove_repeat_item(f, a, "household", 0));

    // A minimum of one: removing the last item is allowed (who said "yes" by mistake removes the
    // person and answers "no"), and validation then asks for one.
    const Form g = load_ok(R"({"id": "t", "version": 1, "title": "t", "pages": [{"id": "p", "title": "t",
        "repeat": {"id": "jobs", "min": 1, "max": 2, "item_label": "l"},
        "questions": [{"id": "employer", "type": "text", "label": "l", "required": true}]}]})");
    Answers b;
    CHECK(page_errors(g, "p", b) == Errors{{"jobs", "error.repeat.too_few"}});
    CHECK(add_repeat_item(g, b, "jobs"));
    CHECK(add_repeat_item(g, b, "jobs"));
    CHECK_FALSE(add_repeat_item(g, b, "jobs"));
    CHECK(remove_repeat_item(g, b, "jobs", 1));
    CHECK(remove_repeat_item(g, b, "jobs", 0));
    CHECK(page_errors(g, "p", b) == Errors{{"jobs", "error.repeat.too_few"}});
    CHECK_FALSE(remove_repeat_item(g, b, "jobs", 0));
    CHECK(add_repeat_item(g, b, "jobs"));
    CHECK(page_errors(g, "p", b) == Errors{{"jobs[0].employer", "error.text.required"}});
    b.repeats["jobs"][0]["employer"] = std::string("Migros");
    CHECK(page_errors(g, "p", b).empty());
    b.repeats["jobs"].resize(3);  // more than the definition allows, however it came about
    CHECK(page_errors(g, "p", b) == Errors{{"jobs", "error.repeat.too_many"},
                                           {"jobs[1].employer", "error.text.required"},
                                           {"jobs[2].employer", "error.text.required"}});
}

TEST_CASE("repeat groups: each item is validated and shown on its own") {
    const Form f = example();
    Answers a = filled_example();
    a.repeats["household"].emplace_back();
    a.repeats["household"][0]["member_birth_date"] = std::string("1.1.2030");
    CHECK(page_errors(f, "household", a) == Errors{
                                                {"household[0].member_birth_date", "error.date.future"},
                                                {"household[2].member_name", "error.text.required"},
                                                {"household[2].member_birth_date", "error.date.required"},
                                                {"household[2].member_relation", "error.single_choice.required"},
                                            });
    const auto fields = visible_fields(f, a);
    CHECK(fields.count("household"));
    CHECK(fields.count("members"));
    CHECK(fields.count("household_intro"));
    CHECK(fields.count("household[0].member_school"));     // a child
    CHECK_FALSE(fields.count("household[0].member_income"));
    CHECK_FALSE(fields.count("household[1].member_school"));  // a partner
    CHECK(fields.count("household[1].member_income"));
    CHECK(fields.count("household[2].member_income"));      // relation not given yet
    CHECK_FALSE(fields.count("member_name"));
}

TEST_CASE("answers document: hidden answers are dropped") {
    const Form f = example();
    Answers a = filled_example();
    a.values["nationality"] = std::string("ch");
    a.values["living_situation"] = std::string("with_parents");
    a.values["pays_parents"] = std::string("no");
    a.values["needs"] = List{"rent"};
    a.values["unknown_question"] = std::string("smuggled");
    a.repeats["smuggled"] = {{{"x", std::string("y")}}};
    const nlohmann::json answers = answers_document(f, a, "de")["answers"];
    CHECK(answers["nationality"] == "ch");
    CHECK_FALSE(answers.contains("permit"));
    CHECK(answers["pays_parents"] == "no");
    for (const char* id : {"rent_amount", "rent_utilities", "landlord_iban", "lease", "needs_other",
                           "unknown_question", "smuggled"})
        CHECK_FALSE(answers.contains(id));
    CHECK_FALSE(answers["household"][0].contains("member_income"));  // a child
    CHECK(answers["household"][1]["member_income"] == 120050);

    // The answers are still held for the applicant, only not sent.
    CHECK(a.values.count("permit"));
    const Answers sent = submitted_answers(f, a);
    CHECK_FALSE(sent.values.count("permit"));
    CHECK_FALSE(sent.values.count("rent_amount"));
    CHECK_FALSE(sent.repeats.count("smuggled"));
    CHECK(sent.repeats.at("household").size() == 2);
    CHECK_FALSE(sent.repeats.at("household")[0].count("member_income"));

    // Blank answers are no answers.
    a.values["message"] = std::string("   ");
    CHECK_FALSE(answers_document(f, a, "de")["answers"].contains("message"));
}

TEST_CASE("answers document: canonical, normalised, with form id and version") {
    const Form f = example();
    const std::string doc = canonical_json(answers_document(f, filled_example(), "fr"));
    CHECK(doc ==
          "{\"answers\":{"
          "\"ahv_number\":\"756.1234.5678.97\","
          "\"birth_date\":\"1990-04-01\","
          "\"email\":\"zoe@example.ch\","
          "\"first_name\":\"Zoë\","
          "\"household\":["
          "{\"member_birth_date\":\"2015-03-02\",\"member_name\":\"Ali\",\"member_relation\":\"child\",\"member_school\":\"yes\"},"
          "{\"member_birth_date\":\"1988-12-31\",\"member_income\":120050,\"member_name\":\"Sam\",\"member_relation\":\"partner\"}],"
          "\"landlord_iban\":\"CH93 0076 2011 6238 5295 7\","
          "\"last_name\":\"Müller-Ağaoğlu\","
          "\"lease\":[\"lease-1.jpg\",\"lease-2.jpg\"],"
          "\"living_situation\":\"tenant\","
          "\"message\":\"Danke.\","
          "\"nationality\":\"other\","
          "\"needs\":[\"rent\",\"other\"],"
          "\"needs_other\":\"Zahnarzt\","
          "\"permit\":\"b\","
          "\"phone\":\"+41441234567\","
          "\"postcode\":\"8001\","
          "\"rent_amount\":145000,"
          "\"rent_utilities\":15000},"
          "\"form\":\"minimal-example\",\"form_version\":1,\"language\":\"fr\"}");

    // No household members is said, not left out.
    Answers a = filled_example();
    a.repeats.clear();
    CHECK(answers_document(f, a, "de")["answers"]["household"] == nlohmann::json::array());
    // What could not be read goes as typed, trimmed, rather than being lost.
    a.values["rent_amount"] = std::string(" about 1400 ");
    a.values["birth_date"] = std::string("April 1990");
    const nlohmann::json answers = answers_document(f, a, "de")["answers"];
    CHECK(answers["rent_amount"] == "about 1400");
    CHECK(answers["birth_date"] == "April 1990");
}

TEST_CASE("submission parts: answers first, then each file a visible document answer lists") {
    const Form f = example();
    Answers a = filled_example();
    DocumentFiles files;
    files["lease-1.jpg"] = {"Mietvertrag S1.jpg", "image/jpeg", to_bytes("page one")};
    files["lease-2.jpg"] = {"Mietvertrag S2.jpg", "image/jpeg", to_bytes("page two")};
    files["unused"] = {"other.pdf", "application/pdf", to_bytes("not listed")};

    std::vector<Part> parts = form_submission_parts(f, a, "de", files);
    REQUIRE(parts.size() == 3);
    CHECK(parts[0].type == PartType::Answers);
    CHECK(to_string(parts[1].plaintext) == "page one");
    CHECK(to_string(parts[2].plaintext) == "page two");
    const auto doc = nlohmann::json::parse(to_string(parts[0].plaintext));
    CHECK(doc["form"] == "minimal-example");
    REQUIRE(doc["attachments"].size() == 2);
    CHECK(doc["attachments"][0] == nlohmann::json{{"part", 1}, {"name", "Mietvertrag S1.jpg"},
                                                  {"media_type", "image/jpeg"}, {"size", 8},
                                                  {"question", "lease"}, {"ref", "lease-1.jpg"}});
    CHECK(doc["attachments"][1]["part"] == 2);

    // The staff side reads the same parts back into named files.
    const ReceivedSubmission received = read_submission(parts);
    CHECK(received.error.empty());
    REQUIRE(received.attachments.size() == 2);
    CHECK(received.attachments[1].name == "Mietvertrag S2.jpg");

    // A hidden document question sends no files: someone who lives with their parents rent-free.
    a.values["living_situation"] = std::string("with_parents");
    a.values["pays_parents"] = std::string("no");
    parts = form_submission_parts(f, a, "de", files);
    CHECK(parts.size() == 1);
    CHECK(nlohmann::json::parse(to_string(parts[0].plaintext))["attachments"].empty());
}
