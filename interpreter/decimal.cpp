// rubric::Decimal implementation. See decimal.hpp for the representation and
// the precision rules.
//
// Strategy: every operation computes its exact result (or the exact result
// plus a "sticky" digit standing for a nonzero tail) as an unsigned 256-bit
// magnitude times a power of ten, then hands it to finish(), the single place
// that rounds, checks the range and normalizes. 256 bits hold 77 decimal
// digits, enough for a 38×38-digit product or two aligned 38-digit operands.

#include "interpreter/decimal.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <cstdlib>
#include <iterator>
#include <limits>
#include <ostream>
#include <utility>

namespace rubric {

namespace {

using u64 = std::uint64_t;
using i64 = std::int64_t;

// ---------------------------------------------------------------------------
// Minimal unsigned 256-bit arithmetic (only what the decimal code needs).

struct U256 {
    uint128 hi = 0;
    uint128 lo = 0;
};

constexpr U256 wide(uint128 v) noexcept { return U256{0, v}; }
constexpr bool is_zero(U256 a) noexcept { return a.hi == 0 && a.lo == 0; }

constexpr int compare(U256 a, U256 b) noexcept {
    if (a.hi != b.hi) return a.hi < b.hi ? -1 : 1;
    if (a.lo != b.lo) return a.lo < b.lo ? -1 : 1;
    return 0;
}

constexpr U256 add(U256 a, U256 b) noexcept {
    U256 r{a.hi + b.hi, a.lo + b.lo};
    if (r.lo < a.lo) ++r.hi;  // carry
    return r;
}

constexpr U256 sub(U256 a, U256 b) noexcept {  // requires a >= b
    U256 r{a.hi - b.hi, a.lo - b.lo};
    if (a.lo < b.lo) --r.hi;  // borrow
    return r;
}

// Full 128×128 → 256-bit product from four 64×64 partial products.
constexpr U256 mul(uint128 a, uint128 b) noexcept {
    const u64 a0 = static_cast<u64>(a), a1 = static_cast<u64>(a >> 64);
    const u64 b0 = static_cast<u64>(b), b1 = static_cast<u64>(b >> 64);
    const uint128 p00 = static_cast<uint128>(a0) * b0, p01 = static_cast<uint128>(a0) * b1;
    const uint128 p10 = static_cast<uint128>(a1) * b0, p11 = static_cast<uint128>(a1) * b1;
    const uint128 mid = (p00 >> 64) + static_cast<u64>(p01) + static_cast<u64>(p10);
    return U256{p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64),
                (mid << 64) | static_cast<u64>(p00)};
}

constexpr U256 mul_small(U256 a, u64 m) noexcept {  // caller guarantees no overflow
    const U256 low = mul(a.lo, m);
    return U256{low.hi + a.hi * m, low.lo};
}

// Long division by a 64-bit divisor, one 64-bit limb at a time.
constexpr U256 divmod_small(U256 a, u64 d, u64& rem) noexcept {
    const u64 limbs[4] = {static_cast<u64>(a.hi >> 64), static_cast<u64>(a.hi),
                          static_cast<u64>(a.lo >> 64), static_cast<u64>(a.lo)};
    u64 q[4] = {};
    uint128 r = 0;
    for (int i = 0; i < 4; ++i) {
        const uint128 cur = (r << 64) | limbs[i];
        q[i] = static_cast<u64>(cur / d);
        r = cur % d;
    }
    rem = static_cast<u64>(r);
    return U256{(static_cast<uint128>(q[0]) << 64) | q[1], (static_cast<uint128>(q[2]) << 64) | q[3]};
}

// Binary long division by any nonzero 128-bit divisor. The `top` bit keeps the
// shifted remainder exact even when the divisor is ≥ 2^127.
constexpr U256 divmod(U256 n, uint128 d, uint128& rem) noexcept {
    if ((d >> 64) == 0) {
        u64 r = 0;
        const U256 q = divmod_small(n, static_cast<u64>(d), r);
        rem = r;
        return q;
    }
    U256 q{};
    uint128 r = 0;
    for (int bit = 255; bit >= 0; --bit) {
        const uint128 word = bit >= 128 ? n.hi : n.lo;
        const bool top = (r >> 127) != 0;
        r = (r << 1) | ((word >> (bit % 128)) & 1);
        if (top || r >= d) {
            r -= d;
            (bit >= 128 ? q.hi : q.lo) |= static_cast<uint128>(1) << (bit % 128);
        }
    }
    rem = r;
    return q;
}

// ---------------------------------------------------------------------------
// Powers of ten and digit counts.

constexpr std::array<uint128, 39> make_pow10() noexcept {
    std::array<uint128, 39> p{};
    p[0] = 1;
    for (std::size_t i = 1; i < p.size(); ++i) p[i] = p[i - 1] * 10;
    return p;
}
constexpr std::array<uint128, 39> kPow10 = make_pow10();
constexpr u64 kPow10_19 = 10'000'000'000'000'000'000ULL;

constexpr u64 pow10_u64(int k) noexcept { return static_cast<u64>(kPow10[static_cast<std::size_t>(k)]); }

constexpr int digits(uint128 v) noexcept {  // digits(0) == 1
    int n = 1;
    while (n < 39 && v >= kPow10[static_cast<std::size_t>(n)]) ++n;
    return n;
}

constexpr int digits(U256 v) noexcept {
    int extra = 0;
    while (v.hi != 0) {  // above 2^128 means more than 38 digits: peel 19 at once
        u64 r = 0;
        v = divmod_small(v, kPow10_19, r);
        extra += 19;
    }
    return extra + digits(v.lo);
}

constexpr U256 mul_pow10(U256 a, i64 k) noexcept {  // caller guarantees no overflow
    for (; k > 0; k -= 19) a = mul_small(a, pow10_u64(static_cast<int>(std::min<i64>(k, 19))));
    return a;
}

constexpr uint128 magnitude(int128 v) noexcept {
    return v < 0 ? static_cast<uint128>(0) - static_cast<uint128>(v) : static_cast<uint128>(v);
}

// ---------------------------------------------------------------------------
// Rounding decisions.

// floor/ceiling become down/up once the sign is known, so the rest of the
// code only deals with magnitudes.
constexpr RoundingMode resolve(RoundingMode mode, bool negative) noexcept {
    if (mode == RoundingMode::floor) return negative ? RoundingMode::up : RoundingMode::down;
    if (mode == RoundingMode::ceiling) return negative ? RoundingMode::down : RoundingMode::up;
    return mode;
}

// Whether to step the truncated magnitude away from zero. `half` compares the
// discarded part with half a unit (-1 below, 0 tie, 1 above).
constexpr bool round_away(RoundingMode mode, int half, bool inexact, bool odd) noexcept {
    switch (mode) {
        case RoundingMode::half_up: return half >= 0 && inexact;
        case RoundingMode::half_even: return half > 0 || (half == 0 && odd);
        case RoundingMode::up: return inexact;
        default: return false;  // down (floor/ceiling already resolved)
    }
}

// Drops the k lowest digits of mag, rounding by the resolved mode.
U256 drop_digits(U256 mag, i64 k, RoundingMode mode, bool& inexact) noexcept {
    bool sticky = false;
    u64 last = 0;  // the highest dropped digit
    if (k > 78) {  // mag < 10^78: everything is below half of one unit
        sticky = !is_zero(mag);
        mag = U256{};
    } else {
        for (i64 left = k - 1; left > 0; left -= 19) {
            u64 r = 0;
            mag = divmod_small(mag, pow10_u64(static_cast<int>(std::min<i64>(left, 19))), r);
            sticky = sticky || r != 0;
        }
        mag = divmod_small(mag, 10, last);
    }
    inexact = sticky || last != 0;
    const int half = last > 5 || (last == 5 && sticky) ? 1 : (last == 5 ? 0 : -1);
    if (round_away(mode, half, inexact, (mag.lo & 1) != 0)) mag = add(mag, wide(1));
    return mag;
}

}  // namespace

