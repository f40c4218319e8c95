#include "core/catalog.h"
#include "core/plural.h"
#include "helpers.h"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

using anl::plural_category;
using anl::select_plural;

TEST_CASE("CLDR plural categories of the shipped languages") {
    CHECK(std::string(plural_category("de", 1)) == "one");
    CHECK(std::string(plural_category("de", 0)) == "other");
    CHECK(std::string(plural_category("fr", 0)) == "one");    // French counts zero as singular
    CHECK(std::string(plural_category("fr", 2)) == "other");
    CHECK(std::string(plural_category("uk", 21)) == "one");
    CHECK(std::string(plural_category("uk", 11)) == "many");
    CHECK(std::string(plural_category("uk", 3)) == "few");
    CHECK(std::string(plural_category("uk", 13)) == "many");
    CHECK(std::string(plural_category("uk", 5)) == "many");
    CHECK(std::string(plural_category("ar", 0)) == "zero");
    CHECK(std::string(plural_category("ar", 2)) == "two");
    CHECK(std::string(plural_category("ar", 7)) == "few");
    CHECK(std::string(plural_category("ar", 103)) == "few");
    CHECK(std::string(plural_category("ar", 11)) == "many");
    CHECK(std::string(plural_category("ar", 100)) == "other");
    CHECK(std::string(plural_category("fa", 0)) == "one");
    CHECK(std::string(plural_category("xx", 1)) == "one");     // unknown: the English rule
}

TEST_CASE("plural messages choose their branch, exact matches first, # is the number") {
    const std::string files = "{count, plural, =0 {No files} one {# file} other {# files}}, see documents";
    CHECK(select_plural(files, "count", 0, "en") == "No files, see documents");
    CHECK(select_plural(files, "count", 1, "en") == "1 file, see documents");
    CHECK(select_plural(files, "count", 12, "en") == "12 files, see documents");
    const std::string uk = "{n, plural, one {# файл} few {# файли} many {# файлів} other {# файлу}}";
    CHECK(select_plural(uk, "n", 22, "uk") == "22 файли");
    CHECK(select_plural(uk, "n", 25, "uk") == "25 файлів");
    // A branch may hold other placeholders; the rest of the text stays.
    CHECK(select_plural("{item}: {n, plural, one {# of {total}} other {# of {total}}}", "n", 2, "de") ==
          "{item}: 2 of {total}");
}

TEST_CASE("malformed plural messages stay visible instead of failing") {
    CHECK(select_plural("{n, plural, one {# file}}", "n", 2, "en") == "{n, plural, one {# file}}");   // no other
    CHECK(select_plural("{n, plural, other {# files}", "n", 2, "en") == "{n, plural, other {# files}");  // unbalanced
    CHECK(select_plural("{n, select, a {x} other {y}}", "n", 2, "en") == "{n, select, a {x} other {y}}");
    CHECK(select_plural("no plural here {n}", "n", 2, "en") == "no plural here {n}");
}

TEST_CASE("format fills plurals in the catalog's language") {
    anl::Catalog c;
    REQUIRE(c.load(R"({"meta": {"language": "fr"}, "strings": {"files": "{count, plural, one {# fichier} other {# fichiers}} de {name}"}})"));
    CHECK(c.format("files", {{"count", "0"}, {"name", "Zoë"}}) == "0 fichier de Zoë");
    CHECK(c.format("files", {{"count", "3"}, {"name", "Zoë"}}) == "3 fichiers de Zoë");
    CHECK(c.format("files", {{"count", "x"}, {"name", "Zoë"}}) == "{count, plural, one {# fichier} other {# fichiers}} de Zoë");
}

TEST_CASE("every plural message in the shipped catalogs has a branch for every number") {
    const auto index = nlohmann::json::parse(read_source_file("assets/i18n/languages.json"));
    REQUIRE(index.is_array());
    int plurals = 0;
    for (const auto& lang : index) {
        const std::string code = lang["code"].get<std::string>();
        anl::Catalog c;
        REQUIRE(c.load(read_source_file("assets/i18n/" + code + ".json")));
        for (const std::string& key : c.keys()) {
            if (c.get(key).find(", plural,") == std::string::npos)
                continue;
            plurals++;
            for (long long n : {0, 1, 2, 3, 5, 11, 21, 101}) {
                INFO(code << " " << key << " " << n);
                const std::string text = c.format(key, {{"count", std::to_string(n)}});
                CHECK(text.find(", plural,") == std::string::npos);
                CHECK(text.find('#') == std::string::npos);
            }
        }
    }
    CHECK(plurals >= int(index.size())); // at least one in each catalog
}
