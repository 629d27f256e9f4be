// Scoring one row of a project self-evaluation table (项目支出绩效自评表):
// a 年度指标值 (target) against a 全年完成值 (actual), with the recommended
// rules of docs/design/project-self-evaluation.md §2.3, and the cent split
// used for row weights and 不适用 redistribution (§2.4, §2.5). The groups,
// weights and policies around it are interpreter/row_groups.hpp.
//
// Row evaluation order (§2.2): same normalised text → met; numeric target →
// the actual must be a number (an empty or text actual is a problem), percent
// must agree, units must be equal, one empty, or one a prefix of the other
// (prefix: warning; anything else: problem; open question 7); qualitative
// target → met only when the actual is a number 100% with no unit (open
// question 3: no list of achievement words); an empty actual is a problem too.
// Row score: met → weight; missed ≥/> → weight × actual ÷ target (0 when
// target ≤ 0); missed ≤/< → weight × target ÷ actual (0 when actual ≤ 0);
// missed = or qualitative → 0. Clamped to [0, weight], rounded half-up to
// 0.01. A missed > whose actual equals the target therefore scores the full
// weight. No overshoot deduction (open question 5); dates are not compared
// (open question 6). "约 N" reads as ≥ N, "…为 N" as = N (target_text.hpp).
// Only the leading value of an actual counts ("100%，…66.1%" is 100%).
// Problems (Chinese) are returned as values.
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

// One scored row (or its reading when the row is dropped).
struct RowScore {
  bool met = false;
  Decimal score;
  std::string explanation;  // one line, Chinese
  std::vector<std::string> warnings;
};

// `total` (a multiple of 0.01) split in proportion to `shares` (≥ 0, not all
// 0), each part floored to 0.01; the cents left go one each to the largest
// remainders, ties to the earlier part.
std::vector<Decimal> split_cents(Decimal total, const std::vector<long long>& shares);

// Scores one applicable row of the given weight (a multiple of 0.01).
Parsed<RowScore> score_row(const Target& target, const Actual& actual, Decimal weight);

}  // namespace rubric
