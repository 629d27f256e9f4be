// Reading the 年度指标值 (target) and 全年完成值 (actual) cells of a project
// self-evaluation table (docs/design/project-self-evaluation.md §2.2).
//
// Normalisation before parsing: U+3000 becomes a space; full-width digits,
// "％", "．", "＞", "＜", "＝" become half-width; spaces are trimmed.
//
// Target grammar (the design's recommended reading):
//   "不适用"                               → not_applicable
//   op? QUANTITY suffix?                   → comparison; no op and no suffix → ≥
//   TEXT "为" QUANTITY                     → = (e.g. "…发生次数为 0")
//   anything else                          → qualitative (the text itself)
//   QUANTITY := NUMBER "%"? UNIT?   (spaces allowed between the parts)
//   NUMBER   := digits ("," 3 digits)* ("." digits)?   no sign, no exponent
//   UNIT     := characters other than digits, spaces, "," and "，"
//   op       := ≥ >= ≧ 不低于 不少于 至少 约 (→ ≥) | ≤ <= ≦ 不高于 不超过 不多于 至多 (→ ≤)
//             | > 超过 (→ >) | < 低于 (→ <) | = (→ =)
//   suffix   := 以上 (→ ≥) | 以下 以内 (→ ≤), taken off before UNIT is read.
// Choices where the design is open or silent:
//   * "约 N" reads as ≥ N (open question 8); "为 N" as = N.
//   * A word op not followed by a quantity ("超过预期") is qualitative text; a
//     symbol op (≥ ≤ > < = …) not followed by one is a problem.
//   * An op and a suffix together must agree ("不低于 5 次以上"); otherwise a
//     problem. The brief adds 以内 (→ ≤) to the design's 以上/以下.
//   * A "," is a thousands separator only between digits and followed by
//     exactly three digits and then no further digit.
//
// Actual grammar:
//   "" | "--"                              → empty (only valid on 不适用 rows)
//   QUANTITY (("，" | ",") TEXT)?          → number; the rest is commentary
//   anything else                          → text
//
// Problems are returned as values with a Chinese message; nothing throws.
// No floating point: numbers are rubric::Decimal.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "interpreter/decimal.hpp"

namespace rubric {

enum class TargetKind { comparison, qualitative, not_applicable };
enum class CompareOp { at_least, at_most, greater, less, equal };  // ≥ ≤ > < =

// A number as written in a cell: 95% is {95, percent}, "4027 万元" {4027, 万元}.
struct Quantity {
  Decimal value;
  bool percent = false;
  std::string unit;  // empty when none
};

struct Target {
  TargetKind kind = TargetKind::qualitative;
  std::string text;        // the normalised cell
  CompareOp op = CompareOp::at_least;  // comparison only
  Quantity quantity;                   // comparison only
  std::string op_word;     // op as written ("不低于", "以上", "为"); empty = implied ≥
};

enum class ActualKind { empty, number, text };

struct Actual {
  ActualKind kind = ActualKind::empty;
  std::string text;        // the normalised cell
  Quantity quantity;       // number only
  std::string commentary;  // number only: text after the leading value's comma
};

// Result of parsing one cell: the value, or a Chinese message.
template <class T>
struct Parsed {
  std::optional<T> value;
  std::string problem;  // set when value is empty
};

std::string normalize_cell(std::string_view text);
Parsed<Target> parse_target(std::string_view text);
Parsed<Actual> parse_actual(std::string_view text);

// "≥", "≤", ">", "<", "=".
std::string_view op_symbol(CompareOp op);
// "95%", "50 家", "4027 万元", "10".
std::string format_quantity(const Quantity& q);

}  // namespace rubric
