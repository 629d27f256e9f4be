// fuzz_compile: any bytes as a rubric file, through the parser and checker as
// `rubric check` runs them (Engine::compile, with the shipped rulesets and
// stdlib reachable for 继承 and 导入), then every diagnostic rendered, plain
// and in color. Invariants: a program exactly when there is no error, and
// rendered text that is valid UTF-8. Also renders a diagnostic at a few odd
// spans of the same text (past the end, reversed, across lines) to exercise
// the caret drawing on any characters.
#include "tests/fuzz/fuzz_support.hpp"

#include "interpreter/engine.hpp"

#include <string>

RUBRIC_FUZZ_TARGET(fuzz_compile) {
    using namespace rubric;
    static const Engine engine(rubric_fuzz::load_options(rubric_fuzz::small_hook_limits()));
    // In rulesets/, so that hook files and 继承 "…" resolve as for a shipped ruleset.
    static const std::string path = rubric_fuzz::source_path("rulesets/fuzz.rubric");
    const std::string text(reinterpret_cast<const char*>(data), size);

    const CompileResult compiled = engine.compile(path, text);
    rubric_fuzz::expect(compiled.ok() != compiled.diagnostics.has_errors(), "a program exactly when there is no error");
    for (const bool color : {false, true}) {
        const std::string shown = compiled.diagnostics.render_all(color);
        rubric_fuzz::expect(rubric_fuzz::valid_utf8(shown), "rendered diagnostics not UTF-8");
    }

    auto decoded = SourceFile::from_utf8(path, text);
    if (auto* file = std::get_if<SourceFile>(&decoded)) {
        const uint32_t n = file->size();
        for (const Span span : {Span{0, n}, Span{n / 3, 2 * n / 3}, Span{n, n}, Span{n / 2, n / 4}, Span{n + 3, n + 9}}) {
            Diagnostic d;
            d.file = &*file;
            d.span = span;
            d.message = "测试";
            d.notes.push_back(make_note(*file, Span{span.end, span.begin}, "注"));
            rubric_fuzz::expect(rubric_fuzz::valid_utf8(render(d, true)), "rendered caret line not UTF-8");
        }
    }
    return 0;
}
