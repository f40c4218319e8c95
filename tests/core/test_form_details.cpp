// Issue 12, item 7: form details that trip people, on the real form (assets/forms/social-assistance.json)
// walked by one household: a single parent with one child, renting, working part-time.
#include "core/answer_rows.h"
#include "core/answer_text.h"
#include "core/answers.h"
#include "core/catalog.h"
#include "core/language_choice.h"
#include "core/line_wrap.h"
#include "helpers.h"

#include <catch2/catch.hpp>

#include <functional>
#include <map>
#include <regex>
#include <set>

using namespace anl;

namespace {

const Date kToday{2026, 12, 2};
const char* const kLanguages[] = {"de", "fr", "it", "en", "es", "pt", "sq", "tr", "uk", "ar", "fa", "so", "ti"};
using List = std::vector<std::string>;

Form social_assistance() {
    LoadResult r = load_form(read_source_file("assets/forms/social-assistance.json"));
    for (const auto& e : r.errors)
        INFO(e);
    REQUIRE(r.form);
    return std::move(*r.form);
}

Catalog catalog(const std::string& lang) {
    Catalog c;
    REQUIRE(c.load(read_source_file("assets/i18n/" + lang + ".json")));
    REQUIRE(c.add(read_source_file("assets/forms/i18n/" + lang + ".json")));
    return c;
}

// What the household answers on each page it sees (nothing on the optional ones).
const std::map<std::string, std::function<void(Answers&)>>& household() {
    static const std::map<std::string, std::function<void(Answers&)>> pages = {
        {"name", [](Answers& a) { a.values["first_name"] = std::string("Zoë"); a.values["last_name"] = std::string("Meier"); }},
        {"birth", [](Answers& a) { a.values["birth_date"] = std::string("31.03.1985"); }},
        {"address", [](Answers& a) {
             a.values["street"] = std::string("Langstrasse 1");
             a.values["postcode"] = std::string("8004");
             a.values["town"] = std::string("Zürich");
         }},
        {"nationality", [](Answers& a) { a.values["nationality"] = std::string("ch"); }},
        {"marital", [](Answers& a) { a.values["marital_status"] = std::string("single"); }},
        {"household", [](Answers& a) { a.values["lives_with_others"] = std::string("yes"); }},
        {"household_member", [](Answers& a) {
             a.repeats["household"] = {{{"member_name", std::string("Ali")},
                                        {"member_birth_date", std::string("02.03.2015")},
                                        {"member_relation", std::string("child")},
                                        {"member_in_school", std::string("yes")}}};
         }},
        {"living", [](Answers& a) { a.values["living_situation"] = std::string("tenant"); }},
        {"housing_costs", [](Answers& a) { a.values["rent_amount"] = std::string("1450"); }},
        {"work", [](Answers& a) { a.values["employment_status"] = List{"employed"}; }},
        {"earnings", [](Answers& a) { a.values["wage_amount"] = std::string("1800"); }},
        {"other_income", [](Answers& a) { a.values["other_income"] = List{"child_allowance"}; }},
        {"other_income_amounts", [](Answers& a) { a.values["child_allowance_amount"] = std::string("200"); }},
        {"money", [](Answers& a) { a.values["cash_and_bank"] = std::string("300"); }},
        {"other_assets", [](Answers& a) {
             a.values["vehicle"] = std::string("no");
             a.values["other_assets"] = std::string("no");
         }},
        {"health_insurance", [](Answers& a) {
             a.values["health_insured"] = std::string("yes");
             a.values["insurer"] = std::string("CSS");
             a.values["premium_reduction"] = std::string("yes");
         }},
        {"support", [](Answers& a) { a.values["gets_support"] = std::string("no"); }},
        {"documents_id", [](Answers& a) { a.values["id_document"] = List{"f1"}; }},
    };
    return pages;
}

// The household's answers after the whole form, page by page as the applicant goes.
Answers answered_household(const Form& f) {
    Answers a;
    for (std::optional<std::string> page = visible_pages(f, a).front(); page; page = next_page(f, a, *page)) {
        const auto fill = household().find(*page);
        if (fill != household().end())
            fill->second(a);
    }
    return a;
}

} // namespace

