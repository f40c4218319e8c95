// Plural forms, as ICU MessageFormat writes them inside a catalog string:
//   "{count, plural, =0 {No files} one {# file} other {# files}}"
// `=N` matches exactly; otherwise the CLDR category of the number in the catalog's language
// (zero, one, two, few, many, other); `other` is required; `#` becomes the number.
#pragma once
#include <string>

namespace anl {

// The CLDR plural category of a whole number n >= 0 in `language` (ISO 639-1). The rules of
// every language we ship are here; any other language uses the English rule (one, other).
const char* plural_category(const std::string& language, long long n);

// Replaces each "{name, plural, ...}" in `text` by the branch for `n`. A malformed plural (no
// `other`, unbalanced braces) is left as it stands, so the fault is visible, never a crash.
std::string select_plural(const std::string& text, const std::string& name, long long n, const std::string& language);

} // namespace anl
