// The abstract syntax tree of a rubric file, as the X3 grammar builds it.
//
// Text is kept as UTF-32 (the parser runs over decoded code points, so a
// Chinese character is one element). Every node that a diagnostic can point
// at derives x3::position_tagged; grammar/source_map.hpp turns the tag into
// a Span. Nothing outside grammar/ and the planner should depend on this file.
#pragma once

#include <boost/spirit/home/x3/support/ast/position_tagged.hpp>
#include <boost/spirit/home/x3/support/ast/variant.hpp>

#include <optional>
#include <string>
#include <vector>

namespace rubric::ast {

namespace x3 = boost::spirit::x3;

// ---------------------------------------------------------------- leaves

// A name: an identifier (预算编制合理性_条件1) or a quoted name (“社会效益、经济效益”).
struct name : x3::position_tagged {
    std::u32string text;
    bool quoted = false;
};

// A number exactly as written; `percent` when followed by % or ％ (25% = 0.25).
struct number : x3::position_tagged {
    std::u32string text;
    bool percent = false;
};

struct boolean : x3::position_tagged {
    bool value = false;  // 是 / 否
};

// ---------------------------------------------------------------- expressions

enum class op : unsigned char {
    add, sub, mul, div,
    eq, ne, lt, le, gt, ge,
    logical_and, logical_or,
    negate, logical_not,
};

struct expression;
struct unary;
struct call;
struct conditional;

struct operand : x3::variant<
                     number,
                     boolean,
                     name,
                     x3::forward_ast<unary>,
                     x3::forward_ast<call>,
                     x3::forward_ast<conditional>,
                     x3::forward_ast<expression>> {
    using base_type::base_type;
    using base_type::operator=;
};

struct operation : x3::position_tagged {
    op oper = op::add;
    operand rhs;
};

// One precedence level: first (op rhs)*, evaluated left to right.
struct expression : x3::position_tagged {
    operand first;
    std::vector<operation> rest;
};

struct unary : x3::position_tagged {
    op oper = op::negate;
    operand rhs;
};

// 较小值(a, b), 较大值(a, b), 绝对值(a) and their English spellings.
struct call : x3::position_tagged {
    name function;
    std::vector<expression> args;
};

// 若 cond 则 a 否则 b
struct conditional : x3::position_tagged {
    expression condition;
    expression then_value;
    expression else_value;
};

// ---------------------------------------------------------------- declarations

enum class kind_word : unsigned char { yes_no, count, amount, percent, number, judgment, enumeration, text, target_value };

struct range : x3::position_tagged {
    number low;
    number high;
};

// 是否 | 计数 [单位] | 金额 [单位] | 百分比 | 数值 [单位] [范围] | 评分 [lo, hi] | 枚举 {a、b} | 文本
struct kind_spec : x3::position_tagged {
    kind_word word = kind_word::number;
    std::optional<name> unit;
    std::optional<range> bounds;
    std::optional<std::vector<name>> values;
};

// 输入 名称：类型 [，主键]
struct input_decl : x3::position_tagged {
    name id;
    kind_spec kind;
    bool is_key = false;
};

enum class rounding_mode : unsigned char { half_up, half_even, down, up, floor, ceiling };

// 保留 0.1% [四舍五入] | 保留 2 位小数
struct rounding : x3::position_tagged {
    number quantum;
    bool decimal_places = false;
    std::optional<rounding_mode> mode;
};

// 计算 名称 = 表达式 [，保留 …]
struct derived_decl : x3::position_tagged {
    name id;
    expression formula;
    std::optional<rounding> round;
};

// 约束 条件 [，提示 "…"]
struct constraint_decl : x3::position_tagged {
    expression condition;
    std::optional<std::u32string> message;
};

enum class meta_key : unsigned char { title, district, year, category, short_name };

// 规则集 "…" | 地区 龙华 | 年度 2021 | 类型 部门整体 | 简称 "龙华/2021"
struct meta_decl : x3::position_tagged {
    meta_key key = meta_key::title;
    std::u32string value;
};

enum class score_target : unsigned char { indicator, total };

// 三级指标得分 保留 0.01 | 总分 保留 0.01
struct score_rounding : x3::position_tagged {
    score_target target = score_target::indicator;
    rounding round;
};

// ---------------------------------------------------------------- scoring rules

struct otherwise : x3::position_tagged {};

// ≥ 90%   (one open bound against the subject)
struct bound : x3::position_tagged {
    op oper = op::ge;
    expression value;
};

// A tier's condition: 否则 | ≥ 90% | 90% > x ≥ 75% | 完整公开、涉密
struct tier_condition : x3::variant<otherwise, bound, std::vector<expression>> {
    using base_type::base_type;
    using base_type::operator=;
};

struct tier : x3::position_tagged {
    tier_condition condition;
    expression value;
};

// 分档 主体 { 条件：得分 … }
struct tier_rule : x3::position_tagged {
    expression subject;
    std::vector<tier> tiers;
};

// 条件：分值
struct check_item : x3::position_tagged {
    expression condition;
    number points;
};

// 逐项计分 { 条件：分值 … }
struct checklist_rule : x3::position_tagged {
    std::vector<check_item> items;
};

// 扣完为止 (floor 0) or 最低 N 分
struct floor_clause : x3::position_tagged {
    number minimum;
    bool until_zero = false;  // written as 扣完为止
};

// 按 数量 每项扣 N 分 [，扣完为止]
struct deduction_rule : x3::position_tagged {
    expression count;
    number per_item;
    std::optional<floor_clause> floor;
};

enum class excess_side : unsigned char { above, below };

// 按 值 超过 阈值 的部分 每 步长 扣 N 分 [，扣完为止]
struct penalty_rule : x3::position_tagged {
    expression value;
    excess_side side = excess_side::above;
    expression threshold;
    expression step;
    number per_step;
    std::optional<floor_clause> floor;
};

// 对标 实际值 ≥ 目标值 [，未达标不得分 | ，未达标得 分数]
struct target_rule : x3::position_tagged {
    expression actual;
    op comparison = op::ge;
    expression target;
    // Absent: an unmet target scores the share achieved. 未达标不得分 is an
    // empty (untagged) expression; 未达标得 X scores X.
    std::optional<expression> unmet;
};

struct core_rule : x3::variant<checklist_rule, tier_rule, deduction_rule, penalty_rule, target_rule, expression> {
    using base_type::base_type;
    using base_type::operator=;
};

// 否决 若 条件  (the rule scores 0 when the condition holds)
struct veto : x3::position_tagged {
    expression condition;
};

struct rule : x3::position_tagged {
    core_rule core;
    std::vector<veto> vetoes;
};

// 分项 名称（N分）：规则   — each part is capped at its own points
struct part : x3::position_tagged {
    name label;
    number points;
    rule body;
};

struct parts_rule : x3::position_tagged {
    std::vector<part> parts;
    std::vector<veto> vetoes;
};

struct leaf_body : x3::variant<rule, parts_rule> {
    using base_type::base_type;
    using base_type::operator=;
};

// 三级指标 名称（N分）：规则   |   三级指标 名称（N分）{ 分项 … }
struct leaf_decl : x3::position_tagged {
    name label;
    number points;
    leaf_body body;
};

enum class group_level : unsigned char { root, first, second };

// 指标体系（100分）{  |  一级指标 名称（N分）{  |  二级指标 名称（N分）{
struct group_open : x3::position_tagged {
    group_level level = group_level::root;
    std::optional<name> label;
    std::optional<number> points;
};

struct group_close : x3::position_tagged {};

// 等级 { ≥ 90：优 … }
struct grade_decl : x3::position_tagged {
    std::vector<tier> bands;
};

// ---------------------------------------------------------------- sharing and extending

// 导入 "共性指标/政府采购"  — brings in a stdlib file's inputs, calculations and rules
struct import_decl : x3::position_tagged {
    std::u32string path;
};

// 继承 "龙华/2021"  — this ruleset is another one with changes
struct extends_decl : x3::position_tagged {
    std::u32string target;
};

// 规则 名称（参数、参数）：规则   — a scoring rule shared by name; 分值 is the
// points of the place that uses it
struct named_rule_decl : x3::position_tagged {
    name id;
    std::vector<name> params;
    leaf_body body;
};

// Which kind of thing a 修改 / 删除 / 增加 names.
enum class part_kind : unsigned char { root, first, second, third, input, derived };

// ---------------------------------------------------------------- lists of rows (明细)

// One field of a 明细: 名称：类型 [，可空]
struct row_field : x3::position_tagged {
    name id;
    kind_spec kind;
    bool optional = false;  // ，可空: an empty cell is allowed
};

// 明细 绩效指标 { “一级指标”：枚举 {…}  年度指标值：指标值 … }  — a list of rows per record
struct detail_decl : x3::position_tagged {
    name id;
    std::vector<row_field> fields;
};

// 逐行 绩效指标 [其中 条件]：对标 全年完成值 达到 年度指标值 [，未达标不得分]
// — a group member: each matching row is scored as a third-level indicator.
struct per_row : x3::position_tagged {
    name detail;
    std::optional<expression> filter;
    name actual;
    name target;
    bool unmet_zero = false;
};

enum class na_policy_kind : unsigned char { merge, full, zero };

// 不适用 并入 产出指标、效益指标 | 不适用 得满分 | 不适用 不得分
// — what a group whose rows are all 不适用 scores.
struct na_policy : x3::position_tagged {
    na_policy_kind kind = na_policy_kind::merge;
    std::vector<name> pool;  // merge only
};

// ---------------------------------------------------------------- Lua hooks (钩子)

// 名称：类型 — one value a hook returns
struct hook_output : x3::position_tagged {
    name id;
    kind_spec kind;
};

// 钩子 名称 { 文件 "x.lua"  函数 score  读取 a、b  返回 名称：类型、… }
struct hook_decl : x3::position_tagged {
    name id;
    std::u32string file;
    name function;
    std::vector<name> reads;
    std::vector<hook_output> outputs;
};

// 修改 三级指标 名称（N分）[：规则 | { 分项 … }]   |   修改 一级指标 名称（N分）
struct modify_indicator : x3::position_tagged {
    part_kind level = part_kind::third;
    name target;
    std::optional<number> points;
    std::optional<leaf_body> body;
};

// 修改 计算 名称 = 公式 …   (replaces the base's formula)
struct modify_derived : x3::position_tagged {
    derived_decl decl;
};

// 修改 输入 名称：类型   (replaces the base's declaration)
struct modify_input : x3::position_tagged {
    input_decl decl;
};

// 删除 三级指标 名称 | 删除 输入 名称 | …
struct remove_decl : x3::position_tagged {
    part_kind what = part_kind::third;
    name target;
};

// 增加 到 二级指标 名称 {   — opens a block of indicators added under that group
struct add_open : x3::position_tagged {
    part_kind level = part_kind::second;
    std::optional<name> target;
};

// The statements of lists of rows and hooks, grouped because boost::variant
// takes at most 20 alternatives.
struct rows_and_hooks_statement : x3::variant<detail_decl, per_row, na_policy, hook_decl> {
    using base_type::base_type;
    using base_type::operator=;
};

// One statement of a rubric file; the parser driver reads them one at a time
// so that a syntax error costs one statement, not the whole file.
struct statement : x3::variant<
                       meta_decl, input_decl, constraint_decl, derived_decl, score_rounding,
                       group_open, group_close, leaf_decl, grade_decl, import_decl, extends_decl,
                       named_rule_decl, modify_indicator, modify_derived, modify_input, remove_decl, add_open,
                       rows_and_hooks_statement> {
    using base_type::base_type;
    using base_type::operator=;
};

}  // namespace rubric::ast
