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

constexpr std::int64_t pow10_table[19] = {
    1LL, 10LL, 100LL, 1000LL, 10000LL, 100000LL, 1000000LL, 10000000LL, 100000000LL, 1000000000LL,
    10000000000LL, 100000000000LL, 1000000000000LL, 10000000000000LL, 100000000000000LL,
    1000000000000000LL, 10000000000000000LL, 100000000000000000LL, 1000000000000000000LL};

// Text whose ends the reader and the binder would not trim: it is read as it stands.
bool untrimmed(std::string_view s) {
    if (s.empty()) return false;
    const auto first = static_cast<unsigned char>(s.front()), last = static_cast<unsigned char>(s.back());
    if (first <= 0x20 || last <= 0x20 || first == 0x7F || last == 0x7F) return false;
    for (std::string_view blank : {kIdeographicSpace, kByteOrderMark})
        if (s.starts_with(blank) || s.ends_with(blank)) return false;
    return true;
}

// A cell of digits with at most one '.' between digits, at most 18 digits in
// all, from `p` up to the first byte that is none of these: units ×
// 10^-decimals, the plainest form of a number, which the binder reads as the
// same value. Returns where it stopped, or null when it is no such number.
[[gnu::always_inline]] inline const char* plain_number(const char* p, const char* end, std::int64_t& units, int& decimals) {
    units = 0;
    decimals = 0;
    int digits = 0;
    const char* point = nullptr;
    for (; p < end; ++p) {
        const auto d = static_cast<unsigned>(*p - '0');
        if (d <= 9) {
            if (++digits > 18) return nullptr;
            units = units * 10 + d;
        } else if (*p == '.' && !point && digits > 0) {
            point = p;
        } else {
            break;
        }
    }
    if (digits == 0 || (point && point + 1 == p)) return nullptr;
    if (point) decimals = static_cast<int>(p - point - 1);
    return p;
}

}  // namespace

std::optional<DirectCsvLane> DirectCsvLane::make(const Program& program, const RawTable& header, const DataLimits& limits) {
    const FixedPlan* plan = program.fixed_point_plan();
    if (!plan || program.row_program() || !header.problems.empty() || header.columns.empty()) return std::nullopt;
    const std::vector<InputSpec>& inputs = program.inputs();
    if (header.columns.size() != inputs.size()) return std::nullopt;  // a column missing or one not used
    DirectCsvLane lane(program);
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
        column.is_key = program.key_input() && *program.key_input() == i;  // the first 主键 input, as the binder takes it
        column.values = &at->values;
        for (const std::string& value : at->values)
            column.plain_values.push_back(untrimmed(value) && value.find_first_of("\",\r\n") == std::string::npos);
        // Bounds as exact values at the slot's scale (a finer bound keeps the file off the lane).
        for (const auto& [bound, has, units] : {std::tuple{&at->low, &column.has_low, &column.low},
                                                std::tuple{&at->high, &column.has_high, &column.high}}) {
            if (!*bound || (at->kind != InputKind::number && at->kind != InputKind::judgment)) continue;
            FixedValue v;
            if (!to_fixed(**bound, column.scale, v) || v.lo != v.hi) return std::nullopt;
            *has = true;
            *units = v.lo;
        }
        if (at->kind == InputKind::percent) {
            // At most 100 %: the fraction at most 1.
            if (column.scale > 18) return std::nullopt;
            column.has_high = true;
            column.high = pow10_table[column.scale];
        }
        if (column.scale > 18) return std::nullopt;
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
    for (const std::string& label : program.grades().labels) lane.grade_fields_.push_back(csv_field(label));
    lane.header_first_ = header.columns.front();
    // Comfortably inside the reader's limits, whatever it counts.
    lane.max_line_ = std::min(limits.max_row_bytes, limits.max_field_bytes);
    lane.max_line_ = lane.max_line_ > 16 ? lane.max_line_ - 16 : 0;
    return lane;
}

