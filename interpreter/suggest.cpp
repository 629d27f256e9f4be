#include "interpreter/suggest.hpp"

#include <algorithm>
#include <limits>

#include "interpreter/utf8.hpp"

namespace rubric {

namespace {

// Names come from our own lexer and are valid UTF-8; if not, fall back to
// bytes so the comparison still works.
std::u32string to_code_points(std::string_view s) {
    std::u32string out;
    std::size_t bad = 0;
    if (decode_utf8(s, out, bad)) return out;
    out.clear();
    for (char c : s) out.push_back(char32_t(static_cast<unsigned char>(c)));
    return out;
}

bool contains(std::u32string_view haystack, std::u32string_view needle) {
    return haystack.find(needle) != std::u32string_view::npos;
}

// Rule 3: one string contains the other, and the shorter is not trivial.
bool overlaps(std::u32string_view a, std::u32string_view b) {
    const std::u32string_view shorter = a.size() < b.size() ? a : b;
    const std::u32string_view longer = a.size() < b.size() ? b : a;
    return shorter.size() >= 2 && contains(longer, shorter);
}

struct Best {
    std::size_t index = 0;
    std::size_t distance = std::numeric_limits<std::size_t>::max();
};

std::size_t length_gap(std::size_t a, std::size_t b) { return a > b ? a - b : b - a; }

}  // namespace

std::size_t edit_distance(std::u32string_view a, std::u32string_view b) {
    // Three rolling rows: the transposition step looks two rows back.
    std::vector<std::size_t> before(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                cur[j] = std::min(cur[j], before[j - 2] + 1);
            }
        }
        std::swap(before, prev);
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

std::optional<std::string> closest_name(std::string_view misspelt,
                                        const std::vector<std::string>& candidates) {
    const std::u32string name = to_code_points(misspelt);
    const std::size_t threshold = std::max<std::size_t>(1, (name.size() + 2) / 3);
    Best near, overlapping;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        const std::u32string cand = to_code_points(candidates[i]);
        const bool overlap = overlaps(name, cand);
        // The distance is at least the length gap: skip hopeless candidates cheaply.
        if (!overlap && length_gap(cand.size(), name.size()) > threshold) continue;
        const std::size_t d = edit_distance(name, cand);
        if (d == 0) continue;
        if (d < near.distance) near = {i, d};
        if (overlap && d < overlapping.distance) overlapping = {i, d};
    }
    if (near.distance <= threshold) return candidates[near.index];
    if (overlapping.distance != Best{}.distance) return candidates[overlapping.index];
    return std::nullopt;
}

}  // namespace rubric
