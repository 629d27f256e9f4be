// Rubric tests (interpreter/case_runner.hpp): the shipped cases files pass,
// and a wrong expectation, an unknown 期望 column, 期望:错误 and the report
// text behave as docs/rubric-tests.md says.
#include "interpreter/case_runner.hpp"
#include "interpreter/csv_reader.hpp"
#include "interpreter/engine.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using namespace rubric;

namespace {

const std::string root = RUBRIC_SOURCE_DIR;

const Program& compiled(const std::string& name) {
    static std::map<std::string, CompileResult> cache;
    auto it = cache.find(name);
    if (it == cache.end()) it = cache.emplace(name, Engine{}.compile_file(root + "/rulesets/" + name + ".rubric")).first;
    REQUIRE_MESSAGE(it->second.ok(), it->second.diagnostics.render_all());
    return *it->second.program;
}

const Program& longhua() { return compiled("longhua-2021"); }

std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> out;
    std::stringstream in(line);
    std::string cell;
    while (std::getline(in, cell, ',')) out.push_back(cell);
    return out;
}

std::string join(const std::vector<std::string>& cells) {
    std::string out;
    for (size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + cells[i];
    return out;
}

// The published Longhua record: its header and its one row.
struct Published {
    std::vector<std::string> header, row;
};

Published published_longhua() {
    std::ifstream in(root + "/examples/longhua-2021-published.csv");
    std::string header, row;
    std::getline(in, header);
    std::getline(in, row);
    return {split(header), split(row)};
}

// A cases table: 用例, the published inputs (with `changes`), then `expect` columns.
struct Row {
    std::string name;
    std::map<std::string, std::string> changes;
    std::vector<std::string> expected;  // one per expect column
};

RawTable cases_table(const std::vector<std::string>& expect, const std::vector<Row>& rows) {
    Published p = published_longhua();
    std::vector<std::string> header{"用例"};
    header.insert(header.end(), p.header.begin(), p.header.end());
    header.insert(header.end(), expect.begin(), expect.end());
    std::string csv = join(header) + "\n";
    for (const Row& r : rows) {
        std::vector<std::string> cells{r.name};
        for (size_t i = 0; i < p.header.size(); ++i) {
            auto c = r.changes.find(p.header[i]);
            cells.push_back(c == r.changes.end() ? p.row[i] : c->second);
        }
        REQUIRE(r.expected.size() == expect.size());
        cells.insert(cells.end(), r.expected.begin(), r.expected.end());
        csv += join(cells) + "\n";
    }
    return read_csv("cases.csv", csv);
}

}  // namespace

TEST_CASE("cases_path_for puts the cases file beside the ruleset") {
    CHECK(cases_path_for("rulesets/longhua-2021.rubric") == "rulesets/longhua-2021.cases.csv");
    CHECK(cases_path_for("/a/b.rubric/x.rubric") == "/a/b.rubric/x.cases.csv");
    CHECK(cases_path_for("rulesets/x") == "rulesets/x.cases.csv");
}

TEST_CASE("every shipped cases file passes") {
    const std::map<std::string, size_t> counts = {
        {"longhua-2021", 26}, {"pingshan-2020", 11}, {"pingshan-2021-project", 8}};
    for (const auto& [name, count] : counts) {
        CAPTURE(name);
        const Program& program = compiled(name);
        const std::string path = cases_path_for("rulesets/" + name + ".rubric");
        CaseReport report = run_cases(program, read_csv_file(root + "/" + path));
        std::string text = format_case_report(program, path, report);
        CAPTURE(text);
        CHECK(report.problems.empty());
        CHECK(report.cases.size() == count);
        CHECK(report.passed == count);
        CHECK(report.failed == 0);
        CHECK(report.ok());
        CHECK(text.starts_with(path + "：" + std::to_string(count) + " 个用例，" + std::to_string(count) +
                               " 个通过，0 个失败\n"));
        // The published record comes first, with every third-level score checked.
        REQUIRE_FALSE(report.cases.empty());
        CHECK(report.cases[0].name.starts_with("公开记录"));
        CHECK(report.cases[0].row == 2);
    }
}

