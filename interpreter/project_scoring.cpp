#include "interpreter/project_scoring.hpp"

#include <algorithm>
#include <numeric>

namespace rubric {
namespace {

const Decimal kCent = *Decimal::parse("0.01");
const Decimal kHundred = Decimal::from_int(100);

// Values here are small, so rounding to 0.01 always succeeds.
Decimal round2(Decimal x) { return *x.round(kCent, RoundingMode::half_up); }

constexpr std::array<Category, 3> kCategories{Category::output, Category::benefit,
                                               Category::satisfaction};

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

std::string row_label(const ProjectRow& row, std::size_t index) {
  const std::string where = row.line ? "第 " + std::to_string(row.line) + " 行"
                                     : "第 " + std::to_string(index + 1) + " 条指标";
  return where + "「" + row.name + "」：";
}

// Reads one row's cells; problems are appended with the row's label.
std::optional<RowResult> read_row(const ProjectRow& row, std::size_t index,
                                  std::vector<std::string>& problems) {
  const std::string label = row_label(row, index);
  const auto category = parse_category(row.category);
  auto target = parse_target(row.target);
  auto actual = parse_actual(row.actual);
  if (!category)
    problems.push_back(label + "一级指标「" + row.category + "」应为 产出指标、效益指标、满意度指标 之一");
  if (!target.value) problems.push_back(label + target.problem);
  if (!actual.value) problems.push_back(label + actual.problem);
  if (!category || !target.value || !actual.value) return std::nullopt;
  RowResult r;
  r.category = *category;
  r.name = row.name;
  r.target = std::move(*target.value);
  r.actual = std::move(*actual.value);
  r.applicable = r.target.kind != TargetKind::not_applicable;
  if (!r.applicable) r.result.explanation = "不适用，不计分";
  return r;
}

// Category points after moving the points of entirely 不适用 categories.
void assign_category_points(ProjectScore& s) {
  std::vector<long long> shares;
  for (const auto& c : s.categories)
    shares.push_back(c.applicable_rows ? *category_base_points(c.category).to_int() : 0);
  const auto points = split_cents(Decimal::from_int(90), shares);
  for (std::size_t i = 0; i < points.size(); ++i) s.categories[i].points = points[i];
}

void assign_row_weights(ProjectScore& s) {
  for (auto& c : s.categories) {
    std::vector<RowResult*> rows;
    for (auto& r : s.rows)
      if (r.applicable && r.category == c.category) rows.push_back(&r);
    if (rows.empty()) continue;
    const auto weights = split_cents(c.points, std::vector<long long>(rows.size(), 1));
    for (std::size_t i = 0; i < rows.size(); ++i) rows[i]->weight = weights[i];
  }
}

void check_categories(const ProjectScore& s, std::vector<std::string>& problems) {
  std::size_t applicable = 0;
  for (const auto& c : s.categories) {
    applicable += c.applicable_rows;
    if (c.rows == 0)
      problems.push_back("缺少一级指标「" + std::string(category_name(c.category)) + "」的行");
  }
  if (applicable == 0 && !s.rows.empty()) problems.push_back("所有绩效指标均为不适用，无法评分");
}

void score_execution(const ProjectInput& in, ProjectScore& s, std::vector<std::string>& problems) {
  if (in.budget.sign() <= 0) problems.push_back("预算数应大于 0，实为 " + in.budget.to_string());
  if (in.executed.sign() < 0) problems.push_back("全年执行数不应为负，实为 " + in.executed.to_string());
  if (!problems.empty()) return;
  s.execution_rate = *(in.executed / in.budget).round(*Decimal::parse("0.0001"), RoundingMode::half_up);
  s.execution_score = round2(min(s.execution_rate, Decimal::from_int(1)) * Decimal::from_int(10));
}

}  // namespace

std::optional<Category> parse_category(std::string_view text) {
  const std::string t = normalize_cell(text);
  for (Category c : kCategories) {
    const std::string_view name = category_name(c);
    if (t == name || t + "指标" == name) return c;
  }
  return std::nullopt;
}

std::string_view category_name(Category c) {
  switch (c) {
    case Category::output: return "产出指标";
    case Category::benefit: return "效益指标";
    case Category::satisfaction: return "满意度指标";
  }
  return "?";
}

Decimal category_base_points(Category c) {
  switch (c) {
    case Category::output: return Decimal::from_int(50);
    case Category::benefit: return Decimal::from_int(30);
    case Category::satisfaction: return Decimal::from_int(10);
  }
  return Decimal();
}

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

ProjectScoreResult score_project(const ProjectInput& input) {
  ProjectScore s;
  std::vector<std::string> problems;
  score_execution(input, s, problems);
  for (std::size_t i = 0; i < input.rows.size(); ++i)
    if (auto r = read_row(input.rows[i], i, problems)) s.rows.push_back(std::move(*r));
  if (!problems.empty()) return {std::nullopt, std::move(problems)};
  for (std::size_t i = 0; i < 3; ++i) s.categories[i].category = kCategories[i];
  for (const auto& r : s.rows) {
    auto& c = s.categories[static_cast<std::size_t>(r.category)];
    ++c.rows;
    if (r.applicable) ++c.applicable_rows;
  }
  check_categories(s, problems);
  if (!problems.empty()) return {std::nullopt, std::move(problems)};
  assign_category_points(s);
  assign_row_weights(s);
  s.total = s.execution_score;
  for (std::size_t i = 0; i < s.rows.size(); ++i) {
    RowResult& r = s.rows[i];
    const std::string label = row_label(input.rows[i], i);
    if (!r.applicable) {
      if (r.actual.kind != ActualKind::empty)
        s.warnings.push_back(label + "不适用的指标有全年完成值「" + r.actual.text + "」");
      continue;
    }
    auto scored = score_row(r.target, r.actual, r.weight);
    if (!scored.value) {
      problems.push_back(label + scored.problem);
      continue;
    }
    r.result = std::move(*scored.value);
    for (const auto& w : r.result.warnings) s.warnings.push_back(label + w);
    Decimal& subtotal = s.categories[static_cast<std::size_t>(r.category)].subtotal;
    subtotal = subtotal + r.result.score;
    s.total = s.total + r.result.score;
  }
  if (!problems.empty()) return {std::nullopt, std::move(problems)};
  return {std::move(s), {}};
}

}  // namespace rubric
