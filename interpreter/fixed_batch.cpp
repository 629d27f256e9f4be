// Running the fixed-point plan over a batch of records (fixed_batch.hpp;
// fixed_batch_plan.cpp makes the steps).
// Each step is a loop over the batch that computes every record's result
// and sets the record's `bad` flag where the one-record path would have to
// look closer (fixed_evaluator.cpp decides those). The loops have no
// branches on the values but the ones the arithmetic needs: a bad record's
// values are garbage that is never read, so every loop must stay defined on
// any int64 input (no division by zero, no INT64_MIN ÷ −1, no index out of
// its table).
#include "interpreter/fixed_batch.hpp"

#include "interpreter/fixed_arithmetic.hpp"
#include "interpreter/reciprocal.hpp"

#include <algorithm>

// The loops below vectorize; on x86-64 they are also built for AVX2
// (x86-64-v3), chosen when the processor has it, since the baseline's SSE2
// has no 64-bit comparison.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define RUBRIC_VECTOR_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define RUBRIC_VECTOR_CLONES
#endif

namespace rubric {

namespace {

using K = FixedStepKind;

inline bool mul_overflows(std::int64_t x, std::int64_t y, std::int64_t& r) { return __builtin_mul_overflow(x, y, &r); }

// round(n ÷ d) by `Mode` (d > 0), for any n but INT64_MIN: fixed::round_div64
// with the mode fixed, so that the loops below need not switch on it.
template <RoundingMode Mode>
inline std::int64_t round_div(std::int64_t n, std::int64_t d) {
    return fixed::round_div64(n, d, Mode);
}

}  // namespace

std::size_t FixedBatch::run(std::size_t n) {
    n = std::min(n, capacity_);
    std::uint64_t* const bad = bad_.data();
    const std::int64_t* const v = values_.data();
    for (size_t i = 0; i < n; ++i) bad[i] = refused_[i];
    std::fill_n(refused_.begin(), n, 0);
    admit(n);
    run_steps(n);
    for (uint32_t at : required_)
        for (size_t i = 0; i < n; ++i) bad[i] |= v[at + i] == 0;
    return static_cast<std::size_t>(std::count(bad, bad + n, 0));
}

void FixedBatch::load_rows(const std::int64_t* rows, std::size_t n) {
    n = std::min(n, capacity_);
    const std::size_t width = input_columns_.size();
    std::int64_t* const v = values_.data();
    const std::uint32_t* const at = input_columns_.data();
    for (std::size_t i = 0; i < n; ++i, rows += width)
        for (std::size_t k = 0; k < width; ++k) v[at[k] + i] = rows[k];
    // The rows that follow, for run() to fetch while it computes: an address
    // only (they may not exist; a prefetch never faults).
    upcoming_ = reinterpret_cast<std::uintptr_t>(rows);
    upcoming_bytes_ = n * width * sizeof(std::int64_t);
}

RUBRIC_VECTOR_CLONES void FixedBatch::admit(std::size_t n) {
    std::uint64_t* const bad = bad_.data();
    for (const Admission& in : admitted_) {
        const std::int64_t* x = values_.data() + in.at;
        const auto width = static_cast<std::uint64_t>(in.high) - static_cast<std::uint64_t>(in.low);
        // x in [low, high] exactly when x − low, wrapped, is at most high − low.
        for (size_t i = 0; i < n; ++i) bad[i] |= static_cast<std::uint64_t>(x[i]) - static_cast<std::uint64_t>(in.low) > width;
    }
}

// A general step: the plan's op on one record at a time, through the
// one-record path's own code (fixed_evaluator.cpp). Rare: an op no
// specialized step covers.
void FixedBatch::run_general(const Step& s, std::size_t n) {
    const FixedOp& op = plan_->ops[s.op];
    FixedValue* scratch = scratch_.data();
    std::int64_t* out = values_.data() + s.dst;
    for (size_t i = 0; i < n; ++i) {
        if (bad_[i]) continue;
        for (uint32_t r = s.reads; r < s.reads + s.read_count; ++r) {
            const uint32_t slot = reads_[r];
            scratch[slot].lo = scratch[slot].hi = column(slot)[i];
        }
        const bool ok = run_fixed_op(op, *plan_, *graph_, scratch);
        const FixedValue x = scratch[op.dst];
        if (!ok || x.lo != x.hi) {
            bad_[i] = 1;  // an interval, a marked value, or given up: the one-record path decides
            continue;
        }
        out[i] = x.lo;
    }
}

namespace {

// Runs body(i) for each record; a checked step also marks the records it
// fails. Unchecked, the failure test is dead code and the loop is plain
// arithmetic. The builtins wrap on overflow, so a loop stays defined on the
// garbage values of records already undecided.
template <bool Checked, class Body>
[[gnu::always_inline]] inline void each(std::size_t n, std::uint64_t* __restrict bad, Body body) {
    for (std::size_t i = 0; i < n; ++i) {
        const bool fail = body(i);
        if constexpr (Checked) bad[i] |= fail;
    }
}

inline std::int64_t wrapping_negate(std::int64_t x) {
    return static_cast<std::int64_t>(0 - static_cast<std::uint64_t>(x));
}
// ⌊m ÷ wide_divisor⌋ for 0 ≤ m < 2^63 (set_wide_reciprocal).
template <class Step>
[[gnu::always_inline]] inline std::uint64_t divide_by_step(std::uint64_t m, const Step& s) {
    return divide_wide(m, Reciprocal{s.wide_magic, s.wide_shift});
}

// R(x ÷ wide_divisor) half up for x ≠ INT64_MIN, as round_by_reciprocal.
template <class Step>
[[gnu::always_inline]] inline std::int64_t round_wide(std::int64_t x, const Step& s) {
    const std::uint64_t magnitude = static_cast<std::uint64_t>(x < 0 ? wrapping_negate(x) : x) & INT64_MAX;
    std::uint64_t q = divide_by_step(magnitude, s);
    const std::uint64_t r = magnitude - q * s.wide_divisor;
    q += r * 2 >= s.wide_divisor;
    return static_cast<std::int64_t>(x < 0 ? 0 - q : q);
}

// R(x ÷ divisor) half up, for |x| < 2^31, by the step's reciprocal
// (set_reciprocal): q = ⌊|x| ÷ divisor⌋, one more when the remainder is at
// least half, the sign of x. Defined on any x (a record already undecided).
template <class Step>
[[gnu::always_inline]] inline std::int32_t round_by_reciprocal(std::int64_t x, const Step& s) {
    const auto magnitude = static_cast<std::uint32_t>(x < 0 ? wrapping_negate(x) : x);
    std::uint32_t q = divide_narrow(magnitude, Reciprocal{s.magic, s.shift});
    const std::uint32_t r = magnitude - q * s.divisor;
    q += static_cast<std::int32_t>(r) >= static_cast<std::int32_t>(s.divisor - r);  // 2r ≥ divisor; both below 2^31
    return static_cast<std::int32_t>(x < 0 ? 0U - q : q);
}

inline bool add_wraps(std::int64_t x, std::int64_t y, std::int64_t& r) { return __builtin_add_overflow(x, y, &r); }
inline bool sub_wraps(std::int64_t x, std::int64_t y, std::int64_t& r) { return __builtin_sub_overflow(x, y, &r); }

}  // namespace

// A general step that divides by a constant (bounded()): the quotient when
// it is whole at the step's scale, as the one-record path's exact case;
// a remainder would make an interval, which the batch does not hold.
RUBRIC_VECTOR_CLONES void FixedBatch::run_exact_quotient(const Step& s, std::size_t n) {
    const std::int64_t* a = values_.data() + s.a;
    std::int64_t* d = values_.data() + s.dst;
    std::uint64_t* bad = bad_.data();
    for (size_t i = 0; i < n; ++i) {
        std::int64_t num;
        bool fail = mul_overflows(a[i], s.scale_up, num);
        fail |= num == fixed::int64_min;
        const std::uint64_t magnitude = static_cast<std::uint64_t>(num < 0 ? wrapping_negate(num) : num) & INT64_MAX;
        const std::uint64_t q = divide_by_step(magnitude, s);
        fail |= magnitude - q * s.wide_divisor != 0;
        d[i] = static_cast<std::int64_t>(num < 0 ? 0 - q : q);
        bad[i] |= fail;
    }
}

// Each case: the step's results into `d`, and (checked) its failures into bad.
[[gnu::always_inline]] inline void FixedBatch::run_step(const Step& s, std::size_t n) {
    std::int64_t* const v = values_.data();
    std::uint64_t* const bad = bad_.data();
    std::int64_t* __restrict const d = v + s.dst;
    const std::int64_t k = s.k;
#define RUBRIC_EACH(...) (s.checked ? each<true>(n, bad, __VA_ARGS__) : each<false>(n, bad, __VA_ARGS__))
    switch (s.kind) {
        case K::general:
            return s.exact_quotient ? run_exact_quotient(s, n) : run_general(s, n);
        case K::add: {
            const std::int64_t *a = v + s.a, *b = v + s.b;
            RUBRIC_EACH([=](size_t i) { return add_wraps(a[i], b[i], d[i]); });
            return;
        }
        case K::sub: {
            const std::int64_t *a = v + s.a, *b = v + s.b;
            RUBRIC_EACH([=](size_t i) { return sub_wraps(a[i], b[i], d[i]); });
            return;
        }
        case K::min: {
            const std::int64_t *a = v + s.a, *b = v + s.b;
            for (size_t i = 0; i < n; ++i) d[i] = std::min(a[i], b[i]);
            return;
        }
        case K::max: {
            const std::int64_t *a = v + s.a, *b = v + s.b;
            for (size_t i = 0; i < n; ++i) d[i] = std::max(a[i], b[i]);
            return;
        }
        case K::compare: {
            const std::int64_t *a = v + s.a, *b = v + s.b;
            const unsigned mask = s.aux;
            for (size_t i = 0; i < n; ++i) d[i] = (mask >> ((a[i] > b[i]) - (a[i] < b[i]) + 1)) & 1;
            return;
        }
        case K::round_quotient: {
            // R(a·10^n ÷ b·k) × c, as the one-record step; a zero or INT64_MIN
            // divisor is replaced for the record it marks.
            const std::int64_t *a = v + s.a, *b = v + s.b;
            const std::int64_t scale_a = fixed::pow10_64(s.n), quantum = s.c;
            const auto mode = static_cast<RoundingMode>(s.aux);
            if (s.reciprocal) {  // a constant divisor, |a·10^n| < 2^31 (bounded())
                const Step r = s;
                const auto c32 = static_cast<std::int32_t>(quantum);
                if (scale_a <= INT32_MAX) {  // a within 32 bits too: a 32 × 32-bit vector multiply
                    const auto scale32 = static_cast<std::int32_t>(scale_a);
                    for (size_t i = 0; i < n; ++i)
                        d[i] = std::int64_t{round_by_reciprocal(std::int64_t{static_cast<std::int32_t>(a[i])} * scale32, r)} * c32;
                    return;
                }
                for (size_t i = 0; i < n; ++i) {
                    std::int64_t num;
                    mul_overflows(a[i], scale_a, num);
                    d[i] = std::int64_t{round_by_reciprocal(num, r)} * c32;
                }
                return;
            }
            if (s.narrow && mode == RoundingMode::half_up) {  // only the divisor to check
                for (size_t i = 0; i < n; ++i) {
                    // Wrapping arithmetic: a record already undecided may hold any value.
                    std::int64_t num, den, q;
                    mul_overflows(a[i], scale_a, num);
                    mul_overflows(b[i], k, den);
                    const bool zero = den == 0;
                    bad[i] |= zero;
                    if (den < 0) num = wrapping_negate(num), den = wrapping_negate(den);
                    if (den <= 0) den = 1;  // zero, or INT64_MIN negated
                    mul_overflows(round_div<RoundingMode::half_up>(num, den), quantum, q);
                    d[i] = q;
                }
                return;
            }
            for (size_t i = 0; i < n; ++i) {
                std::int64_t num, den;
                bool fail = mul_overflows(a[i], scale_a, num);
                fail |= mul_overflows(b[i], k, den);
                fail |= (num == fixed::int64_min) | (den == fixed::int64_min) | (den == 0);
                if (fail) num = 0, den = 1;
                if (den < 0) num = -num, den = -den;
                const std::int64_t q = mode == RoundingMode::half_up ? round_div<RoundingMode::half_up>(num, den)
                                                                      : fixed::round_div64(num, den, mode);
                fail |= mul_overflows(q, quantum, d[i]);
                bad[i] |= fail;
            }
            return;
        }
        case K::sum3: {
            const std::int64_t *a = v + s.a, *b = v + s.b, *c = v + s.c;
            RUBRIC_EACH([=](size_t i) {
                std::int64_t t;
                const bool fail = add_wraps(a[i], b[i], t);
                return fail | add_wraps(t, c[i], d[i]);
            });
            return;
        }
        case K::sum:
        case K::sum_f: {
            const uint32_t* list = step_slots_.data() + s.b;
            const std::int64_t* factors = plan_->step_factors.data() + s.b;
            std::fill_n(d, n, 0);
            for (uint32_t e = 0; e < s.n; ++e) {
                const std::int64_t* x = v + list[e];
                const std::int64_t f = s.kind == K::sum ? 1 : factors[e];
                if (s.narrow && !s.checked) {
                    const auto f32 = static_cast<std::int32_t>(f);
                    for (size_t i = 0; i < n; ++i)  // wrapping: an undecided record's sum may overflow
                        d[i] = static_cast<std::int64_t>(static_cast<std::uint64_t>(d[i]) +
                                                         static_cast<std::uint64_t>(std::int64_t{static_cast<std::int32_t>(x[i])} * f32));
                    continue;
                }
                RUBRIC_EACH([=](size_t i) {
                    std::int64_t t;
                    const bool fail = mul_overflows(x[i], f, t);
                    return fail | add_wraps(d[i], t, d[i]);
                });
            }
            return;
        }
        case K::add_k: {
            const std::int64_t* a = v + s.a;
            RUBRIC_EACH([=](size_t i) { return add_wraps(a[i], k, d[i]); });
            return;
        }
        case K::k_sub: {
            const std::int64_t* a = v + s.a;
            RUBRIC_EACH([=](size_t i) { return sub_wraps(k, a[i], d[i]); });
            return;
        }
        case K::min_k: {
            const std::int64_t* a = v + s.a;
            for (size_t i = 0; i < n; ++i) d[i] = std::min(a[i], k);
            return;
        }
        case K::max_k: {
            const std::int64_t* a = v + s.a;
            for (size_t i = 0; i < n; ++i) d[i] = std::max(a[i], k);
            return;
        }
        case K::mul_k:
        case K::scale: {
            const std::int64_t* a = v + s.a;
            if (s.narrow && !s.checked) {  // 32 × 32 bits: one vector multiply
                const auto k32 = static_cast<std::int32_t>(k);
                for (size_t i = 0; i < n; ++i) d[i] = std::int64_t{static_cast<std::int32_t>(a[i])} * k32;
                return;
            }
            RUBRIC_EACH([=](size_t i) { return mul_overflows(a[i], k, d[i]); });
            return;
        }
        case K::compare_k: {
            const std::int64_t* a = v + s.a;
            const unsigned mask = s.aux;
            for (size_t i = 0; i < n; ++i) d[i] = (mask >> ((a[i] > k) - (a[i] < k) + 1)) & 1;
            return;
        }
        case K::check_k: {
            const std::int64_t* a = v + s.a;
            RUBRIC_EACH([=](size_t i) {
                d[i] = a[i];
                return (a[i] < 0) | (a[i] > k);
            });
            return;
        }
        case K::select: {
            const std::int64_t *a = v + s.a, *b = v + s.b, *c = v + s.c;
            for (size_t i = 0; i < n; ++i) d[i] = a[i] != 0 ? b[i] : c[i];
            return;
        }
        case K::select_f: {
            const std::int64_t* a = v + s.a;
            const std::int64_t *yes = v + step_slots_[s.b], *no = v + step_slots_[s.b + 1];
            const std::int64_t fy = plan_->step_factors[s.b], fn = plan_->step_factors[s.b + 1];
            RUBRIC_EACH([=](size_t i) {
                const bool t = a[i] != 0;
                return mul_overflows(t ? yes[i] : no[i], t ? fy : fn, d[i]);
            });
            return;
        }
        case K::round: {
            // k > 0 (the plan's divisor); INT64_MIN, which the one-record step declines, is replaced.
            const std::int64_t* a = v + s.a;
            const std::int64_t quantum = s.c;
            const auto mode = static_cast<RoundingMode>(s.aux);
            if (s.narrow && !s.checked) {  // half up on |x| < 2^31 (bounded()), in vector lanes
                const Step r = s;
                const auto c32 = static_cast<std::int32_t>(quantum);
                for (size_t i = 0; i < n; ++i) d[i] = std::int64_t{round_by_reciprocal(a[i], r)} * c32;
                return;
            }
            // Else each record by round_one, INT64_MIN (which the one-record step declines) made 0 and marked.
            auto each_rounded = [&](auto round_one) {
                RUBRIC_EACH([=](size_t i) {
                    const bool least = a[i] == fixed::int64_min;
                    return least | mul_overflows(round_one(least ? 0 : a[i]), quantum, d[i]);
                });
            };
            if (s.wide)  // half up by the 64-bit reciprocal
                each_rounded([r = s](std::int64_t x) { return round_wide(x, r); });
            else if (mode == RoundingMode::half_up)
                each_rounded([k](std::int64_t x) { return round_div<RoundingMode::half_up>(x, k); });
            else
                each_rounded([k, mode](std::int64_t x) { return fixed::round_div64(x, k, mode); });
            return;
        }
        case K::tier: {
            // The first range that holds the value: the ranges from the last
            // to the first, each over the whole batch, so the first wins.
            const std::int64_t* a = v + s.a;
            const FixedRange* ranges = plan_->step_ranges.data() + s.b;
            const std::int64_t count = s.n;
            std::fill_n(d, n, count);
            for (std::int64_t t = count; t-- > 0;) {
                const std::int64_t lo = ranges[t].lo, hi = ranges[t].hi;
                for (size_t i = 0; i < n; ++i) d[i] = (a[i] >= lo) & (a[i] <= hi) ? t : d[i];
            }
            if (s.checked)
                for (size_t i = 0; i < n; ++i) bad[i] |= d[i] == count;  // no tier holds it: the one-record path marks it
            return;
        }
        case K::pick:
        case K::pick_f: {
            // An index outside the table (only on a record already undecided, when unchecked) reads entry 0.
            const std::int64_t* a = v + s.a;
            const uint32_t* list = step_slots_.data() + s.b;
            const std::int64_t* factors = plan_->step_factors.data() + s.b;
            const std::int64_t count = s.n;
            const bool scaled = s.kind == K::pick_f;
            if (!s.checked && !scaled) {  // each entry over the whole batch
                for (std::int64_t e = 0; e < count; ++e) {
                    const std::int64_t* x = v + list[e];
                    if (e == 0) std::copy_n(x, n, d);
                    else for (size_t i = 0; i < n; ++i) d[i] = a[i] == e ? x[i] : d[i];
                }
                return;
            }
            RUBRIC_EACH([=](size_t i) -> bool {
                const bool in = (a[i] >= 0) & (a[i] < count);
                const auto e = in ? static_cast<uint32_t>(a[i]) : 0U;
                const std::int64_t x = v[list[e] + i];
                if (!scaled) return d[i] = x, !in;
                return !in | mul_overflows(x, factors[e], d[i]);
            });
            return;
        }
        default:
            return;  // the chained and fused kinds were made plain in make()
    }
#undef RUBRIC_EACH
}

// The steps in order, with each step's loop inlined into this one function
// (one copy per instruction set: RUBRIC_VECTOR_CLONES).
RUBRIC_VECTOR_CLONES void FixedBatch::run_steps(std::size_t n) {
    // The rows after the last load_rows(), a few cache lines after each step:
    // spread over the steps, their fetches overlap the arithmetic, where all
    // at once they would queue behind one another.
    std::uintptr_t next = upcoming_;
    const std::uintptr_t end = upcoming_ + upcoming_bytes_;
    const std::size_t per_step = upcoming_bytes_ / 64 / std::max<std::size_t>(steps_.size(), 1) + 1;
    for (const Step& s : steps_) {
        run_step(s, n);
        for (std::size_t k = 0; k < per_step && next < end; ++k, next += 64)
            __builtin_prefetch(reinterpret_cast<const void*>(next), 0, 1);
    }
    upcoming_bytes_ = 0;
}

}  // namespace rubric
