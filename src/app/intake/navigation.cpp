// Moving through the pages: start, device, question pages, repeating pages and their items.
#include "app/intake/intake.h"

#include "core/answer_text.h"
#include "core/field_path.h"

#include <algorithm>

namespace app::intake {

namespace {
constexpr const char* kPageTitle = "page.title";
} // namespace

void Intake::show_page(const std::string& id) {
    screen.end_editing();
    screen.fold_help();
    page_id = id;
    errors.clear();
    const anl::Page* page = current_page();
    screen.set(page && page->repeat ? Step::RepeatList : Step::Question);
    screen.to_top();
    screen.focus(kPageTitle);
    visit();
}

void Intake::show_check() {
    screen.end_editing();
    errors.clear();
    returning_to_check = false;
    screen.set(Step::Check);
    screen.to_top();
    screen.focus("check.title");
    visit();
}

void Intake::start_form() {
    const auto pages = anl::visible_pages(*form, answers);
    if (!pages.empty())
        show_page(pages.front());
}

void Intake::begin() {
    if (services.device.kiosk()) { // the office's kiosk: nothing is ever kept on it
        device = "shared";
        start_form();
        return;
    }
    screen.set(Step::Device);
    screen.to_top();
    visit();
}

void Intake::choose_device() {
    if (device.empty()) {
        errors = {{"device", "error.device.required"}};
        screen.to_top();
        return;
    }
    errors.clear();
    if (device == "own")
        drafts.make_keys([this] { start_form(); });
    else
        start_form();
}

// After a page is complete: the next page, or (after a change) the first page that still needs
// something (a change can make new pages visible), or the check page; then the draft is saved,
// so that continuing it opens the page the applicant was about to answer.
void Intake::continue_from_page() {
    go_on();
    if (!shared_device())
        drafts.save();
}

void Intake::go_on() {
    const anl::Date today = services.clock.today();
    if (returning_to_check) {
        for (const std::string& id : anl::visible_pages(*form, answers))
            if (!anl::validate_page(*form, id, answers, today).empty())
                return show_page(id);
        return show_check();
    }
    const auto next = anl::next_page(*form, answers, page_id);
    if (next)
        show_page(*next);
    else
        show_check();
}

void Intake::continue_page() {
    errors = anl::validate_page(*form, page_id, answers, services.clock.today());
    if (errors.empty())
        continue_from_page();
    else
        screen.to_top();
}

// The app's own "Back": the page before in the form (which is where the browser's Back goes,
// too, unless the person came by another way, e.g. a change link).
void Intake::back() {
    going_back_ = true;
    go_back();
    going_back_ = false;
}

void Intake::go_back() {
    const Step step = screen.step();
    if (step == Step::RepeatItem || step == Step::RepeatRemove) {
        screen.set(Step::RepeatList);
        screen.focus(kPageTitle);
        errors.clear();
        screen.end_editing();
        return visit();
    }
    if (step == Step::Check) {
        const auto pages = anl::visible_pages(*form, answers);
        if (!pages.empty())
            show_page(pages.back());
        return;
    }
    if (step == Step::Device || step == Step::CaseCode)
        return show_start();
    const auto previous = anl::previous_page(*form, answers, page_id);
    if (previous)
        show_page(*previous);
    else
        show_start();
}

// ------------------------------------------------------------------ repeating pages
namespace {

void open_item(Intake& in, Step step, size_t index) {
    in.item = index;
    in.screen.set(step);
    in.screen.focus(kPageTitle); // a screen reader starts at the question
    in.screen.to_top();
    in.visit();
}

} // namespace

void Intake::add_item() {
    const anl::Page* page = current_page();
    if (!page || !page->repeat || !anl::add_repeat_item(*form, answers, page->repeat->id))
        return;
    errors.clear();
    open_item(*this, Step::RepeatItem, answers.repeats[page->repeat->id].size() - 1);
}

void Intake::change_item(size_t index) {
    errors.clear();
    open_item(*this, Step::RepeatItem, index);
}

void Intake::ask_remove(size_t index) { open_item(*this, Step::RepeatRemove, index); }

void Intake::continue_item() {
    const anl::Page* page = current_page();
    if (!page || !page->repeat)
        return;
    const anl::RepeatItem here{page->repeat->id, item};
    errors.clear();
    for (const auto& e : anl::validate_page(*form, page->id, answers, services.clock.today())) {
        const auto path = anl::parse_field_path(e.field);
        if (path && path->in(here))
            errors.push_back(e);
    }
    if (errors.empty()) {
        screen.end_editing();
        if (!shared_device())
            drafts.save();
        screen.set(Step::RepeatList);
        screen.focus(kPageTitle);
        visit();
    }
    screen.to_top();
}

void Intake::remove_item() {
    const anl::Page* page = current_page();
    if (!page || !page->repeat)
        return;
    anl::remove_repeat_item(*form, answers, page->repeat->id, item);
    if (!shared_device())
        drafts.save();
    keep_item();
}

void Intake::keep_item() {
    screen.set(Step::RepeatList);
    screen.focus(kPageTitle);
    screen.to_top();
    visit();
}

void Intake::item_gone() {
    screen.set(Step::RepeatList);
    screen.focus(kPageTitle);
    visit();
}

// ------------------------------------------------------------------ Back and Forward
Place Intake::here() const {
    Place p;
    p.step = screen.step();
    switch (p.step) {
    case Step::RepeatItem: case Step::RepeatRemove:
        p.item = item;
        [[fallthrough]];
    case Step::Question: case Step::RepeatList:
        p.page_id = page_id;
        p.returning_to_check = returning_to_check;
        break;
    default:
        break;
    }
    return p;
}

void Intake::visit() {
    if (restoring_)
        return; // restore() corrects the entry once it knows what it showed
    if (going_back_)
        places.arrive_back(here());
    else
        places.arrive(here());
}

void Intake::history_moved(int index) {
    const Step step = screen.step();
    if (finishing_ || !form)
        return;
    // Sent: the answers are gone, the confirmation stays (until "finish"). Busy: a reply is on
    // its way for the page on screen.
    if (step == Step::Done || busy()) {
        places.refuse(index);
        return;
    }
    if (const auto place = places.moved(index))
        restore(*place);
}

// Shows a page the history came back to as the answers are now: a page they now skip gives
// the next page they reach; a household member since removed gives the list.
void Intake::restore(const Place& place) {
    restoring_ = true;
    screen.end_editing();
    errors.clear();
    switch (place.step) {
    case Step::Start: show_start(); break;
    case Step::Device: begin(); break;
    case Step::CaseCode: my_case.show(); break;
    case Step::Case:
        if (my_case.is_open())
            my_case.show_case();
        else
            my_case.show();
        break;
    case Step::Check: show_check(); break;
    case Step::Saved:
        if (drafts.has_keys())
            drafts.show_saved();
        else
            show_start();
        break;
    default: {
        const auto visible = anl::visible_pages(*form, answers);
        if (std::find(visible.begin(), visible.end(), place.page_id) != visible.end()) {
            show_page(place.page_id);
            const anl::Page* page = current_page();
            const bool item_exists = page && page->repeat &&
                                     place.item < answers.repeats[page->repeat->id].size();
            if ((place.step == Step::RepeatItem || place.step == Step::RepeatRemove) && item_exists) {
                item = place.item;
                screen.set(place.step);
            }
        } else if (const auto next = anl::next_page(*form, answers, place.page_id)) {
            show_page(*next);
        } else {
            show_check();
        }
        returning_to_check = place.returning_to_check;
    }
    }
    restoring_ = false;
    places.correct(here());
}

void Intake::add_group_item(const std::string& repeat_id) { anl::add_repeat_item(*form, answers, repeat_id); }

void Intake::remove_group_item(const std::string& repeat_id, size_t index) {
    anl::remove_repeat_item(*form, answers, repeat_id, index);
}

std::string Intake::item_summary(const anl::Catalog& catalog, const anl::Page& page, size_t index) const {
    if (!page.repeat)
        return "";
    const auto items = answers.repeats.find(page.repeat->id);
    if (items == answers.repeats.end() || index >= items->second.size())
        return "";
    const anl::AnswerMap& values = items->second[index];
    const anl::DocumentNames names = anl::document_names(documents.files);
    for (const anl::Question& q : page.questions) {
        const auto it = values.find(q.id);
        if (it == values.end())
            continue;
        std::string text = anl::answer_text(catalog, q, &it->second, names);
        if (!text.empty())
            return text;
    }
    return "";
}

} // namespace app::intake
