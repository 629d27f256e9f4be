// Unit tests for rubric::Decimal (interpreter/decimal.hpp).
#include "interpreter/decimal.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <random>
#include <string>
#include <unordered_set>

using rubric::Decimal;
using rubric::RoundingMode;

namespace {

Decimal D(const char* text) {
    const auto d = Decimal::parse(text);
    REQUIRE_MESSAGE(d.has_value(), "parse failed: " << text);
    return *d;
}

// Renders an optional result; "nullopt" when absent.
std::string S(const std::optional<Decimal>& d) { return d ? d->to_string() : "nullopt"; }

std::string R(const char* value, const char* quantum, RoundingMode mode = RoundingMode::half_up) {
    return S(D(value).round(D(quantum), mode));
}

}  // namespace

TEST_CASE("parse and to_string round trip") {
    for (const char* text : {"5.78", "2", "0.001", "-3.5", "100504.06", "0", "84153.3", "-0.000015",
                             "12345678901234567890123456789.123456789", "99999999999999999999999999999.9"}) {
        CHECK(D(text).to_string() == text);
    }
}

TEST_CASE("parse normalizes equivalent spellings") {
    CHECK(D("+1.5").to_string() == "1.5");
    CHECK(D("1.50").to_string() == "1.5");
    CHECK(D("000123.4500").to_string() == "123.45");
    CHECK(D(".5").to_string() == "0.5");
    CHECK(D("5.").to_string() == "5");
    CHECK(D("-0").to_string() == "0");
    CHECK(D("-0.000").to_string() == "0");
    CHECK(D("1e3").to_string() == "1000");
    CHECK(D("1.5E-3").to_string() == "0.0015");
    CHECK(D("2.5e+2").to_string() == "250");
    CHECK(D("0e999999999999").to_string() == "0");
    CHECK(D("1.50") == D("1.5"));
    CHECK(D("1.50").coefficient() == 15);
    CHECK(D("1.50").exponent() == -1);
    CHECK(D("1200").coefficient() == 12);
    CHECK(D("1200").exponent() == 2);
    CHECK(D("0").exponent() == 0);
}

TEST_CASE("parse rejects malformed text") {
    for (const char* text : {"", ".", "+", "-", "+.", " 1", "1 ", "1,000", "1_000", "nan", "NaN", "inf",
                             "-inf", "Infinity", "0x10", "1e", "1e+", "e5", ".e1", "1.2.3", "--1", "+-1",
                             "12%", "1e5.5", "１", "1\n", "1d", "\t2"}) {
        CHECK_MESSAGE(!Decimal::parse(text).has_value(), "accepted: '" << text << "'");
    }
}

TEST_CASE("parse range, long mantissas and underflow") {
    CHECK(S(Decimal::parse("1e30")) == "nullopt");
    CHECK(S(Decimal::parse("-1000000000000000000000000000000")) == "nullopt");
    CHECK(S(Decimal::parse("999999999999999999999999999999")) == "999999999999999999999999999999");  // < 10^30
    CHECK(S(Decimal::parse("999999999999999999999999999999.9999999")) == "999999999999999999999999999999.9999999");
    CHECK(S(Decimal::parse("1e999999999999999999999")) == "nullopt");
    CHECK(S(Decimal::parse("999999999999999999999999999999.999999999")) == "nullopt");  // 39 digits: rounds to 10^30
    // More than 38 significant digits: rounded half-up to 38.
    CHECK(S(Decimal::parse("1.2345678901234567890123456789012345678949")) ==
          "1.2345678901234567890123456789012345679");
    CHECK(S(Decimal::parse("1.00000000000000000000000000000000000000000000000000")) == "1");
    CHECK(S(Decimal::parse("-0.000000000000000000000000000000000000000000000000000000000006")) ==
          "-0.000000000000000000000000000000000000000000000000000000000006");  // 6e-60 fits
    CHECK(S(Decimal::parse("1e-61")) == "0");
    CHECK(S(Decimal::parse("5e-61")) == "0.000000000000000000000000000000000000000000000000000000000001");
    CHECK(S(Decimal::parse("1e-999999999999999")) == "0");
}

