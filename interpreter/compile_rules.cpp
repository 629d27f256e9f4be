// Scoring rules: each compiles to ordinary graph nodes plus the explain
// lines that say, for one record, which rule fired and with what values.
#include "interpreter/compiler.hpp"

#include "grammar/ast_util.hpp"
#include "interpreter/explain_pieces.hpp"
#include "interpreter/program_builder.hpp"
#include "interpreter/utf8.hpp"

namespace rubric {

namespace ex = explain;

namespace {

std::string points_text(const Decimal& points) { return points.to_string() + " 分"; }

}  // namespace

CompiledValue Compiler::rule(const ast::rule& r, const Decimal& points, Span owner, int depth) {
    CompiledValue v = core_rule(r.core, points, owner, depth);
    return apply_vetoes(std::move(v), r.vetoes, depth);
}

CompiledValue Compiler::core_rule(const ast::core_rule& r, const Decimal& points, Span owner, int depth) {
    struct Visitor {
        Compiler& c;
        const Decimal& points;
        Span owner;
        int depth;
        CompiledValue operator()(const ast::checklist_rule& x) const { return c.checklist(x, points, owner, depth); }
        CompiledValue operator()(const ast::tier_rule& x) const { return c.tiers(x, points, depth); }
        CompiledValue operator()(const ast::deduction_rule& x) const { return c.deduction(x, points, depth); }
        CompiledValue operator()(const ast::penalty_rule& x) const { return c.penalty(x, points, depth); }
        CompiledValue operator()(const ast::target_rule& x) const { return c.target(x, points, depth); }
        CompiledValue operator()(const ast::expression& x) const { return c.score_expression(x, points, depth); }
    };
    return boost::apply_visitor(Visitor{*this, points, owner, depth}, r.get());
}

// A score must be a plain number (分), not an amount or a condition.
static bool is_score_type(const Type& t) { return t.is_number() && (t.unit.empty() || t.literal); }

CompiledValue Compiler::score_expression(const ast::expression& e, const Decimal& points, int depth) {
    if (auto applied = named_rule_use(e, points, depth)) return *applied;
    CompiledValue v = expression(e, rule_scope_);
    if (v.type.is_invalid()) return v;
    if (!is_score_type(v.type)) {
        error(v.span, "得分应是不带单位的数（分），「" + text_of(v.span) + "」是" + describe(v.type));
        return invalid(v.span);
    }
    if (v.constant && (*v.constant > points || v.constant->sign() < 0))
        error(v.span, "得分 " + v.constant->to_string() + " 不在 0 到 " + points_text(points) + "之间");
    std::vector<ExplainPiece> line{ex::text("得分 = " + text_of(v.span))};
    if (v.shown.size() > 1 || v.shown.front().kind != ExplainPiece::Kind::text) {
        line.push_back(ex::text(" = "));
        ex::append(line, v.shown);
    }
    if (v.shown.size() > 1) {
        line.push_back(ex::text(" = "));
        line.push_back(ex::value(v.slot));
    }
    add_explain(depth, std::move(line));
    return v;
}

CompiledValue Compiler::checklist(const ast::checklist_rule& r, const Decimal& points, Span owner, int depth) {
    Decimal sum_of_items;
    std::vector<uint32_t> parts;
    const uint32_t zero = builder_->constant(Decimal{}, owner);
    bool ok = true;
    for (const ast::check_item& item : r.items) {
        CompiledValue cond = expression(item.condition, rule_scope_);
        auto worth = parse_number(item.points, span_of(item.points));
        if (cond.type.is_invalid() || !worth) { ok = false; continue; }
        if (!cond.type.is_boolean()) {
            error(cond.span, "逐项计分的每一项应是条件（是/否），「" + text_of(cond.span) + "」是" + describe(cond.type));
            ok = false;
            continue;
        }
        sum_of_items = sum_of_items + *worth;
        uint32_t worth_slot = builder_->constant(*worth, span_of(item.points));
        uint32_t scored = builder_->emit(Op::select, cond.slot, worth_slot, zero, span_of(item));
        parts.push_back(scored);
        add_explain(depth, {ex::text("「" + text_of(cond.span) + "」："), ex::value(cond.slot), ex::text(" → "),
                            ex::value(scored), ex::text(" 分")});
    }
    if (ok && sum_of_items != points)
        error(owner, "逐项计分各项合计 " + points_text(sum_of_items) + "，与分值 " + points_text(points) + "不符");
    if (!ok) return invalid(span_of(r));
    Graph& g = builder_->graph();
    uint32_t first = static_cast<uint32_t>(g.operand_lists.size());
    g.operand_lists.insert(g.operand_lists.end(), parts.begin(), parts.end());
    CompiledValue v;
    v.span = span_of(r);
    v.type = Type::number();
    v.slot = builder_->emit(Op::sum, first, static_cast<uint32_t>(parts.size()), 0, v.span);
    add_explain(depth, {ex::text("合计 "), ex::value(v.slot), ex::text(" 分")});
    return v;
}

CompiledValue Compiler::tiers(const ast::tier_rule& r, const Decimal& points, int depth) {
    const Span span = span_of(r);
    CompiledValue subject = expression(r.subject, rule_scope_);
    if (subject.type.is_invalid()) return invalid(span);
    if (!subject.type.is_number() && subject.type.kind != Type::Kind::enumeration) {
        error(subject.span, "分档的对象应是数或枚举，「" + text_of(subject.span) + "」是" + describe(subject.type));
        return invalid(span);
    }
    TierTableResult table = tier_table(subject, r.tiers, span, false, "分档");
    if (!table.ok) return invalid(span);
    for (const CompiledValue& value : table.values) {
        if (!is_score_type(value.type)) {
            error(value.span, "分档得分应是不带单位的数（分），这里是" + describe(value.type));
            return invalid(span);
        }
        if (value.constant && (*value.constant > points || value.constant->sign() < 0))
            error(value.span, "分档得分 " + value.constant->to_string() + " 不在 0 到 " + points_text(points) + "之间");
    }
    CompiledValue v;
    v.span = span;
    v.type = Type::number();
    v.slot = builder_->emit(Op::pick, table.index_slot, table.table, 0, span);
    add_explain(depth, {ex::text("分档「" + text_of(subject.span) + "」= "), ex::value(subject.slot), ex::text("，落在「"),
                        ex::tier_label(table.index_slot, table.table), ex::text("」档 → "), ex::value(v.slot)});
    return v;
}

CompiledValue Compiler::apply_floor(CompiledValue raw, const std::optional<ast::floor_clause>& floor, Span owner,
                                    int depth, const std::vector<ExplainPiece>& lead, const Decimal& points) {
    std::vector<ExplainPiece> line = lead;
    line.push_back(ex::value(raw.slot));
    if (!floor) {
        error(owner, "扣分规则缺少「扣完为止」或「最低 N 分」：扣分超过分值时得分会低于 0");
        add_explain(depth, std::move(line));
        return raw;
    }
    auto minimum = parse_number(floor->minimum, span_of(*floor));
    if (!minimum) return invalid(owner);
    if (*minimum > points)
        error(span_of(*floor), "最低 " + minimum->to_string() + " 分超过了分值 " + points.to_string() + " 分");
    uint32_t min_slot = builder_->constant(*minimum, span_of(*floor));
    CompiledValue v = raw;
    v.slot = builder_->emit(Op::max, raw.slot, min_slot, 0, span_of(*floor));
    line.push_back(ex::changed(raw.slot, v.slot, floor->until_zero ? "扣完为止，得 " : "最低 "));
    add_explain(depth, std::move(line));
    return v;
}

CompiledValue Compiler::deduction(const ast::deduction_rule& r, const Decimal& points, int depth) {
    const Span span = span_of(r);
    CompiledValue count = expression(r.count, rule_scope_);
    auto per = parse_number(r.per_item, span_of(r.per_item));
    if (count.type.is_invalid() || !per) return invalid(span);
    if (!count.type.is_number()) {
        error(count.span, "「按」后面应是数量，「" + text_of(count.span) + "」是" + describe(count.type));
        return invalid(span);
    }
    if (per->sign() <= 0) error(span_of(r.per_item), "每项扣分应大于 0");
    uint32_t full = builder_->constant(points, span);
    uint32_t per_slot = builder_->constant(*per, span_of(r.per_item));
    uint32_t deducted = builder_->emit(Op::mul, count.slot, per_slot, 0, span);
    CompiledValue raw;
    raw.span = span;
    raw.type = Type::number();
    raw.slot = builder_->emit(Op::sub, full, deducted, 0, span);
    std::vector<ExplainPiece> lead{ex::text("按「" + text_of(count.span) + "」每项扣 " + per->to_string() + " 分：" +
                                            points.to_string() + " − "),
                                   ex::value(count.slot), ex::text(" × " + per->to_string() + " = ")};
    return apply_floor(raw, r.floor, span, depth, lead, points);
}

CompiledValue Compiler::penalty(const ast::penalty_rule& r, const Decimal& points, int depth) {
    const Span span = span_of(r);
    CompiledValue value = expression(r.value, rule_scope_);
    CompiledValue threshold = expression(r.threshold, rule_scope_);
    CompiledValue step = expression(r.step, rule_scope_);
    auto per = parse_number(r.per_step, span_of(r.per_step));
    if (value.type.is_invalid() || threshold.type.is_invalid() || step.type.is_invalid() || !per)
        return invalid(span);
    if (!value.type.is_number() || !add_types(value.type, threshold.type) || !add_types(value.type, step.type)) {
        error(span, "超出部分的扣分需要同一单位的数：" + describe(value.type) + "、" + describe(threshold.type) + "、" +
                        describe(step.type));
        return invalid(span);
    }
    if (step.constant && step.constant->sign() <= 0) error(step.span, "步长应大于 0");
    const bool above = r.side == ast::excess_side::above;
    uint32_t zero = builder_->constant(Decimal{}, span);
    uint32_t diff = above ? builder_->emit(Op::sub, value.slot, threshold.slot, 0, span)
                          : builder_->emit(Op::sub, threshold.slot, value.slot, 0, span);
    Display percent_like;
    if (value.type.percent) percent_like.style = Display::Style::percent;
    uint32_t excess = builder_->emit(Op::max, diff, zero, 0, span, percent_like);
    uint32_t steps = builder_->emit(Op::div, excess, step.slot, 0, span);
    uint32_t per_slot = builder_->constant(*per, span_of(r.per_step));
    uint32_t deducted = builder_->emit(Op::mul, steps, per_slot, 0, span);
    uint32_t full = builder_->constant(points, span);
    CompiledValue raw;
    raw.span = span;
    raw.type = Type::number();
    raw.slot = builder_->emit(Op::sub, full, deducted, 0, span);
    std::vector<ExplainPiece> lead{ex::text("「" + text_of(value.span) + "」= "), ex::value(value.slot),
                                   ex::text(std::string(above ? "，超过 " : "，低于 ")), ex::value(threshold.slot),
                                   ex::text(" 的部分 "), ex::value(excess), ex::text(" ÷ "), ex::value(step.slot),
                                   ex::text(" × " + per->to_string() + " = "), ex::value(deducted),
                                   ex::text("：" + points.to_string() + " − "), ex::value(deducted), ex::text(" = ")};
    return apply_floor(raw, r.floor, span, depth, lead, points);
}

CompiledValue Compiler::target(const ast::target_rule& r, const Decimal& points, int depth) {
    const Span span = span_of(r);
    CompiledValue actual = expression(r.actual, rule_scope_);
    CompiledValue goal = expression(r.target, rule_scope_);
    if (actual.type.is_invalid() || goal.type.is_invalid()) return invalid(span);
    if (!actual.type.is_number() || !comparable(actual.type, goal.type)) {
        error(span, "对标的实际值与目标值应是同一单位的数：" + describe(actual.type) + "与" + describe(goal.type));
        return invalid(span);
    }
    static const Op ops[] = {Op::add, Op::sub, Op::mul, Op::div, Op::eq, Op::ne, Op::lt, Op::le, Op::gt, Op::ge};
    const auto cmp = static_cast<size_t>(r.comparison);
    if (cmp < 4 || cmp > 9 || r.comparison == ast::op::ne) {
        error(span, "对标应使用 ≥ ≤ > < = 之一");
        return invalid(span);
    }
    uint32_t met = builder_->emit(ops[cmp], actual.slot, goal.slot, 0, span, display_for(Type::boolean()));
    uint32_t full = builder_->constant(points, span);
    uint32_t zero = builder_->constant(Decimal{}, span);
    uint32_t partial = zero;
    const bool more_is_better = r.comparison == ast::op::ge || r.comparison == ast::op::gt;
    const bool less_is_better = r.comparison == ast::op::le || r.comparison == ast::op::lt;
    if (r.unmet && r.unmet->id_first >= 0) {
        // 未达标得 X: the evaluator's (or the rubric's) score for a missed target.
        CompiledValue unmet = expression(*r.unmet, rule_scope_);
        if (unmet.type.is_invalid()) return invalid(span);
        if (!unmet.type.is_number() || !(unmet.type.unit.empty() || unmet.type.literal)) {
            error(unmet.span, "未达标的得分应是不带单位的数（分），这里是" + describe(unmet.type));
            return invalid(span);
        }
        partial = unmet.slot;
    } else if (!r.unmet && (more_is_better || less_is_better)) {
        // Unmet: the share achieved times the points (actual ÷ target, or target ÷ actual
        // when less is better); nothing when that share has a zero denominator.
        uint32_t denominator = more_is_better ? goal.slot : actual.slot;
        uint32_t ratio = more_is_better ? builder_->emit(Op::div, actual.slot, goal.slot, 0, span)
                                        : builder_->emit(Op::div, goal.slot, actual.slot, 0, span);
        uint32_t scaled = builder_->emit(Op::mul, ratio, full, 0, span);
        uint32_t share = builder_->emit(Op::max, builder_->emit(Op::min, scaled, full, 0, span), zero, 0, span);
        uint32_t no_share = builder_->emit(Op::le, denominator, zero, 0, span);
        partial = builder_->emit(Op::select, no_share, zero, share, span);
    }
    CompiledValue v;
    v.span = span;
    v.type = Type::number();
    v.slot = builder_->emit(Op::select, met, full, partial, span);
    add_explain(depth, {ex::text("对标：实际 "), ex::value(actual.slot), ex::text("，目标 " + text_of(goal.span) + " = "),
                        ex::value(goal.slot), ex::text("，达标："), ex::value(met), ex::text(" → "), ex::value(v.slot)});
    return v;
}

CompiledValue Compiler::apply_vetoes(CompiledValue v, const std::vector<ast::veto>& vetoes, int depth) {
    for (const ast::veto& veto : vetoes) {
        CompiledValue cond = expression(veto.condition, rule_scope_);
        if (cond.type.is_invalid() || v.type.is_invalid()) continue;
        if (!cond.type.is_boolean()) {
            error(cond.span, "否决条件应是条件（是/否），「" + text_of(cond.span) + "」是" + describe(cond.type));
            continue;
        }
        uint32_t zero = builder_->constant(Decimal{}, span_of(veto));
        uint32_t after = builder_->emit(Op::select, cond.slot, zero, v.slot, span_of(veto));
        add_explain(depth, {ex::text("否决条件「" + text_of(cond.span) + "」："), ex::value(cond.slot),
                            ex::changed(v.slot, after, "否决，得 ", " 分")});
        v.slot = after;
    }
    return v;
}

CompiledValue Compiler::parts(const ast::parts_rule& r, const Decimal& points, Span owner, int depth) {
    Decimal sum_of_parts;
    std::vector<uint32_t> slots;
    bool ok = true;
    for (const ast::part& p : r.parts) {
        auto worth = points_of(p.points, span_of(p.points));
        if (!worth) { ok = false; continue; }
        sum_of_parts = sum_of_parts + *worth;
        const size_t header_at = pending_lines_.size();
        CompiledValue body = rule(p.body, *worth, span_of(p), depth + 1);
        if (body.type.is_invalid()) { ok = false; continue; }
        // Each part is capped at its own points.
        uint32_t cap = builder_->constant(*worth, span_of(p.points));
        uint32_t capped = builder_->emit(Op::min, body.slot, cap, 0, span_of(p));
        // A part below 0 would take points from its siblings: fail the record instead.
        uint32_t checked = builder_->emit(Op::check_score, capped, cap, 0, span_of(p));
        score_checks_.push_back({checked, "分项「" + encode_utf8(p.label.text) + "」", *worth, span_of(p.label), -1, current_leaf_});
        if (pending_lines_.size() > header_at)
            pending_lines_.back().pieces.push_back(ex::changed(body.slot, capped, "封顶 "));
        ExplainLine header{static_cast<uint16_t>(depth),
                           {ex::text("分项「" + encode_utf8(p.label.text) + "」（" + points_text(*worth) + "）得分 "),
                            ex::value(checked)}};
        pending_lines_.insert(pending_lines_.begin() + static_cast<std::ptrdiff_t>(header_at), std::move(header));
        slots.push_back(checked);
    }
    if (ok && sum_of_parts != points)
        error(owner, "各分项分值合计 " + points_text(sum_of_parts) + "，与指标分值 " + points_text(points) + "不符");
    if (!ok) return invalid(span_of(r));
    Graph& g = builder_->graph();
    uint32_t first = static_cast<uint32_t>(g.operand_lists.size());
    g.operand_lists.insert(g.operand_lists.end(), slots.begin(), slots.end());
    CompiledValue v;
    v.span = span_of(r);
    v.type = Type::number();
    v.slot = builder_->emit(Op::sum, first, static_cast<uint32_t>(slots.size()), 0, v.span);
    std::vector<ExplainPiece> line{ex::text("合计 ")};
    for (size_t k = 0; k < slots.size(); ++k) {
        if (k) line.push_back(ex::text(" + "));
        line.push_back(ex::value(slots[k]));
    }
    line.push_back(ex::text(" = "));
    line.push_back(ex::value(v.slot));
    add_explain(depth, std::move(line));
    return apply_vetoes(std::move(v), r.vetoes, depth);
}

}  // namespace rubric