// ---------------------------------------------------------------------------
// finish(): the one place that rounds, range-checks and normalizes.

namespace detail {
struct DecimalAccess {
    static constexpr Decimal make(int128 c, std::int32_t e) noexcept { return Decimal(c, e); }

    // Rounds sign·mag·10^exp to `max_digits` significant digits and to the
    // 10^-60 unit; nullopt when the result is ≥ 10^30. Clears *exact when
    // nonzero digits were discarded.
    static std::optional<Decimal> finish(bool negative, U256 mag, i64 exp, RoundingMode mode,
                                         int max_digits, bool* exact = nullptr) noexcept {
        if (is_zero(mag)) return Decimal{};
        // The usual case — a magnitude within 64 bits (at most 20 digits, so
        // nothing to round) at an exponent in range — in 64-bit arithmetic.
        if (mag.hi == 0 && (mag.lo >> 64) == 0 && exp >= Decimal::min_exponent && max_digits >= 20) {
            u64 c = static_cast<u64>(mag.lo);
            while (c % 10 == 0) {
                c /= 10;
                ++exp;
            }
            int n = 1;
            for (u64 v = c; v >= 10; v /= 10) ++n;
            if (n + exp > Decimal::max_exponent10) return std::nullopt;
            const int128 wide_c = static_cast<int128>(c);
            return make(negative ? -wide_c : wide_c, static_cast<std::int32_t>(exp));
        }
        const i64 drop = std::max<i64>({digits(mag) - max_digits, Decimal::min_exponent - exp, 0});
        if (drop > 0) {
            bool inexact = false;
            mag = drop_digits(mag, drop, resolve(mode, negative), inexact);
            exp += drop;
            if (inexact && exact != nullptr) *exact = false;
            if (digits(mag) > max_digits) {  // rounded up to 10^max_digits
                u64 r = 0;
                mag = divmod_small(mag, 10, r);
                ++exp;
            }
        }
        if (is_zero(mag)) return Decimal{};  // underflow
        if (digits(mag) + exp > Decimal::max_exponent10) return std::nullopt;
        uint128 c = mag.lo;
        for (; c % 10 == 0; c /= 10) ++exp;  // normalize: no trailing zeros
        const int128 signed_c = negative ? -static_cast<int128>(c) : static_cast<int128>(c);
        return make(signed_c, static_cast<std::int32_t>(exp));
    }

