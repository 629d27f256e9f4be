// Evaluating a compiled Program against one record: one pass over the
// flat graph. A value that cannot be computed (a zero divisor, an overflow,
// a value no tier covers) is marked, not thrown: the mark travels to the
// values that use it, and only a mark that reaches a score fails the record,
// so `若 b > 0 则 a ÷ b 否则 0` is safe.
#include "interpreter/program.hpp"

#include "interpreter/utf8.hpp"

namespace rubric {

namespace {

bool truthy(const Decimal& d) { return !d.is_zero(); }

Decimal from_bool(bool b) { return Decimal::from_int(b ? 1 : 0); }

bool in_bound_low(const Decimal& v, const TierBound& b, const std::vector<Decimal>& values) {
    if (!b.present) return true;
    auto c = v <=> values[b.slot];
    return b.inclusive ? c >= 0 : c > 0;
}

bool in_bound_high(const Decimal& v, const TierBound& b, const std::vector<Decimal>& values) {
    if (!b.present) return true;
    auto c = v <=> values[b.slot];
    return b.inclusive ? c <= 0 : c < 0;
}

}  // namespace

std::vector<int> Program::leaf_indicators() const {
    std::vector<int> leaves;
    for (size_t i = 0; i < indicators_.size(); ++i)
        if (indicators_[i].level == 3) leaves.push_back(static_cast<int>(i));
    return leaves;
}

Workspace Program::make_workspace() const {
    Workspace ws;
    ws.values.assign(graph_.nodes.size(), Decimal{});
    ws.errors.assign(graph_.nodes.size(), 0);
    ws.hook_calls.assign(hooks_.size(), HookCallState{});
    if (fixed_) ws.fixed = fixed_->initial;
    for (size_t i = 0; i < graph_.nodes.size(); ++i)
        if (graph_.nodes[i].op == Op::constant) ws.values[i] = graph_.constants[graph_.nodes[i].a];
    return ws;
}

// One node: its value and whether it went wrong. Forced inline: it is the
// body of run_graph's loop, the Decimal evaluator's hot path.
[[gnu::always_inline]] inline void Program::run_node(Workspace& ws, uint32_t i) const {
    auto& v = ws.values;
    auto& err = ws.errors;
    {
        const Node& node = graph_.nodes[i];
        // A marked operand marks the result (select and pick decide for themselves).
        auto fail = [&](uint32_t why) { err[i] = why; v[i] = Decimal{}; };
        auto binary = [&](auto&& f) {
            if (uint32_t e = err[node.a] ? err[node.a] : err[node.b]) return fail(e);
            std::optional<Decimal> r = f(v[node.a], v[node.b]);
            if (!r) return fail(i + 1);
            err[i] = 0;
            v[i] = *r;
        };
        auto compare = [&](auto&& f) {
            if (uint32_t e = err[node.a] ? err[node.a] : err[node.b]) return fail(e);
            err[i] = 0;
            v[i] = from_bool(f(v[node.a] <=> v[node.b]));
        };
        switch (node.op) {
            case Op::constant:
            case Op::input:
                break;
            case Op::add: binary([](Decimal x, Decimal y) { return Decimal::add(x, y); }); break;
            case Op::sub: binary([](Decimal x, Decimal y) { return Decimal::sub(x, y); }); break;
            case Op::mul: binary([](Decimal x, Decimal y) { return Decimal::mul(x, y); }); break;
            case Op::div: binary([](Decimal x, Decimal y) { return Decimal::div(x, y); }); break;
            case Op::min: binary([](Decimal x, Decimal y) { return std::optional(rubric::min(x, y)); }); break;
            case Op::max: binary([](Decimal x, Decimal y) { return std::optional(rubric::max(x, y)); }); break;
            case Op::neg:
                if (err[node.a]) { fail(err[node.a]); break; }
                err[i] = 0; v[i] = -v[node.a];
                break;
            case Op::abs:
                if (err[node.a]) { fail(err[node.a]); break; }
                err[i] = 0; v[i] = v[node.a].abs();
                break;
            case Op::lt: compare([](auto c) { return c < 0; }); break;
            case Op::le: compare([](auto c) { return c <= 0; }); break;
            case Op::gt: compare([](auto c) { return c > 0; }); break;
            case Op::ge: compare([](auto c) { return c >= 0; }); break;
            case Op::eq: compare([](auto c) { return c == 0; }); break;
            case Op::ne: compare([](auto c) { return c != 0; }); break;
            case Op::logical_and:
                binary([](Decimal x, Decimal y) { return std::optional(from_bool(truthy(x) && truthy(y))); });
                break;
            case Op::logical_or:
                binary([](Decimal x, Decimal y) { return std::optional(from_bool(truthy(x) || truthy(y))); });
                break;
            case Op::logical_not:
                if (err[node.a]) { fail(err[node.a]); break; }
                err[i] = 0; v[i] = from_bool(!truthy(v[node.a]));
                break;
            case Op::select: {
                if (err[node.a]) { fail(err[node.a]); break; }
                uint32_t chosen = truthy(v[node.a]) ? node.b : node.c;
                err[i] = err[chosen];
                v[i] = v[chosen];
                break;
            }
            case Op::round: {
                if (err[node.a]) { fail(err[node.a]); break; }
                auto r = v[node.a].round(v[node.b], node.mode);
                if (!r) { fail(i + 1); break; }
                err[i] = 0; v[i] = *r;
                break;
            }
            case Op::tier_index: {
                if (err[node.a]) { fail(err[node.a]); break; }
                const TierTable& table = graph_.tier_tables[node.b];
                const Decimal& x = v[node.a];
                uint32_t found = table.count;
                for (uint32_t k = 0; k < table.count; ++k) {
                    const TierEntry& e = graph_.tier_entries[table.first + k];
                    if (in_bound_low(x, e.low, v) && in_bound_high(x, e.high, v)) { found = k; break; }
                }
                if (found == table.count) { fail(i + 1); break; }
                err[i] = 0; v[i] = Decimal::from_int(found);
                break;
            }
            case Op::pick: {
                if (err[node.a]) { fail(err[node.a]); break; }
                const TierTable& table = graph_.tier_tables[node.b];
                auto k = v[node.a].to_int().value_or(0);
                uint32_t slot = graph_.tier_entries[table.first + static_cast<uint32_t>(k)].value_slot;
                err[i] = err[slot];
                v[i] = v[slot];
                break;
            }
            case Op::check_score: {
                if (err[node.a]) { fail(err[node.a]); break; }
                const Decimal& x = v[node.a];
                if (x.sign() < 0 || x > v[node.b]) { fail(i + 1); v[i] = x; break; }
                err[i] = 0; v[i] = x;
                break;
            }
            case Op::hook_call: call_hook(ws, i); break;
            case Op::hook_value: take_hook_value(ws, i); break;
            case Op::row_subtotal:
                err[i] = 0;
                v[i] = ws.rows.groups[node.a].subtotal;
                break;
            case Op::sum: {
                Decimal total;
                uint32_t e = 0;
                for (uint32_t k = 0; k < node.b && !e; ++k) {
                    uint32_t s = graph_.operand_lists[node.a + k];
                    if (err[s]) { e = err[s]; break; }
                    auto r = Decimal::add(total, v[s]);
                    if (!r) { e = i + 1; break; }
                    total = *r;
                }
                if (e) { fail(e); break; }
                err[i] = 0; v[i] = total;
                break;
            }
        }
    }
}

void Program::run_graph(Workspace& ws) const {
    const auto n = static_cast<uint32_t>(graph_.nodes.size());
    for (uint32_t i = graph_.inputs_end; i < n; ++i) run_node(ws, i);
}

void Program::run_nodes(const Record& record, Workspace& ws, const std::vector<uint32_t>& nodes) const {
    for (uint32_t i = 0; i < graph_.inputs_end; ++i) ws.values[i] = record.values[i];
    for (uint32_t i : nodes)
        if (i >= graph_.inputs_end) run_node(ws, i);
}

void Program::evaluate(const Record& record, Workspace& ws, Result& result, const EvaluateOptions& options) const {
    result.scored = false;
    result.problems.clear();
    result.explain.clear();
    result.grade.clear();
    result.rows.clear();
    ws.record = &record;
    if (fixed_ && !options.explain && !options.keep_slot_values && !options.explain_with &&
        evaluate_fixed(record, ws, result)) {
        ++ws.fixed_point_records;
        return;
    }
    ++ws.decimal_records;
    for (uint32_t i = 0; i < graph_.inputs_end; ++i) ws.values[i] = record.values[i];
    // Rows scored by 逐行; a 明细 only hooks read is passed to them as it is.
    if (rows_ && !rows_->groups.empty()) {
        score_row_groups(*rows_, record, ws.rows);
        for (const std::string& p : ws.rows.problems) result.problems.push_back({"", p});
        if (!result.problems.empty()) return;
        result.rows = ws.rows.rows;
    }
    run_graph(ws);
    if (!check_constraints(record, ws, result)) return;

    result.scores.resize(indicators_.size());
    for (size_t k = 0; k < indicators_.size(); ++k) {
        uint32_t slot = indicators_[k].score_slot;
        if (ws.errors[slot]) {
            // Report each broken computation once, at the leaf it broke.
            bool reported_below = false;
            for (int child : indicators_[k].children)
                if (ws.errors[indicators_[child].score_slot]) reported_below = true;
            if (!reported_below)
                result.problems.push_back({"", "指标「" + indicators_[k].name + "」无法计算：" + describe_error(ws, slot)});
        }
        result.scores[k] = ws.values[slot];
    }
    if (ws.errors[total_slot_] && result.problems.empty())
        result.problems.push_back({"", "总分无法计算：" + describe_error(ws, total_slot_)});
    if (has_grades_ && ws.errors[grades_.index_slot] && result.problems.empty())
        result.problems.push_back({"", "等级无法确定：" + describe_error(ws, grades_.index_slot)});
    if (!result.problems.empty()) return;

    result.total = ws.values[total_slot_];
    if (has_grades_) {
        auto k = ws.values[grades_.index_slot].to_int().value_or(0);
        result.grade = grades_.labels[static_cast<size_t>(k)];
    }
    result.scored = true;
    if (options.explain_with) result.explain = options.explain_with(ws, record);
    else if (options.explain) result.explain = render_explain(ws);
}

Result Program::evaluate(const Record& record, const EvaluateOptions& options) const {
    Workspace ws = make_workspace();
    Result result;
    evaluate(record, ws, result, options);
    return result;
}

// The fast path: true when it scored the record; false leaves the record to
// the Decimal evaluator (an interval it could not decide, a value beyond
// int64, a constraint broken or an error to word), with `result` to be reset.
bool Program::evaluate_fixed(const Record& record, Workspace& ws, Result& result) const {
    const FixedPlan& plan = *fixed_;
    FixedValue* v = ws.fixed.data();
    for (uint32_t slot : plan.input_slots)
        if (!to_fixed(record.values[slot], plan.scale[slot], v[slot])) return false;
    if (!evaluate_fixed_slots(ws)) return false;
    result.scores.resize(indicators_.size());
    for (size_t k = 0; k < indicators_.size(); ++k) {
        const uint32_t slot = indicators_[k].score_slot;
        result.scores[k] = Decimal::from_scaled(v[slot].lo, plan.scale[slot]);
    }
    result.total = Decimal::from_scaled(v[total_slot_].lo, plan.scale[total_slot_]);
    if (has_grades_) result.grade = grades_.labels[static_cast<size_t>(v[grades_.index_slot].lo)];
    result.scored = true;
    return true;
}

bool Program::evaluate_fixed_slots(Workspace& ws) const {
    if (!fixed_) return false;
    const FixedPlan& plan = *fixed_;
    FixedValue* v = ws.fixed.data();
    // Hooks take Decimal arguments and give Decimal results: exact values
    // cross over through the workspace's Decimal slots.
    class Hooks final : public FixedHookRunner {
    public:
        Hooks(const Program& p, Workspace& w) : p_(p), ws_(w) {}
        bool call(uint32_t node, const FixedValue* values) override {
            const FixedPlan& plan = *p_.fixed_;
            for (const HookArgSpec& arg : p_.hooks_[p_.graph_.nodes[node].a].args) {
                const FixedValue x = values[arg.slot];
                if (x.lo != x.hi) return false;  // an interval, or poisoned
                ws_.values[arg.slot] = Decimal::from_scaled(x.lo, plan.scale[arg.slot]);
                ws_.errors[arg.slot] = 0;
            }
            p_.call_hook(ws_, node);
            return ws_.errors[node] == 0;  // a failed call is worded by the Decimal evaluator
        }
        bool take(uint32_t node, FixedValue& out) override {
            p_.take_hook_value(ws_, node);
            return ws_.errors[node] == 0 && to_fixed(ws_.values[node], p_.fixed_->scale[node], out);
        }

    private:
        const Program& p_;
        Workspace& ws_;
    } hooks(*this, ws);
    if (run_fixed_plan(plan, graph_, v, hooks_.empty() ? nullptr : &hooks) != FixedOutcome::done) return false;
    auto exact = [&](uint32_t slot) { return v[slot].lo == v[slot].hi; };
    for (const ConstraintInfo& c : constraints_)
        if (!exact(c.slot) || v[c.slot].lo == 0) return false;
    if (!exact(total_slot_) || (has_grades_ && !exact(grades_.index_slot))) return false;
    // An inexact score leaves the record to the Decimal evaluator.
    for (const IndicatorInfo& indicator : indicators_)
        if (!exact(indicator.score_slot)) return false;
    return true;
}

std::optional<FixedBatch> Program::make_fixed_batch(std::size_t capacity) const {
    if (!fixed_ || !hooks_.empty()) return std::nullopt;
    std::vector<uint32_t> required, outputs{total_slot_};
    for (const ConstraintInfo& c : constraints_) required.push_back(c.slot);
    for (const IndicatorInfo& indicator : indicators_) outputs.push_back(indicator.score_slot);
    if (has_grades_) outputs.push_back(grades_.index_slot);
    return FixedBatch::make(*fixed_, graph_, inputs_, required, outputs, capacity);
}

bool Program::check_constraints(const Record&, const Workspace& ws, Result& result) const {
    for (const ConstraintInfo& c : constraints_) {
        bool broken = ws.errors[c.slot] || ws.values[c.slot].is_zero();
        if (!broken) continue;
        std::string column = c.inputs.empty() ? std::string() : inputs_[c.inputs.front()].name;
        std::string message = "不满足约束「" + c.text + "」";
        if (!c.inputs.empty()) {
            message += "（";
            for (size_t k = 0; k < c.inputs.size(); ++k) {
                if (k) message += "，";
                const InputSpec& in = inputs_[c.inputs[k]];
                message += in.name + " = " + show(ws, c.inputs[k]);
            }
            message += "）";
        }
        if (!c.message.empty()) message += "：" + c.message;
        result.problems.push_back({column, std::move(message)});
    }
    return result.problems.empty();
}

std::string Program::describe_error(const Workspace& ws, uint32_t slot) const {
    uint32_t origin = ws.errors[slot] - 1;
    const Node& node = graph_.nodes[origin];
    Span span = graph_.spans[origin];
    std::string where = "（" + sources_->where(span) + "）";
    std::string text = encode_utf8(sources_->slice(span));
    switch (node.op) {
        case Op::div:
            if (ws.values[node.b].is_zero()) return "「" + text + "」的除数为 0" + where;
            return "「" + text + "」的结果超出数值范围" + where;
        case Op::tier_index: {
            std::string subject = encode_utf8(sources_->slice(graph_.spans[node.a]));
            return "「" + subject + "」= " + show(ws, node.a) + "，不属于任何一档" + where;
        }
        case Op::hook_call:
        case Op::hook_value:
            return describe_hook_error(ws, origin);
        case Op::check_score:
            return "得分 " + ws.values[node.a].to_string() + " 超出 0 到 " + ws.values[node.b].to_string() +
                   " 分的范围" + where;
        default:
            return "「" + text + "」的结果超出数值范围" + where;
    }
}

}  // namespace rubric
