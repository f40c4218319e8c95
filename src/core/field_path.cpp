#include "core/field_path.h"

#include "core/form.h"

#include <algorithm>

namespace anl {

bool is_plain_id(const std::string& s) {
    if (s.empty() || s.size() > 64 || !(s[0] >= 'a' && s[0] <= 'z'))
        return false;
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

std::string RepeatItem::prefix() const { return repeat + "[" + std::to_string(index) + "]."; }

std::string FieldPath::name() const { return item ? item->prefix() + id : id; }

namespace {

// "12" -> 12; nothing for "", "012", "-1", "1a" or kMaxRepeatItems and above.
std::optional<size_t> parse_index(const std::string& s) {
    if (s.empty() || s.size() > 3 || (s.size() > 1 && s[0] == '0'))
        return std::nullopt;
    size_t value = 0;
    for (char c : s) {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + size_t(c - '0');
    }
    if (value >= size_t(kMaxRepeatItems))
        return std::nullopt;
    return value;
}

} // namespace

std::optional<FieldPath> parse_field_path(const std::string& name) {
    const size_t open = name.find('[');
    if (open == std::string::npos) {
        if (!is_plain_id(name))
            return std::nullopt;
        return FieldPath{std::nullopt, name};
    }
    const size_t close = name.find("].", open);
    if (close == std::string::npos)
        return std::nullopt;
    const std::string repeat = name.substr(0, open);
    const auto index = parse_index(name.substr(open + 1, close - open - 1));
    const std::string id = name.substr(close + 2);
    if (!is_plain_id(repeat) || !index || !is_plain_id(id))
        return std::nullopt;
    return FieldPath{RepeatItem{repeat, *index}, id};
}

std::string question_id_of(const std::string& name) {
    const auto path = parse_field_path(name);
    return path ? path->id : name;
}

} // namespace anl