TEST_CASE("the shipped Longhua file checks every third-level score of the published record") {
    RawTable table = read_csv_file(root + "/rulesets/longhua-2021.cases.csv");
    REQUIRE(table.problems.empty());
    size_t expect_columns = 0;
    for (const std::string& c : table.columns) expect_columns += c.starts_with("期望:");
    CHECK(expect_columns == 21 + 3 + 3);  // leaves, 一级 subtotals, 总分 等级 错误
    REQUIRE_FALSE(table.records.empty());
    for (size_t j = 0; j < table.columns.size(); ++j)
        if (table.columns[j].starts_with("期望:") && table.columns[j] != "期望:错误") {
            CAPTURE(table.columns[j]);
            CHECK_FALSE(table.records[0].cells[j].value_or("").empty());
        }
}

TEST_CASE("expected numbers compare as exact decimals; 期望：with a full-width colon works") {
    RawTable t = cases_table({"期望:预算执行率", "期望:总分", "期望：等级", "期望:资金管理"},
                             {{"写法不同的同一个数", {}, {"5.780", "96.4", "优", "6.75"}},
                              {"空格不检查", {}, {"", "", "", ""}}});
    CaseReport r = run_cases(longhua(), t);
    CHECK(r.problems.empty());
    CHECK(r.passed == 2);
    CHECK(r.failed == 0);
}

TEST_CASE("a wrong expectation fails with the exact check and the indicator's explain lines") {
    RawTable t = cases_table({"期望:预算执行率", "期望:部门绩效", "期望:总分", "期望:等级"},
                             {{"预算执行率写错", {}, {"5.77", "53.65", "96.40", "优"}}});
    CaseReport r = run_cases(longhua(), t);
    REQUIRE(r.cases.size() == 1);
    const CaseResult& c = r.cases[0];
    CHECK_FALSE(c.passed);
    CHECK(c.row == 2);
    CHECK(c.name == "预算执行率写错");
    REQUIRE(c.failures.size() == 1);
    CHECK(c.failures[0].what == "预算执行率");
    CHECK(c.failures[0].expected == "5.77");
    CHECK(c.failures[0].actual == "5.78");
    CHECK(c.problems.empty());
    CHECK(c.explain.starts_with("【部门绩效 / 效率性 / 预算执行率】（6 分）得分 5.78\n"));
    CHECK(c.explain.find("  合计 0.78 + 1 + 1 + 0.998 + 2 = 5.778\n") != std::string::npos);
    CHECK(c.explain.ends_with("  得分 = 5.778 → 5.78（保留 0.01 四舍五入）\n"));
    CHECK(r.passed == 0);
    CHECK(r.failed == 1);
    CHECK_FALSE(r.ok());
}

TEST_CASE("a wrong subtotal, total or grade is explained by its parts") {
    RawTable t = cases_table({"期望:部门管理", "期望:总分", "期望:等级"}, {{"", {}, {"17.7", "96.4", "良"}}});
    CaseReport r = run_cases(longhua(), t);
    REQUIRE(r.cases.size() == 1);
    const CaseResult& c = r.cases[0];
    CHECK(c.name == "第 2 行");
    REQUIRE(c.failures.size() == 2);
    CHECK(c.failures[0].what == "部门管理");
    CHECK(c.failures[0].actual == "17.75");
    CHECK(c.failures[1].what == "等级");
    CHECK(c.failures[1].expected == "良");
    CHECK(c.failures[1].actual == "优");
    CHECK(c.explain ==
          "【部门管理】（20 分）小计 17.75\n"
          "  资金管理（8 分）小计 6.75\n"
          "  项目管理（4 分）小计 4\n"
          "  资产管理（3 分）小计 3\n"
          "  人员管理（2 分）小计 1\n"
          "  制度管理（3 分）小计 3\n"
          "总分 96.40，等级 优\n"
          "  一级指标「部门决策」（25 分）小计 25\n"
          "  一级指标「部门管理」（20 分）小计 17.75\n"
          "  一级指标「部门绩效」（55 分）小计 53.65\n");
}

TEST_CASE("an unknown 期望 column is a file-level problem with a did-you-mean") {
    RawTable t = cases_table({"期望:预算执行", "期望:总分", "期望总分"}, {{"公开记录", {}, {"5.78", "96.40", "96.40"}}});
    CaseReport r = run_cases(longhua(), t);
    REQUIRE(r.problems.size() == 2);
    CHECK(r.problems[0].row == 0);
    CHECK(r.problems[0].column == "期望:预算执行");
    CHECK(r.problems[0].message ==
          "列「期望:预算执行」不是本规则集的指标，也不是总分、等级或错误，这一列未检查；是否指「期望:预算执行率」？");
    CHECK(r.problems[1].message == "列「期望总分」：期望列的列名应写作「期望:指标名」（如「期望:总分」），这一列未检查");
    // The cases themselves still run; the report fails because of the file.
    CHECK(r.passed == 1);
    CHECK(r.failed == 0);
    CHECK_FALSE(r.ok());
    CHECK(format_case_report(longhua(), "cases.csv", r) ==
          "cases.csv：1 个用例，1 个通过，0 个失败；文件有 2 个问题\n"
          "✗ 列「期望:预算执行」不是本规则集的指标，也不是总分、等级或错误，这一列未检查；是否指「期望:预算执行率」？\n"
          "✗ 列「期望总分」：期望列的列名应写作「期望:指标名」（如「期望:总分」），这一列未检查\n"
          "✓ 用例「公开记录」（第 2 行）\n");
}

