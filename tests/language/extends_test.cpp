// 继承 / 修改 / 删除 / 增加 / 导入 / 规则: rulesets built on other rulesets and on stdlib.
#include "interpreter/batch.hpp"
#include "interpreter/engine.hpp"
#include "interpreter/report.hpp"
#include "interpreter/show.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace rubric;

namespace {

const std::string root = RUBRIC_SOURCE_DIR;

Engine engine() {
    LoadOptions options;
    options.library_paths = {root + "/stdlib"};
    options.ruleset_paths = {root + "/rulesets"};
    return Engine(options);
}

CompileResult compile(const std::string& text) {
    return engine().compile(root + "/tests/language/variant.rubric", text);
}

std::string published_total(const Program& program, std::string* grade = nullptr) {
    BatchResult batch = score_files(program, {root + "/examples/longhua-2021-published.csv"});
    REQUIRE(batch.problems.empty());
    REQUIRE(batch.scored.size() == 1);
    if (grade) *grade = batch.scored[0].result.grade;
    return format_total(program, batch.scored[0].result.total);
}

std::string score_of(const Program& program, const std::string& name) {
    BatchResult batch = score_files(program, {root + "/examples/longhua-2021-published.csv"});
    REQUIRE(batch.scored.size() == 1);
    for (size_t i = 0; i < program.indicators().size(); ++i)
        if (program.indicators()[i].name == name) return batch.scored[0].result.scores[i].to_string();
    FAIL("no indicator " << name);
    return {};
}

}  // namespace

TEST_CASE("a ruleset named by its short name is found and extended unchanged") {
    CompileResult c = compile("继承 \"龙华/2021\"\n");
    REQUIRE_MESSAGE(c.ok(), c.diagnostics.render_all());
    CHECK(published_total(*c.program) == "96.40");
}

TEST_CASE("moving one tier bound of Longhua 2021 changes the published record as computed by hand") {
    // 满意度 95%: with the top tier at ≥ 96% it falls to 90% ≤ x < 96% → 4 instead of 6: 96.40 − 2 = 94.40.
    CompileResult c = compile(
        "继承 \"龙华/2021\"\n"
        "修改 三级指标 公众或服务对象满意度（6分）：分档 满意度 {\n"
        "  ≥ 96%：6\n  90% ≤ x < 96%：4\n  80% ≤ x < 90%：2\n  < 80%：1\n}\n");
    REQUIRE_MESSAGE(c.ok(), c.diagnostics.render_all());
    CHECK(score_of(*c.program, "公众或服务对象满意度") == "4");
    std::string grade;
    CHECK(published_total(*c.program, &grade) == "94.40");
    CHECK(grade == "优");
}

TEST_CASE("changing points so that they no longer add up is rejected with the parent's name") {
    CompileResult c = compile("继承 \"龙华/2021\"\n修改 三级指标 重点工作完成情况（9分）\n");
    CHECK_FALSE(c.ok());
    CHECK(c.diagnostics.error_count() == 1);
    CHECK(c.diagnostics.render_all().find("error: 二级指标「效率性」的下级指标分值合计 21 分，与其分值 20 分不符") !=
          std::string::npos);
    CHECK(c.diagnostics.render_all().find("variant.rubric:2:17: note: 这里改为 9 分") != std::string::npos);
}

TEST_CASE("points moved between indicators consistently are accepted") {
    CompileResult c = compile(
        "继承 \"龙华/2021\"\n"
        "修改 三级指标 重点工作完成情况（9分）\n"
        "修改 三级指标 项目完成及时性（5分）\n");
    REQUIRE_MESSAGE(c.ok(), c.diagnostics.render_all());
    // 重点工作完成情况: 9 − 0 × 4 = 9; 项目完成及时性 97.9% × 5 = 4.895 → 4.9: 96.40 + 1 − 5.87 + 4.9 = 96.43.
    CHECK(score_of(*c.program, "重点工作完成情况") == "9");
    CHECK(score_of(*c.program, "项目完成及时性") == "4.9");
    CHECK(published_total(*c.program) == "96.43");
}

TEST_CASE("an override that matches nothing in the base is an error with a suggestion") {
    CompileResult c = compile("继承 \"龙华/2021\"\n修改 三级指标 预算执行律（6分）\n");
    CHECK_FALSE(c.ok());
    CHECK(c.diagnostics.render_all() ==
          root + "/tests/language/variant.rubric:2:1: error: 基础规则集中没有三级指标「预算执行律」；是否指「预算执行率」？\n"
                 "    2 | 修改 三级指标 预算执行律（6分）\n"
                 "      | ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
                 "1 个错误\n");
}

