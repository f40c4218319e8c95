// Codes a person writes down and types back: the save code of a draft and the case code
// (docs/PROTOCOL.md, "Save code" and "Case code"). Symbols of one alphabet without 0 1 I L O U,
// shown in groups of four, read back forgivingly.
#pragma once
#include <cstddef>
#include <optional>
#include <string>

namespace anl {

// The server's reference alphabet (serve.py REF_ALPHABET): 30 symbols, no 0 1 I L O U.
constexpr const char* kCodeAlphabet = "ABCDEFGHJKMNPQRSTVWXYZ23456789";

// `count` symbols, each drawn with randombytes_uniform(30), without separators.
std::string random_code_symbols(size_t count);

// "ABCDEFGH" -> "ABCD-EFGH": groups of four joined by '-'.
std::string group_code_symbols(const std::string& symbols);

// What a person typed, forgiven: any case; spaces, dashes and dots anywhere (also no-break and
// thin spaces, soft hyphens and the Unicode dashes that phones and word processors put in);
// full-width letters and digits; Cyrillic letters that look like a symbol of the alphabet
// (С for C). Returns exactly `count` symbols without separators; nullopt for another number of
// symbols, invalid UTF-8, more than 1024 bytes or anything else. 0 O 1 I L U are refused: no
// code contains them, nor what they could be mistaken for, so there is nothing to map them to.
std::optional<std::string> read_code_symbols(const std::string& typed, size_t count);

} // namespace anl
