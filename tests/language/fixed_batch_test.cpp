// FixedBatch (interpreter/fixed_batch.hpp): the fast path over a batch of
// records. Every record it decides must hold exactly what the one-record
// fast path (Program::evaluate_fixed_slots) gives — every score, the total,
// the grade index and every constraint — and it may decide a record only
// when that path does. The counts of decided records are asserted, so that
// a batch that quietly leaves everything to the one-record path fails too.
#include "interpreter/batch.hpp"
#include "interpreter/engine.hpp"
#include "interpreter/record_binder.hpp"

#include "tests/test_records.hpp"

#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

using namespace rubric;

namespace {

using rubric_test::compile_file;
using rubric_test::source_path;

// The files' records and `mixed` more (rubric_test::mixed_records), then
// `extreme` more with one input set to a value at or beyond what the batch
// admits (zero divisors, huge amounts, negative numbers where allowed).
std::vector<Record> records_of(const Program& p, const std::vector<std::string>& files, size_t mixed, size_t extreme) {
    std::vector<Record> out = rubric_test::mixed_records(p, files, mixed);
    std::mt19937 random(20261124);
    const size_t real = out.size();
    const Decimal extremes[] = {Decimal::from_int(0), *Decimal::parse("1000000000"), *Decimal::parse("999999999.999999"),
                                *Decimal::parse("0.000001"), Decimal::from_int(-5)};
    for (size_t k = 0; k < extreme; ++k) {
        Record r = out[random() % real];
        r.values[random() % r.values.size()] = extremes[random() % std::size(extremes)];
        out.push_back(std::move(r));
    }
    return out;
}

struct Tally {
    size_t records = 0, one_record = 0, batch = 0;
};

// Every record through the batch (capacity `capacity`) and one at a time.
Tally check_batch(const Program& p, const std::vector<Record>& records, size_t capacity) {
    const FixedPlan& plan = *p.fixed_point_plan();
    std::optional<FixedBatch> made = p.make_fixed_batch(capacity);
    REQUIRE(made);
    FixedBatch& batch = *made;
    REQUIRE(batch.capacity() == capacity);
    std::vector<uint32_t> outputs{p.total_slot()};
    for (const IndicatorInfo& indicator : p.indicators()) outputs.push_back(indicator.score_slot);
    if (!p.grades().labels.empty()) outputs.push_back(p.grades().index_slot);
    for (const ConstraintInfo& c : p.constraints()) outputs.push_back(c.slot);

    Tally tally;
    Workspace ws = p.make_workspace();
    std::vector<std::vector<FixedValue>> one(capacity);
    std::vector<bool> one_decided(capacity);
    for (size_t first = 0; first < records.size(); first += capacity) {
        const size_t n = std::min(capacity, records.size() - first);
        for (size_t i = 0; i < n; ++i) {
            const Record& record = records[first + i];
            bool exact = true;
            for (uint32_t slot : plan.input_slots) {
                FixedValue v;
                const bool fits = to_fixed(record.values[slot], plan.scale[slot], v);
                exact = exact && fits && v.lo == v.hi;
                ws.fixed[slot] = v;
                batch.column(slot)[i] = v.lo;
            }
            if (!exact) batch.refuse(i);
            one_decided[i] = exact && p.evaluate_fixed_slots(ws);
            one[i] = ws.fixed;
        }
        const size_t decided = batch.run(n);
        size_t counted = 0;
        for (size_t i = 0; i < n; ++i) {
            CAPTURE(first + i);
            tally.one_record += one_decided[i];
            if (!batch.decided(i)) continue;
            ++counted;
            REQUIRE(one_decided[i]);
            for (uint32_t slot : outputs) {
                CAPTURE(slot);
                REQUIRE(batch.value(slot, i) == one[i][slot].lo);
            }
        }
        REQUIRE(counted == decided);
        tally.batch += decided;
        tally.records += n;
    }
    return tally;
}

}  // namespace

TEST_CASE("the batch decides Longhua's records exactly as the one-record fast path") {
    auto p = compile_file("rulesets/longhua-2021.rubric");
    const std::vector<Record> records = records_of(
        *p, {"examples/longhua-2021-published.csv", "examples/past/longhua-2019.csv", "examples/past/longhua-2020.csv",
             "examples/past/longhua-2021.csv"},
        5000, 1000);
    for (size_t capacity : {size_t{1}, size_t{7}, size_t{128}}) {
        CAPTURE(capacity);
        const Tally tally = check_batch(*p, records, capacity);
        CHECK(tally.records == 6091);
        CHECK(tally.one_record == 1806);
        CHECK(tally.batch == 1725);
    }
}

TEST_CASE("the batch on Pingshan 2020 and the Longhua 2022 draft") {
    struct Case {
        const char* ruleset;
        const char* file;
        size_t records, one_record, batch;
    };
    const Case cases[] = {
        {"rulesets/pingshan-2020.rubric", "examples/pingshan-2020-published.csv", 3501, 3345, 3205},
        {"rulesets/longhua-2022-draft.rubric", "examples/past/longhua-2020.csv", 3530, 1166, 1126},
    };
    for (const Case& c : cases) {
        CAPTURE(c.ruleset);
        auto p = compile_file(c.ruleset);
        const Tally tally = check_batch(*p, records_of(*p, {c.file}, 3000, 500), 64);
        CHECK(tally.records == c.records);
        CHECK(tally.one_record == c.one_record);
        CHECK(tally.batch == c.batch);
    }
}

