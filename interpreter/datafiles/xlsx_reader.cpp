#include "interpreter/datafiles/xlsx_reader.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "interpreter/datafiles/ooxml_package.hpp"
#include "interpreter/datafiles/xlsx_values.hpp"
#include "interpreter/datafiles/xml_stream.hpp"
#include "interpreter/suggest.hpp"

namespace rubric {
namespace {

bool type_is(std::string_view type, std::string_view last_segment) {
  return type.size() > last_segment.size() && type.ends_with(last_segment) &&
         type[type.size() - last_segment.size() - 1] == '/';
}

const Relationship* find_by_type(const std::vector<Relationship>& rels, std::string_view last_segment) {
  for (const Relationship& r : rels) {
    if (type_is(r.type, last_segment)) return &r;
  }
  return nullptr;
}

// A non-negative decimal index of at most 9 digits, else nullopt.
std::optional<std::size_t> parse_index(std::string_view text) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  std::size_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<std::size_t>(c - '0');
  }
  return v;
}

std::string quoted_list(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "「" : "、「") + n + "」";
  return out;
}

// ---- Workbook: sheet names and their r:id, in tab order -----------------

struct SheetEntry {
  std::string name;
  std::string relationship_id;
  bool hidden = false;  // state="hidden" or "veryHidden"
};

class WorkbookHandler : public XmlHandler {
 public:
  std::vector<SheetEntry> sheets;
  std::string root;

  void start(std::string_view local, const XmlAttributes& a) override {
    if (root.empty()) root = std::string(local);
    if (local == "sheet") {
      sheets.push_back({std::string(a.get("name").value_or("")), std::string(a.relationship_id().value_or("")),
                        a.get("state").value_or("visible") != "visible"});
    }
  }
  void end(std::string_view) override {}
};

// ---- Styles: which cell formats (cellXfs indexes) are percentages -------

class StylesHandler : public XmlHandler {
 public:
  std::vector<bool> percent;  // by cellXfs index

  void start(std::string_view local, const XmlAttributes& a) override {
    if (local == "cellXfs") {
      in_cell_xfs_ = true;
    } else if (local == "numFmt") {
      const auto id = parse_index(a.get("numFmtId").value_or(""));
      if (id) codes_[*id] = std::string(a.get("formatCode").value_or(""));
      count();
    } else if (local == "xf" && in_cell_xfs_) {
      xf_formats_.push_back(parse_index(a.get("numFmtId").value_or("0")).value_or(0));
      count();
    }
  }
  void end(std::string_view local) override {
    if (local == "cellXfs") in_cell_xfs_ = false;
  }

  void finish() {
    for (const std::size_t id : xf_formats_) {
      const auto code = codes_.find(id);
      percent.push_back(is_percent_format(static_cast<uint32_t>(id), code == codes_.end()
                                                                         ? std::nullopt
                                                                         : std::optional<std::string_view>(code->second)));
    }
  }

 private:
  // Excel allows about 64,000 cell formats; far more is an attack on memory.
  static constexpr std::size_t kMaxFormats = 100'000;
  void count() {
    if (++formats_ > kMaxFormats) stop_reason = "单元格格式超过 " + std::to_string(kMaxFormats) + " 个的上限，已拒绝读取";
  }

  bool in_cell_xfs_ = false;
  std::size_t formats_ = 0;
  std::map<std::size_t, std::string> codes_;
  std::vector<std::size_t> xf_formats_;
};

// ---- Shared strings, stored compactly -----------------------------------

class SharedStrings : public XmlHandler {
 public:
  explicit SharedStrings(uint64_t max) : max_(max) {}
  std::size_t size() const { return ends_.size(); }
  std::string_view at(std::size_t i) const {
    const std::size_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(blob_).substr(begin, ends_[i] - begin);
  }

  void start(std::string_view local, const XmlAttributes&) override {
    if (local == "si") {
      in_si_ = true;
      current_.clear();
    } else if (local == "rPh") {
      ++phonetic_depth_;
    } else if (local == "t" && in_si_ && phonetic_depth_ == 0) {
      in_t_ = true;
    }
  }
  void end(std::string_view local) override {
    if (local == "t") {
      in_t_ = false;
    } else if (local == "rPh") {
      if (phonetic_depth_ > 0) --phonetic_depth_;
    } else if (local == "si" && in_si_) {
      in_si_ = false;
      if (ends_.size() >= max_) {
        stop_reason = "共享字符串超过 " + std::to_string(max_) + " 个的上限，已拒绝读取";
        return;
      }
      blob_ += unescape_xstring(current_);
      ends_.push_back(blob_.size());
    }
  }
  void text(std::string_view s) override {
    if (in_t_) current_ += s;
  }

