// Which applicant page is on screen, and what the drawing side has to do to the browser page
// when that changes. The flow never touches the page itself: it bumps a serial, and the UI
// (which remembers the serials it has applied) applies each effect once.
#pragma once
#include "app/page_effects.h"

#include <string>

namespace app::intake {

using app::PageEffects;

enum class Step {
    Loading, LoadFailed,                        // intake.h: the office key and the form
    Start, Device, Working,                     // the start page, whose device, one moment
    Question, RepeatList, RepeatItem, RepeatRemove,   // navigation.cpp
    Check, Sending, Done,                       // sending.cpp
    Saved,                                      // drafts.h: the save code
    CaseCode, Case,                             // my_case.h: the case code, the case page
};

class Screen {
public:
    Step step() const { return step_; }
    const PageEffects& effects() const { return effects_; }

    // Only the step: what else the page does is said by the effects below, one by one, as each
    // transition needs them.
    void set(Step step) { step_ = step; }
    void end_editing() { effects_.end_editing++; }
    void forget_typed() { effects_.forget_typed++; }
    void fold_help() { effects_.fold_help++; }
    void focus(const std::string& widget_id) {
        effects_.focus_id = widget_id;
        effects_.focus++;
    }
    void to_top() { effects_.to_top++; }
    void show_field(const std::string& field) {
        effects_.field = field;
        effects_.show_field++;
    }

private:
    Step step_ = Step::Loading;
    PageEffects effects_;
};

} // namespace app::intake
