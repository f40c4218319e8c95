#include "core/answer_rows.h"
#include "core/answer_text.h"
#include "helpers.h"

#include <catch2/catch.hpp>

using namespace anl;

namespace {

const Date kToday{2026, 11, 25};

Catalog english() {
    Catalog c;
    REQUIRE(c.load(read_source_file("assets/i18n/en.json")));
    REQUIRE(c.add(read_source_file("assets/forms/i18n/en.json")));
    return c;
}

Form load_ok(const std::string& text) {
    LoadResult r = load_form(text);
    for (const auto& e : r.errors)
        INFO(e);
    REQUIRE(r.form);
    return std::move(*r.form);
}

// One question of each type that takes an answer, and a repeating group.
Form every_type() {
    return load_ok(R"({"id": "t", "version": 1, "title": "t", "pages": [
      {"id": "p1", "title": "page.one", "section": "section.one", "questions": [
        {"id": "name", "type": "text", "label": "label.name"},
        {"id": "iban", "type": "text", "label": "label.iban", "pattern": "iban"},
        {"id": "note", "type": "multiline", "label": "label.note"},
        {"id": "children", "type": "number", "label": "label.children"},
        {"id": "rent", "type": "money", "label": "label.rent"},
        {"id": "born", "type": "date", "label": "label.born"},
        {"id": "colour", "type": "single_choice", "label": "label.colour",
         "options": [{"id": "red", "label": "colour.red"}, {"id": "blue", "label": "colour.blue"}]},
        {"id": "pets", "type": "multiple_choice", "label": "label.pets",
         "options": [{"id": "cat", "label": "pet.cat"}, {"id": "dog", "label": "pet.dog"}]},
        {"id": "insured", "type": "yes_no_unknown", "label": "label.insured"},
        {"id": "lease", "type": "document", "label": "label.lease", "document": "lease"},
        {"id": "intro", "type": "info", "label": "label.intro"},
        {"type": "group", "id": "kids", "label": "label.kids",
         "repeat": {"id": "kid", "max": 3, "item_label": "kid.item"},
         "questions": [{"id": "kid_name", "type": "text", "label": "label.kid_name"}]}
      ]},
      {"id": "p2", "title": "page.two", "section": "section.two", "repeat": {"id": "car", "max": 2, "item_label": "car.item"},
       "questions": [{"id": "plate", "type": "text", "label": "label.plate"}]}
    ]})");
}

Catalog test_catalog() {
    Catalog c = english();
    REQUIRE(c.add(R"({"strings": {"colour.red": "Red", "colour.blue": "Blue", "pet.cat": "Cat", "pet.dog": "Dog",
                                  "kid.item": "Child {number}", "car.item": "Car {number}",
                                  "label.name": "Name", "section.one": "Part one", "page.two": "Cars"}})"));
    return c;
}

const Question& question(const Form& f, const std::string& id) {
    const Question* q = find_question(f, id);
    REQUIRE(q);
    return *q;
}

} // namespace

TEST_CASE("answer text: each type as a person reads it", "[answer_text]") {
    const Form f = every_type();
    const Catalog c = test_catalog();
    const DocumentNames files = {{"f1", "lease 2024.pdf"}, {"f2", "../../etc/page\x01two.jpg"}};
    auto text = [&](const std::string& id, const Answer& a) { return answer_text(c, question(f, id), &a, files); };
    using List = std::vector<std::string>;

    CHECK(text("name", std::string("Zoë")) == "Zoë");
    CHECK(text("name", std::string(" Zoë\n")) == "Zoë");
    CHECK(text("children", std::string("3")) == "3");
    CHECK(text("children", int64_t(1234)) == "1234");
    CHECK(text("rent", std::string("1450.5")) == "CHF\u00a01'450.50");  // a no-break space: never split
    CHECK(text("rent", int64_t(145000)) == "CHF\u00a01'450.00");
    CHECK(text("rent", std::string("about 1000")) == "about 1000");  // unreadable: as typed
    CHECK(text("born", std::string("31.3.1985")) == "31.03.1985");
    CHECK(text("born", std::string("1985-03-31")) == "31.03.1985");
    CHECK(text("born", std::string("spring")) == "spring");
    CHECK(text("colour", std::string("blue")) == "Blue");
    CHECK(text("colour", std::string("green")) == "green");  // no such option: its id
    CHECK(text("pets", List{"dog", "cat"}) == "Cat, Dog");  // the form's order
    CHECK(text("pets", List{"bird", "cat"}) == "Cat, bird");
    CHECK(text("insured", std::string("unknown")) == c.get("choice.unknown"));
    CHECK(text("insured", std::string("yes")) == "Yes");
    CHECK(text("lease", List{"f1", "f9", "f2"}) == "lease 2024.pdf, pagetwo.jpg");  // f9: no file at hand
    CHECK(answer_text(c, question(f, "name"), nullptr, files).empty());
}

