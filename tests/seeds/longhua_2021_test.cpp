// Seed 004: 深圳市龙华区工业和信息化局 2021 年度部门整体支出绩效自评表.
// The published sheet's every third-level score, subtotal, total and grade.
#include "interpreter/batch.hpp"
#include "interpreter/engine.hpp"
#include "interpreter/report.hpp"

#include <doctest/doctest.h>

#include <map>
#include <string>

using namespace rubric;

namespace {

const std::string ruleset_path = std::string(RUBRIC_SOURCE_DIR) + "/rulesets/longhua-2021.rubric";
const std::string published_path = std::string(RUBRIC_SOURCE_DIR) + "/examples/longhua-2021-published.csv";

struct Scored {
    std::shared_ptr<const Program> program;
    BatchResult batch;
};

Scored score_published(bool explain = false) {
    CompileResult compiled = Engine{}.compile_file(ruleset_path);
    REQUIRE_MESSAGE(compiled.ok(), compiled.diagnostics.render_all());
    BatchResult batch = score_files(*compiled.program, {published_path}, EvaluateOptions{explain});
    return {compiled.program, std::move(batch)};
}

std::string score_of(const Scored& s, const std::string& indicator) {
    const auto& indicators = s.program->indicators();
    for (size_t i = 0; i < indicators.size(); ++i)
        if (indicators[i].name == indicator) return s.batch.scored.at(0).result.scores[i].to_string();
    FAIL("no indicator " << indicator);
    return {};
}

}  // namespace

TEST_CASE("the Longhua 2021 ruleset compiles without errors or warnings") {
    CompileResult compiled = Engine{}.compile_file(ruleset_path);
    CHECK(compiled.ok());
    CHECK(compiled.diagnostics.render_all() == "");
    CHECK(compiled.program->leaf_indicators().size() == 21);
    CHECK(compiled.program->inputs().size() == 52);
}

TEST_CASE("the published record scores every third-level indicator as seed 004 prints it") {
    Scored s = score_published();
    REQUIRE(s.batch.problems.empty());
    REQUIRE(s.batch.scored.size() == 1);
    const std::map<std::string, std::string> published = {
        {"预算编制合理性", "5"},      {"预算编制规范性", "5"},
        {"绩效目标完整性", "8"},      {"绩效指标明确性", "7"},
        {"政府采购执行情况", "1.75"}, {"财务合规性", "2"},
        {"预决算信息公开", "3"},      {"项目实施程序", "2"},
        {"项目监管", "2"},            {"资产管理安全性", "2"},
        {"固定资产利用率", "1"},      {"财政供养人员控制率", "1"},
        {"编外人员控制率", "0"},      {"管理制度健全性", "3"},
        {"公用经费控制率", "5"},      {"预算执行率", "5.78"},
        {"重点工作完成情况", "8"},    {"项目完成及时性", "5.87"},
        {"社会效益、经济效益、生态效益及可持续影响等", "20"},
        {"群众信访办理情况", "3"},    {"公众或服务对象满意度", "6"},
    };
    CHECK(published.size() == 21);
    for (const auto& [name, score] : published) {
        CAPTURE(name);
        CHECK(score_of(s, name) == score);
    }
}

TEST_CASE("the published record's subtotals, total and grade") {
    Scored s = score_published();
    REQUIRE(s.batch.scored.size() == 1);
    CHECK(score_of(s, "部门决策") == "25");
    CHECK(score_of(s, "部门管理") == "17.75");
    CHECK(score_of(s, "部门绩效") == "53.65");
    const Result& r = s.batch.scored[0].result;
    CHECK(format_total(*s.program, r.total) == "96.40");
    CHECK(r.grade == "优");
    CHECK(s.batch.scored[0].key == "深圳市龙华区工业和信息化局");
}

