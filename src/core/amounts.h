// Amounts as people write them (issue 4): Swiss francs and whole numbers, with the thousands
// separators and currency words seen on Swiss letters and keyboards.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace anl {

// CHF as people write it: "1'234.50", "1234.5", "1234,50", "CHF 12", "12.-", "Fr. 12", with
// apostrophes (also ’) or spaces between thousands. Returns cents. Refuses what could be read
// two ways ("1,234", "1.234,50"), more than two decimals, negative amounts and amounts of
// 10^13 francs or more.
std::optional<int64_t> parse_money(const std::string& text);
std::string format_money(int64_t cents);  // "1'234.50"

// A whole number, optionally negative, with the same thousands separators as money.
std::optional<int64_t> parse_number(const std::string& text);

} // namespace anl
