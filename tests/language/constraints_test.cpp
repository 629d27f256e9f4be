// 约束: records that break a constraint are not scored.
#include "language_support.hpp"

using lang::Sheet;

namespace {

Sheet projects() {
    Sheet s;
    s.inputs = "输入 按期完成项目数：计数 个\n输入 计划项目数：计数 个";
    s.declarations = "约束 按期完成项目数 ≤ 计划项目数\n"
                     "约束 计划项目数 > 0，提示 \"计划项目数是项目完成率的分母，不能为 0\"";
    s.points = "6";
    s.leaf = "：按期完成项目数 ÷ 计划项目数 × 6";
    return s;
}

}  // namespace

TEST_CASE("a record that satisfies every constraint is scored") {
    auto program = lang::compile_ok(lang::ruleset_text(projects()));
    lang::Outcome o = lang::evaluate(*program, {"48", "48"});
    CHECK(o.scored);
    CHECK(o.problems.empty());
    CHECK(o.score == "6");
}

TEST_CASE("a broken constraint rejects the record and names the first column it mentions") {
    auto program = lang::compile_ok(lang::ruleset_text(projects()));
    lang::Outcome o = lang::evaluate(*program, {"49", "48"});
    CHECK_FALSE(o.scored);
    REQUIRE(o.problems.size() == 1);
    CHECK(o.problems[0].column == "按期完成项目数");
    CHECK(o.problems[0].message == "不满足约束「按期完成项目数 ≤ 计划项目数」（按期完成项目数 = 49，计划项目数 = 48）");
}

TEST_CASE("a broken constraint with 提示 appends the hint") {
    auto program = lang::compile_ok(lang::ruleset_text(projects()));
    lang::Outcome o = lang::evaluate(*program, {"0", "0"});
    CHECK_FALSE(o.scored);
    REQUIRE(o.problems.size() == 1);
    CHECK(o.problems[0].column == "计划项目数");
    CHECK(o.problems[0].message == "不满足约束「计划项目数 > 0」（计划项目数 = 0）：计划项目数是项目完成率的分母，不能为 0");
}

TEST_CASE("every broken constraint is reported, in declaration order") {
    Sheet s;
    s.inputs = "输入 在用：金额 万元\n输入 总额：金额 万元\n输入 满意度：百分比";
    s.declarations = "约束 在用 ≤ 总额\n约束 总额 > 0\n约束 满意度 ≥ 50%";
    s.points = "1";
    s.leaf = "：在用 ÷ 总额";
    auto program = lang::compile_ok(lang::ruleset_text(s));
    lang::Outcome o = lang::evaluate(*program, {"5", "0", "0.3"});
    CHECK_FALSE(o.scored);
    REQUIRE(o.problems.size() == 3);
    CHECK(o.problems[0].message == "不满足约束「在用 ≤ 总额」（在用 = 5，总额 = 0）");
    CHECK(o.problems[1].message == "不满足约束「总额 > 0」（总额 = 0）");
    CHECK(o.problems[2].column == "满意度");
    CHECK(o.problems[2].message == "不满足约束「满意度 ≥ 50%」（满意度 = 30%）");
}

TEST_CASE("a constraint over a sum names each input once") {
    Sheet s;
    s.inputs = "输入 在编人数：计数 人\n输入 编外人员数：计数 人";
    s.declarations = "约束 在编人数 + 编外人员数 > 0\n"
                     "计算 编外人员控制率 = 编外人员数 ÷ (在编人数 + 编外人员数)，保留 0.1%";
    s.points = "1";
    s.leaf = "：分档 编外人员控制率 {\n        < 5%：1\n        5% ≤ x ≤ 10%：0.5\n        > 10%：0\n      }";
    auto program = lang::compile_ok(lang::ruleset_text(s));
    lang::Outcome bad = lang::evaluate(*program, {"0", "0"});
    CHECK_FALSE(bad.scored);
    REQUIRE(bad.problems.size() == 1);
    CHECK(bad.problems[0].column == "在编人数");
    CHECK(bad.problems[0].message == "不满足约束「在编人数 + 编外人员数 > 0」（在编人数 = 0，编外人员数 = 0）");
    // Longhua: 28 on the payroll, 47 off it → 62.7% > 10%
    CHECK(lang::score(*program, {"28", "47"}) == "0");
    CHECK(lang::score(*program, {"95", "5"}) == "0.5");   // exactly 5%
    CHECK(lang::score(*program, {"96", "4"}) == "1");
}

TEST_CASE("a constraint over yes/no inputs shows their values as 是/否") {
    Sheet s;
    s.inputs = "输入 涉密：是否\n输入 已公开：是否";
    s.declarations = "约束 非 涉密 或 非 已公开";
    s.points = "1";
    s.leaf = "：若 已公开 或 涉密 则 1 否则 0";
    auto program = lang::compile_ok(lang::ruleset_text(s));
    lang::Outcome o = lang::evaluate(*program, {"1", "1"});
    CHECK_FALSE(o.scored);
    REQUIRE(o.problems.size() == 1);
    CHECK(o.problems[0].column == "涉密");
    CHECK(o.problems[0].message == "不满足约束「非 涉密 或 非 已公开」（涉密 = 是，已公开 = 是）");
    CHECK(lang::score(*program, {"1", "0"}) == "1");
    CHECK(lang::score(*program, {"0", "0"}) == "0");
}
