// The catalogue of bad rubric files: every tests/diagnostics/NAME.rubric is
// compiled as `tests/diagnostics/NAME.rubric` and its rendered diagnostics
// must equal NAME.expected byte for byte.
//
// To see what the compiler says now (e.g. to write a new .expected, then
// read it line by line before keeping it):
//   RUBRIC_DIAGNOSTICS_ACTUAL_DIR=/tmp/actual ./build/tests/diagnostics_tests
// writes NAME.expected files of the current output into that directory.
#include "interpreter/engine.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

// Cases whose .expected holds what the compiler SHOULD say; the library
// says something else today. Remove a name once its bug is fixed.
const std::set<std::string> known_bad = {};

std::string read_all(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

const fs::path folder = fs::path(RUBRIC_SOURCE_DIR) / "tests" / "diagnostics";

std::vector<std::string> case_names() {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(folder))
        if (entry.path().extension() == ".rubric") names.push_back(entry.path().stem().string());
    std::sort(names.begin(), names.end());
    return names;
}

std::string render(const std::string& name) {
    const std::string text = read_all(folder / (name + ".rubric"));
    rubric::CompileResult compiled = rubric::Engine{}.compile("tests/diagnostics/" + name + ".rubric", text);
    return compiled.diagnostics.render_all();
}

}  // namespace

TEST_CASE("every catalogued rubric file renders exactly its expected diagnostics") {
    const std::vector<std::string> names = case_names();
    REQUIRE(names.size() >= 30);
    const char* actual_dir = std::getenv("RUBRIC_DIAGNOSTICS_ACTUAL_DIR");
    size_t checked = 0;
    for (const std::string& name : names) {
        CAPTURE(name);
        const std::string actual = render(name);
        if (actual_dir) {
            fs::create_directories(actual_dir);
            std::ofstream(fs::path(actual_dir) / (name + ".expected"), std::ios::binary) << actual;
        }
        const fs::path expected_path = folder / (name + ".expected");
        if (!fs::exists(expected_path)) {
            FAIL_CHECK("missing " << expected_path.string());
            continue;
        }
        if (known_bad.count(name)) continue;
        const std::string expected = read_all(expected_path);
        if (actual != expected) {
            FAIL_CHECK("diagnostics differ for " << name << ".rubric\n"
                                                  << "---- expected ----\n" << expected
                                                  << "---- actual ----\n" << actual << "----");
        }
        ++checked;
    }
    CHECK(checked + known_bad.size() == names.size());
}

TEST_CASE("every known-bad name in the catalogue runner is a catalogued file") {
    const std::vector<std::string> names = case_names();
    for (const std::string& bad : known_bad) {
        CAPTURE(bad);
        CHECK(std::find(names.begin(), names.end(), bad) != names.end());
    }
}

TEST_CASE("five independent errors in one file are all reported in one run") {
    const std::string text = read_all(folder / "five_errors.rubric");
    rubric::CompileResult compiled = rubric::Engine{}.compile("tests/diagnostics/five_errors.rubric", text);
    CHECK_FALSE(compiled.ok());
    CHECK(compiled.diagnostics.error_count() == 5);
    CHECK(compiled.diagnostics.warning_count() == 0);
}

TEST_CASE("a clean file in the catalogue compiles to a program") {
    for (const char* name : {"tier_no_gap_integer_counts", "tier_no_gap_total_whole_numbers",
                             "warn_divisor_constrained_ok", "warn_divisor_sum_constrained_ok"}) {
        CAPTURE(name);
        const std::string text = read_all(folder / (std::string(name) + ".rubric"));
        rubric::CompileResult compiled = rubric::Engine{}.compile(std::string("tests/diagnostics/") + name + ".rubric", text);
        CHECK(compiled.ok());
        CHECK(compiled.diagnostics.empty());
    }
}
