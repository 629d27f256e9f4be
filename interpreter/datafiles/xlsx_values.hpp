// The text of .xlsx cells, without ever going through binary floating point:
// cell references, column letters, number formats and string escapes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rubric {

inline constexpr uint32_t kMaxSheetRows = 1048576;  // Excel's own limits
inline constexpr uint32_t kMaxSheetColumns = 16384;  // A .. XFD

// "A" -> 1, "Z" -> 26, "AA" -> 27, "XFD" -> 16384.
std::string column_letters(uint32_t column);

// Column of a cell reference ("B3" -> 2; "b3" too); nullopt when it does not
// start with 1-3 letters naming a column within A..XFD followed by digits.
std::optional<uint32_t> reference_column(std::string_view reference);

// A row number 1 .. kMaxSheetRows, or nullopt.
std::optional<uint32_t> parse_row_number(std::string_view text);

// Builtin number format ids 9 ("0%") and 10 ("0.00%") and any format code
// with a '%' outside quotes, escapes and [..] display as a percentage.
bool is_percent_format(uint32_t builtin_id, std::optional<std::string_view> format_code);

// The stored number text multiplied by 100, as plain decimal text with no
// trailing fractional zeros, followed by '%': "0.195" -> "19.5%", "1" ->
// "100%", "-5E-3" -> "-0.5%". nullopt when `number` is not a decimal
// number (then it is left as it is).
std::optional<std::string> percent_text(std::string_view number);

// Decodes the _xHHHH_ escapes of OOXML strings ("_x000D_" is a carriage
// return, "_x005F_" a literal '_'), then makes every line break "\n" as the
// CSV reader does.
std::string unescape_xstring(std::string_view text);

// Trims ASCII space/tab and U+3000 at both ends, like the CSV reader does
// with unquoted fields.
std::string_view trim_blanks(std::string_view text);

}  // namespace rubric
