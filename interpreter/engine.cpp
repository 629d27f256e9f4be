#include "interpreter/engine.hpp"

#include "grammar/parser.hpp"
#include "interpreter/atomic_file.hpp"
#include "interpreter/compiler.hpp"

namespace rubric {

CompileResult Engine::compile(std::string path, std::string utf8_text) const {
    CompileResult result;
    auto decoded = SourceFile::from_utf8(path, std::move(utf8_text));
    if (auto* message = std::get_if<std::string>(&decoded)) {
        result.diagnostics.error(path + "：" + *message);
        return result;
    }
    result.source = std::make_shared<const SourceFile>(std::get<SourceFile>(std::move(decoded)));
    grammar::ParsedRuleset parsed = grammar::parse_ruleset(result.source, result.diagnostics);
    if (parsed.aborted) return result;
    std::shared_ptr<Program> program = compile_program(parsed, result.diagnostics);
    result.diagnostics.sort_by_location();
    if (!result.diagnostics.has_errors()) result.program = std::move(program);
    return result;
}

CompileResult Engine::compile_file(const std::string& path) const {
    std::string bytes;
    if (auto problem = read_file(path, bytes)) {
        CompileResult result;
        result.diagnostics.error(*problem);
        return result;
    }
    return compile(path, std::move(bytes));
}

}  // namespace rubric
