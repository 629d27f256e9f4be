// rubric compare's direct lane (CompareRun::add_csv_file; direct_lane.hpp):
// plain lines compared straight from their bytes give the report — records
// in the same order, the same problems in the same order, the same summary —
// that the ordinary path gives, on files with every kind of trouble.
#include "interpreter/compare.hpp"
#include "interpreter/engine.hpp"
#include "tests/datafiles/fixtures.hpp"
#include "tests/datafiles/streaming_fixtures.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <iterator>

#include <memory>
#include <random>
#include <string>
#include <vector>

using namespace rubric;

namespace {

// tests/data/every-kind.rubric; NEW moves a rule's bound, a tier's points and the grade bounds.
std::string ruleset(bool changed) {
    std::ifstream in(std::string(RUBRIC_SOURCE_DIR) + "/tests/data/every-kind.rubric", std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    REQUIRE(!text.empty());
    if (!changed) return text;
    for (const auto& [from, to] : {std::pair<std::string, std::string>{"值 ≥ 0", "值 ≥ 1"}, {"部分公开：5", "部分公开：6"},
                                   {"80 ≤ x < 90：良", "75 ≤ x < 90：良"}, {"60 ≤ x < 80：中", "60 ≤ x < 75：中"}}) {
        const size_t at = text.find(from);
        REQUIRE(at != std::string::npos);
        text.replace(at, from.size(), to);
    }
    return text;
}

struct Loaded {
    std::shared_ptr<const Program> program;
    ParsedRuleset parsed;
};

Loaded load(const std::string& name, const std::string& text) {
    Engine engine;
    CompileResult compiled = engine.compile(name, text);
    REQUIRE_MESSAGE(compiled.ok(), compiled.diagnostics.render_all());
    DiagnosticList diagnostics;
    Loaded l{compiled.program, load_ruleset(name, &text, engine.options(), diagnostics)};
    REQUIRE_FALSE(diagnostics.has_errors());
    return l;
}

struct Streamed {
    std::string report, problems;
    size_t direct = 0;
};

Streamed streamed(const Loaded& o, const Loaded& n, const std::string& path, size_t chunk, bool direct,
                  unsigned threads = 1) {
    CompareRun run(*o.program, *n.program, diff_rulesets(o.parsed, n.parsed), threads);
    run.set_direct_lane(direct);
    Streamed out;
    run.set_problem_sink([&](const ReadProblem& p) {
        out.problems += std::to_string(p.row) + "|" + p.column + "|" + p.message + "\n";
    });
    REQUIRE(run.add_csv_file(path, {}, chunk));
    CompareReport report = run.finish();
    std::unique_ptr<CompareWriter> writer = compare_writer("csv");
    out.report = writer->head(report);
    REQUIRE(run.drain_records([&](const RecordComparison& r) { writer->record(report, r, out.report); }));
    out.report += writer->tail(report);
    out.direct = run.direct_records();
    return out;
}

// The lane (on 1–3 threads) and the ordinary path, chunk sizes alike;
// returns the records the lane took.
size_t check_alike(const Loaded& o, const Loaded& n, const std::string& path) {
    size_t direct = 0;
    for (size_t chunk : {size_t{1}, size_t{3}, size_t{2048}}) {
        CAPTURE(chunk);
        const Streamed ordinary = streamed(o, n, path, chunk, false);
        CHECK(ordinary.direct == 0);
        for (unsigned threads : {1u, 2u, 3u}) {
            CAPTURE(threads);
            const Streamed lane = streamed(o, n, path, chunk, true, threads);
            CHECK(lane.report == ordinary.report);
            CHECK(lane.problems == ordinary.problems);
            if (threads > 1) CHECK(lane.direct == direct);
            direct = lane.direct;
        }
    }
    return direct;
}

// The ruleset with 评分 read through a Lua hook (its file written beside it):
// no part of the graph explains a hook's score by itself, so the lane's
// changed records wait and go the ordinary way, a batch at a time.
std::string hooked(std::string text, const datafiles_test::TempDir& dir) {
    datafiles_test::write_bytes(dir.file("same.lua"), "function same(args) return args['评'] end\n");
    const std::string rule = "三级指标 评分（20分）：评\n";
    const size_t at = text.find(rule);
    REQUIRE(at != std::string::npos);
    text.replace(at, rule.size(), "三级指标 评分（20分）：经钩子的评\n");
    const std::string anchor = "约束 金额 > 0\n";
    text.insert(text.find(anchor) + anchor.size(),
                "钩子 原样 {\n  文件 \"same.lua\"\n  函数 same\n  读取 评\n  返回 经钩子的评：评分 [0, 20]\n}\n");
    return text;
}

// NEW with an indicator of another name and rule in place of 金额分: each
// side has an indicator the other lacks, so every record changes.
std::string renamed(std::string text) {
    const std::string rule = "三级指标 金额分（10分）：若 金额 > 1000 则 10 否则 5\n";
    const size_t at = text.find(rule);
    REQUIRE(at != std::string::npos);
    text.replace(at, rule.size(), "三级指标 金额得分（10分）：若 金额 > 800 则 10 否则 5\n");
    return text;
}

enum class Variant { plain, hook, renamed };

}  // namespace

TEST_CASE("compare lane: plain lines compared from their bytes, the rest the ordinary way, one report") {
    for (Variant variant : {Variant::plain, Variant::hook, Variant::renamed}) {
        CAPTURE(static_cast<int>(variant));
        const bool with_hook = variant == Variant::hook;
        datafiles_test::TempDir dir;
        auto text = [&](bool changed) {
            if (with_hook) return hooked(ruleset(changed), dir);
            if (variant == Variant::renamed && changed) return renamed(ruleset(true));
            return ruleset(changed);
        };
        const Loaded o = load(dir.file("old.rubric"), text(false)), n = load(dir.file("new.rubric"), text(true));
        const std::string path = dir.file("k.csv");
        datafiles_test::write_bytes(path,
                                    "单位,金额,数,率,评,值,有,公开\r\n"
                                    "甲,500,1,95.5,18.5,2,是,完整公开\r\n"     // 2: the same under both
                                    "乙,1200.5,0,100%,20,0.5,否,部分公开\r\n"  // 3: 数值 and 公开 change
                                    "丙,1,200,3,0,0,0,0,未公开\r\n"            // 4: a field too many
                                    "丁, 5,0,0,0,0,0,未公开\r\n"               // 5: a blank before a number: read, but not on the lane
                                    "庚,5,12.5,0,0,0,1,未公开\r\n"             // 6: not a count
                                    "卯,0,0,50,20,5,1,未公开\r\n"              // 7: breaks the constraint
                                    "乙,5,0,50,20,1,1,未公开\r\n"              // 8: 乙 again
                                    "午,5,0,19.55,20,1.0,是,完整公开\r\n"      // 9: 70.87, 中 under both
                                    "未,5,0,70,20,3,1,未公开\r\n"              // 10: 76.00, 中 becomes 良
                                    "申,5,0,60,20,3,1,部分公开\r\n");          // 11: 公开 changes
        // 甲 and 午 are unchanged, 乙, 未 and 申 change: the lane compares all five and
        // explains the three; with the hook the three wait for the ordinary way.
        // With the indicator renamed all five change, and the lane explains them.
        CHECK(check_alike(o, n, path) == (with_hook ? 2 : 5));
        const Streamed lane = streamed(o, n, path, 2048, true);
        if (variant == Variant::renamed) {
            // Each compared record: the indicator NEW added and the one it dropped.
            CHECK(lane.report.find("甲 / 乙 / 金额得分,,10,10,新规则集增加了这个指标,") != std::string::npos);
            CHECK(lane.report.find("甲 / 乙 / 金额分,5,,-5,新规则集删去了这个指标,") != std::string::npos);
        }
        CHECK(lane.problems ==
              "4||原规则集：第 4 行有 9 个字段，表头只有 8 列，该行未读取\n"
              "6|数|原规则集：第 6 行：「数」计数必须是不小于 0 的整数，不能有小数，实际是 12.5\n"
              "7|金额|原规则集：第 7 行：不满足约束「金额 > 0」（金额 = 0）\n"
              "8|单位|原规则集：第 8 行：主键「乙」与第 3 行重复\n"
              "4||新规则集：第 4 行有 9 个字段，表头只有 8 列，该行未读取\n"
              "6|数|新规则集：第 6 行：「数」计数必须是不小于 0 的整数，不能有小数，实际是 12.5\n"
              "7|金额|新规则集：第 7 行：不满足约束「金额 > 0」（金额 = 0）\n"
              "8|单位|新规则集：第 8 行：主键「乙」与第 3 行重复\n");
    }
}

TEST_CASE("compare lane: generated files with every kind of trouble, and files it does not suit") {
    datafiles_test::TempDir dir;
    // The streaming tests' ruleset (金额, 单位, 数) and a change of its one rule.
    const std::string base = streaming_test::kRuleset;
    std::string changed = base;
    changed.replace(changed.find("数 > 2"), std::string("数 > 2").size(), "数 > 1");
    const Loaded o = load("old.rubric", base), n = load("new.rubric", changed);
    size_t direct = 0;
    for (unsigned seed = 1; seed <= 12; ++seed) {
        CAPTURE(seed);
        const std::string path = dir.file("g" + std::to_string(seed) + ".csv");
        // Generated files hold quotes: the lane leaves them to the ordinary path whole.
        const std::string generated = streaming_test::generated_csv(seed, 40 + seed * 15, seed % 3 == 0);
        datafiles_test::write_bytes(path, generated);
        CHECK(check_alike(o, n, path) == 0);
        // Without quotes and lone CRs, the lane takes the plain lines.
        std::string plain;
        for (char c : generated)
            if (c != '"') plain += c;
        for (size_t at = 0; (at = plain.find('\r', at)) != std::string::npos; ++at)
            if (at + 1 >= plain.size() || plain[at + 1] != '\n') plain[at] = '\n';
        datafiles_test::write_bytes(path, plain);
        direct += check_alike(o, n, path);
    }
    CHECK(direct > 100);
}

TEST_CASE("compare lane: a file of many pieces, scored on several threads and taken in order") {
    // The lane cuts 1,024 lines a piece: 5,000 lines are five pieces, made by
    // the workers and the calling thread in whatever order, taken in order.
    datafiles_test::TempDir dir;
    const Loaded o = load("old.rubric", ruleset(false)), n = load("new.rubric", ruleset(true));
    std::string text = "单位,金额,数,率,评,值,有,公开\r\n";
    std::mt19937 random(5000);
    const char* disclosure[] = {"完整公开", "部分公开", "未公开"};
    for (int k = 0; k < 5000; ++k) {
        // Now and then a line the lane declines (a blank before a number), a
        // repeated key, a broken constraint (金额 0) or a count with decimals.
        const std::string key = k % 397 == 5 ? "单位7" : "单位" + std::to_string(k);
        text += key + "," + (k % 211 == 3 ? " 5" : k % 173 == 4 ? "0" : std::to_string(1 + random() % 3000)) + "," +
                (k % 157 == 2 ? "1.5" : std::to_string(random() % 9)) + "," + std::to_string(random() % 101) + "," +
                std::to_string(random() % 21) + "," + std::to_string(static_cast<int>(random() % 11) - 5) + "," +
                (random() % 2 ? "是" : "否") + "," + disclosure[random() % 3] + "\r\n";
    }
    const std::string path = dir.file("many.csv");
    datafiles_test::write_bytes(path, text);
    // The lane leaves a negative 值 (a sign) and a blank or a decimal where
    // it does not belong to the ordinary reader (2,286 lines), and 18 more the
    // fast path does not decide (金额 0 breaks the constraint); 10 repeat 单位7.
    CHECK(check_alike(o, n, path) == 2686);
    const Streamed lane = streamed(o, n, path, 2048, true, 3);
    CHECK(lane.problems.find("9|单位|原规则集：第 9 行：主键「单位7」与第 7 行重复\n") != std::string::npos);
    CHECK(lane.problems.find("4|数|原规则集：第 4 行：「数」计数必须是不小于 0 的整数，不能有小数，实际是 1.5\n") == 0);
}
