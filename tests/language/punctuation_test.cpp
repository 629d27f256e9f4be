// Full-width Chinese punctuation and its ASCII equivalents, and comments.
#include "language_support.hpp"

#include <vector>

namespace {

// The same ruleset, once with full-width punctuation and Chinese operators…
// (其余 is floored at 0 for the score range check: it cannot see that
// 实际金额 − 计划金额 + 计划金额 is 实际金额, so it would put the ratio anywhere.)
const char* const full_width =
    "输入 单位：文本，主键\n"
    "输入 条件1：是否\n"
    "输入 条件2：是否\n"
    "输入 不符合项数：计数（项）\n"
    "输入 实际金额：金额（万元）\n"
    "输入 计划金额：金额（万元）\n"
    "输入 利用率：百分比\n"
    "输入 判断：评分 ［0，20］\n"
    "输入 公开：枚举 ｛完整公开、部分公开、未公开｝\n"
    "约束 计划金额 ＞ 0，提示 “计划金额不能为 0”\n"
    "约束 实际金额 ≤ 计划金额 × 2\n"
    "计算 执行率 ＝ 实际金额 ÷ 计划金额，保留 0.1％\n"
    "三级指标得分 保留 0.01 四舍五入\n"
    "总分 保留 0.01\n"
    "指标体系（100分）｛\n"
    "  一级指标 甲（100分）｛\n"
    "    二级指标 乙（100分）｛\n"
    "      三级指标 清单（3分）：逐项计分 ｛\n"
    "        条件1：2分\n"
    "        条件2 且 不符合项数 ＝ 0：1分\n"
    "      ｝\n"
    "      三级指标 扣分（5分）：按 不符合项数 每项扣 1 分，扣完为止\n"
    "      三级指标 比率（2分）：执行率 × 2，否决 若 实际金额 ＞ 计划金额\n"
    "      三级指标 利用（1分）：分档 利用率 ｛\n"
    "        ≥ 90％：1\n"
    "        90％ ＞ x ≥ 75％：0.7\n"
    "        否则：0\n"
    "      ｝\n"
    "      三级指标 超出（1分）：按 利用率 低于 90％ 的部分 每 1％ 扣 0.1 分，最低 0 分\n"
    "      三级指标 公开（2分）：分档 公开 ｛完整公开：2 部分公开：1 未公开：0｝\n"
    "      三级指标 判断（20分）：判断\n"
    "      三级指标 其余（66分）：较大值（较小值（（实际金额 − 计划金额 ＋ 计划金额）÷ 计划金额，1），0） × 66\n"
    "    ｝\n"
    "  ｝\n"
    "｝\n"
    "等级 ｛\n"
    "  ≥ 90：优\n"
    "  80 ≤ x ＜ 90：良\n"
    "  60 ≤ x ＜ 80：中\n"
    "  ＜ 60：差\n"
    "｝\n";

// …and once with ASCII punctuation and operators.
const char* const ascii =
    "输入 单位:文本,主键\n"
    "输入 条件1:是否\n"
    "输入 条件2:是否\n"
    "输入 不符合项数:计数(项)\n"
    "输入 实际金额:金额(万元)\n"
    "输入 计划金额:金额(万元)\n"
    "输入 利用率:百分比\n"
    "输入 判断:评分 [0,20]\n"
    "输入 公开:枚举 {完整公开,部分公开,未公开}\n"
    "约束 计划金额 > 0, 提示 \"计划金额不能为 0\"\n"
    "约束 实际金额 <= 计划金额 * 2\n"
    "计算 执行率 = 实际金额 / 计划金额, 保留 0.1%\n"
    "三级指标得分 保留 0.01 四舍五入\n"
    "总分 保留 0.01\n"
    "指标体系(100分){\n"
    "  一级指标 甲(100分){\n"
    "    二级指标 乙(100分){\n"
    "      三级指标 清单(3分):逐项计分 {\n"
    "        条件1:2分\n"
    "        条件2 and 不符合项数 == 0:1分\n"
    "      }\n"
    "      三级指标 扣分(5分):按 不符合项数 每项扣 1 分,扣完为止\n"
    "      三级指标 比率(2分):执行率 * 2,否决 若 实际金额 > 计划金额\n"
    "      三级指标 利用(1分):分档 利用率 {\n"
    "        >= 90%:1\n"
    "        90% > x >= 75%:0.7\n"
    "        否则:0\n"
    "      }\n"
    "      三级指标 超出(1分):按 利用率 低于 90% 的部分 每 1% 扣 0.1 分,最低 0 分\n"
    "      三级指标 公开(2分):分档 公开 {完整公开:2 部分公开:1 未公开:0}\n"
    "      三级指标 判断(20分):判断\n"
    "      三级指标 其余(66分):max(min((实际金额 - 计划金额 + 计划金额) / 计划金额, 1), 0) * 66\n"
    "    }\n"
    "  }\n"
    "}\n"
    "等级 {\n"
    "  >= 90:优\n"
    "  80 <= x < 90:良\n"
    "  60 <= x < 80:中\n"
    "  < 60:差\n"
    "}\n";

struct Row {
    std::vector<std::string> values;  // 条件1 条件2 不符合项数 实际 计划 利用率 判断 公开(index)
    std::string total, grade;
};

std::string scores_of(const rubric::Program& program, const rubric::Result& r) {
    std::string out;
    for (int leaf : program.leaf_indicators())
        out += program.indicators()[static_cast<size_t>(leaf)].name + "=" +
               r.scores[static_cast<size_t>(leaf)].to_string() + " ";
    return out;
}

const std::vector<Row> rows = {
    // 3 + 5 + 2 + 1 + 1 + 2 + 18 + 66 = 98
    {{"1", "1", "0", "400", "400", "0.95", "18", "0"}, "98", "优"},
    // 2 + (5−2) + 74.6%×2=1.492→1.49 + 0.7 + (1−0.2=0.8) + 1 + 10 + 0.74603…×66=49.2386…→49.24
    {{"1", "1", "2", "611.29", "819.38", "0.88", "10", "1"}, "68.23", "中"},
    // vetoed ratio, 否则 tier, floor of the penalty at 0, 未公开
    {{"0", "0", "7", "500", "400", "0.5", "20", "2"}, "86", "良"},
};

}  // namespace

