// Rounding: derived metrics (保留 0.1%, 保留 2 位小数, modes), third-level
// scores (三级指标得分 保留 0.01) and the total.
#include "language_support.hpp"

using lang::Sheet;

namespace {

// 率 = a ÷ b kept as the ruleset says; the score is 率 × 10.
Sheet rate(const std::string& rounding) {
    Sheet s;
    s.inputs = "输入 a：金额 万元\n输入 b：金额 万元";
    s.declarations = "约束 b > 0\n约束 a ≤ b\n计算 率 = a ÷ b，" + rounding;
    s.points = "10";
    s.leaf = "：率 × 10";
    return s;
}

// 值 = a ÷ b kept as the ruleset says; the score is 值 itself, capped at the
// 10 points (the records go slightly above 1, so 约束 a ≤ b would not do).
Sheet plain(const std::string& rounding) {
    Sheet s;
    s.inputs = "输入 a：金额 万元\n输入 b：金额 万元";
    s.declarations = "约束 b > 0\n计算 值 = a ÷ b，" + rounding;
    s.points = "10";
    s.leaf = "：较小值(值, 10)";
    return s;
}

// A judgment used as the score, with the given score rounding.
Sheet judged(const std::string& score_rounding) {
    Sheet s;
    s.inputs = "输入 判断：评分 [0, 10]";
    s.declarations = score_rounding;
    s.points = "10";
    s.leaf = "：判断";
    return s;
}

}  // namespace

TEST_CASE("保留 0.1% rounds a rate half-up to a tenth of a percentage point") {
    auto program = lang::compile_ok(lang::ruleset_text(rate("保留 0.1%")));
    CHECK(lang::score(*program, {"978.5", "1000"}) == "9.79");   // 97.85% → 97.9%
    CHECK(lang::score(*program, {"978.49", "1000"}) == "9.78");  // 97.849% → 97.8%
    CHECK(lang::score(*program, {"47", "48"}) == "9.79");        // 97.9166…% → 97.9%
    CHECK(lang::score(*program, {"611.29", "819.38"}) == "7.46"); // 74.6039…% → 74.6%
}

TEST_CASE("保留 0.1% 四舍五入 is the same as the default") {
    auto program = lang::compile_ok(lang::ruleset_text(rate("保留 0.1% 四舍五入")));
    CHECK(lang::score(*program, {"978.5", "1000"}) == "9.79");
    CHECK(lang::score(*program, {"979.5", "1000"}) == "9.8");
}

TEST_CASE("银行家舍入 rounds a midpoint to the even neighbour") {
    auto program = lang::compile_ok(lang::ruleset_text(rate("保留 0.1% 银行家舍入")));
    CHECK(lang::score(*program, {"978.5", "1000"}) == "9.78");   // 97.85% → 97.8%
    CHECK(lang::score(*program, {"979.5", "1000"}) == "9.8");    // 97.95% → 98.0%
    CHECK(lang::score(*program, {"978.51", "1000"}) == "9.79");  // not a midpoint
}

TEST_CASE("截尾 cuts toward zero") {
    auto program = lang::compile_ok(lang::ruleset_text(rate("保留 0.1% 截尾")));
    CHECK(lang::score(*program, {"978.99", "1000"}) == "9.78");
    CHECK(lang::score(*program, {"47", "48"}) == "9.79");
}

TEST_CASE("保留 2 位小数 keeps two decimals") {
    auto program = lang::compile_ok(lang::ruleset_text(plain("保留 2 位小数")));
    CHECK(lang::score(*program, {"1.005", "1"}) == "1.01");
    CHECK(lang::score(*program, {"1.0049", "1"}) == "1");
    CHECK(lang::score(*program, {"2", "3"}) == "0.67");
    CHECK(lang::score(*program, {"1", "3"}) == "0.33");
}

TEST_CASE("保留 2 位小数 with 截尾 and with 银行家舍入") {
    auto cut = lang::compile_ok(lang::ruleset_text(plain("保留 2 位小数 截尾")));
    CHECK(lang::score(*cut, {"1.009", "1"}) == "1");
    CHECK(lang::score(*cut, {"2", "3"}) == "0.66");
    auto even = lang::compile_ok(lang::ruleset_text(plain("保留 2 位小数 银行家舍入")));
    CHECK(lang::score(*even, {"1.005", "1"}) == "1");
    CHECK(lang::score(*even, {"1.015", "1"}) == "1.02");
    CHECK(lang::score(*even, {"1.0051", "1"}) == "1.01");
}

TEST_CASE("rates used as published: 47/48 → 97.9% × 6 = 5.874 → 5.87, not 5.88") {
    Sheet s;
    s.inputs = "输入 按期完成项目数：计数 个\n输入 计划项目数：计数 个";
    s.declarations = "约束 计划项目数 > 0\n约束 按期完成项目数 ≤ 计划项目数\n计算 项目完成率 = 按期完成项目数 ÷ 计划项目数，保留 0.1%\n"
                     "三级指标得分 保留 0.01 四舍五入";
    s.points = "6";
    s.leaf = "：项目完成率 × 6";
    CHECK(lang::run(s, {"47", "48"}).score == "5.87");
    // the unrounded ratio gives 5.875 → 5.88
    s.declarations = "约束 计划项目数 > 0\n约束 按期完成项目数 ≤ 计划项目数\n三级指标得分 保留 0.01 四舍五入";
    s.leaf = "：按期完成项目数 ÷ 计划项目数 × 6";
    CHECK(lang::run(s, {"47", "48"}).score == "5.88");
}

