// Explain traces: a whole leaf's block, line by line.
#include "language_support.hpp"

using lang::Sheet;

TEST_CASE("explain of a parts leaf: header, derived metrics, parts with caps, total") {
    Sheet s;
    s.inputs = "输入 实际金额：金额 万元\n输入 计划金额：金额 万元\n输入 政策功能得分：评分 [0, 1]";
    s.declarations = "约束 计划金额 > 0\n"
                     "计算 政府采购执行率 = 实际金额 ÷ 计划金额，保留 0.1%\n"
                     "三级指标得分 保留 0.01 四舍五入";
    s.points = "2";
    s.leaf = "{\n"
             "        分项 政府采购执行率（1分）：政府采购执行率 × 1，否决 若 实际金额 > 计划金额\n"
             "        分项 政府采购政策功能（1分）：政策功能得分\n"
             "      }";
    lang::Outcome o = lang::run(s, {"611.29", "819.38", "1"});
    CHECK(o.score == "1.75");
    const std::string block =
        "【甲 / 乙 / 被测】（2 分）得分 1.75\n"
        "  政府采购执行率 = 实际金额 ÷ 计划金额 = 611.29 ÷ 819.38 = 74.6039…% → 74.6%（保留 0.1%）\n"
        "  分项「政府采购执行率」（1 分）得分 0.746\n"
        "    得分 = 政府采购执行率 × 1 = 74.6% × 1 = 0.746\n"
        "    否决条件「实际金额 > 计划金额」：否\n"
        "  分项「政府采购政策功能」（1 分）得分 1\n"
        "    得分 = 政策功能得分 = 1\n"
        "  合计 0.746 + 1 = 1.746\n"
        "  得分 = 1.746 → 1.75（保留 0.01 四舍五入）\n";
    CHECK(o.explain.substr(0, block.size()) == block);
}

TEST_CASE("explain of a capped part: → 封顶 1") {
    Sheet s;
    s.inputs = "输入 二季度进度：百分比\n输入 其他：评分 [0, 1]";
    s.points = "2";
    s.leaf = "{\n"
             "        分项 二季度（1分）：二季度进度 ÷ 50%\n"
             "        分项 其他（1分）：其他\n"
             "      }";
    lang::Outcome o = lang::run(s, {"0.725", "0.5"});
    CHECK(o.score == "1.5");
    CHECK(o.explain.find("→ 封顶 1\n") != std::string::npos);
    CHECK(o.explain.find("得分 = 二季度进度 ÷ 50% = 72.5% ÷ 50% = 1.45 → 封顶 1\n") != std::string::npos);
}

TEST_CASE("explain of a tier: 落在「90% > x ≥ 75%」档 → 0.7") {
    Sheet s;
    s.inputs = "输入 在用：金额 万元\n输入 总额：金额 万元";
    s.declarations = "约束 总额 > 0\n计算 固定资产利用率 = 在用 ÷ 总额，保留 0.1%";
    s.points = "1";
    s.leaf = "：分档 固定资产利用率 {\n"
             "        ≥ 90%：1\n"
             "        90% > x ≥ 75%：0.7\n"
             "        75% > x ≥ 60%：0.4\n"
             "        < 60%：0\n"
             "      }";
    lang::Outcome o = lang::run(s, {"411.66", "548.88"});
    CHECK(o.score == "0.7");
    CHECK(o.explain.find("落在「90% > x ≥ 75%」档 → 0.7") != std::string::npos);
    CHECK(o.explain.find("  分档「固定资产利用率」= 75.0%，落在「90% > x ≥ 75%」档 → 0.7\n") != std::string::npos);
}

TEST_CASE("explain of a deduction that runs out: → 扣完为止，得 0") {
    Sheet s;
    s.inputs = "输入 未完成重点工作数：计数 项";
    s.points = "8";
    s.leaf = "：按 未完成重点工作数 每项扣 4 分，扣完为止";
    lang::Outcome o = lang::run(s, {"3"});
    CHECK(o.score == "0");
    CHECK(o.explain.find("  按「未完成重点工作数」每项扣 4 分：8 − 3 × 4 = -4 → 扣完为止，得 0\n") != std::string::npos);
}

TEST_CASE("explain of a penalty that runs out shows the excess and the floor") {
    Sheet s;
    s.inputs = "输入 预算调整幅度：百分比";
    s.points = "1";
    s.leaf = "：按 预算调整幅度 超过 10% 的部分 每 1% 扣 0.1 分，扣完为止";
    lang::Outcome o = lang::run(s, {"0.837"});
    CHECK(o.explain.find("→ 扣完为止，得 0\n") != std::string::npos);
    CHECK(o.explain.find("  「预算调整幅度」= 83.7%，超过 10% 的部分 73.7% ÷ 1% × 0.1 = 7.37：1 − 7.37 = -6.37 → 扣完为止，得 0\n") != std::string::npos);
}

TEST_CASE("explain is empty unless asked for") {
    Sheet s;
    s.inputs = "输入 判断：评分 [0, 10]";
    s.leaf = "：判断";
    auto program = lang::compile_ok(lang::ruleset_text(s));
    rubric::Result r = program->evaluate(lang::record({"5"}));
    REQUIRE(r.scored);
    CHECK(r.explain.empty());
}
