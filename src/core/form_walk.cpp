#include "core/form_walk.h"

#include "core/text.h"

#include <algorithm>

namespace anl {

std::optional<size_t> WalkStep::page_item() const {
    if (page && page->repeat && path.item && path.item->repeat == page->repeat->id)
        return path.item->index;
    return std::nullopt;
}

namespace {

const Answer* find_answer(const AnswerMap* map, const std::string& id) {
    if (!map)
        return nullptr;
    const auto it = map->find(id);
    return it == map->end() ? nullptr : &it->second;
}

class Walker {
public:
    Walker(const Form& form, const Answers& given, Visibility visibility)
        : form_(form), given_(given), everything_(visibility == Visibility::Everything) {}

    FormWalk run() {
        std::string section;
        for (size_t p = 0; p < form_.pages.size(); p++) {
            const Page& page = form_.pages[p];
            if (!shown(page.condition, nullptr))
                continue;
            WalkStep& step = add(WalkStep::Kind::Page, page, p);
            step.new_section = !page.section.empty() && page.section != section;
            if (step.new_section)
                section = page.section;
            if (page.repeat)
                repeat(*page.repeat, page.questions, page, p);
            else
                questions(page.questions, page, p, &given_.values, out_.kept.values, std::nullopt);
        }
        return std::move(out_);
    }

private:
    const Form& form_;
    const Answers& given_;
    const bool everything_;
    FormWalk out_;

    WalkStep& add(WalkStep::Kind kind, const Page& page, size_t page_index) {
        WalkStep step;
        step.kind = kind;
        step.page = &page;
        step.page_index = page_index;
        out_.steps.push_back(std::move(step));
        return out_.steps.back();
    }

    bool shown(const std::optional<Condition>& c, const AnswerMap* item) const {
        return everything_ || !c || holds(*c, item);
    }

    // Conditions see only what is visible and answered so far; inside a repeat item, the item's
    // own answers first. Ids are unique in a form, so the order of lookup cannot mislead.
    const Answer* lookup(const std::string& id, const AnswerMap* item) const {
        if (const Answer* a = find_answer(item, id))
            return a;
        return find_answer(&out_.kept.values, id);
    }

    bool holds(const Condition& c, const AnswerMap* item) const {
        switch (c.op) {
        case Condition::Op::Equals: {
            const Answer* a = lookup(c.question, item);
            const auto* s = a ? std::get_if<std::string>(a) : nullptr;
            return s && trim(*s) == c.value;
        }
        case Condition::Op::Includes: {
            const Answer* a = lookup(c.question, item);
            const auto* list = a ? std::get_if<std::vector<std::string>>(a) : nullptr;
            return list && std::find(list->begin(), list->end(), c.value) != list->end();
        }
        case Condition::Op::Answered: return lookup(c.question, item) != nullptr;
        case Condition::Op::Not: return c.children.size() == 1 && !holds(c.children[0], item);
        case Condition::Op::All:
            return std::all_of(c.children.begin(), c.children.end(), [&](const Condition& k) { return holds(k, item); });
        case Condition::Op::Any:
            return std::any_of(c.children.begin(), c.children.end(), [&](const Condition& k) { return holds(k, item); });
        }
        return false;
    }

    void repeat(const Repeat& r, const std::vector<Question>& qs, const Page& page, size_t p) {
        const auto it = given_.repeats.find(r.id);
        const std::vector<AnswerMap> none;
        const std::vector<AnswerMap>& items = it == given_.repeats.end() ? none : it->second;
        WalkStep& list = add(WalkStep::Kind::Repeat, page, p);
        list.path.id = r.id;
        list.repeat = &r;
        list.items = items.size();
        // Sized before the items are walked: conditions inside an item read its kept answers.
        std::vector<AnswerMap>& kept = out_.kept.repeats[r.id];
        kept.assign(items.size(), AnswerMap());
        for (size_t i = 0; i < items.size(); i++) {
            const RepeatItem item{r.id, i};
            WalkStep& start = add(WalkStep::Kind::Item, page, p);
            start.path.item = item;
            start.repeat = &r;
            questions(qs, page, p, &items[i], kept[i], item);
        }
    }

    // `kept` is the map the visible answers go into: the form's values, or the item's.
    void questions(const std::vector<Question>& qs, const Page& page, size_t p, const AnswerMap* given,
                   AnswerMap& kept, const std::optional<RepeatItem>& item) {
        const AnswerMap* scope = item ? &kept : nullptr;
        for (const Question& q : qs) {
            if (!shown(q.condition, scope))
                continue;
            const Answer* answer = find_answer(given, q.id);
            const bool has_answer = q.type != QuestionType::Info && q.type != QuestionType::Group && answer &&
                                    is_answered(*answer);
            WalkStep& step = add(WalkStep::Kind::Question, page, p);
            step.path = FieldPath{item, q.id};
            step.question = &q;
            step.answer = has_answer ? answer : nullptr;
            if (has_answer)
                kept[q.id] = *answer;
            if (q.type != QuestionType::Group)
                continue;
            if (q.repeat)
                repeat(*q.repeat, q.questions, page, p);
            else
                questions(q.questions, page, p, given, kept, item);
        }
    }
};

} // namespace

FormWalk walk_form(const Form& form, const Answers& answers, Visibility visibility) {
    return Walker(form, answers, visibility).run();
}

} // namespace anl
