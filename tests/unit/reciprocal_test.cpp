// Division by a constant as a multiply and a shift (interpreter/reciprocal.hpp),
// which FixedBatch uses for 保留 by a constant: against plain division, for
// every divisor up to 5,000 and random ones up to the limit of each form, at
// the numerators where an error would show first (0, multiples of k and their
// neighbours, the largest allowed) and at random ones.
#include "interpreter/reciprocal.hpp"

#include <doctest/doctest.h>

#include <random>
#include <vector>

using namespace rubric;

namespace {

template <class Divide>
void check_divisor(std::int64_t k, std::uint64_t limit, std::mt19937_64& random, int bits, Divide divide, size_t& checked) {
    const Reciprocal r = reciprocal_of(k, bits);
    if (bits == 31) REQUIRE(r.magic < (std::uint64_t{1} << 32));
    const auto uk = static_cast<std::uint64_t>(k);
    std::vector<std::uint64_t> xs{0, 1, limit - 1, limit - 2, (limit - 1) / uk * uk, (limit - 1) / uk * uk - 1};
    for (std::uint64_t m : {std::uint64_t{1}, std::uint64_t{2}, std::uint64_t{3}, (limit - 1) / uk / 2})
        if (m * uk < limit) xs.insert(xs.end(), {m * uk - 1, m * uk, std::min(m * uk + 1, limit - 1)});
    for (int j = 0; j < 40; ++j) xs.push_back(random() % limit);
    for (std::uint64_t x : xs) {
        if (x >= limit) continue;
        CAPTURE(k);
        CAPTURE(x);
        REQUIRE(divide(x, r) == x / uk);
        ++checked;
    }
}

}  // namespace

TEST_CASE("reciprocals divide exactly: 32-bit multipliers for numbers below 2^31") {
    std::mt19937_64 random(31);
    const std::uint64_t limit = std::uint64_t{1} << 31;
    size_t checked = 0;
    auto divide = [](std::uint64_t x, Reciprocal r) { return std::uint64_t{divide_narrow(static_cast<std::uint32_t>(x), r)}; };
    for (std::int64_t k = 1; k <= 5000; ++k) check_divisor(k, limit, random, 31, divide, checked);
    for (int j = 0; j < 5000; ++j) check_divisor(static_cast<std::int64_t>(random() % (limit - 1)) + 1, limit, random, 31, divide, checked);
    for (std::int64_t k : {std::int64_t{1} << 30, (std::int64_t{1} << 30) + 1, (std::int64_t{1} << 31) - 1, std::int64_t{1000000},
                           std::int64_t{10000000}, std::int64_t{100000000}})
        check_divisor(k, limit, random, 31, divide, checked);
    CHECK(checked > 450000);
}

TEST_CASE("reciprocals divide exactly: 128-bit products for numbers below 2^63") {
    std::mt19937_64 random(63);
    const std::uint64_t limit = std::uint64_t{1} << 63;
    size_t checked = 0;
    auto divide = [](std::uint64_t x, Reciprocal r) { return divide_wide(x, r); };
    for (std::int64_t k = 1; k <= 5000; ++k) check_divisor(k, limit, random, 63, divide, checked);
    for (int j = 0; j < 5000; ++j) check_divisor(static_cast<std::int64_t>(random() % (limit - 1)) + 1, limit, random, 63, divide, checked);
    std::int64_t power = 1;
    for (int e = 0; e <= 18; ++e, power = e <= 18 ? power * 10 : power) check_divisor(power, limit, random, 63, divide, checked);
    for (std::int64_t k : {std::int64_t{1} << 62, (std::int64_t{1} << 62) + 1, INT64_MAX})
        check_divisor(k, limit, random, 63, divide, checked);
    CHECK(checked > 450000);
}
