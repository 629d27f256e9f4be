#include "interpreter/engine.hpp"

#include "interpreter/compiler.hpp"

namespace rubric {

CompileResult Engine::compile_loaded(ParsedRuleset loaded, DiagnosticList diagnostics) const {
    CompileResult result;
    result.sources = loaded.sources;
    if (!loaded.aborted) {
        std::shared_ptr<Program> program = compile_program(loaded, diagnostics);
        if (!diagnostics.has_errors()) result.program = std::move(program);
    }
    diagnostics.sort_by_location();
    result.diagnostics = std::move(diagnostics);
    return result;
}

CompileResult Engine::compile(std::string path, std::string utf8_text) const {
    DiagnosticList diagnostics;
    ParsedRuleset loaded = load_ruleset(path, &utf8_text, options_, diagnostics);
    return compile_loaded(std::move(loaded), std::move(diagnostics));
}

CompileResult Engine::compile_file(const std::string& path) const {
    DiagnosticList diagnostics;
    ParsedRuleset loaded = load(path, diagnostics);
    return compile_loaded(std::move(loaded), std::move(diagnostics));
}

ParsedRuleset Engine::load(const std::string& path, DiagnosticList& diagnostics) const {
    std::string resolved = find_ruleset(path, options_);
    return load_ruleset(resolved.empty() ? path : resolved, nullptr, options_, diagnostics);
}

}  // namespace rubric