    // a + b, exact when it fits in 38 digits.
    static std::optional<Decimal> add_decimal(Decimal a, Decimal b, bool* exact) noexcept {
        if (a.is_zero()) return b;
        if (b.is_zero()) return a;
        uint128 ma = magnitude(a.coef_), mb = magnitude(b.coef_);
        if (digits(ma) + a.exp_ < digits(mb) + b.exp_) {  // let a have the higher top digit
            std::swap(a, b);
            std::swap(ma, mb);
        }
        const i64 gap = (digits(ma) + a.exp_) - (digits(mb) + b.exp_);
        U256 wa, wb;
        i64 unit = 0;
        if (gap >= 40) {
            // b lies entirely below a 40-digit window of a. Only its sign and
            // nonzeroness can matter, so a sticky 1 at the window's unit stands
            // in for it: it sits below the rounding digit and never forms a tie.
            const int shift = 40 - digits(ma);
            wa = mul_pow10(wide(ma), shift);
            wb = wide(1);
            unit = i64{a.exp_} - shift;
        } else {  // aligned exactly: at most 77 digits
            unit = std::min(a.exp_, b.exp_);
            wa = mul_pow10(wide(ma), a.exp_ - unit);
            wb = mul_pow10(wide(mb), b.exp_ - unit);
        }
        const bool na = a.coef_ < 0, nb = b.coef_ < 0;
        if (na == nb) return finish(na, add(wa, wb), unit, RoundingMode::half_up, Decimal::max_digits, exact);
        if (compare(wa, wb) >= 0) return finish(na, sub(wa, wb), unit, RoundingMode::half_up, Decimal::max_digits, exact);
        return finish(nb, sub(wb, wa), unit, RoundingMode::half_up, Decimal::max_digits, exact);
    }

