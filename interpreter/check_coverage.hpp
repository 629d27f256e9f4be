// Do a tier table's intervals cover every value the subject can take,
// exactly once? Judged at the subject's precision: bands 80 ≤ x ≤ 89 and
// 90 ≤ x ≤ 100 leave (89, 90) uncovered when the score is kept to 0.01,
// but not when it is a whole number.
#pragma once

#include "interpreter/decimal.hpp"

#include <optional>
#include <string>
#include <vector>

namespace rubric {

struct Interval {
    std::optional<Decimal> low;   // none: unbounded below
    bool low_closed = false;
    std::optional<Decimal> high;  // none: unbounded above
    bool high_closed = false;
    bool percent_bounds = false;  // written as percentages: show them so in messages
};

// The values a subject can take: within [low, high] (either may be open-ended),
// and multiples of `step` when it is known (a rounded value), else any decimal.
struct Domain {
    std::optional<Decimal> low, high;
    std::optional<Decimal> step;
};

struct CoverageFinding {
    enum class Kind { gap, overlap } kind = Kind::gap;
    Interval where;
    Decimal example;               // a value the subject can take inside `where`
    std::vector<size_t> tiers;     // overlap: the tiers that share it
};

std::vector<CoverageFinding> check_coverage(const std::vector<Interval>& tiers, const Domain& domain);

// (89, 90), [90, 95), (-∞, 60%) …; `percent` shows bounds as percentages.
std::string format_interval(const Interval& interval, bool percent);
std::string format_bound_value(const Decimal& value, bool percent);

}  // namespace rubric
