// A field's name (issue 9): the one spelling of where an answer lives. Validation reports errors
// under it (FieldError::field), widgets are named after it ("q." + name), the check page and the
// staff view label their rows with it.
//   "rent"                      question rent, outside repeats
//   "household[1].member_name"  question member_name in item 1 (0-based) of the repeat household
//   "household"                 the repeat household's own list of items (its count errors)
// Repeats do not nest (form.h), so a path holds at most one item.
#pragma once
#include <cstddef>
#include <optional>
#include <string>

namespace anl {

// Question, option, page and repeat ids: a-z first, then a-z, 0-9 and '_', at most 64 bytes.
// They become JSON keys in the answers document and parts of field names, so they are kept to
// what needs no escaping anywhere.
bool is_plain_id(const std::string& s);

// One item of a repeat: household[1].
struct RepeatItem {
    std::string repeat;  // the repeat's id
    size_t index = 0;    // 0-based; people read index + 1
    // "household[1].", what every field of the item starts with.
    std::string prefix() const;
    bool operator==(const RepeatItem& o) const { return repeat == o.repeat && index == o.index; }
    bool operator!=(const RepeatItem& o) const { return !(*this == o); }
};

struct FieldPath {
    std::optional<RepeatItem> item;  // the item the question is answered in; none outside repeats
    std::string id;                  // the question's id, or a repeat's id for its list of items

    // "household[1].member_name", "rent", "household".
    std::string name() const;
    bool in(const RepeatItem& i) const { return item && *item == i; }
    bool operator==(const FieldPath& o) const { return item == o.item && id == o.id; }
    bool operator!=(const FieldPath& o) const { return !(*this == o); }
};

// The path a name spells, or nothing when it spells none: ids that break is_plain_id, an index
// with a sign, leading zeros or kMaxRepeatItems and above, a missing or extra part.
std::optional<FieldPath> parse_field_path(const std::string& name);

// The question id of a field name ("household[1].member_name" -> "member_name"); the name
// itself when it is not a valid path, so that a message about it can still be looked up.
std::string question_id_of(const std::string& name);

} // namespace anl