TEST_CASE("removing an indicator and adding another keeps the sums and scores the new one") {
    CompileResult c = compile(
        "继承 \"龙华/2021\"\n"
        "删除 三级指标 编外人员控制率\n"
        "增加 到 二级指标 人员管理 {\n"
        "  三级指标 人员培训（1分）：若 开展培训 则 1 否则 0\n"
        "}\n"
        "输入 开展培训：是否\n");
    REQUIRE_MESSAGE(c.ok(), c.diagnostics.render_all());
    // The published record has no 开展培训 column: it is rejected, naming it.
    BatchResult batch = score_files(*c.program, {root + "/examples/longhua-2021-published.csv"});
    CHECK(batch.bad_records == 1);
    bool named = false;
    for (const auto& p : batch.problems) named = named || p.message == "第 2 行：缺少列「开展培训」";
    CHECK(named);
}

TEST_CASE("changes without 继承 are refused") {
    CompileResult c = compile("修改 三级指标 预算执行率（7分）\n");
    CHECK(c.diagnostics.render_all().find("「修改」只能用在继承了其他规则集（「继承 …」）的文件里") != std::string::npos);
}

TEST_CASE("an unknown base is reported with the known short names") {
    CompileResult c = compile("继承 \"龙华/2022\"\n");
    CHECK_FALSE(c.ok());
    CHECK(c.diagnostics.render_all().find("找不到要继承的规则集「龙华/2022」；是否指「龙华/2021」？") != std::string::npos);
}

TEST_CASE("a named rule takes its points from where it is used, and its arguments") {
    CompileResult c = compile(
        "导入 \"共性指标/固定资产\"\n"
        "输入 单位：文本，主键\n"
        "指标体系（100分）{ 一级指标 甲（100分）{ 二级指标 乙（100分）{\n"
        "  三级指标 固定资产利用率（100分）：固定资产利用率得分(70, 40)\n"
        "} } }\n"
        "等级 { ≥ 60：合格  < 60：不合格 }\n");
    REQUIRE_MESSAGE(c.ok(), c.diagnostics.render_all());
    // Only what is used comes in: the two amounts, their two constraints, the rate.
    CHECK(c.program->inputs().size() == 3);
    CHECK(c.program->constraints().size() == 2);
    Record r;
    r.key = "甲";
    r.values = {Decimal{}, *Decimal::parse("80"), *Decimal::parse("100")};  // 80 of 100 in use: 80.0% → 70
    Result result = c.program->evaluate(r, {true});
    REQUIRE(result.scored);
    CHECK(result.total.to_string() == "70");
    CHECK(result.explain.find("按规则「固定资产利用率得分」计分（第二档得分 = 70，第三档得分 = 40）") != std::string::npos);
    CHECK(result.explain.find("分档「固定资产利用率」= 80.0%，落在「90% > x ≥ 75%」档 → 70") != std::string::npos);
}

TEST_CASE("a named rule given the wrong number of arguments is an error") {
    CompileResult c = compile(
        "导入 \"共性指标/固定资产\"\n"
        "输入 单位：文本，主键\n"
        "指标体系（100分）{ 一级指标 甲（100分）{ 二级指标 乙（100分）{\n"
        "  三级指标 固定资产利用率（100分）：固定资产利用率得分(70)\n"
        "} } }\n"
        "等级 { ≥ 60：合格  < 60：不合格 }\n");
    CHECK(c.diagnostics.render_all().find("规则「固定资产利用率得分」需要 2 个参数，这里给了 1 个") != std::string::npos);
}

TEST_CASE("rubric show marks where each part came from") {
    DiagnosticList d;
    ParsedRuleset loaded = engine().load(root + "/rulesets/pingshan-2020.rubric", d);
    REQUIRE(d.empty());
    std::string shown = show_ruleset(loaded);
    CHECK(shown.find("输入 政府采购实际金额：金额 万元    # " + root + "/stdlib/共性指标/政府采购.rubric:6") != std::string::npos);
    CHECK(shown.find("三级指标 政府采购执行率（2分）：政府采购执行率得分    # " + root + "/rulesets/pingshan-2020.rubric:") !=
          std::string::npos);
}
