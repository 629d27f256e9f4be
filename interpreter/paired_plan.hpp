// The fast paths of two rulesets over the same inputs as one (`rubric
// compare`): their evaluation graphs merged — a node of NEW that does what a
// node of OLD does (the same operation on the same operands, the same
// constant, the same tiers) is that node — and planned once, so a record is
// scored under both in one pass that does the shared part once. A rule
// change leaves most of a rubric as it was: most of NEW is OLD's nodes.
//
// Each merged node computes what it computed in its own graph (its value
// depends only on its operation and its operands), so the values are each
// ruleset's own; run() decides a record exactly when both rulesets' fast
// paths would (Program::evaluate_fixed_slots), else the caller takes the
// ordinary way.
#pragma once

#include "interpreter/fixed_batch.hpp"
#include "interpreter/fixed_plan.hpp"
#include "interpreter/graph.hpp"
#include "interpreter/program.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace rubric {

class PairedPlan {
public:
    // nullopt when the pair does not suit: either ruleset without a fast path,
    // with hooks or a 明细, or inputs that do not bind alike.
    static std::optional<PairedPlan> make(const Program& old_program, const Program& new_program);

    // Where each ruleset's slots are among the merged values: OLD's slot s is
    // s (inputs included, so input i is slot i); NEW's slot s is new_slot(s).
    std::uint32_t new_slot(std::uint32_t slot) const { return new_slots_[slot]; }
    const std::vector<std::uint32_t>& new_slots() const { return new_slots_; }
    // Per merged slot: its values' scale (units of 10^-scale).
    const std::vector<std::int8_t>& scales() const { return plan_.scale; }
    // Values to start a record from (constants set): one vector per thread.
    const std::vector<FixedValue>& initial() const { return plan_.initial; }
    // Merged nodes, and each ruleset's own (to say how much was shared).
    size_t merged_nodes() const { return graph_.nodes.size(); }

    // Scores a record whose inputs are in values[0, inputs): true when both
    // rulesets' fast paths decide it — every score, total, grade and
    // constraint of each exact, every constraint met.
    bool run(FixedValue* values) const;

    // The same a batch of records at a time (fixed_batch.hpp): a record it
    // decides holds what run() would give in every slot of exact_slots()
    // (both rulesets' scores, totals, grade indexes and constraints, every
    // constraint met). `inputs`: the rulesets' inputs (they bind alike).
    std::optional<FixedBatch> make_batch(const std::vector<InputSpec>& inputs) const;
    const std::vector<std::uint32_t>& exact_slots() const { return exact_slots_; }

private:
    Graph graph_;
    FixedPlan plan_;
    std::vector<std::uint32_t> new_slots_;   // NEW's slot → merged slot
    std::vector<std::uint32_t> exact_slots_;  // both rulesets' outputs, merged
    std::vector<std::uint32_t> met_slots_;    // both rulesets' constraints, merged
};

}  // namespace rubric
