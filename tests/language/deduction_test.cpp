// 按 X 每项扣 N 分，扣完为止 / 最低 N 分.
#include "language_support.hpp"

using lang::Sheet;

TEST_CASE("deduction subtracts per item and stops at zero (扣完为止)") {
    Sheet s;
    s.inputs = "输入 不符合项数：计数 项";
    s.points = "5";
    s.leaf = "：按 不符合项数 每项扣 1 分，扣完为止";
    auto program = lang::compile_ok(lang::ruleset_text(s));
    CHECK(lang::score(*program, {"0"}) == "5");
    CHECK(lang::score(*program, {"1"}) == "4");
    CHECK(lang::score(*program, {"3"}) == "2");
    CHECK(lang::score(*program, {"5"}) == "0");
    CHECK(lang::score(*program, {"6"}) == "0");
    CHECK(lang::score(*program, {"100"}) == "0");
}

TEST_CASE("deduction of several points per item: 8 points, 4 per unfinished task") {
    Sheet s;
    s.inputs = "输入 未完成重点工作数：计数 项";
    s.points = "8";
    s.leaf = "：按 未完成重点工作数 每项扣 4 分，扣完为止";
    auto program = lang::compile_ok(lang::ruleset_text(s));
    CHECK(lang::score(*program, {"0"}) == "8");
    CHECK(lang::score(*program, {"1"}) == "4");
    CHECK(lang::score(*program, {"2"}) == "0");
    CHECK(lang::score(*program, {"3"}) == "0");
}

TEST_CASE("deduction with a decimal per-item amount") {
    Sheet s;
    s.inputs = "输入 问题数：计数 个";
    s.points = "2";
    s.leaf = "：按 问题数 每项扣 0.25 分，扣完为止";
    auto program = lang::compile_ok(lang::ruleset_text(s));
    CHECK(lang::score(*program, {"3"}) == "1.25");
    CHECK(lang::score(*program, {"8"}) == "0");
    CHECK(lang::score(*program, {"9"}) == "0");
}

TEST_CASE("deduction with a minimum (最低 N 分) never goes below it") {
    Sheet s;
    s.inputs = "输入 问题数：计数 个";
    s.points = "5";
    s.leaf = "：按 问题数 每项扣 2 分，最低 1 分";
    auto program = lang::compile_ok(lang::ruleset_text(s));
    CHECK(lang::score(*program, {"0"}) == "5");
    CHECK(lang::score(*program, {"1"}) == "3");
    CHECK(lang::score(*program, {"2"}) == "1");
    CHECK(lang::score(*program, {"3"}) == "1");
    CHECK(lang::score(*program, {"10"}) == "1");
}

TEST_CASE("deduction explain shows the floor when it applies") {
    Sheet s;
    s.inputs = "输入 不符合项数：计数 项";
    s.points = "5";
    s.leaf = "：按 不符合项数 每项扣 1 分，扣完为止";
    lang::Outcome floored = lang::run(s, {"7"});
    CHECK(floored.score == "0");
    CHECK(floored.explain.find("  按「不符合项数」每项扣 1 分：5 − 7 × 1 = -2 → 扣完为止，得 0\n") != std::string::npos);
    lang::Outcome plain = lang::run(s, {"2"});
    CHECK(plain.explain.find("  按「不符合项数」每项扣 1 分：5 − 2 × 1 = 3\n") != std::string::npos);
    CHECK(plain.explain.find("扣完为止") == std::string::npos);
}
