#include "interpreter/check_ranges.hpp"

#include <algorithm>

namespace rubric {

namespace {

using Bound = std::optional<Decimal>;

Range exact(const Decimal& d) { return Range{d, d}; }
Range everything() { return Range{}; }
Range between(long long lo, long long hi) { return Range{Decimal::from_int(lo), Decimal::from_int(hi)}; }

Bound checked(std::optional<Decimal> d) { return d; }  // overflow → unbounded

Bound add(const Bound& a, const Bound& b) { return a && b ? checked(Decimal::add(*a, *b)) : std::nullopt; }

bool nonnegative(const Range& r) { return r.low && r.low->sign() >= 0; }

Range hull(const Range& a, const Range& b) {
    Range r;
    if (a.low && b.low) r.low = rubric::min(*a.low, *b.low);
    if (a.high && b.high) r.high = rubric::max(*a.high, *b.high);
    return r;
}

Range negate(const Range& a) {
    Range r;
    if (a.high) r.low = -*a.high;
    if (a.low) r.high = -*a.low;
    return r;
}

// A bound on the extended line: a finite value, or −∞ / +∞.
struct Extended {
    std::optional<Decimal> value;
    int infinity = 0;  // -1 or +1 when value is absent
    int sign() const { return value ? value->sign() : infinity; }
};

Extended low_of(const Range& r) { return r.low ? Extended{r.low, 0} : Extended{std::nullopt, -1}; }
Extended high_of(const Range& r) { return r.high ? Extended{r.high, 0} : Extended{std::nullopt, +1}; }

// x × y with 0 × ∞ = 0 (the finite side is exactly 0, so is the product).
std::optional<Extended> times(const Extended& x, const Extended& y) {
    if (x.value && y.value) {
        auto p = Decimal::mul(*x.value, *y.value);
        if (!p) return std::nullopt;
        return Extended{*p, 0};
    }
    int s = x.sign() * y.sign();
    if (s == 0) return Extended{Decimal{}, 0};
    return Extended{std::nullopt, s};
}

bool below(const Extended& x, const Extended& y) {
    if (x.value && y.value) return *x.value < *y.value;
    if (!x.value && !y.value) return x.infinity < y.infinity;
    return x.value ? y.infinity > 0 : x.infinity < 0;
}

Range multiply(const Range& a, const Range& b) {
    std::optional<Extended> corners[4] = {times(low_of(a), low_of(b)), times(low_of(a), high_of(b)),
                                          times(high_of(a), low_of(b)), times(high_of(a), high_of(b))};
    for (const auto& c : corners)
        if (!c) return everything();
    Extended lo = *corners[0], hi = *corners[0];
    for (const auto& c : corners) {
        if (below(*c, lo)) lo = *c;
        if (below(hi, *c)) hi = *c;
    }
    return Range{lo.value, hi.value};
}

// Monotone operations map endpoints to endpoints.
Range rounded(const Range& a, const Decimal& quantum, RoundingMode mode) {
    Range r;
    if (a.low) r.low = a.low->round(quantum, mode);
    if (a.high) r.high = a.high->round(quantum, mode);
    return r;
}

}  // namespace

RangeAnalysis::RangeAnalysis(const Graph& graph, const std::vector<InputSpec>& inputs,
                             const std::vector<uint32_t>& constraints)
    : graph_(graph), inputs_(inputs), memo_(graph.nodes.size()) {
    for (uint32_t c : constraints) facts_from(c, true, global_facts_);
}

void RangeAnalysis::facts_from(uint32_t condition, bool holds, std::vector<Fact>& facts) const {
    const Node& n = graph_.nodes[condition];
    switch (n.op) {
        case Op::le: case Op::lt:
            facts.push_back(holds ? Fact{n.a, n.b} : Fact{n.b, n.a});
            break;
        case Op::ge: case Op::gt:
            facts.push_back(holds ? Fact{n.b, n.a} : Fact{n.a, n.b});
            break;
        case Op::logical_and:
            if (holds) {
                facts_from(n.a, true, facts);
                facts_from(n.b, true, facts);
            }
            break;
        default: break;
    }
}

bool RangeAnalysis::known_at_most(uint32_t a, uint32_t b, const std::vector<Fact>& facts) const {
    if (a == b) return true;
    for (const std::vector<Fact>* list : {&global_facts_, &facts})
        for (const Fact& f : *list)
            if (f.smaller == a && f.larger == b) return true;
    return false;
}

Range RangeAnalysis::range_of(uint32_t slot) {
    std::vector<Fact> none;
    return compute(slot, none);
}

Range RangeAnalysis::input_range(uint32_t slot) const {
    const InputSpec& in = inputs_[slot];
    switch (in.kind) {
        case InputKind::yes_no: return between(0, 1);
        case InputKind::count:
        case InputKind::amount: return Range{Decimal{}, std::nullopt};
        case InputKind::percent: return between(0, 1);
        case InputKind::number:
        case InputKind::judgment: return Range{in.low, in.high};
        case InputKind::enumeration: return between(0, static_cast<long long>(in.values.size()) - 1);
        case InputKind::text: return exact(Decimal{});
    }
    return everything();
}

Range RangeAnalysis::compute(uint32_t slot, std::vector<Fact>& facts) {
    const bool plain = facts.empty();
    if (plain && memo_[slot]) return *memo_[slot];
    const Node& n = graph_.nodes[slot];
    Range r;
    switch (n.op) {
        case Op::constant: r = exact(graph_.constants[n.a]); break;
        case Op::input: r = input_range(slot); break;
        case Op::add: {
            Range a = compute(n.a, facts), b = compute(n.b, facts);
            r = Range{add(a.low, b.low), add(a.high, b.high)};
            break;
        }
        case Op::sub: {
            Range a = compute(n.a, facts), b = negate(compute(n.b, facts));
            r = Range{add(a.low, b.low), add(a.high, b.high)};
            // b ≤ a: the difference is never negative.
            if (known_at_most(n.b, n.a, facts) && (!r.low || r.low->sign() < 0)) r.low = Decimal{};
            break;
        }
        case Op::mul: r = multiply(compute(n.a, facts), compute(n.b, facts)); break;
        case Op::div: r = divide(n, facts); break;
        case Op::neg: r = negate(compute(n.a, facts)); break;
        case Op::min:
        case Op::max: {
            Range a = compute(n.a, facts), b = compute(n.b, facts);
            auto pick = [&](const Bound& x, const Bound& y, bool lower) -> Bound {
                // min: its low is the lower of the lows (unbounded if either is); its high the lower of the highs.
                bool take_min = (n.op == Op::min);
                if (lower == take_min) {
                    if (!x || !y) return std::nullopt;
                    return take_min ? rubric::min(*x, *y) : rubric::max(*x, *y);
                }
                if (!x) return y;
                if (!y) return x;
                return take_min ? rubric::min(*x, *y) : rubric::max(*x, *y);
            };
            r = Range{pick(a.low, b.low, true), pick(a.high, b.high, false)};
            break;
        }
        case Op::abs: {
            Range a = compute(n.a, facts);
            if (nonnegative(a)) r = a;
            else r = Range{Decimal{}, a.low && a.high ? std::optional(rubric::max(a.low->abs(), a.high->abs())) : std::nullopt};
            break;
        }
        case Op::lt: case Op::le: case Op::gt: case Op::ge: case Op::eq: case Op::ne:
        case Op::logical_and: case Op::logical_or: case Op::logical_not:
            r = between(0, 1);
            break;
        case Op::select: r = select(n, facts); break;
        case Op::round: {
            const Decimal& q = graph_.constants[graph_.nodes[n.b].a];
            r = rounded(compute(n.a, facts), q, n.mode);
            break;
        }
        case Op::tier_index: r = between(0, static_cast<long long>(graph_.tier_tables[n.b].count) - 1); break;
        case Op::pick: {
            const TierTable& t = graph_.tier_tables[n.b];
            for (uint32_t k = 0; k < t.count; ++k) {
                Range v = compute(graph_.tier_entries[t.first + k].value_slot, facts);
                r = k == 0 ? v : hull(r, v);
            }
            break;
        }
        case Op::check_score: r = compute(n.a, facts); break;
        case Op::hook_call: r = exact(Decimal{}); break;
        case Op::hook_value: r = Range{graph_.hook_outputs[n.a].low, graph_.hook_outputs[n.a].high}; break;
        case Op::row_subtotal: r = Range{Decimal{}, graph_.constants[graph_.nodes[n.b].a]}; break;
        case Op::sum: {
            r = exact(Decimal{});
            for (uint32_t k = 0; k < n.b; ++k) {
                Range v = compute(graph_.operand_lists[n.a + k], facts);
                r = Range{add(r.low, v.low), add(r.high, v.high)};
            }
            break;
        }
    }
    narrow(slot, r, facts);
    if (plain) memo_[slot] = r;
    return r;
}

// Facts that compare a value with a constant (若 得分 ≥ 10 … 否则 得分) narrow its range.
void RangeAnalysis::narrow(uint32_t slot, Range& r, const std::vector<Fact>& facts) const {
    for (const std::vector<Fact>* list : {&global_facts_, &facts}) {
        for (const Fact& f : *list) {
            if (f.smaller == slot && graph_.nodes[f.larger].op == Op::constant) {
                const Decimal& k = graph_.constants[graph_.nodes[f.larger].a];
                if (!r.high || k < *r.high) r.high = k;
            }
            if (f.larger == slot && graph_.nodes[f.smaller].op == Op::constant) {
                const Decimal& k = graph_.constants[graph_.nodes[f.smaller].a];
                if (!r.low || k > *r.low) r.low = k;
            }
        }
    }
}

// a ÷ b. Knowing a ≤ b (a constraint, or b = a + something ≥ 0) bounds a
// ratio of non-negative quantities by 1, which plain intervals cannot.
Range RangeAnalysis::divide(const Node& n, std::vector<Fact>& facts) {
    Range a = compute(n.a, facts), b = compute(n.b, facts);
    const Node& d = graph_.nodes[n.b];
    bool a_within_b = known_at_most(n.a, n.b, facts);
    if (!a_within_b && d.op == Op::add) {
        // a ÷ (a + x) with x ≥ 0
        uint32_t other = d.a == n.a ? d.b : d.b == n.a ? d.a : UINT32_MAX;
        a_within_b = other != UINT32_MAX && nonnegative(compute(other, facts));
    }
    const Node& num = graph_.nodes[n.a];
    if (!a_within_b && num.op == Op::sub && num.a == n.b)  // (b − x) ÷ b with x ≥ 0
        a_within_b = nonnegative(compute(num.b, facts));
    if (!a_within_b && num.op == Op::min && (num.a == n.b || num.b == n.b))  // 较小值(x, b) ÷ b
        a_within_b = true;
    // 0 ≤ a ≤ b: a ÷ b ≤ 1 (b = 0 fails the record instead of giving a score).
    if (a_within_b && nonnegative(a)) return between(0, 1);
    // A divisor that stays on one side of 0: divide the corners directly, so
    // that 4.5 ÷ 3 is 1.5 and not 4.5 × 0.333….
    if (b.low && b.low->sign() > 0 && a.low && a.high) {
        auto q = [](const Decimal& x, const Bound& y) -> Bound {
            if (!y) return Decimal{};  // x ÷ +∞
            return Decimal::div(x, *y);
        };
        Bound c[4] = {q(*a.low, b.low), q(*a.low, b.high), q(*a.high, b.low), q(*a.high, b.high)};
        for (const Bound& x : c)
            if (!x) return everything();
        Decimal lo = *c[0], hi = *c[0];
        for (const Bound& x : c) {
            lo = rubric::min(lo, *x);
            hi = rubric::max(hi, *x);
        }
        return Range{lo, hi};
    }
    if (nonnegative(a) && nonnegative(b)) return Range{Decimal{}, std::nullopt};
    return everything();
}

// 若 c 则 x 否则 y: each branch is judged knowing what c says there, so a
// veto (若 实际 > 计划 则 0 否则 实际 ÷ 计划 × 2) is seen to keep the ratio ≤ 1.
Range RangeAnalysis::select(const Node& n, std::vector<Fact>& facts) {
    const Node& c = graph_.nodes[n.a];
    if (c.op == Op::constant) return compute(graph_.constants[c.a].is_zero() ? n.c : n.b, facts);
    const size_t before = facts.size();
    facts_from(n.a, true, facts);
    Range yes = compute(n.b, facts);
    facts.resize(before);
    facts_from(n.a, false, facts);
    Range no = compute(n.c, facts);
    facts.resize(before);
    return hull(yes, no);
}

}  // namespace rubric