 private:
  uint64_t max_;
  std::string blob_;
  std::vector<std::size_t> ends_;
  std::string current_;
  bool in_si_ = false;
  bool in_t_ = false;
  int phonetic_depth_ = 0;
};

// ---- Rows to RawTable ----------------------------------------------------

struct Cell {
  uint32_t column = 0;
  std::optional<std::string> text;  // nullopt: `problem` says why
  std::string problem;              // without the row/column prefix
};

class TableBuilder {
 public:
  TableBuilder(RawTable& table, const XlsxLimits& limits) : t_(table), limits_(limits) {}

  bool has_header() const { return width_ > 0; }

  // Returns false (with `refusal`) when a limit is exceeded.
  bool add_row(uint32_t row, std::vector<Cell>& cells, std::string& refusal) {
    // Later duplicates of a column win, as Excel would show them.
    std::stable_sort(cells.begin(), cells.end(), [](const Cell& a, const Cell& b) { return a.column < b.column; });
    std::vector<Cell> unique;
    for (Cell& c : cells) {
      if (!unique.empty() && unique.back().column == c.column) unique.pop_back();
      unique.push_back(std::move(c));
    }
    std::erase_if(unique, [](const Cell& c) { return c.text && c.text->empty(); });
    if (unique.empty()) return true;  // a blank row
    // Shared strings are stored once but copied into every cell using them.
    for (const Cell& c : unique) text_bytes_ += c.text ? c.text->size() : 0;
    if (text_bytes_ > limits_.max_text_bytes) {
      refusal = "表格中的文字超过 " + std::to_string(limits_.max_text_bytes / (1024 * 1024)) + " MiB 的上限，已拒绝读取";
      return false;
    }
    if (!has_header()) {
      set_header(row, unique);
      return true;
    }
    if ((t_.records.size() + 1) * width_ > limits_.max_cells) {
      refusal = "表格超过 " + std::to_string(limits_.max_cells) + " 个单元格（记录数 × 列数）的上限，已拒绝读取";
      return false;
    }
    add_record(row, unique);
    return true;
  }

 private:
  void problem(uint32_t row, std::string column, std::string message) {
    t_.problems.push_back({t_.path, row, std::move(column), std::move(message)});
  }

  static std::string cell_name(uint32_t column, uint32_t row) {
    return column_letters(column) + std::to_string(row) + " 单元格";
  }

  void set_header(uint32_t row, const std::vector<Cell>& cells) {
    first_ = cells.front().column;
    width_ = cells.back().column - first_ + 1;
    t_.columns.assign(width_, std::string());
    std::vector<bool> reported(width_, false);
    for (const Cell& c : cells) {
      const std::size_t i = c.column - first_;
      if (c.text) {
        t_.columns[i] = *c.text;
      } else {
        problem(row, "", "表头 " + column_letters(c.column) + " 列（" + cell_name(c.column, row) + "）" + c.problem);
        reported[i] = true;
      }
    }
    for (std::size_t i = 0; i < width_; ++i) {
      const std::string letters = column_letters(static_cast<uint32_t>(first_ + i));
      const std::string& name = t_.columns[i];
      if (name.empty()) {
        if (!reported[i]) problem(row, "", "表头 " + letters + " 列的列名为空");
        continue;
      }
      for (std::size_t j = 0; j < i; ++j) {
        if (t_.columns[j] == name) {
          problem(row, name, "表头中列名「" + name + "」重复（" + column_letters(static_cast<uint32_t>(first_ + j)) +
                                 " 列和 " + letters + " 列）");
          break;
        }
      }
    }
  }

  void add_record(uint32_t row, const std::vector<Cell>& cells) {
    const uint32_t last = first_ + static_cast<uint32_t>(width_) - 1;
    for (const Cell& c : cells) {
      if (c.column < first_ || c.column > last) {
        problem(row, "",
                "第 " + std::to_string(row) + " 行 " + column_letters(c.column) + " 列（" + cell_name(c.column, row) +
                    "）有内容，但表头只有 " + column_letters(first_) + " 列至 " + column_letters(last) +
                    " 列，该行未读取");
        return;
      }
    }
    RawRecord out{row, std::vector<std::optional<std::string>>(width_, std::string())};
    for (const Cell& c : cells) {
      const std::size_t i = c.column - first_;
      if (c.text) {
        out.cells[i] = *c.text;
        continue;
      }
      out.cells[i] = std::nullopt;
      const std::string& name = t_.columns[i];
      const std::string label = name.empty() ? " " + column_letters(c.column) + " 列" : "「" + name + "」字段";
      problem(row, name, "第 " + std::to_string(row) + " 行" + label + "（" + cell_name(c.column, row) + "）" + c.problem);
    }
    t_.records.push_back(std::move(out));
  }

