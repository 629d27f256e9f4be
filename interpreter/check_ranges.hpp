// The score range check: interval arithmetic over the evaluation graph.
// From the declared kinds and ranges of the inputs and the constraints of
// the ruleset, it derives the interval of scores each indicator can produce,
// so a rule that can score above its points or below 0 is caught when the
// rubric is written, not when a record happens to hit it. Pingshan 2020's
// misprinted 已完成项目数 ÷ 未完成项目数 × 7 gives [0, +∞) here.
#pragma once

#include "interpreter/decimal.hpp"
#include "interpreter/graph.hpp"
#include "interpreter/input_spec.hpp"

#include <optional>
#include <vector>

namespace rubric {

// A closed interval; a missing bound is unbounded on that side.
struct Range {
    std::optional<Decimal> low, high;
};

class RangeAnalysis {
public:
    // `constraints`: the slots of the ruleset's constraints (each holds a
    // condition every scored record satisfies).
    RangeAnalysis(const Graph& graph, const std::vector<InputSpec>& inputs, const std::vector<uint32_t>& constraints);

    // The values `slot` can hold in any record that satisfies the constraints.
    Range range_of(uint32_t slot);

private:
    struct Fact {
        uint32_t smaller, larger;  // smaller ≤ larger
    };

    Range compute(uint32_t slot, std::vector<Fact>& facts);
    Range input_range(uint32_t slot) const;
    Range divide(const Node& node, std::vector<Fact>& facts);
    Range select(const Node& node, std::vector<Fact>& facts);
    bool known_at_most(uint32_t a, uint32_t b, const std::vector<Fact>& facts) const;
    void narrow(uint32_t slot, Range& r, const std::vector<Fact>& facts) const;
    // Facts a condition slot gives when it holds (`holds`) or not.
    void facts_from(uint32_t condition, bool holds, std::vector<Fact>& facts) const;

    const Graph& graph_;
    const std::vector<InputSpec>& inputs_;
    std::vector<Fact> global_facts_;
    std::vector<std::optional<Range>> memo_;  // ranges under the global facts only
};

}  // namespace rubric