TEST_CASE("from_int, to_int, is_integer") {
    CHECK(Decimal::from_int(0).to_string() == "0");
    CHECK(Decimal::from_int(-4200).to_string() == "-4200");
    CHECK(Decimal::from_int(-4200) == D("-4.2e3"));
    CHECK(Decimal::from_int(9223372036854775807LL).to_string() == "9223372036854775807");
    CHECK(Decimal::from_int(-9223372036854775807LL - 1).to_string() == "-9223372036854775808");
    CHECK(D("1200").to_int() == 1200LL);
    CHECK(D("-7").to_int() == -7LL);
    CHECK(D("-9223372036854775808").to_int() == (-9223372036854775807LL - 1));
    CHECK_FALSE(D("9223372036854775808").to_int().has_value());
    CHECK_FALSE(D("2.5").to_int().has_value());
    CHECK(D("2.0").is_integer());
    CHECK(D("0").is_integer());
    CHECK_FALSE(D("0.1").is_integer());
    CHECK(S(Decimal::from_parts(12300, -2)) == "123");
    CHECK(S(Decimal::from_parts(1, 30)) == "nullopt");
}

TEST_CASE("sign, abs, negation, min, max") {
    CHECK(D("-2.5").sign() == -1);
    CHECK(D("0").sign() == 0);
    CHECK(D("0.001").sign() == 1);
    CHECK(D("-2.5").abs().to_string() == "2.5");
    CHECK((-D("2.5")).to_string() == "-2.5");
    CHECK((-D("0")).to_string() == "0");
    CHECK(D("0").is_zero());
    CHECK(rubric::min(D("1.5"), D("1.49")).to_string() == "1.49");
    CHECK(rubric::max(D("-1"), D("0")).to_string() == "0");
}

TEST_CASE("comparisons across exponents") {
    CHECK(D("1.50") == D("1.5"));
    CHECK((D("1.50") <=> D("1.5")) == std::strong_ordering::equal);
    CHECK(D("0.1") < D("0.10001"));
    CHECK(D("-1") < D("0"));
    CHECK(D("-0.10001") < D("-0.1"));
    CHECK(D("100") > D("99.999999999999999999999999999999999999"));
    CHECK(D("1e29") > D("1e-60"));
    CHECK(D("-1e29") < D("-1e-60"));
    CHECK(D("12345678901234567890123456789.123456789") > D("12345678901234567890123456789.12345678"));
    CHECK(D("0.000000000000000000000000000000000000000000000000000000000001") > D("0"));
    CHECK(D("2") != D("2.000000000000000000000000000000000001"));
}

TEST_CASE("checked add and sub are exact within 38 digits") {
    CHECK(S(Decimal::add(D("0.1"), D("0.2"))) == "0.3");
    CHECK(S(Decimal::sub(D("0.3"), D("0.1"))) == "0.2");
    CHECK(S(Decimal::sub(D("1.5"), D("1.50"))) == "0");
    CHECK(S(Decimal::add(D("-2"), D("0.5"))) == "-1.5");
    CHECK((D("0.78") + D("1") + D("1") + D("0.998") + D("2")).to_string() == "5.778");
    CHECK((D("100504.06") - D("84153.30")).to_string() == "16350.76");
}

