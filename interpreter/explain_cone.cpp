// The part of the graph one indicator's explain lines read: compare explains
// only the indicators a rule change moved, and evaluating just their cone
// instead of the whole graph is most of what that costs.
#include "interpreter/program.hpp"

#include <algorithm>

namespace rubric {

namespace {

// The slots node `i` reads.
template <class Visit>
void operands(const Graph& g, const Node& node, const Visit& visit) {
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

}  // namespace

std::vector<uint32_t> Program::explain_nodes(size_t indicator) const {
    const IndicatorInfo& info = indicators_[indicator];
    if (info.row_group >= 0) return {};
    std::vector<char> needed(graph_.nodes.size(), 0);
    std::vector<uint32_t> pending;
    auto need = [&](uint32_t slot) {
        if (slot < needed.size() && !needed[slot]) {
            needed[slot] = 1;
            pending.push_back(slot);
        }
    };
    need(info.score_slot);
    for (uint32_t k = 0; k < info.explain_count; ++k) {
        for (const ExplainPiece& p : explain_lines_[info.explain_first + k].pieces) {
            switch (p.kind) {
                case ExplainPiece::Kind::text: break;
                case ExplainPiece::Kind::hook_note: return {};
                case ExplainPiece::Kind::changed:
                case ExplainPiece::Kind::rounded: need(p.before); need(p.slot); break;
                case ExplainPiece::Kind::value:
                case ExplainPiece::Kind::tier_label: need(p.slot); break;
            }
        }
    }
    while (!pending.empty()) {
        const uint32_t slot = pending.back();
        pending.pop_back();
        const Node& node = graph_.nodes[slot];
        if (node.op == Op::hook_call || node.op == Op::hook_value || node.op == Op::row_subtotal) return {};
        operands(graph_, node, need);
    }
    std::vector<uint32_t> nodes;
    for (uint32_t i = 0; i < needed.size(); ++i)
        if (needed[i]) nodes.push_back(i);
    return nodes;
}

}  // namespace rubric
