// From a ruleset file to the effective ruleset the compiler checks: the file
// itself, the rulesets it extends (继承) with its changes applied (修改,
// 删除, 增加), and the stdlib files it imports (导入), of which only what it
// uses is kept. Every AST node keeps its own file's position, so messages
// and `rubric show` can say where each part came from.
#pragma once

#include "grammar/parser.hpp"
#include "interpreter/diagnostic.hpp"
#include "interpreter/hooks/hook_limits.hpp"
#include "interpreter/source_set.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace rubric {

namespace x3 = boost::spirit::x3;

// How large a ruleset may be (docs/limits.md): each limit is an option with
// a default, and a file or ruleset beyond one is refused with an error at
// the place it is exceeded — never by running out of memory or stack. The
// command line sets each with the flag named beside it.
struct CompileLimits {
    // Each rubric file, in bytes (--max-rubric-size).
    std::uint64_t max_file_bytes = std::uint64_t{4} << 20;
    // Brackets open at once in a file, and (…), 若 … 则 … 否则 …, 非, minus
    // signs and calls nested in one expression (--max-nesting-depth): what
    // the recursive parser goes through (grammar::ParseLimits).
    int max_nesting_depth = 200;
    // Operations stacked to compute one value: each operator of a chain
    // (a + b + c is 2), each nesting, and the depth of every 计算, 规则 and
    // 钩子 it uses by name (--max-expression-depth): what the compiler and
    // its checks walk recursively.
    int max_expression_depth = 200;
    // 一级, 二级 and 三级指标 of the ruleset, after 继承 (--max-indicators).
    std::size_t max_indicators = 10000;
    // 输入 of the ruleset, its own and those it imports and uses (--max-inputs).
    std::size_t max_inputs = 10000;
    // Files in one chain of 继承 and 导入, the ruleset's own first (--max-import-depth).
    int max_import_depth = 32;
};

struct LoadOptions {
    // Folders searched for 导入 "共性指标/政府采购" (as …/共性指标/政府采购.rubric),
    // after the importing file's own folder.
    std::vector<std::string> library_paths;
    // Folders searched for a ruleset named by its 简称 (龙华/2021), after the
    // naming file's folder.
    std::vector<std::string> ruleset_paths;
    // What one call of a Lua hook (钩子) may use; also bounds the run of a
    // hook file's top level when it is checked.
    hooks::HookLimits hook_limits;
    // How large and deep the rulesets may be.
    CompileLimits limits;
};

// The options Engine::compile works with; the limits are among them.
using CompileOptions = LoadOptions;

// What a ruleset declares, from all its files together.
struct RulesetDeclarations {
    std::vector<ast::meta_decl> meta;
    std::vector<ast::input_decl> inputs;
    std::vector<ast::constraint_decl> constraints;
    std::vector<ast::derived_decl> derived;
    std::vector<ast::named_rule_decl> rules;
    std::vector<ast::score_rounding> score_roundings;
    std::vector<ast::grade_decl> grades;
    std::vector<ast::detail_decl> details;
    std::vector<ast::na_policy> na_policies;
    std::vector<ast::hook_decl> hooks;
    std::vector<grammar::TreeNode> tree;
    std::vector<std::string> bases;  // the files this one extends, nearest first
    // From statements that could not be read (grammar::ParsedFile).
    std::set<std::u32string> unreadable_keywords;
    std::set<std::u32string> unreadable_names;
    std::set<std::u32string> unreadable_mentions;
    // Every input, calculation and rule the imported files declare, kept or
    // not: what a misspelt name may have meant.
    std::set<std::u32string> library_names;
};

struct ParsedRuleset : RulesetDeclarations {
    std::shared_ptr<SourceSet> sources = std::make_shared<SourceSet>();
    std::unique_ptr<grammar::SourceMap> map;
    bool aborted = false;
    hooks::HookLimits hook_limits;  // from LoadOptions
    std::uint64_t max_file_bytes = CompileLimits{}.max_file_bytes;  // LoadOptions::limits: also bounds hook files

    ParsedRuleset() : map(std::make_unique<grammar::SourceMap>(*sources)) {}
    Span span_of(const x3::position_tagged& node) const { return map->span_of(node); }
};

// Reads `path` (or, when `text` is given, takes it as that file's content)
// and everything it extends or imports.
ParsedRuleset load_ruleset(const std::string& path, const std::string* text, const LoadOptions& options,
                           DiagnosticList& diagnostics);

// The 简称 a ruleset file declares (龙华/2021), read without parsing it all;
// empty when it declares none.
std::string short_name_of(const std::string& path);

// Finds a ruleset by path or by 简称 in `options.ruleset_paths`; empty if none.
std::string find_ruleset(const std::string& name, const LoadOptions& options);

}  // namespace rubric
