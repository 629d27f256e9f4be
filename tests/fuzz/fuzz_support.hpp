// Shared by the fuzz targets (tests/fuzz/fuzz_*.cpp): the entry-point macro,
// invariant checks, and what several targets need (load options, a scratch
// file, table checks).
//
// Each target is written once, as
//
//   RUBRIC_FUZZ_TARGET(fuzz_csv) { ...uses data, size...; return 0; }
//
// In the fuzz build this is libFuzzer's LLVMFuzzerTestOneInput. In the normal
// build (RUBRIC_FUZZ_REPLAY, tests/fuzz/regressions_test.cpp) every target is
// compiled into one doctest program that registers it by name and replays
// tests/fuzz/regressions/<target>/ and tests/fuzz/corpus/<target>/ through the
// very same code.
#pragma once

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

#include "interpreter/batch.hpp"
#include "interpreter/datafiles/text_encoding.hpp"
#include "interpreter/engine.hpp"
#include "interpreter/ruleset_loader.hpp"
#include "interpreter/table.hpp"

#ifndef RUBRIC_SOURCE_DIR
#error "RUBRIC_SOURCE_DIR must name the source tree (rulesets/, stdlib/)"
#endif

namespace rubric_fuzz {

using TargetFunction = int (*)(const uint8_t* data, size_t size);

inline std::map<std::string, TargetFunction>& registry() {
    static std::map<std::string, TargetFunction> targets;
    return targets;
}

inline bool register_target(const char* name, TargetFunction function) {
    registry()[name] = function;
    return true;
}

// A broken invariant. Fuzzing: abort, so libFuzzer saves the input as a
// crash. Replay: throw, so the doctest names the input and goes on.
[[noreturn]] inline void fail(const std::string& what) {
#ifdef RUBRIC_FUZZ_REPLAY
    throw std::logic_error("fuzz invariant broken: " + what);
#else
    std::fprintf(stderr, "fuzz invariant broken: %s\n", what.c_str());
    std::abort();
#endif
}

inline void expect(bool condition, const std::string& what) {
    if (!condition) fail(what);
}

// Well-formed UTF-8 (no overlongs, surrogates or code points above
// U+10FFFF), checked without allocating: it runs on every output.
inline bool valid_utf8(std::string_view text) {
    const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
    for (size_t i = 0; i < text.size();) {
        const unsigned char lead = byte(i);
        if (lead < 0x80) {
            ++i;
            continue;
        }
        size_t length = 0;
        unsigned char low = 0x80, high = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) length = 2;
        else if (lead >= 0xE0 && lead <= 0xEF) length = 3, low = lead == 0xE0 ? 0xA0 : 0x80, high = lead == 0xED ? 0x9F : 0xBF;
        else if (lead >= 0xF0 && lead <= 0xF4) length = 4, low = lead == 0xF0 ? 0x90 : 0x80, high = lead == 0xF4 ? 0x8F : 0xBF;
        else return false;
        if (i + length > text.size() || byte(i + 1) < low || byte(i + 1) > high) return false;
        for (size_t k = 2; k < length; ++k)
            if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return false;
        i += length;
    }
    return true;
}

inline std::string source_path(const std::string& relative) { return std::string(RUBRIC_SOURCE_DIR) + "/" + relative; }

// What `rubric` finds: the shipped rulesets (by 简称) and the stdlib; hooks
// limited as given.
inline rubric::LoadOptions load_options(const rubric::hooks::HookLimits& limits = {}) {
    rubric::LoadOptions options;
    options.ruleset_paths.push_back(source_path("rulesets"));
    options.library_paths.push_back(source_path("stdlib"));
    options.hook_limits = limits;
    return options;
}

// Small limits for hooks run from fuzz input, so that a runaway script
// costs a fraction of a second.
inline rubric::hooks::HookLimits small_hook_limits() {
    rubric::hooks::HookLimits limits;
    limits.instructions = 200'000;
    limits.memory_bytes = std::size_t{16} << 20;
    limits.time = std::chrono::milliseconds{200};
    return limits;
}

// A per-process scratch file in /tmp for readers that take a path,
// rewritten for every input and removed at exit.
class ScratchFile {
public:
    ScratchFile(const std::string& target, const std::string& extension)
        : path_("/tmp/rubric-" + target + "-" + std::to_string(::getpid()) + extension) {}
    ~ScratchFile() { std::remove(path_.c_str()); }
    ScratchFile(const ScratchFile&) = delete;
    ScratchFile& operator=(const ScratchFile&) = delete;

    const std::string& write(const uint8_t* data, size_t size) {
        std::FILE* file = std::fopen(path_.c_str(), "wb");
        if (!file) fail("cannot write " + path_);
        if (size && std::fwrite(data, 1, size, file) != size) fail("cannot write " + path_);
        std::fclose(file);
        return path_;
    }
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

// What every reader promises of a RawTable (table.hpp): one cell per column,
// present cells valid UTF-8, problems with a message, and no records without
// columns (a file with no column to bind says why in a problem instead).
inline void check_table(const rubric::RawTable& table) {
    if (table.columns.empty()) expect(table.records.empty(), "records without columns");
    for (const std::string& column : table.columns) expect(valid_utf8(column), "column name not UTF-8");
    for (const rubric::RawRecord& record : table.records) {
        expect(record.cells.size() == table.columns.size(), "record with a cell count other than the columns'");
        for (const auto& cell : record.cells)
            if (cell) expect(valid_utf8(*cell), "cell not UTF-8");
    }
    for (const rubric::ReadProblem& problem : table.problems) {
        expect(!problem.message.empty(), "problem without a message");
        expect(valid_utf8(problem.message), "problem message not UTF-8");
    }
}

// A table bound and scored as `rubric eval` does it (against 通用/项目自评,
// whose six inputs keep the did-you-mean search for missing columns cheap):
// every record the reader gave is counted, scored or rejected with a
// message — none dropped silently (batch.hpp).
inline void check_every_record_counted(const rubric::RawTable& table) {
    static const std::shared_ptr<const rubric::Program> program = [] {
        rubric::CompileResult compiled = rubric::Engine(load_options()).compile_file(source_path("rulesets/project-self-evaluation.rubric"));
        if (!compiled.ok()) fail("rulesets/project-self-evaluation.rubric does not compile");
        return compiled.program;
    }();
    const rubric::BatchResult batch = rubric::score_table(*program, table);
    // Rows the reader reported but could not read count as bad records on top.
    expect(batch.total_records >= table.records.size(), "records read but not counted");
    expect(batch.scored.size() + batch.bad_records == batch.total_records, "records lost or counted twice");
    if (batch.bad_records > 0) expect(!batch.problems.empty(), "records rejected without a message");
}

}  // namespace rubric_fuzz

#ifdef RUBRIC_FUZZ_REPLAY
#define RUBRIC_FUZZ_TARGET(name)                                                                        \
    static int name##_one_input(const uint8_t* data, size_t size);                                     \
    [[maybe_unused]] static const bool name##_registered = ::rubric_fuzz::register_target(#name, name##_one_input); \
    static int name##_one_input(const uint8_t* data, size_t size)
#else
#define RUBRIC_FUZZ_TARGET(name) extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
#endif
