// CSV (RFC 4180, as written by Excel's "CSV UTF-8") to RawTable.
//
// - Comma separator; double-quoted fields with "" escapes may contain commas
//   and line breaks (a record's row is the line where it starts; line breaks
//   inside quotes become "\n").
// - CRLF, LF or lone CR line endings; a leading UTF-8 BOM is skipped.
// - Whitespace around unquoted fields (ASCII space/tab, U+3000, and a byte
//   order mark U+FEFF: files joined together leave one mid-file) is trimmed;
//   text inside quotes is kept exactly.
// - The first non-blank record is the header (names trimmed). Empty or
//   duplicate names are problems (column_index finds the first duplicate).
// - Records whose fields are all empty (blank lines, Excel's ",,,," padding)
//   are skipped wherever they occur.
// - A record with more fields than the header is reported and dropped (it is
//   probably shifted); a shorter one is kept, missing cells are nullopt,
//   unless full-width commas 「，」 outside quotes make up the missing
//   separators: then it is reported once as such and dropped.
// - A record that repeats the header (two files joined) is reported once and
//   dropped.
// - A cell that is not valid UTF-8, or has text after its closing quote, is
//   reported and becomes nullopt.
// - An unterminated quote is reported at the line where it opened and reading
//   stops there; records before it are kept.
// - A UTF-16 file is reported as such (re-save as UTF-8) and not read.
// - Limits (DataLimits, datafiles/data_limits.hpp): a cell over
//   max_field_bytes is reported and becomes nullopt; more than max_records
//   records, a record over max_row_bytes or a header of more than
//   max_columns columns refuses the file (no columns, no records, one
//   problem with row 0 naming the line). Memory stays within the limits
//   whatever the file holds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "interpreter/datafiles/data_limits.hpp"
#include "interpreter/table.hpp"

namespace rubric {

// Parses `bytes`; `path_for_messages` only labels the table and its problems.
RawTable read_csv(std::string path_for_messages, std::string_view bytes, const DataLimits& limits = {});

// Reads the file (O_RDONLY) then parses it; an unreadable file becomes a
// problem with row 0.
RawTable read_csv_file(const std::string& path, const DataLimits& limits = {});

// The same reading, a chunk of records at a time, so a large file need not
// be held as one table (streaming `rubric eval`). `bytes` must outlive it.
class CsvChunkReader {
public:
    CsvChunkReader(std::string path_for_messages, std::string_view bytes, const DataLimits& limits = {});
    ~CsvChunkReader();
    CsvChunkReader(const CsvChunkReader&) = delete;
    CsvChunkReader& operator=(const CsvChunkReader&) = delete;

    // The columns, and the problems of the header or of the file as a whole;
    // no records. Empty columns: there is nothing more to read.
    const RawTable& header() const;
    // Up to `max_records` further records into `chunk` (the columns copied,
    // its records and problems replaced). False when nothing is left.
    bool next(RawTable& chunk, std::size_t max_records);
    // Bytes of `bytes` read so far (for releasing what is done).
    std::size_t consumed() const;
    // The line the next record starts on (after the header: where the body begins).
    std::uint32_t line() const;
    // A limit refused the file (the last chunk's one problem says which): the
    // chunks before it are not the whole file.
    bool refused() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// ---- Reading a file's body in pieces, on several threads (batch.cpp) -------
//
// The body (the bytes after the header, from CsvChunkReader::consumed()) is
// cut at record ends by csv_piece_end, one thread after the other, cheaply;
// each piece is then read on its own by read_csv_piece, in any order; taken
// in order, the pieces give what CsvChunkReader::next gives, record for
// record and problem for problem, except that the caller counts the records
// against DataLimits::max_records itself.

// The end of the piece of `text` that starts at `from`, a record's start: just
// after the line break of the first record that ends at or beyond
// `from + at_least`, or text.size(). `text` is the file without its byte
// order mark. `lines` is advanced by the line breaks passed (CRLF, LF and a
// lone CR, inside quotes or not), so it holds the line the next piece starts
// on. Quotes are taken as the reader takes them: a double quote opens a
// quoted field only at a field's start (after blanks); inside one, "" is a
// quote and line breaks are text; elsewhere a quote is an ordinary character.
std::size_t csv_piece_end(std::string_view text, std::size_t from, std::size_t at_least, std::uint32_t& lines);

struct CsvPiece {
    // Its records that are kept and its problems, in row order (columns,
    // path, numbering and header_row those of the header).
    RawTable table;
    // Rows of the records read but not kept (too many fields, the header
    // again, full-width commas), each with its problem in table.problems.
    std::vector<std::uint32_t> unkept_rows;
    // A record over max_row_bytes starts on this line: the file is refused
    // there (row_too_long_message), and the piece ends before it.
    std::optional<std::uint32_t> too_long_row;
    // A quote never closed opened on this line: its problem is the piece's
    // last, and nothing after it is read.
    std::optional<std::uint32_t> unterminated_row;
};

// Reads `piece` (cut by csv_piece_end, starting on line `first_line`) as the
// records that follow `header` (CsvChunkReader::header()).
CsvPiece read_csv_piece(const RawTable& header, std::string_view piece, std::uint32_t first_line,
                        const DataLimits& limits = {});

// The one problem of a file refused for its number of records (the first
// record beyond max_records starts on `row`), or for a record over
// max_row_bytes starting on `row`.
std::string too_many_records_message(const DataLimits& limits, std::uint32_t row);
std::string row_too_long_message(const DataLimits& limits, std::uint32_t row);

}  // namespace rubric
