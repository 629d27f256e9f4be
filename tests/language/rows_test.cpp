// Lists of rows (明细), groups scored row by row (逐行) and the 不适用 policy,
// through the shipped project self-evaluation ruleset and variants of it.
// Expected values are the hand computations of
// docs/design/project-self-evaluation.md §3.
#include "interpreter/batch.hpp"
#include "interpreter/csv_reader.hpp"
#include "interpreter/engine.hpp"
#include "interpreter/json_reader.hpp"
#include "interpreter/report.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace rubric;

namespace {

const std::string kRoot = RUBRIC_SOURCE_DIR;
const std::string kRuleset = kRoot + "/rulesets/project-self-evaluation.rubric";
const std::string kProjects = kRoot + "/examples/projects/";
const std::string kSynthetic = kRoot + "/tests/data/project-synthetic.csv";
const std::string kSyntheticRecord = kRoot + "/tests/data/project-synthetic-record.csv";

std::string read(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// The shipped ruleset with `from` replaced by `to` (a district's variant).
std::shared_ptr<const Program> ruleset(const std::string& from = "", const std::string& to = "") {
    std::string text = read(kRuleset);
    if (!from.empty()) {
        auto at = text.find(from);
        REQUIRE(at != std::string::npos);
        text.replace(at, from.size(), to);
    }
    CompileResult compiled = Engine{}.compile(kRuleset, text);
    REQUIRE_MESSAGE(compiled.ok(), compiled.diagnostics.render_all());
    return compiled.program;
}

BatchResult run(const Program& program, const std::vector<std::string>& files, bool explain = false) {
    EvaluateOptions options;
    options.explain = explain;
    return score_files(program, files, options);
}

const ScoredRecord& only(const BatchResult& r) {
    for (const ReadProblem& p : r.problems) MESSAGE(p.path, "：", p.message);
    REQUIRE(r.scored.size() == 1);
    return r.scored.front();
}

std::string score_of(const Program& program, const Result& result, const std::string& name) {
    for (size_t i = 0; i < program.indicators().size(); ++i)
        if (program.indicators()[i].name == name) return result.scores[i].to_fixed(2);
    FAIL("no indicator " << name);
    return "";
}

std::vector<std::string> weights(const Result& r) {
    std::vector<std::string> out;
    for (const RowOutcome& o : r.rows) out.push_back(o.applicable ? o.weight.to_fixed(2) : "-");
    return out;
}

std::vector<std::string> scores(const Result& r) {
    std::vector<std::string> out;
    for (const RowOutcome& o : r.rows) out.push_back(o.applicable ? o.score.to_fixed(2) : "-");
    return out;
}

std::vector<std::string> messages(const BatchResult& r) {
    std::vector<std::string> out;
    for (const ReadProblem& p : r.problems) out.push_back(p.message);
    return out;
}

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("rows: the synthetic record covers every target form (design §3.3: 69.38)") {
    auto program = ruleset();
    BatchResult r = run(*program, {kSyntheticRecord, kSynthetic});
    const Result& result = only(r).result;
    // 预算执行率 150 ÷ 200 = 75% → 7.50; 满意度 all 不适用 → 产出 56.25, 效益 33.75.
    CHECK(score_of(*program, result, "预算执行率") == "7.50");
    CHECK(weights(result) == V{"14.07", "14.06", "14.06", "14.06", "-", "11.25", "11.25", "11.25", "-"});
    // ≥ met; ≥ missed 800/1000; ≤ missed 10/12.5; same text; 不适用; qualitative missed; = missed; ≥ percent met.
    CHECK(scores(result) == V{"14.07", "11.25", "11.25", "14.06", "-", "0.00", "0.00", "11.25", "-"});
    CHECK(score_of(*program, result, "产出指标") == "50.63");
    CHECK(score_of(*program, result, "效益指标") == "11.25");
    CHECK(score_of(*program, result, "满意度指标") == "0.00");
    CHECK(result.total.to_fixed(2) == "69.38");
    CHECK(result.grade == "中");
    CHECK(result.rows[1].reading == "年度指标值 ≥ 1000 份，全年完成值 800 份：未达标，800 ÷ 1000 × 14.06 = 11.25");
    CHECK(result.rows[2].reading == "年度指标值 ≤ 10%，全年完成值 12.5%：未达标，10% ÷ 12.5% × 14.06 = 11.25");
    CHECK(result.rows[5].reading == "年度指标值「有效」（定性），全年完成值「部分有效」：未达标，得 0.00");
    CHECK(result.rows[6].reading == "年度指标值 = 0，全年完成值 1：未达标，得 0.00");
}

TEST_CASE("rows: the 不适用 policies and 未达标不得分 give the design's alternative totals") {
    const std::string pool = "不适用 并入 产出指标、效益指标、满意度指标";
    auto full = ruleset(pool, "不适用 得满分");
    CHECK(only(run(*full, {kSyntheticRecord, kSynthetic})).result.total.to_fixed(2) == "72.50");
    auto zero = ruleset(pool, "不适用 不得分");
    CHECK(only(run(*zero, {kSyntheticRecord, kSynthetic})).result.total.to_fixed(2) == "62.50");
    // Seed tables under the alternatives (design §3.1, second table).
    const std::string projects = kProjects + "projects.csv";
    auto totals = [&](const Program& p, const std::string& file) {
        BatchResult r = run(p, {projects, kProjects + file});
        REQUIRE(r.scored.size() == 1);
        return r.scored.front().result.total.to_fixed(2);
    };
    CHECK(totals(*zero, "yiban-xingzheng-guanli.csv") == "89.24");
    CHECK(totals(*zero, "peixun.csv") == "69.77");
    CHECK(totals(*full, "yiban-xingzheng-guanli.csv") == "99.24");
    const std::string rule = "逐行 绩效指标 其中 “一级指标” = 效益指标：对标 全年完成值 达到 年度指标值";
    auto strict = ruleset(rule, rule + "，未达标不得分");
    CHECK(totals(*strict, "qita-shangmao.csv") == "88.07");
    // Without a policy, an all-不适用 group rejects the record.
    auto none = ruleset(pool, "");
    BatchResult r = run(*none, {kSyntheticRecord, kSynthetic});
    CHECK(r.scored.empty());
    CHECK(messages(r) == V{"第 2 行：一级指标「满意度指标」的明细行全部不适用，规则集没有写「不适用 …」规则，无法评分"});
}

TEST_CASE("rows: weights and readings of the shipped tables") {
    auto program = ruleset();
    const std::string projects = kProjects + "projects.csv";
    auto result = [&](const std::string& file) {
        BatchResult r = run(*program, {projects, kProjects + file});
        REQUIRE(r.scored.size() == 1);
        return r.scored.front().result;
    };
    Result r = result("yiban-xingzheng-guanli.csv");
    CHECK(weights(r) == V{"14.07", "14.06", "14.06", "14.06", "-", "-", "-", "33.75", "-"});
    r = result("qita-zhizaoye.csv");
    CHECK(weights(r) == V{"8.34", "8.34", "8.33", "8.33", "8.33", "8.33", "15.00", "15.00", "-", "-", "10.00"});
    CHECK(r.rows[4].reading == "年度指标值 ≥ 95%，全年完成值 90.92%：未达标，90.92% ÷ 95% × 8.33 = 7.97");
    r = result("qita-shangmao.csv");
    CHECK(r.rows[5].reading == "年度指标值 ≥ 50 家，全年完成值 28 家：未达标，28 ÷ 50 × 10.00 = 5.60");
    CHECK(r.rows[6].met);  // reading A of line 930: the leading 100%
    CHECK(r.rows[3].met);  // 为 0 → = 0
    r = result("gongye-xinxi-chanye.csv");
    CHECK(weights(r) == V{"7.15", "7.15", "7.14", "7.14", "7.14", "7.14", "7.14", "15.00", "15.00", "-", "-", "10.00"});
    CHECK(r.rows[1].warnings == V{"单位「家」与「家/次」按数值比较"});
    r = result("peixun.csv");
    CHECK(score_of(*program, r, "产出指标") == "75.00");
    CHECK(score_of(*program, r, "效益指标") == "0.00");
    CHECK(score_of(*program, r, "满意度指标") == "15.00");
}

TEST_CASE("rows: the explain trace shows the split, every row and the redistribution") {
    auto program = ruleset();
    BatchResult r = run(*program, {kSyntheticRecord, kSynthetic}, true);
    const std::string& explain = only(r).result.explain;
    const std::string file = kSynthetic;
    CHECK(explain.find("一级指标「产出指标」（50 分）：绩效指标 5 行，1 行不适用；按「不适用 并入」重新分配后 56.25 分；"
                       "每行分值 56.25 ÷ 4，分到 0.01（最大余数，余数相同时先到先得）：14.07、14.06、14.06、14.06\n") !=
          std::string::npos);
    CHECK(explain.find("【产出指标 / 数量指标 / 发放手册】（14.06 分）得分 11.25\n  " + file +
                       " 第 3 行：年度指标值「1000 份」，全年完成值「800 份」\n"
                       "  年度指标值 ≥ 1000 份，全年完成值 800 份：未达标，800 ÷ 1000 × 14.06 = 11.25\n") != std::string::npos);
    CHECK(explain.find("一级指标「满意度指标」（10 分）：绩效指标 1 行，1 行不适用；全部不适用，10 分按分值比例并入："
                       "产出指标 56.25，效益指标 33.75\n【满意度指标 / 服务对象满意度指标 / 不适用】不适用，不计分\n") !=
          std::string::npos);
    CHECK(explain.find("总分 69.38，等级 中\n") != std::string::npos);
}

TEST_CASE("rows: every bad row and record is reported, the others still scored") {
    auto program = ruleset();
    RawTable records = read_csv_file(kSyntheticRecord);
    RawTable rows = read_csv_file(kSynthetic);
    REQUIRE(records.problems.empty());
    // A second project whose rows have a misspelt 一级指标 and a text actual.
    records.records.push_back({3, {"第二个", "某单位", "2021", "虚构", "100", "100"}});
    records.records.push_back({4, {"没有明细", "某单位", "2021", "虚构", "100", "100"}});
    rows.records.push_back({11, {"第二个", "过程指标", "数量指标", "甲", "≥ 2 场", "3 场", ""}});
    rows.records.push_back({12, {"第二个", "产出指标", "数量指标", "乙", "≥ 2 场", "很多", ""}});
    rows.records.push_back({13, {"无主", "产出指标", "数量指标", "丙", "≥ 2 场", "3 场", ""}});
    BatchResult r = score_tables(*program, {records, rows});
    REQUIRE(r.scored.size() == 1);
    CHECK(r.scored.front().key == "合成示例");
    CHECK(r.bad_records == 2);
    CHECK(messages(r) == V{
              "第 11 行：「一级指标」为「过程指标」，应为 产出指标、效益指标、满意度指标 之一；是否指「产出指标」？",
              "第 3 行：「第二个」的明细中有错误的行（见明细文件的提示），未评分",
              "第 4 行：没有「绩效指标」明细行",
              "第 13 行：「项目」为「无主」的明细行没有对应的记录",
          });
    // With the 一级指标 fixed, the text actual is what rejects it.
    rows.records[9].cells[1] = "产出指标";
    r = score_tables(*program, {records, rows});
    CHECK(messages(r)[0] == "第 3 行：" + kSynthetic + " 第 12 行「乙」：年度指标值「≥ 2 场」是数值，全年完成值「很多」不是数值");
}

TEST_CASE("rows: CSV and JSON output carry the group subtotals and the rows") {
    auto program = ruleset();
    BatchResult r = run(*program, {kSyntheticRecord, kSynthetic});
    CHECK(format_csv(*program, r.scored) ==
          "项目,预算执行率,产出指标,效益指标,满意度指标,总分,等级\r\n合成示例,7.5,50.63,11.25,0,69.38,中\r\n");
    const std::string json = format_json(*program, r.scored);
    CHECK(json.find("\"明细得分\": [{\"位置\": \"" + kSynthetic +
                    " 第 2 行\", \"指标\": \"产出指标\", \"二级指标\": \"数量指标\", \"三级指标\": \"举办培训\", "
                    "\"年度指标值\": \"≥ 2 场\", \"全年完成值\": \"3 场\", \"分值\": 14.07, \"得分\": 14.07, \"达标\": true") !=
          std::string::npos);
    CHECK(json.find("\"三级指标\": \"不适用\", \"年度指标值\": \"不适用\", \"全年完成值\": \"--\", \"不适用\": true}") !=
          std::string::npos);
}

TEST_CASE("rows: JSON files carry records and rows the same way") {
    auto program = ruleset();
    RawTable records = read_json("records.json",
                                 R"([{"项目": "甲", "单位": "某单位", "年度": "2021", "来源": "虚构", "预算数": "100", "全年执行数": "80"}])");
    RawTable rows = read_json("rows.json", R"([
      {"项目": "甲", "一级指标": "产出指标", "二级指标": "数量指标", "三级指标": "场次", "年度指标值": "≥ 4 场", "全年完成值": "3 场"},
      {"项目": "甲", "一级指标": "效益指标", "二级指标": "社会效益指标", "三级指标": "效果", "年度指标值": "有效", "全年完成值": "100%"},
      {"项目": "甲", "一级指标": "满意度指标", "二级指标": "服务对象满意度指标", "三级指标": "满意度", "年度指标值": "≥ 90%", "全年完成值": "95%"}])");
    BatchResult r = score_tables(*program, {rows, records});  // row files may come first
    const Result& result = only(r).result;
    // 8 + 50 × 3 ÷ 4 = 37.5 + 30 + 10.
    CHECK(scores(result) == V{"37.50", "30.00", "10.00"});
    CHECK(result.total.to_fixed(2) == "85.50");
    CHECK(result.grade == "良");
}
