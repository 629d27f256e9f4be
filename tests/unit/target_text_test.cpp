// Unit tests for interpreter/target_text.hpp: 年度指标值 and 全年完成值 cells.
#include "interpreter/target_text.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace rubric;

namespace {

Decimal D(const char* text) { return *Decimal::parse(text); }

Target T(const std::string& text) {
  auto p = parse_target(text);
  REQUIRE_MESSAGE(p.value.has_value(), text << ": " << p.problem);
  return *p.value;
}

Actual A(const std::string& text) {
  auto p = parse_actual(text);
  REQUIRE_MESSAGE(p.value.has_value(), text << ": " << p.problem);
  return *p.value;
}

void check_cmp(const std::string& text, CompareOp op, const char* value, bool percent,
               const std::string& unit, const std::string& word) {
  CAPTURE(text);
  const Target t = T(text);
  REQUIRE(t.kind == TargetKind::comparison);
  CHECK(t.op == op);
  CHECK(t.quantity.value == D(value));
  CHECK(t.quantity.percent == percent);
  CHECK(t.quantity.unit == unit);
  CHECK(t.op_word == word);
}

}  // namespace

TEST_CASE("target: no operator means at least") {
  check_cmp("4 次", CompareOp::at_least, "4", false, "次", "");
  check_cmp("10", CompareOp::at_least, "10", false, "", "");
  check_cmp("95%", CompareOp::at_least, "95", true, "", "");
  check_cmp("63.8 万张", CompareOp::at_least, "63.8", false, "万张", "");
  check_cmp("80 家/次", CompareOp::at_least, "80", false, "家/次", "");
  check_cmp("2020 年内", CompareOp::at_least, "2020", false, "年内", "");
}

TEST_CASE("target: symbol operators, ASCII and full-width") {
  check_cmp("≥95%", CompareOp::at_least, "95", true, "", "≥");
  check_cmp("≥ 2 场", CompareOp::at_least, "2", false, "场", "≥");
  check_cmp(">= 0", CompareOp::at_least, "0", false, "", ">=");
  check_cmp("≧3", CompareOp::at_least, "3", false, "", "≧");
  check_cmp("≤ 10%", CompareOp::at_most, "10", true, "", "≤");
  check_cmp("<=5天", CompareOp::at_most, "5", false, "天", "<=");
  check_cmp("≦5", CompareOp::at_most, "5", false, "", "≦");
  check_cmp("> 60%", CompareOp::greater, "60", true, "", ">");
  check_cmp("<1%", CompareOp::less, "1", true, "", "<");
  check_cmp("= 0", CompareOp::equal, "0", false, "", "=");
  // Full-width operators, digits, percent sign, point and spaces.
  check_cmp("＞＝９５．５％", CompareOp::at_least, "95.5", true, "", ">=");
  check_cmp("\u3000＜　３ 次\u3000", CompareOp::less, "3", false, "次", "<");
  check_cmp("＝0", CompareOp::equal, "0", false, "", "=");
  CHECK(T("\u3000９０％ ").text == "90%");
}

TEST_CASE("target: word operators and suffixes") {
  check_cmp("不低于 100 家", CompareOp::at_least, "100", false, "家", "不低于");
  check_cmp("不低于 3000 万", CompareOp::at_least, "3000", false, "万", "不低于");
  check_cmp("不少于5次", CompareOp::at_least, "5", false, "次", "不少于");
  check_cmp("至少 2 次", CompareOp::at_least, "2", false, "次", "至少");
  check_cmp("约 3 次", CompareOp::at_least, "3", false, "次", "约");
  check_cmp("不高于 5%", CompareOp::at_most, "5", true, "", "不高于");
  check_cmp("不超过 20 万元", CompareOp::at_most, "20", false, "万元", "不超过");
  check_cmp("不多于 3 起", CompareOp::at_most, "3", false, "起", "不多于");
  check_cmp("至多 1 次", CompareOp::at_most, "1", false, "次", "至多");
  check_cmp("超过 60%", CompareOp::greater, "60", true, "", "超过");
  check_cmp("低于 2%", CompareOp::less, "2", true, "", "低于");
  check_cmp("95%以上", CompareOp::at_least, "95", true, "", "以上");
  check_cmp("5 天以内", CompareOp::at_most, "5", false, "天", "以内");
  check_cmp("3%以下", CompareOp::at_most, "3", true, "", "以下");
  check_cmp("不低于 90 分以上", CompareOp::at_least, "90", false, "分", "不低于");
}