TEST_CASE("household: yes with nobody added is refused, with the form's own words", "[form_details]") {
    const Form f = social_assistance();
    Answers a;
    a.values["lives_with_others"] = std::string("yes");
    const auto errors = validate_page(f, "household_member", a, kToday);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].field == "household");
    CHECK(errors[0].message_key == "error.repeat.too_few");

    // The list page shows the form's own message (ui::error_message looks it up first).
    const std::string own = question_error_key(f, "household", "error.repeat.too_few");
    for (const char* lang : kLanguages) {
        INFO(lang);
        const Catalog c = catalog(lang);
        CHECK(c.has(own));
        CHECK(c.get(own) != c.get("error.repeat.too_few"));
    }
    CHECK(catalog("en").get(own) == "Add the people who live with you. Or go back and answer “No”");

    // One person: fine. "No": the page is not asked, and nobody is needed.
    REQUIRE(add_repeat_item(f, a, "household"));
    a.repeats["household"][0] = {{"member_name", std::string("Ali")}, {"member_birth_date", std::string("02.03.2015")},
                                 {"member_relation", std::string("child")}, {"member_in_school", std::string("yes")}};
    CHECK(validate_page(f, "household_member", a, kToday).empty());
    // Whoever said yes by mistake can remove the only person, and is then asked again.
    CHECK(remove_repeat_item(f, a, "household", 0));
    CHECK(validate_page(f, "household_member", a, kToday).size() == 1);
    a.values["lives_with_others"] = std::string("no");
    CHECK(validate_page(f, "household_member", a, kToday).empty());
    CHECK_FALSE(page_step(f, a, "household_member"));
}

TEST_CASE("step count: continuing adds one to the number and never adds to the count", "[form_details]") {
    const Form f = social_assistance();
    Answers a;
    std::optional<std::string> page = visible_pages(f, a).front();
    size_t number = 0, count = SIZE_MAX, pages = 0;
    std::vector<std::string> shown;
    while (page) {
        const auto arrived = page_step(f, a, *page);
        REQUIRE(arrived);
        INFO(*page << ": step " << arrived->number << " of " << arrived->count << " (before: " << number << " of "
                   << count << ")");
        CHECK(arrived->number == number + 1);
        CHECK(arrived->count <= count);
        const auto fill = household().find(*page);
        if (fill != household().end())
            fill->second(a);
        const auto answered = page_step(f, a, *page);  // answering on the page: it can only shrink
        REQUIRE(answered);
        CHECK(answered->number == arrived->number);
        CHECK(answered->count <= arrived->count);
        number = answered->number;
        count = answered->count;
        shown.push_back(std::to_string(arrived->number) + "/" + std::to_string(arrived->count));
        pages++;
        page = next_page(f, a, *page);
    }
    // On the last page the count is what was walked: no surprise at the end.
    CHECK(number == pages);
    CHECK(count == pages);
    std::string trail;
    for (const auto& s : shown)
        trail += s + " ";
    INFO("steps: " << trail);
    CHECK(shown.front() == "1/" + std::to_string(f.pages.size()));  // every page can still come
}

TEST_CASE("step count: a page already passed keeps its place when an answer on it is left blank", "[form_details]") {
    const Form f = social_assistance();
    Answers a = answered_household(f);
    // Going back to the work page and continuing: the numbers are those of the way there.
    const auto work = page_step(f, a, "work");
    const auto earnings = page_step(f, a, "earnings");
    REQUIRE(work);
    REQUIRE(earnings);
    CHECK(earnings->number == work->number + 1);
    CHECK(earnings->count == work->count);
}