    // (cv·10^k) mod m, computed in chunks so the power never materializes.
    static uint128 mod_scaled(uint128 cv, i64 k, uint128 m) noexcept {
        uint128 r = cv % m;
        for (; k > 0; k -= 19) {
            uint128 rem = 0;
            divmod(mul(r, pow10_u64(static_cast<int>(std::min<i64>(k, 19)))), m, rem);
            r = rem;
        }
        return r;
    }

    // round() when the value's exponent ≤ the quantum's: in units of 10^ev the
    // value is cv and the quantum D = cq·10^(eq-ev).
    static std::optional<Decimal> round_fine(Decimal v, Decimal q, RoundingMode mode) noexcept {
        const uint128 cv = magnitude(v.coef_), cq = magnitude(q.coef_);
        const i64 shift = i64{q.exp_} - v.exp_;
        const bool huge = digits(cq) + shift >= 40;  // D ≥ 10^39 > 2·cv
        const U256 d = huge ? U256{} : mul(cq, kPow10[static_cast<std::size_t>(shift)]);
        uint128 n = 0, r = cv;
        if (!huge && d.hi == 0) {
            n = cv / d.lo;
            r = cv % d.lo;
        }
        if (r == 0) return v;  // already a multiple
        const int half = huge ? -1 : compare(add(wide(r), wide(r)), d);
        if (round_away(mode, half, true, (n & 1) != 0)) ++n;
        bool exact = true;
        auto result = finish(v.coef_ < 0, mul(n, cq), q.exp_, RoundingMode::half_up, Decimal::max_digits, &exact);
        return exact ? result : std::nullopt;
    }

    // round() when the value's exponent > the quantum's: in units of 10^eq the
    // value is cv·10^(ev-eq) (possibly huge) and the quantum is cq. Working
    // modulo 2·cq gives both the remainder and the parity of n.
    static std::optional<Decimal> round_coarse(Decimal v, Decimal q, RoundingMode mode) noexcept {
        const uint128 cv = magnitude(v.coef_), cq = magnitude(q.coef_);
        const uint128 r2 = mod_scaled(cv, i64{v.exp_} - q.exp_, cq * 2);
        const bool odd = r2 >= cq;
        const uint128 r = odd ? r2 - cq : r2;
        if (r == 0) return v;
        const int half = r * 2 < cq ? -1 : (r * 2 == cq ? 0 : 1);
        const bool away = round_away(mode, half, true, odd);
        // |result| = |v| - r (+ cq when rounding away), all in units of 10^eq.
        const int128 delta = away ? static_cast<int128>(cq - r) : -static_cast<int128>(r);
        const auto step = finish(delta < 0, wide(magnitude(delta)), q.exp_, RoundingMode::half_up, Decimal::max_digits);
        bool exact = true;
        auto result = step ? add_decimal(v.abs(), *step, &exact) : std::nullopt;
        if (!result || !exact) return std::nullopt;
        return v.coef_ < 0 ? -*result : *result;
    }
};
}  // namespace detail

namespace {
using Access = detail::DecimalAccess;

// ---------------------------------------------------------------------------
// Parsing helpers.

// Collects mantissa digits: up to 38 significant digits exactly, then the first
// dropped digit (guard) and whether any later dropped digit is nonzero.
struct DigitAccumulator {
    uint128 mag = 0;
    int kept = 0;
    i64 exp = 0;
    int guard = -1;
    bool sticky = false;

    void push(int d, bool fractional) noexcept {
        if (kept < Decimal::max_digits) {
            mag = mag * 10 + static_cast<unsigned>(d);
            if (mag != 0) ++kept;  // leading zeros are not significant
            if (fractional) --exp;
            return;
        }
        if (guard < 0) guard = d;
        else sticky = sticky || d != 0;
        if (!fractional) ++exp;
    }