TEST_CASE("large coefficients near 38 digits") {
    const Decimal big = D("12345678901234567890123456789.123456789");  // 38 digits
    CHECK(S(Decimal::add(big, D("0.000000001"))) == "12345678901234567890123456789.12345679");
    CHECK(S(Decimal::sub(big, big)) == "0");
    const Decimal nines = D("99999999999999999999999999999.999999999");  // 38 nines
    CHECK(S(Decimal::add(nines, D("0.000000001"))) == "100000000000000000000000000000");
    // 39-digit exact sum 199…9.999999998 rounds half-up to 38 digits.
    CHECK(S(Decimal::add(nines, nines)) == "200000000000000000000000000000");
    CHECK(S(Decimal::sub(nines, D("99999999999999999999999999999.999999998"))) == "0.000000001");
    // Ties at the 39th digit round away from zero.
    CHECK(S(Decimal::add(D("1"), D("5e-38"))) == "1.0000000000000000000000000000000000001");
    CHECK(S(Decimal::add(D("-1"), D("-5e-38"))) == "-1.0000000000000000000000000000000000001");
    CHECK(S(Decimal::add(D("1"), D("4.9e-38"))) == "1");
    CHECK(S(Decimal::sub(D("1"), D("5e-38"))) == "0.99999999999999999999999999999999999995");
    // Far-apart operands: the small one only matters through rounding.
    CHECK(S(Decimal::add(D("1e29"), D("1e-60"))) == "100000000000000000000000000000");
    CHECK(S(Decimal::sub(D("1e29"), D("1e-60"))) == "100000000000000000000000000000");
    CHECK(S(Decimal::sub(D("1e-60"), D("1e29"))) == "-100000000000000000000000000000");
    CHECK(S(Decimal::add(D("1"), D("1e-40"))) == "1");
    CHECK(S(Decimal::sub(D("1"), D("1e-40"))) == "1");
}

TEST_CASE("checked mul") {
    CHECK((D("0.979") * D("6")).to_string() == "5.874");
    CHECK((D("-1.5") * D("-1.5")).to_string() == "2.25");
    CHECK((D("-1.5") * D("0")).to_string() == "0");
    CHECK(S(Decimal::mul(D("12345678901234567890.123456789"), D("1.1"))) == "13580246791358024679.1358024679");
    // 40-digit exact product rounded half-up to 38 digits.
    CHECK(S(Decimal::mul(D("99999999999999999999"), D("0.99999999999999999999"))) ==
          "99999999999999999998");
    CHECK(S(Decimal::mul(D("1e-40"), D("1e-40"))) == "0");  // underflow
}

TEST_CASE("overflow and division by zero return nullopt") {
    CHECK(S(Decimal::mul(D("1e29"), D("100"))) == "nullopt");
    CHECK(S(Decimal::mul(D("1e29"), D("9.99"))) == "999000000000000000000000000000");
    CHECK(S(Decimal::add(D("5e29"), D("5e29"))) == "nullopt");
    CHECK(S(Decimal::sub(D("-5e29"), D("5e29"))) == "nullopt");
    CHECK(S(Decimal::div(D("1e29"), D("0.1"))) == "nullopt");
    CHECK(S(Decimal::div(D("1"), D("0"))) == "nullopt");
    CHECK(S(Decimal::div(D("0"), D("0"))) == "nullopt");
    CHECK(S(Decimal::div(D("0"), D("7"))) == "0");
}

TEST_CASE("division carries 36 significant digits") {
    CHECK((D("1") / D("3")).to_string() == "0.333333333333333333333333333333333333");
    CHECK((D("2") / D("3")).to_string() == "0.666666666666666666666666666666666667");
    CHECK((D("-2") / D("3")).to_string() == "-0.666666666666666666666666666666666667");
    CHECK((D("1") / D("4")).to_string() == "0.25");
    CHECK((D("429.3") / D("4")).to_string() == "107.325");
    CHECK((D("19.5") / D("25")).to_string() == "0.78");
    CHECK((D("10") / D("0.001")).to_string() == "10000");
    CHECK((D("1") / D("7")).to_string() == "0.142857142857142857142857142857142857");
    CHECK((D("1") / D("0.000000000000000000000000000003")).to_string() ==
          "333333333333333333333333333333.333333");  // 36 digits, still below 10^30
    CHECK((D("1e-50") / D("1e20")).to_string() == "0");  // underflow
    const Decimal third = D("1") / D("3");
    CHECK((third * D("3")).to_string() == "0.999999999999999999999999999999999999");
}

