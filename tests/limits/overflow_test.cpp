// Decimal magnitude: |x| < 10^30 (interpreter/decimal.hpp). A computation
// whose result would reach 10^30 is an error naming the expression and
// where it is written, never a wrong number: for +, −, ×, ÷ and 保留
// (rounding) at run time, and for numbers and constant expressions in the
// ruleset at compile time.
#include "limits_support.hpp"

#include <vector>

using namespace limits_test;

namespace {

// 甲 and 乙 are any numbers; the leaf scores 100 when `condition` holds.
std::shared_ptr<const rubric::Program> program_for(const std::string& declarations, const std::string& condition) {
    Sheet s;
    s.inputs = "输入 甲：数值\n输入 乙：数值";
    s.declarations = declarations;
    s.rule = "若 " + condition + " 则 100 否则 0";
    rubric::CompileResult compiled = compile(text_of(s));
    REQUIRE_MESSAGE(compiled.ok(), compiled.diagnostics.render_all());
    return compiled.program;
}

rubric::Result run(const rubric::Program& program, const std::string& a, const std::string& b) {
    rubric::Record r;
    r.key = "A";
    r.values = {rubric::Decimal{}, *rubric::Decimal::parse(a), *rubric::Decimal::parse(b)};
    return program.evaluate(r);
}

std::string problems_of(const rubric::Result& r) {
    std::string out;
    for (const rubric::RecordProblem& p : r.problems) out += p.message + "\n";
    return out;
}

const std::string nines = "999999999999999999999999999999";  // 10^30 − 1, the largest whole number

// The leaf is line 8 (two input lines); its rule starts after this.
const std::string rule_start = leaf_prefix + "若 ";

std::string at_leaf(const std::string& before) { return "t.rubric:8:" + std::to_string(code_points(before) + 1); }

}  // namespace

TEST_CASE("overflow: + at the edge of the range is exact; beyond it names the expression") {
    auto program = program_for("", "甲 + 乙 > 0");
    rubric::Result ok = run(*program, "999999999999999999999999999998", "1");
    CHECK(ok.scored);
    CHECK(ok.total.to_string() == "100");

    rubric::Result over = run(*program, nines, "1");
    CHECK_FALSE(over.scored);
    CHECK(problems_of(over) == "指标「被测」无法计算：「甲 + 乙」的结果超出数值范围（" + at_leaf(rule_start) + "）\n");
}

TEST_CASE("overflow: − beyond the range names the expression") {
    auto program = program_for("", "甲 − 乙 > 0");
    CHECK(run(*program, "-999999999999999999999999999998", "1").scored);
    CHECK(problems_of(run(*program, "-" + nines, "1")) ==
          "指标「被测」无法计算：「甲 − 乙」的结果超出数值范围（" + at_leaf(rule_start) + "）\n");
}

TEST_CASE("overflow: × beyond the range names the expression") {
    auto program = program_for("", "甲 × 乙 > 0");
    CHECK(run(*program, "999999999999999", "1000000000000000").scored);  // 10^30 − 10^15
    CHECK(problems_of(run(*program, "1000000000000000", "1000000000000000")) ==
          "指标「被测」无法计算：「甲 × 乙」的结果超出数值范围（" + at_leaf(rule_start) + "）\n");
}

TEST_CASE("overflow: ÷ beyond the range names the expression; ÷ 0 says so") {
    auto program = program_for("约束 乙 ≠ 0", "甲 ÷ 乙 > 0");
    CHECK(run(*program, "99999999999999999999999999999", "0.1").scored);  // 10^30 − 10
    CHECK(problems_of(run(*program, "100000000000000000000000000000", "0.1")) ==
          "指标「被测」无法计算：「甲 ÷ 乙」的结果超出数值范围（" + at_leaf(rule_start) + "）\n");
}

TEST_CASE("overflow: rounding up to 10^30 (保留) names the calculation") {
    auto program = program_for("计算 整数 = 甲，保留 1", "整数 > 0");
    CHECK(run(*program, nines + ".4", "0").scored);
    const std::string problems = problems_of(run(*program, nines + ".5", "0"));
    CHECK(problems == "指标「被测」无法计算：「甲，保留 1」的结果超出数值范围（t.rubric:4:" +
                          std::to_string(code_points("计算 整数 = ") + 1) + "）\n");
}

TEST_CASE("overflow: a number in the ruleset at 10^30, or a constant expression reaching it, is a compile error") {
    Sheet s;
    s.declarations = "计算 上限 = 1000000000000000000000000000000";
    s.rule = "若 满意度 > 上限 则 100 否则 0";
    CHECK(errors_of(compile(text_of(s))) ==
          "t.rubric:3:9: error: 数字「1000000000000000000000000000000」超出数值范围：绝对值应小于 10^30\n"
          "    3 | 计算 上限 = 1000000000000000000000000000000\n" +
              caret("计算 上限 = ", 31));

    s.declarations = "计算 上限 = 1000000000000000 × 1000000000000000";
    CHECK(errors_of(compile(text_of(s))) ==
          "t.rubric:3:9: error: 「1000000000000000 × 1000000000000000」的结果超出数值范围：绝对值应小于 10^30\n"
          "    3 | 计算 上限 = 1000000000000000 × 1000000000000000\n" +
              caret("计算 上限 = ", cells("1000000000000000 × 1000000000000000")));

    s.declarations = "计算 上限 = 999999999999999 × 1000000000000000";
    CHECK(compile(text_of(s)).ok());
    // A constant zero divisor is its own error, reported once.
    s.declarations = "计算 上限 = 1 ÷ 0";
    CHECK(errors_of(compile(text_of(s))) ==
          "t.rubric:3:13: error: 除数为 0\n"
          "    3 | 计算 上限 = 1 ÷ 0\n" +
              caret("计算 上限 = 1 ÷ ", 1));
}
