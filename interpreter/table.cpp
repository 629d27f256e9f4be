#include "interpreter/table.hpp"

namespace rubric {

std::optional<std::size_t> RawTable::column_index(std::string_view name) const {
  if (name.empty()) return std::nullopt;
  // Tables have tens of columns at most; a linear scan beats keeping a map in sync.
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == name) return i;
  }
  return std::nullopt;
}

RawTable RawTable::without_records() const {
  RawTable t;
  t.path = path;
  t.columns = columns;
  t.numbering = numbering;
  t.header_row = header_row;
  return t;
}

std::string RawTable::row_label(uint32_t row) const {
  const std::string n = std::to_string(row);
  return numbering == RowNumbering::index ? "第 " + n + " 条记录" : "第 " + n + " 行";
}

RawTable unreadable_table(const std::string& path, const std::string& message) {
  RawTable table;
  table.path = path;
  table.problems.push_back({path, 0, "", message});
  return table;
}

}  // namespace rubric
