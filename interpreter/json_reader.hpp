// JSON to RawTable.
//
// Accepted shapes:
//   (a) a top-level array of objects  -> row = 1-based index of the element
//   (b) a single top-level object     -> one record, row 1
//   (c) JSON Lines, one object a line -> row = physical line; blank lines are
//       skipped, a bad line is reported and the other lines are still read.
// (c) is chosen when the whole text is not one JSON value and one of its first
// two non-blank lines is a complete JSON value on its own.
// RawTable::numbering tells which numbering applies.
//
// Columns are the union of keys, in order of first appearance. Values:
// strings as is; numbers keep their exact source text ("84153.30", "1e3",
// "12345678901234567890123"; the one exception is "-0", which reads as "0");
// true/false -> "true"/"false"; null -> nullopt (as if absent).
// An array/object as a value, an empty key or a repeated key is reported and
// that cell becomes nullopt; an array element that is not an object is
// reported and skipped. A syntax error is reported with line and column;
// records completed before it are kept.
//
// Limits (DataLimits, datafiles/data_limits.hpp): a value over
// max_field_bytes is reported and becomes nullopt; JSON nested deeper than
// max_json_depth, more than max_records records, records with more than
// max_columns distinct keys, a JSON Lines line over max_row_bytes or a key
// over max_field_bytes refuses the file (no columns, no records, one
// problem with row 0 naming where). The parser (nlohmann's SAX) is not
// recursive, so no depth can exhaust the stack.
#pragma once

#include <string>
#include <string_view>

#include "interpreter/datafiles/data_limits.hpp"
#include "interpreter/table.hpp"

namespace rubric {

// Parses `bytes`; `path_for_messages` only labels the table and its problems.
RawTable read_json(std::string path_for_messages, std::string_view bytes, const DataLimits& limits = {});

// Reads the file (O_RDONLY) then parses it; an unreadable file becomes a
// problem with row 0.
RawTable read_json_file(const std::string& path, const DataLimits& limits = {});

}  // namespace rubric
