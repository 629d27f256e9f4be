#include "interpreter/scaled_text.hpp"

#include <algorithm>

namespace rubric {

namespace {

// |units| as unsigned, INT64_MIN included.
std::uint64_t magnitude(std::int64_t units) {
    return units < 0 ? 0 - static_cast<std::uint64_t>(units) : static_cast<std::uint64_t>(units);
}

// The decimal digits of `m`, at least `min_digits` of them (leading zeros added).
void append_digits(std::string& out, std::uint64_t m, int min_digits) {
    char buffer[24];
    int n = 0;
    do {
        buffer[n++] = static_cast<char>('0' + m % 10);
        m /= 10;
    } while (m != 0);
    while (n < min_digits) buffer[n++] = '0';
    while (n > 0) out += buffer[--n];
}

constexpr std::uint64_t pow10(int e) {
    std::uint64_t p = 1;
    while (e-- > 0) p *= 10;
    return p;
}

// m × 10^-scale as integer part '.' `scale` fraction digits (none when scale is 0).
void append_plain(std::string& out, std::uint64_t m, int scale) {
    if (scale == 0) {
        append_digits(out, m, 1);
        return;
    }
    const std::uint64_t p = pow10(scale);
    append_digits(out, m / p, 1);
    out += '.';
    append_digits(out, m % p, scale);
}

}  // namespace

void append_scaled(std::string& out, std::int64_t units, int scale) {
    std::uint64_t m = magnitude(units);
    while (scale > 0 && m % 10 == 0) {
        m /= 10;
        --scale;
    }
    if (units < 0) out += '-';
    append_plain(out, m, scale);
}

void append_scaled_fixed(std::string& out, std::int64_t units, int scale, int places) {
    places = std::clamp(places, 0, 100);  // as Decimal::to_fixed
    std::uint64_t m = magnitude(units);
    int shown = scale;
    if (places < scale) {
        // Half-up on the first dropped digit, as Decimal::to_fixed rounds.
        const std::uint64_t p = pow10(scale - places);
        const std::uint64_t rest = m % p;
        m /= p;
        if (rest >= p - rest) ++m;  // rest ≥ p/2 without overflow
        shown = places;
    }
    if (units < 0 && m != 0) out += '-';
    append_plain(out, m, shown);
    if (places > shown) {
        if (shown == 0) out += '.';
        out.append(static_cast<std::size_t>(places - shown), '0');
    }
}

}  // namespace rubric
