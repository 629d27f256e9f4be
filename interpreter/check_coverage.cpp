#include "interpreter/check_coverage.hpp"

#include <algorithm>

namespace rubric {

namespace {

// An elementary piece of the real line between the tiers' boundary points:
// either one boundary point or the open stretch between two of them.
struct Piece {
    std::optional<Decimal> low, high;  // open stretch: (low, high); point: low == high
    bool point = false;
};

bool covers(const Interval& t, const Piece& p) {
    if (p.point) {
        const Decimal& x = *p.low;
        if (t.low && (t.low_closed ? x < *t.low : x <= *t.low)) return false;
        if (t.high && (t.high_closed ? x > *t.high : x >= *t.high)) return false;
        return true;
    }
    // Boundary points include every tier bound, so a tier holds an open
    // stretch entirely or not at all.
    if (t.low && (!p.low || *p.low < *t.low)) return false;
    if (t.high && (!p.high || *p.high > *t.high)) return false;
    return true;
}

bool within_domain(const Decimal& x, const Domain& d) {
    return (!d.low || x >= *d.low) && (!d.high || x <= *d.high);
}

Decimal next_multiple_above(const Decimal& x, const Decimal& step, bool strictly) {
    Decimal m = *x.round(step, RoundingMode::ceiling);
    if (strictly && m == x) m = m + step;
    return m;
}

// A value of the domain inside the piece, if there is one.
std::optional<Decimal> example_in(const Piece& p, const Domain& d) {
    if (p.point) {
        const Decimal& x = *p.low;
        if (!within_domain(x, d)) return std::nullopt;
        if (d.step && *x.round(*d.step, RoundingMode::down) != x) return std::nullopt;
        return x;
    }
    // Clip the open stretch to the domain.
    std::optional<Decimal> lo = p.low, hi = p.high;
    bool lo_open = true, hi_open = true;
    if (d.low && (!lo || *d.low > *lo)) { lo = d.low; lo_open = false; }
    if (d.high && (!hi || *d.high < *hi)) { hi = d.high; hi_open = false; }
    if (lo && hi && (*lo > *hi || (*lo == *hi && (lo_open || hi_open)))) return std::nullopt;
    if (d.step) {
        if (!lo && !hi) return Decimal{};
        Decimal start = lo ? next_multiple_above(*lo, *d.step, lo_open)
                           : *hi->round(*d.step, RoundingMode::floor) - *d.step;
        if (hi && (hi_open ? start >= *hi : start > *hi)) return std::nullopt;
        return start;
    }
    if (lo && hi) return lo_open || hi_open ? (*lo + *hi) / Decimal::from_int(2) : *lo;
    if (lo) return *lo + Decimal::from_int(1);
    if (hi) return *hi - Decimal::from_int(1);
    return Decimal{};
}

std::vector<Piece> elementary_pieces(const std::vector<Interval>& tiers, const Domain& domain) {
    std::vector<Decimal> points;
    for (const Interval& t : tiers) {
        if (t.low) points.push_back(*t.low);
        if (t.high) points.push_back(*t.high);
    }
    if (domain.low) points.push_back(*domain.low);
    if (domain.high) points.push_back(*domain.high);
    std::sort(points.begin(), points.end());
    points.erase(std::unique(points.begin(), points.end()), points.end());

    std::vector<Piece> pieces;
    std::optional<Decimal> previous;
    for (const Decimal& p : points) {
        pieces.push_back(Piece{previous, p, false});
        pieces.push_back(Piece{p, p, true});
        previous = p;
    }
    pieces.push_back(Piece{previous, std::nullopt, false});
    return pieces;
}

Interval span_of(const Piece& first, const Piece& last) {
    Interval i;
    i.low = first.low;
    i.low_closed = first.point;
    i.high = last.high;
    i.high_closed = last.point;
    return i;
}

}  // namespace

std::vector<CoverageFinding> check_coverage(const std::vector<Interval>& tiers, const Domain& domain) {
    std::vector<Piece> pieces = elementary_pieces(tiers, domain);
    std::vector<CoverageFinding> findings;

    size_t k = 0;
    while (k < pieces.size()) {
        std::vector<size_t> holders;
        for (size_t t = 0; t < tiers.size(); ++t)
            if (covers(tiers[t], pieces[k])) holders.push_back(t);
        if (holders.size() == 1) { ++k; continue; }

        // Extend over following pieces held by the same tiers.
        size_t end = k + 1;
        while (end < pieces.size()) {
            std::vector<size_t> next;
            for (size_t t = 0; t < tiers.size(); ++t)
                if (covers(tiers[t], pieces[end])) next.push_back(t);
            if (next != holders) break;
            ++end;
        }
        std::optional<Decimal> example;
        for (size_t j = k; j < end && !example; ++j) example = example_in(pieces[j], domain);
        if (example) {
            CoverageFinding f;
            f.kind = holders.empty() ? CoverageFinding::Kind::gap : CoverageFinding::Kind::overlap;
            f.where = span_of(pieces[k], pieces[end - 1]);
            f.example = *example;
            f.tiers = holders;
            // Report the part inside the domain, not the whole real line.
            if (domain.low && (!f.where.low || *f.where.low < *domain.low)) { f.where.low = domain.low; f.where.low_closed = true; }
            if (domain.high && (!f.where.high || *f.where.high > *domain.high)) { f.where.high = domain.high; f.where.high_closed = true; }
            findings.push_back(std::move(f));
        }
        k = end;
    }
    return findings;
}

std::string format_bound_value(const Decimal& value, bool percent) {
    if (!percent) return value.to_string();
    return (value * Decimal::from_int(100)).to_string() + "%";
}

std::string format_interval(const Interval& i, bool percent) {
    if (i.low && i.high && *i.low == *i.high && i.low_closed && i.high_closed)
        return "值 " + format_bound_value(*i.low, percent);
    std::string out = i.low && i.low_closed ? "[" : "(";
    out += i.low ? format_bound_value(*i.low, percent) : "-∞";
    out += ", ";
    out += i.high ? format_bound_value(*i.high, percent) : "+∞";
    out += i.high && i.high_closed ? "]" : ")";
    return out;
}

}  // namespace rubric
