// The evaluation graph: plain data the planner writes and the evaluator
// reads. Every node writes one value slot (its own index); operands are
// slots of earlier nodes, so evaluating is one pass over a flat array.
// Constants and inputs occupy the first slots and are not recomputed.
#pragma once

#include "interpreter/decimal.hpp"
#include "interpreter/source.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rubric {

enum class Op : unsigned char {
    constant,  // a = index into Graph::constants
    input,     // a = input index; value copied from the record
    add, sub, mul, div, neg,
    min, max, abs,
    lt, le, gt, ge, eq, ne,
    logical_and, logical_or, logical_not,
    select,      // a ? b : c (only the chosen branch's error counts)
    round,       // round a to the quantum in constant slot b, with `mode`
    tier_index,  // index of the first entry of tier table b that value a falls in
    pick,        // the value slot of entry (a) of tier table b
    check_score, // a, which must lie in [0, points in slot b]
    sum,         // sum of the slots in operand list [a, a + b)
    row_subtotal,  // the subtotal of row group a, from the row stage (row_groups.hpp)
    hook_call,     // calls Lua hook a (Program::hooks()); its value is 0, its results go to the workspace
    hook_value,    // result Graph::hook_outputs[a] of the hook_call node b, checked against its declared range
};

struct Node {
    Op op = Op::constant;
    RoundingMode mode = RoundingMode::half_up;
    uint32_t a = 0, b = 0, c = 0;
};

// One bound of a tier; `slot` holds the bound's value.
struct TierBound {
    bool present = false;
    bool inclusive = false;
    uint32_t slot = 0;
};

struct TierEntry {
    TierBound low, high;
    uint32_t value_slot = 0;
    uint32_t label = 0;  // index into Graph::tier_labels, for explain traces
};

struct TierTable {
    uint32_t first = 0, count = 0;  // entries [first, first + count)
    bool has_otherwise = false;     // the last entry matches anything
};

// How a slot's value is shown in explain traces and messages.
struct Display {
    enum class Style : unsigned char { plain, percent, fixed, yes_no, enumeration, grade } style = Style::plain;
    int places = -1;          // percent/fixed: digits after the point; -1 = as needed
    uint32_t enumeration = 0; // enumeration: input index whose values name it
};

// One value a hook returns, with the range its declaration allows.
struct HookOutput {
    uint32_t hook = 0;   // Program::hooks() index
    uint32_t index = 0;  // which of the hook's outputs
    std::optional<Decimal> low, high;
    bool integral = false;  // 计数, 是否: a whole number
    std::string name;
};

struct Graph {
    std::vector<Node> nodes;
    std::vector<Span> spans;                // per node: the source it was compiled from
    std::vector<Display> displays;          // per node
    std::vector<uint32_t> operand_lists;    // for Op::sum
    std::vector<TierEntry> tier_entries;
    std::vector<TierTable> tier_tables;
    std::vector<std::string> tier_labels;   // the condition as written: 「90% > x ≥ 75%」
    std::vector<Decimal> constants;
    std::vector<HookOutput> hook_outputs;   // for Op::hook_value
    uint32_t inputs_end = 0;                // slots [0, inputs_end) are the inputs
};

// A piece of an explain line: literal text, a slot's value, the label of
// the tier a tier_index slot chose, " → value" when a later slot differs
// from an earlier one (a cap or a floor that changed something), or
// " = before → after" for a rounded result (" = after" when rounding changed nothing).
struct ExplainPiece {
    // hook_note: the explanation the hook (slot = hook index) returned, if any.
    enum class Kind : unsigned char { text, value, tier_label, changed, rounded, hook_note } kind = Kind::text;
    std::string text;         // text; for `changed`, the words before the new value (封顶 …)
    uint32_t slot = 0;        // value / tier_label (the tier_index slot) / changed, rounded: the new value
    uint32_t before = 0;      // changed, rounded: the value before
    uint32_t table = 0;       // tier_label: the tier table
    std::string suffix;       // changed: words after the new value（保留 0.01）
};

struct ExplainLine {
    uint16_t depth = 0;
    std::vector<ExplainPiece> pieces;
};

// Calls visit(slot) for each slot `node` reads: its operands, a tier
// table's bounds or values, a sum's list, a hook value's call. A hook call's
// arguments and a 明细 subtotal's rows live outside the graph (none here).
template <class Visit>
void for_each_operand(const Graph& g, const Node& node, const Visit& visit) {
    switch (node.op) {
        case Op::constant:
        case Op::input:
        case Op::row_subtotal:
        case Op::hook_call:
            return;
        case Op::neg: case Op::abs: case Op::logical_not:
            visit(node.a);
            return;
        case Op::select:
            visit(node.a); visit(node.b); visit(node.c);
            return;
        case Op::tier_index: {
            visit(node.a);
            const TierTable& t = g.tier_tables[node.b];
            for (uint32_t k = 0; k < t.count; ++k) {
                const TierEntry& e = g.tier_entries[t.first + k];
                if (e.low.present) visit(e.low.slot);
                if (e.high.present) visit(e.high.slot);
            }
            return;
        }
        case Op::pick: {
            visit(node.a);
            const TierTable& t = g.tier_tables[node.b];
            for (uint32_t k = 0; k < t.count; ++k) visit(g.tier_entries[t.first + k].value_slot);
            return;
        }
        case Op::sum:
            for (uint32_t k = 0; k < node.b; ++k) visit(g.operand_lists[node.a + k]);
            return;
        case Op::hook_value:
            visit(node.b);
            return;
        default:  // binary operators, comparisons, round (b: the quantum), check_score (b: the points)
            visit(node.a); visit(node.b);
            return;
    }
}

}  // namespace rubric
