// Unit tests for interpreter/project_scoring.hpp (one row, and the cent split);
// whole tables are scored in tests/language/rows_test.cpp.
#include "interpreter/project_scoring.hpp"

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <utility>
#include <vector>


using namespace rubric;

namespace {

Decimal D(const char* text) { return *Decimal::parse(text); }

RowScore row(const std::string& target, const std::string& actual, const char* weight) {
  auto t = parse_target(target);
  auto a = parse_actual(actual);
  REQUIRE(t.value);
  REQUIRE(a.value);
  auto r = score_row(*t.value, *a.value, D(weight));
  REQUIRE_MESSAGE(r.value, r.problem);
  return *r.value;
}

std::string row_problem(const std::string& target, const std::string& actual) {
  auto r = score_row(*parse_target(target).value, *parse_actual(actual).value, D("10"));
  CHECK_FALSE(r.value);
  return r.problem;
}

std::vector<std::string> texts(const std::vector<Decimal>& values) {
  std::vector<std::string> out;
  for (const auto& v : values) out.push_back(v.to_fixed(2));
  return out;
}

}  // namespace

TEST_CASE("split_cents: largest remainder, ties to the earlier part") {
  using V = std::vector<std::string>;
  CHECK(texts(split_cents(D("50"), {1, 1, 1, 1, 1, 1})) == V{"8.34", "8.34", "8.33", "8.33", "8.33", "8.33"});
  CHECK(texts(split_cents(D("50"), {1, 1, 1})) == V{"16.67", "16.67", "16.66"});
  CHECK(texts(split_cents(D("56.25"), {1, 1, 1, 1})) == V{"14.07", "14.06", "14.06", "14.06"});
  CHECK(texts(split_cents(D("50"), {1, 1, 1, 1, 1, 1, 1})) ==
        V{"7.15", "7.15", "7.14", "7.14", "7.14", "7.14", "7.14"});
  CHECK(texts(split_cents(D("90"), {50, 30, 0})) == V{"56.25", "33.75", "0.00"});
  CHECK(texts(split_cents(D("90"), {50, 0, 10})) == V{"75.00", "0.00", "15.00"});
  // 90 × 50/70 = 64.2857…, 90 × 20/70 = 25.7142…: the cent goes to the larger remainder.
  CHECK(texts(split_cents(D("90"), {50, 0, 20})) == V{"64.29", "0.00", "25.71"});
  CHECK(texts(split_cents(D("1"), {1, 2})) == V{"0.33", "0.67"});
}

TEST_CASE("row: at least, met and missed") {
  RowScore r = row("50 家", "28 家", "8.33");
  CHECK_FALSE(r.met);
  CHECK(r.score == D("4.66"));
  CHECK(r.explanation == "年度指标值 ≥ 50 家，全年完成值 28 家：未达标，28 ÷ 50 × 8.33 = 4.66");

  r = row("50 家", "28 家", "10");
  CHECK(r.score == D("5.60"));

  r = row("95%", "90.92%", "8.33");  // 8.33 × 90.92 ÷ 95 = 7.972248…
  CHECK(r.score == D("7.97"));
  CHECK(r.explanation == "年度指标值 ≥ 95%，全年完成值 90.92%：未达标，90.92% ÷ 95% × 8.33 = 7.97");

  r = row("1000 份", "800 份", "14.06");  // 11.248 → 11.25
  CHECK(r.score == D("11.25"));

  r = row("4 次", "4", "14.07");
  CHECK(r.met);
  CHECK(r.score == D("14.07"));
  CHECK(r.explanation == "年度指标值 ≥ 4 次，全年完成值 4：达标，得 14.07");

  r = row("不低于 100 家", "120 家", "8.34");
  CHECK(r.met);
  CHECK(r.explanation == "年度指标值 ≥ 100 家，全年完成值 120 家：达标，得 8.34");
}

TEST_CASE("row: at most, greater, less") {
  RowScore r = row("≤ 10%", "12.5%", "14.06");  // 14.06 × 10 ÷ 12.5 = 11.248
  CHECK_FALSE(r.met);
  CHECK(r.score == D("11.25"));
  CHECK(r.explanation == "年度指标值 ≤ 10%，全年完成值 12.5%：未达标，10% ÷ 12.5% × 14.06 = 11.25");
  CHECK(row("不超过 5 天", "5 天", "10").met);
  CHECK(row("≤ 0", "3", "10").score == D("0"));  // 0 ÷ 3 × 10
  CHECK(row("< 5", "0", "10").met);
  CHECK(row("低于 2%", "3%", "9").score == D("6.00"));  // 9 × 2 ÷ 3
  // A missed > with actual equal to the target keeps the full weight.
  r = row("> 60%", "60%", "10");
  CHECK_FALSE(r.met);
  CHECK(r.score == D("10"));
  CHECK(r.explanation == "年度指标值 > 60%，全年完成值 60%：未达标，60% ÷ 60% × 10.00 = 10.00");
  CHECK(row("> 0", "0", "10").score == D("0"));  // target ≤ 0
}

TEST_CASE("row: equal, qualitative, same text") {
  RowScore r = row("安全事故发生次数为 0", "1", "11.25");
  CHECK_FALSE(r.met);
  CHECK(r.score == D("0"));
  CHECK(r.explanation == "年度指标值 = 0，全年完成值 1：未达标，得 0.00");
  r = row("系统性、区域性风险发生次数为 0", "0", "10");
  CHECK(r.met);
  CHECK(r.score == D("10"));

  r = row("有效", "100%", "7.5");
  CHECK(r.met);
  CHECK(r.score == D("7.5"));
  CHECK(r.explanation == "年度指标值「有效」（定性），全年完成值「100%」：达标，得 7.50");
  r = row("有效", "部分有效", "11.25");
  CHECK_FALSE(r.met);
  CHECK(r.score == D("0"));
  CHECK(r.explanation == "年度指标值「有效」（定性），全年完成值「部分有效」：未达标，得 0.00");
  CHECK_FALSE(row("有效", "90%", "10").met);   // only 100% counts
  CHECK_FALSE(row("有效", "100 家", "10").met);

  r = row("2021 年 6 月", "2021 年 6 月", "14.06");
  CHECK(r.met);
  CHECK(r.explanation == "年度指标值与全年完成值相同（2021 年 6 月）：达标，得 14.06");
  CHECK(row("2020 年内", "2020 年内", "8.33").met);
  CHECK_FALSE(row("2020 年 9 月", "2020 年 10 月", "10").met);
}

TEST_CASE("row: units and percent") {
  RowScore r = row("不低于 3000 万", "4027 万元", "7.5");
  CHECK(r.met);
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0] == "单位「万」与「万元」按数值比较");
  CHECK(row("80 家", "80 家/次", "7.15").met);
  CHECK(row("4 次", "4", "10").warnings.empty());
  CHECK(row_problem("4 次", "4 家") == "单位「次」与「家」不一致");
  CHECK(row_problem("95%", "90.92") == "年度指标值「95%」与全年完成值「90.92」一个是百分比、一个不是");
  CHECK(row_problem("50 家", "很多") == "年度指标值「50 家」是数值，全年完成值「很多」不是数值");
  CHECK(row_problem("50 家", "--") == "全年完成值为空");
  CHECK(row_problem("有效", "") == "全年完成值为空");
}
