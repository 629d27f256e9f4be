// The catalogue of bad input (tests/diagnostics/README.md).
//
// Rubric cases: every tests/diagnostics/NAME.rubric, and every folder
// tests/diagnostics/NAME/ holding a main.rubric (a case that needs other
// files: imports, a base ruleset, Lua hooks), is compiled as `rubric check`
// compiles it, and its rendered diagnostics must equal NAME.expected byte
// for byte.
//
// Data cases: every other file tests/diagnostics/data/NAME.* is scored by
// tests/diagnostics/data/ruleset.rubric as `rubric eval` scores it, and what
// the user sees on stderr (each problem "file：message", then the summary)
// must equal data/NAME.expected byte for byte — by the whole-file path of
// the default table output and by the streaming path of --format csv/json.
//
// To see what the library says now (e.g. to write a new .expected, then
// read it line by line before keeping it):
//   RUBRIC_DIAGNOSTICS_ACTUAL_DIR=/tmp/actual ./build/tests/diagnostics_tests
// writes NAME.expected (and data/NAME.expected) of the current output into
// that directory.
#include "interpreter/batch.hpp"
#include "interpreter/engine.hpp"
#include "interpreter/report.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace fs = std::filesystem;

namespace {

// Cases whose .expected holds what the library SHOULD say; it says something
// else today. Remove a name once its bug is fixed.
const std::set<std::string> known_bad = {};
const std::set<std::string> known_bad_data = {};

std::string read_all(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Paths in messages are relative to the source folder, as a user running
// `rubric` from the repository would see them.
void enter_source_dir() { fs::current_path(RUBRIC_SOURCE_DIR); }

const fs::path folder = "tests/diagnostics";
const fs::path data_folder = folder / "data";

// The options `rubric` uses in a checkout: the stdlib and the shipped rulesets.
rubric::LoadOptions catalogue_options() {
    rubric::LoadOptions options;
    options.library_paths = {"stdlib"};
    options.ruleset_paths = {"rulesets"};
    return options;
}

struct Case {
    std::string name;
    std::string path;  // the file compiled, relative to the source folder
};

std::vector<Case> rubric_cases() {
    std::vector<Case> cases;
    for (const auto& entry : fs::directory_iterator(folder)) {
        const std::string name = entry.path().filename().string();
        if (entry.is_regular_file() && entry.path().extension() == ".rubric")
            cases.push_back({entry.path().stem().string(), (folder / name).string()});
        else if (entry.is_directory() && fs::exists(entry.path() / "main.rubric"))
            cases.push_back({name, (folder / name / "main.rubric").string()});
    }
    std::sort(cases.begin(), cases.end(), [](const Case& a, const Case& b) { return a.name < b.name; });
    return cases;
}

rubric::CompileResult compile_case(const Case& c) { return rubric::Engine(catalogue_options()).compile_file(c.path); }

std::vector<Case> data_cases() {
    std::vector<Case> cases;
    for (const auto& entry : fs::directory_iterator(data_folder)) {
        const std::string ext = entry.path().extension().string();
        const bool hidden = entry.path().filename().string().starts_with(".");  // .gitattributes
        if (!entry.is_regular_file() || hidden || ext == ".rubric" || ext == ".expected" || ext == ".md") continue;
        cases.push_back({entry.path().stem().string(), (data_folder / entry.path().filename()).string()});
    }
    std::sort(cases.begin(), cases.end(), [](const Case& a, const Case& b) { return a.name < b.name; });
    return cases;
}

// What `rubric eval` writes to stderr after scoring (cli/main.cpp, run_eval).
std::string eval_stderr(const std::vector<rubric::ReadProblem>& problems, size_t total, size_t scored, size_t bad) {
    std::string out;
    for (const rubric::ReadProblem& p : problems)
        if (listed(p)) out += p.path + "：" + p.message + "\n";
    out += "共 " + std::to_string(total) + " 条记录：" + std::to_string(scored) + " 条已评分";
    if (bad) out += "，" + std::to_string(bad) + " 条有误未评分";
    return out + "。\n";
}

// The default table output: the file read whole, then scored.
std::string score_whole(const rubric::Program& program, const std::string& path) {
    std::vector<rubric::RawTable> tables{rubric::read_data_file(path)};
    rubric::BatchResult batch = rubric::score_tables(program, tables);
    return eval_stderr(batch.problems, batch.total_records, batch.scored.size(), batch.bad_records);
}

// --format csv/json: streamed a few records at a time when it can be. With
// `threads` > 1 the file is cut into pieces of about `piece_bytes` (1: a
// record each) that worker threads read, bind and score; `rows` receives the
// scored records, formatted as CSV rows on those threads.
// With `direct`, the lines the direct lane can take are scored straight from
// their bytes (StreamOptions::format_is_csv_row, as `rubric eval --format csv`
// streams); `direct_records` counts them.
std::string score_streamed(const rubric::Program& program, const std::string& path, unsigned threads = 1,
                           size_t piece_bytes = 1, std::string* rows = nullptr, bool direct = false,
                           size_t* direct_records = nullptr) {
    std::vector<rubric::ReadProblem> problems;
    size_t total = 0, scored = 0, bad = 0;
    auto take = [&](rubric::BatchResult& chunk) {
        for (auto& p : chunk.problems) problems.push_back(p);
        total += chunk.total_records;
        for (const rubric::ScoredRecord& r : chunk.scored) chunk.formatted.push_back(rubric::csv_row(program, r));
        scored += chunk.formatted.size();
        if (rows) *rows += chunk.formatted.text();
        bad += chunk.bad_records;
        if (direct_records) *direct_records += chunk.direct_records;
    };
    rubric::EvaluateOptions options;
    options.threads = threads;
    rubric::StreamOptions stream;
    stream.chunk_records = 2;
    stream.piece_bytes = piece_bytes;
    stream.format = [&program](const rubric::ScoredRecord& r) { return rubric::csv_row(program, r); };
    stream.format_is_csv_row = direct;
    if (!rubric::stream_csv_file(program, path, {}, options, stream, take)) {
        rubric::BatchResult whole = rubric::score_table(program, rubric::read_data_file(path));
        take(whole);
    }
    return eval_stderr(problems, total, scored, bad);
}

void write_actual(const std::string& relative, const std::string& text) {
    const char* actual_dir = std::getenv("RUBRIC_DIAGNOSTICS_ACTUAL_DIR");
    if (!actual_dir) return;
    const fs::path path = fs::path(actual_dir) / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

}  // namespace

TEST_CASE("every catalogued rubric file renders exactly its expected diagnostics") {
    enter_source_dir();
    const std::vector<Case> cases = rubric_cases();
    REQUIRE(cases.size() >= 250);
    size_t checked = 0;
    for (const Case& c : cases) {
        CAPTURE(c.name);
        const std::string actual = compile_case(c).diagnostics.render_all();
        write_actual(c.name + ".expected", actual);
        const fs::path expected_path = folder / (c.name + ".expected");
        if (!fs::exists(expected_path)) {
            FAIL_CHECK("missing " << expected_path.string());
            continue;
        }
        const std::string expected = read_all(expected_path);
        if (known_bad.count(c.name)) {
            // Say so when a known-bad case starts to pass, so it is taken off the list.
            CHECK_MESSAGE(actual != expected, c.name << " now passes: remove it from known_bad");
            continue;
        }
        if (actual != expected) {
            FAIL_CHECK("diagnostics differ for " << c.path << "\n"
                                                  << "---- expected ----\n" << expected
                                                  << "---- actual ----\n" << actual << "----");
        }
        ++checked;
    }
    CHECK(checked + known_bad.size() == cases.size());
}

TEST_CASE("every catalogued data file gives exactly its expected problems and summary") {
    enter_source_dir();
    rubric::CompileResult compiled = rubric::Engine(catalogue_options()).compile_file((data_folder / "ruleset.rubric").string());
    REQUIRE_MESSAGE(compiled.ok(), compiled.diagnostics.render_all());
    REQUIRE(compiled.diagnostics.empty());
    const std::vector<Case> cases = data_cases();
    REQUIRE(cases.size() >= 50);
    size_t checked = 0, direct_records = 0;
    // 35 of the catalogue's records are plain enough for the direct lane,
    // taken by each of the five ways below.
    const size_t expected_direct_records = 5 * 35;
    for (const Case& c : cases) {
        CAPTURE(c.path);
        const std::string whole = score_whole(*compiled.program, c.path);
        write_actual("data/" + c.name + ".expected", whole);
        const fs::path expected_path = data_folder / (c.name + ".expected");
        if (!fs::exists(expected_path)) {
            FAIL_CHECK("missing " << expected_path.string());
            continue;
        }
        const std::string expected = read_all(expected_path);
        if (known_bad_data.count(c.name)) {
            CHECK_MESSAGE(whole != expected, c.name << " now passes: remove it from known_bad_data");
            continue;
        }
        if (whole != expected) {
            FAIL_CHECK("problems differ for " << c.path << "\n"
                                               << "---- expected ----\n" << expected
                                               << "---- actual ----\n" << whole << "----");
        }
        std::string rows;
        const std::string streamed = score_streamed(*compiled.program, c.path, 1, 1, &rows);
        if (streamed != expected) {
            FAIL_CHECK("streamed (--format csv) problems differ for " << c.path << "\n"
                                                                       << "---- expected ----\n" << expected
                                                                       << "---- actual ----\n" << streamed << "----");
        }
        // On worker threads, the file cut into pieces of one record, of a few, of many: the same.
        for (const auto& [threads, piece] : {std::pair<unsigned, size_t>{2, 1}, {3, 1}, {2, 40}, {4, 200}, {2, 1 << 20}}) {
            CAPTURE(threads);
            CAPTURE(piece);
            std::string threaded_rows;
            const std::string threaded = score_streamed(*compiled.program, c.path, threads, piece, &threaded_rows);
            if (threaded != expected) {
                FAIL_CHECK("streamed on threads problems differ for " << c.path << "\n"
                                                                       << "---- expected ----\n" << expected
                                                                       << "---- actual ----\n" << threaded << "----");
            }
            CHECK(threaded_rows == rows);
        }
        // The direct lane (as `rubric eval --format csv` streams): the same
        // problems and the same rows, on one thread and on several.
        for (const auto& [threads, piece] : {std::pair<unsigned, size_t>{1, 1}, {1, 1 << 20}, {2, 1}, {3, 40}, {2, 1 << 20}}) {
            CAPTURE(threads);
            CAPTURE(piece);
            std::string direct_rows;
            size_t direct = 0;
            const std::string lane = score_streamed(*compiled.program, c.path, threads, piece, &direct_rows, true, &direct);
            if (lane != expected) {
                FAIL_CHECK("streamed on the direct lane problems differ for " << c.path << "\n"
                                                                              << "---- expected ----\n" << expected
                                                                              << "---- actual ----\n" << lane << "----");
            }
            CHECK(direct_rows == rows);
            direct_records += direct;
        }
        ++checked;
    }
    CHECK(checked + known_bad_data.size() == cases.size());
    // The lane took the plain lines of the files it suits (and none is
    // scored twice): a test of the lane, not of the ordinary path twice.
    CHECK(direct_records == expected_direct_records);
}

TEST_CASE("every known-bad name in the catalogue runner is a catalogued case") {
    enter_source_dir();
    std::vector<std::string> names, data_names;
    for (const Case& c : rubric_cases()) names.push_back(c.name);
    for (const Case& c : data_cases()) data_names.push_back(c.name);
    for (const std::string& bad : known_bad) {
        CAPTURE(bad);
        CHECK(std::find(names.begin(), names.end(), bad) != names.end());
    }
    for (const std::string& bad : known_bad_data) {
        CAPTURE(bad);
        CHECK(std::find(data_names.begin(), data_names.end(), bad) != data_names.end());
    }
}

TEST_CASE("five independent errors in one file are all reported in one run") {
    enter_source_dir();
    rubric::CompileResult compiled = compile_case({"five_errors", "tests/diagnostics/five_errors.rubric"});
    CHECK_FALSE(compiled.ok());
    CHECK(compiled.diagnostics.error_count() == 5);
    CHECK(compiled.diagnostics.warning_count() == 0);
}

TEST_CASE("a clean file in the catalogue compiles to a program") {
    enter_source_dir();
    for (const char* name : {"tier_no_gap_integer_counts", "tier_no_gap_total_whole_numbers",
                             "warn_divisor_constrained_ok", "warn_divisor_sum_constrained_ok"}) {
        CAPTURE(name);
        rubric::CompileResult compiled = compile_case({name, std::string("tests/diagnostics/") + name + ".rubric"});
        CHECK(compiled.ok());
        CHECK(compiled.diagnostics.empty());
    }
}
