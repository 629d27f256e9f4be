// rubric compare: a ruleset against itself, and a variant that moves exactly
// one tier bound, over the shipped past data (examples/past/).
#include "interpreter/batch.hpp"
#include "interpreter/compare.hpp"
#include "interpreter/csv_reader.hpp"
#include "interpreter/engine.hpp"

#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <set>
#include <string>
#include <vector>

using namespace rubric;

namespace {

const std::string kRoot = RUBRIC_SOURCE_DIR;
const std::string kLonghua = kRoot + "/rulesets/longhua-2021.rubric";

std::vector<RawTable> past_tables() {
    std::vector<RawTable> tables;
    for (const char* year : {"2019", "2020", "2021"}) tables.push_back(read_csv_file(kRoot + "/examples/past/longhua-" + year + ".csv"));
    return tables;
}

struct Loaded {
    std::shared_ptr<const Program> program;
    ParsedRuleset parsed;
};

Loaded load(const std::string& path, const std::string* text = nullptr) {
    Engine engine;
    CompileResult compiled = text ? engine.compile(path, *text) : engine.compile_file(path);
    REQUIRE_MESSAGE(compiled.ok(), compiled.diagnostics.render_all());
    DiagnosticList diagnostics;
    Loaded l{compiled.program, load_ruleset(path, text, engine.options(), diagnostics)};
    REQUIRE_FALSE(diagnostics.has_errors());
    return l;
}

CompareReport compare(const Loaded& o, const Loaded& n) {
    return compare_rulesets(*o.program, *n.program, diff_rulesets(o.parsed, n.parsed), past_tables());
}

}  // namespace

TEST_CASE("compare: a ruleset against itself changes nothing") {
    Loaded l = load(kLonghua);
    CompareReport r = compare(l, l);
    CHECK(r.edits.empty());
    CHECK(r.summary.records == 90);
    CHECK(r.summary.compared == 90);
    CHECK(r.summary.bad_records == 0);
    CHECK(r.summary.changed == 0);
    CHECK(r.summary.grade_changed == 0);
    CHECK(r.summary.most_moved.empty());
    CHECK(r.summary.min_delta.is_zero());
    CHECK(r.summary.max_delta.is_zero());
    size_t diagonal = 0;
    for (size_t i = 0; i < r.summary.grades.size(); ++i) diagonal += r.summary.transitions[i][i];
    CHECK(diagonal == 90);
    for (const RecordComparison& rc : r.records) CHECK(rc.changes.empty());
}

TEST_CASE("compare: moving one tier bound changes exactly the records between the bounds") {
    // 满意度 6 points from ≥ 95% to ≥ 96%: records with 95% ≤ 满意度 < 96% drop from 6 to 4.
    const std::string variant = kRoot + "/rulesets/满意度-96.rubric";
    const std::string text =
        "继承 \"龙华/2021\"\n"
        "修改 三级指标 公众或服务对象满意度（6分）：分档 满意度 {\n"
        "  ≥ 96%：6\n  90% ≤ x < 96%：4\n  80% ≤ x < 90%：2\n  < 80%：1\n}\n";
    Loaded o = load(kLonghua), n = load(variant, &text);
    CompareReport r = compare(o, n);
    REQUIRE(r.edits.size() == 2);
    CHECK(r.edits[0].message == "分档「部门绩效 / 公平性 / 公众或服务对象满意度」：「≥ 95%：6」改为「≥ 96%：6」");
    CHECK(r.edits[1].message == "分档「部门绩效 / 公平性 / 公众或服务对象满意度」：「90% ≤ x < 95%：4」改为「90% ≤ x < 96%：4」");

    // The expectation, straight from the data files.
    std::set<std::pair<std::string, uint32_t>> expected;
    for (const RawTable& t : past_tables()) {
        const size_t column = *t.column_index("满意度");
        for (const RawRecord& rec : t.records) {
            const Decimal v = *Decimal::parse(*rec.cells[column]);
            if (v >= Decimal::from_int(95) && v < Decimal::from_int(96)) expected.insert({t.path, rec.row});
        }
    }
    REQUIRE(expected.size() > 5);
    std::set<std::pair<std::string, uint32_t>> changed;
    for (const RecordComparison& rc : r.records) {
        if (!rc.changed()) continue;
        changed.insert({rc.source, rc.row});
        CAPTURE(rc.key);
        CHECK(rc.delta == Decimal::from_int(-2));
        REQUIRE(rc.changes.size() == 1);
        const IndicatorChange& c = rc.changes[0];
        CHECK(c.path == "部门绩效 / 公平性 / 公众或服务对象满意度");
        CHECK(*c.old_score == Decimal::from_int(6));
        CHECK(*c.new_score == Decimal::from_int(4));
        CHECK(c.edits == std::vector<size_t>{0, 1});
        CHECK(c.reason.find("公众或服务对象满意度 6 → 4：分档「满意度」= 95") == 0);
        CHECK(c.reason.find("%，现在落在「90% ≤ x < 96%」档（原来落在「≥ 95%」档）") != std::string::npos);
    }
    CHECK(changed == expected);
    CHECK(r.summary.changed == expected.size());
    CHECK(r.summary.min_delta == Decimal::from_int(-2));
    CHECK(r.summary.max_delta.is_zero());
    // The records that moved most come first.
    CHECK(r.records.front().delta == Decimal::from_int(-2));
}

