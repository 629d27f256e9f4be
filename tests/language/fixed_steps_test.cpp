// The fixed-point plan's specialized steps (FixedPlan::steps, fixed_plan.hpp)
// against the general evaluation of the same ops (run_exact, then run_op),
// which run_fixed_plan falls back to when a plan has no steps. Every step
// must give the same outcome and the same slots, including for intervals,
// poisoned operands, values at the int64 bounds and negative values, which
// the rulesets' records seldom reach.
#include "interpreter/fixed_arithmetic.hpp"
#include "interpreter/fixed_plan.hpp"

#include <doctest/doctest.h>

#include <random>
#include <set>

using rubric::Decimal;
using rubric::FixedOutcome;
using rubric::FixedPlan;
using rubric::FixedStepKind;
using rubric::FixedValue;
using rubric::Op;
using rubric::RoundingMode;

namespace {

constexpr std::int64_t max64 = rubric::fixed::int64_max, min64 = rubric::fixed::int64_min;

// A graph written by hand: inputs first, then constants and operations.
struct GraphBuilder {
    rubric::Graph g;
    std::vector<rubric::InputSpec> inputs;
    std::vector<uint32_t> ops;  // the operation slots

    uint32_t input(rubric::InputKind kind) {
        rubric::InputSpec spec;
        spec.kind = kind;
        spec.name = "x" + std::to_string(inputs.size());
        inputs.push_back(spec);
        g.nodes.push_back({Op::input, RoundingMode::half_up, static_cast<uint32_t>(inputs.size() - 1)});
        g.inputs_end = static_cast<uint32_t>(g.nodes.size());
        return g.inputs_end - 1;
    }
    uint32_t constant(const char* text) {
        g.constants.push_back(*Decimal::parse(text));
        g.nodes.push_back({Op::constant, RoundingMode::half_up, static_cast<uint32_t>(g.constants.size() - 1)});
        return static_cast<uint32_t>(g.nodes.size() - 1);
    }
    uint32_t node(Op op, uint32_t a, uint32_t b = 0, uint32_t c = 0, RoundingMode mode = RoundingMode::half_up) {
        g.nodes.push_back({op, mode, a, b, c});
        ops.push_back(static_cast<uint32_t>(g.nodes.size() - 1));
        return ops.back();
    }
    uint32_t sum(std::initializer_list<uint32_t> slots) {
        const auto first = static_cast<uint32_t>(g.operand_lists.size());
        g.operand_lists.insert(g.operand_lists.end(), slots);
        return node(Op::sum, first, static_cast<uint32_t>(slots.size()));
    }
    struct Tier {
        std::optional<uint32_t> low;
        bool low_inclusive = false;
        std::optional<uint32_t> high;
        bool high_inclusive = false;
        uint32_t value = 0;
    };
    uint32_t table(std::initializer_list<Tier> tiers) {
        rubric::TierTable t;
        t.first = static_cast<uint32_t>(g.tier_entries.size());
        for (const Tier& tier : tiers) {
            rubric::TierEntry e;
            e.low = {tier.low.has_value(), tier.low_inclusive, tier.low.value_or(0)};
            e.high = {tier.high.has_value(), tier.high_inclusive, tier.high.value_or(0)};
            e.value_slot = tier.value;
            g.tier_entries.push_back(e);
            ++t.count;
        }
        g.tier_tables.push_back(t);
        return static_cast<uint32_t>(g.tier_tables.size() - 1);
    }
};

// One slot's value, biased to what breaks int64 arithmetic.
FixedValue random_value(std::mt19937_64& rng) {
    auto pick = [&](uint64_t n) { return static_cast<std::int64_t>(rng() % n); };
    static const std::int64_t edges[] = {0, 1, -1, 2, 5, -3, 10, 100000000, 90000000, 60000000, 59999999,
                                         89999999, 100, 99, 20, 20000000, 20000001, max64, min64, max64 - 1,
                                         min64 + 1, max64 / 2, min64 / 2, 1000000000000000000LL,
                                         -1000000000000000000LL, 9000000000000000000LL, 922337203685477580LL,
                                         5000, 15000, 25000, 4999, 5001, 9223372036854775LL};
    std::int64_t x;
    switch (pick(4)) {
        case 0: x = edges[pick(std::size(edges))]; break;
        case 1: x = pick(2000001) - 1000000; break;
        case 2: x = pick(2000000000000LL) - 1000000000000LL; break;
        default: x = static_cast<std::int64_t>(rng()); break;
    }
    switch (pick(10)) {
        case 0: return {1, 0};  // poisoned
        case 1:
        case 2: {  // an interval
            const std::int64_t width = pick(3) == 0 ? pick(1000000) + 1 : 1;
            if (x > max64 - width) x = max64 - width;
            return {x, x + width};
        }
        default: return {x, x};
    }
}

struct Checked {
    std::set<FixedStepKind> kinds;  // the step kinds the plans have
    uint64_t done = 0, runs = 0;
};

// Each op of `b` in a plan of its own (its cone), run with and without steps.
void check_steps(const GraphBuilder& b, uint64_t seed, int records, Checked& checked) {
    std::mt19937_64 rng(seed);
    for (uint32_t slot : b.ops) {
        CAPTURE(slot);
        std::optional<FixedPlan> plan = rubric::build_fixed_plan(b.g, b.inputs, {slot});
        REQUIRE(plan);
        REQUIRE(plan->steps.size() == plan->ops.size() + 1);
        for (const rubric::FixedStep& s : plan->steps) checked.kinds.insert(s.kind);
        FixedPlan general = *plan;
        general.steps.clear();
        for (int r = 0; r < records; ++r) {
            std::vector<FixedValue> fast = plan->initial;
            for (uint32_t in : plan->input_slots) fast[in] = random_value(rng);
            std::vector<FixedValue> slow = fast;
            const FixedOutcome f = rubric::run_fixed_plan(*plan, b.g, fast.data());
            const FixedOutcome s = rubric::run_fixed_plan(general, b.g, slow.data());
            ++checked.runs;
            REQUIRE(f == s);
            if (f != FixedOutcome::done) continue;
            ++checked.done;
            for (size_t k = 0; k < fast.size(); ++k) {
                if (fast[k].lo == slow[k].lo && fast[k].hi == slow[k].hi) continue;
                CAPTURE(k);
                for (uint32_t in : plan->input_slots) MESSAGE("input " << in << ": [" << fast[in].lo << ", " << fast[in].hi << "]");
                CHECK(fast[k].lo == slow[k].lo);
                CHECK(fast[k].hi == slow[k].hi);
                FAIL("a step differs from the general path");
            }
        }
    }
}

// Every kind of step, with constants at several scales and at the int64 bounds.
GraphBuilder every_step_graph() {
    using rubric::InputKind;
    GraphBuilder b;
    const uint32_t x0 = b.input(InputKind::amount), x1 = b.input(InputKind::amount);  // scale 6
    const uint32_t n2 = b.input(InputKind::count);                                     // scale 0
    const uint32_t x3 = b.input(InputKind::number);                                    // scale 6
    const uint32_t c100 = b.constant("100"), cneg = b.constant("-3"), chalf = b.constant("0.5");
    const uint32_t cq = b.constant("0.01"), cq5 = b.constant("0.05"), cpts = b.constant("20");
    const uint32_t c90 = b.constant("90"), c60 = b.constant("60"), cbig = b.constant("9000000000000");
    const uint32_t cmax = b.constant("9223372036854.775807"), cmin = b.constant("-9223372036854.775808");
    const uint32_t cone = b.constant("1"), cbig0 = b.constant("9223372036854775807");

    const uint32_t c0 = b.constant("0");
    const uint32_t lt = b.node(Op::lt, x0, x1);
    // Each operation twice: reading its slot from memory, then the result of
    // the step just before (x + 0: the same value, poisoned or not), which
    // an X_r step takes from registers.
    for (bool chained : {false, true}) {
        auto in = [&](uint32_t x) { return chained ? b.node(Op::add, x, c0) : x; };
        for (Op op : {Op::add, Op::sub, Op::min, Op::max}) {
            b.node(op, in(x0), x1);
            b.node(op, in(x0), c100);
            b.node(op, c100, in(x0));
            b.node(op, in(x0), cmax);
            b.node(op, in(x0), cmin);
            b.node(op, cmax, in(x1));
            b.node(op, cmin, in(x1));
            b.node(op, in(n2), chalf);  // factors other than 1
            b.node(op, in(x0), n2);
            b.node(op, x0, in(x0));
        }
        for (uint32_t k : {cneg, chalf, cbig, c100, cone, cmax}) {
            b.node(Op::mul, in(x0), k);
            b.node(Op::mul, k, in(x1));
            b.node(Op::mul, in(n2), k);
        }
        b.node(Op::mul, in(x0), x1);  // 12 decimals
        for (Op op : {Op::lt, Op::le, Op::gt, Op::ge, Op::eq, Op::ne}) {
            b.node(op, in(x0), x1);
            b.node(op, in(x0), c100);
            b.node(op, c100, in(x0));
            b.node(op, in(n2), cone);
            b.node(op, in(x3), cmax);
            b.node(op, cmin, in(x3));
            b.node(op, in(n2), x0);
        }
        for (uint32_t x : {x0, n2, x3}) {
            b.node(Op::check_score, in(x), cpts);
            b.node(Op::check_score, in(x), cmax);
            b.node(Op::check_score, in(x), cneg);
        }
        b.node(Op::check_score, in(x0), x1);  // computed points
        for (uint32_t x : {x0, n2, x3}) {      // fused pairs
            b.node(Op::check_score, b.node(Op::min, in(x), cpts), cpts);   // min_k, check_k
            b.node(Op::check_score, b.node(Op::min, in(x), cmax), cpts);
            b.node(Op::round, b.node(Op::check_score, in(x), cpts), cq);   // check_k, scale (n2)
        }
        b.node(Op::round, b.node(Op::check_score, in(n2), cbig0), cq);     // the scale may overflow
        b.node(Op::select, in(lt), x0, x1);
        b.node(Op::select, in(n2), x0, x3);
        b.node(Op::select, in(lt), n2, x0);  // factors 10^6 and 1
        b.node(Op::select, in(x3), c100, x1);
        for (RoundingMode mode : {RoundingMode::half_up, RoundingMode::half_even, RoundingMode::down,
                                  RoundingMode::up, RoundingMode::floor, RoundingMode::ceiling}) {
            b.node(Op::round, in(x0), cq, 0, mode);
            b.node(Op::round, in(x3), cq5, 0, mode);
            b.node(Op::round, in(x0), cone, 0, mode);
            b.node(Op::round, in(n2), cq, 0, mode);   // only rescales
            b.node(Op::round, in(n2), cq5, 0, mode);  // rescales and rounds
            b.node(Op::round, b.node(Op::div, in(x0), x1), cq, 0, mode);
            b.node(Op::round, b.node(Op::div, in(x3), n2), cq5, 0, mode);
            b.node(Op::round, b.node(Op::div, in(n2), c100), cq, 0, mode);
            b.node(Op::round, b.node(Op::div, in(x0), chalf), cone, 0, mode);
        }
        const uint32_t grades = b.table({{c90, true, {}, false, c100},
                                         {c60, true, c90, false, chalf},
                                         {{}, false, c60, false, cneg}});
        b.node(Op::pick, b.node(Op::tier_index, in(x0), grades), grades);  // values at scales 0 and 1
        const uint32_t edges = b.table({{cmax, false, {}, false, x0},
                                        {{}, false, cmin, false, x1},
                                        {cmin, true, cmax, true, x3}});
        b.node(Op::pick, b.node(Op::tier_index, in(n2), edges), edges);
        const uint32_t gaps = b.table({{c90, false, {}, false, x0}, {{}, false, c60, true, x1}});
        b.node(Op::pick, b.node(Op::tier_index, in(x3), gaps), gaps);
        const uint32_t computed = b.table({{x1, true, {}, false, x0}, {{}, false, x1, false, x3}});
        b.node(Op::pick, b.node(Op::tier_index, in(x0), computed), computed);
        // A pick whose index is not the step just before (a value computed in between).
        for (bool scaled : {false, true}) {
            const auto later = static_cast<uint32_t>(b.g.tier_tables.size());  // the table made below
            const uint32_t t = b.node(Op::tier_index, in(x0), later);
            const uint32_t between = b.node(Op::add, x1, c0);
            b.table({{c90, true, {}, false, between}, {{}, false, c90, false, scaled ? n2 : x3}});
            b.node(Op::pick, t, later);
        }
    }
    b.sum({x0, x1, x3});
    b.sum({x3, x1});  // an add step
    b.sum({x1});      // x + 0
    b.sum({x0, n2});
    b.sum({x0, x0, x0, x1});
    b.sum({c100, x3});
    b.sum({});
    b.node(Op::neg, x0);
    b.node(Op::abs, x3);
    b.node(Op::logical_not, n2);
    b.node(Op::logical_and, lt, n2);
    return b;
}

FixedOutcome run_one(const FixedPlan& plan, const rubric::Graph& g, std::vector<FixedValue>& v,
                     std::initializer_list<std::pair<uint32_t, FixedValue>> inputs) {
    v = plan.initial;
    for (auto [slot, value] : inputs) v[slot] = value;
    return rubric::run_fixed_plan(plan, g, v.data());
}

}  // namespace

