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
#include <memory>
#include <string>
#include <string_view>

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
    // A limit refused the file (the last chunk's one problem says which): the
    // chunks before it are not the whole file.
    bool refused() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace rubric
