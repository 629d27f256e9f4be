#pragma once
// rubric::Decimal — the exact decimal number type used for all scoring.
//
// Representation: value = coefficient × 10^exponent, with a signed 128-bit
// coefficient and an int32 exponent. Values are always normalized: the
// coefficient has no trailing zeros and zero is stored as (0, 0). Equal values
// therefore have equal members, so operator== is memberwise and hashing is
// straightforward.
//
// Precision rules:
//  * Range: |value| < 10^30. A result at or beyond 10^30 is an overflow, which
//    the checked operations report as std::nullopt.
//  * The coefficient holds at most 38 significant digits. add/sub/mul are exact
//    whenever the exact result fits in 38 digits; otherwise they round half-up
//    (ties away from zero) to 38 significant digits.
//  * Division carries 36 significant digits before any rounding the rubric
//    asks for: the quotient is rounded half-up to 36 significant digits, and an
//    exact quotient that fits (1/4, 429.3/4) comes out exact.
//  * The finest unit is 10^-60: every result is rounded at 10^-60, so a
//    magnitude below 5×10^-61 becomes zero. The exponent stays in [-60, 29].
//  * parse() rounds half-up to 38 significant digits, like arithmetic does.
//
// Arithmetic never throws, never allocates and uses no floating point.
// Only the string functions allocate (for the returned std::string).

#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace rubric {

__extension__ typedef __int128 int128;
__extension__ typedef unsigned __int128 uint128;

// Same order as ast::rounding_mode in grammar/ast.hpp.
enum class RoundingMode : unsigned char {
    half_up,    // 四舍五入: ties away from zero
    half_even,  // 银行家舍入: ties to the even neighbour
    down,       // 截尾: toward zero
    up,         // 进位: away from zero
    floor,      // toward -infinity
    ceiling,    // toward +infinity
};

namespace detail {
struct DecimalAccess;  // lets decimal.cpp build normalized values
}

class Decimal {
public:
    static constexpr int max_digits = 38;           // coefficient digits
    static constexpr int division_digits = 36;      // quotient digits
    static constexpr int max_exponent10 = 30;       // |value| < 10^30
    static constexpr int min_exponent = -60;        // finest unit 10^-60

    constexpr Decimal() noexcept = default;  // zero

    static Decimal from_int(long long value) noexcept;
    // units × 10^-scale (0 ≤ scale ≤ 18), normalized with 64-bit arithmetic:
    // how the fixed-point fast path (fixed_plan.hpp) hands back its results.
    static Decimal from_scaled(std::int64_t units, int scale) noexcept;
    // coefficient × 10^exponent, normalized and rounded half-up to 38 digits;
    // nullopt on overflow.
    static std::optional<Decimal> from_parts(int128 coefficient, std::int64_t exponent) noexcept;
    // [+-]digits[.digits][(e|E)[+-]digits], at least one mantissa digit; no
    // spaces, separators, nan/inf or hex. nullopt when malformed or ≥ 10^30.
    static std::optional<Decimal> parse(std::string_view text) noexcept;

    // Checked arithmetic (see the precision rules above).
    static std::optional<Decimal> add(Decimal a, Decimal b) noexcept;
    static std::optional<Decimal> sub(Decimal a, Decimal b) noexcept;
    static std::optional<Decimal> mul(Decimal a, Decimal b) noexcept;
    static std::optional<Decimal> div(Decimal a, Decimal b) noexcept;  // nullopt if b == 0

    // n × quantum, with the integer n chosen by mode. nullopt when quantum ≤ 0,
    // on overflow, or when n × quantum is not exactly representable.
    std::optional<Decimal> round(Decimal quantum, RoundingMode mode) const noexcept;

    int128 coefficient() const noexcept { return coef_; }
    std::int32_t exponent() const noexcept { return exp_; }
    int sign() const noexcept { return coef_ > 0 ? 1 : (coef_ < 0 ? -1 : 0); }
    bool is_zero() const noexcept { return coef_ == 0; }
    bool is_integer() const noexcept { return exp_ >= 0; }  // normalized form
    Decimal abs() const noexcept { return coef_ < 0 ? -*this : *this; }
    Decimal operator-() const noexcept { return Decimal(-coef_, exp_); }
    // The value as long long when it is integral and in range.
    std::optional<long long> to_int() const noexcept;

    // Shortest plain form, never exponent notation: "5.78", "0.001", "-3.5".
    std::string to_string() const;
    // Rounded half-up to `places` (clamped to 0..100) decimals and zero padded;
    // never "-0.00".
    std::string to_fixed(int places) const;
    // value × 100 through to_fixed(places), then "%": 0.78 → "78.0%" (places 1).
    std::string to_percent(int places) const;
    // value × 10^shift cut toward zero after `places` decimals, without
    // trailing zeros: 0.82049127 with places 4 and shift 2 → "82.0491".
    // Never fails, whatever the value: only the digits move. Something was
    // cut exactly when exponent() + shift < −places (no trailing zeros).
    std::string to_string_cut(int places, int shift = 0) const;

    friend bool operator==(const Decimal&, const Decimal&) = default;
    friend std::strong_ordering operator<=>(const Decimal& a, const Decimal& b) noexcept;

private:
    friend struct detail::DecimalAccess;
    constexpr Decimal(int128 coefficient, std::int32_t exponent) noexcept
        : coef_(coefficient), exp_(exponent) {}

    int128 coef_ = 0;
    std::int32_t exp_ = 0;
};

// Inline: it runs once per score on the fast path, and a call returning the
// 128-bit coefficient through memory stalls on store forwarding.
inline Decimal Decimal::from_scaled(std::int64_t units, int scale) noexcept {
    if (units == 0) return Decimal{};
    std::int32_t exponent = -scale;
    while (units % 10 == 0) {
        units /= 10;
        ++exponent;
    }
    return Decimal(units, exponent);
}

static_assert(sizeof(Decimal) <= 32);
static_assert(std::is_trivially_copyable_v<Decimal>);

// Unchecked conveniences for tests and literals: they assert in debug builds
// and abort (never return garbage) if the checked operation fails.
Decimal operator+(Decimal a, Decimal b) noexcept;
Decimal operator-(Decimal a, Decimal b) noexcept;
Decimal operator*(Decimal a, Decimal b) noexcept;
Decimal operator/(Decimal a, Decimal b) noexcept;

inline Decimal min(Decimal a, Decimal b) noexcept { return b < a ? b : a; }
inline Decimal max(Decimal a, Decimal b) noexcept { return a < b ? b : a; }

std::ostream& operator<<(std::ostream& os, const Decimal& value);

}  // namespace rubric

namespace std {
template <>
struct hash<rubric::Decimal> {
    std::size_t operator()(const rubric::Decimal& value) const noexcept;
};
}  // namespace std
