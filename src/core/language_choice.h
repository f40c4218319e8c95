// Which language a first visit opens in (issue 12): the browser's, when the office offers it.
#pragma once
#include <string>
#include <vector>

namespace anl {

// The first of the browser's languages (navigator.languages, most wanted first: "fr-CH", "pt-BR",
// "en") whose primary subtag is one of `offered` (catalog codes: "fr", "pt"), compared without
// case; `fallback` when none is ("ja", "zh-Hant", nothing at all).
std::string choose_language(const std::vector<std::string>& browser, const std::vector<std::string>& offered,
                            const std::string& fallback);

} // namespace anl
