// The one walk over a form (issue 9): pages in order, where a new section starts, groups, repeats
// and their items, and every question with its field path and answer. Validation, the visible
// fields, the answers document, the check page and the staff view all read this walk, so that
// what is visible, and in which order, is decided in one place.
//
// Conditions only look back (form.h), so one pass from top to bottom is enough: each condition
// sees only what is visible and answered before it, inside a repeat item the item's own answers
// first.
#pragma once
#include "core/answers.h"
#include "core/field_path.h"
#include "core/form.h"

#include <cstddef>
#include <optional>
#include <vector>

namespace anl {

enum class Visibility {
    // What the applicant sees: pages and questions whose conditions hold.
    Conditions,
    // Every page and question. For a submitted answers document, which holds only what was
    // visible when it was sent: staff see everything it holds, whatever the conditions say now.
    Everything,
};

struct WalkStep {
    enum class Kind {
        Page,      // a page begins
        Repeat,    // a repeat's list of items (a repeating page's or group's), before its items
        Item,      // one item of a repeat begins; its questions follow
        Question,  // a question: info and groups included, a group before its questions
    };
    Kind kind = Kind::Question;
    const Page* page = nullptr;   // the page the step is on, for every kind
    size_t page_index = 0;        // its index in form.pages
    bool new_section = false;     // Page: it has a section, and not the one of the page before
    FieldPath path;               // Repeat: the repeat's id; Item: the item, id empty; Question: its field
    const Repeat* repeat = nullptr;      // Repeat and Item
    const Question* question = nullptr;  // Question
    const Answer* answer = nullptr;      // Question: the answer given, nullptr when blank or none
    size_t items = 0;                    // Repeat: how many items were given

    // The item of a repeating page the step is in (not of a repeating group).
    std::optional<size_t> page_item() const;
};

struct FormWalk {
    std::vector<WalkStep> steps;  // in form order
    // What the walk kept: the visible answers that are answered (info and groups have none);
    // visible repeats keep all their items, also empty ones.
    Answers kept;
};

// Answers are borrowed: the steps point into form and answers, which must outlive the walk.
FormWalk walk_form(const Form& form, const Answers& answers, Visibility visibility = Visibility::Conditions);

// Indexes in form.pages of the pages the applicant can still reach while on page `at` (issue
// 12): the pages before `at` that are visible (the applicant has passed them; a blank answer
// there is a "no answer"), `at` itself when visible, and every later page whose condition the
// answers given so far do not rule out. A question on `at` or later that is not answered yet,
// or whose own visibility is not decided, is unknown: a condition that depends on it counts as
// reachable (three-valued logic: "not unknown" is unknown, "all" is false once one part is,
// "any" true once one part is). So as the applicant answers and continues, the count can only
// shrink, and the page number grows by one per page ("step 1 of 27" ... "step 22 of 24", never
// "1 of 20" then "22 of 27").
std::vector<size_t> reachable_pages(const Form& form, const Answers& answers, size_t at);

} // namespace anl
