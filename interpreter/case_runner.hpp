// Rubric tests: a ruleset's cases, kept beside it as rulesets/NAME.cases.csv,
// in a table that policy staff edit in Excel (docs/rubric-tests.md).
//
// One case per row. Columns:
//  - 用例 (optional): the case's name; empty or absent → "第 N 行".
//  - every input of the ruleset, named as in its data template; they are
//    bound by RecordBinder exactly as `rubric eval` binds a data file.
//  - 期望:X (ASCII ':' or full-width '：'), where X is
//      an indicator of any level 1–3 (a third-level score, or a 一级/二级
//      subtotal), 总分, 等级, or 错误.
//    An empty cell is not checked. Numbers compare as exact decimals
//    (5.78 == 5.780, "96.40" == 96.4); 等级 compares as text (trimmed).
//    期望:错误 means the record must be rejected (by a bad cell, a broken
//    constraint or an arithmetic error) and the text must appear in one of
//    its problem messages.
//
// Problems with the file itself (unreadable file, reader problems of rows
// that are not cases, unknown 期望 columns — with a did-you-mean —, input
// columns the ruleset does not have or lacks, a file without cases) are
// CaseReport::problems; they make the report fail (CaseReport::ok()).
// Problems of one row (a bad input cell, a malformed expected number, an
// unexpected rejection) make that case fail.
//
// Everything is deterministic: cases in file order, checks in column order.
#pragma once

#include "interpreter/program.hpp"
#include "interpreter/table.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace rubric {

struct CaseCheck {
    std::string what;      // the indicator's name, 总分, 等级 or 错误
    std::string expected;  // the cell as written (trimmed)
    std::string actual;    // the score as `rubric eval` prints it; for 错误, what happened instead
};

struct CaseResult {
    std::string name;    // 用例, or "第 N 行"
    uint32_t row = 0;    // the row in the cases file (RawRecord::row)
    bool passed = false;
    bool rejected = false;  // the record was rejected and no 期望:错误 expected it; problems say why
    std::vector<CaseCheck> failures;    // in column order
    std::vector<std::string> problems;  // why the record was rejected when unexpected, cells of the row that could not be read; no row prefix
    std::string explain;                // explain lines of the indicators (and total) that differ
};

struct CaseReport {
    std::vector<CaseResult> cases;   // in file order
    size_t passed = 0, failed = 0;
    std::vector<ReadProblem> problems;  // file-level
    bool ok() const { return failed == 0 && problems.empty(); }
};

// Runs every row of `cases` (read with read_csv_file) against `program`.
CaseReport run_cases(const Program& program, const RawTable& cases);

// "rulesets/x.rubric" → "rulesets/x.cases.csv"; a path without the .rubric
// extension gets ".cases.csv" appended.
std::string cases_path_for(const std::string& ruleset_path);

// The report for a terminal, in Chinese:
//   rulesets/x.cases.csv：3 个用例，2 个通过，1 个失败
//   ✓ 用例「公开记录」（第 2 行）
//   ✗ 用例「…」（第 4 行）
//       预算执行率：期望 5.78，实际 5.77
//       【部门绩效 / 效率性 / 预算执行率】（6 分）得分 5.77
//         …
std::string format_case_report(const Program& program, const std::string& cases_path, const CaseReport& report);

}  // namespace rubric
