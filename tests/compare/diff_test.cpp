// rubric diff: one change of every kind between two small rulesets.
#include "interpreter/engine.hpp"
#include "interpreter/ruleset_diff.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace rubric;

namespace {

ParsedRuleset parse(const std::string& path, const std::string& text) {
    DiagnosticList diagnostics;
    ParsedRuleset r = load_ruleset(path, &text, LoadOptions{}, diagnostics);
    REQUIRE_MESSAGE(!diagnostics.has_errors(), diagnostics.render_all());
    return r;
}

const std::string kOld = R"(输入 单位：文本，主键
输入 完成数：计数 个
输入 计划数：计数 个
输入 满意度：百分比
输入 旧输入：是否
约束 计划数 > 0
约束 完成数 ≤ 计划数
计算 完成率 = 完成数 ÷ 计划数，保留 0.1%
指标体系（100分）{
  一级指标 甲（100分）{
    二级指标 乙（60分）{
      三级指标 完成（40分）：完成率 × 40
      三级指标 满意（10分）：分档 满意度 { ≥ 90%：10  否则：5 }
      三级指标 旧指标（10分）：若 旧输入 则 10 否则 0
    }
    二级指标 丙（40分）{
      三级指标 迁移（40分）：完成率 × 40
    }
  }
}
等级 {
  ≥ 90：优
  < 90：差
}
)";

const std::string kNew = R"(输入 单位：文本，主键
输入 完成数：计数 个
输入 计划数：计数 个
输入 满意度：百分比
输入 新输入：是否
约束 计划数 > 0
约束 满意度 ≥ 10%
计算 完成率 = 完成数 ÷ 计划数，保留 1%
指标体系（100分）{
  一级指标 甲（100分）{
    二级指标 乙（50分）{
      三级指标 完成（30分）：完成率 × 30
      三级指标 满意（10分）：分档 满意度 { ≥ 95%：10  否则：4 }
      三级指标 迁移（10分）：完成率 × 10
    }
    二级指标 丙（50分）{
      三级指标 新指标（50分）：若 新输入 则 50 否则 0
    }
  }
}
等级 {
  ≥ 90：优
  < 90：差
}
)";

}  // namespace

TEST_CASE("diff: one change of every kind") {
    std::vector<RulesetEdit> edits = diff_rulesets(parse("旧.rubric", kOld), parse("新.rubric", kNew));
    CHECK(format_diff(edits, "旧.rubric", "新.rubric") ==
          "规则集的改动：旧.rubric → 新.rubric，共 16 处\n"
          "  指标\n"
          "    [1] 删除三级指标「甲 / 乙 / 旧指标」（原 旧.rubric:14:12）\n"
          "    [7] 三级指标「迁移」从「甲 / 丙」移到「甲 / 乙」（新.rubric:14:12）\n"
          "    [11] 增加三级指标「甲 / 丙 / 新指标」（新.rubric:17:12）\n"
          "  分值\n"
          "    [2] 二级指标「甲 / 乙」分值 60 分改为 50 分（新.rubric:11:10）\n"
          "    [3] 三级指标「甲 / 乙 / 完成」分值 40 分改为 30 分（新.rubric:12:12）\n"
          "    [8] 三级指标「甲 / 乙 / 迁移」分值 40 分改为 10 分（新.rubric:14:12）\n"
          "    [10] 二级指标「甲 / 丙」分值 40 分改为 50 分（新.rubric:16:10）\n"
          "  计分规则\n"
          "    [4] 计分规则「甲 / 乙 / 完成」：「完成率 × 40」改为「完成率 × 30」（新.rubric:12:20）\n"
          "    [9] 计分规则「甲 / 乙 / 迁移」：「完成率 × 40」改为「完成率 × 10」（新.rubric:14:20）\n"
          "  分档\n"
          "    [5] 分档「甲 / 乙 / 满意」：「≥ 90%：10」改为「≥ 95%：10」（新.rubric:13:29）\n"
          "    [6] 分档「甲 / 乙 / 满意」：「否则：5」改为「否则：4」（新.rubric:13:39）\n"
          "  输入\n"
          "    [12] 删除输入「旧输入」（原 旧.rubric:5:1）\n"
          "    [13] 增加输入「新输入」：是否（新.rubric:5:1）\n"
          "  计算\n"
          "    [14] 计算「完成率」：「完成数 ÷ 计划数，保留 0.1%」改为「完成数 ÷ 计划数，保留 1%」（新.rubric:8:1）\n"
          "  约束\n"
          "    [15] 删除约束「完成数 ≤ 计划数」（原 旧.rubric:7:1）\n"
          "    [16] 增加约束「满意度 ≥ 10%」（新.rubric:7:1）\n");
    // Each edit names the third-level indicators whose score it can change.
    CHECK(edits[13].affects == std::vector<std::string>{"完成", "迁移"});  // 计算「完成率」
    CHECK(edits[4].affects == std::vector<std::string>{"满意"});
    CHECK(edits[11].affects == std::vector<std::string>{"旧指标"});  // 删除输入「旧输入」
    CHECK(diff_rulesets(parse("旧.rubric", kOld), parse("旧.rubric", kOld)).empty());
}
