#include "interpreter/json_reader.hpp"

#include <algorithm>
#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "interpreter/atomic_file.hpp"
#include "interpreter/datafiles/data_limits.hpp"

namespace rubric {
namespace {

using json = nlohmann::json;

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

std::string row_text(RowNumbering numbering, uint32_t row) {
  RawTable labeler;
  labeler.numbering = numbering;
  return labeler.row_label(row);
}

// ---- Records as parsed, before columns are assigned -----------------------

// Kept as key/value pairs so that a line that later fails to parse adds no
// columns: columns are only created when a record is committed.
struct PendingRecord {
  uint32_t row = 0;
  std::vector<std::pair<std::string, std::optional<std::string>>> fields;
};

struct SyntaxError {
  std::size_t position = 0;  // nlohmann's count of bytes read, incl. the bad one
  std::string reason;        // Chinese
};

// nlohmann's messages are English; map the common ones to a Chinese reason.
std::string chinese_reason(std::string_view what) {
  static const std::pair<std::string_view, std::string_view> table[] = {
      {"control character", "字符串中有未转义的控制字符（例如换行）"},
      {"UTF-8", "含有无效的 UTF-8 字节"},
      {"\\u", "\\u 转义不正确"},
      {"number overflow", "数字超出可读取的范围"},
      {"invalid number", "数字格式不正确"},
      {"unexpected end of input", "内容意外结束（可能缺少右括号、引号或值）"},
      {"expected end of input", "一个完整的值之后还有多余内容"},
      {"invalid literal", "无法识别的内容（字符串需要加双引号）"},
      {"parsing object key", "此处应为带双引号的字段名"},
      {"parsing object separator", "字段名之后应为冒号"},
      {"parsing object", "对象中缺少逗号或右花括号"},
      {"parsing array", "数组中缺少逗号或右方括号"},
  };
  for (const auto& [english, chinese] : table) {
    if (what.find(english) != std::string_view::npos) return std::string(chinese);
  }
  return "语法错误";
}

// nlohmann's lexer writes the locale's decimal point into the number text
// (for strtod); put the JSON '.' back so the text is the source text.
std::string number_text(std::string text) {
  for (char& c : text) {
    const bool json_char = (c >= '0' && c <= '9') || c == '-' || c == '+' || c == 'e' || c == 'E';
    if (!json_char) c = '.';
  }
  return text;
}

// ---- SAX handler ---------------------------------------------------------

// Turns SAX events into PendingRecords. Records are objects at
// `record_depth_` (0 for a lone object or a JSON Lines line, 1 inside a
// top-level array); a value that is itself a container is skipped whole.
class RecordSax : public json::json_sax_t {
 public:
  enum class Top { any, object_only };

  // `records_before`: records already read from the file (JSON Lines).
  RecordSax(const std::string& path, Top top, RowNumbering numbering, uint32_t fixed_row, const DataLimits& limits,
            std::uint64_t records_before)
      : path_(path), top_(top), numbering_(numbering), fixed_row_(fixed_row), limits_(limits),
        records_before_(records_before) {}

  std::vector<PendingRecord> records;
  std::vector<ReadProblem> problems;
  std::optional<SyntaxError> error;
  // A limit stopped the parse: why (too deep: `too_deep`, placed by the caller).
  std::optional<std::string> refusal;
  bool too_deep = false;
  bool array_mode() const { return array_mode_; }

  // Row to blame for a syntax error: the element being read, or the next one.
  uint32_t error_row() const {
    if (!array_mode_) return fixed_row_;
    return depth_ > record_depth_ ? index_ : index_ + 1;
  }

