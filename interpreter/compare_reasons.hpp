// Why an indicator's score changed between two rulesets, in words read off
// its explain blocks under each (rubric compare): the tier it now falls in,
// or the first line of the new block the old one lacks.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rubric {

// An explain block: its 【…】 header line, then its indented lines (views
// into the explain text, which outlives them).
using ExplainBlock = std::vector<std::string_view>;

// Explain blocks by the path in their 【…】 header, in the order they come.
std::vector<std::pair<std::string_view, ExplainBlock>> explain_blocks(std::string_view explain);

// The block with that path; an empty one when there is none.
const ExplainBlock& block_named(const std::vector<std::pair<std::string_view, ExplainBlock>>& blocks,
                                std::string_view path);

// The reason, from an indicator's block under OLD and under NEW (either may
// be empty: the indicator is new, or gone): "分档「满意度」= 95.39%，现在落在
// 「90% ≤ x < 96%」档（原来落在「≥ 95%」档）". Empty when nothing differs.
std::string reason_from(const ExplainBlock& old_block, const ExplainBlock& new_block);

// The pieces joined, in one allocation.
std::string joined(std::initializer_list<std::string_view> pieces);

}  // namespace rubric