TEST_CASE("round to a quantum: the rubric's examples") {
    CHECK(R("5.778", "0.01") == "5.78");
    CHECK(R("5.875", "0.01") == "5.88");
    CHECK(R("5.874", "0.01") == "5.87");
    CHECK(R("-2.345", "0.01", RoundingMode::half_up) == "-2.35");
    CHECK(R("2.345", "0.01", RoundingMode::half_even) == "2.34");
    CHECK(R("0.746031746031746031746031746031746032", "0.001") == "0.746");
    CHECK(R("107.325", "0.1") == "107.3");
    CHECK(R("2.5", "0.5") == "2.5");
    CHECK(R("2.74", "0.5", RoundingMode::half_up) == "2.5");
    CHECK(R("2.75", "0.5", RoundingMode::half_up) == "3");
    CHECK(D("2.75").round(D("0.5"), RoundingMode::half_up)->to_fixed(1) == "3.0");
}

TEST_CASE("round: every mode") {
    using M = RoundingMode;
    struct Row {
        const char* value;
        const char* half_up;
        const char* half_even;
        const char* down;
        const char* up;
        const char* floor;
        const char* ceiling;
    };
    const Row rows[] = {
        {"2.345", "2.35", "2.34", "2.34", "2.35", "2.34", "2.35"},
        {"-2.345", "-2.35", "-2.34", "-2.34", "-2.35", "-2.35", "-2.34"},
        {"2.355", "2.36", "2.36", "2.35", "2.36", "2.35", "2.36"},
        {"2.3451", "2.35", "2.35", "2.34", "2.35", "2.34", "2.35"},
        {"-2.3449", "-2.34", "-2.34", "-2.34", "-2.35", "-2.35", "-2.34"},
        {"2.34", "2.34", "2.34", "2.34", "2.34", "2.34", "2.34"},
        {"0.004", "0", "0", "0", "0.01", "0", "0.01"},
        {"-0.004", "0", "0", "0", "-0.01", "-0.01", "0"},
    };
    for (const Row& r : rows) {
        CAPTURE(r.value);
        CHECK(R(r.value, "0.01", M::half_up) == r.half_up);
        CHECK(R(r.value, "0.01", M::half_even) == r.half_even);
        CHECK(R(r.value, "0.01", M::down) == r.down);
        CHECK(R(r.value, "0.01", M::up) == r.up);
        CHECK(R(r.value, "0.01", M::floor) == r.floor);
        CHECK(R(r.value, "0.01", M::ceiling) == r.ceiling);
    }
}

TEST_CASE("round: other quanta and edge cases") {
    CHECK(R("123.456", "1") == "123");
    CHECK(R("125", "10") == "130");
    CHECK(R("125", "10", RoundingMode::half_even) == "120");
    CHECK(R("135", "10", RoundingMode::half_even) == "140");
    CHECK(R("1234", "100", RoundingMode::down) == "1200");
    CHECK(R("7", "0.5") == "7");
    CHECK(R("7", "3") == "6");
    CHECK(R("7.5", "3") == "9");
    CHECK(R("7", "3", RoundingMode::up) == "9");
    CHECK(R("4.5", "3", RoundingMode::half_even) == "6");    // n = 1.5 → 2
    CHECK(R("1.5", "3", RoundingMode::half_even) == "0");    // n = 0.5 → 0
    CHECK(R("-1.5", "3", RoundingMode::half_up) == "-3");
    CHECK(R("0.3", "0.25") == "0.25");
    CHECK(R("0.375", "0.25") == "0.5");
    CHECK(R("0", "0.01") == "0");
    CHECK(R("0.0001", "1000") == "0");
    CHECK(R("0.0001", "1000", RoundingMode::up) == "1000");
    CHECK(R("600", "1000") == "1000");
    CHECK(R("5e-60", "0.01", RoundingMode::ceiling) == "0.01");
    CHECK(R("999999999999999999999999999999.5", "1") == "nullopt");  // would reach 10^30
    CHECK(R("999999999999999999999999999999.5", "1", RoundingMode::down) == "999999999999999999999999999999");
    CHECK(R("99999999999999999999999999999.5", "1") == "100000000000000000000000000000");
    CHECK(R("1e29", "3") == "99999999999999999999999999999");
    CHECK(R("2", "0") == "nullopt");
    CHECK(R("2", "-0.5") == "nullopt");
    // n × quantum needing more than 38 digits cannot be exact.
    CHECK(R("1e29", "3e-60", RoundingMode::down) == "nullopt");
}