  bool null() override { return scalar(std::nullopt); }
  bool boolean(bool v) override { return scalar(v ? "true" : "false"); }
  // Integers arrive as values; JSON integer syntax has a single spelling per
  // value (no leading zeros or '+'), so re-formatting is exact (except "-0").
  bool number_integer(number_integer_t v) override { return scalar(std::to_string(v)); }
  bool number_unsigned(number_unsigned_t v) override { return scalar(std::to_string(v)); }
  // Floats (and integers too big for 64 bits) come with their source text.
  bool number_float(number_float_t, const string_t& s) override { return scalar(number_text(s)); }
  bool string(string_t& v) override { return scalar(v); }
  bool binary(binary_t&) override { return scalar(std::nullopt); }  // not produced by JSON text
  bool key(string_t& k) override {
    if (skip_at_) return true;
    if (k.size() > limits_.max_field_bytes) {
      refusal = row_text(numbering_, row()) + "的字段名" + over_size_limit(limits_.max_field_bytes) +
                "，已拒绝读取（上限可用 --max-field-size 调整）";
      return false;
    }
    key_ = k;
    return true;
  }
  bool start_object(std::size_t) override { return open(true); }
  bool start_array(std::size_t) override { return open(false); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }

  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& ex) override {
    error = SyntaxError{position, chinese_reason(ex.what())};
    return false;
  }

 private:
  uint32_t row() const { return array_mode_ ? index_ : fixed_row_; }

  void problem(std::string column, const std::string& message) {
    problems.push_back({path_, row(), std::move(column), row_text(numbering_, row()) + message});
  }

  void skip_container() { skip_at_ = depth_; }

  bool open(bool is_object) {
    if (depth_ + 1 > limits_.max_json_depth) {
      too_deep = true;
      refusal = "JSON 的数组和对象嵌套超过 " + std::to_string(limits_.max_json_depth) +
                " 层的上限，已拒绝读取（上限可用 --max-json-depth 调整）";
      return false;
    }
    if (skip_at_) {
      ++depth_;
      return true;
    }
    if (depth_ == 0 && !is_object && top_ == Top::any) {
      array_mode_ = true;
      record_depth_ = 1;
    } else if (depth_ == record_depth_) {
      if (is_object && records_before_ + records.size() >= limits_.max_records) {
        if (array_mode_) ++index_;
        refusal = "记录超过 " + std::to_string(limits_.max_records) + " 条的上限（" + row_text(numbering_, row()) +
                  "起的记录超出），已拒绝读取（上限可用 --max-records 调整）";
        return false;
      }
      start_element(is_object);
    } else if (depth_ == record_depth_ + 1) {
      if (!key_.empty()) problem(key_, "：字段「" + key_ + "」的值不能是数组或对象");
      set_field(std::nullopt);
      skip_container();
    }
    ++depth_;
    return true;
  }

  void start_element(bool is_object) {
    if (array_mode_) ++index_;
    if (is_object) {
      current_ = PendingRecord{row(), {}};
      return;
    }
    problem("", array_mode_ ? "不是对象，已跳过" : "不是 JSON 对象，已跳过");
    skip_container();
  }

  bool close() {
    --depth_;
    if (skip_at_) {
      if (depth_ == *skip_at_) skip_at_.reset();
      return true;
    }
    if (depth_ == record_depth_ && current_) {
      records.push_back(std::move(*current_));
      current_.reset();
    }
    return true;
  }

  bool scalar(std::optional<std::string> value) {
    if (skip_at_) return true;
    if (depth_ == 0) {
      // Top::any: the file as a whole is wrong (row 0); otherwise just this line.
      if (top_ == Top::any) {
        problems.push_back({path_, 0, "",
                            "JSON 顶层必须是对象数组、单个对象或每行一个对象（JSON Lines）"});
      } else {
        problem("", "不是 JSON 对象，已跳过");
      }
    } else if (depth_ == record_depth_) {
      ++index_;  // a scalar element of the top-level array
      problem("", "不是对象，已跳过");
    } else {
      set_field(std::move(value));
    }
    return true;
  }

  void set_field(std::optional<std::string> value) {
    if (value && value->size() > limits_.max_field_bytes && !key_.empty()) {
      problem(key_, "「" + key_ + "」字段" + over_size_limit(limits_.max_field_bytes) +
                        "，未读取（上限可用 --max-field-size 调整）");
      value.reset();
    }
    if (key_.empty()) {
      problem("", "：字段名为空，该值已忽略");
      return;
    }
    for (auto& [name, old] : current_->fields) {
      if (name == key_) {
        problem(key_, "：字段「" + key_ + "」重复出现，无法确定取哪个值");
        old.reset();
        return;
      }
    }
    current_->fields.emplace_back(key_, std::move(value));
  }

