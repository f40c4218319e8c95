// Pieces of anlaufstelle-keygen shared between its files (src/tools/keygen*.cpp).
#pragma once
#include "core/staff_keys.h"

#include <optional>
#include <string>

namespace keygen {

// The passphrase as the browser will type it: Unicode NFC (ICU). Nothing for invalid UTF-8.
std::optional<std::string> to_nfc(const std::string& utf8);

// The office key pair of a v1 key file, opened with its passphrase; nothing (and a message on
// stderr) when the file cannot be read or the passphrase does not open it.
std::optional<anl::OfficeKeys> open_v1_file(const std::string& path, const std::string& passphrase);

// Print tests/vectors/envelope-v1.json and tests/vectors/staff-keys-v2.json respectively.
int print_test_vector();
int print_test_vector_v2();
// Print tests/vectors/cases-v2.json: a case code, its keys, and one item of each kind.
int print_test_vector_cases();

} // namespace keygen