    // The kept digits followed by the guard digit and a sticky 1, so finish()
    // can round them like any other result.
    U256 widened(i64& e) const noexcept {
        U256 w = wide(mag);
        e = exp;
        if (guard >= 0) {
            w = add(mul_small(w, 10), wide(static_cast<unsigned>(guard)));
            --e;
        }
        if (sticky) {
            w = add(mul_small(w, 10), wide(1));
            --e;
        }
        return w;
    }
};

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// Exponent digits after 'e': [+-]digits, saturated far outside the range.
std::optional<i64> parse_exponent(std::string_view s) noexcept {
    std::size_t i = 0;
    bool negative = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
    if (i == s.size()) return std::nullopt;
    i64 value = 0;
    for (; i < s.size(); ++i) {
        if (!is_digit(s[i])) return std::nullopt;
        value = std::min<i64>(value * 10 + (s[i] - '0'), i64{1} << 40);
    }
    return negative ? -value : value;
}

// ---------------------------------------------------------------------------
// Formatting helpers (pure digit-string work; no locale, no printf).

// The digits of v, most significant first, ending at `end` (room for 39);
// returns where they start. 64-bit division once the value fits.
char* digits_before(uint128 v, char* end) {
    char* at = end;
    while (v > std::numeric_limits<std::uint64_t>::max()) {
        *--at = static_cast<char>('0' + static_cast<int>(v % 10));
        v /= 10;
    }
    auto w = static_cast<std::uint64_t>(v);
    do {
        *--at = static_cast<char>('0' + static_cast<int>(w % 10));
        w /= 10;
    } while (w != 0);
    return at;
}

// mag·10^exp written out as digits into `all` (at least one before the
// point); returns how many of them stand before the point.
std::size_t plain_digits(uint128 mag, i64 exp, std::string& all) {
    char buf[40];
    const char* begin = digits_before(mag, buf + sizeof buf);
    const auto n = static_cast<std::size_t>(buf + sizeof buf - begin);
    all.clear();
    if (exp >= 0) {
        all.append(begin, n);
        all.append(static_cast<std::size_t>(exp), '0');
        return all.size();
    }
    const auto k = static_cast<std::size_t>(-exp);
    if (n <= k) all.append(k - n + 1, '0');
    all.append(begin, n);
    return all.size() - k;
}

// The text of digits all[0, end) with the point after int_len (none when
// end == int_len), signed when `negative`.
std::string signed_text(bool negative, const std::string& all, std::size_t int_len, std::size_t end) {
    std::string out;
    out.reserve(end + 2);
    if (negative) out += '-';
    out.append(all, 0, int_len);
    if (end > int_len) {
        out += '.';
        out.append(all, int_len, end - int_len);
    }
    return out;
}

// Half-up rounding on the digit string itself, so formatting can never
// overflow (even for value×100 in to_percent).
std::string fixed_string(bool negative, uint128 mag, i64 exp, int places) {
    const auto p = static_cast<std::size_t>(std::clamp(places, 0, 100));
    std::string all;
    std::size_t int_len = plain_digits(mag, exp, all);
    if (all.size() - int_len > p) {
        const bool up = all[int_len + p] >= '5';
        all.resize(int_len + p);
        if (up) {  // one unit in the last place kept
            std::size_t i = all.size();
            while (i > 0 && all[i - 1] == '9') all[--i] = '0';
            if (i == 0) {
                all.insert(0, 1, '1');
                ++int_len;
            } else {
                ++all[i - 1];
            }
        }
    }
    all.append(int_len + p - all.size(), '0');
    const bool zero = all.find_first_not_of('0') == std::string::npos;
    return signed_text(negative && !zero, all, int_len, int_len + p);
}

Decimal expect(std::optional<Decimal> r) noexcept {
    assert(r.has_value() && "unchecked Decimal operation failed");
    if (!r) std::abort();  // never continue with a made-up value
    return *r;
}

}  // namespace

// ---------------------------------------------------------------------------
// Construction and parsing.

Decimal Decimal::from_int(long long value) noexcept {
    if (value > -1000000000000000000LL && value < 1000000000000000000LL) return from_scaled(value, 0);
    return *Access::finish(value < 0, wide(magnitude(value)), 0, RoundingMode::half_up, max_digits);
}