  const std::string& path_;
  Top top_;
  RowNumbering numbering_;
  uint32_t fixed_row_;
  const DataLimits& limits_;
  std::uint64_t records_before_;
  bool array_mode_ = false;
  std::size_t record_depth_ = 0;
  std::size_t depth_ = 0;                 // containers currently open
  std::optional<std::size_t> skip_at_;    // ignoring everything deeper than this
  uint32_t index_ = 0;                    // array elements seen so far
  std::string key_;
  std::optional<PendingRecord> current_;
};

// ---- Committing records into the table -----------------------------------

class TableBuilder {
 public:
  TableBuilder(RawTable& table, const DataLimits& limits) : t_(table), limits_(limits) {}

  // False, with the file refused, when the records bring too many columns.
  bool commit(RecordSax& sax) {
    for (PendingRecord& rec : sax.records)
      if (!add(std::move(rec))) return false;
    for (ReadProblem& p : sax.problems) t_.problems.push_back(std::move(p));
    return true;
  }

  // The file as a whole is refused: no columns, no records, this one problem.
  void refuse(std::string message) {
    t_.columns.clear();
    t_.records.clear();
    t_.problems.clear();
    problem(0, std::move(message));
    refused_ = true;
  }
  bool refused() const { return refused_; }

  void problem(uint32_t row, std::string message) {
    t_.problems.push_back({t_.path, row, "", std::move(message)});
  }

  // Records committed early lack later columns; give every record full width.
  // Records that are all empty objects ({}) give no column to bind: say so
  // once, as for a CSV file without a header, rather than drop them silently.
  void finish() {
    if (t_.columns.empty() && !t_.records.empty()) {
      const std::size_t n = t_.records.size();
      problem(0, (n == 1 ? std::string("记录是") : std::to_string(n) + " 条记录都是") + "空对象 {}，没有任何字段可读取");
      t_.records.clear();
    }
    for (RawRecord& rec : t_.records) rec.cells.resize(t_.columns.size());
  }

 private:
  bool add(PendingRecord&& rec) {
    RawRecord out{rec.row, {}};
    for (auto& [key, value] : rec.fields) {
      if (!index_.count(key) && t_.columns.size() >= limits_.max_columns) {
        refuse("字段超过 " + std::to_string(limits_.max_columns) + " 个的上限（" + row_text(t_.numbering, rec.row) +
               "有第 " + std::to_string(limits_.max_columns + 1) + " 个不同的字段「" + key +
               "」），已拒绝读取（上限可用 --max-columns 调整）");
        return false;
      }
      const std::size_t column = column_for(key);
      if (out.cells.size() <= column) out.cells.resize(column + 1);
      out.cells[column] = std::move(value);
    }
    t_.records.push_back(std::move(out));
    return true;
  }

  std::size_t column_for(const std::string& key) {
    auto [it, inserted] = index_.try_emplace(key, t_.columns.size());
    if (inserted) t_.columns.push_back(key);
    return it->second;
  }

  RawTable& t_;
  const DataLimits& limits_;
  std::unordered_map<std::string, std::size_t> index_;
  bool refused_ = false;
};

// ---- Positions and line handling -----------------------------------------

struct TextPosition {
  std::size_t line = 1;
  std::size_t column = 1;  // in characters, as an editor counts them
};

TextPosition locate(std::string_view text, std::size_t nlohmann_position) {
  const std::size_t offset =
      std::min(nlohmann_position == 0 ? 0 : nlohmann_position - 1, text.size());
  TextPosition at;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++at.line;
      line_start = i + 1;
    }
  }
  for (std::size_t i = line_start; i < offset; ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++at.column;  // skip continuation bytes
  }
  return at;
}

