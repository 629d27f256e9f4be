#include "interpreter/scaled_text.hpp"

#include <algorithm>

namespace rubric {

namespace {

// |units| as unsigned, INT64_MIN included.
std::uint64_t magnitude(std::int64_t units) {
    return units < 0 ? 0 - static_cast<std::uint64_t>(units) : static_cast<std::uint64_t>(units);
}

constexpr std::uint64_t pow10(int e) {
    std::uint64_t p = 1;
    while (e-- > 0) p *= 10;
    return p;
}

// The decimal digits of `m`, at least `min_digits` of them (leading zeros added).
char* write_digits(char* out, std::uint64_t m, int min_digits) {
    char buffer[24];
    int n = 0;
    do {
        buffer[n++] = static_cast<char>('0' + m % 10);
        m /= 10;
    } while (m != 0);
    while (n < min_digits) buffer[n++] = '0';
    while (n > 0) *out++ = buffer[--n];
    return out;
}

// m × 10^-scale as integer part '.' `scale` fraction digits (none when scale is 0).
char* write_plain(char* out, std::uint64_t m, int scale) {
    if (scale == 0) return write_digits(out, m, 1);
    const std::uint64_t p = pow10(scale);
    out = write_digits(out, m / p, 1);
    *out++ = '.';
    return write_digits(out, m % p, scale);
}

}  // namespace

char* write_scaled(char* out, std::int64_t units, int scale) {
    std::uint64_t m = magnitude(units);
    while (scale > 0 && m % 10 == 0) {
        m /= 10;
        --scale;
    }
    if (units < 0) *out++ = '-';
    return write_plain(out, m, scale);
}

char* write_scaled_fixed(char* out, std::int64_t units, int scale, int places) {
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
    if (units < 0 && m != 0) *out++ = '-';
    out = write_plain(out, m, shown);
    if (places > shown) {
        if (shown == 0) *out++ = '.';
        out = std::fill_n(out, places - shown, '0');
    }
    return out;
}

void append_scaled(std::string& out, std::int64_t units, int scale) {
    char buffer[scaled_text_max];
    out.append(buffer, write_scaled(buffer, units, scale));
}

void append_scaled_fixed(std::string& out, std::int64_t units, int scale, int places) {
    char buffer[scaled_text_max + 101];
    out.append(buffer, write_scaled_fixed(buffer, units, scale, places));
}

}  // namespace rubric
