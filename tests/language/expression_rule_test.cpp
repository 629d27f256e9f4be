// A score written as an expression: ratio × points.
#include "language_support.hpp"

using lang::Sheet;

TEST_CASE("ratio times points: done ÷ planned × 6") {
    Sheet s;
    s.inputs = "输入 已完成：计数 个\n输入 计划：计数 个";
    s.declarations = "约束 计划 > 0\n约束 已完成 ≤ 计划";
    s.points = "6";
    s.leaf = "：已完成 ÷ 计划 × 6";
    auto program = lang::compile_ok(lang::ruleset_text(s));
    CHECK(lang::score(*program, {"3", "4"}) == "4.5");
    CHECK(lang::score(*program, {"4", "4"}) == "6");
    CHECK(lang::score(*program, {"0", "4"}) == "0");
    CHECK(lang::score(*program, {"1", "8"}) == "0.75");
}

TEST_CASE("ratio of amounts times one point") {
    Sheet s;
    s.inputs = "输入 实际金额：金额 万元\n输入 计划金额：金额 万元";
    s.declarations = "约束 计划金额 > 0\n约束 实际金额 ≤ 计划金额";
    s.points = "1";
    s.leaf = "：实际金额 ÷ 计划金额 × 1";
    auto program = lang::compile_ok(lang::ruleset_text(s));
    CHECK(lang::score(*program, {"611.25", "815"}) == "0.75");
    CHECK(lang::score(*program, {"819.38", "819.38"}) == "1");
}

TEST_CASE("a percentage input times points") {
    Sheet s;
    s.inputs = "输入 执行率：百分比";
    s.points = "2";
    s.leaf = "：执行率 × 2";
    auto program = lang::compile_ok(lang::ruleset_text(s));
    CHECK(lang::score(*program, {"0.195"}) == "0.39");
    CHECK(lang::score(*program, {"1"}) == "2");
}

// This test used to evaluate 5 ÷ 4 × 6 = 7.5 and check that the record failed
// at run time ("得分 7.5 超出 0 到 6 分的范围"). The score range check now
// rejects the ruleset itself: without 约束 已完成 ≤ 计划 the ratio is
// unbounded, so no program is made and no record can reach the run-time check.
// That check stays as a safety net, but no rubric that passes the range check
// can produce such a score unless the check itself is wrong, so there is no
// legitimate ruleset left to test it with here. The test asserts the
// compile-time error that replaces the run-time failure.
TEST_CASE("a score that can exceed the indicator's points is rejected when the ruleset is compiled") {
    Sheet s;
    s.inputs = "输入 已完成：计数 个\n输入 计划：计数 个";
    s.declarations = "约束 计划 > 0";
    s.points = "6";
    s.leaf = "：已完成 ÷ 计划 × 6";
    rubric::CompileResult compiled = lang::compile(lang::ruleset_text(s));
    CHECK_FALSE(compiled.ok());
    CHECK(lang::errors_of(compiled) ==
          "test.rubric:8:12: error: 三级指标「被测」的得分可能超过分值 6 分："
          "按各输入的类型、取值范围和约束推算，得分在 [0, +∞) 之间\n"
          "    8 |       三级指标 被测（6分）：已完成 ÷ 计划 × 6\n"
          "      |                ^~~~\n");
}
