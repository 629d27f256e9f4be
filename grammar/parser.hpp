// Reading one rubric file: the statement-by-statement driver around the X3
// grammar. It reports every syntax error it can find in one pass, each
// resynchronised at the next statement, and assembles the indicator tree
// from group headers and closing braces. Combining files (导入, 继承) is
// the loader's work (interpreter/ruleset_loader.hpp).
#pragma once

#include "grammar/ast.hpp"
#include "grammar/source_map.hpp"
#include "interpreter/diagnostic.hpp"
#include "interpreter/source.hpp"

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

namespace rubric::grammar {

// One node of the indicator tree: a group (指标体系 / 一级指标 / 二级指标)
// with its children, a leaf (三级指标), or a block of additions (增加 到 …).
struct TreeNode {
    std::variant<ast::group_open, ast::leaf_decl, ast::add_open> decl;
    std::vector<TreeNode> children;
    std::vector<ast::per_row> per_rows;  // 逐行 written directly in this group
    // A statement inside could not be read (its error is reported), so the
    // children are not all here: their points need not add up.
    bool incomplete = false;

    bool is_leaf() const { return std::holds_alternative<ast::leaf_decl>(decl); }
    bool is_addition() const { return std::holds_alternative<ast::add_open>(decl); }
    const ast::group_open& group() const { return std::get<ast::group_open>(decl); }
    const ast::leaf_decl& leaf() const { return std::get<ast::leaf_decl>(decl); }
    ast::leaf_decl& leaf() { return std::get<ast::leaf_decl>(decl); }
    const ast::add_open& addition() const { return std::get<ast::add_open>(decl); }
};

// The statements of one file, sorted by kind, in the order written.
struct ParsedFile {
    const SourceFile* file = nullptr;

    std::vector<ast::meta_decl> meta;
    std::vector<ast::input_decl> inputs;
    std::vector<ast::constraint_decl> constraints;
    std::vector<ast::derived_decl> derived;
    std::vector<ast::score_rounding> score_roundings;
    std::vector<ast::grade_decl> grades;
    std::vector<ast::import_decl> imports;
    std::vector<ast::extends_decl> extends;
    std::vector<ast::named_rule_decl> rules;
    std::vector<ast::modify_indicator> modified_indicators;
    std::vector<ast::modify_derived> modified_derived;
    std::vector<ast::modify_input> modified_inputs;
    std::vector<ast::remove_decl> removals;
    std::vector<TreeNode> tree;       // normally one 指标体系
    std::vector<TreeNode> additions;  // 增加 到 … { … } blocks
    std::vector<ast::detail_decl> details;    // 明细
    std::vector<ast::na_policy> na_policies;  // 不适用 …
    std::vector<ast::hook_decl> hooks;        // 钩子
    bool aborted = false;             // the file could not be read at all; nothing above is complete
    // Statements that could not be read (each already reported): the keyword
    // each began with (输入, 约束, 等级…), the name each declared and every
    // name written in them, so the checker does not report their absence once
    // more (未知的名称, 没有主键, 没有被使用…).
    std::set<std::u32string> unreadable_keywords;
    std::set<std::u32string> unreadable_names;
    std::set<std::u32string> unreadable_mentions;  // every name written in them
};

// How deep a file may nest (docs/limits.md): the parser reports an error
// where the limit is exceeded instead of exhausting the stack.
struct ParseLimits {
    // Brackets of every kind — ( [ { 【 and their full-width forms — open at
    // once anywhere in the file, counted before parsing (beyond it the file
    // is not read at all); and (…), 若 … 则 … 否则 …, 非, the minus sign and
    // function calls nested in one expression (beyond it that statement is
    // an error and the parser goes on with the next). Each level of an
    // expression costs the recursive parser some 8 KiB of stack (about
    // 17 KiB in a sanitizer build).
    int max_nesting_depth = 200;
};

// Parses one file (already added to `map`'s SourceSet); syntax errors go to
// `diagnostics`, and whatever parsed cleanly is returned so the checker can
// report its own findings too.
ParsedFile parse_file(const SourceFile& file, SourceMap& map, DiagnosticList& diagnostics,
                      const ParseLimits& limits = {});

}  // namespace rubric::grammar
