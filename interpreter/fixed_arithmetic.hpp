// Integer helpers of the fixed-point fast path (fixed_plan.hpp): powers of
// ten, range checks, and division rounded by each RoundingMode. Products of
// two int64 values are taken in 128 bits, where they cannot overflow;
// divisions use 64-bit instructions whenever both operands fit, since a
// 128-bit division is a library call several times slower.
#pragma once

#include "interpreter/decimal.hpp"

#include <cstdint>
#include <limits>

namespace rubric::fixed {

using i128 = rubric::int128;

inline constexpr std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();
inline constexpr std::int64_t int64_min = std::numeric_limits<std::int64_t>::min();

inline constexpr std::int64_t pow10_table[19] = {
    1LL, 10LL, 100LL, 1000LL, 10000LL, 100000LL, 1000000LL, 10000000LL, 100000000LL, 1000000000LL,
    10000000000LL, 100000000000LL, 1000000000000LL, 10000000000000LL, 100000000000000LL,
    1000000000000000LL, 10000000000000000LL, 100000000000000000LL, 1000000000000000000LL};

// 10^e for 0 ≤ e ≤ 18.
inline constexpr std::int64_t pow10_64(int e) { return pow10_table[e]; }

// 10^e for 0 ≤ e ≤ 38.
inline constexpr i128 pow10_128(int e) {
    return e <= 18 ? i128{pow10_table[e]} : i128{pow10_table[18]} * pow10_128(e - 18);
}

inline constexpr bool fits64(i128 v) { return v >= int64_min && v <= int64_max; }

// n ÷ d (d > 0) truncated, with the remainder; 64-bit when both fit.
inline void divide(i128 n, i128 d, i128& q, i128& r) {
    if (fits64(n) && fits64(d)) {
        const auto n64 = static_cast<std::int64_t>(n), d64 = static_cast<std::int64_t>(d);
        q = n64 / d64;
        r = n64 % d64;
    } else {
        q = n / d;
        r = n % d;
    }
}

inline i128 floor_div(i128 n, i128 d) {  // d > 0
    i128 q, r;
    divide(n, d, q, r);
    return r < 0 ? q - 1 : q;
}

inline i128 ceil_div(i128 n, i128 d) {  // d > 0
    i128 q, r;
    divide(n, d, q, r);
    return r > 0 ? q + 1 : q;
}

// The whole number n ÷ d (d > 0) rounded by `mode`, as Decimal::round chooses it.
inline i128 round_div(i128 n, i128 d, RoundingMode mode) {
    i128 q, r;
    divide(n, d, q, r);
    if (r == 0) return q;
    const bool negative = n < 0;
    const i128 away = negative ? -1 : 1;
    const i128 twice = 2 * (negative ? -r : r);
    switch (mode) {
        case RoundingMode::half_up: return twice >= d ? q + away : q;
        case RoundingMode::half_even: return twice > d || (twice == d && (q & 1)) ? q + away : q;
        case RoundingMode::down: return q;
        case RoundingMode::up: return q + away;
        case RoundingMode::floor: return negative ? q - 1 : q;
        case RoundingMode::ceiling: return negative ? q : q + 1;
    }
    return q;
}

// The same in 64 bits, for the fast path's exact case (n ≠ INT64_MIN).
inline std::int64_t round_div64(std::int64_t n, std::int64_t d, RoundingMode mode) {
    const std::int64_t q = n / d, r = n % d;
    if (r == 0) return q;
    const bool negative = n < 0;
    const std::int64_t away = negative ? -1 : 1;
    const std::uint64_t twice = 2 * static_cast<std::uint64_t>(negative ? -r : r);
    const auto ud = static_cast<std::uint64_t>(d);
    switch (mode) {
        case RoundingMode::half_up: return twice >= ud ? q + away : q;
        case RoundingMode::half_even: return twice > ud || (twice == ud && (q & 1)) ? q + away : q;
        case RoundingMode::down: return q;
        case RoundingMode::up: return q + away;
        case RoundingMode::floor: return negative ? q - 1 : q;
        case RoundingMode::ceiling: return negative ? q : q + 1;
    }
    return q;
}

// x × 10^e (0 ≤ e ≤ 38) into `out`; false on overflow.
inline bool scale_up(i128 x, int e, i128& out) {
    if (e == 0) return out = x, true;
    return !__builtin_mul_overflow(x, pow10_128(e), &out);
}

}  // namespace rubric::fixed
