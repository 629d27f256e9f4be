// 分项: a leaf made of parts, each capped at its own points.
#include "language_support.hpp"

using lang::Sheet;

namespace {

// Longhua 预算执行率, reduced: quarterly progress ÷ time progress, each part capped.
Sheet execution() {
    Sheet s;
    s.inputs = "输入 一季度进度：百分比\n输入 二季度进度：百分比\n输入 全年：百分比";
    s.points = "4";
    s.leaf = "{\n"
             "        分项 一季度（1分）：一季度进度 ÷ 25%\n"
             "        分项 二季度（1分）：二季度进度 ÷ 50%\n"
             "        分项 全年平均（2分）：全年 × 2\n"
             "      }";
    return s;
}

}  // namespace

TEST_CASE("parts below their caps add up as computed") {
    auto program = lang::compile_ok(lang::ruleset_text(execution()));
    // 19.5/25 = 0.78; 40/50 = 0.8; 0.9 × 2 = 1.8
    CHECK(lang::score(*program, {"0.195", "0.4", "0.9"}) == "3.38");
}

TEST_CASE("a part above its cap counts its points only") {
    auto program = lang::compile_ok(lang::ruleset_text(execution()));
    // 19.5/25 = 0.78; 72.5/50 = 1.45 → 1; 100% × 2 = 2
    CHECK(lang::score(*program, {"0.195", "0.725", "1"}) == "3.78");
    // every part over its cap
    CHECK(lang::score(*program, {"0.5", "1", "1"}) == "4");
}

TEST_CASE("a part exactly at its cap keeps it") {
    auto program = lang::compile_ok(lang::ruleset_text(execution()));
    CHECK(lang::score(*program, {"0.25", "0.5", "1"}) == "4");
}

TEST_CASE("parts explain shows the cap") {
    lang::Outcome o = lang::run(execution(), {"0.195", "0.725", "1"});
    CHECK(o.explain.find("    得分 = 二季度进度 ÷ 50% = 72.5% ÷ 50% = 1.45 → 封顶 1\n") != std::string::npos);
    CHECK(o.explain.find("  分项「二季度」（1 分）得分 1\n") != std::string::npos);
    CHECK(o.explain.find("  合计 0.78 + 1 + 2 = 3.78\n") != std::string::npos);
    // a part at or below its cap is not said to be capped
    CHECK(o.explain.find("    得分 = 一季度进度 ÷ 25% = 19.5% ÷ 25% = 0.78\n") != std::string::npos);
}

TEST_CASE("parts may use different rule kinds") {
    Sheet s;
    s.inputs = "输入 支出规范：评分 [0, 1]\n输入 调整幅度：百分比\n输入 预算公开：枚举 {完整公开、部分公开、未公开}";
    s.points = "3";
    s.leaf = "{\n"
             "        分项 规范性（1分）：支出规范\n"
             "        分项 调整（1分）：按 调整幅度 超过 10% 的部分 每 1% 扣 0.1 分，扣完为止\n"
             "        分项 公开（1分）：分档 预算公开 {\n"
             "          完整公开：1\n"
             "          部分公开：0.5\n"
             "          未公开：0\n"
             "        }\n"
             "      }";
    auto program = lang::compile_ok(lang::ruleset_text(s));
    CHECK(lang::score(*program, {"1", "0.837", "0"}) == "2");
    CHECK(lang::score(*program, {"0.8", "0.12", "1"}) == "2.1");
}

// This test used to score 判断 1 and 调整幅度 20% (1 − 20% × 10 = −1) and
// check that the record failed at run time, as a leaf below 0 does. The
// score range check now rejects the ruleset: 1 − 调整幅度 × 10 can fall to −9
// for a percentage, so no program is made and no record reaches the run-time
// check (a safety net now: no part that passes the range check can fall below
// 0 unless the check itself is wrong). The test asserts the compile-time error
// for the part instead. (The leaf 被测 is reported too, with [-9, 2], as a
// consequence of its part; only the part's own error is asserted here.)
TEST_CASE("a part that can score below zero is rejected when the ruleset is compiled") {
    Sheet s;
    s.inputs = "输入 判断：评分 [0, 1]\n输入 调整幅度：百分比";
    s.points = "2";
    s.leaf = "{\n"
             "        分项 判断（1分）：判断\n"
             "        分项 调整（1分）：1 − 调整幅度 × 10\n"
             "      }";
    rubric::CompileResult compiled = lang::compile(lang::ruleset_text(s));
    CHECK_FALSE(compiled.ok());
    CHECK(lang::errors_of(compiled).find(
              "test.rubric:10:12: error: 分项「调整」的得分可能低于 0 分："
              "按各输入的类型、取值范围和约束推算，得分在 [-9, 1] 之间\n"
              "   10 |         分项 调整（1分）：1 − 调整幅度 × 10\n"
              "      |              ^~~~\n") != std::string::npos);
}
