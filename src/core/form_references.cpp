// The form loader's second pass, on a parsed form: every id is unique, and every condition
// refers to a question that comes earlier, in the same repeat scope, with an answer it can test.
#include "core/form_detail.h"

#include <algorithm>
#include <map>
#include <set>

namespace anl {
namespace form_detail {
namespace {

const char* op_name(Condition::Op op) {
    switch (op) {
    case Condition::Op::Equals: return "equals";
    case Condition::Op::Not: return "not";
    case Condition::Op::All: return "all";
    case Condition::Op::Any: return "any";
    case Condition::Op::Answered: return "answered";
    case Condition::Op::Includes: return "includes";
    }
    return "";
}

class ReferenceCheck {
public:
    explicit ReferenceCheck(std::vector<std::string>& errors) : errors_(errors) {}

    void run(const Form& form) {
        std::set<std::string> page_ids;
        for (size_t i = 0; i < form.pages.size(); i++) {
            const Page& p = form.pages[i];
            const std::string path = index("pages", i);
            if (!p.id.empty() && !page_ids.insert(p.id).second)
                fail(join(path, "id"), "duplicate page id " + quote(p.id));
            if (p.repeat) {
                claim(p.repeat->id, join(path, "repeat.id"));
                repeat_ids_.insert(p.repeat->id);
            }
            collect_ids(p.questions, path);
        }
        for (size_t i = 0; i < form.pages.size(); i++) {
            const Page& p = form.pages[i];
            const std::string path = index("pages", i);
            if (p.condition)
                check_condition(*p.condition, join(path, "condition"), "");
            walk(p.questions, path, p.repeat ? p.repeat->id : "");
        }
    }

private:
    std::vector<std::string>& errors_;

    void fail(const std::string& path, const std::string& message) { add_error(errors_, path, message); }

    struct Declared {
        const Question* question;
        std::string scope;  // repeat id the question is answered per item of, or ""
    };
    std::map<std::string, std::string> first_seen_;  // every id -> path where it first appears
    std::map<std::string, Declared> declared_;       // questions before the current point
    std::set<std::string> repeat_ids_;

    void claim(const std::string& id, const std::string& path) {
        if (id.empty())
            return;  // already reported as missing or malformed
        const auto [it, fresh] = first_seen_.emplace(id, path);
        if (!fresh)
            fail(path, "duplicate id " + quote(id) + " (first at " + it->second + ")");
    }

    void collect_ids(const std::vector<Question>& qs, const std::string& path) {
        for (size_t i = 0; i < qs.size(); i++) {
            const std::string qpath = index(join(path, "questions"), i);
            claim(qs[i].id, join(qpath, "id"));
            if (qs[i].repeat) {
                claim(qs[i].repeat->id, join(qpath, "repeat.id"));
                repeat_ids_.insert(qs[i].repeat->id);
            }
            collect_ids(qs[i].questions, qpath);
        }
    }

    void walk(const std::vector<Question>& qs, const std::string& path, const std::string& scope) {
        for (size_t i = 0; i < qs.size(); i++) {
            const Question& q = qs[i];
            const std::string qpath = index(join(path, "questions"), i);
            if (q.condition)
                check_condition(*q.condition, join(qpath, "condition"), scope);
            if (!q.id.empty())
                declared_.emplace(q.id, Declared{&q, scope});
            walk(q.questions, qpath, q.repeat ? q.repeat->id : scope);
        }
    }

    void check_condition(const Condition& c, const std::string& path, const std::string& scope) {
        const std::string sub = join(path, op_name(c.op));
        for (size_t i = 0; i < c.children.size(); i++)
            check_condition(c.children[i], c.op == Condition::Op::Not ? sub : index(sub, i), scope);
        if (c.op == Condition::Op::Not || c.op == Condition::Op::All || c.op == Condition::Op::Any)
            return;

        const auto it = declared_.find(c.question);
        if (it == declared_.end()) {
            fail(sub, repeat_ids_.count(c.question) ? quote(c.question) + " is a repeat, not a question"
                      : first_seen_.count(c.question)
                          ? "question " + quote(c.question) + " comes later in the form; conditions may only look back"
                          : "unknown question " + quote(c.question));
            return;
        }
        const Question& q = *it->second.question;
        if (q.type == QuestionType::Info || q.type == QuestionType::Group) {
            fail(sub, quote(c.question) + " is " + question_type_name(q.type) + " and has no answer to test");
            return;
        }
        if (!it->second.scope.empty() && it->second.scope != scope) {
            fail(sub, quote(c.question) + " is answered per item of " + quote(it->second.scope) +
                          " and cannot be tested from here");
            return;
        }
        if (c.op == Condition::Op::Equals)
            check_equals(c, sub, q);
        else if (c.op == Condition::Op::Includes)
            check_includes(c, sub, q);
    }

    bool has_option(const Question& q, const std::string& id) {
        return std::any_of(q.options.begin(), q.options.end(), [&](const Option& o) { return o.id == id; });
    }

    void check_equals(const Condition& c, const std::string& path, const Question& q) {
        switch (q.type) {
        case QuestionType::Text:
        case QuestionType::Multiline: return;
        case QuestionType::SingleChoice:
            if (!has_option(q, c.value))
                fail(path, "unknown option " + quote(c.value) + " of " + quote(q.id));
            return;
        case QuestionType::YesNoUnknown:
            if (c.value != "yes" && c.value != "no" && c.value != "unknown")
                fail(path, "unknown option " + quote(c.value) + " of " + quote(q.id) + " (yes, no or unknown)");
            return;
        case QuestionType::MultipleChoice:
            fail(path, quote(q.id) + " is multiple_choice: use includes");
            return;
        default:
            fail(path, "equals cannot test " + quote(q.id) + ", a " + question_type_name(q.type) + " question");
        }
    }

    void check_includes(const Condition& c, const std::string& path, const Question& q) {
        if (q.type != QuestionType::MultipleChoice)
            fail(path, "includes needs a multiple_choice question, " + quote(q.id) + " is " + question_type_name(q.type));
        else if (!has_option(q, c.value))
            fail(path, "unknown option " + quote(c.value) + " of " + quote(q.id));
    }
};

} // namespace

void check_references(const Form& form, std::vector<std::string>& errors) { ReferenceCheck(errors).run(form); }

} // namespace form_detail
} // namespace anl