TEST_CASE("an input column the ruleset lacks is reported once for the file") {
    Published p = published_longhua();
    std::string header = join(p.header), row = join(p.row);
    header.replace(header.find("满意度"), std::string("满意度").size(), "满意度%");
    CaseReport r = run_cases(longhua(), read_csv("cases.csv", header + ",期望:总分\n" + row + ",96.40\n"));
    REQUIRE_FALSE(r.problems.empty());
    CHECK(r.problems[0].message == "表中没有列「满意度」；是否指「满意度%」？");
    REQUIRE(r.cases.size() == 1);
    CHECK(r.cases[0].rejected);
    CHECK(r.cases[0].problems == std::vector<std::string>{"缺少列「满意度」"});
    CHECK(r.cases[0].failures.size() == 1);  // 总分 could not be checked
}

TEST_CASE("期望:错误 passes when the record is rejected with that text, fails when it is scored") {
    const std::string constraint = "不满足约束「按期完成项目数 ≤ 计划项目数」";
    RawTable t = cases_table({"期望:总分", "期望:错误"},
                             {{"被拒绝", {{"按期完成项目数", "49"}}, {"", constraint}},
                              {"单元格有误也算被拒绝", {{"满意度", "101"}}, {"", "百分比应在 0 到 100 之间"}},
                              {"没有被拒绝", {}, {"", constraint}},
                              {"被拒绝但提示不同", {{"按期完成项目数", "49"}}, {"", "满意度"}},
                              {"被拒绝还期望得分", {{"按期完成项目数", "49"}}, {"96.40", constraint}}});
    CaseReport r = run_cases(longhua(), t);
    REQUIRE(r.cases.size() == 5);
    CHECK(r.cases[0].passed);
    CHECK(r.cases[1].passed);

    CHECK_FALSE(r.cases[2].passed);
    CHECK_FALSE(r.cases[2].rejected);
    REQUIRE(r.cases[2].failures.size() == 1);
    CHECK(r.cases[2].failures[0].what == "错误");
    CHECK(r.cases[2].failures[0].expected == constraint);
    CHECK(r.cases[2].failures[0].actual == "已评分（总分 96.40，等级 优）");

    REQUIRE(r.cases[3].failures.size() == 1);
    CHECK(r.cases[3].failures[0].actual ==
          "提示：不满足约束「按期完成项目数 ≤ 计划项目数」（按期完成项目数 = 49，计划项目数 = 48）");
    CHECK(r.cases[3].problems.empty());

    REQUIRE(r.cases[4].failures.size() == 1);
    CHECK(r.cases[4].failures[0].what == "总分");
    CHECK(r.cases[4].failures[0].actual == "记录被拒绝，未评分");
    CHECK(r.passed == 2);
    CHECK(r.failed == 3);
}

TEST_CASE("a record rejected without 期望:错误 fails with its problems") {
    RawTable t = cases_table({"期望:总分"}, {{"约束", {{"按期完成项目数", "49"}}, {"96.40"}},
                                            {"单元格", {{"满意度", "九十五"}, {"在编人数", "-1"}}, {""}}});
    CaseReport r = run_cases(longhua(), t);
    REQUIRE(r.cases.size() == 2);
    CHECK(r.cases[0].rejected);
    CHECK(r.cases[0].problems ==
          std::vector<std::string>{"不满足约束「按期完成项目数 ≤ 计划项目数」（按期完成项目数 = 49，计划项目数 = 48）"});
    CHECK(r.cases[1].rejected);
    // In the order of the ruleset's inputs (its own, then the imported ones), as `rubric eval` reports them.
    CHECK(r.cases[1].problems == std::vector<std::string>{"「满意度」应为百分数（如 19.5 或 19.5%），实际是「九十五」",
                                                          "「在编人数」计数必须是不小于 0 的整数，不能为负数，实际是 -1"});
    CHECK(r.problems.empty());
}

