#include "core/plural.h"

#include <cctype>
#include <map>

namespace anl {

const char* plural_category(const std::string& language, long long n) {
    const long long mod10 = n % 10, mod100 = n % 100;
    if (language == "ar") { // Arabic: six forms
        if (n == 0) return "zero";
        if (n == 1) return "one";
        if (n == 2) return "two";
        if (mod100 >= 3 && mod100 <= 10) return "few";
        if (mod100 >= 11) return "many";
        return "other";
    }
    if (language == "uk") { // Ukrainian (and Russian): one, few, many for whole numbers
        if (mod10 == 1 && mod100 != 11) return "one";
        if (mod10 >= 2 && mod10 <= 4 && !(mod100 >= 12 && mod100 <= 14)) return "few";
        return "many";
    }
    // French, Portuguese, Persian and Tigrinya count 0 with 1; the rest (de, en, it, es, sq, tr,
    // so) only 1.
    if (language == "fr" || language == "pt" || language == "fa" || language == "ti")
        return n == 0 || n == 1 ? "one" : "other";
    return n == 1 ? "one" : "other";
}

namespace {

// The end of the brace group that opens at text[open] ('{'), or npos when unbalanced.
size_t matching_brace(const std::string& text, size_t open) {
    int depth = 0;
    for (size_t i = open; i < text.size(); i++) {
        if (text[i] == '{') depth++;
        else if (text[i] == '}' && --depth == 0) return i;
    }
    return std::string::npos;
}

void skip_space(const std::string& s, size_t& i) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) i++;
}

// Parses "sel {text} sel {text} ..." between `from` and `to`; false when malformed.
bool read_branches(const std::string& s, size_t from, size_t to, std::map<std::string, std::string>& out) {
    size_t i = from;
    for (skip_space(s, i); i < to; skip_space(s, i)) {
        const size_t sel_start = i;
        while (i < to && s[i] != '{' && !std::isspace(static_cast<unsigned char>(s[i]))) i++;
        const std::string selector = s.substr(sel_start, i - sel_start);
        skip_space(s, i);
        if (selector.empty() || i >= to || s[i] != '{') return false;
        const size_t close = matching_brace(s, i);
        if (close == std::string::npos || close > to) return false;
        out[selector] = s.substr(i + 1, close - i - 1);
        i = close + 1;
    }
    return out.count("other") != 0;
}

} // namespace

std::string select_plural(const std::string& text, const std::string& name, long long n, const std::string& language) {
    const std::string head = "{" + name + ",";
    std::string out;
    size_t pos = 0;
    for (size_t at = text.find(head); at != std::string::npos; at = text.find(head, pos)) {
        size_t i = at + head.size();
        skip_space(text, i);
        const size_t close = matching_brace(text, at);
        std::map<std::string, std::string> branches;
        if (text.compare(i, 7, "plural,") != 0 || close == std::string::npos ||
            !read_branches(text, i + 7, close, branches)) {
            out += text.substr(pos, i - pos); // not a plural, or malformed: keep it as it is
            pos = i;
            continue;
        }
        const auto exact = branches.find("=" + std::to_string(n));
        auto chosen = exact != branches.end() ? exact : branches.find(plural_category(language, n));
        if (chosen == branches.end())
            chosen = branches.find("other");
        std::string branch = chosen->second;
        const std::string number = std::to_string(n);
        for (size_t h = branch.find('#'); h != std::string::npos; h = branch.find('#', h + number.size()))
            branch.replace(h, 1, number);
        out += text.substr(pos, at - pos) + branch;
        pos = close + 1;
    }
    return out + text.substr(pos);
}

} // namespace anl
