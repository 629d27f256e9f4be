// Helpers for the language tests: a small ruleset around one third-level
// indicator, compiled with rubric::Engine, and records built directly.
//
//   Sheet s;
//   s.inputs = "输入 a：百分比";
//   s.leaf = "：分档 a { ≥ 90%：1  < 90%：0 }";
//   s.points = "1";
//   Outcome o = run(s, {"0.9"});   // percentages as fractions, 是/否 as 1/0,
//   CHECK(o.score == "1");         // enumerations as the value's index
//
// The ruleset: the key input 单位, then `inputs`, then `declarations`
// (计算, 约束, 得分舍入 …), then 指标体系（100分）→ 一级指标 甲 → 二级指标 乙 →
// 三级指标 被测（points分）leaf, plus 三级指标 其余（100 − points 分）：0 so that
// the points add up, then the usual grade bands.
#pragma once

#include "interpreter/engine.hpp"

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

namespace lang {

struct Sheet {
    std::string inputs;        // 输入 lines, the key input excluded
    std::string leaf;          // what follows 三级指标 被测（N分）: "：…" or "{ 分项 … }"
    std::string points = "10";
    std::string declarations;  // 计算, 约束, 三级指标得分 …, 总分 … lines
    bool grades = true;
};

inline std::string ruleset_text(const Sheet& s) {
    std::string text = "输入 单位：文本，主键\n" + s.inputs + "\n" + s.declarations + "\n";
    text += "指标体系（100分）{\n  一级指标 甲（100分）{\n    二级指标 乙（100分）{\n";
    text += "      三级指标 被测（" + s.points + "分）" + s.leaf + "\n";
    if (s.points != "100") {
        rubric::Decimal rest = rubric::Decimal::from_int(100) - *rubric::Decimal::parse(s.points);
        text += "      三级指标 其余（" + rest.to_string() + "分）：0\n";
    }
    text += "    }\n  }\n}\n";
    if (s.grades) text += "等级 {\n  ≥ 90：优\n  80 ≤ x < 90：良\n  60 ≤ x < 80：中\n  < 60：差\n}\n";
    return text;
}

// Compiles `text`; fails the test (showing the diagnostics) when it has errors.
inline std::shared_ptr<const rubric::Program> compile_ok(const std::string& text) {
    rubric::CompileResult compiled = rubric::Engine{}.compile("test.rubric", text);
    INFO(text);
    REQUIRE_MESSAGE(compiled.ok(), compiled.diagnostics.render_all());
    return compiled.program;
}

// Compiles `text` whatever its diagnostics, for tests about compile errors.
inline rubric::CompileResult compile(const std::string& text) {
    return rubric::Engine{}.compile("test.rubric", text);
}

// The errors of a compilation, each rendered as the compiler renders it, in
// the order reported; warnings (such as the one for 其余, which always
// scores 0) and the summary line are left out.
inline std::string errors_of(const rubric::CompileResult& compiled) {
    std::string out;
    for (const rubric::Diagnostic& d : compiled.diagnostics)
        if (d.severity == rubric::Severity::error) out += rubric::render(d);
    return out;
}

// A record: the key, then one value per declared input in order.
inline rubric::Record record(const std::vector<std::string>& values) {
    rubric::Record r;
    r.key = "测试单位";
    r.values.push_back(rubric::Decimal{});  // the key input holds zero
    for (const std::string& v : values) {
        auto d = rubric::Decimal::parse(v);
        REQUIRE_MESSAGE(d.has_value(), "not a decimal: " << v);
        r.values.push_back(*d);
    }
    return r;
}

struct Outcome {
    bool scored = false;
    std::string score;    // 被测's score
    std::string total;
    std::string grade;
    std::string explain;
    std::vector<rubric::RecordProblem> problems;
    std::string problem_text() const {
        std::string out;
        for (const auto& p : problems) out += "[" + p.column + "] " + p.message + "\n";
        return out;
    }
};

inline int indicator_index(const rubric::Program& program, const std::string& name) {
    const auto& indicators = program.indicators();
    for (size_t i = 0; i < indicators.size(); ++i)
        if (indicators[i].name == name) return static_cast<int>(i);
    FAIL("no indicator named " << name);
    return -1;
}

inline Outcome evaluate(const rubric::Program& program, const std::vector<std::string>& values,
                        const std::string& indicator = "被测") {
    rubric::Result r = program.evaluate(record(values), rubric::EvaluateOptions{true});
    Outcome o;
    o.scored = r.scored;
    o.problems = r.problems;
    if (r.scored) {
        o.score = r.scores[static_cast<size_t>(indicator_index(program, indicator))].to_string();
        o.total = r.total.to_string();
        o.grade = r.grade;
        o.explain = r.explain;
    }
    return o;
}

inline Outcome run(const Sheet& sheet, const std::vector<std::string>& values) {
    auto program = compile_ok(ruleset_text(sheet));
    Outcome o = evaluate(*program, values);
    INFO(ruleset_text(sheet));
    CHECK_MESSAGE(o.scored, o.problem_text());
    return o;
}

// The score of 被测 for each record, for a table-driven test.
inline std::string score(const rubric::Program& program, const std::vector<std::string>& values) {
    Outcome o = evaluate(program, values);
    CHECK_MESSAGE(o.scored, o.problem_text());
    return o.score;
}

}  // namespace lang
