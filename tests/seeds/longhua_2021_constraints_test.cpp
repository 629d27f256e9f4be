// Every constraint of ../shared/contracts/longhua-2021-data-template.md
// rejects a record with a message naming the column; the good records of a
// batch are still scored.
#include "interpreter/atomic_file.hpp"
#include "interpreter/batch.hpp"
#include "interpreter/csv_reader.hpp"
#include "interpreter/engine.hpp"

#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

using namespace rubric;

namespace {

struct Template {
    std::vector<std::string> header, row;
};

std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> out;
    std::stringstream in(line);
    std::string cell;
    while (std::getline(in, cell, ',')) out.push_back(cell);
    return out;
}

Template published() {
    std::string text;
    REQUIRE_FALSE(read_file(std::string(RUBRIC_SOURCE_DIR) + "/examples/longhua-2021-published.csv", text));
    std::stringstream in(text);
    std::string header, row;
    std::getline(in, header);
    std::getline(in, row);
    return {split(header), split(row)};
}

std::string join(const std::vector<std::string>& cells) {
    std::string out;
    for (size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + cells[i];
    return out;
}

const Program& longhua() {
    static CompileResult compiled = Engine{}.compile_file(std::string(RUBRIC_SOURCE_DIR) + "/rulesets/longhua-2021.rubric");
    REQUIRE(compiled.ok());
    return *compiled.program;
}

// Scores the published record with one cell changed; returns the problems.
std::vector<ReadProblem> with_cell(const std::string& column, const std::string& value) {
    Template t = published();
    bool found = false;
    for (size_t i = 0; i < t.header.size(); ++i)
        if (t.header[i] == column) { t.row[i] = value; found = true; }
    REQUIRE_MESSAGE(found, column);
    std::string csv = join(t.header) + "\n" + join(t.row) + "\n";
    BatchResult batch = score_table(longhua(), read_csv("data.csv", csv));
    CHECK(batch.scored.empty());
    CHECK(batch.bad_records == 1);
    return batch.problems;
}

std::string only_message(const std::vector<ReadProblem>& problems) {
    REQUIRE(problems.size() == 1);
    return problems[0].message;
}

}  // namespace

TEST_CASE("a judgment outside its range is rejected") {
    auto p = with_cell("政府采购政策功能得分", "1.5");
    CHECK(only_message(p) == "第 2 行：「政府采购政策功能得分」评分应在 0 到 1 之间，实际是 1.5");
    CHECK(p[0].column == "政府采购政策功能得分");
    CHECK(only_message(with_cell("效果性得分", "21")) == "第 2 行：「效果性得分」评分应在 0 到 20 之间，实际是 21");
}

TEST_CASE("a count that is negative or not whole is rejected") {
    CHECK(only_message(with_cell("在编人数", "-1")) == "第 2 行：「在编人数」计数必须是不小于 0 的整数，不能为负数，实际是 -1");
    CHECK(only_message(with_cell("未完成重点工作数", "1.5")) ==
          "第 2 行：「未完成重点工作数」计数必须是不小于 0 的整数，不能有小数，实际是 1.5");
}

TEST_CASE("an amount below 0 is rejected") {
    CHECK(only_message(with_cell("政府采购实际金额", "-1")) == "第 2 行：「政府采购实际金额」金额不能为负数，实际是 -1");
}

TEST_CASE("a percentage outside [0, 100] is rejected") {
    CHECK(only_message(with_cell("满意度", "101")) == "第 2 行：「满意度」百分比应在 0 到 100 之间，实际是 101");
    CHECK(only_message(with_cell("第一季度累计支出进度", "-0.5")) ==
          "第 2 行：「第一季度累计支出进度」百分比应在 0 到 100 之间，实际是 -0.5");
}

TEST_CASE("按期完成项目数 > 计划项目数 is rejected") {
    auto p = with_cell("按期完成项目数", "49");
    CHECK(only_message(p) == "第 2 行：不满足约束「按期完成项目数 ≤ 计划项目数」（按期完成项目数 = 49，计划项目数 = 48）");
    CHECK(p[0].column == "按期完成项目数");
}

TEST_CASE("在用固定资产总额 > 固定资产总额 is rejected") {
    auto p = with_cell("在用固定资产总额", "548.89");
    CHECK(only_message(p) ==
          "第 2 行：不满足约束「在用固定资产总额 ≤ 固定资产总额」（在用固定资产总额 = 548.89，固定资产总额 = 548.88）");
    CHECK(p[0].column == "在用固定资产总额");
}

TEST_CASE("a denominator of 0 is rejected, naming the column") {
    for (const char* column : {"固定资产总额", "政府采购计划金额", "年初预算数", "三公经费调整预算", "日常公用经费调整预算",
                               "核定编制数"}) {
        CAPTURE(column);
        auto p = with_cell(column, "0");
        bool named = false;
        for (const ReadProblem& problem : p)
            if (problem.column == column &&
                problem.message == std::string("第 2 行：不满足约束「") + column + " > 0」（" + column + " = 0）")
                named = true;
        CHECK(named);
    }
    auto p = with_cell("计划项目数", "0");
    REQUIRE(p.size() == 2);
    CHECK(p[0].message == "第 2 行：不满足约束「按期完成项目数 ≤ 计划项目数」（按期完成项目数 = 47，计划项目数 = 0）");
    CHECK(p[1].message == "第 2 行：不满足约束「计划项目数 > 0」（计划项目数 = 0）");
    CHECK(p[1].column == "计划项目数");
}

