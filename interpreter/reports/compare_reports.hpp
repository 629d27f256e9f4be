// The `rubric compare` report formats for people who do not read terminals:
// an Excel workbook and a self-contained HTML page (issue 6, item 4). The
// data comes from compare_rulesets() (interpreter/compare.hpp); the table,
// CSV and JSON formats live there.
#pragma once

#include "interpreter/compare.hpp"

#include <optional>
#include <string>

namespace rubric {

// Writes the comparison as an .xlsx workbook with three sheets:
//   汇总      the two rulesets (name and title), record counts (读取、比较、
//             有误、变化、等级变化), mean/min/max change of the total, the grade
//             transition matrix (原等级 down, 新等级 across), the records that
//             moved most and the list of rule edits;
//   逐条记录  one row per record, in report.records order: 来源文件, 行, 主键,
//             原总分, 新总分, 变化, 原等级, 新等级, 变化的指标, 原因;
//   指标变化  one row per record × changed indicator: 主键, 指标路径, 原得分,
//             新得分, 变化, 原因, 相关改动.
// Scores and changes are numeric cells (the exact decimal is converted to a
// double only here, because Excel stores doubles) with number formats; the
// header rows are frozen; changed totals and changed grades are highlighted.
// The workbook is written to a temporary file beside `path`
// (".NAME.tmp-PID-N.xlsx") and renamed over `path` only when complete; on
// failure the temporary file is removed and an existing `path` is untouched.
// Returns nullopt on success, otherwise a Chinese message naming the path.
std::optional<std::string> write_compare_xlsx(const CompareReport& report, const std::string& path);

// The comparison as one HTML document that works offline (file://): no
// external URLs; CSS, SVG and JS are inline. Sections: title with both
// rulesets, summary numbers, the grade transition matrix
// (table#transition-matrix, each count in a td with data-old/data-new), a
// histogram of the change of the total (svg#delta-chart, drawn by the inline
// script from the JSON block script#report-data; each bar a rect.bar with
// data-count; the script sets body[data-rendered="yes"] when done), the rule
// edits, the records that moved most, every record (a <details> per record
// that opens on the indicators that changed, with old and new score, change,
// reason and related edits) and the bad records.
// Deterministic: the same report gives the same bytes.
std::string format_compare_html(const CompareReport& report);

}  // namespace rubric
