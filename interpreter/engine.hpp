// The library's front door.
//
//   rubric::Engine engine;
//   rubric::CompileResult compiled = engine.compile_file("rulesets/longhua-2021.rubric");
//   if (!compiled.ok()) { std::cerr << compiled.diagnostics.render_all(); return; }
//   rubric::Result r = compiled.program->evaluate(record, {.explain = true});
//
// Compiling reports problems as values (a DiagnosticList), never as
// exceptions; a Program is immutable and may be shared across threads.
#pragma once

#include "interpreter/diagnostic.hpp"
#include "interpreter/program.hpp"
#include "interpreter/ruleset_loader.hpp"
#include "interpreter/source_set.hpp"

#include <memory>
#include <string>

namespace rubric {

struct CompileResult {
    std::shared_ptr<const Program> program;        // null when there were errors
    DiagnosticList diagnostics;                    // errors and warnings, in source order
    std::shared_ptr<const SourceSet> sources;      // what the diagnostics point into
    bool ok() const { return program != nullptr; }
};

class Engine {
public:
    Engine() = default;
    explicit Engine(LoadOptions options) : options_(std::move(options)) {}

    // Compiles rubric text; `path` names it in messages and is where 导入 and
    // 继承 look for other files first.
    CompileResult compile(std::string path, std::string utf8_text) const;
    // Reads the file (read-only) and compiles it with what it imports or extends.
    CompileResult compile_file(const std::string& path) const;

    // The effective ruleset after 导入 and 继承, for `rubric show`.
    ParsedRuleset load(const std::string& path, DiagnosticList& diagnostics) const;

    const LoadOptions& options() const { return options_; }

private:
    CompileResult compile_loaded(ParsedRuleset loaded, DiagnosticList diagnostics) const;

    LoadOptions options_;
};

}  // namespace rubric
