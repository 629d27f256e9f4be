#include "interpreter/paired_plan.hpp"

#include <cstring>
#include <string>
#include <unordered_map>

namespace rubric {

namespace {

// What a node's value depends on, as bytes: its operation, rounding mode,
// the slots it reads (each as the first node that computes the same — a
// graph holds the same constant many times), a constant's value, a tier
// table's bounds or values, a sum's list. Two nodes with the same key
// compute the same value.
class NodeKey {
public:
    NodeKey(const Graph& g, const std::vector<std::uint32_t>& canonical) : g_(g), canonical_(canonical) {}

    std::string of(const Node& node) {
        key_.clear();
        put(static_cast<std::uint32_t>(node.op));
        put(static_cast<std::uint32_t>(node.mode));
        switch (node.op) {
            case Op::constant: {
                const Decimal& d = g_.constants[node.a];
                const int128 c = d.coefficient();
                key_.append(reinterpret_cast<const char*>(&c), sizeof c);
                put(static_cast<std::uint32_t>(d.exponent()));
                break;
            }
            case Op::input:
                put(node.a);
                break;
            case Op::neg: case Op::abs: case Op::logical_not:
                slot(node.a);
                break;
            case Op::select:
                slot(node.a);
                slot(node.b);
                slot(node.c);
                break;
            case Op::sum:
                put(node.b);
                for (std::uint32_t k = 0; k < node.b; ++k) slot(g_.operand_lists[node.a + k]);
                break;
            case Op::tier_index: {
                slot(node.a);
                const TierTable& t = g_.tier_tables[node.b];
                put(t.count);
                put(t.has_otherwise ? 1 : 0);
                for (std::uint32_t k = 0; k < t.count; ++k) {
                    const TierEntry& e = g_.tier_entries[t.first + k];
                    put(e.low.present ? (e.low.inclusive ? 2 : 1) : 0);
                    if (e.low.present) slot(e.low.slot);
                    put(e.high.present ? (e.high.inclusive ? 2 : 1) : 0);
                    if (e.high.present) slot(e.high.slot);
                }
                break;
            }
            case Op::pick: {
                slot(node.a);
                const TierTable& t = g_.tier_tables[node.b];
                put(t.count);
                for (std::uint32_t k = 0; k < t.count; ++k) slot(g_.tier_entries[t.first + k].value_slot);
                break;
            }
            default:  // binary operators, comparisons, round (b: the quantum), check_score (b: the points)
                slot(node.a);
                slot(node.b);
                put(node.c);
                break;
        }
        return key_;
    }

private:
    void put(std::uint32_t v) { key_.append(reinterpret_cast<const char*>(&v), sizeof v); }
    void slot(std::uint32_t s) { put(canonical_[s]); }

