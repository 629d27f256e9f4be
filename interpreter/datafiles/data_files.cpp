#include "interpreter/datafiles/data_files.hpp"

#include <string_view>

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

}  // namespace

RawTable read_table_file(const std::string& path, const TableReadOptions& options) {
  const std::string ext = lower_extension(path);
  if (ext == ".xlsx" || ext == ".xlsm") return read_xlsx_file(path, options.sheet);
  if (ext == ".xls") {
    return unreadable_table(path, "不支持 Excel 97-2003（.xls）格式，请在 Excel 中另存为 .xlsx 或“CSV UTF-8（逗号分隔）”");
  }
  std::string bytes;
  if (auto error = read_file(path, bytes)) return unreadable_table(path, *error);
  DecodedText text = decode_text(bytes, options.encoding);
  bytes.clear();
  bytes.shrink_to_fit();
  RawTable table = (ext == ".json" || ext == ".jsonl") ? read_json(path, text.utf8) : read_csv(path, text.utf8);
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