  RawTable& t_;
  const XlsxLimits& limits_;
  uint64_t text_bytes_ = 0;
  uint32_t first_ = 0;
  std::size_t width_ = 0;
};

// ---- The sheet, streamed ---------------------------------------------------

class SheetHandler : public XmlHandler {
 public:
  SheetHandler(RawTable& table, const SharedStrings& strings, const std::vector<bool>& percent,
               const XlsxLimits& limits)
      : builder_(table, limits), strings_(strings), percent_(percent), max_rows_(limits.max_rows) {}

  bool saw_header() const { return builder_.has_header(); }

  void start(std::string_view local, const XmlAttributes& a) override {
    if (local == "row") {
      start_row(a);
    } else if (local == "c" && in_row_) {
      start_cell(a);
    } else if (!in_cell_) {
      return;
    } else if (local == "v") {
      in_v_ = true;
    } else if (local == "is") {
      in_is_ = true;
    } else if (local == "rPh") {
      ++phonetic_depth_;
    } else if (local == "t" && in_is_ && phonetic_depth_ == 0) {
      in_t_ = true;
    }
  }

  void end(std::string_view local) override {
    if (local == "row" && in_row_) {
      in_row_ = false;
      std::string refusal;
      if (!builder_.add_row(row_, cells_, refusal)) stop_reason = refusal;
      cells_.clear();
    } else if (local == "c" && in_cell_) {
      in_cell_ = false;
      if (cells_.size() >= kMaxSheetColumns) {
        stop_reason = "第 " + std::to_string(row_) + " 行的单元格超过 Excel 的 " + std::to_string(kMaxSheetColumns) +
                      " 列上限，已拒绝读取";
        return;
      }
      cells_.push_back(finish_cell());
    } else if (local == "v") {
      in_v_ = false;
    } else if (local == "is") {
      in_is_ = false;
    } else if (local == "t") {
      in_t_ = false;
    } else if (local == "rPh") {
      if (phonetic_depth_ > 0) --phonetic_depth_;
    }
  }

  void text(std::string_view s) override {
    if (in_v_) {
      value_ += s;
    } else if (in_t_) {
      inline_ += s;
    }
  }

 private:
  void start_row(const XmlAttributes& a) {
    if (++row_elements_ > max_rows_) {
      stop_reason = "行数超过 " + std::to_string(max_rows_) + " 行的上限，已拒绝读取";
      return;
    }
    if (const auto r = a.get("r")) {
      const auto n = parse_row_number(*r);
      if (!n) {
        stop_reason = "行号「" + std::string(*r) + "」无效（应为 1 至 " + std::to_string(kMaxSheetRows) + "），已拒绝读取";
        return;
      }
      row_ = *n;
    } else if (++row_ > kMaxSheetRows) {
      stop_reason = "行号超过 Excel 的 " + std::to_string(kMaxSheetRows) + " 行上限，已拒绝读取";
      return;
    }
    in_row_ = true;
    column_ = 0;
  }

  void start_cell(const XmlAttributes& a) {
    if (const auto r = a.get("r")) {
      const auto column = reference_column(*r);
      if (!column) {
        stop_reason = "第 " + std::to_string(row_) + " 行的单元格引用「" + std::string(*r) + "」无效，已拒绝读取";
        return;
      }
      column_ = *column;
    } else if (++column_ > kMaxSheetColumns) {
      stop_reason = "第 " + std::to_string(row_) + " 行超过 Excel 的 " + std::to_string(kMaxSheetColumns) +
                    " 列上限，已拒绝读取";
      return;
    }
    in_cell_ = true;
    type_ = std::string(a.get("t").value_or("n"));
    style_ = std::nullopt;
    if (const auto s = a.get("s")) style_ = parse_index(*s);
    value_.clear();
    inline_.clear();
  }

  Cell finish_cell() {
    Cell cell;
    cell.column = column_;
    std::string text;
    if (type_ == "s") {
      const std::string_view v = trim_blanks(value_);
      const std::optional<std::size_t> index = parse_index(v);
      if (v.empty()) {
        text.clear();
      } else if (!index || *index >= strings_.size()) {
        cell.problem = "引用了不存在的共享字符串（第 " + std::string(v) + " 个），工作簿可能已损坏";
        return cell;
      } else {
        text = std::string(strings_.at(*index));
      }
    } else if (type_ == "inlineStr") {
      text = unescape_xstring(inline_);
    } else if (type_ == "str") {
      text = unescape_xstring(value_);
    } else if (type_ == "b") {
      const std::string_view v = trim_blanks(value_);
      text = v == "1" ? "true" : v == "0" ? "false" : std::string(v);
    } else if (type_ == "e") {
      cell.problem = "是 Excel 错误值 " + std::string(trim_blanks(value_));
      return cell;
    } else {  // "n", "d" (ISO date text, kept as is) or unknown
      text = std::string(trim_blanks(value_));
      if (type_ == "n" && !text.empty() && style_ && *style_ < percent_.size() && percent_[*style_]) {
        if (auto p = percent_text(text)) text = std::move(*p);
      }
    }
    cell.text = std::string(trim_blanks(text));
    return cell;
  }

