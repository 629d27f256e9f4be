// The fixed-point form of an evaluation graph: the fast path of
// Program::evaluate.
//
// Every slot gets a scale s chosen at compile time, and its value is held as
// a closed interval [lo, hi] of int64 units of 10^-s. The invariant is that
// the value the Decimal evaluator (evaluator.cpp) would compute lies in the
// interval; when lo == hi it is exactly that value. Each operation computes
// the exact result of its operands' bounds and rounds outward to its own
// scale, and Decimal's own rounding (38 significant digits, 36 for a
// quotient) is monotone with every int64 bound representable, so the
// invariant carries through. Most values are exact: inputs with at most six
// decimals, sums, products and tier scores; a quotient that does not divide
// evenly is an interval one unit wide, which the next 保留 (round) usually
// collapses to one exact value.
//
// When a decision depends on where in an interval the value lies (a round
// whose two ends differ, a comparison or tier bound inside the interval), or
// a bound leaves int64, the fast path gives up on the record and the Decimal
// evaluator runs instead; so results are always the Decimal evaluator's, to
// the last digit. A value that cannot be computed (a zero divisor, a score
// out of range, a tier gap) is "poisoned" (lo > hi) and travels like the
// Decimal evaluator's error mark; if one reaches an output, the Decimal
// evaluator runs too, to word the message.
#pragma once

#include "interpreter/decimal.hpp"
#include "interpreter/graph.hpp"
#include "interpreter/input_spec.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace rubric {

struct FixedValue {
    std::int64_t lo = 0, hi = 0;
};

enum class FixedOpKind : unsigned char {
    add, sub, mul, div, neg, abs, min, max,
    compare,        // `cmp` says which: lt, le, gt, ge, eq, ne
    logical_and, logical_or, logical_not,
    select, round, round_quotient,  // round_quotient: round(a ÷ b) in one exact step
    tier_index, pick, check_score, sum,
    // Lua hooks (last, so one comparison tells them apart): hook_call (a: the
    // hook) passes its arguments' exact values to the hook; hook_value (a:
    // Graph::hook_outputs index, b: the call) takes one result back.
    hook_call, hook_value,
};

struct FixedOp {
    FixedOpKind kind = FixedOpKind::add;
    Op cmp = Op::lt;                       // for compare
    RoundingMode mode = RoundingMode::half_up;
    std::uint32_t dst = 0, a = 0, b = 0, c = 0;
    // Alignment to the result scale (add, sub, min, max, compare, select):
    // operand units × ma / × mb. For mul: the product is divided by `ma`
    // (10^dropped digits). For div: numerator × ma, denominator × mb.
    // For round: the value is × ma, then divided by `mb` (quantum units ×
    // 10^digits dropped) to count quanta, and the count × `quantum` is the result.
    std::int64_t ma = 1, mb = 1;
    std::int8_t ea = 0, eb = 0;            // div, round_quotient: numerator × 10^ea, denominator × 10^eb
    std::int64_t quantum = 1;
    // tier_index: its bounds, aligned to a common scale (a × ma), in
    // FixedPlan::tier_bounds [tiers, tiers + count); count 0 when a bound is
    // computed rather than constant (the general path then compares slots).
    std::uint32_t tiers = 0, tier_count = 0;
};

// The interpreter's own form of FixedPlan::ops: one step per op, in the same
// order, with the common cases specialized at plan time (alignment factors of
// 1 dropped, constant operands resolved and aligned, tier bounds made
// inclusive ranges). A step handles only the cases it can decide with plain
// int64 arithmetic; anything else (an interval or a poisoned operand it does
// not handle, a possible overflow) falls back to the general evaluation of
// ops[i], so the result is the same either way. Operands named here are at
// the result's scale unless said otherwise; "exact": lo == hi.
enum class FixedStepKind : unsigned char {
    general,         // ops[i] as it is: hooks, and every case not below
    add, sub,        // a ± b, intervals
    min, max,        // min/max(a, b), intervals
    compare,         // a `cmp` b, exact; aux: truth mask (see compare_mask)
    round_quotient,  // R(a·10^n ÷ b·k) × c, exact; k = 10^eb × quantum, c the quantum; aux: mode
    sum3,            // a + b + c (a sum of three slots), intervals
    sum,             // the sum of FixedPlan::step_slots [b, b + n), intervals
    sum_f,           // the same, each × its step_factors entry
    // Each kind below reads one slot `a` and has a twin, X_r, for when `a` is
    // the previous step's result: the twin takes it from registers instead of
    // memory (chained(), after the enum).
    add_k, add_k_r,          // a + k (a constant, also a − constant), intervals
    k_sub, k_sub_r,          // k − a, intervals
    min_k, min_k_r,          // min(a, k), intervals
    max_k, max_k_r,          // max(a, k), intervals
    mul_k, mul_k_r,          // a × k (k: the constant's own units; nothing dropped), intervals
    compare_k, compare_k_r,  // a `cmp` k, exact; aux: truth mask
    check_k, check_k_r,      // a, which lies in [0, k] (constant points), intervals
    select, select_r,        // a ? b : c, a exact
    select_f, select_f_r,    // a ? b : c, a exact; b, c and their factors: step_slots/step_factors [b, b + 1]
    scale, scale_r,          // a round that only rescales: a × k, exact
    round, round_r,          // a round that divides: R(a ÷ k) × c (the quantum), exact; aux: mode
    tier, tier_r,            // the first of FixedPlan::step_ranges [b, b + n) that holds a, exact
    pick, pick_r,            // FixedPlan::step_slots[b + a] (a exact, below n)
    pick_f, pick_f_r,        // the same × its step_factors entry
    // Two steps in one: this step (as its first kind says) and the next one,
    // whose operand is this step's result. The next step keeps its own kind,
    // for when this one falls back to the general path.
    min_k_check, min_k_check_r,  // min_k, then check_k_r
    check_scale, check_scale_r,  // check_k, then scale_r
    end,                         // after the last op's step
};