TEST_CASE("the batch on every rule kind") {
    auto p = compile_file("tests/data/every-kind.rubric");
    const std::vector<Record> records = rubric_test::every_kind_records(20000);
    REQUIRE(p->inputs().size() == records.front().values.size());
    const Tally tally = check_batch(*p, records, 128);
    CHECK(tally.records == 20000);
    CHECK(tally.one_record == 19600);
    CHECK(tally.batch == 19600);  // 金额 0, one record in 50, breaks the constraint
}

TEST_CASE("a record with an input beyond what the batch admits is left to the one-record path") {
    auto p = compile_file("rulesets/longhua-2021.rubric");
    const FixedPlan& plan = *p->fixed_point_plan();
    BindOutcome bound = RecordBinder(p->inputs()).bind(read_data_file(source_path("examples/longhua-2021-published.csv")));
    REQUIRE(!bound.records.empty());
    // The published record as a row of the plan's inputs, four times.
    std::vector<std::int64_t> rows;
    for (size_t i = 0; i < 4; ++i)
        for (uint32_t slot : plan.input_slots) {
            FixedValue v;
            REQUIRE(to_fixed(bound.records[0].values[slot], plan.scale[slot], v));
            REQUIRE(v.lo == v.hi);
            rows.push_back(v.lo);
        }
    const size_t width = plan.input_slots.size();
    size_t amount = width, count = width;  // positions in a row
    for (size_t k = 0; k < width; ++k) {
        if (p->inputs()[plan.input_slots[k]].kind == InputKind::amount) amount = k;
        if (p->inputs()[plan.input_slots[k]].kind == InputKind::count) count = k;
    }
    REQUIRE(amount < width);
    REQUIRE(count < width);
    // Record 1: an amount of 10^10 万元 (10^16 units, beyond 10^15); record 2: a negative count;
    // record 3: refused by the caller.
    rows[1 * width + amount] = 10'000'000'000'000'000;
    rows[2 * width + count] = -1;
    FixedBatch batch = *p->make_fixed_batch(4);
    batch.load_rows(rows.data(), 4);
    batch.refuse(3);
    CHECK(batch.run(4) == 1);
    CHECK(batch.decided(0));
    CHECK_FALSE(batch.decided(1));
    CHECK_FALSE(batch.decided(2));
    CHECK_FALSE(batch.decided(3));
    // The published total, 96.40, at the total's scale.
    CHECK(Decimal::from_scaled(batch.value(p->total_slot(), 0), plan.scale[p->total_slot()]) == *Decimal::parse("96.40"));
    // A refusal lasts one run; the inputs are put in again for each run (run() may reuse their columns).
    batch.load_rows(rows.data(), 4);
    CHECK(batch.run(4) == 2);
    CHECK(batch.decided(3));
    CHECK(Decimal::from_scaled(batch.value(p->total_slot(), 3), plan.scale[p->total_slot()]) == *Decimal::parse("96.40"));
}

TEST_CASE("load_rows puts a batch in as filling each input's column does") {
    auto p = compile_file("rulesets/longhua-2021.rubric");
    const FixedPlan& plan = *p->fixed_point_plan();
    const std::vector<Record> records = records_of(*p, {"examples/past/longhua-2019.csv", "examples/past/longhua-2021.csv"}, 300, 0);
    std::vector<std::int64_t> rows;
    std::vector<bool> exact;
    for (const Record& r : records) {
        bool all = true;
        for (uint32_t slot : plan.input_slots) {
            FixedValue v;
            all = to_fixed(r.values[slot], plan.scale[slot], v) && all && v.lo == v.hi;
            rows.push_back(v.lo);
        }
        exact.push_back(all);
    }
    const size_t width = plan.input_slots.size(), capacity = 50;
    FixedBatch by_rows = *p->make_fixed_batch(capacity), by_columns = *p->make_fixed_batch(capacity);
    size_t decided = 0;
    for (size_t first = 0; first < records.size(); first += capacity) {
        const size_t n = std::min(capacity, records.size() - first);
        by_rows.load_rows(rows.data() + first * width, n);
        for (size_t i = 0; i < n; ++i) {
            for (size_t k = 0; k < width; ++k) by_columns.column(plan.input_slots[k])[i] = rows[(first + i) * width + k];
            if (!exact[first + i]) by_rows.refuse(i), by_columns.refuse(i);
        }
        REQUIRE(by_rows.run(n) == by_columns.run(n));
        for (size_t i = 0; i < n; ++i) {
            REQUIRE(by_rows.decided(i) == by_columns.decided(i));
            if (!by_rows.decided(i)) continue;
            ++decided;
            CHECK(by_rows.value(p->total_slot(), i) == by_columns.value(p->total_slot(), i));
            for (const IndicatorInfo& indicator : p->indicators())
                CHECK(by_rows.value(indicator.score_slot, i) == by_columns.value(indicator.score_slot, i));
        }
    }
    CHECK(records.size() == 360);
    CHECK(decided == 147);
}

TEST_CASE("rulesets with Lua hooks have no batch form") {
    auto p = compile_file("rulesets/pingshan-2021-project.rubric");
    REQUIRE_FALSE(p->hooks().empty());
    CHECK_FALSE(p->make_fixed_batch());
}
