// Unit tests for interpreter/project_scoring.hpp, with the hand-computed
// scores of docs/design/project-self-evaluation.md §3.
#include "interpreter/project_scoring.hpp"

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "interpreter/csv_reader.hpp"

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

std::string cell(const RawTable& t, const RawRecord& r, const char* column) {
  const auto i = t.column_index(column);
  REQUIRE(i);
  return r.cells[*i].value_or("");
}

Decimal amount(const std::string& text) {
  auto a = parse_actual(text);
  REQUIRE(a.value);
  REQUIRE(a.value->kind == ActualKind::number);
  return a.value->quantity.value;
}

const std::string kProjects = std::string(RUBRIC_SOURCE_DIR) + "/examples/projects/";

ProjectInput shipped_project(const std::string& file, const std::string& name) {
  const RawTable projects = read_csv_file(kProjects + "projects.csv");
  REQUIRE(projects.problems.empty());
  ProjectInput in;
  bool found = false;
  for (const auto& r : projects.records) {
    if (cell(projects, r, "项目") != name) continue;
    in.budget = amount(cell(projects, r, "预算数"));
    in.executed = amount(cell(projects, r, "全年执行数"));
    found = true;
  }
  REQUIRE(found);
  const RawTable rows = read_csv_file(kProjects + file);
  REQUIRE(rows.problems.empty());
  for (const auto& r : rows.records) {
    CHECK(cell(rows, r, "项目") == name);
    in.rows.push_back({cell(rows, r, "一级指标"), cell(rows, r, "三级指标"),
                       cell(rows, r, "年度指标值"), cell(rows, r, "全年完成值"), r.row});
  }
  return in;
}

ProjectScore score(const ProjectInput& in) {
  auto result = score_project(in);
  for (const auto& p : result.problems) MESSAGE(p);
  REQUIRE(result.score);
  return *result.score;
}

std::vector<std::string> subtotals(const ProjectScore& s) {
  std::vector<std::string> out;
  for (const auto& c : s.categories) out.push_back(c.subtotal.to_fixed(2));
  return out;
}