TEST_CASE("explain shows the quarterly execution rates, the capped parts and the rounding") {
    Scored s = score_published(true);
    REQUIRE(s.batch.scored.size() == 1);
    const std::string& e = s.batch.scored[0].result.explain;
    CHECK(e.find("一季度执行率 = 第一季度累计支出进度 ÷ 25% = 19.5% ÷ 25% = 78.0%（保留 0.1%）") != std::string::npos);
    CHECK(e.find("二季度执行率 = 第二季度累计支出进度 ÷ 50% = 72.5% ÷ 50% = 145.0%（保留 0.1%）") != std::string::npos);
    CHECK(e.find("三季度执行率 = 第三季度累计支出进度 ÷ 75% = 79.9% ÷ 75% = 106.5333…% → 106.5%（保留 0.1%）") != std::string::npos);
    CHECK(e.find("四季度执行率 = 第四季度累计支出进度 ÷ 100% = 99.8% ÷ 100% = 99.8%（保留 0.1%）") != std::string::npos);
    CHECK(e.find("全年平均执行率 = (一季度执行率 + 二季度执行率 + 三季度执行率 + 四季度执行率) ÷ 4 = "
                 "(78.0% + 145.0% + 106.5% + 99.8%) ÷ 4 = 107.325% → 107.3%（保留 0.1%）") != std::string::npos);
    CHECK(e.find("得分 = 一季度执行率 × 1 = 78.0% × 1 = 0.78\n") != std::string::npos);
    CHECK(e.find("得分 = 二季度执行率 × 1 = 145.0% × 1 = 1.45 → 封顶 1\n") != std::string::npos);
    CHECK(e.find("得分 = 三季度执行率 × 1 = 106.5% × 1 = 1.065 → 封顶 1\n") != std::string::npos);
    CHECK(e.find("得分 = 四季度执行率 × 1 = 99.8% × 1 = 0.998\n") != std::string::npos);
    CHECK(e.find("得分 = 全年平均执行率 × 2 = 107.3% × 2 = 2.146 → 封顶 2\n") != std::string::npos);
    CHECK(e.find("合计 0.78 + 1 + 1 + 0.998 + 2 = 5.778\n") != std::string::npos);
    CHECK(e.find("得分 = 5.778 → 5.78（保留 0.01 四舍五入）") != std::string::npos);
}

TEST_CASE("explain shows 项目完成及时性 as 47/48 → 97.9% → 5.874 → 5.87") {
    Scored s = score_published(true);
    REQUIRE(s.batch.scored.size() == 1);
    const std::string& e = s.batch.scored[0].result.explain;
    CHECK(e.find("项目完成率 = 按期完成项目数 ÷ 计划项目数 = 47 ÷ 48 = 97.9166…% → 97.9%（保留 0.1%）") != std::string::npos);
    CHECK(e.find("得分 = 项目完成率 × 分值 = 97.9% × 6 = 5.874\n") != std::string::npos);
    CHECK(e.find("得分 = 5.874 → 5.87（保留 0.01 四舍五入）") != std::string::npos);
}

TEST_CASE("explain shows the government procurement rate and the budget adjustment penalty") {
    Scored s = score_published(true);
    REQUIRE(s.batch.scored.size() == 1);
    const std::string& e = s.batch.scored[0].result.explain;
    CHECK(e.find("政府采购执行率 = 政府采购实际金额 ÷ 政府采购计划金额 = 611.29 ÷ 819.38 = 74.6039…% → 74.6%（保留 0.1%）") !=
          std::string::npos);
    CHECK(e.find("合计 0.746 + 1 = 1.746") != std::string::npos);
    CHECK(e.find("「预算调整幅度」= 83.7%，超过 10% 的部分 73.7% ÷ 1% × 0.1 = 7.37：1 − 7.37 = -6.37 → 扣完为止，得 0") !=
          std::string::npos);
    CHECK(e.find("编外人员控制率 = 编外人员数 ÷ (在编人数 + 编外人员数) = 47 ÷ (28 + 47) = 62.6666…% → 62.7%（保留 0.1%）") !=
          std::string::npos);
    CHECK(e.find("总分 96.40，等级 优") != std::string::npos);
}

TEST_CASE("the CSV report of the published record") {
    Scored s = score_published();
    CHECK(format_csv(*s.program, s.batch.scored) ==
          "单位,预算编制合理性,预算编制规范性,绩效目标完整性,绩效指标明确性,政府采购执行情况,财务合规性,预决算信息公开,"
          "项目实施程序,项目监管,资产管理安全性,固定资产利用率,财政供养人员控制率,编外人员控制率,管理制度健全性,"
          "公用经费控制率,预算执行率,重点工作完成情况,项目完成及时性,社会效益、经济效益、生态效益及可持续影响等,"
          "群众信访办理情况,公众或服务对象满意度,总分,等级\r\n"
          "深圳市龙华区工业和信息化局,5,5,8,7,1.75,2,3,2,2,2,1,1,0,3,5,5.78,8,5.87,20,3,6,96.40,优\r\n");
}

TEST_CASE("evaluation is deterministic: the same record twice gives the same bytes") {
    Scored a = score_published(true);
    Scored b = score_published(true);
    CHECK(format_json(*a.program, a.batch.scored) == format_json(*b.program, b.batch.scored));
}
