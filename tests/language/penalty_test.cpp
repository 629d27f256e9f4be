// 按 v 超过/低于 t 的部分 每 s 扣 n 分.
#include "language_support.hpp"

using lang::Sheet;

namespace {

// Longhua 资金调整调剂规范性: within 10% full marks, −0.1 per point over.
Sheet adjustment() {
    Sheet s;
    s.inputs = "输入 调整幅度：百分比";
    s.points = "1";
    s.leaf = "：按 调整幅度 超过 10% 的部分 每 1% 扣 0.1 分，扣完为止";
    return s;
}

}  // namespace

TEST_CASE("penalty above a threshold: within the threshold gives full points") {
    auto program = lang::compile_ok(lang::ruleset_text(adjustment()));
    CHECK(lang::score(*program, {"0"}) == "1");
    CHECK(lang::score(*program, {"0.05"}) == "1");
    CHECK(lang::score(*program, {"0.1"}) == "1");
}

TEST_CASE("penalty above a threshold is proportional to the excess, fractions included") {
    auto program = lang::compile_ok(lang::ruleset_text(adjustment()));
    CHECK(lang::score(*program, {"0.15"}) == "0.5");
    CHECK(lang::score(*program, {"0.125"}) == "0.75");
    CHECK(lang::score(*program, {"0.101"}) == "0.99");
    CHECK(lang::score(*program, {"0.2"}) == "0");
}

TEST_CASE("penalty above a threshold stops at zero: Longhua's 83.7% adjustment") {
    auto program = lang::compile_ok(lang::ruleset_text(adjustment()));
    CHECK(lang::score(*program, {"0.837"}) == "0");
    lang::Outcome o = lang::run(adjustment(), {"0.837"});
    CHECK(o.explain.find("→ 扣完为止，得 0") != std::string::npos);
}

TEST_CASE("penalty below a threshold (低于)") {
    Sheet s;
    s.inputs = "输入 满意度：百分比";
    s.points = "5";
    s.leaf = "：按 满意度 低于 90% 的部分 每 1% 扣 0.5 分，扣完为止";
    auto program = lang::compile_ok(lang::ruleset_text(s));
    CHECK(lang::score(*program, {"0.95"}) == "5");
    CHECK(lang::score(*program, {"0.9"}) == "5");
    CHECK(lang::score(*program, {"0.85"}) == "2.5");
    CHECK(lang::score(*program, {"0.895"}) == "4.75");
    CHECK(lang::score(*program, {"0.8"}) == "0");
    CHECK(lang::score(*program, {"0.5"}) == "0");
}

TEST_CASE("penalty over amounts with a step of several units and a minimum") {
    Sheet s;
    s.inputs = "输入 超支金额：金额 万元";
    s.points = "4";
    s.leaf = "：按 超支金额 超过 10 的部分 每 5 扣 1 分，最低 1 分";
    auto program = lang::compile_ok(lang::ruleset_text(s));
    CHECK(lang::score(*program, {"10"}) == "4");
    CHECK(lang::score(*program, {"12.5"}) == "3.5");
    CHECK(lang::score(*program, {"20"}) == "2");
    CHECK(lang::score(*program, {"25"}) == "1");
    CHECK(lang::score(*program, {"100"}) == "1");
}