std::vector<std::string> weights(const ProjectScore& s) {
  std::vector<std::string> out;
  for (const auto& r : s.rows) out.push_back(r.applicable ? r.weight.to_fixed(2) : "-");
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

TEST_CASE("project: the nine shipped tables of seed 001") {
  struct Expected {
    const char* file;
    const char* name;
    const char* rate;
    const char* execution;
    std::vector<std::string> subtotals;
    const char* total;
  };
  const std::vector<Expected> cases{
      {"yiban-xingzheng-guanli.csv", "一般行政管理事务", "0.9238", "9.24", {"56.25", "33.75", "0.00"}, "99.24"},
      {"qita-shangmao.csv", "其他商贸事务支出", "0.8071", "8.07", {"50.00", "25.60", "10.00"}, "93.67"},
      {"nengyuan-jieyue.csv", "能源节约利用", "0.78", "7.80", {"50.00", "30.00", "10.00"}, "97.80"},
      {"qita-fupin.csv", "其他扶贫支出", "0.9999", "10.00", {"50.00", "30.00", "10.00"}, "100.00"},
      {"qita-zhizaoye.csv", "其他制造业支出", "0.9915", "9.92", {"49.64", "30.00", "10.00"}, "99.56"},
      {"peixun.csv", "培训支出", "0.977", "9.77", {"75.00", "0.00", "15.00"}, "99.77"},
      {"gongye-xinxi-chanye.csv", "工业和信息产业支持", "0.9817", "9.82", {"50.00", "30.00", "10.00"}, "99.82"},
      {"anquan-jianguan.csv", "安全监管", "0.9887", "9.89", {"50.00", "30.00", "10.00"}, "99.89"},
      {"kangyi-guozhai.csv", "抗疫特别国债支出", "1", "10.00", {"50.00", "30.00", "10.00"}, "100.00"},
  };
  for (const auto& e : cases) {
    CAPTURE(e.name);
    const ProjectScore s = score(shipped_project(e.file, e.name));
    CHECK(s.execution_rate == D(e.rate));
    CHECK(s.execution_score.to_fixed(2) == e.execution);
    CHECK(subtotals(s) == e.subtotals);
    CHECK(s.total.to_fixed(2) == e.total);
  }
}

TEST_CASE("project: row weights and readings of the shipped tables") {
  using V = std::vector<std::string>;
  ProjectScore s = score(shipped_project("yiban-xingzheng-guanli.csv", "一般行政管理事务"));
  CHECK(weights(s) == V{"14.07", "14.06", "14.06", "14.06", "-", "-", "-", "33.75", "-"});
  CHECK(s.categories[2].points == D("0"));
  CHECK(s.rows[4].result.explanation == "不适用，不计分");

  s = score(shipped_project("qita-zhizaoye.csv", "其他制造业支出"));
  CHECK(weights(s) == V{"8.34", "8.34", "8.33", "8.33", "8.33", "8.33", "15.00", "15.00", "-", "-", "10.00"});
  CHECK(s.rows[4].result.score == D("7.97"));
  CHECK(s.rows[4].result.explanation ==
        "年度指标值 ≥ 95%，全年完成值 90.92%：未达标，90.92% ÷ 95% × 8.33 = 7.97");

  s = score(shipped_project("qita-shangmao.csv", "其他商贸事务支出"));
  CHECK(s.rows[5].result.explanation == "年度指标值 ≥ 50 家，全年完成值 28 家：未达标，28 ÷ 50 × 10.00 = 5.60");
  CHECK(s.rows[6].result.met);  // reading A of line 930: the leading 100%
  CHECK(s.rows[3].result.met);  // 为 0 → = 0
  CHECK(s.warnings.empty());

  s = score(shipped_project("gongye-xinxi-chanye.csv", "工业和信息产业支持"));
  CHECK(weights(s) == V{"7.15", "7.15", "7.14", "7.14", "7.14", "7.14", "7.14", "15.00", "15.00", "-", "-", "10.00"});
  CHECK(s.warnings == V{"第 3 行「每次采集企业数据」：单位「家」与「家/次」按数值比较"});

  s = score(shipped_project("kangyi-guozhai.csv", "抗疫特别国债支出"));
  CHECK(weights(s) == V{"8.34", "8.34", "8.33", "8.33", "8.33", "8.33", "7.50", "7.50", "7.50", "7.50", "5.00", "5.00"});
  CHECK(s.warnings == V{"第 9 行「直接带动消费 (订单总金额)」：单位「万」与「万元」按数值比较"});

  s = score(shipped_project("peixun.csv", "培训支出"));
  CHECK(s.categories[0].points == D("75"));
  CHECK(s.categories[1].points == D("0"));
  CHECK(s.categories[2].points == D("15"));
}

namespace {

// The made-up record of the design doc, §3.3.
ProjectInput synthetic() {
  ProjectInput in{D("200"), D("150"), {}};
  in.rows = {
      {"产出指标", "举办培训", "≥ 2 场", "3 场"},
      {"产出指标", "发放手册", "1000 份", "800 份"},
      {"产出指标", "投诉率", "≤ 10%", "12.5%"},
      {"产出指标", "完成时间", "2021 年 6 月", "2021 年 6 月"},
      {"产出指标", "不适用", "不适用", "--"},
      {"效益指标", "服务效果", "有效", "部分有效"},
      {"效益指标", "安全事故", "安全事故发生次数为 0", "1"},
      {"效益指标", "达标排放率", "≥ 90%", "99%"},
      {"满意度指标", "不适用", "不适用", "--"},
  };
  return in;
}

}  // namespace

TEST_CASE("project: the synthetic record of the design doc scores 69.38") {
  using V = std::vector<std::string>;
  const ProjectScore s = score(synthetic());
  CHECK(s.execution_rate == D("0.75"));
  CHECK(s.execution_score == D("7.5"));
  CHECK(weights(s) == V{"14.07", "14.06", "14.06", "14.06", "-", "11.25", "11.25", "11.25", "-"});
  V scores;
  for (const auto& r : s.rows) scores.push_back(r.result.score.to_fixed(2));
  CHECK(scores == V{"14.07", "11.25", "11.25", "14.06", "0.00", "0.00", "0.00", "11.25", "0.00"});
  CHECK(subtotals(s) == V{"50.63", "11.25", "0.00"});
  CHECK(s.total.to_fixed(2) == "69.38");
  CHECK(s.warnings.empty());
}

TEST_CASE("project: problems are values") {
  ProjectInput in = synthetic();
  in.rows[0].category = "产出";  // short form accepted
  CHECK(score_project(in).score);

  in.rows[1].category = "过程指标";
  in.rows[2].actual = "很多";
  in.budget = D("0");
  auto r = score_project(in);
  CHECK_FALSE(r.score);
  CHECK(r.problems == std::vector<std::string>{
                          "预算数应大于 0，实为 0",
                          "第 2 条指标「发放手册」：一级指标「过程指标」应为 产出指标、效益指标、满意度指标 之一"});

  in = synthetic();
  in.rows[2].actual = "很多";
  in.rows[3].line = 5;
  in.rows[3].actual = "";
  r = score_project(in);
  CHECK(r.problems == std::vector<std::string>{
                          "第 3 条指标「投诉率」：年度指标值「≤ 10%」是数值，全年完成值「很多」不是数值",
                          "第 5 行「完成时间」：全年完成值为空"});

  in = synthetic();
  in.rows.pop_back();  // no 满意度 row at all
  r = score_project(in);
  CHECK(r.problems == std::vector<std::string>{"缺少一级指标「满意度指标」的行"});

  in = synthetic();
  for (auto& row : in.rows) row.target = "不适用";
  r = score_project(in);
  CHECK(r.problems == std::vector<std::string>{"所有绩效指标均为不适用，无法评分"});

  in = synthetic();
  in.rows[4].actual = "3 次";
  const ProjectScore s = score(in);
  CHECK(s.warnings == std::vector<std::string>{"第 5 条指标「不适用」：不适用的指标有全年完成值「3 次」"});
}

TEST_CASE("project: executed above budget is capped at 10") {
  ProjectInput in = synthetic();
  in.executed = D("250");
  const ProjectScore s = score(in);
  CHECK(s.execution_rate == D("1.25"));
  CHECK(s.execution_score == D("10"));
}
