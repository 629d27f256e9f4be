// Building the fixed-point plan (fixed_plan.hpp): a scale per slot, the live
// nodes in graph order, and each operation's alignment factors, all decided
// once per Program so that evaluating a record only does int64 arithmetic.
#include "interpreter/fixed_plan.hpp"

#include "interpreter/fixed_arithmetic.hpp"

#include <algorithm>
#include <utility>

namespace rubric {

namespace {

constexpr int max_scale = 18;       // int64 units hold 18 decimals of a value below 9.2
constexpr int input_scale = 6;      // amounts, percentages, judgments: exact up to 6 decimals
constexpr int quotient_scale = 12;  // an unrounded quotient's precision (its interval is 10^-12 wide)

int scale_of_input(const InputSpec& input) {
    switch (input.kind) {
        case InputKind::yes_no:
        case InputKind::count:
        case InputKind::enumeration:
        case InputKind::text:
            return 0;
        default:
            return input_scale;
    }
}

// A constant's own scale: its decimals, at most max_scale (finer ones make it an interval).
int scale_of_constant(const Decimal& d) { return std::clamp(-d.exponent(), 0, max_scale); }

bool is_comparison(Op op) { return op >= Op::lt && op <= Op::ne; }

class PlanBuilder {
public:
    PlanBuilder(const Graph& graph, const std::vector<InputSpec>& inputs,
                const std::vector<std::vector<uint32_t>>& hook_arguments)
        : g_(graph), inputs_(inputs), hook_arguments_(hook_arguments) {}

    std::optional<FixedPlan> build(const std::vector<uint32_t>& outputs) {
        const size_t n = g_.nodes.size();
        plan_.scale.assign(n, 0);
        plan_.initial.assign(n, FixedValue{});
        live_.assign(n, false);
        for (uint32_t slot : outputs) {
            if (slot >= n) return std::nullopt;  // a program that failed to compile
            live_[slot] = true;
        }
        if (!mark_live()) return std::nullopt;
        for (uint32_t i = 0; i < n; ++i)
            if (!assign_scale(i)) return std::nullopt;
        for (uint32_t i = 0; i < n; ++i) {
            if (i < g_.inputs_end) {
                if (live_[i]) plan_.input_slots.push_back(i);
                continue;
            }
            if (live_[i] && g_.nodes[i].op != Op::constant && !emit(i)) return std::nullopt;
        }
        plan_.sum_factors.resize(g_.operand_lists.size(), 1);
        return std::move(plan_);
    }

private:
    // A round whose operand is a quotient is done in one exact step (round_quotient).
    bool fuses_quotient(const Node& node) const {
        return node.op == Op::round && g_.nodes[node.a].op == Op::div;
    }

    void use(uint32_t slot) { live_[slot] = true; }

    // Marks, from the outputs back, every node an output depends on.
    bool mark_live() {
        for (size_t k = g_.nodes.size(); k-- > g_.inputs_end;) {
            if (!live_[k]) continue;
            const Node& node = g_.nodes[k];
            switch (node.op) {
                case Op::row_subtotal:
                    return false;
                case Op::hook_call:
                    if (node.a >= hook_arguments_.size()) return false;
                    for (uint32_t slot : hook_arguments_[node.a]) use(slot);
                    break;
                case Op::round:
                    if (fuses_quotient(node)) {  // the quotient itself is not computed
                        use(g_.nodes[node.a].a);
                        use(g_.nodes[node.a].b);
                        use(node.b);
                        break;
                    }
                    [[fallthrough]];
                default:
                    for_each_operand(g_, node, [&](uint32_t slot) { use(slot); });
                    break;
            }
        }
        return true;
    }

