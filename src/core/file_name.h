// File names come from the applicant's device and are hostile until proven otherwise.
#pragma once
#include <string>

namespace anl {

constexpr size_t kMaxFileNameBytes = 120;

// Keeps letters of any script, digits, space and ._-() ; drops path separators, control and
// other ASCII punctuation, leading dots and spaces; caps the result at kMaxFileNameBytes while
// keeping the extension; never returns an empty name ("attachment" instead).
std::string sanitize_file_name(const std::string& name);

} // namespace anl
