// Common in-memory form of raw input records, independent of the file format.
//
// Readers (csv_reader, json_reader) turn bytes into a RawTable: column names,
// records of optional UTF-8 text cells, and a list of problems. Nothing here
// is interpreted: numbers stay as the exact text found in the file, so no
// binary floating point is ever involved.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rubric {

// One defect found while reading. Problems are values, never exceptions; a bad
// row is reported and the reader goes on with the rest.
struct ReadProblem {
  std::string path;     // the file, as named by the caller
  uint32_t row = 0;     // same numbering as RawRecord::row; 0 = the file as a whole
  std::string column;   // column / key concerned; empty when none applies
  std::string message;  // Chinese, self-contained (it names the row itself)
  // The record's share of a problem the file-level message already states (a
  // column the whole file lacks). Kept so that per-record views (compare's
  // record report, `rubric test`) can say why the record was not scored;
  // left out of a list of the file's problems, where it would repeat one
  // mistake records × columns times.
  bool restates_file_problem = false;
};

// Whether `p` belongs in a list of the file's problems (see above).
inline bool listed(const ReadProblem& p) { return !p.restates_file_problem; }

// How RawRecord::row is to be read, so later stages can phrase messages.
enum class RowNumbering {
  line,   // physical 1-based line in the file (CSV, JSON Lines): "第 N 行"
  index,  // 1-based position in a JSON array (a single object is 1): "第 N 条记录"
};

struct RawRecord {
  // CSV: physical line where the record starts (header is line 1, so the
  // first data row is normally 2). JSON Lines: the object's line. JSON array:
  // 1-based index of the element; a single top-level object is 1.
  uint32_t row = 0;
  // One per column of RawTable::columns. nullopt = the field is absent
  // (JSON key missing or null, CSV row too short, or the cell was unusable
  // and a problem says why). Present cells are always valid UTF-8.
  std::vector<std::optional<std::string>> cells;
};

struct RawTable {
  std::string path;
  std::vector<std::string> columns;
  std::vector<RawRecord> records;
  std::vector<ReadProblem> problems;
  RowNumbering numbering = RowNumbering::line;
  uint32_t header_row = 0;  // CSV: the header's line (its problems are not a record's); 0 = none

  // Index of the first column with exactly this name; nullopt if none (an
  // empty name never matches: empty header cells are not real columns).
  std::optional<std::size_t> column_index(std::string_view name) const;

  // "第 N 行" or "第 N 条记录", following `numbering`.
  std::string row_label(uint32_t row) const;

  // A table of the same file and columns, without records or problems (for
  // records read apart from the rest: pieces, batches).
  RawTable without_records() const;
};

// A table for a file that could not be read: no columns, one row-0 problem.
RawTable unreadable_table(const std::string& path, const std::string& message);

}  // namespace rubric
