// PairedPlan: two rulesets' fast paths merged into one graph and one plan
// (rubric compare's direct lane). Each ruleset's scores, totals and grades
// read from the merged values are what its own fast path gives, and a record
// is decided exactly when both of theirs decide it.
#include "interpreter/paired_plan.hpp"

#include "interpreter/batch.hpp"
#include "interpreter/engine.hpp"
#include "interpreter/record_binder.hpp"

#include "tests/test_records.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

using namespace rubric;

namespace {

using rubric_test::compile_file;
using rubric_test::source_path;

std::shared_ptr<const Program> compile_text(const std::string& name, const std::string& text) {
    CompileResult compiled = Engine{}.compile(name, text);
    REQUIRE_MESSAGE(compiled.ok(), compiled.diagnostics.render_all());
    return compiled.program;
}

std::string read_text(const std::string& relative) {
    std::ifstream in(source_path(relative), std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    REQUIRE(!text.empty());
    return text;
}

std::vector<Record> records_of(const Program& p, const std::vector<std::string>& files, size_t mixed) {
    return rubric_test::mixed_records(p, files, mixed);
}

struct Tally {
    size_t decided = 0, given_up = 0;
};

// Every record both ways: the merged pass against each ruleset's own.
Tally check_pair(const Program& o, const Program& n, const PairedPlan& pair, const std::vector<Record>& records) {
    Tally tally;
    std::vector<FixedValue> merged = pair.initial();
    Workspace ow = o.make_workspace(), nw = n.make_workspace();
    const FixedPlan& op = *o.fixed_point_plan();
    const FixedPlan& np = *n.fixed_point_plan();
    for (size_t r = 0; r < records.size(); ++r) {
        CAPTURE(r);
        const Record& record = records[r];
        bool fits = true;
        for (uint32_t i = 0; i < record.values.size(); ++i) {
            fits = fits && to_fixed(record.values[i], pair.scales()[i], merged[i]);
            ow.fixed[i] = nw.fixed[i] = merged[i];
        }
        REQUIRE(fits);
        const bool alone = o.evaluate_fixed_slots(ow) && n.evaluate_fixed_slots(nw);
        const bool together = pair.run(merged.data());
        REQUIRE(together == alone);
        if (!together) {
            ++tally.given_up;
            continue;
        }
        ++tally.decided;
        auto same = [&](uint32_t old_slot, uint32_t new_slot) {
            REQUIRE(Decimal::from_scaled(merged[old_slot].lo, pair.scales()[old_slot]) ==
                    Decimal::from_scaled(ow.fixed[old_slot].lo, op.scale[old_slot]));
            const uint32_t m = pair.new_slot(new_slot);
            REQUIRE(Decimal::from_scaled(merged[m].lo, pair.scales()[m]) ==
                    Decimal::from_scaled(nw.fixed[new_slot].lo, np.scale[new_slot]));
        };
        for (size_t k = 0; k < o.indicators().size(); ++k)
            same(o.indicators()[k].score_slot, n.indicators()[k].score_slot);
        same(o.total_slot(), n.total_slot());
        same(o.grades().index_slot, n.grades().index_slot);
    }
    return tally;
}

}  // namespace

TEST_CASE("PairedPlan: Longhua 2021 and its 2022 draft share all but the changed tiers and what adds them up") {
    auto o = compile_file("rulesets/longhua-2021.rubric");
    auto n = compile_file("rulesets/longhua-2022-draft.rubric");
    const std::optional<PairedPlan> pair = PairedPlan::make(*o, *n);
    REQUIRE(pair.has_value());
    REQUIRE(o->graph().nodes.size() == 459);
    REQUIRE(n->graph().nodes.size() == 459);
    // NEW adds 15 nodes of its own: two tier tables' choices and points, the
    // subtotals above them, the total and the grade.
    CHECK(pair->merged_nodes() == 474);
    const Tally tally = check_pair(*o, *n, *pair,
                                   records_of(*o,
                                              {"examples/longhua-2021-published.csv", "examples/past/longhua-2019.csv",
                                               "examples/past/longhua-2020.csv", "examples/past/longhua-2021.csv"},
                                              20000));
    // Most mixed records break a constraint (在用 above 总额, say): both sides give up on them.
    CHECK(tally.decided == 6140);
    CHECK(tally.given_up == 13951);
}

TEST_CASE("PairedPlan: a ruleset paired with itself is itself") {
    auto o = compile_file("rulesets/longhua-2021.rubric");
    auto n = compile_file("rulesets/longhua-2021.rubric");
    const std::optional<PairedPlan> pair = PairedPlan::make(*o, *n);
    REQUIRE(pair.has_value());
    CHECK(pair->merged_nodes() == o->graph().nodes.size());
    for (uint32_t s = 0; s < n->graph().nodes.size(); ++s) {
        CAPTURE(s);
        // A repeated constant is the first of its kind; every other node is its own.
        CHECK(pair->new_slot(s) <= s);
    }
    check_pair(*o, *n, *pair, records_of(*o, {"examples/past/longhua-2020.csv"}, 2000));
}

TEST_CASE("PairedPlan: the every-kind ruleset and a change of a rule, a tier's points and the grade bounds") {
    const std::string text = read_text("tests/data/every-kind.rubric");
    std::string changed = text;
    for (const auto& [from, to] : {std::pair<std::string, std::string>{"值 ≥ 0", "值 ≥ 1"}, {"部分公开：5", "部分公开：6"},
                                   {"80 ≤ x < 90：良", "75 ≤ x < 90：良"}, {"60 ≤ x < 80：中", "60 ≤ x < 75：中"}}) {
        const size_t at = changed.find(from);
        REQUIRE(at != std::string::npos);
        changed.replace(at, from.size(), to);
    }
    auto o = compile_text("old.rubric", text);
    auto n = compile_text("new.rubric", changed);
    const std::optional<PairedPlan> pair = PairedPlan::make(*o, *n);
    REQUIRE(pair.has_value());
    CHECK(pair->merged_nodes() > o->graph().nodes.size());
    CHECK(pair->merged_nodes() < o->graph().nodes.size() + n->graph().nodes.size() / 2);
    const std::vector<Record> records = rubric_test::every_kind_records(20000);
    REQUIRE(o->inputs().size() == records.front().values.size());
    const Tally tally = check_pair(*o, *n, *pair, records);
    CHECK(tally.decided == 19600);
    CHECK(tally.given_up == 400);  // 金额 0, one record in 50, breaks the constraint
}

TEST_CASE("PairedPlan: not made for rulesets with hooks, or whose inputs differ") {
    auto longhua = compile_file("rulesets/longhua-2021.rubric");
    auto project = compile_file("rulesets/pingshan-2021-project.rubric");  // a hook and a 明细
    CHECK_FALSE(PairedPlan::make(*project, *project).has_value());
    CHECK_FALSE(PairedPlan::make(*longhua, *project).has_value());
    auto pingshan = compile_file("rulesets/pingshan-2020.rubric");
    CHECK_FALSE(PairedPlan::make(*longhua, *pingshan).has_value());
}