    const Graph& g_;
    const std::vector<std::uint32_t>& canonical_;
    std::string key_;
};

// Appends NEW's node `node` to the merged graph `m` with its slots read
// through `slot_of`, its constant, list or table copied; returns the node.
Node translated(const Graph& from, const Node& node, const std::vector<std::uint32_t>& slot_of, Graph& m) {
    Node t = node;
    auto slot = [&](std::uint32_t s) { return slot_of[s]; };
    switch (node.op) {
        case Op::constant:
            m.constants.push_back(from.constants[node.a]);
            t.a = static_cast<std::uint32_t>(m.constants.size() - 1);
            break;
        case Op::input:
            break;
        case Op::neg: case Op::abs: case Op::logical_not:
            t.a = slot(node.a);
            break;
        case Op::select:
            t.a = slot(node.a);
            t.b = slot(node.b);
            t.c = slot(node.c);
            break;
        case Op::sum:
            t.a = static_cast<std::uint32_t>(m.operand_lists.size());
            for (std::uint32_t k = 0; k < node.b; ++k) m.operand_lists.push_back(slot(from.operand_lists[node.a + k]));
            break;
        case Op::tier_index:
        case Op::pick: {
            t.a = slot(node.a);
            const TierTable& table = from.tier_tables[node.b];
            TierTable copy = table;
            copy.first = static_cast<std::uint32_t>(m.tier_entries.size());
            for (std::uint32_t k = 0; k < table.count; ++k) {
                TierEntry e = from.tier_entries[table.first + k];
                if (e.low.present) e.low.slot = slot(e.low.slot);
                if (e.high.present) e.high.slot = slot(e.high.slot);
                e.value_slot = slot(e.value_slot);
                m.tier_labels.push_back(from.tier_labels[e.label]);
                e.label = static_cast<std::uint32_t>(m.tier_labels.size() - 1);
                m.tier_entries.push_back(e);
            }
            m.tier_tables.push_back(copy);
            t.b = static_cast<std::uint32_t>(m.tier_tables.size() - 1);
            break;
        }
        default:
            t.a = slot(node.a);
            t.b = slot(node.b);
            break;
    }
    return t;
}

// The slots Program::evaluate_fixed_slots requires exact, and the constraints.
void outputs_of(const Program& p, std::vector<std::uint32_t>& exact, std::vector<std::uint32_t>& met) {
    for (const IndicatorInfo& indicator : p.indicators()) exact.push_back(indicator.score_slot);
    for (const ConstraintInfo& constraint : p.constraints()) {
        exact.push_back(constraint.slot);
        met.push_back(constraint.slot);
    }
    exact.push_back(p.total_slot());
    if (!p.grades().labels.empty()) exact.push_back(p.grades().index_slot);
}

bool suits(const Program& p) {
    return p.fixed_point_plan() && p.hooks().empty() && !p.row_program();
}

}  // namespace

std::optional<PairedPlan> PairedPlan::make(const Program& old_program, const Program& new_program) {
    if (!suits(old_program) || !suits(new_program) || !inputs_bind_alike(old_program.inputs(), new_program.inputs()))
        return std::nullopt;
    const Graph& o = old_program.graph();
    const Graph& n = new_program.graph();
    if (o.inputs_end != n.inputs_end) return std::nullopt;
    PairedPlan pair;
    Graph& m = pair.graph_;
    m = o;
    // Each merged node's first equal: OLD's nodes as they are, NEW's kept only when new.
    std::vector<std::uint32_t> canonical(m.nodes.size());
    NodeKey key(m, canonical);
    std::unordered_map<std::string, std::uint32_t> by_key;
    for (std::uint32_t i = 0; i < m.nodes.size(); ++i)
        canonical[i] = by_key.try_emplace(key.of(m.nodes[i]), i).first->second;
    pair.new_slots_.assign(n.nodes.size(), 0);
    for (std::uint32_t j = 0; j < n.nodes.size(); ++j) {
        const Node& node = n.nodes[j];
        if (node.op == Op::row_subtotal || node.op == Op::hook_call || node.op == Op::hook_value) return std::nullopt;
        if (j < n.inputs_end) {  // inputs are shared, slot for slot
            pair.new_slots_[j] = canonical[j];
            continue;
        }
        // A node made and not kept leaves its copied constant or table unused: harmless.
        const Node t = translated(n, node, pair.new_slots_, m);
        auto [at, added] = by_key.try_emplace(key.of(t), static_cast<std::uint32_t>(m.nodes.size()));
        if (added) {
            m.nodes.push_back(t);
            m.spans.push_back(n.spans[j]);
            m.displays.push_back(n.displays[j]);
            canonical.push_back(at->second);
        }
        pair.new_slots_[j] = at->second;
    }
    std::vector<std::uint32_t> new_exact, new_met;
    outputs_of(old_program, pair.exact_slots_, pair.met_slots_);
    outputs_of(new_program, new_exact, new_met);
    for (std::uint32_t s : new_exact) pair.exact_slots_.push_back(pair.new_slots_[s]);
    for (std::uint32_t s : new_met) pair.met_slots_.push_back(pair.new_slots_[s]);
    std::optional<FixedPlan> plan = build_fixed_plan(m, old_program.inputs(), pair.exact_slots_);
    if (!plan) return std::nullopt;
    pair.plan_ = std::move(*plan);
    return pair;
}

std::optional<FixedBatch> PairedPlan::make_batch(const std::vector<InputSpec>& inputs) const {
    return FixedBatch::make(plan_, graph_, inputs, met_slots_, exact_slots_);
}

bool PairedPlan::run(FixedValue* values) const {
    if (run_fixed_plan(plan_, graph_, values) != FixedOutcome::done) return false;
    for (std::uint32_t s : exact_slots_)
        if (values[s].lo != values[s].hi) return false;
    for (std::uint32_t s : met_slots_)
        if (values[s].lo == 0) return false;
    return true;
}

}  // namespace rubric
