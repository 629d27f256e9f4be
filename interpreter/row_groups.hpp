// Lists of rows (明细) and the groups that score them row by row (逐行).
//
// A project self-evaluation record carries a variable number of indicator
// rows (target against actual). The ruleset declares the row fields once
// (明细 绩效指标 { … }) and, inside a 一级 or 二级 group, which rows that group
// scores (逐行 绩效指标 其中 “一级指标” = 产出指标：对标 全年完成值 达到 年度指标值).
// Rows do not fit the flat graph, whose shape is fixed at compile time, so
// they are scored in a stage before it (score_row_groups); each group's
// subtotal then enters the graph as one value (Op::row_subtotal) and adds up
// with the rest of the tree like any indicator.
//
// Scoring (docs/language.md §17, docs/design/project-self-evaluation.md §2):
//  * A row whose 年度指标值 reads 不适用 is dropped before weights are split.
//  * A group's points are split equally over its applicable rows to 0.01 by
//    largest remainder, the leftover cents to the earliest rows.
//  * A group whose rows are all 不适用 follows the ruleset's 不适用 policy:
//    并入 (its points go to the other groups of the pool in proportion to
//    their points, to 0.01 by largest remainder), 得满分, 不得分; without a
//    policy the record is rejected.
//  * Each row: score_row (interpreter/project_scoring.hpp), or 0 for a miss
//    under 未达标不得分. Row scores are at 0.01.
// Problems (a row no group takes, a group without rows, an unreadable
// target, a numeric target with a text actual…) reject the record; each
// names the row file and line.
#pragma once

#include "interpreter/decimal.hpp"
#include "interpreter/source.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace rubric {

struct Record;

enum class RowFieldKind : unsigned char {
    enumeration,   // 枚举 {…}: one of `values`
    text,          // 文本: shown, compared in 其中, never computed
    target_value,  // 指标值: a target or actual cell, read by target_text.hpp
};

struct RowField {
    std::string name;
    RowFieldKind kind = RowFieldKind::text;
    std::vector<std::string> values;  // enumeration
    bool optional = false;            // ，可空
    Span span;
};

// 明细 NAME { fields }
struct DetailSpec {
    std::string name;
    std::vector<RowField> fields;
    int label_field = -1;   // “三级指标”: names the row in traces and output
    int group_field = -1;   // “二级指标”: the middle part of the row's path
    Span span;
};

// One row as read from a row file: one cell per DetailSpec field (trimmed).
struct DetailRow {
    std::vector<std::string> cells;
    std::string source;  // file
    uint32_t line = 0;   // line (CSV) or record number (JSON) there
};

// 其中 FIELD = VALUE (or ≠), all joined by 且.
struct RowCondition {
    uint32_t field = 0;
    bool equal = true;
    std::string value;
};

enum class NotApplicablePolicy : unsigned char { reject, merge, full, zero };

// One 逐行: the group it fills and how it scores its rows.
struct RowGroup {
    int indicator = -1;  // Program::indicators() index of the group
    std::vector<RowCondition> filter;
    std::string filter_text;  // as written, for messages
    uint32_t actual_field = 0, target_field = 0;
    bool unmet_zero = false;  // ，未达标不得分
    bool in_pool = false;     // named by 不适用 并入
};

// How one row scored (or why it was dropped), for traces and output.
struct RowOutcome {
    uint32_t row = 0;     // index into Record::rows
    int group = -1;       // index into the Program's row groups
    bool applicable = false;
    bool met = false;
    Decimal weight, score;
    std::string name;      // its “三级指标” cell (or "第 N 行" when the 明细 has none)
    std::string subgroup;  // its “二级指标” cell, when the 明细 has one
    std::string place;     // "examples/projects/qita-zhizaoye.csv 第 6 行"
    std::string target, actual;  // the two cells compared
    std::string reading;   // one line: the comparison made and its result
    std::vector<std::string> warnings;
};

struct RowGroupTotals {
    Decimal points;       // after 不适用 redistribution
    Decimal subtotal;
    uint32_t rows = 0, applicable = 0;
    std::string note;     // the redistribution, when one happened
};

struct RowStage {
    std::vector<RowOutcome> rows;          // in row order
    std::vector<RowGroupTotals> groups;    // per row group
    std::vector<std::string> problems;     // non-empty: the record is rejected
};

struct RowProgram {
    DetailSpec detail;
    std::vector<RowGroup> groups;
    NotApplicablePolicy policy = NotApplicablePolicy::reject;
    std::vector<Decimal> group_points;       // the points each group's indicator is written with
    std::vector<std::string> group_names;    // 一级指标「产出指标」, for messages
    std::vector<std::string> group_labels;   // 产出指标, for traces
};

// Scores every row group of `program` against `record.rows`, into `stage`.
void score_row_groups(const RowProgram& program, const Record& record, RowStage& stage);

// "examples/projects/qita-zhizaoye.csv 第 6 行"
std::string row_place(const DetailRow& row);

}  // namespace rubric
