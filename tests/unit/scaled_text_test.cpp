// append_scaled / append_scaled_fixed write what Decimal writes.
#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <string>

#include "interpreter/decimal.hpp"
#include "interpreter/scaled_text.hpp"

using rubric::Decimal;

namespace {

std::string scaled(std::int64_t units, int scale) {
    std::string out = "x";  // appended to, not replaced
    rubric::append_scaled(out, units, scale);
    return out.substr(1);
}

std::string scaled_fixed(std::int64_t units, int scale, int places) {
    std::string out;
    rubric::append_scaled_fixed(out, units, scale, places);
    return out;
}

}  // namespace

TEST_CASE("append_scaled writes a score as Decimal::to_string does") {
    CHECK(scaled(177, 2) == "1.77");
    CHECK(scaled(500, 2) == "5");
    CHECK(scaled(40, 2) == "0.4");
    CHECK(scaled(0, 2) == "0");
    CHECK(scaled(7, 3) == "0.007");
    CHECK(scaled(-1250, 3) == "-1.25");
    CHECK(scaled(1000, 0) == "1000");
    CHECK(scaled(std::numeric_limits<std::int64_t>::min(), 18) == "-9.223372036854775808");
    CHECK(scaled(std::numeric_limits<std::int64_t>::max(), 0) == "9223372036854775807");
}

TEST_CASE("append_scaled_fixed writes a total as Decimal::to_fixed does") {
    CHECK(scaled_fixed(8230, 2, 2) == "82.30");
    CHECK(scaled_fixed(823, 1, 2) == "82.30");
    CHECK(scaled_fixed(96, 0, 2) == "96.00");
    CHECK(scaled_fixed(74845, 3, 2) == "74.85");   // half-up
    CHECK(scaled_fixed(74844, 3, 2) == "74.84");
    CHECK(scaled_fixed(-74845, 3, 2) == "-74.85");  // away from zero, as to_fixed
    CHECK(scaled_fixed(-4, 3, 2) == "0.00");        // no "-0.00"
    CHECK(scaled_fixed(995, 3, 0) == "1");
    CHECK(scaled_fixed(5, 0, 0) == "5");
}

TEST_CASE("append_scaled and append_scaled_fixed agree with Decimal on random values") {
    std::mt19937_64 rng(20261124);
    for (int i = 0; i < 200000; ++i) {
        const int digits = static_cast<int>(rng() % 19);
        std::int64_t units = static_cast<std::int64_t>(rng() % 1000000000000000000ULL);
        for (int k = digits; k < 18; ++k) units /= 10;
        if (rng() % 3 == 0) units = -units;
        if (rng() % 5 == 0 && units / 100 < 90000000000000LL && units / 100 > -90000000000000LL) units *= 100;  // trailing zeros
        const int scale = static_cast<int>(rng() % 19);
        const int places = static_cast<int>(rng() % 8);
        const Decimal d = Decimal::from_scaled(units, scale);
        CAPTURE(units);
        CAPTURE(scale);
        CAPTURE(places);
        REQUIRE(scaled(units, scale) == d.to_string());
        REQUIRE(scaled_fixed(units, scale, places) == d.to_fixed(places));
    }
}
