// Seeds 001 and 003: Pingshan's published sheets, every third-level score.
#include "interpreter/batch.hpp"
#include "interpreter/engine.hpp"
#include "interpreter/report.hpp"

#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

using namespace rubric;

namespace {

struct Sheet {
    std::shared_ptr<const Program> program;
    BatchResult batch;
};

Sheet score(const std::string& ruleset, const std::vector<std::string>& files) {
    CompileResult compiled = Engine{}.compile_file(std::string(RUBRIC_SOURCE_DIR) + "/" + ruleset);
    REQUIRE_MESSAGE(compiled.ok(), compiled.diagnostics.render_all());
    CHECK(compiled.diagnostics.render_all() == "");
    std::vector<std::string> paths;
    for (const std::string& f : files) paths.push_back(std::string(RUBRIC_SOURCE_DIR) + "/" + f);
    BatchResult batch = score_files(*compiled.program, paths);
    REQUIRE(batch.problems.empty());
    REQUIRE(batch.scored.size() == 1);
    return {compiled.program, std::move(batch)};
}

void check_leaves(const Sheet& s, const std::vector<std::pair<std::string, std::string>>& published) {
    const auto leaves = s.program->leaf_indicators();
    REQUIRE(leaves.size() == published.size());
    for (size_t k = 0; k < leaves.size(); ++k) {
        const auto i = static_cast<size_t>(leaves[k]);
        CAPTURE(published[k].first);
        CHECK(s.program->indicators()[i].name == published[k].first);
        CHECK(s.batch.scored[0].result.scores[i].to_string() == published[k].second);
    }
}

}  // namespace

TEST_CASE("Pingshan 2020 (seed 001): every printed score, total 96.63") {
    Sheet s = score("rulesets/pingshan-2020.rubric", {"examples/pingshan-2020-published.csv"});
    check_leaves(s, {{"预算编制合理性", "5"}, {"预算编制规范性", "5"}, {"绩效目标完整性", "5"}, {"绩效指标明确性", "5"},
                     {"部门预算资金支出率", "5"}, {"结转结余率", "3"}, {"政府采购执行率", "1.63"}, {"财务合规性", "4"},
                     {"预决算信息公开性", "4"}, {"项目实施程序", "2"}, {"项目监管", "5"}, {"资产管理安全性", "2"},
                     {"固定资产利用率", "3"}, {"财政供养人员控制率", "2"}, {"管理制度健全性", "4"},
                     {"公用经费控制率", "8"}, {"重点工作完成率", "7"}, {"项目完成及时性", "7"},
                     {"社会经济生态效益", "13"}, {"群众信访办理情况", "2"}, {"公众或服务对象满意度", "4"}});
    CHECK(format_total(*s.program, s.batch.scored[0].result.total) == "96.63");
    CHECK(s.batch.scored[0].result.grade == "优");
}

TEST_CASE("Pingshan 2021 招商引资 project (seed 003): every printed score, total 98, 优") {
    // 引进 10 亿元以上项目数 1 个 (20) comes from the Lua hook over the 个性化绩效指标 rows.
    Sheet s = score("rulesets/pingshan-2021-project.rubric",
                    {"examples/pingshan-2021-project-published.csv", "examples/pingshan-2021-project-indicators.csv"});
    check_leaves(s, {{"立项依据充分性", "5"}, {"过程规范性", "5"}, {"绩效目标明确性", "4"}, {"管理组织机构健全性", "5"},
                     {"预算资金保障程度", "5"}, {"预算调整的及时规范性", "5"}, {"制度设计有效性", "5"},
                     {"政府采购合规性", "5"}, {"合同签订管理规范", "5"}, {"资金支出规范性", "3"}, {"会计核算规范性", "2"},
                     {"重点工作任务完成率", "10"}, {"重点工作任务质量达标情况", "10"}, {"重点工作任务按期完成率", "5"},
                     {"引进 10 亿元以上项目数 1 个", "20"}, {"社会公众或服务对象对项目实施效果的满意程度", "4"}});
    CHECK(format_total(*s.program, s.batch.scored[0].result.total) == "98.00");
    CHECK(s.batch.scored[0].result.grade == "优");
}

TEST_CASE("Pingshan 2021 project: the shipped hook computes the published 社会效益 score") {
    CompileResult compiled = Engine{}.compile_file(std::string(RUBRIC_SOURCE_DIR) + "/rulesets/pingshan-2021-project.rubric");
    REQUIRE(compiled.ok());
    const Program& program = *compiled.program;
    REQUIRE(program.hooks().size() == 1);
    CHECK(program.hooks()[0].function == "completion_rate");
    EvaluateOptions explain;
    explain.explain = true;
    BatchResult batch = score_files(program, {std::string(RUBRIC_SOURCE_DIR) + "/examples/pingshan-2021-project-published.csv",
                                              std::string(RUBRIC_SOURCE_DIR) + "/examples/pingshan-2021-project-indicators.csv"},
                                    explain);
    REQUIRE(batch.scored.size() == 1);
    const std::string& trace = batch.scored[0].result.explain;
    CHECK(trace.find("：读取 明细「个性化绩效指标」；返回 个性化指标完成率 = 100%\n"
                     "    引进 10 亿元以上项目数：1 ÷ 1 = 100%\n"
                     "  得分 = 个性化指标完成率 × 20 = 100% × 20 = 20\n") != std::string::npos);
}
