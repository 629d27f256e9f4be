// 分档: tiers with open and closed bounds, 否则, and the x ≥ 90 form.
#include "language_support.hpp"

using lang::Sheet;

namespace {

// The fixed-asset utilisation tiers of the Longhua sheet, scaled to 4 points.
Sheet falling_tiers() {
    Sheet s;
    s.inputs = "输入 利用率：百分比";
    s.points = "4";
    s.leaf = "：分档 利用率 {\n"
             "        ≥ 90%：4\n"
             "        90% > x ≥ 75%：3\n"
             "        75% > x ≥ 60%：2\n"
             "        < 60%：1\n"
             "      }";
    return s;
}

// The off-payroll staff tiers: < 5%, 5% ≤ x ≤ 10%, > 10%.
Sheet closed_band() {
    Sheet s;
    s.inputs = "输入 控制率：百分比";
    s.points = "2";
    s.leaf = "：分档 控制率 {\n"
             "        < 5%：2\n"
             "        5% ≤ x ≤ 10%：1\n"
             "        > 10%：0\n"
             "      }";
    return s;
}

}  // namespace

TEST_CASE("tier ≥ 90%: on the bound, just below and just above") {
    auto program = lang::compile_ok(lang::ruleset_text(falling_tiers()));
    CHECK(lang::score(*program, {"0.9"}) == "4");
    CHECK(lang::score(*program, {"0.899"}) == "3");
    CHECK(lang::score(*program, {"0.901"}) == "4");
    CHECK(lang::score(*program, {"1"}) == "4");
}

TEST_CASE("tier 90% > x ≥ 75%: the closed lower bound belongs to it, the open upper one does not") {
    auto program = lang::compile_ok(lang::ruleset_text(falling_tiers()));
    CHECK(lang::score(*program, {"0.75"}) == "3");
    CHECK(lang::score(*program, {"0.749"}) == "2");
    CHECK(lang::score(*program, {"0.751"}) == "3");
    CHECK(lang::score(*program, {"0.8999"}) == "3");
}

TEST_CASE("tier < 60%: on the bound, just below and just above") {
    auto program = lang::compile_ok(lang::ruleset_text(falling_tiers()));
    CHECK(lang::score(*program, {"0.6"}) == "2");
    CHECK(lang::score(*program, {"0.599"}) == "1");
    CHECK(lang::score(*program, {"0.601"}) == "2");
    CHECK(lang::score(*program, {"0"}) == "1");
}

TEST_CASE("tier 5% ≤ x ≤ 10%: both bounds belong to it") {
    auto program = lang::compile_ok(lang::ruleset_text(closed_band()));
    CHECK(lang::score(*program, {"0.05"}) == "1");
    CHECK(lang::score(*program, {"0.049"}) == "2");
    CHECK(lang::score(*program, {"0.051"}) == "1");
    CHECK(lang::score(*program, {"0.1"}) == "1");
    CHECK(lang::score(*program, {"0.099"}) == "1");
}

TEST_CASE("tier > 10%: the bound itself is not in it, just above is") {
    auto program = lang::compile_ok(lang::ruleset_text(closed_band()));
    CHECK(lang::score(*program, {"0.1"}) == "1");
    CHECK(lang::score(*program, {"0.101"}) == "0");
    CHECK(lang::score(*program, {"0.1001"}) == "0");
    CHECK(lang::score(*program, {"1"}) == "0");
}

TEST_CASE("tier ≤ 100% and > 100% over a derived ratio") {
    Sheet s;
    s.inputs = "输入 在编人数：计数 人\n输入 核定编制数：计数 人";
    s.declarations = "约束 核定编制数 > 0\n计算 控制率 = 在编人数 ÷ 核定编制数，保留 0.1%";
    s.points = "1";
    s.leaf = "：分档 控制率 {\n        ≤ 100%：1\n        > 100%：0\n      }";
    auto program = lang::compile_ok(lang::ruleset_text(s));
    CHECK(lang::score(*program, {"28", "37"}) == "1");
    CHECK(lang::score(*program, {"37", "37"}) == "1");
    CHECK(lang::score(*program, {"38", "37"}) == "0");
    // 1000 / 999 = 100.1001…% → 100.1%: above
    CHECK(lang::score(*program, {"1000", "999"}) == "0");
    // 10001 / 10000 = 100.01% → 100.0%: on the bound after rounding
    CHECK(lang::score(*program, {"10001", "10000"}) == "1");
}

