#include "interpreter/datafiles/data_files.hpp"

#include <algorithm>
#include <string_view>
#include <vector>

#include "interpreter/atomic_file.hpp"
#include "interpreter/csv_reader.hpp"
#include "interpreter/datafiles/xlsx_reader.hpp"
#include "interpreter/json_reader.hpp"

namespace rubric {
namespace {

std::string lower_extension(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  const std::size_t dot = path.find_last_of('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return {};
  std::string ext = path.substr(dot);
  for (char& c : ext) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return ext;
}

constexpr std::string_view kCsvUtf8Complaint = "含有无效的 UTF-8 字节（文件可能不是 UTF-8 编码）";

// The data limits for a workbook, which its reader does not know: too many
// records or columns refuse it, a cell too large is reported and emptied.
void apply_limits(RawTable& table, const DataLimits& limits) {
  auto refuse = [&](std::string message) {
    table.columns.clear();
    table.records.clear();
    table.problems.clear();
    table.problems.push_back({table.path, 0, "", std::move(message)});
  };
  if (table.columns.size() > limits.max_columns) {
    return refuse("表头有 " + std::to_string(table.columns.size()) + " 列，超过 " + std::to_string(limits.max_columns) +
                  " 列的上限，已拒绝读取（上限可用 --max-columns 调整）");
  }
  if (table.records.size() > limits.max_records) {
    return refuse("记录超过 " + std::to_string(limits.max_records) + " 条的上限（第 " +
                  std::to_string(table.records[limits.max_records].row) +
                  " 行起的记录超出），已拒绝读取（上限可用 --max-records 调整）");
  }
  std::vector<ReadProblem> cell_problems;
  for (RawRecord& record : table.records) {
    for (std::size_t c = 0; c < record.cells.size() && c < table.columns.size(); ++c) {
      std::optional<std::string>& cell = record.cells[c];
      if (!cell || cell->size() <= limits.max_field_bytes) continue;
      const std::string& name = table.columns[c];
      cell_problems.push_back({table.path, record.row, name,
                               "第 " + std::to_string(record.row) + " 行" +
                                   (name.empty() ? "第 " + std::to_string(c + 1) + " 列" : "「" + name + "」字段") +
                                   over_size_limit(limits.max_field_bytes) +
                                   "，未读取（上限可用 --max-field-size 调整）"});
      cell.reset();
    }
  }
  if (cell_problems.empty()) return;
  for (ReadProblem& p : cell_problems) table.problems.push_back(std::move(p));
  std::stable_sort(table.problems.begin(), table.problems.end(),
                   [](const ReadProblem& a, const ReadProblem& b) { return a.row < b.row; });
}

}  // namespace

RawTable read_table_file(const std::string& path, const TableReadOptions& options) {
  const std::string ext = lower_extension(path);
  if (ext == ".xlsx" || ext == ".xlsm") {
    RawTable table = read_xlsx_file(path, options.sheet);
    apply_limits(table, options.limits);
    return table;
  }
  if (ext == ".xls") {
    return unreadable_table(path, "不支持 Excel 97-2003（.xls）格式，请在 Excel 中另存为 .xlsx 或“CSV UTF-8（逗号分隔）”");
  }
  std::string bytes;
  if (auto error = read_file(path, bytes)) return unreadable_table(path, *error);
  DecodedText text = decode_text(bytes, options.encoding);
  bytes.clear();
  bytes.shrink_to_fit();
  RawTable table = (ext == ".json" || ext == ".jsonl") ? read_json(path, text.utf8, options.limits)
                                                       : read_csv(path, text.utf8, options.limits);
  if (text.used == TextEncoding::gb18030) {
    // Undecodable GB18030 bytes were left as invalid UTF-8; say what they are.
    for (ReadProblem& p : table.problems) {
      if (p.message.ends_with(kCsvUtf8Complaint)) {
        p.message.resize(p.message.size() - kCsvUtf8Complaint.size());
        p.message += "含有无法识别的 GB18030 字节";
      }
    }
  }
  if (text.problem) {
    // A line number is only a row where rows are lines (not in a JSON array).
    const uint32_t row = table.numbering == RowNumbering::line ? text.problem_line : 0;
    table.problems.insert(table.problems.begin(), {path, row, "", *text.problem});
  }
  return table;
}

}  // namespace rubric
