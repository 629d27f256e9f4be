// Helpers for the limits tests: a small ruleset around one third-level
// indicator, compiled with given limits, scratch folders, and text built to
// an exact size or depth.
#pragma once

#include "interpreter/engine.hpp"

#include <doctest/doctest.h>

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>

namespace limits_test {

// The ruleset: line 1 the key input, line 2 `inputs`, line 3 `declarations`,
// then 指标体系 (4) → 一级指标 甲 (5) → 二级指标 乙 (6) → line 7:
// "      三级指标 被测（100分）：" followed by `rule`.
struct Sheet {
    std::string inputs = "输入 满意度：百分比";
    std::string declarations;
    std::string rule = "满意度 × 100";
};

inline const std::string leaf_prefix = "      三级指标 被测（100分）：";

inline std::string text_of(const Sheet& s) {
    return "输入 单位：文本，主键\n" + s.inputs + "\n" + s.declarations + "\n" +
           "指标体系（100分）{\n  一级指标 甲（100分）{\n    二级指标 乙（100分）{\n" + leaf_prefix + s.rule +
           "\n    }\n  }\n}\n等级 {\n  ≥ 90：优\n  < 90：差\n}\n";
}

inline rubric::CompileResult compile(const std::string& text, const rubric::CompileOptions& options = {},
                                     const std::string& path = "t.rubric") {
    return rubric::Engine(options).compile(path, text);
}

// The errors, each rendered as the compiler renders it; warnings and the
// summary line left out.
inline std::string errors_of(const rubric::CompileResult& compiled) {
    std::string out;
    for (const rubric::Diagnostic& d : compiled.diagnostics)
        if (d.severity == rubric::Severity::error) out += rubric::render(d);
    return out;
}

// The first line of the first error: "file:line:col: error: message".
inline std::string first_error_line(const rubric::CompileResult& compiled) {
    std::string all = errors_of(compiled);
    return all.substr(0, all.find('\n'));
}

inline bool compiles(const rubric::CompileResult& compiled) { return compiled.ok(); }

// Code points in UTF-8 text: the column arithmetic of the renderer.
inline size_t code_points(const std::string& s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

// Terminal cells of UTF-8 text as the renderer counts them for the text of
// these tests: Chinese and full-width punctuation (three UTF-8 bytes) take
// two, ASCII and × ÷ one.
inline size_t cells(const std::string& s) {
    size_t n = 0;
    for (size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        const size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        n += len >= 3 ? 2 : 1;
        i += len;
    }
    return n;
}

// The caret line under a span that starts after `before` on its line and
// is `width` cells wide.
inline std::string caret(const std::string& before, size_t width) {
    return "      | " + std::string(cells(before), ' ') + "^" + std::string(width - 1, '~') + "\n";
}

inline std::string repeat(const std::string& s, size_t n) {
    std::string out;
    out.reserve(s.size() * n);
    for (size_t k = 0; k < n; ++k) out += s;
    return out;
}

class TempDir {
public:
    TempDir() {
        static std::atomic<int> counter{0};
        path_ = std::filesystem::temp_directory_path() /
                ("rubric-limits-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::string file(const std::string& name) const { return (path_ / name).string(); }
    std::string write(const std::string& name, const std::string& bytes) const {
        std::ofstream(file(name), std::ios::binary | std::ios::trunc) << bytes;
        return file(name);
    }

private:
    std::filesystem::path path_;
};

}  // namespace limits_test
