#include "interpreter/row_binder.hpp"

#include "interpreter/suggest.hpp"

#include <algorithm>

namespace rubric {

namespace {

std::string trimmed(const std::string& s) {
    size_t b = 0, e = s.size();
    auto space_at = [&](size_t i, bool forward) -> size_t {
        if (forward) {
            if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n') return 1;
            if (s.compare(i, 3, "\u3000") == 0) return 3;
        } else {
            if (s[i - 1] == ' ' || s[i - 1] == '\t' || s[i - 1] == '\r' || s[i - 1] == '\n') return 1;
            if (i >= 3 && s.compare(i - 3, 3, "\u3000") == 0) return 3;
        }
        return 0;
    };
    while (b < e) {
        size_t n = space_at(b, true);
        if (!n) break;
        b += n;
    }
    while (e > b) {
        size_t n = space_at(e, false);
        if (!n) break;
        e -= n;
    }
    return s.substr(b, e - b);
}

}  // namespace

bool is_row_table(const DetailSpec& detail, const std::string& key_name, const RawTable& table) {
    if (!table.column_index(key_name)) return false;
    return std::all_of(detail.fields.begin(), detail.fields.end(),
                       [&](const RowField& f) { return f.optional || table.column_index(f.name).has_value(); });
}

void bind_rows(const DetailSpec& detail, const std::string& key_name, const RawTable& table, RowBinding& binding) {
    for (const ReadProblem& p : table.problems) binding.problems.push_back(p);
    const std::size_t key_column = *table.column_index(key_name);
    std::vector<std::optional<std::size_t>> field_column;  // an optional field's column may be absent
    for (const RowField& f : detail.fields) field_column.push_back(table.column_index(f.name));
    for (std::size_t j = 0; j < table.columns.size(); ++j) {
        const std::string& col = table.columns[j];
        if (col.empty() || table.column_index(col) != j || j == key_column) continue;
        if (std::find(field_column.begin(), field_column.end(), j) == field_column.end())
            binding.problems.push_back({table.path, 0, col, "列「" + col + "」不属于明细「" + detail.name + "」，已忽略"});
    }
    for (const RawRecord& raw : table.records) {
        const std::string prefix = table.row_label(raw.row) + "：";
        auto cell = [&](std::optional<std::size_t> column) {
            return column && raw.cells[*column] ? trimmed(*raw.cells[*column]) : std::string();
        };
        const std::string key = cell(key_column);
        if (key.empty()) {
            binding.problems.push_back({table.path, raw.row, key_name, prefix + "「" + key_name + "」为空，这一行不知属于哪条记录"});
            continue;
        }
        DetailRow row;
        row.source = table.path;
        row.line = raw.row;
        bool bad = false;
        for (std::size_t f = 0; f < detail.fields.size(); ++f) {
            const RowField& field = detail.fields[f];
            std::string value = cell(field_column[f]);
            if (value.empty() && !field.optional) {
                binding.problems.push_back({table.path, raw.row, field.name, prefix + "「" + field.name + "」为空"});
                bad = true;
            } else if (field.kind == RowFieldKind::enumeration && !value.empty() &&
                       std::find(field.values.begin(), field.values.end(), value) == field.values.end()) {
                std::string message = prefix + "「" + field.name + "」为「" + value + "」，应为 ";
                for (std::size_t k = 0; k < field.values.size(); ++k) message += (k ? "、" : "") + field.values[k];
                message += " 之一";
                if (auto guess = closest_name(value, field.values)) message += "；是否指「" + *guess + "」？";
                binding.problems.push_back({table.path, raw.row, field.name, message});
                bad = true;
            }
            row.cells.push_back(std::move(value));
        }
        if (bad) binding.bad_keys.insert(key);
        binding.places[key].emplace_back(table.path, raw.row);
        binding.rows[key].push_back(std::move(row));
    }
}

}  // namespace rubric