bool is_blank(std::string_view s) {
  return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// Calls f(line_number, line) for each line, without its "\n" or "\r\n".
template <typename F>
void for_each_line(std::string_view text, F f) {
  uint32_t number = 1;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    if (line.ends_with('\r')) line.remove_suffix(1);
    f(number++, line);
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
}

bool parse(std::string_view text, RecordSax& sax) {
  return json::sax_parse(text.begin(), text.end(), &sax);
}

// Whole text failed as one value: is it JSON Lines (some early line is a
// complete value by itself), or one broken document?
bool looks_like_json_lines(std::string_view text) {
  if (text.substr(text.find_first_not_of(" \t\r\n")).front() != '{') return false;
  int checked = 0;
  bool found = false;
  for_each_line(text, [&](uint32_t, std::string_view line) {
    if (found || checked >= 2 || is_blank(line)) return;
    ++checked;
    found = json::accept(line.begin(), line.end());
  });
  return found;
}

// Where the JSON first nests deeper than `max` arrays and objects (the
// opening bracket), as nlohmann counts positions: one past its offset.
std::size_t too_deep_position(std::string_view text, std::size_t max) {
  std::size_t depth = 0;
  bool in_string = false, escaped = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max) return i + 1;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return text.size();
}

// The refusal a RecordSax stopped with, placed at the line (and column) of
// the nesting when it was too deep.
std::string refusal_text(const RecordSax& sax, std::string_view text, const DataLimits& limits,
                         std::optional<uint32_t> line) {
  if (!sax.too_deep) return *sax.refusal;
  const TextPosition at = locate(text, too_deep_position(text, limits.max_json_depth));
  return "第 " + std::to_string(line ? *line : at.line) + " 行第 " + std::to_string(at.column) + " 列：" + *sax.refusal;
}

void read_json_lines(RawTable& table, std::string_view text, const DataLimits& limits) {
  table.numbering = RowNumbering::line;
  TableBuilder builder(table, limits);
  for_each_line(text, [&](uint32_t number, std::string_view line) {
    if (builder.refused() || is_blank(line)) return;
    if (line.size() > limits.max_row_bytes) {
      builder.refuse("第 " + std::to_string(number) + " 行" + over_size_limit(limits.max_row_bytes) +
                     "，已拒绝读取（上限可用 --max-row-size 调整）");
      return;
    }
    RecordSax sax(table.path, RecordSax::Top::object_only, RowNumbering::line, number, limits, table.records.size());
    const bool parsed = parse(line, sax);
    if (sax.refusal) {
      builder.refuse(refusal_text(sax, line, limits, number));
      return;
    }
    if (parsed) {
      builder.commit(sax);
      return;
    }
    // A bad line adds nothing but its error; the other lines are unaffected.
    const TextPosition at = locate(line, sax.error->position);
    builder.problem(number, "第 " + std::to_string(number) + " 行 JSON 格式错误（第 " +
                                std::to_string(at.column) + " 列）：" + sax.error->reason);
  });
  if (!builder.refused()) builder.finish();
}

}  // namespace

RawTable read_json(std::string path_for_messages, std::string_view bytes, const DataLimits& limits) {
  RawTable table;
  table.path = std::move(path_for_messages);
  table.numbering = RowNumbering::index;
  if (bytes.starts_with(kUtf8Bom)) bytes.remove_prefix(kUtf8Bom.size());
  TableBuilder builder(table, limits);
  if (is_blank(bytes)) {
    builder.problem(0, "文件为空");
    return table;
  }

  RecordSax sax(table.path, RecordSax::Top::any, RowNumbering::index, 1, limits, 0);
  const bool parsed = parse(bytes, sax);
  if (sax.refusal) {
    builder.refuse(refusal_text(sax, bytes, limits, std::nullopt));
    return table;
  }
  if (!parsed && looks_like_json_lines(bytes)) {
    read_json_lines(table, bytes, limits);
    return table;
  }
  if (!builder.commit(sax)) return table;  // records completed before a syntax error are kept
  if (sax.error) {
    const TextPosition at = locate(bytes, sax.error->position);
    builder.problem(sax.error_row(), "JSON 格式错误（第 " + std::to_string(at.line) + " 行第 " +
                                         std::to_string(at.column) + " 列）：" + sax.error->reason);
  }
  builder.finish();
  return table;
}

RawTable read_json_file(const std::string& path, const DataLimits& limits) {
  std::string bytes;
  if (auto error = read_file(path, bytes)) return unreadable_table(path, *error);
  return read_json(path, bytes, limits);
}

}  // namespace rubric
