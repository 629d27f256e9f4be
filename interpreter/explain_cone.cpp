// The part of the graph one indicator's explain lines read: compare explains
// only the indicators a rule change moved, and evaluating just their cone
// instead of the whole graph is most of what that costs.
#include "interpreter/program.hpp"

#include <algorithm>

namespace rubric {

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
        for_each_operand(graph_, node, need);
    }
    std::vector<uint32_t> nodes;
    for (uint32_t i = 0; i < needed.size(); ++i)
        if (needed[i]) nodes.push_back(i);
    return nodes;
}

}  // namespace rubric
