// 评分 [low, high]: the evaluator's judgment; 对标: target versus actual.
#include "language_support.hpp"

using lang::Sheet;

TEST_CASE("an evaluator's judgment is used as the score") {
    Sheet s;
    s.inputs = "输入 效果性得分：评分 [0, 20]";
    s.points = "20";
    s.leaf = "：效果性得分";
    auto program = lang::compile_ok(lang::ruleset_text(s));
    CHECK(lang::score(*program, {"20"}) == "20");
    CHECK(lang::score(*program, {"17.5"}) == "17.5");
    CHECK(lang::score(*program, {"0"}) == "0");
    CHECK(lang::score(*program, {"13.25"}) == "13.25");
}

namespace {

Sheet target(const std::string& rule, const std::string& kind = "计数 场") {
    Sheet s;
    s.inputs = "输入 实际：" + kind + "\n输入 目标：" + kind;
    s.declarations = "约束 目标 > 0\n约束 实际 > 0";
    s.points = "10";
    s.leaf = "：" + rule;
    return s;
}

}  // namespace

TEST_CASE("target ≥: met or exceeded gives full points") {
    auto program = lang::compile_ok(lang::ruleset_text(target("对标 实际 ≥ 目标")));
    CHECK(lang::score(*program, {"3", "2"}) == "10");
    CHECK(lang::score(*program, {"2", "2"}) == "10");
}

TEST_CASE("target ≥: unmet gives the proportion achieved") {
    auto program = lang::compile_ok(lang::ruleset_text(target("对标 实际 ≥ 目标")));
    CHECK(lang::score(*program, {"1", "2"}) == "5");
    CHECK(lang::score(*program, {"3", "4"}) == "7.5");
}

TEST_CASE("target with 未达标不得分: unmet gives zero") {
    auto program = lang::compile_ok(lang::ruleset_text(target("对标 实际 ≥ 目标，未达标不得分")));
    CHECK(lang::score(*program, {"2", "2"}) == "10");
    CHECK(lang::score(*program, {"5", "2"}) == "10");
    CHECK(lang::score(*program, {"1", "2"}) == "0");
    CHECK(lang::score(*program, {"19", "20"}) == "0");
}

TEST_CASE("target ≤ (less is better): met gives full points, unmet target ÷ actual") {
    auto program = lang::compile_ok(lang::ruleset_text(target("对标 实际 ≤ 目标", "百分比")));
    CHECK(lang::score(*program, {"0.08", "0.1"}) == "10");
    CHECK(lang::score(*program, {"0.1", "0.1"}) == "10");
    CHECK(lang::score(*program, {"0.125", "0.1"}) == "8");
    CHECK(lang::score(*program, {"0.2", "0.1"}) == "5");
}

TEST_CASE("target ≤ with 未达标不得分") {
    auto program = lang::compile_ok(lang::ruleset_text(target("对标 实际 ≤ 目标，未达标不得分", "百分比")));
    CHECK(lang::score(*program, {"0.1", "0.1"}) == "10");
    CHECK(lang::score(*program, {"0.101", "0.1"}) == "0");
}

TEST_CASE("target against a constant goal") {
    Sheet s;
    s.inputs = "输入 完成场次：计数 场";
    s.points = "4";
    s.leaf = "：对标 完成场次 ≥ 2";
    auto program = lang::compile_ok(lang::ruleset_text(s));
    CHECK(lang::score(*program, {"3"}) == "4");
    CHECK(lang::score(*program, {"1"}) == "2");
    CHECK(lang::score(*program, {"0"}) == "0");
}

TEST_CASE("target explain shows actual, goal and whether it was met") {
    lang::Outcome o = lang::run(target("对标 实际 ≥ 目标"), {"1", "2"});
    CHECK(o.explain.find("  对标：实际 1，目标 目标 = 2，达标：否 → 5\n") != std::string::npos);
}