TEST_CASE("Longhua figures") {
    const auto q = D("0.001");
    const Decimal ratio1 = D("611.29") / D("819.38");
    CHECK(ratio1.to_string() == "0.746039688544997437086577656276697015");
    CHECK(S(ratio1.round(q, RoundingMode::half_up)) == "0.746");
    const Decimal ratio2 = D("84153.30") / D("100504.06");
    CHECK(S(ratio2.round(q, RoundingMode::half_up)) == "0.837");
    const Decimal ratio3 = D("47") / D("48");
    const Decimal r3 = *ratio3.round(q, RoundingMode::half_up);
    CHECK(r3.to_string() == "0.979");
    const Decimal score = r3 * D("6");
    CHECK(score.to_string() == "5.874");
    CHECK(S(score.round(D("0.01"), RoundingMode::half_up)) == "5.87");
    CHECK((D("19.5") / D("25")).to_string() == "0.78");
    CHECK((D("19.5") / D("25")).to_percent(1) == "78.0%");
    const Decimal total = D("0.78") + D("1") + D("1") + D("0.998") + D("2");
    CHECK(total.to_string() == "5.778");
    CHECK(S(total.round(D("0.01"), RoundingMode::half_up)) == "5.78");
}

TEST_CASE("to_fixed and to_percent") {
    CHECK(D("96.4").to_fixed(2) == "96.40");
    CHECK(D("2").to_fixed(2) == "2.00");
    CHECK(D("0.005").to_fixed(2) == "0.01");
    CHECK(D("-0.004").to_fixed(2) == "0.00");
    CHECK(D("-0.005").to_fixed(2) == "-0.01");
    CHECK(D("9.995").to_fixed(2) == "10.00");
    CHECK(D("-9.5").to_fixed(0) == "-10");
    CHECK(D("0.4").to_fixed(0) == "0");
    CHECK(D("-0.4").to_fixed(0) == "0");
    CHECK(D("123.456").to_fixed(-1) == "123");
    CHECK(D("0").to_fixed(3) == "0.000");
    CHECK(D("1200").to_fixed(1) == "1200.0");
    CHECK(D("999999999999999999999999999999.99").to_fixed(1) == "1000000000000000000000000000000.0");
    CHECK(D("0.78").to_percent(1) == "78.0%");
    CHECK(D("0.746").to_percent(1) == "74.6%");
    CHECK(D("0.83731").to_percent(2) == "83.73%");
    CHECK(D("1").to_percent(0) == "100%");
    CHECK(D("-0.00001").to_percent(2) == "0.00%");
    CHECK(D("999999999999999999999999999999").to_percent(0) == "99999999999999999999999999999900%");
}

TEST_CASE("value semantics and hashing") {
    static_assert(sizeof(Decimal) <= 32);
    static_assert(std::is_trivially_copyable_v<Decimal>);
    const std::hash<Decimal> h;
    CHECK(h(D("1.50")) == h(D("1.5")));
    CHECK(h(D("-0")) == h(Decimal{}));
    std::unordered_set<Decimal> set{D("1.5"), D("1.50"), D("2"), D("2.0"), D("0.1")};
    CHECK(set.size() == 3);
    CHECK(Decimal{}.to_string() == "0");
}