// The twin of `kind` that takes `a` from the previous step, or `kind` itself.
constexpr FixedStepKind chained(FixedStepKind kind) {
    if (kind < FixedStepKind::add_k || kind >= FixedStepKind::end) return kind;
    const auto k = static_cast<unsigned>(kind) - static_cast<unsigned>(FixedStepKind::add_k);
    return k % 2 == 0 ? static_cast<FixedStepKind>(static_cast<unsigned>(kind) + 1) : kind;
}

// A step's slots (dst, and a, b, c where they name slots, as do the entries of
// FixedPlan::step_slots) are byte offsets into the values: slot × 16.
struct FixedStep {
    FixedStepKind kind = FixedStepKind::general;
    unsigned char aux = 0;
    std::uint16_t n = 0;
    std::uint32_t dst = 0, a = 0, b = 0, c = 0;
    std::int64_t k = 0;
};

// compare/compare_k: bit (1 + sign(a − b)) of the mask is the result.
constexpr unsigned char compare_mask(Op cmp) {
    switch (cmp) {
        case Op::lt: return 0b001;
        case Op::le: return 0b011;
        case Op::gt: return 0b100;
        case Op::ge: return 0b110;
        case Op::eq: return 0b010;
        default: return 0b101;  // ne
    }
}

// A tier as an inclusive range of its subject's units (lo > hi: empty).
struct FixedRange {
    std::int64_t lo = 0, hi = 0;
};

// One tier's bounds, as int64 units of the scale its subject is compared at.
struct FixedTierBounds {
    std::int64_t low = 0, high = 0;
    bool has_low = false, low_inclusive = false, has_high = false, high_inclusive = false;
};

struct FixedPlan {
    std::vector<std::int8_t> scale;        // per slot
    std::vector<FixedOp> ops;              // the live non-constant nodes, in graph order
    std::vector<FixedValue> initial;       // per slot: constants set, the rest 0
    std::vector<std::int64_t> sum_factors; // per Graph::operand_lists entry: × to the sum's scale
    std::vector<std::int64_t> pick_factors;  // per Graph::tier_entries entry: its value × to the table's scale
    std::vector<FixedTierBounds> tier_bounds;
    std::vector<std::uint32_t> input_slots;  // inputs read by live nodes
    std::vector<FixedStep> steps;          // per op, then one `end`: what run_fixed_plan runs
    std::vector<std::uint32_t> step_slots; // sum, pick and select_f steps' slots
    std::vector<std::int64_t> step_factors;  // per step_slots entry: × to the result's scale
    std::vector<FixedRange> step_ranges;   // tier steps' ranges
};

// Builds the plan, or nullopt when the graph has something the fast path does
// not handle (a 明细 subtotal, a constant beyond int64 at 18 decimals, a
// round to a computed quantum): such programs always use the Decimal evaluator.
// `outputs` are the slots the caller reads (scores, total, grade, constraints);
// nodes nothing reads are left out. `hook_arguments[h]`: the slots hook h
// reads (a hook given the 明细 rows cannot be planned: leave it to the caller).
std::optional<FixedPlan> build_fixed_plan(const Graph& graph, const std::vector<InputSpec>& inputs,
                                          const std::vector<std::uint32_t>& outputs,
                                          const std::vector<std::vector<std::uint32_t>>& hook_arguments = {});

// Converts a record's value to the interval of its slot's scale; false when it
// is beyond int64 units.
bool to_fixed(const Decimal& value, int scale, FixedValue& out) noexcept;

enum class FixedOutcome : unsigned char { done, gave_up };

// Calls the Lua hooks for the fast path (the Program's workspace does it).
// false: the fast path gives up on the record (an argument not exact, the
// hook failed, a result out of its range or beyond the slot's int64 units).
class FixedHookRunner {
public:
    virtual bool call(std::uint32_t node, const FixedValue* values) = 0;  // hook_call
    virtual bool take(std::uint32_t node, FixedValue& out) = 0;          // hook_value
protected:
    ~FixedHookRunner() = default;
};

// Runs the plan over `values` (inputs already converted, constants from
// FixedPlan::initial). gave_up: the Decimal evaluator must decide this record.
// `hooks` may be null when the plan has no hook operations.
FixedOutcome run_fixed_plan(const FixedPlan& plan, const Graph& graph, FixedValue* values,
                            FixedHookRunner* hooks = nullptr);

// One operation of the plan (not a hook) on one record's slots, in general,
// as run_fixed_plan runs one it has no specialized step for. False: the
// fast path gives up on the record.
bool run_fixed_op(const FixedOp& op, const FixedPlan& plan, const Graph& graph, FixedValue* values);

}  // namespace rubric
