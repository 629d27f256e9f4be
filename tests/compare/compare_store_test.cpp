// ComparisonStore: records given in input order come back in report order
// (largest |change| first, changed before unchanged, then input order), the
// same whether they stayed in memory or went through many sorted runs on disk.
#include "interpreter/compare_store.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <random>
#include <string>
#include <vector>

using namespace rubric;

namespace {

Decimal hundredths(long long n) { return *Decimal::from_parts(n, -2); }

// A record whose every field differs from its neighbours', so a field lost or
// swapped in the encoding shows.
RecordComparison make_record(uint32_t i, std::mt19937& random) {
    RecordComparison r;
    r.source = i % 3 ? "甲.csv" : "乙目录/乙.csv";
    r.row = i + 2;
    r.key = "单位" + std::to_string(i);
    r.old_scored = i % 11 != 0;
    r.new_scored = i % 13 != 0;
    if (!r.old_scored) r.old_problems = {"第 " + std::to_string(i + 2) + " 行：「满意度」为空", "另一个问题"};
    if (!r.new_scored) r.new_problems = {"缺少列「开展培训」"};
    r.old_total = hundredths(9000 + static_cast<long long>(random() % 500));
    const long long step = static_cast<long long>(random() % 7) - 3;  // many ties: -3 … 3
    r.delta = r.old_scored && r.new_scored ? hundredths(step * 10) : Decimal{};
    // Now and then a decimal beyond the compact form: a coefficient wider
    // than 64 bits (a Decimal's exponent always fits the byte: −60 … 30).
    if (i % 97 == 5) r.old_total = *Decimal::from_parts(int128{1} << 100, -30);
    r.new_total = r.old_total + r.delta;
    r.old_grade = "良";
    r.new_grade = i % 17 == 0 ? "优" : "良";
    if (step != 0 && i % 2 == 0) {
        IndicatorChange c;
        c.name = "公众或服务对象满意度";
        c.path = "部门绩效 / 公平性 / 公众或服务对象满意度";
        c.old_score = i % 89 == 6 ? *Decimal::from_parts(int128{1} << 90, -20) : Decimal::from_int(6);
        if (i % 4 == 0) c.new_score = Decimal::from_int(4);
        c.delta = c.new_score.value_or(Decimal{}) - *c.old_score;
        c.reason = std::string(i % 5 == 0 ? 300 : 10, 'x');  // a two-byte length sometimes
        c.edits = {0, static_cast<size_t>(i % 4)};
        r.changes.push_back(c);
    }
    return r;
}

std::string describe(const RecordComparison& r) {
    std::string s = r.source + "|" + std::to_string(r.row) + "|" + r.key + "|" + std::to_string(r.old_scored) +
                    std::to_string(r.new_scored) + "|" + r.old_total.to_string() + "|" + r.new_total.to_string() + "|" +
                    r.delta.to_string() + "|" + r.old_grade + "|" + r.new_grade;
    for (const auto& p : r.old_problems) s += "|o:" + p;
    for (const auto& p : r.new_problems) s += "|n:" + p;
    for (const IndicatorChange& c : r.changes) {
        s += "|" + c.name + "/" + c.path + "/" + (c.old_score ? c.old_score->to_string() : "-") + "/" +
             (c.new_score ? c.new_score->to_string() : "-") + "/" + c.delta.to_string() + "/" + c.reason;
        for (size_t e : c.edits) s += "/" + std::to_string(e);
    }
    return s;
}

std::vector<std::string> through_store(size_t budget, size_t count, size_t* runs) {
    std::mt19937 random(20211231);
    ComparisonStore store(budget);
    for (uint32_t i = 0; i < count; ++i) store.add(make_record(i, random));
    CHECK(store.size() == count);
    *runs = store.runs();
    std::vector<std::string> out;
    CHECK(store.drain([&](RecordComparison& r) { out.push_back(describe(r)); }));
    CHECK(store.error().empty());
    return out;
}

// As through_store, for a store that cannot write its runs: it says why.
std::vector<std::string> through_store_with_error(size_t budget, size_t count, size_t* runs) {
    std::mt19937 random(20211231);
    ComparisonStore store(budget);
    for (uint32_t i = 0; i < count; ++i) store.add(make_record(i, random));
    *runs = store.runs();
    CHECK(store.error() ==
          "无法在临时目录「/nonexistent/rubric-no-such-directory」中创建临时文件（文件夹或文件不存在）");
    std::vector<std::string> out;
    CHECK(store.drain([&](RecordComparison& r) { out.push_back(describe(r)); }));
    return out;
}

}  // namespace