TEST_CASE("在编人数 + 编外人员数 = 0 is rejected with the ruleset's own hint") {
    Template t = published();
    for (size_t i = 0; i < t.header.size(); ++i)
        if (t.header[i] == "在编人数" || t.header[i] == "编外人员数") t.row[i] = "0";
    BatchResult batch = score_table(longhua(), read_csv("data.csv", join(t.header) + "\n" + join(t.row) + "\n"));
    REQUIRE(batch.problems.size() == 1);
    CHECK(batch.problems[0].message ==
          "第 2 行：不满足约束「在编人数 + 编外人员数 > 0」（在编人数 = 0，编外人员数 = 0）："
          "在编人数与编外人员数之和是编外人员控制率的分母，不能为 0");
}

TEST_CASE("a missing column, an empty cell, an unknown value and text in a number are rejected") {
    CHECK(only_message(with_cell("满意度", "")) == "第 2 行：「满意度」为空");
    CHECK(only_message(with_cell("存在违规支出", "可能")) ==
          "第 2 行：「存在违规支出」应为 是/否（也接受 1/0、true/false），实际是「可能」");
    CHECK(only_message(with_cell("预算公开", "完全公开")) ==
          "第 2 行：「预算公开」应为 完整公开、部分公开、未公开、涉密 之一，实际是「完全公开」；是否指「完整公开」？");
    CHECK(only_message(with_cell("年初预算数", "abc")) == "第 2 行：「年初预算数」应为数字，实际是「abc」");

    Template t = published();
    t.header.pop_back();  // 满意度
    t.row.pop_back();
    BatchResult batch = score_table(longhua(), read_csv("data.csv", join(t.header) + "\n" + join(t.row) + "\n"));
    CHECK(batch.bad_records == 1);
    bool per_record = false, per_file = false;
    for (const ReadProblem& p : batch.problems) {
        if (p.message == "第 2 行：缺少列「满意度」" && p.column == "满意度") per_record = true;
        if (p.row == 0 && p.message.find("满意度") != std::string::npos) per_file = true;
    }
    CHECK(per_record);
    CHECK(per_file);
}

TEST_CASE("the accepted spellings of the template are accepted") {
    Template t = published();
    for (size_t i = 0; i < t.header.size(); ++i) {
        if (t.header[i] == "预算调整调剂金额") t.row[i] = "\"84,153.30\"";
        if (t.header[i] == "第一季度累计支出进度") t.row[i] = "19.5%";
        if (t.header[i] == "存在违规支出") t.row[i] = "0";
        if (t.header[i] == "预算编制合理性_条件1") t.row[i] = "true";
        if (t.header[i] == "预算编制合理性_条件2") t.row[i] = "1";
    }
    BatchResult batch = score_table(longhua(), read_csv("data.csv", "\xEF\xBB\xBF" + join(t.header) + "\r\n" + join(t.row) + "\r\n"));
    REQUIRE(batch.problems.empty());
    REQUIRE(batch.scored.size() == 1);
    CHECK(batch.scored[0].result.total.to_string() == "96.4");
}

TEST_CASE("a batch of 1,000 records with 3 bad ones scores 997 and names the 3") {
    Template t = published();
    std::string csv = join(t.header) + "\n";
    auto column = [&](const std::string& name) {
        for (size_t i = 0; i < t.header.size(); ++i)
            if (t.header[i] == name) return i;
        FAIL("no column " << name);
        return size_t{0};
    };
    for (int n = 1; n <= 1000; ++n) {
        std::vector<std::string> row = t.row;
        row[0] = "部门" + std::to_string(n);
        if (n == 10) row[column("按期完成项目数")] = "49";
        if (n == 500) row[column("满意度")] = "九十五";
        if (n == 999) row[column("管理制度健全性得分")] = "";
        csv += join(row) + "\n";
    }
    BatchResult batch = score_table(longhua(), read_csv("batch.csv", csv));
    CHECK(batch.total_records == 1000);
    CHECK(batch.scored.size() == 997);
    CHECK(batch.bad_records == 3);
    REQUIRE(batch.problems.size() == 3);
    CHECK(batch.problems[0].message == "第 11 行：不满足约束「按期完成项目数 ≤ 计划项目数」（按期完成项目数 = 49，计划项目数 = 48）");
    CHECK(batch.problems[1].message == "第 501 行：「满意度」应为百分数（如 19.5 或 19.5%），实际是「九十五」");
    CHECK(batch.problems[2].message == "第 1000 行：「管理制度健全性得分」为空");
    CHECK(batch.scored.front().key == "部门1");
    CHECK(batch.scored.back().key == "部门1000");
}
