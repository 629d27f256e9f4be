// Planning a FixedBatch (fixed_batch.hpp) from a FixedPlan: each step's
// operands as columns, the ranges of every slot from the inputs' admitted
// ranges (which steps need no check, which products fit in 32 bits, which
// divisions are by a constant), and which slots share a column.
#include "interpreter/fixed_batch.hpp"

#include "interpreter/fixed_arithmetic.hpp"
#include "interpreter/reciprocal.hpp"

#include <algorithm>

namespace rubric {

namespace {

using K = FixedStepKind;
using fixed::i128;

// The plain kind of a step: chained twins (X_r) and fused pairs read their
// operand from memory here, and a fused pair's second half is its own step.
K plain_kind(K kind) {
    switch (kind) {
        case K::min_k_check: case K::min_k_check_r: return K::min_k;
        case K::check_scale: case K::check_scale_r: return K::check_k;
        default: break;
    }
    if (kind < K::add_k || kind >= K::end) return kind;
    const auto k = static_cast<unsigned>(kind) - static_cast<unsigned>(K::add_k);
    return k % 2 == 1 ? static_cast<K>(static_cast<unsigned>(kind) - 1) : kind;
}

// Slots a plan operation reads (fixed_evaluator.cpp's run_exact and run_op).
template <class Visit>
void for_each_read(const FixedOp& op, const Graph& g, const Visit& visit) {
    switch (op.kind) {
        case FixedOpKind::sum:
            for (uint32_t e = op.a; e < op.a + op.b; ++e) visit(g.operand_lists[e]);
            return;
        case FixedOpKind::tier_index: {
            visit(op.a);
            const TierTable& table = g.tier_tables[op.b];
            for (uint32_t e = table.first; e < table.first + table.count; ++e)
                for (const TierBound* bound : {&g.tier_entries[e].low, &g.tier_entries[e].high})
                    if (bound->present) visit(bound->slot);
            return;
        }
        case FixedOpKind::pick: {
            visit(op.a);
            const TierTable& table = g.tier_tables[op.b];
            for (uint32_t e = table.first; e < table.first + table.count; ++e) visit(g.tier_entries[e].value_slot);
            return;
        }
        case FixedOpKind::neg: case FixedOpKind::abs: case FixedOpKind::logical_not: case FixedOpKind::round:
            visit(op.a);
            return;
        case FixedOpKind::select:
            visit(op.a), visit(op.b), visit(op.c);
            return;
        default:
            visit(op.a), visit(op.b);
            return;
    }
}

}  // namespace


namespace {

// A slot's static range: every value a decided record can hold there. Bounds
// are int128, clamped far beyond int64 so that adding two never overflows.
struct Range {
    i128 lo = 0, hi = 0;
};

constexpr i128 range_limit = i128{1} << 126;
constexpr Range int64_range{fixed::int64_min, fixed::int64_max};

i128 clamped(i128 x) { return std::clamp(x, -range_limit, range_limit); }
bool within64(Range r) { return r.lo >= fixed::int64_min && r.hi <= fixed::int64_max; }
Range clip64(Range r) { return {std::max(r.lo, i128{fixed::int64_min}), std::min(r.hi, i128{fixed::int64_max})}; }
Range plus(Range a, Range b) { return {clamped(a.lo + b.lo), clamped(a.hi + b.hi)}; }
Range minus(Range a, Range b) { return {clamped(a.lo - b.hi), clamped(a.hi - b.lo)}; }
Range hull(Range a, Range b) { return {std::min(a.lo, b.lo), std::max(a.hi, b.hi)}; }
Range exactly(i128 x) { return {x, x}; }
// a × k, a within int64 (every slot's range is) and k an int64: at most 2^126.
Range times(Range a, std::int64_t k) { return k >= 0 ? Range{a.lo * k, a.hi * k} : Range{a.hi * k, a.lo * k}; }
bool within32(Range r) { return r.lo >= INT32_MIN && r.hi <= INT32_MAX; }
bool within32(std::int64_t k) { return k >= INT32_MIN && k <= INT32_MAX; }
i128 magnitude(Range r) { return std::max(r.hi < 0 ? -r.hi : r.hi, r.lo < 0 ? -r.lo : r.lo); }

// Whether the inclusive ranges cover every value of `r`.
bool covered(Range r, const FixedRange* ranges, std::size_t count) {
    std::vector<FixedRange> sorted;
    for (std::size_t t = 0; t < count; ++t)
        if (ranges[t].lo <= ranges[t].hi) sorted.push_back(ranges[t]);
    std::sort(sorted.begin(), sorted.end(), [](FixedRange x, FixedRange y) { return x.lo < y.lo; });
    i128 next = r.lo;  // the lowest value not yet covered
    for (const FixedRange& t : sorted) {
        if (t.lo > next) break;
        next = std::max(next, i128{t.hi} + 1);
        if (next > r.hi) return true;
    }
    return next > r.hi;
}

// Inputs are admitted within this many units either side of zero.
constexpr std::int64_t admission_limit = 1'000'000'000'000'000;  // 10^15

// The range input `spec` is admitted within, in units of `scale`.
Range admission(const InputSpec* spec, int scale) {
    Range r{-admission_limit, admission_limit};
    if (!spec) return r;
    switch (spec->kind) {
        case InputKind::yes_no: return {0, 1};
        case InputKind::text: return {0, 0};
        case InputKind::enumeration: return {0, std::max<i128>(0, static_cast<i128>(spec->values.size()) - 1)};
        case InputKind::percent:
            return scale <= 18 ? Range{0, fixed::pow10_64(scale)} : r;
        case InputKind::count:
        case InputKind::amount:
            r.lo = 0;
            break;
        default:
            break;
    }
    FixedValue bound;
    if (spec->low && to_fixed(*spec->low, scale, bound)) r.lo = std::max(r.lo, i128{bound.lo});
    if (spec->high && to_fixed(*spec->high, scale, bound)) r.hi = std::min(r.hi, i128{bound.hi});
    if (r.lo > r.hi) r = {0, 0};  // no value admitted: every record is left to the one-record path
    return r;
}

// For 0 < k < 2^31 and numbers below 2^31: a 32-bit multiplier, a multiply
// the processor vectorizes.
template <class Step>
void set_reciprocal(Step& s, std::int64_t k) {
    const Reciprocal r = reciprocal_of(k, 31);
    s.magic = static_cast<std::uint32_t>(r.magic);
    s.shift = static_cast<unsigned char>(r.shift);
    s.divisor = static_cast<std::uint32_t>(k);
}

// For 0 < k < 2^63 and numbers below 2^63: the product is taken in 128 bits
// (one multiply, not a vector one, but several times cheaper than a division).
template <class Step>
void set_wide_reciprocal(Step& s, std::int64_t k) {
    const Reciprocal r = reciprocal_of(k, 63);
    s.wide_magic = r.magic;
    s.wide_shift = static_cast<unsigned char>(r.shift);
    s.wide_divisor = static_cast<std::uint64_t>(k);
    s.wide = true;
}

// The range of step `s`'s result, from its operands' (slots a, b, c; a list's
// in plan.step_slots), into `out`. True when no record can fail the step:
// its arithmetic stays in int64, its score within its points, its tiers
// cover every value, its pick's index is in its table.
template <class Step>
bool bounded(Step& s, const FixedPlan& plan, const std::vector<Range>& range, uint32_t a, uint32_t b,
             uint32_t c, Range& out) {
    auto list_slot = [&](uint32_t e) { return plan.step_slots[e] / static_cast<uint32_t>(sizeof(FixedValue)); };
    const Range A = range[a], B = range[b], C = range[c];
    const std::int64_t k = s.k;
    switch (s.kind) {
        case K::add: out = plus(A, B); return within64(out);
        case K::sub: out = minus(A, B); return within64(out);
        case K::min: out = {std::min(A.lo, B.lo), std::min(A.hi, B.hi)}; return true;
        case K::max: out = {std::max(A.lo, B.lo), std::max(A.hi, B.hi)}; return true;
        case K::compare: case K::compare_k: out = {0, 1}; return true;
        case K::sum3: {
            const Range partial = plus(A, B);
            out = plus(partial, C);
            return within64(partial) && within64(out);
        }
        case K::sum: case K::sum_f: {
            bool fits = true;
            s.narrow = true;
            out = exactly(0);
            for (uint32_t e = s.b; e < s.b + s.n; ++e) {
                const std::int64_t factor = s.kind == K::sum ? 1 : plan.step_factors[e];
                const Range term = times(range[list_slot(e)], factor);
                out = plus(out, term);
                fits = fits && within64(term) && within64(out);
                s.narrow = s.narrow && within32(range[list_slot(e)]) && within32(factor);
            }
            return fits;
        }
        case K::add_k: out = plus(A, exactly(k)); return within64(out);
        case K::k_sub: out = minus(exactly(k), A); return within64(out);
        case K::min_k: out = {std::min(A.lo, i128{k}), std::min(A.hi, i128{k})}; return true;
        case K::max_k: out = {std::max(A.lo, i128{k}), std::max(A.hi, i128{k})}; return true;
        case K::mul_k: case K::scale:
            out = times(A, k);
            s.narrow = within32(A) && within32(k);
            return within64(out);
        case K::check_k:
            out = {std::max(A.lo, i128{0}), std::min(A.hi, i128{k})};
            if (out.lo > out.hi) out = {0, std::max<i128>(k, 0)};
            return A.lo >= 0 && A.hi <= k;
        case K::select: out = hull(B, C); return true;
        case K::select_f: {
            const Range yes = times(range[list_slot(s.b)], plan.step_factors[s.b]);
            const Range no = times(range[list_slot(s.b + 1)], plan.step_factors[s.b + 1]);
            out = hull(yes, no);
            return within64(yes) && within64(no);
        }
        case K::round: {
            // Rounding is monotone: the ends round to the ends.
            if (k <= 0 || s.c == 0) return out = int64_range, false;
            const auto mode = static_cast<RoundingMode>(s.aux);
            out = {fixed::round_div(A.lo, k, mode) * s.c, fixed::round_div(A.hi, k, mode) * s.c};
            const bool fits = A.lo > fixed::int64_min && within64(out);
            if (fits && mode == RoundingMode::half_up && A.lo > INT32_MIN && within32(A) && k <= INT32_MAX &&
                s.c <= INT32_MAX && within32(Range{out.lo / s.c, out.hi / s.c})) {
                set_reciprocal(s, k);
                s.narrow = true;
            } else if (mode == RoundingMode::half_up && s.c <= INT32_MAX) {
                set_wide_reciprocal(s, k);
            }
            return fits;
        }
        case K::round_quotient: {
            // |a·10^n ÷ (b·k)| ≤ |a|·10^n ÷ k for a whole b ≠ 0; always checked (a zero divisor).
            if (k <= 0 || s.n > 18) return out = int64_range, false;
            const i128 quanta = std::min(magnitude(A) * fixed::pow10_64(s.n) / k + 1, i128{1} << 64);
            out = {-(quanta * s.c), quanta * s.c};
            // narrow: neither product can overflow nor be INT64_MIN, nor can the result.
            const Range numerator = times(A, fixed::pow10_64(s.n)), denominator = times(B, k);
            s.narrow = within64(numerator) && numerator.lo > fixed::int64_min && within64(denominator) &&
                       denominator.lo > fixed::int64_min && within64(out);
            // A constant divisor (a ratio to 25 %, a mean of four) and a small
            // numerator: the reciprocal, as a narrow round, and nothing to check.
            const auto mode = static_cast<RoundingMode>(s.aux);
            if (s.narrow && B.lo == B.hi && denominator.lo > 0 && denominator.lo <= INT32_MAX &&
                mode == RoundingMode::half_up && numerator.lo > INT32_MIN && within32(numerator) && s.c <= INT32_MAX) {
                const auto d = static_cast<std::int64_t>(denominator.lo);
                const Range quanta{fixed::round_div(numerator.lo, d, mode), fixed::round_div(numerator.hi, d, mode)};
                if (within32(quanta)) {
                    set_reciprocal(s, d);
                    s.reciprocal = true;
                    out = {quanta.lo * s.c, quanta.hi * s.c};
                    return true;
                }
            }
            return false;
        }
        case K::tier:
            out = {0, std::max<i128>(s.n, 1) - 1};
            return covered(A, plan.step_ranges.data() + s.b, s.n);
        case K::pick: case K::pick_f: {
            bool fits = A.lo >= 0 && A.hi < s.n;
            bool first = true;
            for (i128 t = std::max<i128>(A.lo, 0); t <= std::min<i128>(A.hi, i128{s.n} - 1); ++t) {
                const uint32_t e = s.b + static_cast<uint32_t>(t);
                const Range value = times(range[list_slot(e)], s.kind == K::pick ? 1 : plan.step_factors[e]);
                out = first ? value : hull(out, value);
                first = false;
                fits = fits && within64(value);
            }
            if (first) out = int64_range;
            return fits;
        }
        default: {  // general: whatever its op gives, checked record by record
            out = int64_range;
            // A quotient by a constant (not rounded, so it must come out
            // whole in its scale): a·10^e ÷ b by the reciprocal, the record
            // left undecided when it leaves a remainder.
            const FixedOp& op = plan.ops[s.op];
            if (op.kind == FixedOpKind::div && op.eb == 0 && op.ea >= 0 && op.ea <= 18 && B.lo == B.hi && B.lo > 0) {
                set_wide_reciprocal(s, static_cast<std::int64_t>(B.lo));
                s.exact_quotient = true;
                s.scale_up = fixed::pow10_64(op.ea);
                const Range numerator = times(A, s.scale_up);
                out = {numerator.lo / B.lo, numerator.hi / B.lo};
            }
            return false;
        }
    }
}

constexpr std::uint32_t no_slot = UINT32_MAX;

// What a plan step reads, as plain slots (the plan names them by byte
// offset): operands a, b, c (no_slot when it has fewer), a list of
// FixedPlan::step_slots [list, list + list_count), and for a general step
// its op's reads (for_each_read).
struct StepOperands {
    std::uint32_t a = no_slot, b = no_slot, c = no_slot;
    std::uint32_t list = 0, list_count = 0;
};

std::uint32_t slot_at(std::uint32_t byte_offset) { return byte_offset / static_cast<std::uint32_t>(sizeof(FixedValue)); }

StepOperands operands_of(K kind, const FixedStep& from, const FixedOp& op) {
    StepOperands o;
    switch (kind) {
        case K::general:
            if (op.kind == FixedOpKind::div) o.a = op.a, o.b = op.b;  // perhaps a quotient by a constant (bounded())
            break;
        case K::add: case K::sub: case K::min: case K::max: case K::compare: case K::round_quotient:
            o.a = slot_at(from.a), o.b = slot_at(from.b);
            break;
        case K::sum3: case K::select:
            o.a = slot_at(from.a), o.b = slot_at(from.b), o.c = slot_at(from.c);
            break;
        case K::sum: case K::sum_f:
            o.list = from.b, o.list_count = from.n;
            break;
        case K::select_f:
            o.a = slot_at(from.a), o.list = from.b, o.list_count = 2;
            break;
        case K::pick: case K::pick_f:
            o.a = slot_at(from.a), o.list = from.b, o.list_count = from.n;
            break;
        default:
            o.a = slot_at(from.a);
            break;
    }
    return o;
}

// Calls visit(slot) for every slot step i reads.
template <class Visit>
void for_each_step_read(const FixedPlan& plan, const Graph& g, std::size_t i, const Visit& visit) {
    const K kind = plain_kind(plan.steps[i].kind);
    const StepOperands o = operands_of(kind, plan.steps[i], plan.ops[i]);
    for (std::uint32_t slot : {o.a, o.b, o.c})
        if (slot != no_slot) visit(slot);
    for (std::uint32_t e = o.list; e < o.list + o.list_count; ++e) visit(slot_at(plan.step_slots[e]));
    if (kind == K::general) for_each_read(plan.ops[i], g, visit);
}

// A column per slot, shared by slots whose lives do not overlap, so that the
// batch's working set stays in the nearest caches: a computed slot takes a
// free column at its step and gives it back after the last step that reads
// it. Inputs hold theirs until their last reader; constants and `kept`
// (what the caller reads after run) hold theirs for good. A step's result
// never shares with its own operands (the loops write it as they read them).
// `computed`: the inputs and the ops' results (the rest are constants).
std::vector<std::uint32_t> share_columns(const FixedPlan& plan, const Graph& g, const std::vector<bool>& kept,
                                         const std::vector<bool>& computed, std::uint32_t& columns) {
    const std::size_t slots = plan.scale.size(), steps = plan.ops.size();
    std::vector<std::int64_t> last_read(slots, -1);
    std::vector<bool> read(slots, false);
    for (std::size_t i = 0; i < steps; ++i)
        for_each_step_read(plan, g, i, [&](std::uint32_t slot) {
            last_read[slot] = static_cast<std::int64_t>(i);
            read[slot] = true;
        });
    std::vector<std::uint32_t> column(slots, no_slot), free;
    columns = 0;
    auto take = [&](std::uint32_t slot) {
        if (!free.empty()) column[slot] = free.back(), free.pop_back();
        else column[slot] = columns++;
    };
    for (std::uint32_t slot : plan.input_slots) take(slot);
    for (std::size_t slot = 0; slot < slots; ++slot)  // constants, and anything kept that is not computed
        if (!computed[slot] && (read[slot] || kept[slot])) column[slot] = columns++;
    for (std::size_t i = 0; i < steps; ++i) {
        const std::uint32_t dst = plan.ops[i].dst;
        take(dst);
        std::vector<std::uint32_t> done;  // slots whose last reader this step is
        for_each_step_read(plan, g, i, [&](std::uint32_t slot) {
            if (last_read[slot] == static_cast<std::int64_t>(i) && !kept[slot] && computed[slot])
                done.push_back(slot);
        });
        if (last_read[dst] < 0 && !kept[dst]) done.push_back(dst);  // read by nothing
        std::sort(done.begin(), done.end());
        done.erase(std::unique(done.begin(), done.end()), done.end());
        for (std::uint32_t slot : done) free.push_back(column[slot]);
    }
    return column;
}

}  // namespace

std::optional<FixedBatch> FixedBatch::make(const FixedPlan& plan, const Graph& graph,
                                           const std::vector<InputSpec>& inputs,
                                           const std::vector<std::uint32_t>& required,
                                           const std::vector<std::uint32_t>& outputs, std::size_t capacity) {
    if (capacity == 0 || plan.steps.size() != plan.ops.size() + 1) return std::nullopt;
    for (const FixedOp& op : plan.ops)
        if (op.kind >= FixedOpKind::hook_call) return std::nullopt;
    const std::size_t slots = plan.scale.size();
    for (uint32_t slot : required)
        if (slot >= slots) return std::nullopt;
    for (uint32_t slot : outputs)
        if (slot >= slots) return std::nullopt;
    FixedBatch batch(plan, graph, capacity);
    std::vector<bool> kept(slots, false), computed(slots, false);
    for (uint32_t slot : required) kept[slot] = true;
    for (uint32_t slot : outputs) kept[slot] = true;
    for (uint32_t slot : plan.input_slots) computed[slot] = true;
    for (const FixedOp& op : plan.ops) computed[op.dst] = true;
    batch.column_of_ = share_columns(plan, graph, kept, computed, batch.columns_);
    std::vector<Range> range(slots, int64_range);  // per slot (bounded())
    // Slots that nothing computes are constants: their columns are filled once.
    std::vector<uint32_t> constants;
    for (uint32_t slot = 0; slot < slots; ++slot)
        if (!computed[slot] && batch.column_of_[slot] != none) {
            constants.push_back(slot);
            range[slot] = exactly(plan.initial[slot].lo);
        }
    for (uint32_t slot : plan.input_slots) {
        range[slot] = admission(slot < inputs.size() ? &inputs[slot] : nullptr, plan.scale[slot]);
        batch.admitted_.push_back({static_cast<uint32_t>(batch.offset(slot)), static_cast<std::int64_t>(range[slot].lo),
                                   static_cast<std::int64_t>(range[slot].hi)});
        batch.input_columns_.push_back(static_cast<uint32_t>(batch.offset(slot)));
    }
    auto at = [&](uint32_t slot) { return static_cast<uint32_t>(batch.offset(slot)); };
    for (uint32_t s : plan.step_slots)
        batch.step_slots_.push_back(batch.column_of_[slot_at(s)] == none ? 0 : at(slot_at(s)));
    for (size_t i = 0; i + 1 < plan.steps.size(); ++i) {
        const FixedStep& from = plan.steps[i];
        Step step;
        step.kind = plain_kind(from.kind);
        step.aux = from.aux;
        step.n = from.n;
        step.k = from.k;
        step.b = from.b;
        step.c = from.c;
        step.op = static_cast<uint32_t>(i);
        step.dst = at(slot_at(from.dst));
        const StepOperands o = operands_of(step.kind, from, plan.ops[i]);
        if (o.a != no_slot) step.a = at(o.a);
        if (o.b != no_slot && o.list_count == 0) step.b = at(o.b);
        if (o.c != no_slot) step.c = at(o.c);
        if (step.kind == K::general) {
            step.reads = static_cast<uint32_t>(batch.reads_.size());
            for_each_read(plan.ops[i], graph, [&](uint32_t slot) { batch.reads_.push_back(slot); });
            step.read_count = static_cast<uint32_t>(batch.reads_.size()) - step.reads;
        }
        auto slot_or_zero = [](uint32_t slot) { return slot == no_slot ? 0U : slot; };
        Range& out = range[slot_at(from.dst)];
        step.checked = !bounded(step, plan, range, slot_or_zero(o.a), slot_or_zero(o.b), slot_or_zero(o.c), out);
        out = clip64(out);  // a checked step leaves records beyond int64 undecided
        batch.steps_.push_back(step);
    }
    for (uint32_t slot : required) batch.required_.push_back(at(slot));
    batch.values_.assign(std::size_t{batch.columns_} * batch.stride_, 0);
    for (uint32_t slot : constants) {
        const FixedValue v = plan.initial[slot];
        if (v.lo != v.hi) return std::nullopt;
        std::fill_n(batch.column(slot), capacity, v.lo);
    }
    batch.bad_.assign(capacity, 0);
    batch.refused_.assign(capacity, 0);
    batch.scratch_.assign(slots, FixedValue{});
    return batch;
}

}  // namespace rubric
