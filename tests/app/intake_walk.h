// The applicant's intake for the tests: a fresh flow on fake services, opened with a real office
// key pair (made here) and the real form (assets/forms/social-assistance.json), with the German
// catalog to read the check page, and the answers a person gives on each page of the shortest
// way through the form (one person in the household added), as the page's widgets would write
// them into the flow.
#pragma once
#include "app/intake/intake.h"
#include "core/catalog.h"
#include "core/staff_keys.h"
#include "fake_services.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>

namespace intake_test {

using app::intake::Step;
using nlohmann::json;

inline std::string source_file(const std::string& path) {
    std::ifstream in(std::string(ANL_SOURCE_DIR) + "/" + path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    REQUIRE(!s.str().empty());
    return s.str();
}

inline const std::string& form_json() {
    static const std::string text = source_file("assets/forms/social-assistance.json");
    return text;
}

inline const anl::Catalog& catalog() {
    static const anl::Catalog c = [] {
        anl::Catalog cat;
        REQUIRE(cat.load(source_file("assets/i18n/de.json")));
        REQUIRE(cat.add(source_file("assets/forms/i18n/de.json")));
        return cat;
    }();
    return c;
}

inline const anl::OfficeKeys& office() {
    static const anl::OfficeKeys keys = anl::new_office_keys();
    return keys;
}

// Argon2id for the save code at the lowest cost libsodium takes: the walk is about the flow.
constexpr anl::DraftKdf kCheapKdf{1, size_t(8) << 10};
constexpr anl::CaseKdf kCheapCaseKdf{1, size_t(8) << 10};

inline const std::string kName = "Zoë";
inline const std::string kMember = "Ana";

// The answers of each page (by page id), as typed and chosen.
inline void answer_page(app::intake::Intake& in, const std::string& page) {
    auto& v = in.answers.values;
    if (page == "name") { v["first_name"] = kName; v["last_name"] = "Muster"; }
    if (page == "birth") v["birth_date"] = "01.04.1990";
    if (page == "address") { v["street"] = "Bahnhofstrasse 1"; v["postcode"] = "8001"; v["town"] = "Zürich"; }
    if (page == "nationality") v["nationality"] = "ch";
    if (page == "marital") v["marital_status"] = "single";
    if (page == "household") v["lives_with_others"] = "yes";
    if (page == "living") { v["living_situation"] = "with_parents"; v["pays_for_housing"] = "no"; }
    if (page == "work") v["employment_status"] = std::vector<std::string>{"unemployed"};
    if (page == "other_income") v["other_income"] = std::vector<std::string>{"none"};
    if (page == "money") v["cash_and_bank"] = "0";
    if (page == "other_assets") { v["vehicle"] = "no"; v["other_assets"] = "no"; }
    if (page == "health_insurance") v["health_insured"] = "no";
    if (page == "support") v["gets_support"] = "no";
    if (page == "documents_id") {
        auto& refs = std::get<std::vector<std::string>>(v["id_document"] = std::vector<std::string>{});
        in.documents.add("id_document", refs, {"Ausweis.pdf", "application/pdf", anl::to_bytes("%PDF-1.4 id"), false});
    }
}

// One household member, on the item page of the household page.
inline void answer_member(app::intake::Intake& in) {
    auto& item = in.answers.repeats["household"].at(in.item);
    item["member_name"] = kMember;
    item["member_birth_date"] = "02.05.2015";
    item["member_relation"] = "child";
    item["member_in_school"] = "yes";
    item["member_has_income"] = "no";
}

struct Applicant {
    fake::World w;
    app::intake::Intake intake{w.services};

    Applicant() {
        intake.drafts.kdf = kCheapKdf;
        intake.case_kdf = kCheapCaseKdf;
    }

    // The page opened: the office key, then the form; the start page.
    void open() {
        intake.start();
        REQUIRE(w.http.next().url == "/api/config");
        w.http.reply(200, json{{"office_public_key", anl::to_base64(office().public_key)}}.dump());
        REQUIRE(w.http.next().url == "forms/social-assistance.json");
        w.http.reply(200, form_json());
        REQUIRE(intake.screen.step() == Step::Start);
    }

    // Start, "whose device", the first page.
    void begin(const std::string& device) {
        open();
        intake.begin();
        REQUIRE(intake.screen.step() == Step::Device);
        intake.device = device;
        intake.choose_device();
        w.tasks.run(); // own device: the save code's keys
        REQUIRE(intake.screen.step() == Step::Question);
        REQUIRE(intake.page_id == "name");
    }

    // Answers each page and continues, until the check page (or `stop_at` is on screen).
    void answer_until_check(const std::string& stop_at = "") {
        for (int guard = 0; guard < 80 && intake.screen.step() != Step::Check; guard++) {
            if (intake.page_id == stop_at)
                return;
            if (intake.screen.step() == Step::RepeatList && intake.answers.repeats["household"].empty()) {
                intake.add_item();
                REQUIRE(intake.screen.step() == Step::RepeatItem);
                answer_member(intake);
                intake.continue_item();
                REQUIRE(intake.screen.step() == Step::RepeatList);
            }
            answer_page(intake, intake.page_id);
            intake.continue_page();
            REQUIRE(intake.errors.empty());
        }
        REQUIRE(intake.screen.step() == Step::Check);
    }

    // From the start page to the check page with every page answered.
    void to_check(const std::string& device) {
        begin(device);
        answer_until_check();
    }

    // "Send" and the page painted: the sealed envelope is on its way (or the flow said why not).
    void send() {
        intake.send("de");
        w.tasks.run();
    }

    // The server made the case (when that is what was asked) and took the envelope under it,
    // with its reference.
    void accepted(const std::string& reference = "A7K2-9QXM") {
        if (!w.http.pending.empty() && w.http.next().url == "/api/cases") {
            const json made = json::parse(anl::to_string(w.http.next().body));
            w.http.reply(201, json{{"locator", made["locator"]}, {"created_at", "2026-12-02T08:00:00Z"}}.dump());
            if (w.http.pending.empty()) // the visit finished: the reply was dropped
                return;
        }
        w.http.reply(201, json{{"reference", reference}, {"received_at", "2026-12-02T08:00:01Z"}}.dump());
    }

    // Answers the draft PUTs still on their way with 204.
    void drafts_kept() {
        while (!w.http.pending.empty() && w.http.next().method == "PUT")
            w.http.reply(204);
    }
};

// The text of the check page's answer row of `field`, "" when there is none.
inline std::string row_text(const app::intake::Intake& in, const std::string& field) {
    for (const auto& row : in.check_rows(catalog()))
        if (row.kind == anl::AnswerRow::Kind::Answer && row.path.name() == field)
            return row.text;
    return "";
}

} // namespace intake_test
