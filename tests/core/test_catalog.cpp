#include "core/catalog.h"
#include "helpers.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using anl::Catalog;

TEST_CASE("catalog lookups, placeholders and fallbacks") {
    Catalog c;
    REQUIRE(c.load(R"({"meta":{"language":"de","dir":"ltr"},"strings":{"hi":"Hallo {name}, {name}!"}})"));
    CHECK(c.language() == "de");
    CHECK(c.script() == "latin"); // the default
    CHECK(c.format("hi", {{"name", "Zoë"}}) == "Hallo Zoë, Zoë!");
    CHECK(c.get("missing.key") == "missing.key");
    CHECK_FALSE(c.load("{not json"));
    CHECK_FALSE(c.load(R"({"strings":{"a":1}})"));
    CHECK(c.get("hi") == "Hallo {name}, {name}!"); // a failed load keeps the old strings
}

TEST_CASE("a missing key's text stays put when another missing key is looked up") {
    Catalog c;
    const std::string& first = c.get("missing.first");
    const std::string& second = c.get("missing.second");
    CHECK(first == "missing.first"); // one shared scratch string made this "missing.second"
    CHECK(second == "missing.second");
    CHECK(&c.get("missing.first") == &first);
}

TEST_CASE("every shipped catalog has every key of the English one") {
    Catalog en;
    REQUIRE(en.load(read_source_file("assets/i18n/en.json")));
    const auto index = nlohmann::json::parse(read_source_file("assets/i18n/languages.json"));
    REQUIRE(index.is_array());
    for (const auto& lang : index) {
        const std::string code = lang["code"].get<std::string>();
        INFO("catalog " << code);
        Catalog c;
        const std::string text = read_source_file("assets/i18n/" + code + ".json");
        REQUIRE(c.load(text));
        CHECK(c.language() == code);
        // The picker shows the catalog's own name; machine-made translations say so.
        const auto meta = nlohmann::json::parse(text)["meta"];
        CHECK(meta["name"] == lang["name"]);
        CHECK((meta.value("reviewed", false) || meta.value("machine_translated", false)));
        for (const auto& key : en.keys()) {
            INFO("key " << key);
            CHECK(c.has(key));
        }
    }
}

TEST_CASE("a form's texts are added to the catalog without replacing it") {
    Catalog c;
    REQUIRE(c.load(R"({"meta":{"language":"fr","dir":"ltr"},"strings":{"a":"A","b":"B"}})"));
    REQUIRE(c.add(R"({"meta":{"language":"xx"},"strings":{"form.x.title":"Demande","b":"B2"}})"));
    CHECK(c.get("a") == "A");
    CHECK(c.get("b") == "B2");
    CHECK(c.get("form.x.title") == "Demande");
    CHECK(c.language() == "fr"); // the added file's meta is ignored
    CHECK_FALSE(c.add(R"({"strings":{"c":"C","d":4}})"));
    CHECK_FALSE(c.has("c")); // nothing of a malformed file is added
    CHECK_FALSE(c.add("[]"));
}