TEST_CASE("third-level scores are rounded half-up to 0.01 on midpoints") {
    auto program = lang::compile_ok(lang::ruleset_text(judged("三级指标得分 保留 0.01 四舍五入")));
    CHECK(lang::score(*program, {"5.875"}) == "5.88");
    CHECK(lang::score(*program, {"5.874"}) == "5.87");
    CHECK(lang::score(*program, {"2.345"}) == "2.35");
    CHECK(lang::score(*program, {"2.3449"}) == "2.34");
    CHECK(lang::score(*program, {"9.995"}) == "10");
    CHECK(lang::score(*program, {"0.005"}) == "0.01");
    CHECK(lang::score(*program, {"0.004"}) == "0");
}

TEST_CASE("third-level score rounding with 银行家舍入 and 截尾") {
    auto even = lang::compile_ok(lang::ruleset_text(judged("三级指标得分 保留 0.01 银行家舍入")));
    CHECK(lang::score(*even, {"2.345"}) == "2.34");
    CHECK(lang::score(*even, {"2.355"}) == "2.36");
    CHECK(lang::score(*even, {"5.875"}) == "5.88");
    auto cut = lang::compile_ok(lang::ruleset_text(judged("三级指标得分 保留 0.01 截尾")));
    CHECK(lang::score(*cut, {"5.879"}) == "5.87");
    CHECK(lang::score(*cut, {"2.345"}) == "2.34");
}

TEST_CASE("score rounding explain shows the value before and after") {
    lang::Outcome o = lang::run(judged("三级指标得分 保留 0.01 四舍五入"), {"5.875"});
    CHECK(o.explain.find("  得分 = 5.875 → 5.88（保留 0.01 四舍五入）\n") != std::string::npos);
}

TEST_CASE("derived rounding explain shows the rate before and after") {
    lang::Outcome o = lang::run(rate("保留 0.1%"), {"978.5", "1000"});
    CHECK(o.explain.find("  率 = a ÷ b = 978.5 ÷ 1000 = 97.85% → 97.9%（保留 0.1%）\n") != std::string::npos);
}

TEST_CASE("the total adds the rounded third-level scores, then is rounded itself") {
    const std::string text =
        "输入 单位：文本，主键\n"
        "输入 甲分：评分 [0, 50]\n"
        "输入 乙分：评分 [0, 50]\n"
        "三级指标得分 保留 0.01 四舍五入\n"
        "总分 保留 0.1 四舍五入\n"
        "指标体系（100分）{\n"
        "  一级指标 一（100分）{\n"
        "    二级指标 二（100分）{\n"
        "      三级指标 甲（50分）：甲分\n"
        "      三级指标 乙（50分）：乙分\n"
        "    }\n"
        "  }\n"
        "}\n"
        "等级 {\n  ≥ 90：优\n  80 ≤ x < 90：良\n  60 ≤ x < 80：中\n  < 60：差\n}\n";
    auto program = lang::compile_ok(text);
    // 2.245 → 2.25 and 2.2: 4.45 → 4.5 (the unrounded 4.445 would give 4.4)
    lang::Outcome a = lang::evaluate(*program, {"2.245", "2.2"}, "甲");
    CHECK(a.score == "2.25");
    CHECK(a.total == "4.5");
    lang::Outcome b = lang::evaluate(*program, {"44.975", "44.975"}, "甲");
    CHECK(b.score == "44.98");
    CHECK(b.total == "90");   // 89.96 → 90.0
    CHECK(b.grade == "优");
    lang::Outcome c = lang::evaluate(*program, {"44.974", "44.974"}, "甲");
    CHECK(c.total == "89.9");  // 44.97 + 44.97 = 89.94 → 89.9
    CHECK(c.grade == "良");
}

TEST_CASE("三级指标得分 保留 2 位小数 rounds scores to two decimals") {
    auto program = lang::compile_ok(lang::ruleset_text(judged("三级指标得分 保留 2 位小数")));
    CHECK(lang::score(*program, {"5.875"}) == "5.88");
    CHECK(lang::score(*program, {"2.9375"}) == "2.94");
    CHECK(lang::score(*program, {"2.344"}) == "2.34");
}

TEST_CASE("总分 保留 1 位小数 rounds the total to one decimal before grading") {
    Sheet s;
    s.inputs = "输入 判断：评分 [0, 100]";
    s.declarations = "总分 保留 1 位小数";
    s.points = "100";
    s.leaf = "：判断";
    auto program = lang::compile_ok(lang::ruleset_text(s));
    lang::Outcome o = lang::evaluate(*program, {"89.94"});
    REQUIRE(o.scored);
    CHECK(o.total == "89.9");
    CHECK(o.grade == "良");
}
