// Lists of rows: the 明细 declaration, the 逐行 groups that score its rows,
// and the 不适用 policy for a group whose rows are all 不适用
// (interpreter/row_groups.hpp has the scoring itself).
#include "interpreter/compiler.hpp"

#include "grammar/ast_util.hpp"
#include "interpreter/program_builder.hpp"
#include "interpreter/suggest.hpp"
#include "interpreter/utf8.hpp"

#include <algorithm>

namespace rubric {

namespace {

const char* level_word(int level) { return level == 1 ? "一级指标" : level == 2 ? "二级指标" : "指标"; }

// The conditions joined by 且 at the top of a 其中 expression.
void conjuncts(const ast::expression& e, std::vector<const ast::expression*>& out) {
    const ast::expression& inner = ast::innermost(e);
    const bool all_and = !inner.rest.empty() &&
                         std::all_of(inner.rest.begin(), inner.rest.end(),
                                     [](const ast::operation& o) { return o.oper == ast::op::logical_and; });
    if (!all_and) {
        out.push_back(&inner);
        return;
    }
    auto visit = [&](const ast::operand& o) {
        if (const auto* sub = boost::get<x3::forward_ast<ast::expression>>(&ast::innermost(o).get()))
            conjuncts(sub->get(), out);
        else
            out.push_back(nullptr);  // not a comparison
    };
    visit(inner.first);
    for (const ast::operation& o : inner.rest) visit(o.rhs);
}

}  // namespace

RowField Compiler::row_field_from(const ast::row_field& field) {
    RowField f;
    f.name = encode_utf8(field.id.text);
    f.span = span_of(field.id);
    f.optional = field.optional;
    const ast::kind_spec& k = field.kind;
    switch (k.word) {
        case ast::kind_word::enumeration: f.kind = RowFieldKind::enumeration; break;
        case ast::kind_word::text: f.kind = RowFieldKind::text; break;
        case ast::kind_word::target_value: f.kind = RowFieldKind::target_value; break;
        default:
            error(span_of(k), "明细的字段只能是枚举、文本或指标值");
            return f;
    }
    if (k.bounds) error(span_of(*k.bounds), "明细的字段不能写取值范围");
    if (k.values && f.kind != RowFieldKind::enumeration) error(span_of(k), "只有枚举可以列出取值");
    if (!k.values && f.kind == RowFieldKind::enumeration)
        error(span_of(k), "枚举需要列出取值，例如「枚举 {产出指标、效益指标、满意度指标}」");
    if (k.values) f.values = enumeration_values(*k.values);
    return f;
}

void Compiler::declare_detail() {
    const auto& details = parsed_.details;
    if (details.empty()) return;
    for (size_t i = 1; i < details.size(); ++i)
        error(span_of(details[i].id), "一个规则集只能有一个明细（第一个在" +
                                          place_of(span_of(details[0].id), span_of(details[i].id)) + "）");
    const ast::detail_decl& decl = details.front();
    RowProgram rows;
    rows.detail.name = encode_utf8(decl.id.text);
    rows.detail.span = span_of(decl.id);
    const auto key = builder_->program().key_input();
    for (const ast::row_field& field : decl.fields) {
        RowField f = row_field_from(field);
        auto same = [&](const RowField& x) { return x.name == f.name; };
        if (std::any_of(rows.detail.fields.begin(), rows.detail.fields.end(), same)) {
            error(f.span, "明细字段「" + f.name + "」重复");
            continue;
        }
        if (key && builder_->inputs()[*key].name == f.name) {
            error(f.span, "明细的行以主键「" + f.name + "」归属记录，不必再声明为字段");
            continue;
        }
        if (f.name == "三级指标") rows.detail.label_field = static_cast<int>(rows.detail.fields.size());
        if (f.name == "二级指标") rows.detail.group_field = static_cast<int>(rows.detail.fields.size());
        rows.detail.fields.push_back(std::move(f));
    }
    if (!key) error(span_of(decl.id), "有明细的规则集需要主键：明细的每一行以主键列归属它的记录");
    builder_->rows() = std::move(rows);
}

std::optional<uint32_t> Compiler::row_field_index(const ast::name& n, bool target_value) {
    const DetailSpec& detail = builder_->rows()->detail;
    const std::string name = encode_utf8(n.text);
    std::vector<std::string> candidates;
    for (size_t i = 0; i < detail.fields.size(); ++i) {
        const RowField& f = detail.fields[i];
        if ((f.kind == RowFieldKind::target_value) != target_value) continue;
        if (f.name == name) return static_cast<uint32_t>(i);
        candidates.push_back(f.name);
    }
    std::string message = "明细「" + detail.name + "」没有" + (target_value ? "指标值" : "枚举或文本") + "字段「" + name + "」";
    if (auto guess = closest_name(name, candidates)) message += "；是否指「" + *guess + "」？";
    error(span_of(n), message);
    return std::nullopt;
}

// FIELD = VALUE or FIELD ≠ VALUE, VALUE one of an enumeration field's values.
std::optional<RowCondition> Compiler::row_condition(const ast::expression& e) {
    const bool comparison = e.rest.size() == 1 && (e.rest[0].oper == ast::op::eq || e.rest[0].oper == ast::op::ne);
    const ast::name* field = comparison ? ast::as_name(e.first) : nullptr;
    const ast::name* value = comparison ? ast::as_name(e.rest[0].rhs) : nullptr;
    if (!field || !value) {
        error(span_of(e), "「其中」只支持「字段 = 值」或「字段 ≠ 值」，多个条件用「且」连接");
        return std::nullopt;
    }
    auto index = row_field_index(*field, false);
    if (!index) return std::nullopt;
    RowCondition c{*index, e.rest[0].oper == ast::op::eq, encode_utf8(value->text)};
    const RowField& f = builder_->rows()->detail.fields[*index];
    if (f.kind == RowFieldKind::enumeration && std::find(f.values.begin(), f.values.end(), c.value) == f.values.end()) {
        std::string message = "「" + c.value + "」不是「" + f.name + "」的取值";
        if (auto guess = closest_name(c.value, f.values)) message += "；是否指「" + *guess + "」？";
        error(span_of(*value), message);
        return std::nullopt;
    }
    return c;
}

void Compiler::compile_row_group(const grammar::TreeNode& node, int index) {
    const ast::per_row& per_row = node.per_rows.front();
    saw_per_row_ = true;
    auto info = [&]() -> IndicatorInfo& { return builder_->indicators()[static_cast<size_t>(index)]; };
    const std::string what = std::string(level_word(info().level)) + "「" + info().name + "」";
    for (size_t i = 1; i < node.per_rows.size(); ++i) error(span_of(node.per_rows[i]), what + "里只能有一个「逐行」");
    if (!node.children.empty()) {
        const auto& child = node.children.front();
        Span s = child.is_leaf() ? span_of(child.leaf().label) : span_of(child.group());
        error(s, what + "已用「逐行」计分，不能再有下级指标");
    }
    const uint32_t bound = builder_->constant(info().points, span_of(per_row));
    auto fallback = [&] { info().score_slot = builder_->emit(Op::sum, 0, 0, 0, info().span); };
    if (info().level != 1 && info().level != 2) {
        error(span_of(per_row), "「逐行」只能写在一级指标或二级指标里");
        return fallback();
    }
    if (!builder_->rows()) {
        error(span_of(per_row), "「逐行」需要先声明明细，例如「明细 绩效指标 { 年度指标值：指标值 … }」");
        return fallback();
    }
    RowProgram& rows = *builder_->rows();
    if (encode_utf8(per_row.detail.text) != rows.detail.name) {
        error(span_of(per_row.detail), "没有名为「" + encode_utf8(per_row.detail.text) + "」的明细；规则集的明细是「" +
                                           rows.detail.name + "」");
        return fallback();
    }
    RowGroup group;
    group.indicator = index;
    group.unmet_zero = per_row.unmet_zero;
    bool ok = true;
    if (per_row.filter) {
        group.filter_text = text_of(*per_row.filter);
        std::vector<const ast::expression*> parts;
        conjuncts(*per_row.filter, parts);
        for (const ast::expression* p : parts) {
            if (!p) {
                error(span_of(*per_row.filter), "「其中」只支持「字段 = 值」或「字段 ≠ 值」，多个条件用「且」连接");
                ok = false;
                break;
            }
            auto c = row_condition(*p);
            if (c) group.filter.push_back(*c);
            else ok = false;
        }
    } else {
        group.filter_text = "全部行";
    }
    auto actual = row_field_index(per_row.actual, true);
    auto target = row_field_index(per_row.target, true);
    if (!ok || !actual || !target) return fallback();
    if (*actual == *target) {
        error(span_of(per_row.target), "「达到」两边应是两个不同的指标值字段（实际值 达到 目标值）");
        return fallback();
    }
    group.actual_field = *actual;
    group.target_field = *target;
    info().row_group = static_cast<int>(rows.groups.size());
    rows.groups.push_back(std::move(group));
    rows.group_points.push_back(info().points);
    rows.group_names.push_back(what);
    rows.group_labels.push_back(info().name);
    Display shown;
    shown.style = Display::Style::fixed;
    shown.places = 2;
    info().score_slot = builder_->emit(Op::row_subtotal, static_cast<uint32_t>(info().row_group), bound, 0,
                                       info().span, shown);
}

void Compiler::apply_not_applicable_policy() {
    const auto& policies = parsed_.na_policies;
    for (size_t i = 1; i < policies.size(); ++i) error(span_of(policies[i]), "「不适用」规则只能写一条");
    if (policies.empty()) return;
    const ast::na_policy& policy = policies.front();
    std::optional<RowProgram>& rows = builder_->rows();
    if (!rows || rows->groups.empty()) {
        // A 逐行 that failed to compile was reported already.
        if (!saw_per_row_) error(span_of(policy), "规则集没有「逐行」计分的指标，「不适用」规则无处可用");
        return;
    }
    switch (policy.kind) {
        case ast::na_policy_kind::full: rows->policy = NotApplicablePolicy::full; return;
        case ast::na_policy_kind::zero: rows->policy = NotApplicablePolicy::zero; return;
        case ast::na_policy_kind::merge: rows->policy = NotApplicablePolicy::merge; break;
    }
    const auto& indicators = builder_->indicators();
    std::vector<std::string> candidates;
    for (const RowGroup& g : rows->groups) candidates.push_back(indicators[static_cast<size_t>(g.indicator)].name);
    Decimal pool_points;
    std::vector<size_t> pool;
    for (const ast::name& n : policy.pool) {
        const std::string name = encode_utf8(n.text);
        auto it = std::find(candidates.begin(), candidates.end(), name);
        if (it == candidates.end()) {
            std::string message = "「" + name + "」不是「逐行」计分的指标，不能并入";
            if (auto guess = closest_name(name, candidates)) message += "；是否指「" + *guess + "」？";
            error(span_of(n), message);
            continue;
        }
        const size_t g = static_cast<size_t>(it - candidates.begin());
        if (rows->groups[g].in_pool) {
            error(span_of(n), "「" + name + "」重复");
            continue;
        }
        rows->groups[g].in_pool = true;
        pool.push_back(g);
        pool_points = pool_points + rows->group_points[g];
    }
    if (policy.pool.size() == 1) warning(span_of(policy), "「不适用 并入」只列了一个指标，它的分值无处可并");
    // A group of the pool can receive the whole pool's points.
    Graph& graph = builder_->graph();
    for (size_t g : pool) {
        uint32_t slot = indicators[static_cast<size_t>(rows->groups[g].indicator)].score_slot;
        graph.constants[graph.nodes[graph.nodes[slot].b].a] = pool_points;
    }
}

}  // namespace rubric
