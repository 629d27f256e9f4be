// Explain traces: the compiler wrote, per indicator, lines of text with
// holes for values; here the holes are filled from an evaluated workspace.
#include "interpreter/program.hpp"

#include <cstdint>
#include <string>

namespace rubric {

namespace {

// Unrounded intermediates (a quotient to 36 digits) are cut for reading:
// value × 10^shift (100 for a percentage), cut, not rounded, after
// max_places decimals, so 0.9999999 shows as 0.999999…, never as 1….
std::string shortened(const Decimal& value, int max_places, int shift = 0) {
    std::string text = value.to_string_cut(max_places, shift);
    if (std::int64_t{value.exponent()} + shift < -max_places) text += "…";
    return text;
}

}  // namespace

std::string Program::show(const Workspace& ws, uint32_t slot) const {
    if (ws.errors[slot]) return "（无法计算）";
    const Decimal& v = ws.values[slot];
    const Display& d = graph_.displays[slot];
    switch (d.style) {
        case Display::Style::plain: return shortened(v, 6);
        case Display::Style::fixed: return v.to_fixed(d.places);
        case Display::Style::percent:
            if (d.places >= 0) return v.to_percent(d.places);
            return shortened(v, 4, 2) + "%";
        case Display::Style::yes_no: return v.is_zero() ? "否" : "是";
        case Display::Style::enumeration: {
            const auto& values = inputs_[d.enumeration].values;
            auto k = v.to_int().value_or(-1);
            return k >= 0 && static_cast<size_t>(k) < values.size() ? values[static_cast<size_t>(k)] : v.to_string();
        }
        case Display::Style::grade: {
            auto k = v.to_int().value_or(-1);
            return k >= 0 && static_cast<size_t>(k) < grades_.labels.size() ? grades_.labels[static_cast<size_t>(k)]
                                                                             : v.to_string();
        }
    }
    return v.to_string();
}

std::string Program::render_explain(const Workspace& ws) const {
    std::string out;
    for (size_t i = 0; i < indicators_.size(); ++i)
        if (indicators_[i].level == 3 || indicators_[i].row_group >= 0) out += render_explain(ws, i);
    // Subtotals, the total and the grade.
    for (const IndicatorInfo& indicator : indicators_) {
        if (indicator.level != 1) continue;
        out += "一级指标「" + indicator.name + "」（" + indicator.points.to_string() + " 分）小计 " +
               show(ws, indicator.score_slot) + "\n";
    }
    out += "总分 " + show(ws, total_slot_);
    if (has_grades_) out += "，等级 " + grades_.labels[static_cast<size_t>(ws.values[grades_.index_slot].to_int().value_or(0))];
    out += "\n";
    return out;
}

std::string Program::render_row_group(const Workspace& ws, size_t index) const {
    const IndicatorInfo& indicator = indicators_[index];
    const auto group = static_cast<size_t>(indicator.row_group);
    const RowGroupTotals& totals = ws.rows.groups[group];
    const char* level = indicator.level == 1 ? "一级指标" : "二级指标";
    std::string out = std::string(level) + "「" + indicator.name + "」（" + indicator.points.to_string() + " 分）：" +
                      rows_->detail.name + " " + std::to_string(totals.rows) + " 行，" +
                      std::to_string(totals.rows - totals.applicable) + " 行不适用";
    if (!totals.note.empty()) out += "；" + totals.note;
    if (totals.applicable) {
        out += "；每行分值 " + totals.points.to_string() + " ÷ " + std::to_string(totals.applicable) +
               "，分到 0.01（最大余数，余数相同时先到先得）：";
        bool first = true;
        for (const RowOutcome& o : ws.rows.rows) {
            if (o.group != indicator.row_group || !o.applicable) continue;
            out += (first ? "" : "、") + o.weight.to_fixed(2);
            first = false;
        }
    }
    out += "\n";
    for (const RowOutcome& o : ws.rows.rows) {
        if (o.group != indicator.row_group) continue;
        std::string path = indicator.name + (o.subgroup.empty() ? "" : " / " + o.subgroup) + " / " + o.name;
        if (!o.applicable) {
            out += "【" + path + "】不适用，不计分\n  " + o.place + "\n";
        } else {
            out += "【" + path + "】（" + o.weight.to_fixed(2) + " 分）得分 " + o.score.to_fixed(2) + "\n";
            out += "  " + o.place + "：年度指标值「" + o.target + "」，全年完成值「" + o.actual + "」\n";
            out += "  " + o.reading + "\n";
        }
        for (const std::string& w : o.warnings) out += "  注意：" + w + "\n";
    }
    out += std::string(level) + "「" + indicator.name + "」小计 " + totals.subtotal.to_fixed(2) + "\n";
    return out;
}

std::string Program::render_explain(const Workspace& ws, size_t index) const {
    std::string out;
    const IndicatorInfo& indicator = indicators_[index];
    if (indicator.row_group >= 0) return render_row_group(ws, index);
    {
        for (uint32_t k = 0; k < indicator.explain_count; ++k) {
            const ExplainLine& line = explain_lines_[indicator.explain_first + k];
            // A hook's explanation line, when the hook gave none, is left out.
            if (line.pieces.size() == 1 && line.pieces[0].kind == ExplainPiece::Kind::hook_note &&
                ws.hook_calls[line.pieces[0].slot].explanation.empty())
                continue;
            out.append(static_cast<size_t>(line.depth) * 2, ' ');
            for (const ExplainPiece& p : line.pieces) {
                switch (p.kind) {
                    case ExplainPiece::Kind::text: out += p.text; break;
                    case ExplainPiece::Kind::value: out += show(ws, p.slot); break;
                    case ExplainPiece::Kind::tier_label: {
                        if (ws.errors[p.slot]) { out += "（无）"; break; }
                        const TierTable& t = graph_.tier_tables[p.table];
                        auto index = static_cast<uint32_t>(ws.values[p.slot].to_int().value_or(0));
                        out += graph_.tier_labels[graph_.tier_entries[t.first + index].label];
                        break;
                    }
                    case ExplainPiece::Kind::changed:
                        if (ws.values[p.before] != ws.values[p.slot] || ws.errors[p.before] != ws.errors[p.slot])
                            out += " → " + p.text + show(ws, p.slot) + p.suffix;
                        break;
                    case ExplainPiece::Kind::hook_note: out += ws.hook_calls[p.slot].explanation; break;
                    case ExplainPiece::Kind::rounded:
                        if (ws.values[p.before] != ws.values[p.slot])
                            out += " = " + show(ws, p.before) + " → " + show(ws, p.slot);
                        else
                            out += " = " + show(ws, p.slot);
                        out += p.suffix;
                        break;
                }
            }
            out += '\n';
        }
    }
    return out;
}

}  // namespace rubric