TEST_CASE("every specialized step gives the general path's outcome and values") {
    GraphBuilder b = every_step_graph();
    Checked checked;
    check_steps(b, 20261124, 3000, checked);
    for (auto k = static_cast<unsigned>(FixedStepKind::general); k < static_cast<unsigned>(FixedStepKind::end); ++k) {
        CAPTURE(k);
        CHECK(checked.kinds.count(static_cast<FixedStepKind>(k)) == 1);
    }
    CHECK(checked.done > checked.runs / 4);
    MESSAGE(checked.runs << " runs, " << checked.done << " done");
}

TEST_CASE("steps at the int64 bounds give up or mark as the general path does, with exact values") {
    using rubric::InputKind;
    GraphBuilder b;
    const uint32_t x = b.input(InputKind::amount), y = b.input(InputKind::amount);
    const uint32_t c100 = b.constant("100"), cpts = b.constant("20"), cq = b.constant("0.01");
    const uint32_t add = b.node(Op::add, x, y), sub_k = b.node(Op::sub, c100, x), check = b.node(Op::check_score, x, cpts);
    const uint32_t rounded = b.node(Op::round, x, cq, 0, RoundingMode::half_even);
    const uint32_t quotient = b.node(Op::round, b.node(Op::div, x, y), cq, 0, RoundingMode::half_up);
    std::vector<FixedValue> v;

    auto plan = rubric::build_fixed_plan(b.g, b.inputs, {add});
    REQUIRE(plan);
    CHECK(plan->steps[0].kind == FixedStepKind::add);
    REQUIRE(run_one(*plan, b.g, v, {{x, {max64 - 5, max64 - 5}}, {y, {5, 5}}}) == FixedOutcome::done);
    CHECK(v[add].lo == max64);
    CHECK(v[add].hi == max64);
    CHECK(run_one(*plan, b.g, v, {{x, {max64 - 5, max64 - 5}}, {y, {5, 6}}}) == FixedOutcome::gave_up);
    REQUIRE(run_one(*plan, b.g, v, {{x, {-7, -3}}, {y, {1, 0}}}) == FixedOutcome::done);  // poisoned
    CHECK(v[add].lo > v[add].hi);
    REQUIRE(run_one(*plan, b.g, v, {{x, {-7, -3}}, {y, {min64 + 7, min64 + 8}}}) == FixedOutcome::done);
    CHECK(v[add].lo == min64);
    CHECK(v[add].hi == min64 + 5);

    plan = rubric::build_fixed_plan(b.g, b.inputs, {sub_k});  // 100 − x: 100 × 10^6 − [lo, hi]
    REQUIRE(plan);
    CHECK(plan->steps[0].kind == FixedStepKind::k_sub);
    REQUIRE(run_one(*plan, b.g, v, {{x, {-5, 7}}}) == FixedOutcome::done);
    CHECK(v[sub_k].lo == 100000000 - 7);
    CHECK(v[sub_k].hi == 100000000 + 5);
    CHECK(run_one(*plan, b.g, v, {{x, {min64, min64}}}) == FixedOutcome::gave_up);

    plan = rubric::build_fixed_plan(b.g, b.inputs, {check});  // x in [0, 20]
    REQUIRE(plan);
    CHECK(plan->steps[0].kind == FixedStepKind::check_k);
    REQUIRE(run_one(*plan, b.g, v, {{x, {19999999, 20000000}}}) == FixedOutcome::done);
    CHECK(v[check].lo == 19999999);
    CHECK(v[check].hi == 20000000);
    REQUIRE(run_one(*plan, b.g, v, {{x, {20000001, 20000001}}}) == FixedOutcome::done);
    CHECK(v[check].lo > v[check].hi);  // out of range: marked
    CHECK(run_one(*plan, b.g, v, {{x, {20000000, 20000001}}}) == FixedOutcome::gave_up);  // straddles the bound

    plan = rubric::build_fixed_plan(b.g, b.inputs, {rounded});  // to 0.01, banker's
    REQUIRE(plan);
    CHECK(plan->steps[0].kind == FixedStepKind::round);
    REQUIRE(run_one(*plan, b.g, v, {{x, {-25000, -25000}}}) == FixedOutcome::done);  // −0.025 → −0.02
    CHECK(v[rounded].lo == -2);
    REQUIRE(run_one(*plan, b.g, v, {{x, {min64 + 1, min64 + 1}}}) == FixedOutcome::done);
    CHECK(v[rounded].lo == -922337203685478);  // −9223372036854.775807 → …854.78
    CHECK(run_one(*plan, b.g, v, {{x, {min64, min64}}}) == FixedOutcome::done);  // the general path decides it
    CHECK(v[rounded].lo == -922337203685478);

    plan = rubric::build_fixed_plan(b.g, b.inputs, {quotient});  // x ÷ y to 0.01
    REQUIRE(plan);
    CHECK(plan->steps[0].kind == FixedStepKind::round_quotient);
    REQUIRE(run_one(*plan, b.g, v, {{x, {1, 1}}, {y, {-8, -8}}}) == FixedOutcome::done);  // −0.125 → −0.13
    CHECK(v[quotient].lo == -13);
    REQUIRE(run_one(*plan, b.g, v, {{x, {5, 5}}, {y, {0, 0}}}) == FixedOutcome::done);  // ÷ 0: marked
    CHECK(v[quotient].lo > v[quotient].hi);
    REQUIRE(run_one(*plan, b.g, v, {{x, {max64, max64}}, {y, {max64, max64}}}) == FixedOutcome::done);
    CHECK(v[quotient].lo == 100);  // the numerator × 100 leaves int64: decided by the general path
}

TEST_CASE("a plan without steps runs every op in general") {
    GraphBuilder b = every_step_graph();
    std::optional<FixedPlan> plan = rubric::build_fixed_plan(b.g, b.inputs, b.ops);
    REQUIRE(plan);
    FixedPlan general = *plan;
    general.steps.clear();
    std::vector<FixedValue> fast = plan->initial, slow = plan->initial;
    for (uint32_t in : plan->input_slots) fast[in] = slow[in] = {1000000, 1000000};
    const FixedOutcome f = rubric::run_fixed_plan(*plan, b.g, fast.data());
    CHECK(f == rubric::run_fixed_plan(general, b.g, slow.data()));
    for (size_t k = 0; k < fast.size(); ++k) {
        CAPTURE(k);
        CHECK(fast[k].lo == slow[k].lo);
        CHECK(fast[k].hi == slow[k].hi);
    }
}