namespace rubric {

// ------------------------------------------------------------------ 规则 (named rules)

void Compiler::declare_rules() {
    for (const ast::named_rule_decl& r : parsed_.rules) {
        const std::string name = encode_utf8(r.id.text);
        if (input_index_.count(r.id.text) || derived_index_.count(r.id.text)) {
            error(span_of(r.id), "规则「" + name + "」与输入或计算同名");
            continue;
        }
        if (!rule_index_.emplace(r.id.text, &r).second) {
            error(span_of(r.id), "规则「" + name + "」重复定义（第一次在" + place_of(span_of(rule_index_[r.id.text]->id), span_of(r.id)) + "）");
            continue;
        }
        for (const ast::name& p : r.params)
            if (p.text == U"分值") error(span_of(p), "「分值」是每个规则都有的参数，不必写出");
    }
}

std::optional<CompiledValue> Compiler::named_rule_use(const ast::expression& e, const Decimal& points, int depth) {
    const ast::expression& inner = ast::innermost(e);
    if (!inner.rest.empty()) return std::nullopt;
    static const std::vector<ast::expression> no_args;
    if (const ast::name* n = ast::as_name(inner.first)) {
        auto it = rule_index_.find(n->text);
        if (it == rule_index_.end()) return std::nullopt;
        return apply_named_rule(*it->second, no_args, points, span_of(*n), depth);
    }
    if (const auto* c = boost::get<x3::forward_ast<ast::call>>(&ast::innermost(inner.first).get())) {
        auto it = rule_index_.find(c->get().function.text);
        if (it == rule_index_.end()) return std::nullopt;
        return apply_named_rule(*it->second, c->get().args, points, span_of(c->get()), depth);
    }
    return std::nullopt;
}

CompiledValue Compiler::apply_named_rule(const ast::named_rule_decl& decl, const std::vector<ast::expression>& args,
                                         const Decimal& points, Span call, int depth) {
    const std::string name = encode_utf8(decl.id.text);
    rules_used_.insert(&decl);
    for (const auto& [active, at] : rule_calls_) {
        if (active == &decl) {
            error(call, "规则「" + name + "」直接或间接地用到了自己");
            return invalid(call);
        }
    }
    if (args.size() != decl.params.size()) {
        error(call, "规则「" + name + "」需要 " + std::to_string(decl.params.size()) + " 个参数，这里给了 " +
                        std::to_string(args.size()) + " 个");
        return invalid(call);
    }
    // Arguments are compiled where the rule is used; 分值 is the points of that place.
    std::map<std::u32string, CompiledValue> bindings;
    std::vector<ExplainPiece> line{ex::text("按规则「" + name + "」计分")};
    for (size_t k = 0; k < args.size(); ++k) {
        CompiledValue v = expression(args[k], rule_scope_);
        if (v.type.is_invalid()) return invalid(call);
        line.push_back(ex::text(k == 0 ? "（" : "，"));
        line.push_back(ex::text(encode_utf8(decl.params[k].text) + " = "));
        line.push_back(ex::value(v.slot));
        bindings.emplace(decl.params[k].text, std::move(v));
    }
    if (!args.empty()) line.push_back(ex::text("）"));
    CompiledValue full;
    full.span = call;
    full.type = Type::number();
    full.type.literal = true;
    full.constant = points;
    full.nonnegative = full.positive = points.sign() > 0;
    full.slot = builder_->constant(points, call);
    full.shown = {ex::text(points.to_string())};
    bindings.emplace(U"分值", std::move(full));
    add_explain(depth, std::move(line));

    Scope saved = rule_scope_;
    rule_scope_ = Scope{};
    rule_scope_.bindings = &bindings;
    rule_calls_.emplace_back(&decl, call);
    CompiledValue result;
    if (const auto* r = boost::get<ast::rule>(&decl.body.get()))
        result = rule(*r, points, call, depth);
    else
        result = parts(boost::get<ast::parts_rule>(decl.body.get()), points, call, depth);
    rule_calls_.pop_back();
    rule_scope_ = saved;
    return result;
}

void Compiler::note_rule_use(Diagnostic& d) {
    for (auto it = rule_calls_.rbegin(); it != rule_calls_.rend(); ++it) {
        SourceSet::Location at = parsed_.sources->locate(it->second);
        if (at.file) d.notes.push_back(make_note(*at.file, at.local, "规则「" + encode_utf8(it->first->id.text) + "」用在这里"));
    }
}

}  // namespace rubric
