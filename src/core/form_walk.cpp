#include "core/form_walk.h"

#include "core/text.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>

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

// reachable_pages: conditions in three-valued logic over what is known so far.
enum class Tri { No, Maybe, Yes };

Tri tri_not(Tri a) { return a == Tri::Yes ? Tri::No : a == Tri::No ? Tri::Yes : Tri::Maybe; }
Tri tri_and(Tri a, Tri b) { return a == Tri::No || b == Tri::No ? Tri::No : a == Tri::Maybe || b == Tri::Maybe ? Tri::Maybe : Tri::Yes; }
Tri tri_or(Tri a, Tri b) { return tri_not(tri_and(tri_not(a), tri_not(b))); }
Tri tri_of(bool b) { return b ? Tri::Yes : Tri::No; }

class Reach {
public:
    Reach(const Form& form, const Answers& given, size_t at) : form_(form), given_(given), at_(at) {}

    std::vector<size_t> run() {
        std::vector<size_t> pages;
        for (size_t p = 0; p < form_.pages.size(); p++) {
            const Page& page = form_.pages[p];
            const Tri shown = page.condition ? holds(*page.condition) : Tri::Yes;
            if (shown == Tri::No)
                continue;  // its questions stay unanswered: hidden counts as not answered
            pages.push_back(p);
            if (!page.repeat)  // a repeating page's answers are per item: no condition outside names them
                questions(page.questions, shown, p);
        }
        return pages;
    }

private:
    const Form& form_;
    const Answers& given_;
    const size_t at_;
    std::map<std::string, const Answer*> known_;  // visible and answered
    std::set<std::string> unknown_;              // not decided yet

    void questions(const std::vector<Question>& qs, Tri parent, size_t p) {
        for (const Question& q : qs) {
            const Tri shown = tri_and(parent, q.condition ? holds(*q.condition) : Tri::Yes);
            if (q.type == QuestionType::Group) {
                if (!q.repeat)
                    questions(q.questions, shown, p);
                continue;
            }
            if (q.type == QuestionType::Info || shown == Tri::No)
                continue;
            const Answer* a = find_answer(&given_.values, q.id);
            const bool answered = a && is_answered(*a);
            if (shown == Tri::Maybe || (!answered && p >= at_))
                unknown_.insert(q.id);
            else if (answered)
                known_[q.id] = a;
        }
    }

    Tri holds(const Condition& c) const {
        switch (c.op) {
        case Condition::Op::Equals:
        case Condition::Op::Includes:
        case Condition::Op::Answered: {
            if (unknown_.count(c.question))
                return Tri::Maybe;
            const auto it = known_.find(c.question);
            const Answer* a = it == known_.end() ? nullptr : it->second;
            if (c.op == Condition::Op::Answered)
                return tri_of(a != nullptr);
            if (c.op == Condition::Op::Equals) {
                const auto* s = a ? std::get_if<std::string>(a) : nullptr;
                return tri_of(s && trim(*s) == c.value);
            }
            const auto* list = a ? std::get_if<std::vector<std::string>>(a) : nullptr;
            return tri_of(list && std::find(list->begin(), list->end(), c.value) != list->end());
        }
        case Condition::Op::Not: return c.children.size() == 1 ? tri_not(holds(c.children[0])) : Tri::No;
        case Condition::Op::All: {
            Tri r = Tri::Yes;
            for (const Condition& k : c.children)
                r = tri_and(r, holds(k));
            return r;
        }
        case Condition::Op::Any: {
            Tri r = Tri::No;
            for (const Condition& k : c.children)
                r = tri_or(r, holds(k));
            return r;
        }
        }
        return Tri::No;
    }
};

} // namespace

std::vector<size_t> reachable_pages(const Form& form, const Answers& answers, size_t at) {
    return Reach(form, answers, at).run();
}

FormWalk walk_form(const Form& form, const Answers& answers, Visibility visibility) {
    return Walker(form, answers, visibility).run();
}

} // namespace anl
