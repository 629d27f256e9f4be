#include "interpreter/reports/report_text.hpp"

#include <algorithm>

namespace rubric::reports {

std::string total_text(const CompareReport& report, const Decimal& value) {
    return report.total_places >= 0 ? value.to_fixed(report.total_places) : value.to_string();
}

std::string signed_total_text(const CompareReport& report, const Decimal& value) {
    return (value.sign() > 0 ? "+" : "") + total_text(report, value);
}

std::string signed_text(const Decimal& value) { return (value.sign() > 0 ? "+" : "") + value.to_string(); }

int decimal_places(const Decimal& value) { return value.exponent() < 0 ? -value.exponent() : 0; }

std::string edit_kind_label(RulesetEdit::Kind kind) {
    using K = RulesetEdit::Kind;
    switch (kind) {
        case K::indicator_added: return "新增指标";
        case K::indicator_removed: return "删除指标";
        case K::indicator_moved: return "移动指标";
        case K::points_changed: return "分值";
        case K::tiers_changed: return "分档";
        case K::rule_changed: return "计分规则";
        case K::formula_changed: return "计算";
        case K::constraint_added: return "新增约束";
        case K::constraint_removed: return "删除约束";
        case K::input_added: return "新增输入";
        case K::input_removed: return "删除输入";
        case K::input_changed: return "输入";
        case K::grades_changed: return "等级";
        case K::rounding_changed: return "保留位数";
        case K::hook_changed: return "钩子";
        case K::detail_changed: return "明细";
    }
    return "改动";
}

std::vector<std::string> record_problems(const RecordComparison& record) {
    std::vector<std::string> out;
    for (const std::string& p : record.old_problems) out.push_back("原规则集：" + p);
    for (const std::string& p : record.new_problems) out.push_back("新规则集：" + p);
    if (out.empty() && !(record.old_scored && record.new_scored)) {
        if (!record.old_scored) out.push_back("原规则集未能评分");
        if (!record.new_scored) out.push_back("新规则集未能评分");
    }
    return out;
}

std::string changed_indicator_names(const RecordComparison& record) {
    std::string out;
    for (const IndicatorChange& c : record.changes) out += (out.empty() ? "" : "、") + c.name;
    return out;
}

std::string score_text(const std::optional<Decimal>& score) { return score ? score->to_string() : "（无）"; }

std::string record_reason(const RecordComparison& record) {
    std::string out;
    if (!(record.old_scored && record.new_scored)) {
        for (const std::string& p : record_problems(record)) out += (out.empty() ? "" : "；") + p;
        return out;
    }
    for (const IndicatorChange& c : record.changes) {
        const std::string why = !c.reason.empty()
                                    ? c.reason
                                    : c.name + " " + score_text(c.old_score) + " → " + score_text(c.new_score);
        out += (out.empty() ? "" : "；") + why;
    }
    return out;
}

std::string related_edits_text(const CompareReport& report, const IndicatorChange& change) {
    std::string out;
    for (size_t e : change.edits) {
        out += out.empty() ? "" : "；";
        out += "[" + std::to_string(e + 1) + "]";
        if (e < report.edits.size()) out += " " + report.edits[e].message;
    }
    return out;
}

namespace {

// ceil(value / step) for value ≥ 0, step > 0.
size_t bars_for(const Decimal& value, const Decimal& step) {
    if (value.is_zero()) return 0;
    const auto q = Decimal::div(value, step);
    if (!q) return 1;
    const auto up = q->round(Decimal::from_int(1), RoundingMode::ceiling);
    const auto n = up ? up->to_int() : std::nullopt;
    return n && *n > 0 ? static_cast<size_t>(*n) : 1;
}

}  // namespace

std::vector<HistogramBin> delta_histogram(const CompareReport& report) {
    std::vector<Decimal> deltas;
    for (const RecordComparison& r : report.records)
        if (r.old_scored && r.new_scored) deltas.push_back(r.delta);
    if (deltas.empty()) return {};
    Decimal most_down, most_up;  // magnitudes
    for (const Decimal& d : deltas) {
        if (d.sign() < 0) most_down = max(most_down, d.abs());
        if (d.sign() > 0) most_up = max(most_up, d);
    }
    std::vector<HistogramBin> bins;
    if (most_down.is_zero() && most_up.is_zero()) {
        bins.push_back({HistogramBin::Kind::zero, {}, {}, deltas.size(), "0"});
        return bins;
    }
    const Decimal widest = max(most_down, most_up);
    Decimal step;
    bool found = false;
    for (int exponent = -20; exponent <= 29 && !found; ++exponent) {
        for (int factor : {1, 2, 5}) {
            const auto s = Decimal::from_parts(factor, exponent);
            if (!s) break;
            step = *s;
            const auto ten = Decimal::mul(*s, Decimal::from_int(10));
            if (!ten || widest <= *ten) { found = true; break; }
        }
    }
    const size_t down = bars_for(most_down, step), up = bars_for(most_up, step);
    for (size_t k = down; k-- > 0;) {
        const Decimal lo = -(step * Decimal::from_int(static_cast<long long>(k + 1)));
        const Decimal hi = -(step * Decimal::from_int(static_cast<long long>(k)));
        bins.push_back({HistogramBin::Kind::negative, lo, hi, 0, "[" + lo.to_string() + ", " + hi.to_string() + ")"});
    }
    bins.push_back({HistogramBin::Kind::zero, {}, {}, 0, "0"});
    for (size_t k = 0; k < up; ++k) {
        const Decimal lo = step * Decimal::from_int(static_cast<long long>(k));
        const Decimal hi = step * Decimal::from_int(static_cast<long long>(k + 1));
        bins.push_back({HistogramBin::Kind::positive, lo, hi, 0, "(" + lo.to_string() + ", " + hi.to_string() + "]"});
    }
    for (const Decimal& d : deltas) {
        size_t index = down;
        if (d.sign() < 0) index = down - std::min(down, bars_for(d.abs(), step));
        if (d.sign() > 0) index = down + std::min(up, bars_for(d, step));
        ++bins[index].count;
    }
    return bins;
}

}  // namespace rubric::reports
