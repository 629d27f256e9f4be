// The direct lane of streamed `rubric eval … --format csv`: a CSV line read
// straight from the file's bytes into the fixed-point fast path's slots,
// scored there, and written as its output row, with no RawTable, no
// strings per cell, no Decimal and no Result in between.
//
// It takes only lines whose reading it can be sure of: no quote, no carriage
// return but the line break's, exactly one field per column, every cell in
// its plainest form (digits with at most one '.', 是/否/1/0, an enumeration
// value as declared, text without blanks or byte order marks at its ends),
// within its input's bounds, and a record the fast path decides. Anything
// else — an empty cell, "1,200", " 5", "是 ", a tie the fast path cannot
// settle, a broken constraint — is declined, and the caller reads that line
// the ordinary way (csv_reader, RecordBinder, Program::evaluate), which
// words every message. So the output, the messages and the counts are the
// ordinary path's, byte for byte (tests/datafiles/direct_lane_test.cpp runs
// every catalogued data file both ways).
//
// The lane is made once per file, from its header: a header that has any
// problem, a column the ruleset does not use, or a ruleset without a
// fixed-point plan gives no lane.
#pragma once

#include "interpreter/datafiles/data_limits.hpp"
#include "interpreter/program.hpp"
#include "interpreter/table.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rubric {

class DirectCsvLane {
public:
    // The lane for a file whose header `header` is (CsvChunkReader::header()),
    // or nullopt when the file or the ruleset cannot use one.
    static std::optional<DirectCsvLane> make(const Program& program, const RawTable& header, const DataLimits& limits);

    // Reads one line of the body (without its line break, CRLF or LF) into
    // `slots`: each input's value at its slot, at the plan's scale, as the
    // ordinary path would bind it (text inputs 0). False: the line is not one
    // the lane takes (some slots may be written). `key`: the key cell.
    bool read_line(std::string_view line, FixedValue* slots, std::string_view& key) const;

    // One line of the body, without its line break (CRLF or LF). True when
    // the lane scored it: its output row (as csv_row writes it, "\r\n"
    // included) is appended to `row_text` and its key is `key`, which the
    // caller checks against the keys before. False: nothing was appended;
    // read the line the ordinary way. `workspace` from program.make_workspace().
    bool score_line(std::string_view line, Workspace& workspace, std::string& row_text, std::string_view& key) const;

    // The same a batch at a time (fixed_batch.hpp, from program.make_fixed_batch()):
    // read_line puts the line's inputs into record i of `batch` (false:
    // declined, as above); after batch.run(), append_row appends record i's
    // row exactly as score_line would, when the batch decided it (false:
    // nothing appended; score the line with score_line or the ordinary way).
    bool read_line(std::string_view line, FixedBatch& batch, std::size_t i, std::string_view& key) const;
    bool append_row(const FixedBatch& batch, std::size_t i, std::string_view key, std::string& row_text) const;

private:
    struct Column {
        InputKind kind = InputKind::number;
        uint32_t slot = 0;
        int scale = 0;          // the slot's scale in the plan
        bool is_key = false;
        bool has_low = false, has_high = false;
        std::int64_t low = 0, high = 0;  // bounds at the slot's scale (judgment, number; percent: 1)
        const std::vector<std::string>* values = nullptr;  // enumeration
        std::vector<bool> plain_values;                    // each value: one the lane can match as it stands
    };
    struct Output {
        uint32_t slot = 0;
        int scale = 0;
    };

    explicit DirectCsvLane(const Program& program) : program_(&program) {}
    // Reads the cell at `p` (up to the next comma or `end`) into `value`;
    // returns where the cell ends, or null to decline the line.
    const char* read_cell(const Column& column, const char* p, const char* end, FixedValue& value) const;
    // Reads the line's cells, calling put(column, value) for each.
    template <class Put>
    bool read_cells(std::string_view line, std::string_view& key, const Put& put) const;
    // The output row from each output slot's value (value(slot): int64 units).
    template <class Value>
    bool append_values(std::string_view key, const Value& value, std::string& row_text) const;

    const Program* program_;
    std::vector<Column> columns_;     // in the file's column order
    std::vector<Output> scores_;      // Program::scored_indicators(), in order
    Output total_;
    int total_places_ = -1;           // fixed decimals of the total, or -1: as Decimal::to_string
    bool has_grades_ = false;
    std::vector<std::string> grade_fields_;  // each grade as its CSV field
    std::string header_first_;        // the first column's name (a repeated header is declined)
    std::size_t max_line_ = 0;        // longer lines are declined (the reader's limits)
};

}  // namespace rubric