TEST_CASE("check page: optional questions left blank have no row, required ones and answers do", "[form_details]") {
    const Form f = social_assistance();
    const Catalog c = catalog("de");
    const Answers a = answered_household(f);
    std::set<std::string> rows;
    size_t answers = 0;
    for (const AnswerRow& r : check_rows(f, a, c, {{"f1", "Ausweis.pdf"}}))
        if (r.kind == AnswerRow::Kind::Answer) {
            rows.insert(r.path.name());
            answers++;
            CHECK(r.answered);
            CHECK(r.text != c.get("check.not_answered"));
        }
    for (const char* optional : {"phone", "email", "resident_since", "ahv_number", "employer", "premium", "iban",
                                 "lease", "payslips", "bank_statements", "insurance_policy", "message"}) {
        INFO(optional);
        CHECK_FALSE(rows.count(optional));
    }
    CHECK(rows.count("first_name"));
    CHECK(rows.count("household[0].member_name"));
    CHECK(rows.count("rent_amount"));
    CHECK(rows.count("id_document"));
    CHECK(answers == 27);

    // A required question without an answer (only possible before validation) still has its row.
    Answers missing = a;
    missing.values.erase("town");
    bool town = false;
    for (const AnswerRow& r : check_rows(f, missing, c, {}))
        if (r.path.name() == "town") {
            town = true;
            CHECK(r.text == c.get("check.not_answered"));
        }
    CHECK(town);
    // An optional answer given is shown.
    Answers with_phone = a;
    with_phone.values["phone"] = std::string("044 000 00 00");
    bool phone = false;
    for (const AnswerRow& r : check_rows(f, with_phone, c, {}))
        phone |= r.path.name() == "phone";
    CHECK(phone);
}

TEST_CASE("date errors say what is wrong", "[form_details]") {
    const Form f = social_assistance();
    const Catalog en = catalog("en");
    const auto error = [&](const std::string& typed) {
        Answers a;
        a.values["birth_date"] = typed;
        const auto errors = validate_page(f, "birth", a, kToday);
        REQUIRE(errors.size() == 1);
        const FieldError& e = errors[0];
        const std::string own = question_error_key(f, "birth_date", e.message_key);
        return en.format(en.has(own) ? own : e.message_key, e.params);
    };
    CHECK(error("31.13.1985") == "There is no month 13. The month is a number from 1 to 12");
    CHECK(error("1985-00-12") == "There is no month 0. The month is a number from 1 to 12");
    CHECK(error("31.02.2026") == "There is no 31.02.2026: that month has 28 days");
    CHECK(error("30.2.2024") == "There is no 30.02.2024: that month has 29 days");
    CHECK(error("31.04.1990") == "There is no 31.04.1990: that month has 30 days");
    CHECK(error("0.4.1990") == "There is no 0.04.1990: that month has 30 days");
    CHECK(error("31041990") == "There is no 31.04.1990: that month has 30 days");
    CHECK(error("1.4.90") == "Enter the year with four digits, for example 1985");
    CHECK(error("1.4.0990") == "Enter the year with four digits, for example 1985");
    CHECK(error("1.4.19900") == "Enter the year with four digits, for example 1985");
    CHECK(error("first of April") == en.get("form.social-assistance.birth_date.error.date.invalid"));
    CHECK(error("1.4-1990") == en.get("form.social-assistance.birth_date.error.date.invalid"));

    // Each language says it, with the numbers in it.
    for (const char* lang : kLanguages) {
        INFO(lang);
        const Catalog c = catalog(lang);
        for (const char* k : {"error.date.year", "error.date.month", "error.date.day"}) {
            INFO(k);
            CHECK(c.has(k));
        }
        CHECK(c.format("error.date.month", {{"month", "13"}}).find("13") != std::string::npos);
        const std::string day = c.format("error.date.day", {{"date", "31.02.2026"}, {"days", "28"}});
        CHECK(day.find("31.02.2026") != std::string::npos);
        CHECK(day.find("28") != std::string::npos);
    }
}

TEST_CASE("money, phone numbers and IBANs are one unbreakable value", "[form_details]") {
    const Form f = social_assistance();
    const Catalog c = catalog("de");
    const std::string nbsp = kNoBreakSpace;
    const Answer rent = std::string("1200");
    CHECK(answer_text(c, *find_question(f, "rent_amount"), &rent, {}) == "CHF" + nbsp + "1'200.00");
    const Answer phone = std::string(" 044 000 00 00 ");
    CHECK(answer_text(c, *find_question(f, "phone"), &phone, {}) == "044" + nbsp + "000" + nbsp + "00" + nbsp + "00");
    const Answer iban = std::string("CH93 0076 2011 6238 5295 7");
    CHECK(answer_text(c, *find_question(f, "iban"), &iban, {}).find(' ') == std::string::npos);
    const Answer street = std::string("Langstrasse 1");
    CHECK(answer_text(c, *find_question(f, "street"), &street, {}) == "Langstrasse 1");  // words may break

    // No catalog has a phone number, an IBAN or a time with a space a line could break at.
    const std::regex breakable(R"((\+\d{2}|0\d{2}|CH\d{2})( \d+)+|\d Uhr)");
    for (const char* lang : kLanguages) {
        const Catalog k = catalog(lang);
        for (const std::string& key : k.keys()) {
            INFO(lang << " " << key << ": " << k.get(key));
            CHECK_FALSE(std::regex_search(k.get(key), breakable));
        }
    }
}