    bool assign_scale(uint32_t i) {
        if (i < g_.inputs_end) {
            plan_.scale[i] = static_cast<int8_t>(i < inputs_.size() ? scale_of_input(inputs_[i]) : 0);
            return true;
        }
        const Node& node = g_.nodes[i];
        auto s = [&](uint32_t slot) { return int{plan_.scale[slot]}; };
        int scale = 0;
        switch (node.op) {
            case Op::constant: {
                const Decimal& d = g_.constants[node.a];
                scale = scale_of_constant(d);
                if (!to_fixed(d, scale, plan_.initial[i])) return false;
                break;
            }
            case Op::add: case Op::sub: case Op::min: case Op::max:
                scale = std::max(s(node.a), s(node.b));
                break;
            case Op::mul:
                scale = std::min(max_scale, s(node.a) + s(node.b));
                break;
            case Op::div:
                scale = std::min(max_scale, std::max({quotient_scale, s(node.a), s(node.b)}));
                break;
            case Op::neg: case Op::abs:
                scale = s(node.a);
                break;
            case Op::check_score:
                scale = std::max(s(node.a), s(node.b));
                break;
            case Op::select:
                scale = std::max(s(node.b), s(node.c));
                break;
            case Op::round: {
                // The quantum must be a constant that int64 units hold exactly.
                if (g_.nodes[node.b].op != Op::constant) return !live_[i];
                const FixedValue q = plan_.initial[node.b];
                if (q.lo != q.hi || q.lo <= 0) return !live_[i];
                scale = s(node.b);
                break;
            }
            case Op::pick: {
                const TierTable& t = g_.tier_tables[node.b];
                for (uint32_t e = t.first; e < t.first + t.count; ++e)
                    scale = std::max(scale, s(g_.tier_entries[e].value_slot));
                break;
            }
            case Op::sum:
                for (uint32_t e = node.a; e < node.a + node.b; ++e) scale = std::max(scale, s(g_.operand_lists[e]));
                break;
            case Op::hook_value:
                // A whole number when declared so; else as an input (finer decimals make it an interval).
                scale = g_.hook_outputs[node.a].integral ? 0 : input_scale;
                break;
            default:  // comparisons, logic, tier_index, input, a hook call's own 0: whole numbers
                scale = 0;
                break;
        }
        plan_.scale[i] = static_cast<int8_t>(scale);
        return true;
    }

    bool emit(uint32_t i) {
        const Node& node = g_.nodes[i];
        auto s = [&](uint32_t slot) { return int{plan_.scale[slot]}; };
        const int own = s(i);
        FixedOp op;
        op.dst = i;
        op.a = node.a;
        op.b = node.b;
        op.c = node.c;
        op.mode = node.mode;
        auto align = [&](int from) { return fixed::pow10_64(own - from); };
        switch (node.op) {
            case Op::add: op.kind = FixedOpKind::add; op.ma = align(s(node.a)); op.mb = align(s(node.b)); break;
            case Op::sub: op.kind = FixedOpKind::sub; op.ma = align(s(node.a)); op.mb = align(s(node.b)); break;
            case Op::min: op.kind = FixedOpKind::min; op.ma = align(s(node.a)); op.mb = align(s(node.b)); break;
            case Op::max: op.kind = FixedOpKind::max; op.ma = align(s(node.a)); op.mb = align(s(node.b)); break;
            case Op::mul:
                op.kind = FixedOpKind::mul;
                op.ma = fixed::pow10_64(s(node.a) + s(node.b) - own);  // digits the product drops
                break;
            case Op::div: {
                // a·10^-sa ÷ (b·10^-sb) = (a·10^(own+sb-sa) ÷ b)·10^-own
                op.kind = FixedOpKind::div;
                int e = own + s(node.b) - s(node.a);
                op.ea = static_cast<int8_t>(std::max(e, 0));
                op.eb = static_cast<int8_t>(std::max(-e, 0));
                break;
            }
            case Op::neg: op.kind = FixedOpKind::neg; break;
            case Op::abs: op.kind = FixedOpKind::abs; break;
            case Op::check_score:
                op.kind = FixedOpKind::check_score;
                op.ma = align(s(node.a));
                op.mb = align(s(node.b));
                break;
            case Op::logical_and: op.kind = FixedOpKind::logical_and; break;
            case Op::logical_or: op.kind = FixedOpKind::logical_or; break;
            case Op::logical_not: op.kind = FixedOpKind::logical_not; break;
            case Op::select:
                op.kind = FixedOpKind::select;
                op.ma = align(s(node.b));
                op.mb = align(s(node.c));
                break;
            case Op::round: {
                const int64_t quantum = plan_.initial[node.b].lo;  // units of 10^-own
                op.quantum = quantum;
                if (fuses_quotient(node)) {
                    // round(a ÷ b) = R(a·10^(sb+own-sa) ÷ (b·quantum)) quanta
                    const Node& div = g_.nodes[node.a];
                    op.kind = FixedOpKind::round_quotient;
                    op.a = div.a;
                    op.b = div.b;
                    int e = s(div.b) + own - s(div.a);
                    op.ea = static_cast<int8_t>(std::max(e, 0));
                    op.eb = static_cast<int8_t>(std::max(-e, 0));
                    break;
                }
                // R(a·10^(own-sa) ÷ quantum) or R(a ÷ (quantum·10^(sa-own))) quanta
                op.kind = FixedOpKind::round;
                int e = own - s(node.a);
                op.ma = fixed::pow10_64(std::max(e, 0));
                int128 divisor = static_cast<int128>(quantum) * fixed::pow10_64(std::max(-e, 0));
                if (!fixed::fits64(divisor)) return false;
                op.mb = static_cast<int64_t>(divisor);
                break;
            }
            case Op::tier_index:
                op.kind = FixedOpKind::tier_index;
                align_tier_bounds(op);
                break;
            case Op::pick: op.kind = FixedOpKind::pick; break;
            case Op::sum: op.kind = FixedOpKind::sum; break;
            case Op::hook_call: op.kind = FixedOpKind::hook_call; break;
            case Op::hook_value: op.kind = FixedOpKind::hook_value; break;
            default:
                if (!is_comparison(node.op)) return false;
                op.kind = FixedOpKind::compare;
                op.cmp = node.op;
                {
                    const int common = std::max(s(node.a), s(node.b));
                    op.ma = fixed::pow10_64(common - s(node.a));
                    op.mb = fixed::pow10_64(common - s(node.b));
                }
                break;
        }
        plan_.ops.push_back(op);
        return true;
    }