TEST_CASE("answer text: an item's heading counts from 1", "[answer_text]") {
    const Form f = every_type();
    const Catalog c = test_catalog();
    CHECK(item_heading(c, *find_repeat(f, "kid"), 0) == "Child 1");
    CHECK(item_heading(c, *find_repeat(f, "car"), 1) == "Car 2");
}

TEST_CASE("answer text: the check page and the staff view read the same for every answer", "[answer_text]") {
    const Form f = every_type();
    const Catalog c = test_catalog();
    Answers a;
    a.values = {{"name", std::string(" Zoë ")},
                {"note", std::string("line one\nline two")},
                {"children", std::string("2")},
                {"rent", std::string("CHF 1'450.50")},
                {"born", std::string("31.3.1985")},
                {"colour", std::string("red")},
                {"pets", std::vector<std::string>{"dog", "cat"}},
                {"insured", std::string("no")},
                {"lease", std::vector<std::string>{"f1", "f2"}}};
    a.repeats["kid"] = {{{"kid_name", std::string("Ana")}}, {}};
    a.repeats["car"] = {{{"plate", std::string("ZH 123")}}};
    DocumentFiles files;
    files["f1"] = Attachment{"lease.pdf", "application/pdf", to_bytes("%PDF")};
    files["f2"] = Attachment{"page 2.jpg", "image/jpeg", to_bytes("jpeg")};
    REQUIRE(validate_form(f, a, kToday).empty());

    const auto live = check_rows(f, a, c, document_names(files));
    const auto parts = form_submission_parts(f, a, "en", files);
    const nlohmann::json doc = nlohmann::json::parse(to_string(parts[0].plaintext));
    REQUIRE(made_with(f, doc));
    const auto sent = submitted_rows(f, doc, c);

    // Every answered row of the check page is in the staff view, under the same name and text.
    std::vector<std::string> live_answered, sent_answered;
    for (const AnswerRow& r : live)
        if (r.kind != AnswerRow::Kind::Answer || r.answered)
            live_answered.push_back(r.path.name() + " " + r.label + ": " + r.text);
    for (const AnswerRow& r : sent)
        sent_answered.push_back(r.path.name() + " " + r.label + ": " + r.text);
    CHECK(sent_answered == live_answered);

    auto text_of = [](const std::vector<AnswerRow>& rows, const std::string& field) {
        for (const AnswerRow& r : rows)
            if (r.kind == AnswerRow::Kind::Answer && r.path.name() == field)
                return r.text;
        return std::string("(no row)");
    };
    CHECK(text_of(sent, "name") == "Zoë");
    CHECK(text_of(sent, "rent") == "CHF\u00a01'450.50");
    CHECK(text_of(sent, "born") == "31.03.1985");
    CHECK(text_of(sent, "pets") == "Cat, Dog");  // in the form's order, as ticked
    CHECK(text_of(sent, "lease") == "lease.pdf, page 2.jpg");
    CHECK(text_of(sent, "kid[0].kid_name") == "Ana");
    CHECK(text_of(sent, "car[0].plate") == "ZH 123");
    CHECK(text_of(live, "iban") == "(no row)");  // optional and blank: the check page leaves it out
    CHECK(text_of(sent, "iban") == "(no row)");  // staff see what was given
}

