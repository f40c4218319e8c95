// A page left alone on a shared computer or the office's kiosk, walked natively: fake time
// passes (World::elapse) with nobody touching the page; the page warns, counts down and then
// finishes by itself. A touch ends the warning. The applicant's own device is never cleared.
#include "intake_walk.h"

using namespace intake_test;
using app::intake::kKioskIdle;
using app::intake::kSharedIdle;

TEST_CASE("a shared computer left alone mid-form warns, counts down, then clears the page", "[intake][idle]") {
    Applicant a;
    a.begin("shared");
    answer_page(a.intake, "name");
    a.w.elapse(kSharedIdle.warn_after - 1);
    CHECK_FALSE(a.intake.idle.warning());
    a.w.elapse(1);
    REQUIRE(a.intake.idle.warning());
    CHECK(a.intake.screen.effects().focus_id == "idle.continue"); // the screen reader is taken there
    CHECK(a.intake.idle.seconds_left() == int(kSharedIdle.countdown));
    a.w.elapse(kSharedIdle.countdown - 10);
    CHECK(a.intake.idle.seconds_left() == 10);
    CHECK(a.w.device.fresh_starts == 0);
    a.w.elapse(10);
    CHECK(a.w.device.fresh_starts == 1); // "finish": a fresh page for the next person
    CHECK(a.intake.answers.values.empty());
}

TEST_CASE("a touch during the warning keeps the page and starts the wait again", "[intake][idle]") {
    Applicant a;
    a.begin("shared");
    answer_page(a.intake, "name");
    a.w.elapse(kSharedIdle.warn_after + 5);
    REQUIRE(a.intake.idle.warning());
    a.w.device.touch(); // "Keep working", or any tap
    a.intake.idle.still_here();
    CHECK_FALSE(a.intake.idle.warning());
    a.w.elapse(kSharedIdle.warn_after - 1); // a whole wait again before the next warning
    CHECK_FALSE(a.intake.idle.warning());
    CHECK(a.w.device.fresh_starts == 0);
    CHECK(std::get<std::string>(a.intake.answers.values["first_name"]) == kName);
    a.w.elapse(1);
    CHECK(a.intake.idle.warning());
}

TEST_CASE("a kiosk clears sooner, and its confirmation page returns to the start by itself", "[intake][idle]") {
    Applicant a;
    a.w.device.is_kiosk = true;
    a.open();
    a.intake.begin();
    answer_page(a.intake, "name");
    a.intake.continue_page();
    a.w.elapse(kKioskIdle.warn_after);
    CHECK(a.intake.idle.warning());
    a.w.device.touch();
    a.w.elapse(1);
    CHECK_FALSE(a.intake.idle.warning()); // a tap anywhere ends it

    a.answer_until_check();
    a.send();
    a.accepted();
    CHECK(a.intake.screen.step() == Step::Done);
    a.w.device.touch();
    a.w.elapse(kKioskIdle.warn_after + kKioskIdle.countdown);
    CHECK(a.w.device.fresh_starts == 1);
    CHECK(a.intake.reference.empty());
    CHECK(a.w.tab.items.empty());
}

TEST_CASE("the start page and the applicant's own device are never cleared", "[intake][idle]") {
    SECTION("own device") {
        Applicant a;
        a.begin("own");
        answer_page(a.intake, "name");
        a.w.elapse(3600);
        CHECK_FALSE(a.intake.idle.warning());
        CHECK(a.w.device.fresh_starts == 0);
    }
    SECTION("the start page of a kiosk") {
        Applicant a;
        a.w.device.is_kiosk = true;
        a.open();
        a.w.elapse(3600);
        CHECK(a.w.device.fresh_starts == 0);
        a.intake.begin(); // the tap on "Start now"
        a.w.device.touch();
        a.w.elapse(kKioskIdle.warn_after + kKioskIdle.countdown);
        CHECK(a.w.device.fresh_starts == 1);
    }
}

TEST_CASE("no timer outlives finish", "[intake][idle]") {
    Applicant a;
    a.begin("shared");
    a.intake.finish();
    a.w.elapse(kSharedIdle.warn_after + kSharedIdle.countdown);
    CHECK(a.w.device.fresh_starts == 1); // once, from the finish itself
    CHECK(a.w.tasks.timers.empty());
}