TEST_CASE("an expected cell that is not a number fails its case") {
    RawTable t = cases_table({"期望:预算执行率", "期望:总分"}, {{"", {}, {"五", "96.40"}}});
    CaseReport r = run_cases(longhua(), t);
    REQUIRE(r.cases.size() == 1);
    CHECK_FALSE(r.cases[0].passed);
    CHECK_FALSE(r.cases[0].rejected);
    CHECK(r.cases[0].problems == std::vector<std::string>{"「期望:预算执行率」应为数字（如 5.78），实际是「五」"});
    CHECK(r.cases[0].failures.empty());
}

TEST_CASE("cases may share a key: each row is bound on its own") {
    RawTable t = cases_table({"期望:总分"}, {{"一", {}, {"96.40"}}, {"二", {}, {"96.40"}}});
    CaseReport r = run_cases(longhua(), t);
    CHECK(r.passed == 2);
    CHECK(r.problems.empty());
}

TEST_CASE("an unreadable or empty cases file is a file-level problem") {
    CaseReport missing = run_cases(longhua(), read_csv_file(root + "/rulesets/no-such.cases.csv"));
    CHECK(missing.cases.empty());
    REQUIRE(missing.problems.size() == 1);
    CHECK_FALSE(missing.ok());

    CaseReport empty = run_cases(longhua(), read_csv("cases.csv", join(published_longhua().header) + ",期望:总分\n"));
    REQUIRE(empty.problems.size() == 1);
    CHECK(empty.problems[0].message == "文件中没有用例：表头下面没有数据行");
    CHECK_FALSE(empty.ok());

    // A row the reader dropped (more cells than the header) is reported, not silently lost.
    Published p = published_longhua();
    CaseReport shifted = run_cases(longhua(), read_csv("cases.csv", join(p.header) + "\n" + join(p.row) + ",x\n" +
                                                                        join(p.row) + "\n"));
    CHECK(shifted.cases.size() == 1);
    REQUIRE(shifted.problems.size() == 1);
    CHECK(shifted.problems[0].row == 2);
    CHECK_FALSE(shifted.ok());
}

TEST_CASE("the report text of a small failing file") {
    RawTable t = cases_table(
        {"期望:固定资产利用率", "期望:总分", "期望:等级", "期望:错误"},
        {{"公开记录", {}, {"1", "96.40", "优", ""}},
         {"利用率 90% 误以为 0.7 分", {{"在用固定资产总额", "900"}, {"固定资产总额", "1000"}}, {"0.7", "96.10", "优", ""}},
         {"", {{"在用固定资产总额", "1001"}, {"固定资产总额", "1000"}}, {"", "", "", ""}},
         {"约束", {{"按期完成项目数", "49"}}, {"", "", "", "不满足约束「按期完成项目数 ≤ 计划项目数」"}}});
    CaseReport r = run_cases(longhua(), t);
    CHECK(format_case_report(longhua(), "rulesets/longhua-2021.cases.csv", r) ==
          "rulesets/longhua-2021.cases.csv：4 个用例，2 个通过，2 个失败\n"
          "✓ 用例「公开记录」（第 2 行）\n"
          "✗ 用例「利用率 90% 误以为 0.7 分」（第 3 行）\n"
          "    固定资产利用率：期望 0.7，实际 1\n"
          "    总分：期望 96.10，实际 96.40\n"
          "    【部门管理 / 资产管理 / 固定资产利用率】（1 分）得分 1\n"
          "      固定资产利用率 = 在用固定资产总额 ÷ 固定资产总额 = 900 ÷ 1000 = 90.0%（保留 0.1%）\n"
          "      按规则「固定资产利用率得分」计分（第二档得分 = 0.7，第三档得分 = 0.4）\n"
          "      分档「固定资产利用率」= 90.0%，落在「≥ 90%」档 → 1\n"
          "      得分 = 1（保留 0.01 四舍五入）\n"
          "    总分 96.40，等级 优\n"
          "      一级指标「部门决策」（25 分）小计 25\n"
          "      一级指标「部门管理」（20 分）小计 17.75\n"
          "      一级指标「部门绩效」（55 分）小计 53.65\n"
          "✗ 用例「第 4 行」\n"
          "    记录被拒绝，未评分：\n"
          "      不满足约束「在用固定资产总额 ≤ 固定资产总额」（在用固定资产总额 = 1001，固定资产总额 = 1000）\n"
          "✓ 用例「约束」（第 5 行）\n");
}