TEST_CASE("answer rows: the check page has sections, items and a row for a page without items", "[answer_rows]") {
    const Form f = every_type();
    const Catalog c = test_catalog();
    Answers a;
    a.values["name"] = std::string("Zoë");
    a.repeats["kid"] = {{}};
    const auto rows = check_rows(f, a, c, {});
    REQUIRE(rows.size() >= 3);
    CHECK(rows[0].kind == AnswerRow::Kind::Section);
    CHECK(rows[0].label == "Part one");
    CHECK(rows[0].page == "p1");
    CHECK(rows[1].kind == AnswerRow::Kind::Answer);
    CHECK(rows[1].label == "Name");
    CHECK(rows[1].text == "Zoë");
    CHECK(rows[1].answered);

    std::vector<std::string> shape;
    for (const AnswerRow& r : rows)
        if (r.kind != AnswerRow::Kind::Answer || r.path.item)
            shape.push_back(std::to_string(int(r.kind)) + " " + r.page + " " + r.path.name() + " " + r.label);
    // The kid's name is optional and blank: no row (issue 12), but the item's heading stays.
    CHECK(shape == std::vector<std::string>{"0 p1  Part one", "1 p1 kid[0]. Child 1", "0 p2  section.two", "2 p2 car Cars"});
    CHECK(rows.back().text == c.get("repeat.none"));

    // Info questions and groups have no row; an item of a repeating page says which item it is.
    a.repeats["car"] = {{}, {{"plate", std::string("BE 1")}}};
    for (const AnswerRow& r : check_rows(f, a, c, {})) {
        CHECK(r.path.id != "intro");
        CHECK(r.path.id != "kids");
        CHECK(r.kind != AnswerRow::Kind::NoItems);
        if (r.page == "p2" && r.kind != AnswerRow::Kind::Section)
            CHECK(r.page_item == r.path.item->index);
        if (r.page == "p1")
            CHECK_FALSE(r.page_item);
    }
}

TEST_CASE("answer rows: a document of another form or version is shown as sent", "[answer_rows]") {
    const Form f = every_type();
    const nlohmann::json doc = nlohmann::json::parse(
        R"({"form": "t", "form_version": 2, "answers": {"name": "Zoë", "rent": 145000, "kid": [{"kid_name": "Ana"}]}})");
    CHECK_FALSE(made_with(f, doc));
    const auto rows = raw_rows(doc);
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].label == "kid");
    CHECK(rows[0].text == R"([{"kid_name":"Ana"}])");
    CHECK(rows[1].label == "name");
    CHECK(rows[1].text == "Zoë");
    CHECK(rows[2].text == "145000");
}

TEST_CASE("answer rows: a garbled submitted document gives rows, not a crash", "[answer_rows]") {
    const Form f = every_type();
    const Catalog c = test_catalog();
    for (const char* text : {R"({"form": 5, "answers": []})", R"([1, 2])", R"("x")",
                             R"({"form": "t", "form_version": 1, "answers": {"rent": 1.5, "pets": [1, "cat"], "kid": "x",
                                 "car": [3, {"plate": null}], "born": {"y": 1}}, "attachments": [{"ref": 1}]})"}) {
        INFO(text);
        const auto doc = nlohmann::json::parse(text);
        if (!made_with(f, doc)) {
            CHECK_NOTHROW(raw_rows(doc));
            continue;
        }
        std::vector<AnswerRow> rows;
        CHECK_NOTHROW(rows = submitted_rows(f, doc, c));
        std::vector<std::string> answers;
        for (const AnswerRow& r : rows)
            if (r.kind == AnswerRow::Kind::Answer)
                answers.push_back(r.path.name() + "=" + r.text);
        CHECK(answers == std::vector<std::string>{"rent=CHF\u00a01.50", "born={\"y\":1}", "pets=Cat", "car[1].plate=null"});
    }
}