[[gnu::always_inline]] inline const char* DirectCsvLane::read_cell(const Column& column, const char* p, const char* end, FixedValue& value) const {
    std::int64_t units = 0;
    int decimals = 0;
    const char* stop = nullptr;
    switch (column.kind) {
        case InputKind::yes_no: {
            // 是 / 否 / 1 / 0 and the cell's end, nothing else (true/false: the ordinary way).
            const size_t room = static_cast<size_t>(end - p);
            if (room >= 3 && std::memcmp(p, kYes.data(), 3) == 0) units = 1, stop = p + 3;
            else if (room >= 3 && std::memcmp(p, kNo.data(), 3) == 0) stop = p + 3;
            else if (room >= 1 && (*p == '1' || *p == '0')) units = *p - '0', stop = p + 1;
            else return nullptr;
            if (stop < end && *stop != ',') return nullptr;
            value.lo = value.hi = units;
            return stop;
        }
        case InputKind::enumeration:
            // One of the values exactly (each a plain field: no quote, break, blank ends), then the cell's end.
            for (size_t k = 0; k < column.values->size(); ++k) {
                const std::string& v = (*column.values)[k];
                if (!column.plain_values[k] || static_cast<size_t>(end - p) < v.size() ||
                    std::memcmp(p, v.data(), v.size()) != 0)
                    continue;
                stop = p + v.size();
                if (stop < end && *stop != ',') continue;
                value.lo = value.hi = static_cast<std::int64_t>(k);
                return stop;
            }
            return nullptr;
        case InputKind::text: {
            // Up to the comma; a quote would start a quoted field, a carriage
            // return end the line: the reader's business.
            for (stop = p; stop < end && *stop != ','; ++stop)
                if (*stop == '"' || *stop == '\r') return nullptr;
            value.lo = value.hi = 0;  // text inputs hold zero
            return untrimmed(std::string_view(p, static_cast<size_t>(stop - p))) ? stop : nullptr;
        }
        case InputKind::count:
            if (!(stop = plain_number(p, end, units, decimals))) return nullptr;
            if (decimals > 0) {  // "12.0" is a count, "12.5" is not
                if (units % pow10_table[decimals] != 0) return nullptr;
                units /= pow10_table[decimals];
                decimals = 0;
            }
            break;
        case InputKind::percent:
            if (!(stop = plain_number(p, end, units, decimals))) return nullptr;
            if (stop < end && *stop == '%') ++stop;
            decimals += 2;  // held as the fraction: 19.5 → 0.195
            break;
        case InputKind::amount:
        case InputKind::number:
        case InputKind::judgment:
            if (!(stop = plain_number(p, end, units, decimals))) return nullptr;
            break;
    }
    if (stop < end && *stop != ',') return nullptr;  // more than a plain number
    // More decimals than the slot holds would make an interval: the ordinary path then.
    if (decimals > column.scale || column.scale - decimals > 18 ||
        __builtin_mul_overflow(units, pow10_table[column.scale - decimals], &value.lo))
        return nullptr;
    if ((column.has_low && value.lo < column.low) || (column.has_high && value.lo > column.high)) return nullptr;
    value.hi = value.lo;
    return stop;
}

template <class Put>
bool DirectCsvLane::read_cells(std::string_view line, std::string_view& key, const Put& put) const {
    if (line.size() > max_line_ || line.empty()) return false;
    const char* const end = line.data() + line.size();
    const char* p = line.data();
    key = {};
    for (size_t c = 0; c < columns_.size(); ++c) {
        const Column& column = columns_[c];
        FixedValue value;
        const char* const stop = read_cell(column, p, end, value);
        if (!stop) return false;
        put(column, value);
        // A comma after every cell but the last, which ends the line.
        if ((c + 1 == columns_.size()) != (stop == end)) return false;
        const std::string_view cell(p, static_cast<size_t>(stop - p));
        if (c == 0 && cell == header_first_) return false;  // perhaps the header again: the reader says so
        if (column.is_key) key = cell;
        p = stop + 1;
    }
    return true;
}

bool DirectCsvLane::read_line(std::string_view line, FixedValue* slots, std::string_view& key) const {
    return read_cells(line, key, [slots](const Column& column, FixedValue value) { slots[column.slot] = value; });
}

bool DirectCsvLane::read_line(std::string_view line, FixedBatch& batch, std::size_t i, std::string_view& key) const {
    // Inputs no score depends on have no column in the batch.
    return read_cells(line, key, [&batch, i](const Column& column, FixedValue value) {
        if (std::int64_t* values = batch.find_column(column.slot)) values[i] = value.lo;
    });
}

template <class Value>
bool DirectCsvLane::append_values(std::string_view key, const Value& value, std::string& row_text) const {
    // The row as csv_row writes it: key, scored indicators, total, grade.
    const std::string* grade = nullptr;
    if (has_grades_) {
        const std::int64_t k = value(program_->grades().index_slot);
        if (k < 0 || static_cast<size_t>(k) >= grade_fields_.size()) return false;
        grade = &grade_fields_[static_cast<size_t>(k)];
    }
    const size_t start = row_text.size();
    const size_t room = key.size() + (scores_.size() + 1) * (scaled_text_max + 1) +
                        static_cast<size_t>(std::max(total_places_, 0)) + (grade ? grade->size() : 0) + 4;
    row_text.resize(start + room);
    char* out = row_text.data() + start;
    out = std::copy(key.begin(), key.end(), out);  // no comma, quote or line break in it: csv_field leaves it as it is
    for (const Output& score : scores_) {
        *out++ = ',';
        out = write_scaled(out, value(score.slot), score.scale);
    }
    *out++ = ',';
    out = total_places_ >= 0 ? write_scaled_fixed(out, value(total_.slot), total_.scale, total_places_)
                             : write_scaled(out, value(total_.slot), total_.scale);
    *out++ = ',';
    if (grade) out = std::copy(grade->begin(), grade->end(), out);
    *out++ = '\r';
    *out++ = '\n';
    row_text.resize(static_cast<size_t>(out - row_text.data()));
    return true;
}

bool DirectCsvLane::score_line(std::string_view line, Workspace& ws, std::string& row_text, std::string_view& key) const {
    const FixedValue* v = ws.fixed.data();
    if (!read_line(line, ws.fixed.data(), key)) return false;
    if (!program_->evaluate_fixed_slots(ws)) return false;
    return append_values(key, [v](uint32_t slot) { return v[slot].lo; }, row_text);
}

bool DirectCsvLane::append_row(const FixedBatch& batch, std::size_t i, std::string_view key, std::string& row_text) const {
    if (!batch.decided(i)) return false;
    return append_values(key, [&batch, i](uint32_t slot) { return batch.value(slot, i); }, row_text);
}

}  // namespace rubric
