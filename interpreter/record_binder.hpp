// Binds a RawTable (text cells, from csv_reader / json_reader) to a ruleset's
// inputs: every cell is parsed and checked for its input's kind, giving typed
// Records, or the record is rejected with problems that name its row and column.
//
// Columns: matched to inputs by exact (trimmed) name.
//  - A column an input needs that the table lacks rejects every record, with
//    one problem per record and missing column ("第 2 行：缺少列「X」"), plus
//    one file-level problem (row 0) listing the missing columns, with a
//    did-you-mean against the table's unknown columns:
//      "表中没有列「满意度」；是否指「满意度%」？"
//      "表中没有列「A」、「B」；「A」是否指「A1」？「B」是否指「B1」？"   (column field empty)
//  - A column no input uses: one file-level problem per column, with a
//    did-you-mean against the inputs the table lacks; records are unaffected.
//      "列「满意度%」不属于该规则集，已忽略；是否指「满意度」？"
//  - Empty and repeated header names were already reported by the reader and
//    are not reported again.
//
// Cells (trimmed of ASCII whitespace, U+3000 and stray U+FEFF first):
//  - absent or empty            → "「X」为空" (unless the reader already
//    reported a problem for that row and column: it emptied the cell)
//  - yes_no       是/否, 1/0, true/false (any case) → 1 / 0
//  - count        whole number ≥ 0; "12.0" is accepted, "12.5" and "-1" are not
//  - amount       decimal ≥ 0; thousands separators in proper groups of three
//  - percent      "19.5" or "19.5%" in [0, 100], stored as the fraction 0.195
//  - number       any decimal (sign allowed), separators as for amount,
//                 within [low, high] when given
//  - judgment     decimal within [low, high]
//  - enumeration  exactly one of `values`, stored as its index
//  - text         any non-empty text; the key input's text is Record::key
// Numeric kinds reject scientific notation, full-width characters, a trailing
// unit ("28人"), more digits than Decimal holds exactly, and |v| ≥ 10^30.
//
// A record is rejected if any cell is bad; all of its bad cells are reported.
// A record whose key equals an earlier record's key (good or bad) is rejected
// too: "第 5 行：主键「…」与第 2 行重复".
// Record problems read "<row label>：<message>" (RawTable::row_label, so JSON
// arrays say "第 N 条记录"); the column field is the input's name.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "interpreter/decimal.hpp"
#include "interpreter/input_spec.hpp"
#include "interpreter/key_index.hpp"
#include "interpreter/table.hpp"

namespace rubric {

// A record's key left for the caller to check (RecordBinder::bind_deferring_keys).
struct PendingKey {
    uint32_t row = 0;
    std::string key;
    // Where in BindOutcome::problems the message of a repeated key belongs
    // (RecordBinder::duplicate_key_problem): the record's problems before it
    // are those of the inputs before the key.
    std::size_t problem_at = 0;
};

struct BindOutcome {
    std::vector<Record> records;        // good records only, in input order
    std::vector<ReadProblem> problems;  // table.problems first, then file-level, then per record
    std::size_t bad_records = 0;        // records rejected (each counted once)
    std::size_t total_records = 0;      // records seen (good + bad)
    // bind_deferring_keys only: every record whose key cell was read, good or
    // bad, in order.
    std::vector<PendingKey> pending_keys;
};

class RecordBinder {
public:
    explicit RecordBinder(std::vector<InputSpec> inputs);

    const std::vector<InputSpec>& inputs() const noexcept { return inputs_; }

    BindOutcome bind(const RawTable& table) const;
    // One chunk of a larger table (streaming): `first_row_of_key` carries the
    // keys seen in earlier chunks, so a repeated key is still caught; the
    // column problems of the file are reported only when `file_problems`.
    BindOutcome bind(const RawTable& table, KeyIndex& first_row_of_key, bool file_problems) const;
    // One piece of a table, bound on a worker thread without the keys of the
    // rest (no file-level problems): each key read goes to pending_keys
    // instead, for the caller to check in row order against a KeyIndex. A
    // repeated key then makes its record bad with duplicate_key_problem,
    // placed at problem_at — together what bind(table, keys, false) gives.
    BindOutcome bind_deferring_keys(const RawTable& table) const;
    // The problem of a record on `row` whose key repeats that of the record on `earlier`.
    ReadProblem duplicate_key_problem(const RawTable& table, uint32_t row, const std::string& key, uint32_t earlier) const;

    // Parses one cell for one input. On failure returns nullopt and sets
    // `message` (Chinese, naming the input, without the row). Text inputs
    // yield zero. The cell is trimmed first.
    std::optional<Decimal> parse_cell(const InputSpec& input, std::string_view cell,
                                      std::string& message) const;

private:
    BindOutcome bind(const RawTable& table, KeyIndex* first_row_of_key, bool file_problems) const;

    std::vector<InputSpec> inputs_;
};

}  // namespace rubric