    // Precomputes a tier table's constant bounds at one scale with its subject.
    void align_tier_bounds(FixedOp& op) {
        const TierTable& table = g_.tier_tables[op.b];
        int common = plan_.scale[op.a];
        for (uint32_t e = table.first; e < table.first + table.count; ++e)
            for (const TierBound* b : {&g_.tier_entries[e].low, &g_.tier_entries[e].high}) {
                if (!b->present) continue;
                if (g_.nodes[b->slot].op != Op::constant) return;
                const FixedValue v = plan_.initial[b->slot];
                if (v.lo != v.hi) return;
                common = std::max(common, int{plan_.scale[b->slot]});
            }
        std::vector<FixedTierBounds> bounds;
        for (uint32_t e = table.first; e < table.first + table.count; ++e) {
            FixedTierBounds t;
            auto aligned = [&](const TierBound& b, bool& has, bool& inclusive, int64_t& units) {
                has = b.present;
                inclusive = b.inclusive;
                if (!has) return true;
                const int128 u = int128{plan_.initial[b.slot].lo} * fixed::pow10_64(common - plan_.scale[b.slot]);
                if (!fixed::fits64(u)) return false;
                units = static_cast<int64_t>(u);
                return true;
            };
            if (!aligned(g_.tier_entries[e].low, t.has_low, t.low_inclusive, t.low) ||
                !aligned(g_.tier_entries[e].high, t.has_high, t.high_inclusive, t.high))
                return;
            bounds.push_back(t);
        }
        op.ma = fixed::pow10_64(common - plan_.scale[op.a]);
        op.tiers = static_cast<uint32_t>(plan_.tier_bounds.size());
        op.tier_count = table.count;
        plan_.tier_bounds.insert(plan_.tier_bounds.end(), bounds.begin(), bounds.end());
    }

