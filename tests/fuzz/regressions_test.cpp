// Replays every fuzz target (tests/fuzz/fuzz_*.cpp, compiled here with
// RUBRIC_FUZZ_REPLAY) on its regressions (tests/fuzz/regressions/<target>/:
// inputs that once crashed it or broke an invariant) and its seed corpus
// (tests/fuzz/corpus/<target>/), in the ordinary build and under the
// sanitizers, so a fixed crash stays fixed without libFuzzer.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "tests/fuzz/fuzz_support.hpp"

namespace {

namespace fs = std::filesystem;

std::vector<fs::path> files_in(const fs::path& folder) {
    std::vector<fs::path> files;
    if (!fs::is_directory(folder)) return files;
    for (const auto& entry : fs::directory_iterator(folder))
        if (entry.is_regular_file() && entry.path().filename().string().front() != '.') files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

std::string read_bytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Runs each file of `folder` through the target; returns how many.
size_t replay(const std::string& target, rubric_fuzz::TargetFunction function, const fs::path& folder) {
    size_t count = 0;
    for (const fs::path& file : files_in(folder)) {
        const std::string bytes = read_bytes(file);
        INFO(target << " on " << file.string());
        CHECK_NOTHROW(function(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
        ++count;
    }
    return count;
}

const fs::path fuzz_dir = fs::path(RUBRIC_SOURCE_DIR) / "tests" / "fuzz";

}  // namespace

TEST_CASE("every fuzz target is registered and every regression folder names one") {
    const auto& targets = rubric_fuzz::registry();
    for (const char* name : {"fuzz_compile", "fuzz_csv", "fuzz_json", "fuzz_xlsx", "fuzz_evaluate", "fuzz_hook"})
        CHECK_MESSAGE(targets.count(name) == 1, name);
    for (const char* kind : {"regressions", "corpus"}) {
        if (!fs::is_directory(fuzz_dir / kind)) continue;
        for (const auto& entry : fs::directory_iterator(fuzz_dir / kind))
            CHECK_MESSAGE(targets.count(entry.path().filename().string()) == 1, entry.path().string());
    }
}

TEST_CASE("fuzz regressions replay cleanly") {
    for (const auto& [name, function] : rubric_fuzz::registry()) replay(name, function, fuzz_dir / "regressions" / name);
}

TEST_CASE("fuzz seed corpora replay cleanly") {
    for (const auto& [name, function] : rubric_fuzz::registry()) {
        const size_t seeds = replay(name, function, fuzz_dir / "corpus" / name);
        CHECK_MESSAGE(seeds > 0, "no seeds for " << name);
    }
}
