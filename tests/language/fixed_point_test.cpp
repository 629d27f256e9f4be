// The fixed-point fast path (interpreter/fixed_plan.hpp) against the Decimal
// evaluator: the same record must give the same Result, to the last digit
// and the last character of every message, whichever path scores it.
// `keep_slot_values` forces the Decimal evaluator; without it a record goes
// the fast way when it can.
#include "language_support.hpp"

#include "interpreter/fixed_arithmetic.hpp"

#include <filesystem>
#include <random>

using lang::Sheet;
using rubric::Decimal;
using rubric::RoundingMode;

namespace {

struct Both {
    rubric::Result fast, exact;
    std::uint64_t fast_records = 0;  // 1 when the fast path scored it
};

Both evaluate_both(const rubric::Program& program, const rubric::Record& record) {
    Both both;
    rubric::Workspace ws = program.make_workspace();
    program.evaluate(record, ws, both.fast);
    both.fast_records = ws.fixed_point_records;
    rubric::EvaluateOptions decimal_only;
    decimal_only.keep_slot_values = true;
    rubric::Workspace ws2 = program.make_workspace();
    program.evaluate(record, ws2, both.exact, decimal_only);
    return both;
}

void require_same(const rubric::Result& fast, const rubric::Result& exact) {
    REQUIRE(fast.scored == exact.scored);
    REQUIRE(fast.problems.size() == exact.problems.size());
    for (size_t k = 0; k < fast.problems.size(); ++k) {
        CHECK(fast.problems[k].column == exact.problems[k].column);
        CHECK(fast.problems[k].message == exact.problems[k].message);
    }
    if (!exact.scored) return;
    REQUIRE(fast.scores.size() == exact.scores.size());
    for (size_t k = 0; k < fast.scores.size(); ++k) {
        CAPTURE(k);
        CHECK(fast.scores[k] == exact.scores[k]);
    }
    CHECK(fast.total == exact.total);
    CHECK(fast.grade == exact.grade);
}

// A random value for an input, biased to what breaks arithmetic: ties,
// tier bounds, zeros, more decimals than six, very large amounts.
Decimal random_value(const rubric::InputSpec& in, std::mt19937_64& rng) {
    auto pick = [&](uint64_t n) { return static_cast<long long>(rng() % n); };
    auto decimal = [](long long units, int scale) { return *Decimal::from_parts(units, -scale); };
    switch (in.kind) {
        case rubric::InputKind::yes_no: return Decimal::from_int(pick(2));
        case rubric::InputKind::count: return Decimal::from_int(pick(8) == 0 ? 0 : pick(4) == 0 ? pick(1000000) : pick(30));
        case rubric::InputKind::enumeration: return Decimal::from_int(pick(static_cast<uint64_t>(in.values.size())));
        case rubric::InputKind::text: return Decimal{};
        case rubric::InputKind::percent: {
            const long long ties[] = {900, 950, 750, 600, 1000, 995, 9995, 5, 0};
            if (pick(3) == 0) return decimal(ties[pick(9)], ties[pick(9)] >= 1000 ? 4 : 3);
            return decimal(pick(1000001), 6 + static_cast<int>(pick(3)));  // up to 8 decimals
        }
        case rubric::InputKind::judgment:
        case rubric::InputKind::number: {
            Decimal low = in.low.value_or(Decimal{}), high = in.high.value_or(Decimal::from_int(1000));
            Decimal step = *Decimal::from_parts(1, -static_cast<int>(pick(5)));  // 1, 0.1 … 0.0001
            Decimal span = high - low;
            auto steps = (span / step).round(Decimal::from_int(1), RoundingMode::down)->to_int().value_or(0);
            return low + Decimal::from_int(steps > 0 ? pick(static_cast<uint64_t>(steps) + 1) : 0) * step;
        }
        case rubric::InputKind::amount:
        default: {
            if (pick(10) == 0) return Decimal{};
            if (pick(20) == 0) return decimal(pick(1000000000) * 1000000000LL + pick(1000000000), 2);  // ~10^16
            return decimal(pick(100000000), static_cast<int>(pick(9)));
        }
    }
}

rubric::Record random_record(const rubric::Program& program, std::mt19937_64& rng) {
    rubric::Record r;
    r.key = "单位";
    for (const rubric::InputSpec& in : program.inputs()) r.values.push_back(random_value(in, rng));
    return r;
}

}  // namespace

