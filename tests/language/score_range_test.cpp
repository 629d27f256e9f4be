// The score range check: interval arithmetic over the graph, from the kinds,
// ranges and constraints of the inputs.
#include "interpreter/engine.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace rubric;

namespace {

const std::string root = RUBRIC_SOURCE_DIR;

CompileResult compile(const std::string& text) {
    LoadOptions options;
    options.library_paths = {root + "/stdlib"};
    options.ruleset_paths = {root + "/rulesets"};
    return Engine(options).compile("variant.rubric", text);
}

}  // namespace

TEST_CASE("Pingshan 2020's misprinted 已完成项目数 ÷ 未完成项目数 × 7, written literally, is caught with its interval") {
    CompileResult c = compile(
        "继承 \"坪山/2020\"\n"
        "输入 未完成项目数：计数 个\n"
        "修改 三级指标 项目完成及时性（7分）：按期完成项目数 ÷ 未完成项目数 × 7\n");
    CHECK_FALSE(c.ok());
    CHECK(c.diagnostics.render_all() ==
          "variant.rubric:3:21: error: 三级指标「项目完成及时性」的得分可能超过分值 7 分："
          "按各输入的类型、取值范围和约束推算，得分在 [0, +∞) 之间\n"
          "    3 | 修改 三级指标 项目完成及时性（7分）：按期完成项目数 ÷ 未完成项目数 × 7\n"
          "      |                                      ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
          "variant.rubric:3:31: warning: 除数「未完成项目数」可能为 0，没有约束排除这种情况；可加「约束 未完成项目数 > 0」\n"
          "    3 | 修改 三级指标 项目完成及时性（7分）：按期完成项目数 ÷ 未完成项目数 × 7\n"
          "      |                                                       ^~~~~~~~~~~~\n"
          "1 个错误，1 个警告\n");
}

TEST_CASE("the ratio of a count to one it is constrained not to exceed stays within the points") {
    // 按期完成项目数 ≤ 计划项目数 (a constraint) keeps 按期完成项目数 ÷ 计划项目数 × 7 within [0, 7].
    CompileResult c = compile(
        "继承 \"坪山/2020\"\n"
        "修改 三级指标 项目完成及时性（7分）：按期完成项目数 ÷ 计划项目数 × 7\n");
    CHECK(c.ok());
    CHECK(c.diagnostics.render_all() == "");
}

TEST_CASE("a judgment range wider than the indicator's points is an error") {
    CompileResult c = compile("继承 \"龙华/2021\"\n修改 输入 效果性得分：评分 [0, 25]\n");
    CHECK_FALSE(c.ok());
    CHECK(c.diagnostics.render_all().find(
              "error: 三级指标「社会效益、经济效益、生态效益及可持续影响等」的得分可能超过分值 20 分："
              "按各输入的类型、取值范围和约束推算，得分在 [0, 25] 之间") != std::string::npos);
}

TEST_CASE("a score that can never reach full points is a warning") {
    CompileResult c = compile("继承 \"龙华/2021\"\n修改 三级指标 管理制度健全性（3分）：管理制度健全性得分 × 0.9\n");
    CHECK(c.ok());
    CHECK(c.diagnostics.render_all() ==
          "variant.rubric:2:21: warning: 三级指标「管理制度健全性」永远得不到满分 3 分："
          "按各输入的类型、取值范围和约束推算，得分在 [0, 2.7] 之间\n"
          "    2 | 修改 三级指标 管理制度健全性（3分）：管理制度健全性得分 × 0.9\n"
          "      |                                      ^~~~~~~~~~~~~~~~~~~~~~~~\n"
          "1 个警告\n");
}

TEST_CASE("a score that can fall below 0 is an error") {
    CompileResult c = compile("继承 \"龙华/2021\"\n修改 三级指标 管理制度健全性（3分）：管理制度健全性得分 − 1\n");
    CHECK(c.diagnostics.render_all().find("三级指标「管理制度健全性」的得分可能低于 0 分：按各输入的类型、取值范围和约束推算，"
                                          "得分在 [-1, 2] 之间") != std::string::npos);
}

TEST_CASE("a veto on actual > plan keeps actual ÷ plan × points within the points") {
    // 政府采购执行率得分 = 执行率 × 分值，否决 若 实际 > 计划: on the branch that scores, 实际 ≤ 计划.
    CompileResult c = compile(
        "导入 \"共性指标/政府采购\"\n输入 单位：文本，主键\n"
        "指标体系（100分）{ 一级指标 甲（100分）{ 二级指标 乙（100分）{\n"
        "  三级指标 政府采购执行率（100分）：政府采购执行率得分\n} } }\n等级 { ≥ 60：合格  < 60：不合格 }\n");
    CHECK(c.ok());
    CHECK(c.diagnostics.render_all() == "");
    CompileResult without_veto = compile(
        "导入 \"共性指标/政府采购\"\n输入 单位：文本，主键\n"
        "指标体系（100分）{ 一级指标 甲（100分）{ 二级指标 乙（100分）{\n"
        "  三级指标 政府采购执行率（100分）：政府采购执行率 × 100\n} } }\n等级 { ≥ 60：合格  < 60：不合格 }\n");
    CHECK(without_veto.diagnostics.render_all().find("得分在 [0, +∞) 之间") != std::string::npos);
}

TEST_CASE("every shipped ruleset passes the range check without a message") {
    for (const char* name : {"longhua-2021", "pingshan-2020", "pingshan-2021-project"}) {
        CAPTURE(name);
        LoadOptions options;
        options.library_paths = {root + "/stdlib"};
        CompileResult c = Engine(options).compile_file(root + "/rulesets/" + name + ".rubric");
        CHECK(c.ok());
        CHECK(c.diagnostics.render_all() == "");
    }
}
