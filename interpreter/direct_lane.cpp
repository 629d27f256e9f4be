#include "interpreter/direct_lane.hpp"

#include "interpreter/scaled_text.hpp"
#include "interpreter/text_escape.hpp"

#include <algorithm>
#include <cstring>

namespace rubric {

namespace {

constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";  // U+3000
constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";     // U+FEFF
constexpr std::string_view kYes = "是", kNo = "否";

constexpr std::int64_t pow10(int e) {
    std::int64_t p = 1;
    while (e-- > 0) p *= 10;
    return p;
}

// Text whose ends the reader and the binder would not trim: it is read as it stands.
bool untrimmed(std::string_view s) {
    if (s.empty()) return false;
    const auto first = static_cast<unsigned char>(s.front()), last = static_cast<unsigned char>(s.back());
    if (first <= 0x20 || last <= 0x20 || first == 0x7F || last == 0x7F) return false;
    for (std::string_view blank : {kIdeographicSpace, kByteOrderMark})
        if (s.starts_with(blank) || s.ends_with(blank)) return false;
    return true;
}

// digits [. digits], at most 18 digits in all: units × 10^-decimals. The
// plainest form of a number; the binder reads it as the same value.
bool plain_number(std::string_view s, std::int64_t& units, int& decimals) {
    units = 0;
    decimals = 0;
    int digits = 0;
    bool point = false, digit_before = false;
    for (char c : s) {
        if (c >= '0' && c <= '9') {
            if (++digits > 18) return false;
            units = units * 10 + (c - '0');
            decimals += point;
            digit_before = true;
        } else if (c == '.' && !point && digit_before) {
            point = true;
        } else {
            return false;
        }
    }
    return digit_before && (!point || decimals > 0);
}

// units × 10^-from as units of 10^-to (to ≥ from), false on overflow.
bool rescale(std::int64_t units, int from, int to, std::int64_t& out) {
    if (to - from > 18) return units == 0 ? (out = 0, true) : false;
    return !__builtin_mul_overflow(units, pow10(to - from), &out);
}

// a × 10^-sa compared with b × 10^-sb (both scales ≤ 20): -1, 0 or 1.
int compare_scaled(std::int64_t a, int sa, std::int64_t b, int sb) {
    const int common = std::max(sa, sb);
    int128 x = a, y = b;
    for (int k = sa; k < common; ++k) x *= 10;
    for (int k = sb; k < common; ++k) y *= 10;
    return x < y ? -1 : x > y ? 1 : 0;
}

}  // namespace

std::optional<DirectCsvLane> DirectCsvLane::make(const Program& program, const RawTable& header, const DataLimits& limits) {
    const FixedPlan* plan = program.fixed_point_plan();
    if (!plan || program.row_program() || !header.problems.empty() || header.columns.empty()) return std::nullopt;
    const std::vector<InputSpec>& inputs = program.inputs();
    if (header.columns.size() != inputs.size()) return std::nullopt;  // a column missing or one not used
    DirectCsvLane lane(program);
    std::vector<bool> live(plan->scale.size(), false);
    for (uint32_t slot : plan->input_slots) live[slot] = true;
    std::vector<bool> seen(inputs.size(), false);
    for (const std::string& name : header.columns) {
        auto at = std::find_if(inputs.begin(), inputs.end(), [&](const InputSpec& in) { return in.name == name; });
        if (at == inputs.end()) return std::nullopt;
        const auto i = static_cast<uint32_t>(at - inputs.begin());
        if (seen[i] || i >= plan->scale.size()) return std::nullopt;
        seen[i] = true;
        Column column;
        column.kind = at->kind;
        column.slot = i;
        column.scale = plan->scale[i];
        column.live = live[i];
        column.is_key = at->is_key;
        column.values = &at->values;
        // Bounds as exact fixed-point values at their own decimals.
        for (const auto& [bound, has, units, scale] :
             {std::tuple{&at->low, &column.has_low, &column.low, &column.low_scale},
              std::tuple{&at->high, &column.has_high, &column.high, &column.high_scale}}) {
            if (!*bound || (at->kind != InputKind::number && at->kind != InputKind::judgment)) continue;
            const int decimals = std::max(0, -(*bound)->exponent());
            FixedValue v;
            if (decimals > 18 || !to_fixed(**bound, decimals, v) || v.lo != v.hi) return std::nullopt;
            *has = true;
            *units = v.lo;
            *scale = decimals;
        }
        lane.columns_.push_back(column);
    }
    for (int k : program.scored_indicators()) {
        const uint32_t slot = program.indicators()[static_cast<size_t>(k)].score_slot;
        lane.scores_.push_back({slot, plan->scale[slot]});
    }
    lane.total_ = {program.total_slot(), plan->scale[program.total_slot()]};
    const Display& display = program.graph().displays[program.total_slot()];
    lane.total_places_ = display.style == Display::Style::fixed ? display.places : -1;
    lane.has_grades_ = !program.grades().labels.empty();
    lane.header_first_ = header.columns.front();
    // Comfortably inside the reader's limits, whatever it counts.
    lane.max_line_ = std::min(limits.max_row_bytes, limits.max_field_bytes);
    lane.max_line_ = lane.max_line_ > 16 ? lane.max_line_ - 16 : 0;
    return lane;
}

bool DirectCsvLane::read_cell(const Column& column, std::string_view cell, FixedValue& value) const {
    std::int64_t units = 0;
    int decimals = 0;
    switch (column.kind) {
        case InputKind::text:
            return untrimmed(cell);
        case InputKind::yes_no:
            if (cell == kYes || cell == "1") units = 1;
            else if (cell != kNo && cell != "0") return false;
            value.lo = value.hi = units;
            return true;
        case InputKind::enumeration: {
            if (!untrimmed(cell)) return false;  // the binder compares the trimmed cell
            const std::vector<std::string>& values = *column.values;
            for (size_t k = 0; k < values.size(); ++k)
                if (values[k] == cell) {
                    value.lo = value.hi = static_cast<std::int64_t>(k);
                    return true;
                }
            return false;
        }
        case InputKind::count:
            if (!plain_number(cell, units, decimals)) return false;
            if (decimals > 0) {  // "12.0" is a count, "12.5" is not
                const std::int64_t p = pow10(decimals);
                if (units % p != 0) return false;
                units /= p;
                decimals = 0;
            }
            break;
        case InputKind::amount:
            if (!plain_number(cell, units, decimals)) return false;
            break;
        case InputKind::percent:
            if (cell.ends_with('%')) cell.remove_suffix(1);
            if (!plain_number(cell, units, decimals) || compare_scaled(units, decimals, 100, 0) > 0) return false;
            decimals += 2;  // held as the fraction: 19.5 → 0.195
            break;
        case InputKind::number:
        case InputKind::judgment:
            if (!plain_number(cell, units, decimals)) return false;
            if (column.has_low && compare_scaled(units, decimals, column.low, column.low_scale) < 0) return false;
            if (column.has_high && compare_scaled(units, decimals, column.high, column.high_scale) > 0) return false;
            break;
    }
    // More decimals than the slot holds would make an interval: the ordinary path then.
    if (decimals > column.scale || !rescale(units, decimals, column.scale, value.lo)) return false;
    value.hi = value.lo;
    return true;
}

bool DirectCsvLane::score_line(std::string_view line, Workspace& ws, std::string& row_text, std::string_view& key) const {
    if (line.size() > max_line_ || line.empty()) return false;
    if (std::memchr(line.data(), '"', line.size()) || std::memchr(line.data(), '\r', line.size())) return false;
    FixedValue* v = ws.fixed.data();
    size_t at = 0;
    key = {};
    for (size_t c = 0; c < columns_.size(); ++c) {
        const Column& column = columns_[c];
        const bool last = c + 1 == columns_.size();
        const void* comma = std::memchr(line.data() + at, ',', line.size() - at);
        const size_t end = comma ? static_cast<size_t>(static_cast<const char*>(comma) - line.data()) : line.size();
        if (last == (comma != nullptr)) return false;  // too few fields, or too many
        const std::string_view cell = line.substr(at, end - at);
        if (c == 0 && cell == header_first_) return false;  // perhaps the header again: the reader says so
        FixedValue value;
        if (!read_cell(column, cell, value)) return false;
        if (column.live) v[column.slot] = value;
        if (column.is_key && key.empty()) key = cell;
        at = end + 1;
    }
    if (!program_->evaluate_fixed_slots(ws)) return false;

    // The row as csv_row writes it: key, scored indicators, total, grade.
    const size_t start = row_text.size();
    row_text += key;  // no comma, quote or line break in it: csv_field leaves it as it is
    for (const Output& score : scores_) {
        row_text += ',';
        append_scaled(row_text, v[score.slot].lo, score.scale);
    }
    row_text += ',';
    if (total_places_ >= 0) append_scaled_fixed(row_text, v[total_.slot].lo, total_.scale, total_places_);
    else append_scaled(row_text, v[total_.slot].lo, total_.scale);
    row_text += ',';
    if (has_grades_) {
        const std::vector<std::string>& labels = program_->grades().labels;
        const std::int64_t grade = v[program_->grades().index_slot].lo;
        if (grade < 0 || static_cast<size_t>(grade) >= labels.size()) {
            row_text.resize(start);
            return false;
        }
        row_text += csv_field(labels[static_cast<size_t>(grade)]);
    }
    row_text += "\r\n";
    return true;
}

}  // namespace rubric
