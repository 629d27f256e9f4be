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
#include "interpreter/source.hpp"

#include <memory>
#include <string>

namespace rubric {

struct CompileResult {
    std::shared_ptr<const Program> program;    // null when there were errors
    DiagnosticList diagnostics;                // errors and warnings, in source order
    std::shared_ptr<const SourceFile> source;  // what the diagnostics point into
    bool ok() const { return program != nullptr; }
};

class Engine {
public:
    // Compiles rubric text; `path` is used in messages only.
    CompileResult compile(std::string path, std::string utf8_text) const;
    // Reads the file (read-only) and compiles it.
    CompileResult compile_file(const std::string& path) const;
};

}  // namespace rubric