TEST_CASE("full-width punctuation and ASCII punctuation compile to the same rules") {
    auto wide = lang::compile_ok(full_width);
    auto narrow = lang::compile_ok(ascii);
    REQUIRE(wide->inputs().size() == narrow->inputs().size());
    CHECK(wide->leaf_indicators().size() == 8);
    CHECK(narrow->leaf_indicators().size() == 8);
    for (const Row& row : rows) {
        CAPTURE(row.total);
        rubric::Result a = wide->evaluate(lang::record(row.values));
        rubric::Result b = narrow->evaluate(lang::record(row.values));
        REQUIRE(a.scored);
        REQUIRE(b.scored);
        CHECK(scores_of(*wide, a) == scores_of(*narrow, b));
        CHECK(a.total.to_string() == row.total);
        CHECK(b.total.to_string() == row.total);
        CHECK(a.grade == row.grade);
        CHECK(b.grade == row.grade);
    }
}

TEST_CASE("full-width and ASCII rulesets reject the same records with the same 提示") {
    auto wide = lang::compile_ok(full_width);
    auto narrow = lang::compile_ok(ascii);
    const std::vector<std::string> bad = {"1", "1", "0", "10", "0", "0.95", "2", "0"};
    rubric::Result a = wide->evaluate(lang::record(bad));
    rubric::Result b = narrow->evaluate(lang::record(bad));
    CHECK_FALSE(a.scored);
    CHECK_FALSE(b.scored);
    REQUIRE(a.problems.size() == 2);
    REQUIRE(b.problems.size() == 2);
    CHECK(a.problems[0].message == "不满足约束「计划金额 ＞ 0」（计划金额 = 0）：计划金额不能为 0");
    CHECK(b.problems[0].message == "不满足约束「计划金额 > 0」（计划金额 = 0）：计划金额不能为 0");
    CHECK(a.problems[0].column == b.problems[0].column);
}

TEST_CASE("comments with # and ＃ are ignored, whole-line and trailing") {
    const std::string text =
        "# 规则集说明\n"
        "＃ 全角井号的注释\n"
        "输入 单位：文本，主键   # 主键\n"
        "输入 条件1：是否 ＃ 第一个条件\n"
        "输入 不符合项数：计数 项\n"
        "指标体系（100分）{   # 根\n"
        "  # 一级\n"
        "  一级指标 甲（100分）{\n"
        "    二级指标 乙（100分）{ ＃ 二级\n"
        "      三级指标 清单（2分）：逐项计分 {\n"
        "        # 这一行是注释，不是一项：1分\n"
        "        条件1：2分   # 符合本部门职责\n"
        "      }\n"
        "      三级指标 扣分（98分）：按 不符合项数 每项扣 1 分，扣完为止 # 扣分\n"
        "    }\n"
        "  }\n"
        "}\n"
        "等级 {\n  ≥ 90：优 # 优秀\n  ＜ 90：差 ＃ 其他\n}\n";
    auto program = lang::compile_ok(text);
    rubric::Result r = program->evaluate(lang::record({"1", "3"}));
    REQUIRE(r.scored);
    CHECK(r.total.to_string() == "97");
    CHECK(r.grade == "优");
}

TEST_CASE("a # inside a quoted name is part of the name, not a comment") {
    const std::string text =
        "输入 单位：文本，主键\n"
        "输入 判断：评分 [0, 100]\n"
        "指标体系（100分）{\n"
        "  一级指标 甲（100分）{\n"
        "    二级指标 乙（100分）{\n"
        "      三级指标 “第#1项、第＃2项”（100分）：判断\n"
        "    }\n"
        "  }\n"
        "}\n"
        "等级 { ≥ 60：合格  < 60：不合格 }\n";
    auto program = lang::compile_ok(text);
    CHECK(program->indicators().back().name == "第#1项、第＃2项");
    rubric::Result r = program->evaluate(lang::record({"60"}));
    REQUIRE(r.scored);
    CHECK(r.grade == "合格");
}
