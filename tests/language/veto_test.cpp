// ，否决 若 …: a condition that zeroes the score.
#include "language_support.hpp"

using lang::Sheet;

namespace {

Sheet procurement() {
    Sheet s;
    s.inputs = "输入 实际金额：金额 万元\n输入 计划金额：金额 万元";
    s.declarations = "约束 计划金额 > 0";
    s.points = "2";
    s.leaf = "：实际金额 ÷ 计划金额 × 2，否决 若 实际金额 > 计划金额";
    return s;
}

}  // namespace

TEST_CASE("veto that does not fire leaves the score as computed") {
    auto program = lang::compile_ok(lang::ruleset_text(procurement()));
    CHECK(lang::score(*program, {"300", "400"}) == "1.5");
    CHECK(lang::score(*program, {"400", "400"}) == "2");
}

TEST_CASE("veto that fires gives zero even when the rule alone would exceed the points") {
    auto program = lang::compile_ok(lang::ruleset_text(procurement()));
    CHECK(lang::score(*program, {"400.01", "400"}) == "0");
    CHECK(lang::score(*program, {"800", "400"}) == "0");
}

TEST_CASE("veto explain says it fired") {
    lang::Outcome o = lang::run(procurement(), {"500", "400"});
    CHECK(o.explain.find("否决条件「实际金额 > 计划金额」：是 → 否决，得 0 分") != std::string::npos);
    lang::Outcome not_fired = lang::run(procurement(), {"300", "400"});
    CHECK(not_fired.explain.find("否决条件「实际金额 > 计划金额」：否\n") != std::string::npos);
}

TEST_CASE("veto written without 若 and with a yes/no input") {
    Sheet s;
    s.inputs = "输入 开展检查：是否\n输入 评价为差：是否";
    s.points = "1";
    s.leaf = "：若 开展检查 则 1 否则 0，否决 评价为差";
    auto program = lang::compile_ok(lang::ruleset_text(s));
    CHECK(lang::score(*program, {"1", "0"}) == "1");
    CHECK(lang::score(*program, {"1", "1"}) == "0");
    CHECK(lang::score(*program, {"0", "0"}) == "0");
}

TEST_CASE("several vetoes: any one firing zeroes the score") {
    Sheet s;
    s.inputs = "输入 得分项：评分 [0, 3]\n输入 违规：是否\n输入 问题数：计数 个";
    s.points = "3";
    s.leaf = "：得分项，否决 若 违规，否决 若 问题数 ≥ 2";
    auto program = lang::compile_ok(lang::ruleset_text(s));
    CHECK(lang::score(*program, {"2.5", "0", "1"}) == "2.5");
    CHECK(lang::score(*program, {"2.5", "1", "0"}) == "0");
    CHECK(lang::score(*program, {"2.5", "0", "2"}) == "0");
}

TEST_CASE("veto over a whole parts block zeroes the sum of the parts") {
    Sheet s;
    s.inputs = "输入 甲分：评分 [0, 1]\n输入 乙分：评分 [0, 2]\n输入 存在违规支出：是否";
    s.points = "3";
    s.leaf = "{\n"
             "        分项 甲项（1分）：甲分\n"
             "        分项 乙项（2分）：乙分\n"
             "        否决 若 存在违规支出\n"
             "      }";
    auto program = lang::compile_ok(lang::ruleset_text(s));
    CHECK(lang::score(*program, {"1", "1.5", "0"}) == "2.5");
    CHECK(lang::score(*program, {"1", "1.5", "1"}) == "0");
}
