// The grammar of rubric files (docs/language.md is the user's reference).
//
//   statement   := meta | input | constraint | derived | score_rounding
//                | group_open | group_close | leaf | grade
//   expression  := or_expr
//   or_expr     := and_expr { 或 and_expr }
//   and_expr    := comparison { 且 comparison }
//   comparison  := additive { cmp additive }
//   additive    := multiplicative { (+|-) multiplicative }
//   multiplicative := unary { (×|÷) unary }
//   unary       := (-|非) unary | primary
//   primary     := ( expression ) | 若 … 则 … 否则 … | call | number | 是 | 否 | name
//
// ( ), 若, 非, the minus sign and calls each nest one level; past
// ExpressionDepth::limit levels the parser gives up (config.hpp).
//
// Every statement starts with its own keyword, so after the keyword the
// grammar uses expectation (>) and a mistake is reported where it is.
#pragma once

#include "grammar/ast.hpp"
#include "grammar/ast_adapted.hpp"
#include "grammar/config.hpp"
#include "grammar/rubric_grammar.hpp"
#include "grammar/tokens.hpp"

namespace rubric::grammar {

namespace parser {

using x3::attr;
using x3::lexeme;
using x3::matches;
using x3::raw;
using x3::unicode::char_;

// Records where each AST node came from, for diagnostics.
struct annotate_position {
    template <typename T, typename Iterator, typename Context>
    void on_success(Iterator const& first, Iterator const& last, T& node, Context const& context) {
        x3::get<position_cache_tag>(context).get().annotate(node, first, last);
    }
};

// One level of expression nesting (see ExpressionDepth in config.hpp):
// nested[p] counts a level while p parses, and throws expression_too_deep,
// pointing at where p starts, when that level is beyond the limit. It is
// only entered once the construct is certain (after a lookahead), so that an
// alternative which does not match never counts.
template <typename Subject>
struct nested_directive : x3::unary_parser<Subject, nested_directive<Subject>> {
    using base_type = x3::unary_parser<Subject, nested_directive<Subject>>;
    static bool const is_pass_through_unary = true;
    static bool const handles_container = Subject::handles_container;

    constexpr nested_directive(Subject const& subject) : base_type(subject) {}