TEST_CASE("fixed-point helpers round as Decimal::round does, in every mode") {
    using rubric::fixed::round_div;
    // 2.5, −2.5, 3.5, 2.4, −2.6 quanta
    CHECK(round_div(25, 10, RoundingMode::half_up) == 3);
    CHECK(round_div(-25, 10, RoundingMode::half_up) == -3);
    CHECK(round_div(25, 10, RoundingMode::half_even) == 2);
    CHECK(round_div(35, 10, RoundingMode::half_even) == 4);
    CHECK(round_div(-25, 10, RoundingMode::half_even) == -2);
    CHECK(round_div(24, 10, RoundingMode::half_up) == 2);
    CHECK(round_div(-26, 10, RoundingMode::down) == -2);
    CHECK(round_div(-26, 10, RoundingMode::up) == -3);
    CHECK(round_div(-26, 10, RoundingMode::floor) == -3);
    CHECK(round_div(-26, 10, RoundingMode::ceiling) == -2);
    CHECK(round_div(26, 10, RoundingMode::ceiling) == 3);
    CHECK(round_div(20, 10, RoundingMode::up) == 2);  // exact: no mode moves it
    // 128-bit operands take the wide division
    const rubric::int128 big = rubric::fixed::pow10_128(30) * 25;
    CHECK(round_div(big, rubric::fixed::pow10_128(31), RoundingMode::half_up) == 3);
}

TEST_CASE("a value with more decimals than its slot holds becomes an interval around it") {
    rubric::FixedValue v;
    REQUIRE(rubric::to_fixed(*Decimal::parse("0.12345678"), 6, v));
    CHECK(v.lo == 123456);
    CHECK(v.hi == 123457);
    REQUIRE(rubric::to_fixed(*Decimal::parse("-0.12345678"), 6, v));
    CHECK(v.lo == -123457);
    CHECK(v.hi == -123456);
    REQUIRE(rubric::to_fixed(*Decimal::parse("12.5"), 6, v));
    CHECK(v.lo == 12500000);
    CHECK(v.hi == 12500000);
    CHECK_FALSE(rubric::to_fixed(*Decimal::parse("10000000000000"), 6, v));  // 10^19 units: beyond int64
    CHECK(Decimal::from_scaled(12500000, 6) == *Decimal::parse("12.5"));
    CHECK(Decimal::from_scaled(-300, 2).to_string() == "-3");
    CHECK(Decimal::from_scaled(0, 5) == Decimal{});
}

TEST_CASE("an exact quotient is decided on the fast path; one that only Decimal can settle falls back to it") {
    Sheet s;
    s.inputs = "输入 a：计数 个\n输入 b：计数 个";
    s.declarations = "约束 b > 0\n约束 a ≤ b\n三级指标得分 保留 0.01 截尾";
    s.points = "6";
    s.leaf = "：a ÷ b × 6";
    auto program = lang::compile_ok(lang::ruleset_text(s));
    REQUIRE(program->has_fixed_point_plan());

    // 399 ÷ 400 × 6 = 5.985 exactly → 5.98 (截尾): one exact value all the way.
    Both exact = evaluate_both(*program, lang::record({"399", "400"}));
    CHECK(exact.fast_records == 1);
    CHECK(exact.fast.scores[program->leaf_indicators()[0]].to_string() == "5.98");
    require_same(exact.fast, exact.exact);

    // 1 ÷ 3 × 6: Decimal carries 0.333…3 (36 digits) × 6 = 1.999…98, which 截尾 makes 1.99;
    // the fast path's interval straddles 2, so it leaves the record to Decimal.
    Both thirds = evaluate_both(*program, lang::record({"1", "3"}));
    CHECK(thirds.fast_records == 0);
    CHECK(thirds.fast.scores[program->leaf_indicators()[0]].to_string() == "1.99");
    require_same(thirds.fast, thirds.exact);

    // 2 ÷ 7 × 6 = 1.714285…: the interval is far from a boundary → 1.71 on the fast path.
    Both sevenths = evaluate_both(*program, lang::record({"2", "7"}));
    CHECK(sevenths.fast_records == 1);
    CHECK(sevenths.fast.scores[program->leaf_indicators()[0]].to_string() == "1.71");
    require_same(sevenths.fast, sevenths.exact);
}

