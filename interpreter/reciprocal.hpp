// Division by a constant as a multiply and a shift (Granlund and Montgomery,
// "Division by invariant integers using multiplication", 1994, theorem 4.2):
// for 0 < k and numbers below 2^bits, m = ⌈2^(bits+l) ÷ k⌉ with
// 2^(l−1) < k ≤ 2^l is below 2^(bits+1), and ⌊x ÷ k⌋ = ⌊x·m ÷ 2^(bits+l)⌋
// for every 0 ≤ x < 2^bits. With bits = 31 the multiplier fits in 32 bits
// and the product in 64, which vector units compute; with bits = 63 the
// product is taken in 128 bits, still several times cheaper than a division.
// FixedBatch (fixed_batch.cpp) divides by the constants of 保留 this way.
#pragma once

#include "interpreter/decimal.hpp"

#include <cstdint>

namespace rubric {

struct Reciprocal {
    std::uint64_t magic = 0;
    unsigned shift = 0;
};

// The reciprocal of 0 < k < 2^bits, for bits 31 or 63.
inline Reciprocal reciprocal_of(std::int64_t k, int bits) {
    int l = 0;
    while ((std::uint64_t{1} << l) < static_cast<std::uint64_t>(k)) ++l;  // l ≤ 63
    return {static_cast<std::uint64_t>(((int128{1} << (bits + l)) + k - 1) / k), static_cast<unsigned>(bits + l)};
}

// ⌊x ÷ k⌋ for 0 ≤ x < 2^31 (r from reciprocal_of(k, 31)).
inline std::uint32_t divide_narrow(std::uint32_t x, Reciprocal r) {
    return static_cast<std::uint32_t>((std::uint64_t{x} * r.magic) >> r.shift);
}

// ⌊x ÷ k⌋ for 0 ≤ x < 2^63 (r from reciprocal_of(k, 63)).
inline std::uint64_t divide_wide(std::uint64_t x, Reciprocal r) {
    return static_cast<std::uint64_t>((uint128{x} * r.magic) >> r.shift);
}

}  // namespace rubric
