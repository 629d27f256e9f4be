#include "interpreter/csv_reader.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <utility>
#include <vector>

#include "interpreter/atomic_file.hpp"

namespace rubric {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";  // U+3000

// ---- UTF-8 ---------------------------------------------------------------

// Length of the well-formed UTF-8 sequence at s[i], or 0 if ill-formed
// (rejects overlongs, surrogates and code points above U+10FFFF).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) return 1;
  std::size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) len = 2;
  else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    if (b0 == 0xE0) lo = 0xA0;  // overlong
    if (b0 == 0xED) hi = 0x9F;  // surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    if (b0 == 0xF0) lo = 0x90;  // overlong
    if (b0 == 0xF4) hi = 0x8F;  // > U+10FFFF
  } else {
    return 0;
  }
  if (i + len > s.size() || byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < len; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return len;
}

bool is_valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t len = utf8_sequence_length(s, i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

// ---- Whitespace ----------------------------------------------------------

// Width of a blank (space, tab, U+3000) at the start / end of s, else 0.
// A byte order mark counts as blank: one inside the file comes from joining
// two files, is invisible in every editor, and would otherwise make 「﻿单位」
// a different column from 「单位」 or 「﻿80」 not a number.
std::size_t leading_blank(std::string_view s) {
  if (!s.empty() && (s.front() == ' ' || s.front() == '\t')) return 1;
  if (s.starts_with(kIdeographicSpace)) return kIdeographicSpace.size();
  return s.starts_with(kUtf8Bom) ? kUtf8Bom.size() : 0;
}

std::size_t trailing_blank(std::string_view s) {
  if (!s.empty() && (s.back() == ' ' || s.back() == '\t')) return 1;
  if (s.ends_with(kIdeographicSpace)) return kIdeographicSpace.size();
  return s.ends_with(kUtf8Bom) ? kUtf8Bom.size() : 0;
}

std::string_view trim(std::string_view s) {
  while (std::size_t n = leading_blank(s)) s.remove_prefix(n);
  while (std::size_t n = trailing_blank(s)) s.remove_suffix(n);
  return s;
}

// ---- Scanner: bytes -> records of fields ---------------------------------

struct Field {
  std::string text;
  bool junk_after_quote = false;  // e.g. "abc"def
  bool too_large = false;         // over DataLimits::max_field_bytes; `text` is empty
  bool quoted = false;            // written in double quotes

  bool empty() const { return text.empty() && !junk_after_quote && !too_large; }
};

struct Record {
  uint32_t row = 0;  // line where the record starts
  std::vector<Field> fields;   // the first ones only, when there are very many
  std::size_t field_count = 0; // all of them
  bool unkept_content = false; // a field not kept has something in it
  bool too_long = false;       // over DataLimits::max_row_bytes: read no further

  bool blank() const {
    if (too_long || unkept_content) return false;
    for (const Field& f : fields) {
      if (!f.empty()) return false;
    }
    return true;
  }
};

enum class Scan { record, end, unterminated };

class Scanner {
 public:
  // `first_line`: the line of the file `bytes` start on (a piece of a file
  // read on its own starts past line 1).
  Scanner(std::string_view bytes, const DataLimits& limits, uint32_t first_line = 1)
      : s_(bytes), line_(first_line), max_field_(limits.max_field_bytes), max_row_(limits.max_row_bytes),
        kept_fields_(limits.max_columns + 1) {}

  // Fields of a record beyond the first `n` are counted, not kept (a row
  // cannot have more than the header, so the rest would only be reported).
  void keep_fields(std::size_t n) { kept_fields_ = n; }

  // Reads the next record into `out`; one longer than the row limit is
  // marked too_long and read no further.
  Scan next(Record& out) {
    if (at_end()) return Scan::end;
    out.row = line_;
    out.fields.clear();
    out.field_count = 0;
    out.unkept_content = false;
    out.too_long = false;
    const std::size_t start = pos_;
    for (;;) {
      Field field = read_field();
      ++out.field_count;
      if (out.fields.size() < kept_fields_) out.fields.push_back(std::move(field));
      else if (!field.empty()) out.unkept_content = true;
      if (unterminated_) return Scan::unterminated;
      if (pos_ - start > max_row_) {
        out.too_long = true;
        return Scan::record;
      }
      if (at_end()) return Scan::record;
      if (s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      consume_line_break();
      return Scan::record;
    }
  }

  // Line where the unterminated quote opened.
  uint32_t unterminated_line() const { return quote_line_; }
  // Bytes read so far.
  std::size_t position() const { return pos_; }
  // Line where the next record starts.
  uint32_t line() const { return line_; }

 private:
  bool at_end() const { return pos_ >= s_.size(); }
  bool at_line_break() const { return !at_end() && (s_[pos_] == '\n' || s_[pos_] == '\r'); }
  bool at_field_end() const { return at_end() || s_[pos_] == ',' || at_line_break(); }

  // CRLF, LF and a lone CR each count as one line break.
  void consume_line_break() {
    if (s_[pos_] == '\r' && pos_ + 1 < s_.size() && s_[pos_ + 1] == '\n') ++pos_;
    ++pos_;
    ++line_;
  }

  void skip_blanks() {
    while (std::size_t n = leading_blank(s_.substr(pos_))) pos_ += n;
  }

  Field read_field() {
    skip_blanks();
    Field field;
    if (!at_end() && s_[pos_] == '"') {
      field.quoted = true;
      read_quoted(field);
    } else {
      read_unquoted(field);
    }
    return field;
  }

  void read_unquoted(Field& field) {
    const std::size_t start = pos_;
    while (!at_field_end()) ++pos_;
    // A '"' inside an unquoted field is kept literally, as Excel does.
    const std::string_view text = trim(s_.substr(start, pos_ - start));
    if (text.size() > max_field_) field.too_large = true;
    else field.text = std::string(text);
  }

  void read_quoted(Field& field) {
    quote_line_ = line_;
    ++pos_;  // opening quote
    for (;;) {
      if (at_end()) {
        unterminated_ = true;
        return;
      }
      if (s_[pos_] == '"') {
        if (pos_ + 1 < s_.size() && s_[pos_ + 1] == '"') {
          keep(field, '"');
          pos_ += 2;
          continue;
        }
        ++pos_;  // closing quote
        break;
      }
      if (at_line_break()) {
        keep(field, '\n');  // one form of line break, whatever the file used
        consume_line_break();
        continue;
      }
      keep(field, s_[pos_++]);
    }
    skip_blanks();
    if (!at_field_end()) {
      field.junk_after_quote = true;
      while (!at_field_end()) ++pos_;
    }
  }

  // Text of a quoted field, up to the field limit: beyond it the field is
  // only scanned to its end.
  void keep(Field& field, char c) {
    if (field.too_large) return;
    if (field.text.size() >= max_field_) {
      field.too_large = true;
      field.text.clear();
      field.text.shrink_to_fit();
      return;
    }
    field.text += c;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
  uint32_t line_;
  bool unterminated_ = false;
  uint32_t quote_line_ = 0;
  std::size_t max_field_, max_row_, kept_fields_;
};

// ---- Building the table --------------------------------------------------

class TableBuilder {
 public:
  TableBuilder(RawTable& table, const DataLimits& limits) : t_(&table), limits_(limits) {}
  // Records and problems go to `table` from now on (the columns stay).
  // Points the builder at the next chunk, which takes the header's columns
  // (the previous chunk may be gone by now: a reading thread hands them on).
  void retarget(RawTable& table, const std::vector<std::string>& columns) {
    table.columns = columns;
    t_ = &table;
  }

  void problem(uint32_t row, std::string column, std::string message) {
    t_->problems.push_back({t_->path, row, std::move(column), std::move(message)});
  }

  // False, with the file refused, when the header is beyond a limit.
  bool set_header(const Record& rec) {
    t_->header_row = rec.row;
    if (rec.too_long) return refuse_row(rec.row);
    if (rec.field_count > limits_.max_columns) {
      return refuse("表头有 " + std::to_string(rec.field_count) + " 列，超过 " + std::to_string(limits_.max_columns) +
                    " 列的上限，已拒绝读取（上限可用 --max-columns 调整）");
    }
    for (std::size_t i = 0; i < rec.fields.size(); ++i) {
      const std::string label = "表头第 " + std::to_string(i + 1) + " 列";
      std::optional<std::string> name = checked_text(rec.fields[i], rec.row, "", [&] { return label; });
      t_->columns.push_back(name ? std::string(trim(*name)) : std::string());
      check_header_name(rec.row, i);
    }
    return true;
  }

  // False, with the file refused, when the record is beyond a limit.
  bool add_record(const Record& rec) {
    if (rec.too_long) return refuse_row(rec.row);
    if (records_ >= limits_.max_records) return refuse(too_many_records_message(limits_, rec.row));
    ++records_;
    const std::size_t width = t_->columns.size();
    if (rec.field_count > width) {
      // Too many fields usually means a shifted row; scoring it would be wrong.
      problem(rec.row, "",
              "第 " + std::to_string(rec.row) + " 行有 " + std::to_string(rec.field_count) +
                  " 个字段，表头只有 " + std::to_string(width) + " 列，该行未读取");
      return true;
    }
    // One mistake in the line, one message, not one for each of its cells.
    if (repeats_header(rec)) {
      problem(rec.row, "", "第 " + std::to_string(rec.row) + " 行与表头相同（是否把两个文件接在了一起？），未评分");
      return true;
    }
    if (rec.field_count < width && rec.field_count + fullwidth_commas(rec) >= width) {
      problem(rec.row, "",
              "第 " + std::to_string(rec.row) + " 行只有 " + std::to_string(rec.field_count) + " 个字段，表头有 " +
                  std::to_string(width) + " 列：这一行用的是全角逗号「，」，请改用半角逗号「,」分隔");
      return true;
    }
    RawRecord out{rec.row, std::vector<std::optional<std::string>>(width)};
    for (std::size_t i = 0; i < rec.fields.size(); ++i) {
      out.cells[i] = checked_text(rec.fields[i], rec.row, t_->columns[i],
                                  [&] { return "第 " + std::to_string(rec.row) + " 行" + column_label(i); });
    }
    t_->records.push_back(std::move(out));
    return true;
  }

  bool refused() const { return refused_; }

 private:
  // The file as a whole is refused: no columns, no records, this one problem.
  bool refuse(std::string message) {
    t_->columns.clear();
    t_->records.clear();
    t_->problems.clear();
    problem(0, "", std::move(message));
    refused_ = true;
    return false;
  }

  bool refuse_row(uint32_t row) { return refuse(row_too_long_message(limits_, row)); }

  // Every field is its column's name: the header again, as when two exported
  // files are joined. (A one-column file is left alone: a value may be its name.)
  bool repeats_header(const Record& rec) const {
    const std::vector<std::string>& columns = t_->columns;
    if (columns.size() < 2 || rec.fields.size() != columns.size()) return false;
    for (std::size_t i = 0; i < columns.size(); ++i)
      if (rec.fields[i].too_large || trim(rec.fields[i].text) != columns[i]) return false;
    return true;
  }

  // Full-width commas 「，」 outside quotes: a row typed with the Chinese
  // input method's comma where the separator belongs.
  static std::size_t fullwidth_commas(const Record& rec) {
    constexpr std::string_view comma = "\xEF\xBC\x8C";  // U+FF0C
    std::size_t n = 0;
    for (const Field& f : rec.fields) {
      if (f.quoted) continue;
      for (std::size_t at = f.text.find(comma); at != std::string::npos; at = f.text.find(comma, at + comma.size())) ++n;
    }
    return n;
  }

  std::string column_label(std::size_t i) const {
    if (!t_->columns[i].empty()) return "「" + t_->columns[i] + "」字段";
    return "第 " + std::to_string(i + 1) + " 列";
  }

  // The field's text if usable; otherwise reports why and returns nullopt.
  // `where` is a callable giving the field's place (「第 3 行「满意度」字段」):
  // composed only when there is something to report, not for every cell.
  template <class Where>
  std::optional<std::string> checked_text(const Field& f, uint32_t row, const std::string& column,
                                          const Where& where_of) {
    if (!f.too_large && !f.junk_after_quote && is_valid_utf8(f.text)) return f.text;
    const std::string where = where_of();
    if (f.too_large) {
      problem(row, column, where + over_size_limit(limits_.max_field_bytes) +
                               "，未读取（上限可用 --max-field-size 调整）");
      return std::nullopt;
    }
    if (f.junk_after_quote) {
      problem(row, column, where + "的右引号后还有多余字符");
      return std::nullopt;
    }
    if (!is_valid_utf8(f.text)) {
      problem(row, column, where + "含有无效的 UTF-8 字节（文件可能不是 UTF-8 编码）");
      return std::nullopt;
    }
    return f.text;
  }

  void check_header_name(uint32_t row, std::size_t i) {
    const std::string& name = t_->columns[i];
    const std::string pos = "第 " + std::to_string(i + 1) + " 列";
    if (name.empty()) {
      problem(row, "", "表头" + pos + "的列名为空");
      return;
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (t_->columns[j] == name) {
        problem(row, name, "表头中列名「" + name + "」重复（第 " + std::to_string(j + 1) +
                               " 列和" + pos + "）");
        return;
      }
    }
  }

  RawTable* t_;
  const DataLimits& limits_;
  std::uint64_t records_ = 0;  // records read so far, blank ones not counted
  bool refused_ = false;
};

// Skips records that carry no data at all.
Scan next_nonblank(Scanner& scanner, Record& rec) {
  Scan result;
  while ((result = scanner.next(rec)) == Scan::record && rec.blank()) {
  }
  return result;
}

bool is_utf16(std::string_view bytes) {
  return bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF");
}

}  // namespace

RawTable read_csv(std::string path_for_messages, std::string_view bytes, const DataLimits& limits) {
  RawTable table;
  table.path = std::move(path_for_messages);
  table.numbering = RowNumbering::line;
  TableBuilder builder(table, limits);
  if (is_utf16(bytes)) {
    builder.problem(0, "", "文件是 UTF-16 编码，请在 Excel 中另存为“CSV UTF-8（逗号分隔）”格式");
    return table;
  }
  if (bytes.starts_with(kUtf8Bom)) bytes.remove_prefix(kUtf8Bom.size());

  Scanner scanner(bytes, limits);
  Record rec;
  Scan result = next_nonblank(scanner, rec);
  if (result == Scan::end) {
    builder.problem(0, "", "文件为空，没有表头");
    return table;
  }
  if (result == Scan::record) {
    if (!builder.set_header(rec)) return table;
    scanner.keep_fields(table.columns.size());
    while ((result = next_nonblank(scanner, rec)) == Scan::record)
      if (!builder.add_record(rec)) return table;
  }
  if (result == Scan::unterminated) {
    const uint32_t line = scanner.unterminated_line();
    builder.problem(line, "",
                    "第 " + std::to_string(line) +
                        " 行的引号没有闭合，其后的内容无法可靠读取，已停止读取");
  }
  return table;
}

struct CsvChunkReader::Impl {
  Impl(std::string path, std::string_view bytes, const DataLimits& limits)
      : limits(limits), scanner(strip(bytes), this->limits), builder(head, this->limits), utf16(is_utf16(bytes)) {
    head.path = std::move(path);
    head.numbering = RowNumbering::line;
    bom = bytes.starts_with(kUtf8Bom) ? kUtf8Bom.size() : 0;
  }
  static std::string_view strip(std::string_view bytes) {
    if (is_utf16(bytes)) return {};
    if (bytes.starts_with(kUtf8Bom)) bytes.remove_prefix(kUtf8Bom.size());
    return bytes;
  }
  DataLimits limits;
  RawTable head;
  Scanner scanner;
  TableBuilder builder;
  bool utf16 = false;
  std::size_t bom = 0;
  bool done = false;
};

CsvChunkReader::CsvChunkReader(std::string path_for_messages, std::string_view bytes, const DataLimits& limits)
    : impl_(std::make_unique<Impl>(std::move(path_for_messages), bytes, limits)) {
  Impl& m = *impl_;
  if (m.utf16) {
    m.builder.problem(0, "", "文件是 UTF-16 编码，请在 Excel 中另存为“CSV UTF-8（逗号分隔）”格式");
    m.done = true;
    return;
  }
  Record rec;
  Scan result = next_nonblank(m.scanner, rec);
  if (result == Scan::end) {
    m.builder.problem(0, "", "文件为空，没有表头");
    m.done = true;
  } else if (result == Scan::record) {
    if (m.builder.set_header(rec)) m.scanner.keep_fields(m.head.columns.size());
    else m.done = true;
  } else {
    const uint32_t line = m.scanner.unterminated_line();
    m.builder.problem(line, "", "第 " + std::to_string(line) + " 行的引号没有闭合，其后的内容无法可靠读取，已停止读取");
    m.done = true;
  }
}

CsvChunkReader::~CsvChunkReader() = default;

const RawTable& CsvChunkReader::header() const { return impl_->head; }

bool CsvChunkReader::next(RawTable& chunk, std::size_t max_records) {
  Impl& m = *impl_;
  chunk.path = m.head.path;
  chunk.numbering = RowNumbering::line;
  chunk.header_row = m.head.header_row;
  chunk.records.clear();
  chunk.problems.clear();
  if (m.done || m.head.columns.empty()) return false;
  m.builder.retarget(chunk, m.head.columns);
  Record rec;
  while (chunk.records.size() < max_records) {
    Scan result = next_nonblank(m.scanner, rec);
    if (result == Scan::record) {
      if (m.builder.add_record(rec)) continue;
      m.done = true;  // refused: the chunk holds only why
      break;
    }
    if (result == Scan::unterminated) {
      const uint32_t line = m.scanner.unterminated_line();
      m.builder.problem(line, "", "第 " + std::to_string(line) + " 行的引号没有闭合，其后的内容无法可靠读取，已停止读取");
    }
    m.done = true;
    break;
  }
  return !chunk.records.empty() || !chunk.problems.empty();
}

std::size_t CsvChunkReader::consumed() const { return impl_->bom + impl_->scanner.position(); }

std::uint32_t CsvChunkReader::line() const { return impl_->scanner.line(); }

bool CsvChunkReader::refused() const { return impl_->builder.refused(); }

std::string too_many_records_message(const DataLimits& limits, std::uint32_t row) {
  return "记录超过 " + std::to_string(limits.max_records) + " 条的上限（第 " + std::to_string(row) +
         " 行起的记录超出），已拒绝读取（上限可用 --max-records 调整）";
}

std::string row_too_long_message(const DataLimits& limits, std::uint32_t row) {
  return "第 " + std::to_string(row) + " 行" + over_size_limit(limits.max_row_bytes) +
         "，已拒绝读取（上限可用 --max-row-size 调整）";
}

std::size_t csv_piece_end(std::string_view text, std::size_t from, std::size_t at_least, std::uint32_t& lines) {
  const std::size_t n = text.size();
  const char* s = text.data();
  if (from >= n) return n;
  const std::size_t target = at_least >= n - from ? n : from + at_least;

  // The common case: no quote, and no carriage return but a CRLF's, up to the
  // first LF at or after the target, so every LF ends a record and each is one line.
  {
    const char* lf = target < n ? static_cast<const char*>(std::memchr(s + target, '\n', n - target)) : nullptr;
    // A CRLF's break starts at its CR: one starting before the target does not end the piece.
    if (lf && lf == s + target && target > from && lf[-1] == '\r')
      lf = target + 1 < n ? static_cast<const char*>(std::memchr(lf + 1, '\n', n - target - 1)) : nullptr;
    const std::size_t end = lf ? static_cast<std::size_t>(lf - s) + 1 : n;
    bool plain = !std::memchr(s + from, '"', end - from);
    for (const char* cr = s + from; plain;) {
      cr = static_cast<const char*>(std::memchr(cr, '\r', static_cast<std::size_t>(s + end - cr)));
      if (!cr) break;
      plain = cr + 1 < s + end && cr[1] == '\n';
      cr += 2;
    }
    if (plain) {
      lines += static_cast<std::uint32_t>(std::count(s + from, s + end, '\n'));
      return end;
    }
  }

  // Otherwise byte by byte, as the Scanner reads: a field's start (blanks
  // skipped), an unquoted field (or the rest of a field after its closing
  // quote), a quoted field.
  enum class At { field_start, plain, quoted } at = At::field_start;
  auto line_break_length = [&](std::size_t i) { return s[i] == '\r' && i + 1 < n && s[i + 1] == '\n' ? 2 : 1; };
  for (std::size_t i = from; i < n;) {
    const char c = s[i];
    switch (at) {
      case At::field_start:
        if (c == ' ' || c == '\t') {
          ++i;
        } else if (n - i >= 3 && (std::memcmp(s + i, kIdeographicSpace.data(), 3) == 0 ||
                                  std::memcmp(s + i, kUtf8Bom.data(), 3) == 0)) {
          i += 3;
        } else if (c == '"') {
          at = At::quoted;
          ++i;
        } else {
          at = At::plain;  // this byte again, as part of the field
        }
        break;
      case At::plain:
        if (c == ',') {
          at = At::field_start;
          ++i;
        } else if (c == '\n' || c == '\r') {
          const std::size_t break_at = i;
          i += line_break_length(i);
          ++lines;
          at = At::field_start;
          if (break_at >= target) return i;
        } else {
          ++i;
        }
        break;
      case At::quoted:
        if (c == '"') {
          if (i + 1 < n && s[i + 1] == '"') {
            i += 2;
          } else {
            at = At::plain;  // text after the closing quote runs to the field's end, quotes and all
            ++i;
          }
        } else if (c == '\n' || c == '\r') {
          i += line_break_length(i);
          ++lines;
        } else {
          ++i;
        }
        break;
    }
  }
  return n;
}

CsvPiece read_csv_piece(const RawTable& header, std::string_view piece, std::uint32_t first_line,
                        const DataLimits& limits) {
  CsvPiece out;
  RawTable& table = out.table;
  table.path = header.path;
  table.numbering = RowNumbering::line;
  table.header_row = header.header_row;
  // The caller counts records across pieces; here none is refused for their number.
  DataLimits unbounded = limits;
  unbounded.max_records = std::numeric_limits<decltype(unbounded.max_records)>::max();
  TableBuilder builder(table, unbounded);
  builder.retarget(table, header.columns);
  Scanner scanner(piece, unbounded, first_line);
  scanner.keep_fields(header.columns.size());
  Record rec;
  for (;;) {
    const Scan result = next_nonblank(scanner, rec);
    if (result == Scan::record) {
      if (rec.too_long) {
        out.too_long_row = rec.row;
        break;
      }
      const std::size_t kept = table.records.size();
      builder.add_record(rec);
      if (table.records.size() == kept) out.unkept_rows.push_back(rec.row);
      continue;
    }
    if (result == Scan::unterminated) {
      const uint32_t line = scanner.unterminated_line();
      builder.problem(line, "", "第 " + std::to_string(line) + " 行的引号没有闭合，其后的内容无法可靠读取，已停止读取");
      out.unterminated_row = line;
    }
    break;
  }
  return out;
}

RawTable read_csv_file(const std::string& path, const DataLimits& limits) {
  std::string bytes;
  if (auto error = read_file(path, bytes)) return unreadable_table(path, *error);
  return read_csv(path, bytes, limits);
}

}  // namespace rubric