    const Graph& g_;
    const std::vector<InputSpec>& inputs_;
    const std::vector<std::vector<uint32_t>>& hook_arguments_;
    FixedPlan plan_;
    std::vector<bool> live_;
};

// The constant in `slot`, when it is one exact value.
bool constant_units(const FixedPlan& plan, const Graph& g, uint32_t slot, int64_t& units) {
    if (g.nodes[slot].op != Op::constant) return false;
    const FixedValue v = plan.initial[slot];
    if (v.lo != v.hi) return false;
    units = v.lo;
    return true;
}

// The same × factor, when int64 holds it.
bool aligned_constant(const FixedPlan& plan, const Graph& g, uint32_t slot, int64_t factor, int64_t& k) {
    int64_t units;
    return constant_units(plan, g, slot, units) && !__builtin_mul_overflow(units, factor, &k);
}

// The mask of a comparison with its operands swapped (a < b is b > a).
unsigned char mirrored(unsigned char mask) {
    return static_cast<unsigned char>((mask & 0b010) | ((mask & 0b001) << 2) | ((mask & 0b100) >> 2));
}

// ops[i]'s step (fixed_plan.hpp): a specialized kind when one fits, else general.
FixedStep make_step(FixedPlan& plan, const Graph& g, const FixedOp& op) {
    FixedStep s;
    s.dst = op.dst;
    auto is_constant = [&](uint32_t slot) { int64_t u; return constant_units(plan, g, slot, u); };
    switch (op.kind) {
        case FixedOpKind::add:
        case FixedOpKind::sub:
        case FixedOpKind::min:
        case FixedOpKind::max: {
            uint32_t a = op.a, b = op.b;
            int64_t ma = op.ma, mb = op.mb;
            if (op.kind != FixedOpKind::sub && is_constant(a) && !is_constant(b)) std::swap(a, b), std::swap(ma, mb);
            int64_t k;
            if (op.kind == FixedOpKind::sub && mb == 1 && !is_constant(b) && aligned_constant(plan, g, a, ma, k)) {
                s.kind = FixedStepKind::k_sub, s.a = b, s.k = k;
                break;
            }
            if (ma != 1) break;
            if (aligned_constant(plan, g, b, mb, k)) {
                s.a = a;
                switch (op.kind) {
                    case FixedOpKind::add: s.kind = FixedStepKind::add_k; s.k = k; break;
                    case FixedOpKind::sub:
                        if (k == fixed::int64_min) return s;
                        s.kind = FixedStepKind::add_k;
                        s.k = -k;
                        break;
                    case FixedOpKind::min: s.kind = FixedStepKind::min_k; s.k = k; break;
                    default: s.kind = FixedStepKind::max_k; s.k = k; break;
                }
            } else if (mb == 1) {
                s.a = a;
                s.b = b;
                switch (op.kind) {
                    case FixedOpKind::add: s.kind = FixedStepKind::add; break;
                    case FixedOpKind::sub: s.kind = FixedStepKind::sub; break;
                    case FixedOpKind::min: s.kind = FixedStepKind::min; break;
                    default: s.kind = FixedStepKind::max; break;
                }
            }
            break;
        }
        case FixedOpKind::mul: {
            if (op.ma != 1) break;  // digits dropped
            int64_t k;
            if (constant_units(plan, g, op.b, k)) {
                s.kind = FixedStepKind::mul_k, s.a = op.a, s.k = k;
            } else if (constant_units(plan, g, op.a, k)) {
                s.kind = FixedStepKind::mul_k, s.a = op.b, s.k = k;
            }
            break;
        }
        case FixedOpKind::compare: {
            const unsigned char mask = compare_mask(op.cmp);
            int64_t k;
            if (op.ma == 1 && aligned_constant(plan, g, op.b, op.mb, k)) {
                s.kind = FixedStepKind::compare_k, s.a = op.a, s.k = k, s.aux = mask;
            } else if (op.mb == 1 && aligned_constant(plan, g, op.a, op.ma, k)) {
                s.kind = FixedStepKind::compare_k, s.a = op.b, s.k = k, s.aux = mirrored(mask);
            } else if (op.ma == 1 && op.mb == 1) {
                s.kind = FixedStepKind::compare, s.a = op.a, s.b = op.b, s.aux = mask;
            }
            break;
        }
        case FixedOpKind::check_score: {
            int64_t k;
            if (op.ma == 1 && aligned_constant(plan, g, op.b, op.mb, k))
                s.kind = FixedStepKind::check_k, s.a = op.a, s.k = k;
            break;
        }
        case FixedOpKind::select:
            s.a = op.a, s.b = op.b, s.c = op.c;
            if (op.ma == 1 && op.mb == 1) {
                s.kind = FixedStepKind::select;
            } else {
                s.kind = FixedStepKind::select_f;
                s.b = static_cast<uint32_t>(plan.step_slots.size());
                plan.step_slots.insert(plan.step_slots.end(), {op.b, op.c});
                plan.step_factors.insert(plan.step_factors.end(), {op.ma, op.mb});
            }
            break;
        case FixedOpKind::round:
            if (op.mb == 1) {  // then the quantum is 1 unit
                s.kind = FixedStepKind::scale, s.a = op.a, s.k = op.ma;
            } else if (op.ma == 1 && op.quantum > 0 && op.quantum <= UINT32_MAX) {
                s.kind = FixedStepKind::round, s.a = op.a, s.k = op.mb;
                s.c = static_cast<uint32_t>(op.quantum);
                s.aux = static_cast<unsigned char>(op.mode);
            }
            break;
        case FixedOpKind::round_quotient: {
            int64_t k;
            if (op.ea < 0 || op.ea > 18 || op.eb < 0 || op.eb > 18 || op.quantum <= 0 || op.quantum > UINT32_MAX ||
                __builtin_mul_overflow(fixed::pow10_64(op.eb), op.quantum, &k))
                break;
            s.kind = FixedStepKind::round_quotient, s.a = op.a, s.b = op.b, s.k = k;
            s.n = static_cast<uint16_t>(op.ea);
            s.c = static_cast<uint32_t>(op.quantum);
            s.aux = static_cast<unsigned char>(op.mode);
            break;
        }
        case FixedOpKind::tier_index: {
            if (op.tier_count == 0 || op.tier_count > UINT16_MAX || op.ma != 1) break;
            s.kind = FixedStepKind::tier, s.a = op.a, s.n = static_cast<uint16_t>(op.tier_count);
            s.b = static_cast<uint32_t>(plan.step_ranges.size());
            for (uint32_t t = op.tiers; t < op.tiers + op.tier_count; ++t) {
                const FixedTierBounds& bounds = plan.tier_bounds[t];
                FixedRange r{fixed::int64_min, fixed::int64_max};
                bool empty = false;
                if (bounds.has_low) {
                    if (bounds.low_inclusive) r.lo = bounds.low;
                    else if (bounds.low == fixed::int64_max) empty = true;
                    else r.lo = bounds.low + 1;
                }
                if (bounds.has_high) {
                    if (bounds.high_inclusive) r.hi = bounds.high;
                    else if (bounds.high == fixed::int64_min) empty = true;
                    else r.hi = bounds.high - 1;
                }
                if (empty) r = {1, 0};
                plan.step_ranges.push_back(r);
            }
            break;
        }
        case FixedOpKind::pick: {
            const TierTable& table = g.tier_tables[op.b];
            if (table.count > UINT16_MAX) break;
            s.kind = FixedStepKind::pick, s.a = op.a, s.n = static_cast<uint16_t>(table.count);
            s.b = static_cast<uint32_t>(plan.step_slots.size());
            for (uint32_t e = table.first; e < table.first + table.count; ++e) {
                if (plan.pick_factors[e] != 1) s.kind = FixedStepKind::pick_f;
                plan.step_slots.push_back(g.tier_entries[e].value_slot);
                plan.step_factors.push_back(plan.pick_factors[e]);
            }
            break;
        }
        case FixedOpKind::sum: {
            if (op.b > UINT16_MAX) break;
            bool ones = true;
            for (uint32_t e = op.a; e < op.a + op.b; ++e) ones = ones && plan.sum_factors[e] == 1;
            const uint32_t* list = g.operand_lists.data() + op.a;
            if (ones && op.b == 1) {  // x + 0
                s.kind = FixedStepKind::add_k, s.a = list[0], s.k = 0;
                break;
            }
            if (ones && op.b == 2) {
                s.kind = FixedStepKind::add, s.a = list[0], s.b = list[1];
                break;
            }
            if (ones && op.b == 3) {
                s.kind = FixedStepKind::sum3, s.a = list[0], s.b = list[1], s.c = list[2];
                break;
            }
            s.kind = FixedStepKind::sum, s.n = static_cast<uint16_t>(op.b);
            s.b = static_cast<uint32_t>(plan.step_slots.size());
            for (uint32_t e = op.a; e < op.a + op.b; ++e) {
                if (plan.sum_factors[e] != 1) s.kind = FixedStepKind::sum_f;
                plan.step_slots.push_back(g.operand_lists[e]);
                plan.step_factors.push_back(plan.sum_factors[e]);
            }
            break;
        }
        default:
            break;
    }
    return s;
}

}  // namespace

std::optional<FixedPlan> build_fixed_plan(const Graph& graph, const std::vector<InputSpec>& inputs,
                                          const std::vector<uint32_t>& outputs,
                                          const std::vector<std::vector<uint32_t>>& hook_arguments) {
    std::optional<FixedPlan> plan = PlanBuilder(graph, inputs, hook_arguments).build(outputs);
    if (!plan) return plan;
    // A pick's value is aligned to its table's scale, one factor per tier entry.
    plan->pick_factors.assign(graph.tier_entries.size(), 1);
    for (const FixedOp& op : plan->ops) {
        if (op.kind != FixedOpKind::pick) continue;
        const TierTable& table = graph.tier_tables[op.b];
        for (uint32_t e = table.first; e < table.first + table.count; ++e)
            plan->pick_factors[e] = fixed::pow10_64(plan->scale[op.dst] - plan->scale[graph.tier_entries[e].value_slot]);
    }
    // Sum operands are aligned by a factor per operand-list entry.
    for (const FixedOp& op : plan->ops) {
        if (op.kind != FixedOpKind::sum) continue;
        for (uint32_t e = op.a; e < op.a + op.b; ++e)
            plan->sum_factors[e] = fixed::pow10_64(plan->scale[op.dst] - plan->scale[graph.operand_lists[e]]);
    }
    plan->steps.reserve(plan->ops.size() + 1);
    for (const FixedOp& op : plan->ops) {
        FixedStep step = make_step(*plan, graph, op);
        if (!plan->steps.empty() && plan->steps.back().dst == step.a) step.kind = chained(step.kind);
        plan->steps.push_back(step);
    }
    // Fused pairs: a step and the next, which reads its result (fixed_plan.hpp).
    for (size_t i = 0; i + 1 < plan->steps.size(); ++i) {
        FixedStep& step = plan->steps[i];
        const FixedStepKind next = plan->steps[i + 1].kind;
        using K = FixedStepKind;
        if ((step.kind == K::min_k || step.kind == K::min_k_r) && next == K::check_k_r)
            step.kind = step.kind == K::min_k ? K::min_k_check : K::min_k_check_r;
        else if ((step.kind == K::check_k || step.kind == K::check_k_r) && next == K::scale_r)
            step.kind = step.kind == K::check_k ? K::check_scale : K::check_scale_r;
    }
    // Slots as byte offsets into the values (fixed_plan.hpp).
    if (plan->scale.size() > UINT32_MAX / sizeof(FixedValue)) {
        plan->steps.clear();  // every op in general
        return plan;
    }
    auto offset = [](uint32_t& slot) { slot *= static_cast<uint32_t>(sizeof(FixedValue)); };
    for (uint32_t& slot : plan->step_slots) offset(slot);
    for (FixedStep& step : plan->steps) {
        using K = FixedStepKind;
        offset(step.dst);
        if (step.kind != K::general && step.kind != K::sum && step.kind != K::sum_f) offset(step.a);
        switch (step.kind) {
            case K::add: case K::sub: case K::min: case K::max: case K::compare: case K::round_quotient:
                offset(step.b);
                break;
            case K::sum3: case K::select: case K::select_r:
                offset(step.b);
                offset(step.c);
                break;
            default:
                break;
        }
    }
    plan->steps.push_back(FixedStep{.kind = FixedStepKind::end});
    return plan;
}

bool to_fixed(const Decimal& value, int scale, FixedValue& out) noexcept {
    const int128 coef = value.coefficient();
    const int shift = value.exponent() + scale;  // units = coef × 10^shift
    if (shift >= 0) {
        // The common case: a coefficient of 64 bits and a value with at most `scale` decimals.
        const auto small = static_cast<int64_t>(coef);
        if (small == coef && shift <= 18 && !__builtin_mul_overflow(small, fixed::pow10_64(shift), &out.lo)) {
            out.hi = out.lo;
            return true;
        }
        return coef == 0 ? (out = {}, true) : false;
    }
    // More decimals than the scale holds: the interval of the two neighbours.
    if (-shift > 38) {
        out.lo = coef < 0 ? -1 : 0;
        out.hi = coef > 0 ? 1 : 0;
        return true;
    }
    const int128 d = fixed::pow10_128(-shift);
    int128 lo = fixed::floor_div(coef, d), hi = fixed::ceil_div(coef, d);
    if (!fixed::fits64(lo) || !fixed::fits64(hi)) return false;
    out.lo = static_cast<int64_t>(lo);
    out.hi = static_cast<int64_t>(hi);
    return true;
}

}  // namespace rubric
