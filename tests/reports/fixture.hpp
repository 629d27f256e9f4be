// The comparison every reports test uses: five records of 龙华区 under the
// 2021 sheet and a 2022 draft (built by hand, not by compare_rulesets()).
// check_xlsx.py and check_html.py assert the same numbers: keep them in step.
//
//   #  key            row  old     new     delta  grade   changes
//   1  区财政局        3   91.50   89.00   -2.50  优→良   固定资产利用率 3→1 [1], 预算执行率 5.78→5.28 [2]
//   2  区教育局        4   85.25   86.75   +1.50  良→良   预算执行率 4.5→6 [2]
//   3  测试<&>单位     5   72.00   72.75   +0.75  中→中   信息公开及时性 （无）→0.75 [3]
//   4  区水务局        6   95.00   95.00    0.00  优→优   —
//   5  区卫健局        7   not scored (缺少列)
#pragma once

#include "interpreter/compare.hpp"

namespace rubric::test {

inline Decimal dec(const char* text) { return *Decimal::parse(text); }

inline CompareReport sample_report() {
    CompareReport report;
    report.old_name = "龙华/2021";
    report.new_name = "rulesets/longhua-2022-draft.rubric";
    report.old_title = "龙华区 2021 年度部门整体支出绩效自评表";
    report.new_title = "龙华区 2022 年度部门整体支出绩效自评表（征求意见稿）";
    report.total_places = 2;

    RulesetEdit tiers;
    tiers.kind = RulesetEdit::Kind::tiers_changed;
    tiers.subject = "部门管理 / 资产管理 / 固定资产利用率";
    tiers.old_text = "≥ 90%：3\n90% > x ≥ 75%：2\n75% > x ≥ 60%：1";
    tiers.new_text = "≥ 90%：3\n90% > x ≥ 80%：2\n80% > x ≥ 60%：1";
    tiers.message = "分档「固定资产利用率」：「90% > x ≥ 75%：2」改为「90% > x ≥ 80%：2」";
    tiers.old_where = "rulesets/longhua-2021.rubric:88";
    tiers.new_where = "rulesets/longhua-2022-draft.rubric:90";
    tiers.affects = {"固定资产利用率"};
    RulesetEdit points;
    points.kind = RulesetEdit::Kind::points_changed;
    points.subject = "部门绩效 / 效率性 / 预算执行率";
    points.message = "分值「预算执行率」：6 分改为 8 分";
    points.affects = {"预算执行率"};
    RulesetEdit added;
    added.kind = RulesetEdit::Kind::indicator_added;
    added.subject = "部门管理 / 信息公开 / 信息公开及时性";
    added.new_text = "三级指标 信息公开及时性（2分）：…";
    added.message = "新增指标「部门管理 / 信息公开 / 信息公开及时性」（2 分）";
    added.new_where = "rulesets/longhua-2022-draft.rubric:120";
    added.affects = {"信息公开及时性"};
    report.edits = {tiers, points, added};

    auto record = [](const char* key, uint32_t row, const char* old_total, const char* new_total, const char* old_grade,
                     const char* new_grade) {
        RecordComparison r;
        r.source = "examples/past/longhua-2021.csv";
        r.row = row;
        r.key = key;
        r.old_scored = r.new_scored = true;
        r.old_total = dec(old_total);
        r.new_total = dec(new_total);
        r.delta = r.new_total - r.old_total;
        r.old_grade = old_grade;
        r.new_grade = new_grade;
        return r;
    };
    auto change = [](const char* name, const char* path, std::optional<Decimal> old_score, std::optional<Decimal> new_score,
                     const char* reason, std::vector<size_t> edits) {
        IndicatorChange c;
        c.name = name;
        c.path = path;
        c.old_score = old_score;
        c.new_score = new_score;
        c.delta = new_score.value_or(Decimal{}) - old_score.value_or(Decimal{});
        c.reason = reason;
        c.edits = std::move(edits);
        return c;
    };

    RecordComparison finance = record("区财政局", 3, "91.50", "89.00", "优", "良");
    finance.changes = {
        change("固定资产利用率", "部门管理 / 资产管理 / 固定资产利用率", dec("3"), dec("1"),
               "固定资产利用率 3 → 1：固定资产利用率 = 78.0%，现在落在「80% > x ≥ 60%」", {0}),
        change("预算执行率", "部门绩效 / 效率性 / 预算执行率", dec("5.78"), dec("5.28"),
               "预算执行率 5.78 → 5.28：分值 6 分改为 8 分，全年平均执行率 = 107.3%", {1}),
    };
    // The first change alone is −2 and the second −0.5: the total moves by −2.50.
    RecordComparison education = record("区教育局", 4, "85.25", "86.75", "良", "良");
    education.changes = {change("预算执行率", "部门绩效 / 效率性 / 预算执行率", dec("4.5"), dec("6"),
                                "预算执行率 4.5 → 6：分值 6 分改为 8 分", {1})};
    RecordComparison odd = record("测试<&>单位", 5, "72.00", "72.75", "中", "中");
    odd.changes = {change("信息公开及时性", "部门管理 / 信息公开 / 信息公开及时性", std::nullopt, dec("0.75"),
                          "新增指标：信息公开及时率 = 37.5%", {2})};
    RecordComparison water = record("区水务局", 6, "95", "95", "优", "优");
    RecordComparison health;
    health.source = "examples/past/longhua-2021.csv";
    health.row = 7;
    health.key = "区卫健局";
    health.old_problems = {"第 7 行：缺少列「公用经费决算数」"};
    health.new_problems = {"第 7 行：缺少列「公用经费决算数」"};
    report.records = {finance, education, odd, water, health};
    report.problems = {
        {"examples/past/longhua-2021.csv", 7, "公用经费决算数", "原规则集：第 7 行：缺少列「公用经费决算数」"},
        {"examples/past/longhua-2021.csv", 7, "公用经费决算数", "新规则集：第 7 行：缺少列「公用经费决算数」"},
    };

    CompareSummary& s = report.summary;
    s.records = 5;
    s.compared = 4;
    s.bad_records = 1;
    s.changed = 3;
    s.grade_changed = 1;
    s.grades = {"优", "良", "中", "差"};
    s.transitions = {{1, 1, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 0}};
    s.mean_delta = dec("-0.06");  // (−2.5 + 1.5 + 0.75 + 0) ÷ 4 = −0.0625
    s.min_delta = dec("-2.5");
    s.max_delta = dec("1.5");
    s.most_moved = {0, 1, 2};
    return report;
}

}  // namespace rubric::test
