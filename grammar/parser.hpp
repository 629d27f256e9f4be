// Reading a rubric file: the statement-by-statement driver around the X3
// grammar. It reports every syntax error it can find in one pass, each
// resynchronised at the next statement, and assembles the indicator tree
// from group headers and closing braces.
#pragma once

#include "grammar/ast.hpp"
#include "grammar/source_map.hpp"
#include "interpreter/diagnostic.hpp"
#include "interpreter/source.hpp"

#include <memory>
#include <variant>
#include <vector>

namespace rubric::grammar {

// One node of the indicator tree: a group (指标体系 / 一级指标 / 二级指标)
// with its children, or a leaf (三级指标).
struct TreeNode {
    std::variant<ast::group_open, ast::leaf_decl> decl;
    std::vector<TreeNode> children;

    bool is_leaf() const { return std::holds_alternative<ast::leaf_decl>(decl); }
    const ast::group_open& group() const { return std::get<ast::group_open>(decl); }
    const ast::leaf_decl& leaf() const { return std::get<ast::leaf_decl>(decl); }
};

struct ParsedRuleset {
    std::shared_ptr<const SourceFile> source;
    SourceMap map;

    std::vector<ast::meta_decl> meta;
    std::vector<ast::input_decl> inputs;
    std::vector<ast::constraint_decl> constraints;
    std::vector<ast::derived_decl> derived;
    std::vector<ast::score_rounding> score_roundings;
    std::vector<ast::grade_decl> grades;
    std::vector<TreeNode> tree;  // normally one 指标体系
    bool aborted = false;        // the file could not be read at all; nothing above is complete

    explicit ParsedRuleset(std::shared_ptr<const SourceFile> file)
        : source(std::move(file)), map(source->text()) {}
    ParsedRuleset(ParsedRuleset&&) = default;

    Span span_of(const x3::position_tagged& node) const { return map.span_of(node); }
};

// Parses the whole file; syntax errors go to `diagnostics`, and whatever
// parsed cleanly is returned so the checker can report its own findings too.
ParsedRuleset parse_ruleset(std::shared_ptr<const SourceFile> source, DiagnosticList& diagnostics);

}  // namespace rubric::grammar