TEST_CASE("ComparisonStore: report order, in memory and through sorted runs on disk alike") {
    size_t runs_in_memory = 0, runs_on_disk = 0;
    const std::vector<std::string> in_memory = through_store(size_t{1} << 30, 5000, &runs_in_memory);
    const std::vector<std::string> on_disk = through_store(4096, 5000, &runs_on_disk);
    CHECK(runs_in_memory == 0);
    CHECK(runs_on_disk > 100);
    REQUIRE(in_memory.size() == 5000);
    CHECK(on_disk == in_memory);

    // The order itself: |delta| falls, changed before unchanged among equals, then input order.
    std::mt19937 random(20211231);
    std::vector<RecordComparison> records;
    for (uint32_t i = 0; i < 5000; ++i) records.push_back(make_record(i, random));
    std::vector<size_t> order(records.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        const Decimal da = records[a].delta.abs(), db = records[b].delta.abs();
        if (da != db) return da > db;
        return records[a].changed() && !records[b].changed();
    });
    for (size_t k = 0; k < order.size(); ++k) {
        CAPTURE(k);
        REQUIRE(in_memory[k] == describe(records[order[k]]));
    }
    CHECK(in_memory.front().find("|0.3|") != std::string::npos);
}

TEST_CASE("ComparisonStore: empty, and drained once") {
    ComparisonStore store(8);  // every record goes to disk at once
    size_t seen = 0;
    CHECK(store.drain([&](RecordComparison&) { ++seen; }));
    CHECK(seen == 0);
    std::mt19937 random(1);
    store.add(make_record(1, random));
    store.add(make_record(2, random));
    CHECK(store.runs() == 2);
    CHECK(store.drain([&](RecordComparison&) { ++seen; }));
    CHECK(seen == 2);
    CHECK(store.size() == 0);
}

TEST_CASE("ComparisonStore: a temporary directory it cannot write to keeps the records in memory") {
    const char* before = std::getenv("TMPDIR");
    const std::string saved = before ? before : "";
    ::setenv("TMPDIR", "/nonexistent/rubric-no-such-directory", 1);
    size_t runs = 0;
    const std::vector<std::string> kept = through_store_with_error(4096, 500, &runs);
    if (before) ::setenv("TMPDIR", saved.c_str(), 1);
    else ::unsetenv("TMPDIR");
    CHECK(runs == 0);
    size_t ignored = 0;
    CHECK(kept == through_store(size_t{1} << 30, 500, &ignored));
}

TEST_CASE("ComparisonStore: an unchanged record given without its comparison comes back as the comparison") {
    for (size_t budget : {size_t{1} << 30, size_t{256}}) {
        CAPTURE(budget);
        std::mt19937 random(7);
        ComparisonStore whole(budget), parts(budget);
        size_t unchanged = 0;
        for (uint32_t i = 0; i < 3000; ++i) {
            RecordComparison r = make_record(i, random);
            r.source = i < 1500 ? "甲.csv" : "乙目录/乙.csv";  // records come a file at a time
            const bool alike = r.old_scored && r.new_scored && r.delta.is_zero() && r.changes.empty() &&
                               r.old_grade == r.new_grade && r.old_problems.empty() && r.new_problems.empty();
            if (alike) {
                ++unchanged;
                parts.add_unchanged(r.source, r.row, r.key, r.old_total, r.new_total, r.old_grade);
            } else {
                parts.add(r);
            }
            whole.add(std::move(r));
        }
        CHECK(unchanged == 347);
        std::vector<std::string> a, b;
        CHECK(whole.drain([&](RecordComparison& r) { a.push_back(describe(r)); }));
        CHECK(parts.drain([&](RecordComparison& r) { b.push_back(describe(r)); }));
        REQUIRE(a.size() == 3000);
        CHECK(a == b);
        // Last: the last record of the tail (no change of total, not a changed record), in input order.
        CHECK(a.back() ==
              "乙目录/乙.csv|2994|单位2992|01|91.48|91.48|0|良|优|o:第 2994 行：「满意度」为空|o:另一个问题|"
              "公众或服务对象满意度/部门绩效 / 公平性 / 公众或服务对象满意度/6/4/-2/xxxxxxxxxx/0/0");
    }
}