TEST_CASE("wrap: lines break at spaces only, never at no-break spaces or after a date's dots", "[form_details]") {
    // One unit per byte: a code point of n bytes is n units wide.
    const MeasureText bytes = [](const char* b, const char* e) { return float(e - b); };
    const auto lines = [&](const std::string& text, float width) {
        List out;
        for (const WrappedLine& l : wrap_lines(text, width, bytes))
            out.push_back(text.substr(l.begin, l.end - l.begin));
        return out;
    };
    const std::string nb = kNoBreakSpace, nnb = kNarrowNoBreakSpace;
    CHECK(lines("Telefon 044" + nb + "000" + nb + "00" + nb + "00.", 20) == List{"Telefon", "044" + nb + "000" + nb + "00" + nb + "00."});
    CHECK(lines("Miete CHF" + nb + "1'200.00 im Monat", 15) == List{"Miete", "CHF" + nb + "1'200.00", "im Monat"});
    CHECK(lines("am 12." + nnb + "März" + nnb + "2026 um 16.30" + nb + "Uhr", 18) ==
          List{"am", "12." + nnb + "März" + nnb + "2026", "um 16.30" + nb + "Uhr"});
    CHECK(lines("geboren 31.03.1985, Zürich", 12) == List{"geboren", "31.03.1985,", "Zürich"});
    CHECK(lines("a b  c", 100) == List{"a b  c"});
    CHECK(lines("one two", 7) == List{"one two"});
    CHECK(lines("one two", 6) == List{"one", "two"});
    CHECK(lines("first\n\nthird  ", 100) == List{"first", "", "third"});
    CHECK(lines("", 10) == List{""});
    // Wider than a line: broken between code points, never inside one.
    CHECK(lines("abcdefgh", 3) == List{"abc", "def", "gh"});
    CHECK(lines("x ääää", 4) == List{"x", "ää", "ää"});
    CHECK(lines("abc", 0.5f) == List{"a", "b", "c"});  // at least one code point per line
}

TEST_CASE("language: a first visit opens in the browser's language when it is offered", "[form_details]") {
    const List offered = {"de", "fr", "it", "en", "es", "pt", "sq", "tr", "uk", "ar", "fa", "so", "ti"};
    CHECK(choose_language({"fr-CH", "de-CH"}, offered, "de") == "fr");
    CHECK(choose_language({"pt-BR"}, offered, "de") == "pt");
    CHECK(choose_language({"ja", "en-US", "en"}, offered, "de") == "en");  // in order: the first offered
    CHECK(choose_language({"ja"}, offered, "de") == "de");
    CHECK(choose_language({"zh-Hant-TW", "ko"}, offered, "de") == "de");
    CHECK(choose_language({}, offered, "de") == "de");
    CHECK(choose_language({"TI-ER"}, offered, "de") == "ti");
    CHECK(choose_language({"", "-", "uk_UA"}, offered, "de") == "uk");
    CHECK(choose_language({"fr"}, {}, "de") == "de");  // no list of languages: the office's own
}

TEST_CASE("language: a machine-made catalog says so, in its own words", "[form_details]") {
    for (const char* lang : kLanguages) {
        INFO(lang);
        const Catalog c = catalog(lang);
        const bool reviewed = std::string("de fr it en").find(lang) != std::string::npos;
        CHECK(c.machine_translated() == !reviewed);
        CHECK(c.has("settings.machine_translated"));
    }
    CHECK(catalog("tr").get("settings.machine_translated") == "Bu metin makine tarafından çevrildi.");
    Catalog odd;
    REQUIRE(odd.load(R"({"meta": {"language": "xx", "machine_translated": "yes"}, "strings": {}})"));
    CHECK_FALSE(odd.machine_translated());  // only a real true counts; nothing else throws
}
