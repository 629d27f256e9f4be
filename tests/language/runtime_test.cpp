// Values that cannot be computed for one record: zero divisors, values no
// tier covers. Only a failure that reaches a score fails the record.
#include "language_support.hpp"

using lang::Sheet;

// 较小值(实际 ÷ 计划, 1) keeps the score within its 6 points for the range
// check. 约束 实际 ≤ 计划 cannot do it here: the record (3, 0) would break it.
TEST_CASE("a zero divisor in the branch 若 does not take does not fail the record") {
    Sheet s;
    s.inputs = "输入 实际：金额 万元\n输入 计划：金额 万元";
    s.points = "6";
    s.leaf = "：若 计划 > 0 则 较小值(实际 ÷ 计划, 1) × 6 否则 0";
    auto program = lang::compile_ok(lang::ruleset_text(s));
    lang::Outcome o = lang::evaluate(*program, {"3", "0"});
    CHECK(o.scored);
    CHECK(o.problems.empty());
    CHECK(o.score == "0");
    CHECK(lang::score(*program, {"3", "4"}) == "4.5");
}

TEST_CASE("a zero divisor in a derived metric used only by the branch not taken") {
    Sheet s;
    s.inputs = "输入 实际：金额 万元\n输入 计划：金额 万元\n输入 有计划：是否";
    s.declarations = "计算 执行率 = 实际 ÷ 计划，保留 0.1%";
    s.points = "2";
    s.leaf = "：若 有计划 则 较小值(执行率, 1) × 2 否则 2";
    auto program = lang::compile_ok(lang::ruleset_text(s));
    lang::Outcome o = lang::evaluate(*program, {"5", "0", "0"});
    CHECK(o.scored);
    CHECK(o.score == "2");
    CHECK(lang::score(*program, {"3", "4", "1"}) == "1.5");
}

// 较小值(…, 1): with the veto alone the range check reports [0, +∞), a false
// alarm — under the veto 实际 ≤ 计划, so whenever the ratio is computed it is
// ≤ 1 — because the check bounds 实际 ÷ 计划 by 1 only when a 约束 makes 计划
// positive, not when a 若 guards it.
TEST_CASE("a zero divisor guarded by 若 in a rule with a veto does not fail the record") {
    Sheet s;
    s.inputs = "输入 实际：金额 万元\n输入 计划：金额 万元";
    s.points = "2";
    s.leaf = "：若 计划 = 0 则 0 否则 较小值(实际 ÷ 计划, 1) × 2，否决 若 实际 > 计划";
    auto program = lang::compile_ok(lang::ruleset_text(s));
    lang::Outcome o = lang::evaluate(*program, {"5", "0"});
    CHECK(o.scored);
    CHECK(o.score == "0");
}

// 较小值(…, 1) keeps the score within its points for the range check; a
// constraint cannot, since 约束 实际 ≤ 计划 or 约束 计划 > 0 would reject the
// record (3, 0) before its divisor is reached. The division now starts at
// column 23 (after 「较小值(」) instead of 19.
TEST_CASE("a zero divisor the score needs fails the record with a problem naming the indicator") {
    Sheet s;
    s.inputs = "输入 实际：金额 万元\n输入 计划：金额 万元";
    s.points = "6";
    s.leaf = "：较小值(实际 ÷ 计划, 1) × 6";
    auto program = lang::compile_ok(lang::ruleset_text(s));
    lang::Outcome o = lang::evaluate(*program, {"3", "0"});
    CHECK_FALSE(o.scored);
    REQUIRE(o.problems.size() == 1);
    CHECK(o.problems[0].message == "指标「被测」无法计算：「实际 ÷ 计划」的除数为 0（test.rubric:8:23）");
}

TEST_CASE("a zero divisor in one part fails the record once, at the leaf") {
    Sheet s;
    s.inputs = "输入 实际：金额 万元\n输入 计划：金额 万元\n输入 判断：评分 [0, 1]";
    s.points = "2";
    s.leaf = "{\n"
             "        分项 比率（1分）：实际 ÷ 计划\n"
             "        分项 判断（1分）：判断\n"
             "      }";
    auto program = lang::compile_ok(lang::ruleset_text(s));
    lang::Outcome o = lang::evaluate(*program, {"3", "0", "1"});
    CHECK_FALSE(o.scored);
    REQUIRE(o.problems.size() == 1);
    CHECK(o.problems[0].message.find("指标「被测」无法计算：「实际 ÷ 计划」的除数为 0") == 0);
}