  TableBuilder builder_;
  const SharedStrings& strings_;
  const std::vector<bool>& percent_;
  uint64_t max_rows_;
  std::vector<Cell> cells_;
  uint64_t row_elements_ = 0;
  uint32_t row_ = 0;
  uint32_t column_ = 0;
  bool in_row_ = false, in_cell_ = false, in_v_ = false, in_is_ = false, in_t_ = false;
  int phonetic_depth_ = 0;
  std::string type_;
  std::optional<std::size_t> style_;
  std::string value_, inline_;
};

RawTable refused(const std::string& path, const std::string& message) { return unreadable_table(path, message); }

}  // namespace

RawTable read_xlsx_file(const std::string& path, const std::string& sheet_name, const XlsxLimits& limits) {
  OoxmlPackage package(limits.max_part_bytes);
  if (auto error = package.open(path)) return refused(path, *error);

  // The workbook part.
  std::vector<Relationship> rels;
  if (auto error = package.relationships("", rels)) return refused(path, *error);
  std::string workbook_part = "xl/workbook.xml";
  if (const Relationship* main = find_by_type(rels, "officeDocument")) workbook_part = main->target;
  const std::string not_workbook = "文件是 ZIP 压缩包，但不是 Excel 工作簿（没有工作簿内容 " + workbook_part + "）";
  if (!package.has_part(workbook_part)) return refused(path, not_workbook);
  WorkbookHandler workbook;
  if (auto error = package.parse_part(workbook_part, workbook)) return refused(path, *error);
  if (workbook.root != "workbook") return refused(path, not_workbook);
  if (auto error = package.relationships(workbook_part, rels)) return refused(path, *error);

  // The sheet.
  std::vector<std::string> names;
  for (const SheetEntry& s : workbook.sheets) names.push_back(s.name);
  auto part_of = [&](const SheetEntry& s) -> const Relationship* {
    for (const Relationship& r : rels) {
      if (r.id == s.relationship_id) return &r;
    }
    return nullptr;
  };
  const SheetEntry* chosen = nullptr;
  const Relationship* sheet_part = nullptr;
  if (sheet_name.empty()) {
    // The first visible worksheet (the first tab the user sees), else the first hidden one.
    for (bool allow_hidden : {false, true}) {
      for (const SheetEntry& s : workbook.sheets) {
        const Relationship* r = part_of(s);
        if (!chosen && r && type_is(r->type, "worksheet") && (allow_hidden || !s.hidden)) {
          chosen = &s;
          sheet_part = r;
        }
      }
    }
    if (!chosen) return refused(path, "工作簿中没有工作表");
  } else {
    for (const SheetEntry& s : workbook.sheets) {
      if (s.name == sheet_name) {
        chosen = &s;
        break;
      }
    }
    if (!chosen) {
      std::string message = "工作簿中没有名为「" + sheet_name + "」的工作表（现有：" + quoted_list(names) + "）";
      if (auto suggestion = closest_name(sheet_name, names)) message += "；是否指「" + *suggestion + "」？";
      return refused(path, message);
    }
    sheet_part = part_of(*chosen);
    if (!sheet_part) return refused(path, "工作表「" + chosen->name + "」在工作簿中找不到对应的内容，工作簿可能已损坏");
    if (!type_is(sheet_part->type, "worksheet")) {
      return refused(path, "工作表「" + chosen->name + "」不是数据表（可能是图表），没有可读取的单元格");
    }
  }

  // Styles (percent formats) and shared strings, when the workbook has them.
  StylesHandler styles;
  if (const Relationship* r = find_by_type(rels, "styles"); r && package.has_part(r->target)) {
    if (auto error = package.parse_part(r->target, styles)) return refused(path, *error);
  }
  styles.finish();
  SharedStrings strings(limits.max_shared_strings);
  if (const Relationship* r = find_by_type(rels, "sharedStrings"); r && package.has_part(r->target)) {
    if (auto error = package.parse_part(r->target, strings)) return refused(path, *error);
  }

  RawTable table;
  table.path = path;
  table.numbering = RowNumbering::line;
  SheetHandler sheet(table, strings, styles.percent, limits);
  if (auto error = package.parse_part(sheet_part->target, sheet)) {
    return refused(path, "工作表「" + chosen->name + "」无法读取：" + *error);
  }
  if (!sheet.saw_header()) table.problems.push_back({path, 0, "", "工作表「" + chosen->name + "」是空的，没有表头"});
  return table;
}

}  // namespace rubric