TEST_CASE("target: 为 N reads as equal") {
  check_cmp("系统性、区域性风险发生次数为 0", CompareOp::equal, "0", false, "", "为");
  check_cmp("安全事故发生次数为 0", CompareOp::equal, "0", false, "", "为");
  check_cmp("投诉率为 0%", CompareOp::equal, "0", true, "", "为");
  CHECK(T("为 0").kind == TargetKind::qualitative);  // no text before 为
  CHECK(T("作为示范").kind == TargetKind::qualitative);
}

TEST_CASE("target: thousands separators") {
  check_cmp("1,546.38", CompareOp::at_least, "1546.38", false, "", "");
  check_cmp("≥ 30,166 万元", CompareOp::at_least, "30166", false, "万元", "≥");
  check_cmp("1,000,000 人次", CompareOp::at_least, "1000000", false, "人次", "");
  // Not a separator: the text is qualitative.
  CHECK(T("1,5").kind == TargetKind::qualitative);
  CHECK(T("1,2345").kind == TargetKind::qualitative);
}

TEST_CASE("target: qualitative and not applicable") {
  for (const char* text : {"有效", "达标", "及时", "满意", "通过审核", "年底前", "长期有效",
                           "2020 年 9 月", "2021 年 6 月", "超过预期", "低于预期"}) {
    CAPTURE(text);
    const Target t = T(text);
    CHECK(t.kind == TargetKind::qualitative);
    CHECK(t.text == text);
  }
  CHECK(T("不适用").kind == TargetKind::not_applicable);
  CHECK(T(" 不适用\u3000").kind == TargetKind::not_applicable);
}

TEST_CASE("target: problems are values") {
  CHECK(parse_target("").problem == "年度指标值为空");
  CHECK(parse_target("\u3000 ").problem == "年度指标值为空");
  CHECK(parse_target("≥ 很多").problem == "年度指标值「≥ 很多」：「≥」后应为数字");
  CHECK(parse_target("不低于 5 以下").problem == "年度指标值「不低于 5 以下」的比较方向前后矛盾");
  CHECK(parse_target("1" + std::string(31, '0')).problem.find("数字过大") != std::string::npos);
  CHECK_FALSE(parse_target("≥ 很多").value.has_value());
}

TEST_CASE("actual: numbers, units, commentary, text, empty") {
  Actual a = A("28 家");
  CHECK(a.kind == ActualKind::number);
  CHECK(a.quantity.value == D("28"));
  CHECK(a.quantity.unit == "家");
  CHECK_FALSE(a.quantity.percent);

  a = A("90.92%");
  CHECK(a.kind == ActualKind::number);
  CHECK(a.quantity.value == D("90.92"));
  CHECK(a.quantity.percent);

  a = A("100%，2020年现代服务业增加值占第三产业比重 66.1%");
  CHECK(a.kind == ActualKind::number);
  CHECK(a.quantity.value == D("100"));
  CHECK(a.quantity.percent);
  CHECK(a.quantity.unit.empty());
  CHECK(a.commentary == "2020年现代服务业增加值占第三产业比重 66.1%");

  a = A("1,546.38");
  CHECK(a.quantity.value == D("1546.38"));
  CHECK(a.commentary.empty());
  a = A("30,166");
  CHECK(a.quantity.value == D("30166"));
  a = A("12, 另有说明");
  CHECK(a.quantity.value == D("12"));
  CHECK(a.commentary == "另有说明");

  a = A("４０２７ 万元");
  CHECK(a.quantity.value == D("4027"));
  CHECK(a.quantity.unit == "万元");
  CHECK(a.text == "4027 万元");

  CHECK(A("2020 年 9 月").kind == ActualKind::text);
  CHECK(A("部分有效").kind == ActualKind::text);
  CHECK(A("").kind == ActualKind::empty);
  CHECK(A("--").kind == ActualKind::empty);
  CHECK(A(" \u3000").kind == ActualKind::empty);
  CHECK(parse_actual("1" + std::string(31, '0') + " 元").problem.find("数字过大") != std::string::npos);
}

TEST_CASE("format_quantity and op_symbol") {
  CHECK(format_quantity(T("≥95%").quantity) == "95%");
  CHECK(format_quantity(T("不低于 3000 万").quantity) == "3000 万");
  CHECK(format_quantity(A("4027 万元").quantity) == "4027 万元");
  CHECK(op_symbol(CompareOp::at_least) == "≥");
  CHECK(op_symbol(CompareOp::at_most) == "≤");
  CHECK(op_symbol(CompareOp::equal) == "=");
}