    template <typename Iterator, typename Context, typename RContext, typename Attribute>
    bool parse(Iterator& first, Iterator const& last, Context const& context, RContext& rcontext,
               Attribute& attr) const {
        ExpressionDepth& counter = x3::get<expression_depth_tag>(context).get();
        if (counter.depth >= counter.limit) {
            Iterator at = first;
            x3::skip_over(at, last, context);
            throw expression_too_deep{at};
        }
        ++counter.depth;
        struct Leave {
            int& depth;
            ~Leave() { --depth; }
        } leave{counter.depth};
        return this->subject.parse(first, last, context, rcontext, attr);
    }
};

struct nested_gen {
    template <typename Subject>
    constexpr nested_directive<typename x3::extension::as_parser<Subject>::value_type> operator[](
        Subject const& subject) const {
        return {x3::as_parser(subject)};
    }
};
constexpr nested_gen nested{};

// ------------------------------------------------------------ punctuation

constexpr auto lparen = punct(U"（", U"(", U"（");
constexpr auto rparen = punct(U"）", U")", U"）");
constexpr auto lbrace = punct(U"{", U"{", U"｛");
constexpr auto rbrace = punct(U"}", U"}", U"｝");
constexpr auto lbracket = punct(U"[", U"[", U"［", U"【");
constexpr auto rbracket = punct(U"]", U"]", U"］", U"】");
constexpr auto colon = punct(U"：", U":", U"：");
constexpr auto comma = punct(U"，", U",", U"，");
constexpr auto list_sep = punct(U"、", U"、", U",", U"，");
constexpr auto equals = punct(U"=", U"=", U"＝");
constexpr auto percent_sign = punct(U"%", U"%", U"％");

// ------------------------------------------------------------ symbol tables

using op = ast::op;

struct comparison_table : x3::symbols_parser<boost::spirit::char_encoding::unicode, op> {
    comparison_table() {
        add(U">=", op::ge)(U"≥", op::ge)(U"＞＝", op::ge)(U"≧", op::ge)(U"⩾", op::ge)
           (U"<=", op::le)(U"≤", op::le)(U"＜＝", op::le)(U"≦", op::le)(U"⩽", op::le)
           (U">", op::gt)(U"＞", op::gt)(U"<", op::lt)(U"＜", op::lt)
           (U"==", op::eq)(U"=", op::eq)(U"＝", op::eq)
           (U"!=", op::ne)(U"≠", op::ne)(U"<>", op::ne)(U"！＝", op::ne);
    }
};
const comparison_table comparison_op_table;

struct additive_table : x3::symbols_parser<boost::spirit::char_encoding::unicode, op> {
    additive_table() {
        add(U"+", op::add)(U"＋", op::add)(U"-", op::sub)(U"－", op::sub)(U"−", op::sub);
    }
};
const additive_table additive_op_table;

struct multiplicative_table : x3::symbols_parser<boost::spirit::char_encoding::unicode, op> {
    multiplicative_table() {
        add(U"*", op::mul)(U"×", op::mul)(U"＊", op::mul)(U"·", op::mul)
           (U"/", op::div)(U"÷", op::div)(U"／", op::div);
    }
};
const multiplicative_table multiplicative_op_table;

struct kind_table : x3::symbols_parser<boost::spirit::char_encoding::unicode, ast::kind_word> {
    kind_table() {
        using k = ast::kind_word;
        add(U"是否", k::yes_no)(U"计数", k::count)(U"金额", k::amount)(U"百分比", k::percent)
           (U"数值", k::number)(U"评分", k::judgment)(U"枚举", k::enumeration)(U"文本", k::text)
           (U"指标值", k::target_value);
    }
};
const kind_table kind_word_table;

struct rounding_mode_table : x3::symbols_parser<boost::spirit::char_encoding::unicode, ast::rounding_mode> {
    rounding_mode_table() {
        using m = ast::rounding_mode;
        add(U"四舍五入", m::half_up)(U"银行家舍入", m::half_even)(U"截尾", m::down)
           (U"进位", m::up)(U"向下取整", m::floor)(U"向上取整", m::ceiling);
    }
};
const rounding_mode_table rounding_mode_words;

// ------------------------------------------------------------ rule declarations

x3::rule<struct identifier_class, std::u32string> const identifier = "名称";
x3::rule<struct quoted_class, std::u32string> const quoted = "带引号的文字";
x3::rule<struct name_class, ast::name> const name = "名称";
x3::rule<struct number_class, ast::number> const number = "数字";
x3::rule<struct boolean_class, ast::boolean> const boolean = "是/否";
x3::rule<struct comparison_op_class, op> const comparison_op = "比较运算符（≥ ≤ > < = ≠）";
x3::rule<struct additive_op_class, op> const additive_op = "「+」或「-」";
x3::rule<struct multiplicative_op_class, op> const multiplicative_op = "「×」或「÷」";

x3::rule<struct expression_class, ast::expression> const expression = "表达式";
x3::rule<struct and_expr_class, ast::expression> const and_expr = "表达式";
x3::rule<struct comparison_class, ast::expression> const comparison = "表达式";
x3::rule<struct additive_class, ast::expression> const additive = "表达式";
x3::rule<struct multiplicative_class, ast::expression> const multiplicative = "表达式";
x3::rule<struct unary_operand_class, ast::operand> const unary_operand = "表达式";
x3::rule<struct unary_class, ast::unary> const unary = "表达式";
x3::rule<struct primary_class, ast::operand> const primary = "数字、名称或「（」";
x3::rule<struct call_class, ast::call> const call = "函数调用";
x3::rule<struct conditional_class, ast::conditional> const conditional = "「若 … 则 … 否则 …」";
x3::rule<struct and_op_class, op> const and_op = "「且」";
x3::rule<struct or_op_class, op> const or_op = "「或」";
x3::rule<struct not_op_class, op> const not_op = "「非」";

x3::rule<struct points_class, ast::number> const points = "分值，如（5分）";
x3::rule<struct range_class, ast::range> const range = "取值范围，如 [0, 1]";
x3::rule<struct signed_number_class, ast::number> const signed_number = "数字";
x3::rule<struct unit_class, ast::name> const unit = "单位";
x3::rule<struct kind_spec_class, ast::kind_spec> const kind_spec = "类型（是否、计数、金额、百分比、数值、评分、枚举、文本）";
x3::rule<struct enum_values_class, std::vector<ast::name>> const enum_values = "枚举值列表";
x3::rule<struct rounding_class, ast::rounding> const rounding = "舍入方式，如「保留 0.01」";
x3::rule<struct meta_value_class, std::u32string> const meta_value = "名称、数字或带引号的文字";

x3::rule<struct meta_decl_class, ast::meta_decl> const meta_decl = "规则集信息";
x3::rule<struct input_decl_class, ast::input_decl> const input_decl = "输入声明";
x3::rule<struct constraint_decl_class, ast::constraint_decl> const constraint_decl = "约束";
x3::rule<struct derived_decl_class, ast::derived_decl> const derived_decl = "计算";
x3::rule<struct score_rounding_class, ast::score_rounding> const score_rounding = "得分舍入";

x3::rule<struct otherwise_class, ast::otherwise> const otherwise_cond = "「否则」";
x3::rule<struct bound_class, ast::bound> const bound = "分档条件";
x3::rule<struct tier_condition_class, ast::tier_condition> const tier_condition = "分档条件，如「≥ 90%」「90% > x ≥ 75%」";
x3::rule<struct tier_class, ast::tier> const tier = "分档";
x3::rule<struct tier_list_class, std::vector<ast::tier>> const tier_list = "「{」及分档";
x3::rule<struct tier_rule_class, ast::tier_rule> const tier_rule = "分档规则";
x3::rule<struct check_item_class, ast::check_item> const check_item = "计分条件";
x3::rule<struct check_items_class, std::vector<ast::check_item>> const check_items = "「{」及计分条件";
x3::rule<struct checklist_rule_class, ast::checklist_rule> const checklist_rule = "逐项计分";
x3::rule<struct floor_clause_class, ast::floor_clause> const floor_clause = "「扣完为止」或「最低 N 分」";
x3::rule<struct deduction_rule_class, ast::deduction_rule> const deduction_rule = "扣分规则";
x3::rule<struct penalty_rule_class, ast::penalty_rule> const penalty_rule = "扣分规则";
x3::rule<struct target_rule_class, ast::target_rule> const target_rule = "对标规则";
x3::rule<struct unmet_clause_class, ast::expression> const unmet_clause = "「未达标不得分」或「未达标得 …」";
x3::rule<struct core_rule_class, ast::core_rule> const core_rule = "计分规则";
x3::rule<struct veto_class, ast::veto> const veto = "否决条件";
x3::rule<struct rule_class, ast::rule> const rule = "计分规则";
x3::rule<struct part_class, ast::part> const part = "分项";
x3::rule<struct parts_list_class, std::vector<ast::part>> const parts_list = "「分项」";
x3::rule<struct veto_list_class, std::vector<ast::veto>> const veto_list = "否决条件";
x3::rule<struct parts_rule_class, ast::parts_rule> const parts_rule = "分项";
x3::rule<struct leaf_body_class, ast::leaf_body> const leaf_body = "「：」及计分规则，或「{」及分项";
x3::rule<struct leaf_decl_class, ast::leaf_decl> const leaf_decl = "三级指标";
x3::rule<struct group_open_class, ast::group_open> const group_open = "指标";
x3::rule<struct group_close_class, ast::group_close> const group_close = "「}」";
x3::rule<struct grade_decl_class, ast::grade_decl> const grade_decl = "等级";
x3::rule<struct import_decl_class, ast::import_decl> const import_decl = "导入";
x3::rule<struct extends_decl_class, ast::extends_decl> const extends_decl = "继承";
x3::rule<struct named_rule_decl_class, ast::named_rule_decl> const named_rule_decl = "规则";
x3::rule<struct param_list_class, std::vector<ast::name>> const param_list = "参数列表";
x3::rule<struct part_kind_class, ast::part_kind> const level_word = "「一级指标」「二级指标」或「三级指标」";
x3::rule<struct part_word_class, ast::part_kind> const part_word = "「一级指标」「二级指标」「三级指标」「输入」或「计算」";
x3::rule<struct modify_indicator_class, ast::modify_indicator> const modify_indicator = "修改";
x3::rule<struct modify_derived_class, ast::modify_derived> const modify_derived = "修改";
x3::rule<struct modify_input_class, ast::modify_input> const modify_input = "修改";
x3::rule<struct remove_decl_class, ast::remove_decl> const remove_decl = "删除";
x3::rule<struct add_open_class, ast::add_open> const add_open = "增加";
x3::rule<struct row_kind_class, ast::kind_spec> const row_kind = "类型（枚举、文本、指标值……）";
x3::rule<struct row_field_class, ast::row_field> const row_field = "明细字段，如「年度指标值：指标值」";
x3::rule<struct detail_decl_class, ast::detail_decl> const detail_decl = "明细";
x3::rule<struct per_row_class, ast::per_row> const per_row = "逐行";
x3::rule<struct na_choice_class, ast::na_policy> const na_choice = "「并入 …」「得满分」或「不得分」";
x3::rule<struct na_policy_class, ast::na_policy> const na_policy = "不适用";
x3::rule<struct hook_reads_class, std::vector<ast::name>> const hook_reads = "「读取 名称、…」";
x3::rule<struct hook_output_class, ast::hook_output> const hook_output = "返回值，如「效果性得分：评分 [0, 20]」";
x3::rule<struct hook_decl_class, ast::hook_decl> const hook_decl = "钩子";
x3::rule<struct rows_and_hooks_class, ast::rows_and_hooks_statement> const rows_and_hooks = "语句";

statement_type const statement = "语句（输入、约束、计算、指标体系、一级指标、二级指标、三级指标、等级……）";

// ------------------------------------------------------------ tokens

auto const digits = +char_(U'0', U'9');

auto const identifier_def = identifier_parser{};
// Quoted names may hold any character but a line break: “社会效益、经济效益”.
auto const quoted_in = [](std::u32string_view open, std::u32string_view close) {
    return punct(open, open) >> x3::no_skip[raw[*(char_ - punct(close, close) - punct(U"\n", U"\n"))]]
           >> punct(close, close);
};
// atomic: a missing quote must be reported where the line ends, not after the skip to the next line.
auto const quoted_def = atomic[lexeme[quoted_in(U"\"", U"\"") | quoted_in(U"“", U"”") | quoted_in(U"「", U"」")]];
auto const name_def = (identifier >> attr(false)) | (quoted >> attr(true));
auto const number_def = atomic[lexeme[raw[digits >> -(punct(U".", U".") >> digits)]]] >> matches[percent_sign];
auto const boolean_def = (kw(U"是") >> attr(true)) | (kw(U"否") >> attr(false));
auto const comparison_op_def = atomic[comparison_op_table];
auto const additive_op_def = atomic[additive_op_table];
auto const multiplicative_op_def = atomic[multiplicative_op_table];
auto const and_op_def = (kw(U"且") | kw(U"并且") | kw(U"and") | punct(U"&&", U"&&")) >> attr(op::logical_and);
auto const or_op_def = (kw(U"或") | kw(U"或者") | kw(U"or") | punct(U"||", U"||")) >> attr(op::logical_or);
auto const not_op_def = (kw(U"非") | kw(U"not") | (punct(U"!", U"!") >> !punct(U"=", U"=")) | (punct(U"！", U"！") >> !punct(U"＝", U"＝"))) >> attr(op::logical_not);

// ------------------------------------------------------------ expressions

auto const expression_def = and_expr >> *(or_op > and_expr);
auto const and_expr_def = comparison >> *(and_op > comparison);
auto const comparison_def = additive >> *(comparison_op > additive);
auto const additive_def = multiplicative >> *(additive_op > multiplicative);
auto const multiplicative_def = unary_operand >> *(multiplicative_op > unary_operand);
auto const unary_operand_def = unary | primary;
constexpr auto minus_sign = punct(U"-", U"-", U"－", U"−");
// (…), 若 … 则 … 否则 …, 非, the minus sign and calls each nest an expression
// in another, so each counts one level (nested[], after a lookahead).
auto const unary_def = &(minus_sign | not_op) >> nested[((minus_sign >> attr(op::negate)) | not_op) > unary_operand];
auto const primary_def = (&lparen >> nested[lparen > expression > rparen]) | conditional | call | number | boolean | name;
// No arguments still reads as a call, so 较小值() is told it needs two.
auto const call_def = &(name >> lparen) >> nested[name >> lparen >> -(expression % comma) > rparen];
auto const conditional_def = &kw(U"若") >> nested[kw(U"若") > expression > kw(U"则") > expression > kw(U"否则") > expression];

// ------------------------------------------------------------ declarations

auto const points_def = lparen > number > -kw(U"分") > rparen;
auto const signed_number_def = atomic[lexeme[raw[-(punct(U"-", U"-", U"−") >> x3::attr(0)) >> digits >> -(punct(U".", U".") >> digits)]]] >> matches[percent_sign];
auto const range_def = lbracket > signed_number > comma > signed_number > rbracket;
auto const enum_values_def = lbrace > (name % list_sep) > rbrace;
// A unit is written right after its kind; a kind without one must not take
// the first word of the next statement (总分 保留 …) as its unit.
auto const statement_start = kw(U"总分") | kw(U"三级指标得分") | kw(U"年度") | kw(U"地区") | kw(U"类型") | kw(U"规则集")
                             | kw(U"简称") | kw(U"增加") | kw(U"明细") | kw(U"逐行") | kw(U"不适用") | kw(U"钩子");
auto const unit_def = (lparen >> name > rparen) | (!statement_start >> name);
auto const kind_spec_def = atomic[lexeme[kind_word_table >> !x3::unicode::alnum]] > -unit > -range > -enum_values;
auto const rounding_def = kw(U"保留") > number > matches[kw(U"位小数")] > -atomic[rounding_mode_words];
auto const meta_value_def = quoted | identifier | atomic[lexeme[raw[digits]]];

struct meta_key_table : x3::symbols_parser<boost::spirit::char_encoding::unicode, ast::meta_key> {
    meta_key_table() {
        add(U"规则集", ast::meta_key::title)(U"地区", ast::meta_key::district)
           (U"年度", ast::meta_key::year)(U"类型", ast::meta_key::category)(U"简称", ast::meta_key::short_name);
    }
};
const meta_key_table meta_keys;

auto const meta_decl_def = atomic[lexeme[meta_keys >> !x3::unicode::alnum]] > meta_value;
auto const input_decl_def = kw(U"输入") > name > colon > kind_spec > matches[comma >> kw(U"主键")];
auto const constraint_decl_def = kw(U"约束") > expression > -(comma >> kw(U"提示") > quoted);
auto const derived_decl_def = kw(U"计算") > name > equals > expression > -(comma >> rounding);
auto const score_rounding_def = ((kw(U"三级指标得分") >> attr(ast::score_target::indicator))
                                 | (kw(U"总分") >> attr(ast::score_target::total))) > rounding;

// ------------------------------------------------------------ scoring rules

// Only 否则: 其他 is too common as an enumeration value to be a keyword.
auto const otherwise_cond_def = kw(U"否则") >> attr(ast::otherwise{});
auto const bound_def = comparison_op > additive;
auto const tier_condition_def = otherwise_cond | bound | (comparison % punct(U"、", U"、"));
auto const tier_def = tier_condition > colon > additive > -kw(U"分");
auto const tier_list_def = lbrace > +tier > rbrace;
auto const tier_rule_def = kw(U"分档") > additive > tier_list;
auto const check_item_def = expression > colon > number > -kw(U"分");
auto const check_items_def = lbrace > +check_item > rbrace;
auto const checklist_rule_def = kw(U"逐项计分") > check_items;
auto const floor_clause_def = (kw(U"扣完为止") >> attr(ast::number{{}, U"0", false}) >> attr(true))
                              | (kw(U"最低") > number > -kw(U"分") > attr(false));
auto const deduction_rule_def = kw(U"按") >> additive >> kw(U"每项扣") > number > -kw(U"分")
                                > -(comma >> floor_clause);

struct excess_side_table : x3::symbols_parser<boost::spirit::char_encoding::unicode, ast::excess_side> {
    excess_side_table() { add(U"超过", ast::excess_side::above)(U"低于", ast::excess_side::below); }
};
const excess_side_table excess_sides;

auto const penalty_rule_def = kw(U"按") >> additive >> atomic[lexeme[excess_sides >> !x3::unicode::alnum]] > additive
                              > kw(U"的部分") > kw(U"每") > additive > kw(U"扣") > number > -kw(U"分")
                              > -(comma >> floor_clause);
auto const unmet_clause_def = (kw(U"未达标不得分") >> attr(ast::expression{})) | (kw(U"未达标得") > additive);
auto const target_rule_def = kw(U"对标") > additive > comparison_op > additive > -(comma >> unmet_clause);
auto const core_rule_def = checklist_rule | tier_rule | deduction_rule | penalty_rule | target_rule | expression;
auto const veto_def = kw(U"否决") > -kw(U"若") > expression;
auto const rule_def = core_rule >> *(comma >> veto);
auto const part_def = kw(U"分项") > name > points > colon > rule;
auto const parts_list_def = +part;
auto const veto_list_def = *veto;
auto const parts_rule_def = lbrace > parts_list > veto_list > rbrace;
auto const leaf_body_def = (colon > rule) | parts_rule;
auto const leaf_decl_def = kw(U"三级指标") > name > points > leaf_body;

struct group_level_table : x3::symbols_parser<boost::spirit::char_encoding::unicode, ast::group_level> {
    group_level_table() {
        add(U"指标体系", ast::group_level::root)(U"一级指标", ast::group_level::first)
           (U"二级指标", ast::group_level::second);
    }
};
const group_level_table group_levels;

auto const group_open_def = atomic[lexeme[group_levels >> !x3::unicode::alnum]] > -name > -points > lbrace;
auto const group_close_def = rbrace >> attr(ast::group_close{});
auto const grade_decl_def = kw(U"等级") > tier_list;

struct part_kind_table : x3::symbols_parser<boost::spirit::char_encoding::unicode, ast::part_kind> {
    part_kind_table(bool with_declarations) {
        add(U"指标体系", ast::part_kind::root)(U"一级指标", ast::part_kind::first)(U"二级指标", ast::part_kind::second)
           (U"三级指标", ast::part_kind::third);
        if (with_declarations) add(U"输入", ast::part_kind::input)(U"计算", ast::part_kind::derived);
    }
};
const part_kind_table level_words(false);
const part_kind_table part_words(true);

auto const import_decl_def = kw(U"导入") > quoted;
auto const extends_decl_def = kw(U"继承") > quoted;
auto const param_list_def = lparen > (name % list_sep) > rparen;
auto const named_rule_decl_def = kw(U"规则") > name > -param_list > leaf_body;
auto const level_word_def = atomic[lexeme[level_words >> !x3::unicode::alnum]];
auto const part_word_def = atomic[lexeme[part_words >> !x3::unicode::alnum]];
auto const modify_derived_def = kw(U"修改") >> (&kw(U"计算") > derived_decl);
auto const modify_input_def = kw(U"修改") >> (&kw(U"输入") > input_decl);
auto const modify_indicator_def = kw(U"修改") > level_word > name > -points > -leaf_body;
auto const remove_decl_def = kw(U"删除") > part_word > name;
auto const add_open_def = kw(U"增加") > kw(U"到") > level_word > -name > lbrace;

// ------------------------------------------------------------ lists of rows

// A field's kind takes no unit: the next field's name would read as one.
auto const row_kind_def = atomic[lexeme[kind_word_table >> !x3::unicode::alnum]] > attr(std::optional<ast::name>())
                          > -range > -enum_values;
auto const row_field_def = name > colon > row_kind > matches[comma >> kw(U"可空")];
auto const detail_decl_def = kw(U"明细") > name > lbrace > +row_field > rbrace;
auto const per_row_def = kw(U"逐行") > name > -(kw(U"其中") > expression) > colon > kw(U"对标") > name > kw(U"达到")
                         > name > matches[comma >> kw(U"未达标不得分")];
auto const na_choice_def = (kw(U"并入") >> attr(ast::na_policy_kind::merge) > (name % list_sep))
                           | (kw(U"得满分") >> attr(ast::na_policy_kind::full) >> attr(std::vector<ast::name>()))
                           | (kw(U"不得分") >> attr(ast::na_policy_kind::zero) >> attr(std::vector<ast::name>()));
auto const na_policy_def = kw(U"不适用") > na_choice;

// ------------------------------------------------------------ Lua hooks

auto const hook_reads_def = (kw(U"读取") > (name % list_sep)) | attr(std::vector<ast::name>());
auto const hook_output_def = name > colon > kind_spec;
auto const hook_decl_def = kw(U"钩子") > name > lbrace > kw(U"文件") > quoted > kw(U"函数") > name > hook_reads
                           > kw(U"返回") > (hook_output % list_sep) > rbrace;

auto const statement_def = meta_decl | input_decl | constraint_decl | derived_decl | score_rounding
                           | group_open | group_close | leaf_decl | grade_decl | import_decl | extends_decl
                           | named_rule_decl | modify_derived | modify_input | modify_indicator | remove_decl | add_open
                           | rows_and_hooks;
auto const rows_and_hooks_def = detail_decl | per_row | na_policy | hook_decl;

BOOST_SPIRIT_DEFINE(identifier, quoted, name, number, boolean, comparison_op, additive_op,
                    multiplicative_op, and_op, or_op, not_op, expression, and_expr, comparison,
                    additive, multiplicative, unary_operand, unary, primary, call, conditional)
BOOST_SPIRIT_DEFINE(points, range, signed_number, unit, enum_values, kind_spec, rounding, meta_value, meta_decl,
                    input_decl, constraint_decl, derived_decl, score_rounding)
BOOST_SPIRIT_DEFINE(otherwise_cond, bound, tier_condition, tier, tier_list, tier_rule, check_item,
                    check_items, checklist_rule, floor_clause, deduction_rule, penalty_rule,
                    target_rule, unmet_clause, core_rule, veto, rule, part, parts_list, veto_list, parts_rule,
                    leaf_body, leaf_decl, group_open, group_close, grade_decl, statement)
BOOST_SPIRIT_DEFINE(import_decl, extends_decl, named_rule_decl, param_list, level_word, part_word, modify_indicator,
                    modify_derived, modify_input, remove_decl, add_open)
BOOST_SPIRIT_DEFINE(row_kind, row_field, detail_decl, per_row, na_choice, na_policy)
BOOST_SPIRIT_DEFINE(hook_reads, hook_output, hook_decl, rows_and_hooks)

// Position tagging: every rule whose attribute is an AST node.
struct name_class : annotate_position {};
struct number_class : annotate_position {};
struct signed_number_class : annotate_position {};
struct boolean_class : annotate_position {};
struct expression_class : annotate_position {};
struct and_expr_class : annotate_position {};
struct comparison_class : annotate_position {};
struct additive_class : annotate_position {};
struct multiplicative_class : annotate_position {};
struct unary_class : annotate_position {};
struct call_class : annotate_position {};
struct conditional_class : annotate_position {};
struct points_class : annotate_position {};
struct range_class : annotate_position {};
struct kind_spec_class : annotate_position {};
struct rounding_class : annotate_position {};
struct meta_decl_class : annotate_position {};
struct input_decl_class : annotate_position {};
struct constraint_decl_class : annotate_position {};
struct derived_decl_class : annotate_position {};
struct score_rounding_class : annotate_position {};
struct otherwise_class : annotate_position {};
struct bound_class : annotate_position {};
struct tier_class : annotate_position {};
struct tier_rule_class : annotate_position {};
struct check_item_class : annotate_position {};
struct checklist_rule_class : annotate_position {};
struct floor_clause_class : annotate_position {};
struct deduction_rule_class : annotate_position {};
struct penalty_rule_class : annotate_position {};
struct target_rule_class : annotate_position {};
struct veto_class : annotate_position {};
struct rule_class : annotate_position {};
struct part_class : annotate_position {};
struct parts_rule_class : annotate_position {};
struct leaf_decl_class : annotate_position {};
struct group_open_class : annotate_position {};
struct group_close_class : annotate_position {};
struct grade_decl_class : annotate_position {};
struct import_decl_class : annotate_position {};
struct extends_decl_class : annotate_position {};
struct named_rule_decl_class : annotate_position {};
struct modify_indicator_class : annotate_position {};
struct modify_derived_class : annotate_position {};
struct modify_input_class : annotate_position {};
struct remove_decl_class : annotate_position {};
struct add_open_class : annotate_position {};
struct row_kind_class : annotate_position {};
struct row_field_class : annotate_position {};
struct detail_decl_class : annotate_position {};
struct per_row_class : annotate_position {};
struct na_policy_class : annotate_position {};
struct hook_output_class : annotate_position {};
struct hook_decl_class : annotate_position {};

struct statement_class {};

}  // namespace parser

}  // namespace rubric::grammar
