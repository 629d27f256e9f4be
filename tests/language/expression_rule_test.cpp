// A score written as an expression: ratio × points.
#include "language_support.hpp"

using lang::Sheet;

TEST_CASE("ratio times points: done ÷ planned × 6") {
    Sheet s;
    s.inputs = "输入 已完成：计数 个\n输入 计划：计数 个";
    s.declarations = "约束 计划 > 0";
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
    s.declarations = "约束 计划金额 > 0";
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

TEST_CASE("a score above the indicator's points fails the record instead of being kept") {
    Sheet s;
    s.inputs = "输入 已完成：计数 个\n输入 计划：计数 个";
    s.declarations = "约束 计划 > 0";
    s.points = "6";
    s.leaf = "：已完成 ÷ 计划 × 6";
    auto program = lang::compile_ok(lang::ruleset_text(s));
    lang::Outcome o = lang::evaluate(*program, {"5", "4"});
    CHECK_FALSE(o.scored);
    REQUIRE(o.problems.size() == 1);
    CHECK(o.problems[0].message.find("得分 7.5 超出 0 到 6 分的范围") != std::string::npos);
}