namespace {

// Every record's text, in report order, as the CSV writer gives it.
std::string csv_of(const CompareReport& report) { return format_compare_csv(report); }

std::string streamed_csv(const Loaded& o, const Loaded& n, const std::vector<std::string>& files, size_t chunk) {
    CompareRun run(*o.program, *n.program, diff_rulesets(o.parsed, n.parsed));
    for (const std::string& f : files) REQUIRE(run.add_csv_file(f, {}, chunk));
    CompareReport report = run.finish();
    std::unique_ptr<CompareWriter> writer = compare_writer("csv");
    std::string out = writer->head(report);
    REQUIRE(run.drain_records([&](const RecordComparison& r) { writer->record(report, r, out); }));
    return out + writer->tail(report);
}

}  // namespace

TEST_CASE("compare: streamed a few records at a time, the same bytes as the whole tables") {
    const std::string text =
        "继承 \"龙华/2021\"\n"
        "修改 三级指标 公众或服务对象满意度（6分）：分档 满意度 {\n"
        "  ≥ 96%：6\n  90% ≤ x < 96%：4\n  80% ≤ x < 90%：2\n  < 80%：1\n}\n";
    Loaded o = load(kLonghua), n = load(kRoot + "/rulesets/满意度-96.rubric", &text);
    const std::string whole = csv_of(compare(o, n));
    std::vector<std::string> files;
    for (const char* year : {"2019", "2020", "2021"}) files.push_back(kRoot + "/examples/past/longhua-" + year + ".csv");
    CHECK(streamed_csv(o, n, files, 2048) == whole);
    CHECK(streamed_csv(o, n, files, 1) == whole);
    CHECK(streamed_csv(o, n, files, 7) == whole);
    // 90 records, one row each, and two for none: the changed ones have one indicator each.
    CHECK(std::count(whole.begin(), whole.end(), '\n') == 91);

    // Inputs that differ (docs/language.md's 增删指标: an input gone with its
    // indicator, a new one the data lacks): each side binds on its own, the
    // new side rejects every record; the same bytes again.
    const std::string other =
        "继承 \"龙华/2021\"\n输入 开展培训：是否\n删除 三级指标 编外人员控制率\n"
        "增加 到 二级指标 人员管理 {\n  三级指标 人员培训（1分）：若 开展培训 则 1 否则 0\n}\n";
    Loaded d = load(kRoot + "/rulesets/增删指标.rubric", &other);
    REQUIRE(d.program->inputs().size() == o.program->inputs().size());
    const std::string whole_fewer = csv_of(compare(o, d));
    CHECK(whole_fewer.find("新规则集：第 2 行：缺少列「开展培训」") != std::string::npos);
    CHECK(streamed_csv(o, d, files, 2048) == whole_fewer);
    CHECK(streamed_csv(o, d, files, 5) == whole_fewer);
}

TEST_CASE("compare: a streamed file's duplicate key is found once per ruleset, with one shared key index") {
    const std::string source = kRoot + "/examples/past/longhua-2021.csv";
    const std::string path =
        (std::filesystem::temp_directory_path() / ("rubric-compare-dup-" + std::to_string(::getpid()) + ".csv")).string();
    {
        REQUIRE(read_csv_file(source).records.size() == 30);
        std::ifstream in(source, std::ios::binary);
        std::string csv((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        // The first data line again at the end: its key repeats row 2's.
        const size_t first = csv.find('\n') + 1;
        csv += csv.substr(first, csv.find('\n', first) + 1 - first);
        std::ofstream(path, std::ios::binary) << csv;
    }
    Loaded l = load(kLonghua);
    CompareRun run(*l.program, *l.program, {});
    std::vector<std::string> problems;
    run.set_problem_sink([&](const ReadProblem& p) { problems.push_back(p.message); });
    REQUIRE(run.add_csv_file(path, {}, 4));
    CompareReport report = run.finish();
    CHECK(report.summary.records == 31);
    CHECK(report.summary.compared == 30);
    CHECK(report.summary.bad_records == 1);
    REQUIRE(problems.size() == 2);
    CHECK(problems[0].find("原规则集：第 32 行：主键「") == 0);
    CHECK(problems[0].find("」与第 2 行重复") != std::string::npos);
    CHECK(problems[1].find("新规则集：第 32 行：主键「") == 0);
    std::filesystem::remove(path);
}
