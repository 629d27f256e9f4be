// Running the fixed-point plan (fixed_plan.hpp) over one record. Each
// operation takes its operands' intervals, computes the exact bounds of the
// result in 128 bits, and rounds them outward to its scale; decisions
// (comparisons, tiers, rounding) are taken only when the whole interval
// agrees, otherwise the record goes to the Decimal evaluator.
#include "interpreter/fixed_arithmetic.hpp"
#include "interpreter/fixed_plan.hpp"

#include <algorithm>

namespace rubric {

namespace {

using fixed::i128;

constexpr FixedValue poison{1, 0};

bool poisoned(FixedValue v) { return v.lo > v.hi; }

enum class Tri : signed char { no, yes, unknown };

// out = [lo, hi]; false when a bound leaves int64 (the caller gives up).
bool put(FixedValue& out, i128 lo, i128 hi) {
    if (!fixed::fits64(lo) || !fixed::fits64(hi)) return false;
    out.lo = static_cast<std::int64_t>(lo);
    out.hi = static_cast<std::int64_t>(hi);
    return true;
}

Tri truth(FixedValue v) {
    if (v.lo == v.hi) return v.lo != 0 ? Tri::yes : Tri::no;
    return v.lo > 0 || v.hi < 0 ? Tri::yes : Tri::unknown;
}

Tri decided(bool surely, bool surely_not) { return surely ? Tri::yes : surely_not ? Tri::no : Tri::unknown; }

// [al, ah] `cmp` [bl, bh], both at one scale.
Tri compare(Op cmp, i128 al, i128 ah, i128 bl, i128 bh) {
    switch (cmp) {
        case Op::lt: return decided(ah < bl, al >= bh);
        case Op::le: return decided(ah <= bl, al > bh);
        case Op::gt: return decided(al > bh, ah <= bl);
        case Op::ge: return decided(al >= bh, ah < bl);
        case Op::eq: return decided(al == ah && bl == bh && al == bl, ah < bl || bh < al);
        case Op::ne: return decided(ah < bl || bh < al, al == ah && bl == bh && al == bl);
        default: return Tri::unknown;
    }
}

// x (at scale sx) `cmp` y (at scale sy).
Tri compare_scaled(Op cmp, FixedValue x, int sx, FixedValue y, int sy) {
    const int common = std::max(sx, sy);
    const i128 mx = fixed::pow10_64(common - sx), my = fixed::pow10_64(common - sy);
    return compare(cmp, x.lo * mx, x.hi * mx, y.lo * my, y.hi * my);
}

Tri bound_holds(FixedValue x, int sx, const TierBound& bound, bool low, const FixedValue* v, const FixedPlan& plan) {
    if (!bound.present) return Tri::yes;
    const FixedValue b = v[bound.slot];
    if (poisoned(b)) return Tri::unknown;
    const Op cmp = low ? (bound.inclusive ? Op::ge : Op::gt) : (bound.inclusive ? Op::le : Op::lt);
    return compare_scaled(cmp, x, sx, b, plan.scale[bound.slot]);
}

// The extremes of n ÷ d over the corners of two intervals (d never 0 inside),
// with each corner's quotient rounded by `lower` and `upper`.
template <class Lower, class Upper>
bool quotient_corners(i128 nl, i128 nh, i128 dl, i128 dh, Lower lower, Upper upper, i128& lo, i128& hi) {
    const i128 ns[2] = {nl, nh}, ds[2] = {dl, dh};
    bool first = true;
    for (i128 n : ns)
        for (i128 d : ds) {
            if (d < 0) n = -n, d = -d;
            const i128 l = lower(n, d), h = upper(n, d);
            lo = first ? l : std::min(lo, l);
            hi = first ? h : std::max(hi, h);
            first = false;
        }
    return true;
}

bool run_div(const FixedOp& op, FixedValue a, FixedValue b, FixedValue& out) {
    if (b.lo == 0 && b.hi == 0) return out = poison, true;  // the Decimal evaluator words the error
    if (b.lo <= 0 && b.hi >= 0) return false;                 // might be 0
    i128 nl, nh, dl, dh;
    if (!fixed::scale_up(a.lo, op.ea, nl) || !fixed::scale_up(a.hi, op.ea, nh) ||
        !fixed::scale_up(b.lo, op.eb, dl) || !fixed::scale_up(b.hi, op.eb, dh))
        return false;
    i128 lo, hi;
    quotient_corners(nl, nh, dl, dh, fixed::floor_div, fixed::ceil_div, lo, hi);
    return put(out, lo, hi);
}

// round(a ÷ b) in quanta, exactly. Decimal divides to 36 significant digits
// first, then rounds; the two agree when the numerator is below 10^35 (a
// quotient not on a rounding boundary is at least 1/(2·denominator) quanta
// from it, while 36 digits err by at most 5·10^-36 of the quotient), and a
// quotient on a boundary is short enough for Decimal to hold exactly.
bool run_round_quotient(const FixedOp& op, FixedValue a, FixedValue b, FixedValue& out) {
    if (b.lo == 0 && b.hi == 0) return out = poison, true;
    if (b.lo <= 0 && b.hi >= 0) return false;
    i128 nl, nh, dl, dh;
    if (!fixed::scale_up(a.lo, op.ea, nl) || !fixed::scale_up(a.hi, op.ea, nh) ||
        !fixed::scale_up(b.lo, op.eb, dl) || !fixed::scale_up(b.hi, op.eb, dh))
        return false;
    if (__builtin_mul_overflow(dl, i128{op.quantum}, &dl) || __builtin_mul_overflow(dh, i128{op.quantum}, &dh))
        return false;
    const i128 limit = fixed::pow10_128(35);
    if (nl >= limit || nl <= -limit || nh >= limit || nh <= -limit) return false;
    const RoundingMode mode = op.mode;
    auto rounded = [mode](i128 n, i128 d) { return fixed::round_div(n, d, mode); };
    i128 lo, hi;
    quotient_corners(nl, nh, dl, dh, rounded, rounded, lo, hi);
    if (lo != hi) return false;
    const i128 units = lo * op.quantum;
    return put(out, units, units);
}

bool run_mul(const FixedOp& op, FixedValue a, FixedValue b, FixedValue& out) {
    i128 lo, hi;
    if (a.lo == a.hi && b.lo == b.hi) {
        lo = hi = i128{a.lo} * b.lo;
    } else {
        const i128 p[4] = {i128{a.lo} * b.lo, i128{a.lo} * b.hi, i128{a.hi} * b.lo, i128{a.hi} * b.hi};
        lo = *std::min_element(p, p + 4);
        hi = *std::max_element(p, p + 4);
    }
    if (op.ma != 1) {
        lo = fixed::floor_div(lo, op.ma);
        hi = fixed::ceil_div(hi, op.ma);
    }
    return put(out, lo, hi);
}

bool run_round(const FixedOp& op, FixedValue a, FixedValue& out) {
    const i128 lo = fixed::round_div(i128{a.lo} * op.ma, op.mb, op.mode);
    const i128 hi = a.lo == a.hi ? lo : fixed::round_div(i128{a.hi} * op.ma, op.mb, op.mode);
    if (lo != hi) return false;
    const i128 units = lo * op.quantum;
    return put(out, units, units);
}

bool run_tier_index(const FixedOp& op, const FixedPlan& plan, const Graph& g, const FixedValue* v, FixedValue& out) {
    const FixedValue x = v[op.a];
    const int sx = plan.scale[op.a];
    const TierTable& table = g.tier_tables[op.b];
    for (uint32_t k = 0; k < table.count; ++k) {
        const TierEntry& e = g.tier_entries[table.first + k];
        const Tri low = bound_holds(x, sx, e.low, true, v, plan);
        if (low == Tri::no) continue;
        const Tri high = bound_holds(x, sx, e.high, false, v, plan);
        if (high == Tri::no) continue;
        if (low == Tri::unknown || high == Tri::unknown) return false;
        out.lo = out.hi = k;
        return true;
    }
    out = poison;  // no tier covers it
    return true;
}

bool run_pick(const FixedOp& op, const FixedPlan& plan, const Graph& g, const FixedValue* v, FixedValue& out) {
    const FixedValue k = v[op.a];
    const TierTable& table = g.tier_tables[op.b];
    if (k.lo != k.hi || k.lo < 0 || k.lo >= table.count) return false;
    const uint32_t slot = g.tier_entries[table.first + static_cast<uint32_t>(k.lo)].value_slot;
    const FixedValue x = v[slot];
    if (poisoned(x)) return out = poison, true;
    const i128 m = fixed::pow10_64(plan.scale[op.dst] - plan.scale[slot]);
    return put(out, x.lo * m, x.hi * m);
}

bool run_sum(const FixedOp& op, const FixedPlan& plan, const Graph& g, const FixedValue* v, FixedValue& out) {
    i128 lo = 0, hi = 0;
    for (uint32_t e = op.a; e < op.a + op.b; ++e) {
        const FixedValue x = v[g.operand_lists[e]];
        if (poisoned(x)) return out = poison, true;
        const i128 m = plan.sum_factors[e];
        lo += x.lo * m;
        hi += x.hi * m;
    }
    return put(out, lo, hi);
}

// One operation, in general: intervals and marked values included; false: give
// up on the record.
[[gnu::noinline]] bool run_op(const FixedOp& op, const FixedPlan& plan, const Graph& g, FixedValue* v) {
    FixedValue& out = v[op.dst];
    if (op.kind == FixedOpKind::sum) return run_sum(op, plan, g, v, out);  // op.a is a list, not a slot
    const FixedValue a = v[op.a];
    switch (op.kind) {
        case FixedOpKind::select: {
            if (poisoned(a)) return out = poison, true;
            const Tri t = truth(a);
            if (t == Tri::unknown) return false;
            const FixedValue chosen = t == Tri::yes ? v[op.b] : v[op.c];
            if (poisoned(chosen)) return out = poison, true;
            const i128 m = t == Tri::yes ? op.ma : op.mb;
            return put(out, chosen.lo * m, chosen.hi * m);
        }
        case FixedOpKind::tier_index:
            if (poisoned(a)) return out = poison, true;
            return run_tier_index(op, plan, g, v, out);
        case FixedOpKind::pick:
            if (poisoned(a)) return out = poison, true;
            return run_pick(op, plan, g, v, out);
        case FixedOpKind::neg:
            if (poisoned(a)) return out = poison, true;
            return put(out, -i128{a.hi}, -i128{a.lo});
        case FixedOpKind::abs:
            if (poisoned(a)) return out = poison, true;
            if (a.lo >= 0) return out = a, true;
            if (a.hi <= 0) return put(out, -i128{a.hi}, -i128{a.lo});
            return put(out, 0, std::max(-i128{a.lo}, i128{a.hi}));
        case FixedOpKind::logical_not:
            if (poisoned(a)) return out = poison, true;
            if (Tri t = truth(a); t != Tri::unknown) return out.lo = out.hi = t == Tri::no, true;
            return false;
        case FixedOpKind::round:
            if (poisoned(a)) return out = poison, true;
            return run_round(op, a, out);
        default:
            break;
    }
    // Binary operations: a marked operand marks the result.
    const FixedValue b = v[op.b];
    if (poisoned(a) || poisoned(b)) return out = poison, true;
    switch (op.kind) {
        case FixedOpKind::add:
            return put(out, a.lo * i128{op.ma} + b.lo * i128{op.mb}, a.hi * i128{op.ma} + b.hi * i128{op.mb});
        case FixedOpKind::sub:
            return put(out, a.lo * i128{op.ma} - b.hi * i128{op.mb}, a.hi * i128{op.ma} - b.lo * i128{op.mb});
        case FixedOpKind::min:
            return put(out, std::min(a.lo * i128{op.ma}, b.lo * i128{op.mb}), std::min(a.hi * i128{op.ma}, b.hi * i128{op.mb}));
        case FixedOpKind::max:
            return put(out, std::max(a.lo * i128{op.ma}, b.lo * i128{op.mb}), std::max(a.hi * i128{op.ma}, b.hi * i128{op.mb}));
        case FixedOpKind::mul: return run_mul(op, a, b, out);
        case FixedOpKind::div: return run_div(op, a, b, out);
        case FixedOpKind::round_quotient: return run_round_quotient(op, a, b, out);
        case FixedOpKind::compare: {
            const Tri t = compare(op.cmp, a.lo * i128{op.ma}, a.hi * i128{op.ma}, b.lo * i128{op.mb}, b.hi * i128{op.mb});
            if (t == Tri::unknown) return false;
            return out.lo = out.hi = t == Tri::yes, true;
        }
        case FixedOpKind::logical_and:
        case FixedOpKind::logical_or: {
            const Tri ta = truth(a), tb = truth(b);
            if (ta == Tri::unknown || tb == Tri::unknown) return false;
            const bool r = op.kind == FixedOpKind::logical_and ? (ta == Tri::yes && tb == Tri::yes)
                                                               : (ta == Tri::yes || tb == Tri::yes);
            return out.lo = out.hi = r, true;
        }
        case FixedOpKind::check_score: {
            // a must lie in [0, points b]; out of range marks the value, as the Decimal evaluator does.
            const i128 lo = a.lo * i128{op.ma}, hi = a.hi * i128{op.ma};
            const i128 pl = b.lo * i128{op.mb}, ph = b.hi * i128{op.mb};
            if (lo >= 0 && hi <= pl) return put(out, lo, hi);
            if (hi < 0 || lo > ph) return out = poison, true;
            return false;
        }
        default:
            return false;
    }
}

// The exact case of the common operations, inline: every operand one value
// (lo == hi, which a marked value never is). Anything else, and anything that
// might overflow, goes to run_op. Returns false when run_op must decide.
inline bool run_exact(const FixedOp& op, const FixedPlan& plan, const Graph& g, FixedValue* v) {
    FixedValue& out = v[op.dst];
    i128 r;
    if (op.kind == FixedOpKind::sum) {
        r = 0;
        for (uint32_t e = op.a; e < op.a + op.b; ++e) {
            const FixedValue x = v[g.operand_lists[e]];
            if (x.lo != x.hi) return false;
            r += i128{x.lo} * plan.sum_factors[e];
        }
        if (!fixed::fits64(r)) return false;
        out.lo = out.hi = static_cast<std::int64_t>(r);
        return true;
    }
    const FixedValue a = v[op.a];
    if (a.lo != a.hi) return false;
    switch (op.kind) {
        case FixedOpKind::round:
            if (op.mb == 1) {  // the quantum is one unit of a scale at least a's
                r = i128{a.lo} * op.ma;
            } else {
                std::int64_t n;
                if (__builtin_mul_overflow(a.lo, op.ma, &n) || n == fixed::int64_min) return false;
                r = i128{fixed::round_div64(n, op.mb, op.mode)} * op.quantum;
            }
            break;
        case FixedOpKind::select: {
            const FixedValue chosen = a.lo != 0 ? v[op.b] : v[op.c];
            if (chosen.lo != chosen.hi) return false;
            r = i128{chosen.lo} * (a.lo != 0 ? op.ma : op.mb);
            break;
        }
        case FixedOpKind::tier_index: {
            if (op.tier_count == 0) return false;
            const i128 x = i128{a.lo} * op.ma;
            const FixedTierBounds* t = plan.tier_bounds.data() + op.tiers;
            for (uint32_t k = 0; k < op.tier_count; ++k, ++t) {
                if (t->has_low && (t->low_inclusive ? x < t->low : x <= t->low)) continue;
                if (t->has_high && (t->high_inclusive ? x > t->high : x >= t->high)) continue;
                out.lo = out.hi = k;
                return true;
            }
            return false;  // no tier covers it: run_op marks it
        }
        case FixedOpKind::pick: {
            const TierTable& table = g.tier_tables[op.b];
            if (a.lo < 0 || a.lo >= table.count) return false;
            const uint32_t e = table.first + static_cast<uint32_t>(a.lo);
            const FixedValue x = v[g.tier_entries[e].value_slot];
            if (x.lo != x.hi) return false;
            r = i128{x.lo} * plan.pick_factors[e];
            break;
        }
        case FixedOpKind::neg:
        case FixedOpKind::abs:
        case FixedOpKind::logical_not:
            return false;
        default: {
            const FixedValue b = v[op.b];
            if (b.lo != b.hi) return false;
            const i128 x = i128{a.lo} * op.ma, y = i128{b.lo} * op.mb;
            switch (op.kind) {
                case FixedOpKind::add: r = x + y; break;
                case FixedOpKind::sub: r = x - y; break;
                case FixedOpKind::min: r = x < y ? x : y; break;
                case FixedOpKind::max: r = x < y ? y : x; break;
                case FixedOpKind::mul:
                    if (op.ma != 1) return false;
                    r = i128{a.lo} * b.lo;
                    break;
                case FixedOpKind::compare:
                    switch (op.cmp) {
                        case Op::lt: r = x < y; break;
                        case Op::le: r = x <= y; break;
                        case Op::gt: r = x > y; break;
                        case Op::ge: r = x >= y; break;
                        case Op::eq: r = x == y; break;
                        default: r = x != y; break;
                    }
                    break;
                case FixedOpKind::check_score:
                    if (x < 0 || x > y) return false;
                    r = x;
                    break;
                case FixedOpKind::round_quotient:
                case FixedOpKind::div: {
                    // a·10^ea ÷ b·10^eb (× quantum), all in 64 bits, else run_op
                    if (b.lo == 0 || op.ea > 18 || op.eb > 18) return false;
                    std::int64_t n, d;
                    if (__builtin_mul_overflow(a.lo, fixed::pow10_64(op.ea), &n) ||
                        __builtin_mul_overflow(b.lo, fixed::pow10_64(op.eb), &d) ||
                        (op.kind == FixedOpKind::round_quotient && __builtin_mul_overflow(d, op.quantum, &d)) ||
                        n == fixed::int64_min || d == fixed::int64_min)
                        return false;
                    if (d < 0) n = -n, d = -d;
                    if (op.kind == FixedOpKind::round_quotient) {
                        r = i128{fixed::round_div64(n, d, op.mode)} * op.quantum;
                        break;
                    }
                    const std::int64_t q = n / d, rem = n % d;
                    if (rem == 0) {
                        r = q;
                        break;
                    }
                    const std::int64_t lo = rem < 0 ? q - 1 : q;  // floor
                    out.lo = lo;
                    out.hi = lo + 1;
                    return true;
                }
                default:
                    return false;
            }
        }
    }
    if (!fixed::fits64(r)) return false;
    out.lo = out.hi = static_cast<std::int64_t>(r);
    return true;
}

// ops[i] in general (the steps' fallback): a hook, or run_exact then run_op.
[[gnu::noinline]] bool run_general(const FixedOp& op, const FixedPlan& plan, const Graph& g, FixedValue* v,
                                   FixedHookRunner* hooks) {
    if (op.kind >= FixedOpKind::hook_call)
        return hooks && (op.kind == FixedOpKind::hook_call ? hooks->call(op.dst, v) : hooks->take(op.dst, v[op.dst]));
    return run_exact(op, plan, g, v) || run_op(op, plan, g, v);
}

inline bool add64(std::int64_t x, std::int64_t y, std::int64_t& r) { return !__builtin_add_overflow(x, y, &r); }
inline bool sub64(std::int64_t x, std::int64_t y, std::int64_t& r) { return !__builtin_sub_overflow(x, y, &r); }
inline bool mul64(std::int64_t x, std::int64_t y, std::int64_t& r) { return !__builtin_mul_overflow(x, y, &r); }
inline bool valid(FixedValue x) { return x.lo <= x.hi; }  // not poisoned

// A slot's bounds as two 8-byte loads. The step before has often just written
// the slot with two 8-byte stores, which the processor cannot forward to one
// 16-byte load (the compiler's choice for copying a FixedValue): that load
// would wait for the stores to retire.
[[gnu::always_inline]] inline FixedValue load(const FixedValue& slot) {
    std::int64_t lo = slot.lo, hi = slot.hi;
    asm("" : "+r"(lo), "+r"(hi));
    return {lo, hi};
}

[[gnu::always_inline]] inline void store(FixedValue& slot, std::int64_t lo, std::int64_t hi) {
    asm("" : "+r"(lo), "+r"(hi));
    slot.lo = lo;
    slot.hi = hi;
}

}  // namespace

bool run_fixed_op(const FixedOp& op, const FixedPlan& plan, const Graph& graph, FixedValue* values) {
    return run_exact(op, plan, graph, values) || run_op(op, plan, graph, values);
}

// Each step decides the cases it specializes in (fixed_plan.hpp) and writes
// its result; any other case jumps to `general`, which runs the step's op
// through run_general. Dispatch is threaded (a computed goto at the end of
// each step, so that each has its own branch history), and the conditions
// are combined with `&` where cheap, to leave about one branch per step.
// After every step, (lo, hi) hold the slot it wrote: an X_r step takes its
// operand from there rather than from memory, where it was just stored.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"  // computed goto: a GNU extension GCC and Clang have
#ifdef __clang__
#pragma GCC diagnostic ignored "-Wbitwise-instead-of-logical"  // `&` of conditions, on purpose (above)
#endif
FixedOutcome run_fixed_plan(const FixedPlan& plan, const Graph& graph, FixedValue* v, FixedHookRunner* hooks) {
    if (plan.steps.size() != plan.ops.size() + 1) [[unlikely]] {  // no steps: every op in general
        for (const FixedOp& op : plan.ops)
            if (!run_general(op, plan, graph, v, hooks)) return FixedOutcome::gave_up;
        return FixedOutcome::done;
    }
    // In FixedStepKind's order.
    static const void* const labels[] = {
        &&general, &&add, &&sub, &&min, &&max, &&compare, &&round_quotient, &&sum3, &&sum, &&sum_f,
        &&add_k, &&add_k_r, &&k_sub, &&k_sub_r, &&min_k, &&min_k_r, &&max_k, &&max_k_r, &&mul_k, &&mul_k_r,
        &&compare_k, &&compare_k_r, &&check_k, &&check_k_r, &&select, &&select_r, &&select_f, &&select_f_r,
        &&scale, &&scale_r, &&round, &&round_r, &&tier, &&tier_r, &&pick, &&pick_r, &&pick_f, &&pick_f_r,
        &&min_k_check, &&min_k_check_r, &&check_scale, &&check_scale_r, &&end,
    };
    static_assert(sizeof labels / sizeof labels[0] == static_cast<size_t>(FixedStepKind::end) + 1);
    const FixedStep* const steps = plan.steps.data();
    const FixedOp* const ops = plan.ops.data();
    const std::uint32_t* const slots = plan.step_slots.data();
    const std::int64_t* const factors = plan.step_factors.data();
    const FixedRange* const ranges = plan.step_ranges.data();
    const FixedStep* s = steps;
    std::int64_t lo = 0, hi = 0;  // the last step's result
    FixedValue a, b;              // operands
    char* const base = reinterpret_cast<char*>(v);
// A slot by its byte offset (steps name slots so: no scaling by 16 per access).
#define RUBRIC_AT(offset) (*reinterpret_cast<FixedValue*>(base + (offset)))
#define RUBRIC_NEXT() goto* labels[static_cast<unsigned>((++s)->kind)]
#define RUBRIC_PUT(l, h)                 \
    do {                                 \
        const std::int64_t l_ = (l);     \
        const std::int64_t h_ = (h);     \
        lo = l_;                         \
        hi = h_;                         \
        store(RUBRIC_AT(s->dst), lo, hi);        \
        RUBRIC_NEXT();                   \
    } while (0)
// The two entries of a step reading one slot `a`: from memory, or the last result.
#define RUBRIC_UNARY(name)   \
    name##_r:                \
    a = {lo, hi};            \
    goto name##_a;           \
    name:                    \
    a = load(RUBRIC_AT(s->a));       \
    name##_a:
    goto* labels[static_cast<unsigned>(s->kind)];

add:
    a = load(RUBRIC_AT(s->a)), b = load(RUBRIC_AT(s->b));
    if (valid(a) & valid(b) & add64(a.lo, b.lo, lo) & add64(a.hi, b.hi, hi)) RUBRIC_PUT(lo, hi);
    goto general;
sub:
    a = load(RUBRIC_AT(s->a)), b = load(RUBRIC_AT(s->b));
    if (valid(a) & valid(b) & sub64(a.lo, b.hi, lo) & sub64(a.hi, b.lo, hi)) RUBRIC_PUT(lo, hi);
    goto general;
min:
    a = load(RUBRIC_AT(s->a)), b = load(RUBRIC_AT(s->b));
    if (valid(a) & valid(b)) RUBRIC_PUT(std::min(a.lo, b.lo), std::min(a.hi, b.hi));
    goto general;
max:
    a = load(RUBRIC_AT(s->a)), b = load(RUBRIC_AT(s->b));
    if (valid(a) & valid(b)) RUBRIC_PUT(std::max(a.lo, b.lo), std::max(a.hi, b.hi));
    goto general;
compare:
    a = load(RUBRIC_AT(s->a)), b = load(RUBRIC_AT(s->b));
    if ((a.lo == a.hi) & (b.lo == b.hi)) {
        lo = (s->aux >> ((a.lo > b.lo) - (a.lo < b.lo) + 1)) & 1;
        RUBRIC_PUT(lo, lo);
    }
    goto general;
round_quotient: {
    a = load(RUBRIC_AT(s->a)), b = load(RUBRIC_AT(s->b));
    std::int64_t n, d;
    if ((a.lo == a.hi) & (b.lo == b.hi) & (b.lo != 0) & mul64(a.lo, fixed::pow10_64(s->n), n) &
            mul64(b.lo, s->k, d) &&
        (n != fixed::int64_min) & (d != fixed::int64_min)) {
        if (d < 0) n = -n, d = -d;
        if (mul64(fixed::round_div64(n, d, static_cast<RoundingMode>(s->aux)), s->c, lo)) RUBRIC_PUT(lo, lo);
    }
    goto general;
}
sum3: {
    a = load(RUBRIC_AT(s->a)), b = load(RUBRIC_AT(s->b));
    const FixedValue c = load(RUBRIC_AT(s->c));
    if (valid(a) & valid(b) & valid(c) & add64(a.lo, b.lo, lo) & add64(a.hi, b.hi, hi) & add64(lo, c.lo, lo) &
        add64(hi, c.hi, hi))
        RUBRIC_PUT(lo, hi);
    goto general;
}
sum: {
    const std::uint32_t* list = slots + s->b;
    bool ok = true;
    lo = hi = 0;
    for (std::uint32_t k = 0; k < s->n; ++k) {
        const FixedValue x = load(RUBRIC_AT(list[k]));
        ok &= valid(x) & add64(lo, x.lo, lo) & add64(hi, x.hi, hi);
    }
    if (ok) RUBRIC_PUT(lo, hi);
    goto general;
}
sum_f: {
    bool ok = true;
    lo = hi = 0;
    for (std::uint32_t e = s->b; e < s->b + s->n; ++e) {
        const FixedValue x = load(RUBRIC_AT(slots[e]));
        std::int64_t xl, xh;
        ok &= valid(x) & mul64(x.lo, factors[e], xl) & mul64(x.hi, factors[e], xh) & add64(lo, xl, lo) &
              add64(hi, xh, hi);
    }
    if (ok) RUBRIC_PUT(lo, hi);
    goto general;
}
RUBRIC_UNARY(add_k)
    if (valid(a) & add64(a.lo, s->k, lo) & add64(a.hi, s->k, hi)) RUBRIC_PUT(lo, hi);
    goto general;
RUBRIC_UNARY(k_sub)
    if (valid(a) & sub64(s->k, a.hi, lo) & sub64(s->k, a.lo, hi)) RUBRIC_PUT(lo, hi);
    goto general;
RUBRIC_UNARY(min_k)
    if (valid(a)) RUBRIC_PUT(std::min(a.lo, s->k), std::min(a.hi, s->k));
    goto general;
RUBRIC_UNARY(max_k)
    if (valid(a)) RUBRIC_PUT(std::max(a.lo, s->k), std::max(a.hi, s->k));
    goto general;
RUBRIC_UNARY(mul_k)
    if (valid(a) & mul64(a.lo, s->k, lo) & mul64(a.hi, s->k, hi)) {
        if (s->k < 0) std::swap(lo, hi);
        RUBRIC_PUT(lo, hi);
    }
    goto general;
RUBRIC_UNARY(compare_k)
    if (a.lo == a.hi) {
        lo = (s->aux >> ((a.lo > s->k) - (a.lo < s->k) + 1)) & 1;
        RUBRIC_PUT(lo, lo);
    }
    goto general;
RUBRIC_UNARY(check_k)
    if ((a.lo >= 0) & valid(a) & (a.hi <= s->k)) RUBRIC_PUT(a.lo, a.hi);
    goto general;
RUBRIC_UNARY(select)
    if (a.lo == a.hi) {
        b = load(RUBRIC_AT(a.lo != 0 ? s->b : s->c));
        if (valid(b)) RUBRIC_PUT(b.lo, b.hi);
    }
    goto general;
RUBRIC_UNARY(select_f)
    if (a.lo == a.hi) {
        const std::uint32_t e = s->b + (a.lo == 0);
        b = load(RUBRIC_AT(slots[e]));
        if (valid(b) & mul64(b.lo, factors[e], lo) & mul64(b.hi, factors[e], hi)) RUBRIC_PUT(lo, hi);
    }
    goto general;
RUBRIC_UNARY(scale)
    if ((a.lo == a.hi) & mul64(a.lo, s->k, lo)) RUBRIC_PUT(lo, lo);
    goto general;
RUBRIC_UNARY(round)
    if ((a.lo == a.hi) & (a.lo != fixed::int64_min) &&
        mul64(fixed::round_div64(a.lo, s->k, static_cast<RoundingMode>(s->aux)), s->c, lo))
        RUBRIC_PUT(lo, lo);
    goto general;
RUBRIC_UNARY(tier)
    if (a.lo == a.hi) {
        const FixedRange* r = ranges + s->b;
        for (std::int64_t k = 0; k < s->n; ++k)
            if ((a.lo >= r[k].lo) & (a.lo <= r[k].hi)) RUBRIC_PUT(k, k);
    }
    goto general;  // an interval, or no tier holds it (run_op marks it)
RUBRIC_UNARY(pick)
    if ((a.lo == a.hi) & (a.lo >= 0) & (a.lo < s->n)) {
        b = load(RUBRIC_AT(slots[s->b + static_cast<std::uint32_t>(a.lo)]));
        if (valid(b)) RUBRIC_PUT(b.lo, b.hi);
    }
    goto general;
RUBRIC_UNARY(pick_f)
    if ((a.lo == a.hi) & (a.lo >= 0) & (a.lo < s->n)) {
        const std::uint32_t e = s->b + static_cast<std::uint32_t>(a.lo);
        b = load(RUBRIC_AT(slots[e]));
        if (valid(b) & mul64(b.lo, factors[e], lo) & mul64(b.hi, factors[e], hi)) RUBRIC_PUT(lo, hi);
    }
    goto general;
// Fused pairs: when the first step succeeds, the second (s + 1) runs on its
// result in registers; when the second cannot decide, `general` runs its op.
RUBRIC_UNARY(min_k_check)
    if (valid(a)) {
        lo = std::min(a.lo, s->k), hi = std::min(a.hi, s->k);
        store(RUBRIC_AT(s->dst), lo, hi);
        ++s;  // check_k_r
        if ((lo >= 0) & (hi <= s->k)) RUBRIC_PUT(lo, hi);
    }
    goto general;
RUBRIC_UNARY(check_scale)
    if ((a.lo >= 0) & valid(a) & (a.hi <= s->k)) {
        lo = a.lo, hi = a.hi;
        store(RUBRIC_AT(s->dst), lo, hi);
        ++s;  // scale_r
        std::int64_t scaled;
        if ((lo == hi) & mul64(lo, s->k, scaled)) RUBRIC_PUT(scaled, scaled);
    }
    goto general;
general:
    if (!run_general(ops[s - steps], plan, graph, v, hooks)) return FixedOutcome::gave_up;
    lo = RUBRIC_AT(s->dst).lo, hi = RUBRIC_AT(s->dst).hi;
    RUBRIC_NEXT();
end:
    return FixedOutcome::done;
#undef RUBRIC_UNARY
#undef RUBRIC_AT
#undef RUBRIC_PUT
#undef RUBRIC_NEXT
}
#pragma GCC diagnostic pop

}  // namespace rubric
