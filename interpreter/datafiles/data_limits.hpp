// How large the data may be (docs/limits.md). Each limit is an option with a
// default; the command line sets each with the flag named beside it. A
// reader never holds more than the limits allow, and says where one was
// exceeded:
//  - a cell over max_field_bytes is a problem of its row and column, and
//    the cell is left empty (so a record that needs it is not scored);
//  - more records than max_records, a CSV record or JSON Lines line over
//    max_row_bytes, a header of more than max_columns columns (or JSON
//    records with more distinct keys) and JSON nested deeper than
//    max_json_depth refuse the whole file: no columns, no records, and one
//    problem (row 0) that names the line. The results would be incomplete,
//    so `rubric eval` and `compare` then stop with exit status 2.
// Workbooks have their own limits besides (XlsxLimits in xlsx_reader.hpp);
// max_records, max_columns and max_field_bytes apply to them too.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace rubric {

struct DataLimits {
  std::uint64_t max_records = 100'000'000;             // records in one file (--max-records)
  std::size_t max_field_bytes = std::size_t{1} << 20;  // one cell, in UTF-8 bytes (--max-field-size)
  std::size_t max_row_bytes = std::size_t{16} << 20;   // one CSV record or JSON Lines line (--max-row-size)
  std::size_t max_columns = 16384;                     // columns of a table, as Excel's A to XFD (--max-columns)
  std::size_t max_json_depth = 64;                     // arrays and objects nested in JSON (--max-json-depth)
};

// "4 MiB", "512 KiB" or "1000 字节".
inline std::string byte_size_text(std::uint64_t bytes) {
  if (bytes != 0 && bytes % (std::uint64_t{1} << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  if (bytes != 0 && bytes % 1024 == 0) return std::to_string(bytes >> 10) + " KiB";
  return std::to_string(bytes) + " 字节";
}

// "超过 4 MiB 的上限", "超过 1000 字节的上限": a blank only beside Latin letters.
inline std::string over_size_limit(std::uint64_t bytes) {
  const std::string size = byte_size_text(bytes);
  return "超过 " + size + (size.ends_with("iB") ? " " : "") + "的上限";
}

}  // namespace rubric
