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

#include <memory>
#include <string>
#include <vector>

namespace rubric {

namespace x3 = boost::spirit::x3;

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
};

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
};

struct ParsedRuleset : RulesetDeclarations {
    std::shared_ptr<SourceSet> sources = std::make_shared<SourceSet>();
    std::unique_ptr<grammar::SourceMap> map;
    bool aborted = false;
    hooks::HookLimits hook_limits;  // from LoadOptions

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
