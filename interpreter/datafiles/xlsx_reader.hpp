// .xlsx workbooks to RawTable, read with libzip (ooxml_package.hpp) and expat
// (xml_stream.hpp); the result matches what the CSV reader gives for a CSV
// of the same sheet, so binding is unchanged.
//
// Parts: _rels/.rels (the workbook part, normally xl/workbook.xml), the
// workbook (sheet names -> r:id), its .rels (r:id -> part), the shared
// strings (plain and rich text runs <r><t>; phonetic runs <rPh> are left
// out), the styles (only to tell percent formats) and the chosen sheet.
//
// The sheet: `sheet_name` (exactly; hidden sheets too), or when empty the
// first visible worksheet in the workbook's tab order (chart sheets and
// hidden sheets are skipped; if every worksheet is hidden, the first one).
//  - Row numbers are the sheet's own (<row r>), so "第 N 行" is the row the
//    user sees in Excel. The first row with any content is the header; the
//    table's columns run from its first to its last non-empty cell (normally
//    from column A). Rows with no content are skipped, as blank CSV lines are.
//  - Missing cells are "" (as in Excel's CSV export), never nullopt.
//  - Text (shared, inline, formula results) is taken as stored, _xHHHH_
//    escapes decoded, line breaks made "\n", blanks (ASCII space/tab,
//    U+3000) trimmed at both ends as the CSV reader trims unquoted fields.
//  - Numbers keep the exact text of <v> ("84153.3": Excel stores the
//    shortest text of the double, so "84153.30" typed in a number cell comes
//    back as "84153.3"; no binary floating point is involved). A number cell
//    with a percent format (builtin 0% / 0.00% or any format with '%') comes
//    through as its value × 100 followed by '%', shifted in decimal text
//    ("0.195" -> "19.5%"), as it shows in Excel and as a CSV export writes
//    it — otherwise 19.5% would bind as 0.195%. Trailing zeros of the display
//    format are not kept ("19.50%" -> "19.5%").
//  - Dates and times are numbers with a date format in Excel: they come
//    through as the serial number text ("45292"), with no conversion.
//  - Booleans -> "true" / "false". Formula cells give their cached value.
//  - An error cell (#DIV/0!, #N/A, …) is a problem, its cell nullopt:
//      "第 5 行「金额」字段（B5 单元格）是 Excel 错误值 #DIV/0!"
//  - A cell outside the header's columns with content drops its row:
//      "第 7 行 F 列（F7 单元格）有内容，但表头只有 A 列至 D 列，该行未读取"
//  - Header problems: "表头 C 列的列名为空", "表头中列名「X」重复（A 列和 C 列）".
// Limits (XlsxLimits; zip bombs and the like): a part over 200 MiB
// uncompressed, a sheet with more than 1,048,576 <row> elements, a row
// number or cell reference beyond Excel's limits (row 1,048,576, column
// XFD), more than 16,384 cells in a row, more than 100,000 cell formats,
// more than 5,000,000 shared strings, a table of more than 4,000,000 cells
// (records × columns; each costs memory even when empty) or of more than
// 200 MiB of cell text (a shared string counts at every use): the workbook
// is refused with one problem and no records.
// Problems of the file as a whole (not a zip, no such sheet, damaged part)
// have row 0; the file is only ever opened read-only.
#pragma once

#include <cstdint>
#include <string>

#include "interpreter/table.hpp"

namespace rubric {

struct XlsxLimits {
  uint64_t max_part_bytes = 200ull * 1024 * 1024;
  uint32_t max_rows = 1048576;
  uint64_t max_shared_strings = 5'000'000;
  uint64_t max_cells = 4'000'000;
  uint64_t max_text_bytes = 200ull * 1024 * 1024;  // all cell text, shared strings counted at each use
};

RawTable read_xlsx_file(const std::string& path, const std::string& sheet_name = "", const XlsxLimits& limits = {});

}  // namespace rubric
