// Reading a data file of any supported format into a RawTable, chosen by the
// file's extension (case-insensitive):
//   .xlsx, .xlsm     -> the workbook (xlsx_reader.hpp): options.sheet, or the
//                       first worksheet; options.encoding does not apply
//   .json, .jsonl    -> JSON / JSON Lines (json_reader.hpp), after decoding
//   .xls             -> a problem: the old binary format is not read
//   anything else    -> CSV (csv_reader.hpp), after decoding
// Decoding (text_encoding.hpp): UTF-8 with or without BOM, or GB18030 (GBK,
// GB2312), detected automatically or as forced by options.encoding; a
// problem about the encoding comes first in RawTable::problems.
// All readers give the same cells and row numbers for the same data, and
// report problems as values (never exceptions); files are opened read-only.
#pragma once

#include <string>

#include "interpreter/datafiles/data_limits.hpp"
#include "interpreter/datafiles/text_encoding.hpp"
#include "interpreter/table.hpp"

namespace rubric {

struct TableReadOptions {
  TextEncoding encoding = TextEncoding::automatic;
  std::string sheet;  // xlsx: sheet name; empty = first sheet
  // How large the data may be (data_limits.hpp); a workbook is held to
  // max_records, max_columns and max_field_bytes as well as to its own limits.
  DataLimits limits;
};

RawTable read_table_file(const std::string& path, const TableReadOptions& options = {});

}  // namespace rubric
