// Text and numbers shared by the XLSX and HTML reports of `rubric compare`
// (internal to rubric_reports; the tests use it too).
#pragma once

#include "interpreter/compare.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace rubric::reports {

// A total as the report shows it: to_fixed(total_places), or the shortest form when
// total_places < 0.
std::string total_text(const CompareReport& report, const Decimal& value);
// The same with a "+" before a positive value ("+1.25", "-0.50", "0.00").
std::string signed_total_text(const CompareReport& report, const Decimal& value);
// Shortest form with a "+" before a positive value ("+0.5", "-2", "0").
std::string signed_text(const Decimal& value);
// Decimal places of the shortest form: 5.78 → 2, 96 → 0.
int decimal_places(const Decimal& value);

// 新增指标, 分档, 计算… (a short label for the kind of a rule edit).
std::string edit_kind_label(RulesetEdit::Kind kind);

// "原规则集：…" then "新规则集：…": why a side did not score.
std::vector<std::string> record_problems(const RecordComparison& record);
// The changed indicators' names, joined by "、".
std::string changed_indicator_names(const RecordComparison& record);
// One line for a record: its problems when it was not compared, otherwise
// the reasons of its changed indicators, joined by "；".
std::string record_reason(const RecordComparison& record);
// "[3] 分档「…」：…" for each related edit, joined by "；".
std::string related_edits_text(const CompareReport& report, const IndicatorChange& change);
// "（无）" when the indicator is not in that ruleset.
std::string score_text(const std::optional<Decimal>& score);

// One bar of the histogram of the change of the total, over the records
// scored under both rulesets. Bars of one width s (1, 2 or 5 × 10^k, so that
// the larger side has at most 10 bars): [−(k+1)s, −ks) for decreases, a bar
// of its own for 0 (always present), (ks, (k+1)s] for increases; empty
// bars between are kept so that the axis is linear.
struct HistogramBin {
    enum class Kind : unsigned char { negative, zero, positive } kind = Kind::zero;
    Decimal lo, hi;      // both 0 for the zero bar
    size_t count = 0;
    std::string label;   // "[-1, -0.5)", "0", "(0, 0.5]"
};
// Empty when no record was compared.
std::vector<HistogramBin> delta_histogram(const CompareReport& report);

}  // namespace rubric::reports
