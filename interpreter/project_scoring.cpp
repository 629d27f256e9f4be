#include "interpreter/project_scoring.hpp"

#include <algorithm>
#include <numeric>

namespace rubric {
namespace {

const Decimal kCent = *Decimal::parse("0.01");
const Decimal kHundred = Decimal::from_int(100);

// Values here are small, so rounding to 0.01 always succeeds.
Decimal round2(Decimal x) { return *x.round(kCent, RoundingMode::half_up); }

template <class T>
Parsed<T> fail(std::string message) {
  return Parsed<T>{std::nullopt, std::move(message)};
}

Parsed<RowScore> outcome(bool met, Decimal score, std::string explanation,
                         std::vector<std::string> warnings = {}) {
  return Parsed<RowScore>{RowScore{met, score, std::move(explanation), std::move(warnings)}, {}};
}

bool holds(CompareOp op, Decimal actual, Decimal target) {
  switch (op) {
    case CompareOp::at_least: return actual >= target;
    case CompareOp::at_most: return actual <= target;
    case CompareOp::greater: return actual > target;
    case CompareOp::less: return actual < target;
    case CompareOp::equal: return actual == target;
  }
  return false;
}

// Units agree when equal or one is empty; a prefix is a warning, else a problem.
struct UnitCheck {
  bool ok = true;
  std::string message;
};

UnitCheck check_units(const std::string& target, const std::string& actual) {
  if (target == actual || target.empty() || actual.empty()) return {};
  const std::string text = "单位「" + target + "」与「" + actual + "」";
  if (target.starts_with(actual) || actual.starts_with(target)) return {true, text + "按数值比较"};
  return {false, text + "不一致"};
}

std::string value_text(const Quantity& q) {
  return q.percent ? q.value.to_string() + "%" : q.value.to_string();
}

// w × num ÷ den (num ≤ den for a missed row; clamped anyway), rounded to 0.01.
Parsed<RowScore> proportional(const std::string& head, const Quantity& num, const Quantity& den,
                              Decimal w, std::vector<std::string> warnings) {
  const Decimal raw = w * num.value / den.value;
  const Decimal score = round2(max(Decimal(), min(raw, w)));
  return outcome(false, score,
                 head + "：未达标，" + value_text(num) + " ÷ " + value_text(den) + " × " +
                     w.to_fixed(2) + " = " + score.to_fixed(2),
                 std::move(warnings));
}

Parsed<RowScore> score_comparison(const Target& t, const Actual& a, Decimal w) {
  if (a.kind != ActualKind::number)
    return fail<RowScore>("年度指标值「" + t.text + "」是数值，全年完成值「" + a.text + "」不是数值");
  if (t.quantity.percent != a.quantity.percent)
    return fail<RowScore>("年度指标值「" + t.text + "」与全年完成值「" + a.text + "」一个是百分比、一个不是");
  const UnitCheck units = check_units(t.quantity.unit, a.quantity.unit);
  if (!units.ok) return fail<RowScore>(units.message);
  std::vector<std::string> warnings;
  if (!units.message.empty()) warnings.push_back(units.message);
  const std::string head = "年度指标值 " + std::string(op_symbol(t.op)) + " " +
                           format_quantity(t.quantity) + "，全年完成值 " + format_quantity(a.quantity);
  if (holds(t.op, a.quantity.value, t.quantity.value))
    return outcome(true, w, head + "：达标，得 " + w.to_fixed(2), std::move(warnings));
  const bool positive = t.op == CompareOp::at_least || t.op == CompareOp::greater;
  const bool negative = t.op == CompareOp::at_most || t.op == CompareOp::less;
  if (positive && t.quantity.value.sign() > 0)
    return proportional(head, a.quantity, t.quantity, w, std::move(warnings));
  if (negative && a.quantity.value.sign() > 0)
    return proportional(head, t.quantity, a.quantity, w, std::move(warnings));
  return outcome(false, Decimal(), head + "：未达标，得 0.00", std::move(warnings));
}

Parsed<RowScore> score_qualitative(const Target& t, const Actual& a, Decimal w) {
  const bool full = a.kind == ActualKind::number && a.quantity.percent &&
                    a.quantity.value == kHundred && a.quantity.unit.empty();
  const std::string head = "年度指标值「" + t.text + "」（定性），全年完成值「" + a.text + "」";
  if (full) return outcome(true, w, head + "：达标，得 " + w.to_fixed(2));
  return outcome(false, Decimal(), head + "：未达标，得 0.00");
}

}  // namespace

std::vector<Decimal> split_cents(Decimal total, const std::vector<long long>& shares) {
  const long long cents = (total * kHundred).to_int().value_or(0);
  const long long sum = std::accumulate(shares.begin(), shares.end(), 0LL);
  std::vector<long long> part(shares.size(), 0), rest(shares.size(), 0);
  long long left = sum > 0 ? cents : 0;
  for (std::size_t i = 0; sum > 0 && i < shares.size(); ++i) {
    part[i] = cents * shares[i] / sum;
    rest[i] = cents * shares[i] % sum;
    left -= part[i];
  }
  std::vector<std::size_t> order(shares.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return rest[a] > rest[b]; });
  for (long long k = 0; k < left; ++k) ++part[order[static_cast<std::size_t>(k)]];
  std::vector<Decimal> out;
  for (long long p : part) out.push_back(*Decimal::from_parts(p, -2));
  return out;
}

Parsed<RowScore> score_row(const Target& target, const Actual& actual, Decimal weight) {
  if (target.kind == TargetKind::not_applicable) return fail<RowScore>("不适用的指标不计分");
  if (actual.kind == ActualKind::empty) return fail<RowScore>("全年完成值为空");
  if (target.text == actual.text)
    return outcome(true, weight, "年度指标值与全年完成值相同（" + target.text + "）：达标，得 " +
                                     weight.to_fixed(2));
  if (target.kind == TargetKind::qualitative) return score_qualitative(target, actual, weight);
  return score_comparison(target, actual, weight);
}

}  // namespace rubric
