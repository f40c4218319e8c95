// Small UTF-8 text helpers shared by validation and file-name handling.
#pragma once
#include <string>

namespace anl {

bool is_valid_utf8(const std::string& s);
size_t utf8_length(const std::string& s);      // code points; assumes valid UTF-8
// The code point at byte `i`, moving `i` past it; a malformed or cut sequence reads as U+FFFD
// and moves one byte, so a loop over any bytes ends.
char32_t next_code_point(const std::string& s, size_t& i);
std::string trim(const std::string& s);        // ASCII white space and U+00A0 at both ends
bool has_control_chars(const std::string& s, bool allow_newlines);

} // namespace anl