TEST_CASE("a rate kept to 0.1% is rounded from the exact quotient, ties included") {
    Sheet s;
    s.inputs = "输入 a：金额 万元\n输入 b：金额 万元";
    s.declarations = "约束 b > 0\n计算 率 = a ÷ b，保留 0.1%";
    s.points = "10";
    s.leaf = "：分档 率 { ≥ 90%：10  80% ≤ x < 90%：6  < 80%：0 }";
    auto program = lang::compile_ok(lang::ruleset_text(s));
    // 89.95% → 90.0% (half-up tie) → 10; 89.9499% → 89.9% → 6
    Both tie = evaluate_both(*program, lang::record({"179.9", "200"}));
    CHECK(tie.fast_records == 1);
    CHECK(tie.fast.scores[program->leaf_indicators()[0]].to_string() == "10");
    Both below = evaluate_both(*program, lang::record({"179.8998", "200"}));
    CHECK(below.fast_records == 1);
    CHECK(below.fast.scores[program->leaf_indicators()[0]].to_string() == "6");
    // a zero divisor breaks the constraint: the Decimal evaluator words it, the same either way
    Both zero = evaluate_both(*program, lang::record({"1", "0"}));
    CHECK(zero.fast_records == 0);
    CHECK_FALSE(zero.fast.scored);
    REQUIRE(zero.fast.problems.size() == 1);
    CHECK(zero.fast.problems[0].message == "不满足约束「b > 0」（b = 0）");
    require_same(zero.fast, zero.exact);
}

TEST_CASE("every rounding mode gives the Decimal evaluator's scores on random records") {
    const char* modes[] = {"四舍五入", "银行家舍入", "截尾", "进位", "向下取整", "向上取整"};
    for (const char* mode : modes) {
        CAPTURE(mode);
        Sheet s;
        s.inputs = "输入 a：金额 万元\n输入 b：金额 万元\n输入 c：百分比\n输入 d：评分 [0, 5]";
        s.declarations = std::string("约束 b > 0\n计算 率 = a ÷ b，保留 0.1% ") + mode +
                         "\n三级指标得分 保留 0.01 " + mode + "\n总分 保留 0.1 " + mode;
        s.points = "20";
        s.leaf = "{\n 分项 甲（5分）：较小值(率 × 5, 5)\n 分项 乙（5分）：c × 5\n 分项 丙（5分）：d\n"
                 " 分项 丁（5分）：若 a > b 则 0 否则 a ÷ b × 5\n}";
        auto program = lang::compile_ok(lang::ruleset_text(s));
        REQUIRE(program->has_fixed_point_plan());
        std::mt19937_64 rng(20261124);
        std::uint64_t fast = 0;
        for (int i = 0; i < 3000; ++i) {
            rubric::Record r = random_record(*program, rng);
            Both both = evaluate_both(*program, r);
            fast += both.fast_records;
            require_same(both.fast, both.exact);
        }
        CHECK(fast > 1000);  // most records do go the fast way
    }
}

TEST_CASE("each shipped ruleset gives the Decimal evaluator's results on random records") {
    namespace fs = std::filesystem;
    const fs::path root = fs::path(RUBRIC_SOURCE_DIR) / "rulesets";
    for (std::string name : {"longhua-2021.rubric", "longhua-2022-draft.rubric", "pingshan-2020.rubric"}) {
        CAPTURE(name);
        rubric::CompileResult c = rubric::Engine{}.compile_file((root / name).string());
        REQUIRE(c.ok());
        REQUIRE(c.program->has_fixed_point_plan());
        std::mt19937_64 rng(7);
        std::uint64_t fast = 0, scored = 0;
        for (int i = 0; i < 5000; ++i) {
            rubric::Record r = random_record(*c.program, rng);
            Both both = evaluate_both(*c.program, r);
            fast += both.fast_records;
            scored += both.exact.scored;
            require_same(both.fast, both.exact);
        }
        CHECK(scored > 100);
        CHECK(fast > 0);
        MESSAGE(name << ": " << scored << " of 5000 random records scored, " << fast << " on the fast path");
    }
}

TEST_CASE("a hook given the 明细 rows, or rows scored row by row (逐行), keep the Decimal evaluator") {
    namespace fs = std::filesystem;
    const fs::path root = fs::path(RUBRIC_SOURCE_DIR) / "rulesets";
    rubric::CompileResult hooks = rubric::Engine{}.compile_file((root / "pingshan-2021-project.rubric").string());
    REQUIRE(hooks.ok());
    CHECK_FALSE(hooks.program->has_fixed_point_plan());
    rubric::CompileResult rows = rubric::Engine{}.compile_file((root / "project-self-evaluation.rubric").string());
    REQUIRE(rows.ok());
    CHECK_FALSE(rows.program->has_fixed_point_plan());
}