TEST_CASE("parse: the 64-bit shortcut for short plain numbers gives what the general parser gives") {
    // An exponent ("e0") always takes the general parser, so each text is
    // parsed both ways: random texts over digits, sign and point, valid or not.
    std::mt19937_64 rng(42);
    const std::string alphabet = "0123456789000.-+";
    size_t valid = 0;
    for (int n = 0; n < 200000; ++n) {
        std::string text;
        const size_t length = 1 + rng() % 21;
        for (size_t k = 0; k < length; ++k) text += alphabet[rng() % alphabet.size()];
        const std::optional<Decimal> quick = Decimal::parse(text), general = Decimal::parse(text + "e0");
        CAPTURE(text);
        REQUIRE(quick.has_value() == general.has_value());
        if (quick) {
            ++valid;
            REQUIRE(quick->coefficient() == general->coefficient());
            REQUIRE(quick->exponent() == general->exponent());
        }
    }
    CHECK(valid > 10000);
    CHECK(Decimal::parse("-0.000")->to_string() == "0");
    CHECK(Decimal::parse("123456789012345678")->to_string() == "123456789012345678");
    CHECK(Decimal::parse("1234567890.12345678")->to_string() == "1234567890.12345678");
    CHECK(Decimal::from_int(-1200) == *Decimal::parse("-1.2e3"));
    CHECK(Decimal::from_int(9223372036854775807LL).to_string() == "9223372036854775807");
}

TEST_CASE("to_string_cut: digits cut toward zero, as rounding down writes them, for any value") {
    CHECK(D("0.82049127").to_string_cut(4, 2) == "82.0491");
    CHECK(D("0.82").to_string_cut(4, 2) == "82");
    CHECK(D("0.8200001").to_string_cut(4, 2) == "82");
    CHECK(D("0.99999999").to_string_cut(6) == "0.999999");
    CHECK(D("-0.99999999").to_string_cut(6) == "-0.999999");
    CHECK(D("-0.0000001").to_string_cut(6) == "0");
    CHECK(D("0").to_string_cut(4, 2) == "0");
    CHECK(D("5").to_string_cut(4, 2) == "500");
    CHECK(D("1234.5").to_string_cut(0) == "1234");
    // Beyond what × 100 could hold: only the digits move.
    CHECK(D("999999999999999999999999999999").to_string_cut(4, 2) == "99999999999999999999999999999900");
    CHECK(D("0.123456789012345678901234567890123456").to_string_cut(4, 2) == "12.3456");

    // Random values, wide and narrow, against rounding down (× 100 first for shift 2).
    std::mt19937_64 rng(20261124);
    for (int n = 0; n < 100000; ++n) {
        const int digits = 1 + static_cast<int>(rng() % 38);
        std::string text = rng() % 2 ? "-" : "";
        for (int k = 0; k < digits; ++k) text += static_cast<char>('0' + rng() % 10);
        const int point = static_cast<int>(rng() % (static_cast<unsigned>(digits) + 1));
        text.insert(text.size() - static_cast<size_t>(point), ".");
        if (text.back() == '.') text.pop_back();
        if (text.front() == '.' || text.rfind("-.", 0) == 0) text.insert(text.front() == '-' ? 1 : 0, "0");
        const std::optional<Decimal> value = Decimal::parse(text);
        if (!value) continue;  // beyond 10^30
        const int places = static_cast<int>(rng() % 8);
        const int shift = rng() % 2 ? 2 : 0;
        CAPTURE(text);
        CAPTURE(places);
        CAPTURE(shift);
        const std::optional<Decimal> scaled = shift ? Decimal::mul(*value, Decimal::from_int(100)) : value;
        if (!scaled) continue;
        const std::optional<Decimal> cut = scaled->round(*Decimal::from_parts(1, -places), RoundingMode::down);
        REQUIRE(cut.has_value());
        REQUIRE(value->to_string_cut(places, shift) == cut->to_string());
        REQUIRE((value->exponent() + shift < -places) == (*cut != *scaled));
    }
}
