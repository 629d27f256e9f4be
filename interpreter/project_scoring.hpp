// Scoring one project self-evaluation table (项目支出绩效自评表) with the
// recommended rules of docs/design/project-self-evaluation.md (§2).
//
// Rules implemented:
//  * 预算执行率 (10): rate = B ÷ A rounded half-up to 0.01% (0.0001); score =
//    min(rate, 1) × 10 rounded half-up to 0.01 (§2.6). A ≤ 0 or B < 0 is a
//    problem. B > A scores 10 (open question 9: capped, not a defect).
//  * 一级 categories 产出 50, 效益 30, 满意度 10. 二级 labels are ignored: flat
//    split (open question 4).
//  * 不适用 rows are dropped; a non-empty actual on one is a warning. A
//    category whose rows are all 不适用 gives its points to the others in
//    proportion (reading R, open question 1): the 90 points are split over
//    the remaining categories by their base points, to 0.01 by largest
//    remainder, ties to the earlier category (产出, 效益, 满意度).
//  * A category with no rows at all, or every category 不适用, is a problem.
//  * Row weights: the category's points split equally over its applicable
//    rows to 0.01; leftover cents one each to the earliest rows (largest
//    remainder with equal remainders, open question 2).
//  * Row evaluation order (§2.2): same normalised text → met; numeric target
//    → the actual must be a number (an empty or text actual is a problem),
//    percent must agree, units must be equal, one empty, or one a prefix of
//    the other (prefix: warning; anything else: problem; open question 7);
//    qualitative target → met only when the actual is a number 100% with no
//    unit (open question 3: no list of achievement words); an empty actual
//    is a problem there too.
//  * Row score: met → weight; missed ≥/> → weight × actual ÷ target (0 when
//    target ≤ 0); missed ≤/< → weight × target ÷ actual (0 when actual ≤ 0);
//    missed = or qualitative → 0 (no evaluator judgment, open question 3).
//    Clamped to [0, weight], rounded half-up to 0.01. A missed > whose actual
//    equals the target therefore scores the full weight. No overshoot
//    deduction (open question 5). Dates are not compared (open question 6).
//  * "约 N" reads as ≥ N, "…为 N" as = N (open question 8; target_text.hpp).
//  * Only the leading value of an actual counts ("100%，…66.1%" is 100%):
//    reading A of line 930 (open question 10).
//  * Subtotal = sum of row scores; total = 预算执行率 score + subtotals.
// Problems (Chinese) are returned as values; when there is any, no score.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "interpreter/decimal.hpp"
#include "interpreter/target_text.hpp"

namespace rubric {

enum class Category { output, benefit, satisfaction };  // 产出 效益 满意度

// "产出指标" or "产出" (etc.); nullopt otherwise.
std::optional<Category> parse_category(std::string_view text);
std::string_view category_name(Category c);  // "产出指标"
Decimal category_base_points(Category c);     // 50, 30, 10

struct ProjectRow {
  std::string category;  // 一级指标 as printed
  std::string name;      // 三级指标
  std::string target;    // 年度指标值
  std::string actual;    // 全年完成值
  std::uint32_t line = 0;  // source line for messages; 0 = use the position
};

struct ProjectInput {
  Decimal budget;    // 预算数 A
  Decimal executed;  // 全年执行数 B
  std::vector<ProjectRow> rows;  // in table order
};

// One scored row (or its reading when the row is dropped).
struct RowScore {
  bool met = false;
  Decimal score;
  std::string explanation;  // one line, Chinese
  std::vector<std::string> warnings;
};

struct RowResult {
  Category category = Category::output;
  std::string name;
  Target target;
  Actual actual;
  bool applicable = false;  // false: 不适用, dropped
  Decimal weight;           // 0 when dropped
  RowScore result;          // score 0 and "不适用" explanation when dropped
};

struct CategoryResult {
  Category category = Category::output;
  Decimal points;           // after redistribution; 0 when entirely 不适用
  std::size_t rows = 0;
  std::size_t applicable_rows = 0;
  Decimal subtotal;
};

struct ProjectScore {
  Decimal execution_rate;   // B ÷ A to 0.0001
  Decimal execution_score;  // out of 10
  std::vector<RowResult> rows;
  std::array<CategoryResult, 3> categories;  // 产出, 效益, 满意度
  Decimal total;
  std::vector<std::string> warnings;
};

struct ProjectScoreResult {
  std::optional<ProjectScore> score;
  std::vector<std::string> problems;  // non-empty exactly when score is empty
};

// `total` (a multiple of 0.01) split in proportion to `shares` (≥ 0, not all
// 0), each part floored to 0.01; the cents left go one each to the largest
// remainders, ties to the earlier part.
std::vector<Decimal> split_cents(Decimal total, const std::vector<long long>& shares);

// Scores one applicable row of the given weight (a multiple of 0.01).
Parsed<RowScore> score_row(const Target& target, const Actual& actual, Decimal weight);

ProjectScoreResult score_project(const ProjectInput& input);

}  // namespace rubric
