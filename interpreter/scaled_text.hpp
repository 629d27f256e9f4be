// The text of a fixed-point value (units × 10^-scale, 0 ≤ scale ≤ 18) as
// Decimal writes it, appended to a string without making a Decimal or a
// temporary string: how streamed output writes the fast path's scores
// (direct_lane.hpp). tests/unit/scaled_text_test.cpp checks both against
// Decimal::from_scaled(units, scale).to_string() / .to_fixed(places).
#pragma once

#include <cstdint>
#include <string>

namespace rubric {

// The longest text append_scaled writes: a sign, 19 digits and a point.
inline constexpr int scaled_text_max = 24;

// Decimal::from_scaled(units, scale).to_string(): no trailing zeros ("1.77", "5", "0.4").
void append_scaled(std::string& out, std::int64_t units, int scale);

// Decimal::from_scaled(units, scale).to_fixed(places): exactly `places`
// decimals, rounded half-up when the value has more ("82.30").
void append_scaled_fixed(std::string& out, std::int64_t units, int scale, int places);

// The same written at `out` (room for scaled_text_max bytes, and `places`
// more for the fixed form); they return the end of what they wrote.
char* write_scaled(char* out, std::int64_t units, int scale);
char* write_scaled_fixed(char* out, std::int64_t units, int scale, int places);

}  // namespace rubric