TEST_CASE("an 否则 tier takes every value the others leave") {
    Sheet s;
    s.inputs = "输入 满意度：百分比";
    s.points = "6";
    s.leaf = "：分档 满意度 {\n"
             "        ≥ 95%：6\n"
             "        90% ≤ x < 95%：4\n"
             "        否则：1\n"
             "      }";
    auto program = lang::compile_ok(lang::ruleset_text(s));
    CHECK(lang::score(*program, {"0.95"}) == "6");
    CHECK(lang::score(*program, {"0.949"}) == "4");
    CHECK(lang::score(*program, {"0.9"}) == "4");
    CHECK(lang::score(*program, {"0.899"}) == "1");
    CHECK(lang::score(*program, {"0"}) == "1");
}

TEST_CASE("tier conditions written x ≥ 90 over a plain number") {
    Sheet s;
    s.inputs = "输入 得分率：数值 [0, 100]";
    s.points = "3";
    s.leaf = "：分档 得分率 {\n"
             "        x ≥ 90：3\n"
             "        x < 90 ：1\n"
             "      }";
    auto program = lang::compile_ok(lang::ruleset_text(s));
    CHECK(lang::score(*program, {"90"}) == "3");
    CHECK(lang::score(*program, {"89.99"}) == "1");
    CHECK(lang::score(*program, {"90.01"}) == "3");
    CHECK(lang::score(*program, {"0"}) == "1");
}

TEST_CASE("tier conditions may name the subject instead of x") {
    Sheet s;
    s.inputs = "输入 得分率：数值 [0, 100]";
    s.points = "3";
    s.leaf = "：分档 得分率 {\n"
             "        得分率 ≥ 60：3\n"
             "        40 ≤ 得分率 < 60：2\n"
             "        得分率 < 40：0\n"
             "      }";
    auto program = lang::compile_ok(lang::ruleset_text(s));
    CHECK(lang::score(*program, {"60"}) == "3");
    CHECK(lang::score(*program, {"59.9"}) == "2");
    CHECK(lang::score(*program, {"40"}) == "2");
    CHECK(lang::score(*program, {"39.9"}) == "0");
}

TEST_CASE("tiers written rising: 60% ≤ x < 75%") {
    Sheet s;
    s.inputs = "输入 利用率：百分比";
    s.points = "1";
    s.leaf = "：分档 利用率 {\n"
             "        < 60%：0\n"
             "        60% ≤ x < 75%：0.4\n"
             "        75% ≤ x < 90%：0.7\n"
             "        ≥ 90%：1\n"
             "      }";
    auto program = lang::compile_ok(lang::ruleset_text(s));
    CHECK(lang::score(*program, {"0.6"}) == "0.4");
    CHECK(lang::score(*program, {"0.75"}) == "0.7");
    CHECK(lang::score(*program, {"0.7499"}) == "0.4");
    CHECK(lang::score(*program, {"0.9"}) == "1");
}

TEST_CASE("tier explain names the tier the value fell in") {
    Sheet s;
    s.inputs = "输入 利用率：百分比";
    s.points = "1";
    s.leaf = "：分档 利用率 {\n"
             "        ≥ 90%：1\n"
             "        90% > x ≥ 75%：0.7\n"
             "        75% > x ≥ 60%：0.4\n"
             "        < 60%：0\n"
             "      }";
    lang::Outcome o = lang::run(s, {"0.8"});
    CHECK(o.score == "0.7");
    CHECK(o.explain.find("  分档「利用率」= 80%，落在「90% > x ≥ 75%」档 → 0.7\n") != std::string::npos);
}
