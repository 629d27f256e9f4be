// 若 … 则 … 否则 …, and the functions 较小值, 较大值, 绝对值.
#include "language_support.hpp"

using lang::Sheet;

TEST_CASE("若 … 则 … 否则 chooses by the condition") {
    Sheet s;
    s.inputs = "输入 建立机制：是否";
    s.points = "1";
    s.leaf = "：若 建立机制 则 1 否则 0";
    auto program = lang::compile_ok(lang::ruleset_text(s));
    CHECK(lang::score(*program, {"1"}) == "1");
    CHECK(lang::score(*program, {"0"}) == "0");
}

TEST_CASE("nested conditionals with comparisons, 且 and 或") {
    Sheet s;
    s.inputs = "输入 执行率：百分比\n输入 按时报送：是否";
    s.points = "3";
    s.leaf = "：若 执行率 ≥ 90% 且 按时报送 则 3 否则 若 执行率 ≥ 60% 或 按时报送 则 1.5 否则 0";
    auto program = lang::compile_ok(lang::ruleset_text(s));
    CHECK(lang::score(*program, {"0.9", "1"}) == "3");
    CHECK(lang::score(*program, {"0.9", "0"}) == "1.5");
    CHECK(lang::score(*program, {"0.5", "1"}) == "1.5");
    CHECK(lang::score(*program, {"0.6", "0"}) == "1.5");
    CHECK(lang::score(*program, {"0.599", "0"}) == "0");
}

TEST_CASE("非 negates a condition") {
    Sheet s;
    s.inputs = "输入 存在问题：是否";
    s.points = "2";
    s.leaf = "：若 非 存在问题 则 2 否则 0.5";
    auto program = lang::compile_ok(lang::ruleset_text(s));
    CHECK(lang::score(*program, {"0"}) == "2");
    CHECK(lang::score(*program, {"1"}) == "0.5");
}

TEST_CASE("较小值 caps a ratio") {
    Sheet s;
    s.inputs = "输入 进度：百分比";
    s.points = "2";
    s.leaf = "：较小值(进度 ÷ 50%, 1) × 2";
    auto program = lang::compile_ok(lang::ruleset_text(s));
    CHECK(lang::score(*program, {"0.4"}) == "1.6");
    CHECK(lang::score(*program, {"0.5"}) == "2");
    CHECK(lang::score(*program, {"0.725"}) == "2");
}

TEST_CASE("较大值 floors a score and 绝对值 measures a deviation either way") {
    Sheet s;
    s.inputs = "输入 决算数：金额 万元\n输入 预算数：金额 万元";
    s.declarations = "约束 预算数 > 0";
    s.points = "2";
    s.leaf = "：较大值(2 − 绝对值(决算数 − 预算数) ÷ 预算数 × 10, 0)";
    auto program = lang::compile_ok(lang::ruleset_text(s));
    CHECK(lang::score(*program, {"100", "100"}) == "2");
    CHECK(lang::score(*program, {"105", "100"}) == "1.5");
    CHECK(lang::score(*program, {"95", "100"}) == "1.5");
    CHECK(lang::score(*program, {"130", "100"}) == "0");
    CHECK(lang::score(*program, {"70", "100"}) == "0");
}

TEST_CASE("较小值 and 较大值 take more than two arguments") {
    Sheet s;
    s.inputs = "输入 甲：评分 [0, 5]\n输入 乙：评分 [0, 5]\n输入 丙：评分 [0, 5]";
    s.points = "5";
    // The outer 较大值(…, 0) is for the range check: interval arithmetic does
    // not see that both sides are the same three inputs, so it puts the
    // difference in [-5, 5] although the largest minus the smallest is never
    // negative.
    s.leaf = "：较大值(较大值(甲, 乙, 丙) − 较小值(甲, 乙, 丙), 0)";
    auto program = lang::compile_ok(lang::ruleset_text(s));
    CHECK(lang::score(*program, {"1", "4.5", "3"}) == "3.5");
    CHECK(lang::score(*program, {"2", "2", "2"}) == "0");
}

TEST_CASE("the functions' other spellings: 最小值, 最大值, min, max, abs") {
    Sheet s;
    s.inputs = "输入 甲：数值\n输入 乙：数值";
    s.points = "10";
    s.leaf = "：最大值(最小值(abs(甲) + max(乙, 0), 10), min(0, 0))";
    auto program = lang::compile_ok(lang::ruleset_text(s));
    CHECK(lang::score(*program, {"-3", "2"}) == "5");
    CHECK(lang::score(*program, {"-3", "-2"}) == "3");
    CHECK(lang::score(*program, {"5", "5"}) == "10");
}

TEST_CASE("arithmetic precedence: × and ÷ before + and −, parentheses first") {
    Sheet s;
    s.inputs = "输入 甲：数值 [0, 10]\n输入 乙：数值 [0, 10]";
    s.points = "10";
    // 甲 + 乙 × 2 − (甲 + 乙) ÷ 2 = 甲 ÷ 2 + 1.5 × 乙 reaches 20 for 甲 = 乙 = 10,
    // so it is kept within the 10 points as a rubric would keep it.
    s.leaf = "：较大值(较小值(甲 + 乙 × 2 − (甲 + 乙) ÷ 2, 10), 0)";
    auto program = lang::compile_ok(lang::ruleset_text(s));
    CHECK(lang::score(*program, {"2", "3"}) == "5.5");  // 2 + 6 − 2.5
    CHECK(lang::score(*program, {"4", "0"}) == "2");    // 4 + 0 − 2
}

TEST_CASE("a number input may declare a negative lower bound") {
    Sheet s;
    s.inputs = "输入 增长率：数值 [-100, 100]";
    s.points = "10";
    // Full points for growth ≥ 0, 0.1 off per point of decline. Written as
    // 若 增长率 ≥ 0 则 10 否则 较大值(10 + 增长率 ÷ 10, 0) the range check gives
    // [0, 20]: it does not narrow 增长率 to [-100, 0) in the 否则 branch.
    s.leaf = "：较大值(10 + 较小值(增长率, 0) ÷ 10, 0)";
    auto program = lang::compile_ok(lang::ruleset_text(s));
    CHECK(lang::score(*program, {"5"}) == "10");
    CHECK(lang::score(*program, {"-20"}) == "8");
    CHECK(lang::score(*program, {"-100"}) == "0");
}
