// Shared by the form loader's two passes (core/form_loader.cpp reads the structure,
// core/form_references.cpp checks ids and what conditions refer to). Not part of the public API.
#pragma once
#include "core/form.h"

#include <optional>
#include <string>
#include <vector>

namespace anl {
namespace form_detail {

// A value from the definition, quoted for an error message: short and printable, whatever it was.
std::string quote(const std::string& s);
// JSON paths for messages: "pages[2].questions[0].id".
inline std::string join(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }
inline std::string index(const std::string& path, size_t i) { return path + "[" + std::to_string(i) + "]"; }
// One message per mistake: "path: message", "(form): ..." for the form itself.
inline void add_error(std::vector<std::string>& errors, const std::string& path, const std::string& message) {
    errors.push_back((path.empty() ? std::string("(form)") : path) + ": " + message);
}

std::optional<QuestionType> question_type_by_name(const std::string& name);
std::optional<Pattern> pattern_by_name(const std::string& name);

// The second pass, on a parsed form: duplicate ids, and conditions that refer to unknown or
// later questions, to repeats, to questions of another repeat, or to options that do not exist.
void check_references(const Form& form, std::vector<std::string>& errors);

} // namespace form_detail
} // namespace anl
