// Canonical JSON (docs/PROTOCOL.md, "Answers document"): sorted keys, no whitespace, UTF-8 as is.
// What is sealed (the answers document, a draft) is written this way, so the same answers always
// give the same bytes and another implementation can check them.
#pragma once
#include <nlohmann/json.hpp>

#include <string>

namespace anl {

// Invalid UTF-8 in a string is replaced (U+FFFD) rather than thrown about.
std::string canonical_json(const nlohmann::json& doc);

} // namespace anl
