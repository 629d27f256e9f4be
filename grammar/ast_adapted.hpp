// Fusion adaptors for the AST; nothing else belongs here.
#pragma once

#include "grammar/ast.hpp"

#include <boost/fusion/include/adapt_struct.hpp>

BOOST_FUSION_ADAPT_STRUCT(rubric::ast::name, text, quoted)
BOOST_FUSION_ADAPT_STRUCT(rubric::ast::number, text, percent)
BOOST_FUSION_ADAPT_STRUCT(rubric::ast::boolean, value)
BOOST_FUSION_ADAPT_STRUCT(rubric::ast::operation, oper, rhs)
BOOST_FUSION_ADAPT_STRUCT(rubric::ast::expression, first, rest)
BOOST_FUSION_ADAPT_STRUCT(rubric::ast::unary, oper, rhs)
BOOST_FUSION_ADAPT_STRUCT(rubric::ast::call, function, args)
BOOST_FUSION_ADAPT_STRUCT(rubric::ast::conditional, condition, then_value, else_value)
BOOST_FUSION_ADAPT_STRUCT(rubric::ast::range, low, high)
BOOST_FUSION_ADAPT_STRUCT(rubric::ast::kind_spec, word, unit, bounds, values)
BOOST_FUSION_ADAPT_STRUCT(rubric::ast::input_decl, id, kind, is_key)
BOOST_FUSION_ADAPT_STRUCT(rubric::ast::rounding, quantum, decimal_places, mode)
BOOST_FUSION_ADAPT_STRUCT(rubric::ast::derived_decl, id, formula, round)
BOOST_FUSION_ADAPT_STRUCT(rubric::ast::constraint_decl, condition, message)
BOOST_FUSION_ADAPT_STRUCT(rubric::ast::meta_decl, key, value)
BOOST_FUSION_ADAPT_STRUCT(rubric::ast::score_rounding, target, round)
BOOST_FUSION_ADAPT_STRUCT(rubric::ast::bound, oper, value)
BOOST_FUSION_ADAPT_STRUCT(rubric::ast::tier, condition, value)
BOOST_FUSION_ADAPT_STRUCT(rubric::ast::tier_rule, subject, tiers)
BOOST_FUSION_ADAPT_STRUCT(rubric::ast::check_item, condition, points)
BOOST_FUSION_ADAPT_STRUCT(rubric::ast::checklist_rule, items)
BOOST_FUSION_ADAPT_STRUCT(rubric::ast::floor_clause, minimum, until_zero)
BOOST_FUSION_ADAPT_STRUCT(rubric::ast::deduction_rule, count, per_item, floor)
BOOST_FUSION_ADAPT_STRUCT(rubric::ast::penalty_rule, value, side, threshold, step, per_step, floor)
BOOST_FUSION_ADAPT_STRUCT(rubric::ast::target_rule, actual, comparison, target, unmet)
BOOST_FUSION_ADAPT_STRUCT(rubric::ast::veto, condition)
BOOST_FUSION_ADAPT_STRUCT(rubric::ast::rule, core, vetoes)
BOOST_FUSION_ADAPT_STRUCT(rubric::ast::part, label, points, body)
BOOST_FUSION_ADAPT_STRUCT(rubric::ast::parts_rule, parts, vetoes)
BOOST_FUSION_ADAPT_STRUCT(rubric::ast::leaf_decl, label, points, body)
BOOST_FUSION_ADAPT_STRUCT(rubric::ast::group_open, level, label, points)
BOOST_FUSION_ADAPT_STRUCT(rubric::ast::grade_decl, bands)