std::optional<Decimal> Decimal::from_parts(int128 coefficient, std::int64_t exponent) noexcept {
    const i64 e = std::clamp<i64>(exponent, -(i64{1} << 40), i64{1} << 40);  // keep i64 math safe
    return Access::finish(coefficient < 0, wide(magnitude(coefficient)), e, RoundingMode::half_up, max_digits);
}

// The common case of parse(): [+-]digits[.digits] with at most 18 digits in
// all, which a 64-bit integer holds exactly; nullopt sends the text to the
// general parser (exponents, long numbers, anything malformed).
static std::optional<Decimal> parse_short(std::string_view text) noexcept {
    std::size_t i = 0;
    const bool negative = !text.empty() && text[0] == '-';
    if (!text.empty() && (text[0] == '-' || text[0] == '+')) i = 1;
    std::int64_t units = 0;
    int digits = 0, scale = 0;
    bool fractional = false;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (c >= '0' && c <= '9') {
            if (++digits > 18) return std::nullopt;
            units = units * 10 + (c - '0');
            scale += fractional;
        } else if (c == '.' && !fractional) {
            fractional = true;
        } else {
            return std::nullopt;
        }
    }
    if (digits == 0) return std::nullopt;
    return Decimal::from_scaled(negative ? -units : units, scale);
}

std::optional<Decimal> Decimal::parse(std::string_view text) noexcept {
    if (text.size() <= 20)
        if (auto quick = parse_short(text)) return quick;
    std::size_t i = 0;
    bool negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
    DigitAccumulator acc;
    bool any_digit = false, fractional = false;
    for (; i < text.size(); ++i) {
        if (text[i] == '.' && !fractional) {
            fractional = true;
        } else if (is_digit(text[i])) {
            any_digit = true;
            acc.push(text[i] - '0', fractional);
        } else {
            break;
        }
    }
    if (!any_digit) return std::nullopt;
    i64 e10 = 0;
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        const auto e = parse_exponent(text.substr(i + 1));
        if (!e) return std::nullopt;
        e10 = *e;
    } else if (i != text.size()) {
        return std::nullopt;
    }
    i64 exp = 0;
    const U256 mag = acc.widened(exp);
    return Access::finish(negative, mag, exp + e10, RoundingMode::half_up, max_digits);
}

// ---------------------------------------------------------------------------
// Arithmetic.

std::optional<Decimal> Decimal::add(Decimal a, Decimal b) noexcept { return Access::add_decimal(a, b, nullptr); }

std::optional<Decimal> Decimal::sub(Decimal a, Decimal b) noexcept { return Access::add_decimal(a, -b, nullptr); }

std::optional<Decimal> Decimal::mul(Decimal a, Decimal b) noexcept {
    if (a.is_zero() || b.is_zero()) return Decimal{};
    const U256 product = ::rubric::mul(magnitude(a.coef_), magnitude(b.coef_));  // < 10^76
    return Access::finish((a.coef_ < 0) != (b.coef_ < 0), product, i64{a.exp_} + b.exp_,
                          RoundingMode::half_up, max_digits);
}

std::optional<Decimal> Decimal::div(Decimal a, Decimal b) noexcept {
    if (b.is_zero()) return std::nullopt;
    if (a.is_zero()) return Decimal{};
    const uint128 ma = magnitude(a.coef_), mb = magnitude(b.coef_);
    // Scale the dividend to 38 + digits(mb) digits (≤ 76): the integer
    // quotient then has 38 or 39 digits, at least two more than we keep.
    const i64 k = max_digits + digits(mb) - digits(ma);
    uint128 rem = 0;
    U256 q = divmod(mul_pow10(wide(ma), k), mb, rem);
    i64 exp = i64{a.exp_} - b.exp_ - k;
    if (rem != 0) {  // sticky digit: a nonzero tail that can never look like a tie
        q = ::rubric::add(mul_small(q, 10), wide(1));
        --exp;
    }
    return Access::finish((a.coef_ < 0) != (b.coef_ < 0), q, exp, RoundingMode::half_up, division_digits);
}

