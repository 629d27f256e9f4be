// Scoring data files against a Program: read each file (CSV or JSON by its
// name), bind the cells to the ruleset's inputs, evaluate every good record,
// and collect every problem of every bad record. One bad record never stops
// the batch, and none is dropped without a message.
#pragma once

#include "interpreter/datafiles/data_files.hpp"
#include "interpreter/datafiles/mapped_file.hpp"
#include "interpreter/formatted_rows.hpp"
#include "interpreter/program.hpp"
#include "interpreter/report.hpp"
#include "interpreter/table.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace rubric {

struct BatchResult {
    std::vector<ScoredRecord> scored;   // in input order: files as given, rows as in each file
    std::vector<ReadProblem> problems;  // every problem, in input order
    size_t total_records = 0;
    size_t bad_records = 0;
    // Files that could not be used: unreadable, without a header, or refused
    // by a limit (DataLimits) — a problem says why. Their records are not
    // all here, so a caller should not take the results as complete.
    size_t unusable_files = 0;
    // Streaming with a formatter (StreamOptions::format) only: the text of
    // each scored record, in order, in place of `scored` (then empty).
    FormattedRows formatted;
    // Of the scored records, those the direct lane scored straight from
    // their bytes (StreamOptions::format_is_csv_row; direct_lane.hpp).
    size_t direct_records = 0;
};

// Reads a data file: .xlsx as a workbook, .json and .jsonl as JSON, anything
// else as CSV; CSV and JSON in UTF-8 or GB18030 (interpreter/datafiles/).
RawTable read_data_file(const std::string& path, const TableReadOptions& options = {});

struct RowBinding;

BatchResult score_table(const Program& program, const RawTable& table, const EvaluateOptions& options = {});
// A record table whose records take their 明细 rows from `rows` (may be null).
BatchResult score_table(const Program& program, const RawTable& table, RowBinding* rows, const EvaluateOptions& options);
// Several tables at once: when the ruleset has a 明细, the tables holding its
// rows (the key column and every field column) are told apart by their
// columns and their rows joined to the records of the others by key.
BatchResult score_tables(const Program& program, const std::vector<RawTable>& tables, const EvaluateOptions& options = {});
// Scores a large CSV file a chunk of `chunk_records` records at a time, with
// neither the file nor its records held whole: `on_chunk` receives each
// chunk's result (records scored in order, problems in row order, the file's
// own problems with the first) — together the same as score_table would
// give. Returns false, having called nothing, when the file is not one it
// can stream (JSON, a workbook, not UTF-8) or the ruleset has a 明细; read
// it whole then. A file a limit refuses part way (reading.limits) ends with
// a chunk whose unusable_files is 1: the chunks before it are incomplete.
bool stream_csv_file(const Program& program, const std::string& path, const TableReadOptions& reading,
                     const EvaluateOptions& options, size_t chunk_records,
                     const std::function<void(BatchResult&)>& on_chunk);

struct StreamOptions {
    size_t chunk_records = 2048;  // records (kept by the reader) per call of on_chunk; at least 1
    // Turns a scored record into its output text (a CSV row, a JSON object).
    // When set, it runs where the record was scored — on the worker threads
    // — and the chunks carry `formatted` instead of `scored`. It must be safe
    // to call from several threads at once.
    std::function<std::string(const ScoredRecord&)> format;
    // `format` is csv_row(program, record): then the lines of a CSV file that
    // the direct lane can take (direct_lane.hpp: plain cells, a record the
    // fixed-point fast path decides) are scored and written straight from
    // their bytes, the same text several times faster; the others as ever.
    bool format_is_csv_row = false;
    // With options.threads > 1 the file's body is cut into pieces of about
    // this many bytes, read, bound, scored and formatted by `threads` worker
    // threads, and handed to on_chunk in order by the calling thread, a few
    // pieces per worker in flight at most. Tests make it small. The chunks
    // are the same whatever the threads and the pieces: on_chunk sees what
    // one thread gives.
    size_t piece_bytes = size_t{256} << 10;
};

// The same, with the options above; on_chunk is called on the calling thread.
bool stream_csv_file(const Program& program, const std::string& path, const TableReadOptions& reading,
                     const EvaluateOptions& options, const StreamOptions& stream,
                     const std::function<void(BatchResult&)>& on_chunk);

// The chunks of a large CSV file as stream_csv_file reads them (false, and
// nothing called, for a file it cannot stream): `first` marks the chunk
// holding the file's own problems; `refused` the chunk where a limit stopped
// reading (the last). A file without a usable header comes as one chunk
// without columns, its problems saying why.
bool for_each_csv_chunk(const std::string& path, const TableReadOptions& reading, size_t chunk_records,
                        const std::function<void(RawTable& chunk, bool first, bool refused)>& on_chunk);

// A CSV file the streaming functions can map and read a chunk at a time:
// UTF-8 throughout (checked on `threads` threads), not a workbook, JSON or
// UTF-16. nullopt: read it whole (its reading then says what is wrong, if
// anything).
std::optional<MappedFile> open_streamable(const std::string& path, const TableReadOptions& reading, unsigned threads);

class KeyIndex;
// A table, or one chunk of a streamed file: `keys` holds the keys of the
// chunks before it (duplicates across chunks are found); the file's column
// problems are reported with the first chunk. `rows` may be null.
BatchResult score_chunk(const Program& program, const RawTable& table, RowBinding* rows, const EvaluateOptions& options,
                        KeyIndex& keys, bool first_chunk);

struct BindOutcome;
// score_chunk after its binding: `bound` is the table bound to the program's
// inputs (RecordBinder), or to inputs that bind alike. Its records are left
// as they are unless `rows` attaches 明细 rows to them, so one binding can be
// scored by two programs with the same inputs (compare).
BatchResult score_bound(const Program& program, const RawTable& table, BindOutcome& bound, RowBinding* rows,
                        const EvaluateOptions& options);

BatchResult score_files(const Program& program, const std::vector<std::string>& paths,
                        const EvaluateOptions& options = {});

}  // namespace rubric