std::optional<Decimal> Decimal::round(Decimal quantum, RoundingMode mode) const noexcept {
    if (quantum.sign() <= 0) return std::nullopt;
    if (is_zero()) return *this;
    const RoundingMode resolved = resolve(mode, coef_ < 0);
    if (exp_ <= quantum.exp_) return Access::round_fine(*this, quantum, resolved);
    return Access::round_coarse(*this, quantum, resolved);
}

// ---------------------------------------------------------------------------
// Queries, comparison, formatting.

std::optional<long long> Decimal::to_int() const noexcept {
    if (exp_ < 0) return std::nullopt;
    const int128 v = coef_ * static_cast<int128>(kPow10[static_cast<std::size_t>(exp_)]);  // < 10^30
    constexpr long long lo = std::numeric_limits<long long>::min(), hi = std::numeric_limits<long long>::max();
    if (v < lo || v > hi) return std::nullopt;
    return static_cast<long long>(v);
}

std::strong_ordering operator<=>(const Decimal& a, const Decimal& b) noexcept {
    if (a.sign() != b.sign()) return a.sign() <=> b.sign();
    if (a.is_zero()) return std::strong_ordering::equal;
    // Compare magnitudes by top-digit position first, then by coefficients
    // padded to the same digit count (< 10^38, so no overflow).
    uint128 ma = magnitude(a.coefficient()), mb = magnitude(b.coefficient());
    const int da = digits(ma), db = digits(mb);
    std::strong_ordering mag = (da + a.exponent()) <=> (db + b.exponent());
    if (mag == 0) {
        if (da < db) ma *= kPow10[static_cast<std::size_t>(db - da)];
        else mb *= kPow10[static_cast<std::size_t>(da - db)];
        mag = ma <=> mb;
    }
    return a.sign() > 0 ? mag : 0 <=> mag;
}

std::string Decimal::to_string() const {
    std::string all;
    const std::size_t int_len = plain_digits(magnitude(coef_), exp_, all);
    return signed_text(coef_ < 0, all, int_len, all.size());
}

std::string Decimal::to_string_cut(int places, int shift) const {
    if (coef_ == 0) return "0";
    const auto p = static_cast<std::size_t>(std::clamp(places, 0, 100));
    std::string all;
    const std::size_t int_len = plain_digits(magnitude(coef_), i64{exp_} + shift, all);
    std::size_t end = std::min(all.size(), int_len + p);
    while (end > int_len && all[end - 1] == '0') --end;
    const bool zero = all.find_first_not_of('0') >= end;
    return signed_text(coef_ < 0 && !zero, all, int_len, end);
}

std::string Decimal::to_fixed(int places) const { return fixed_string(coef_ < 0, magnitude(coef_), exp_, places); }

std::string Decimal::to_percent(int places) const {
    return fixed_string(coef_ < 0, magnitude(coef_), i64{exp_} + 2, places) + "%";
}

Decimal operator+(Decimal a, Decimal b) noexcept { return expect(Decimal::add(a, b)); }
Decimal operator-(Decimal a, Decimal b) noexcept { return expect(Decimal::sub(a, b)); }
Decimal operator*(Decimal a, Decimal b) noexcept { return expect(Decimal::mul(a, b)); }
Decimal operator/(Decimal a, Decimal b) noexcept { return expect(Decimal::div(a, b)); }

std::ostream& operator<<(std::ostream& os, const Decimal& value) { return os << value.to_string(); }

}  // namespace rubric

std::size_t std::hash<rubric::Decimal>::operator()(const rubric::Decimal& value) const noexcept {
    // splitmix64-style mixing of the (normalized, hence canonical) members.
    const auto c = static_cast<rubric::uint128>(value.coefficient());
    std::uint64_t h = static_cast<std::uint64_t>(c) ^ (static_cast<std::uint64_t>(c >> 64) * 0x9E3779B97F4A7C15ULL);
    h ^= static_cast<std::uint64_t>(static_cast<std::uint32_t>(value.exponent())) + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
    h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9ULL;
    h = (h ^ (h >> 27)) * 0x94D049BB133111EBULL;
    return static_cast<std::size_t>(h ^ (h >> 31));
}
