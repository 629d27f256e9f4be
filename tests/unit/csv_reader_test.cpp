#include <doctest/doctest.h>

#include <random>

#include <optional>
#include <string>
#include <vector>

#include "interpreter/csv_reader.hpp"

using rubric::read_csv;
using rubric::RawTable;
using Cells = std::vector<std::optional<std::string>>;

namespace {

std::vector<uint32_t> rows_of(const RawTable& t) {
  std::vector<uint32_t> rows;
  for (const auto& r : t.records) rows.push_back(r.row);
  return rows;
}

}  // namespace

TEST_CASE("csv: BOM, CRLF, quoted commas, newlines and \"\" escapes, Chinese text") {
  const std::string bytes =
      "\xEF\xBB\xBF项目名称,金额,备注\r\n"
      "\"北京,朝阳\",84153.30,\"第一行\r\n第二行\"\r\n"
      "\"他说\"\"好\"\"\",0.10,\r\n";
  const RawTable t = read_csv("a.csv", bytes);
  CHECK(t.path == "a.csv");
  CHECK(t.problems.empty());
  CHECK(t.numbering == rubric::RowNumbering::line);
  CHECK(t.columns == std::vector<std::string>{"项目名称", "金额", "备注"});
  REQUIRE(t.records.size() == 2);
  CHECK(t.records[0].row == 2);
  CHECK(t.records[0].cells == Cells{"北京,朝阳", "84153.30", "第一行\n第二行"});
  CHECK(t.records[1].row == 4);  // record 1 spans lines 2-3
  CHECK(t.records[1].cells == Cells{"他说\"好\"", "0.10", ""});
  CHECK(t.column_index("金额") == 1);
  CHECK(t.column_index("不存在") == std::nullopt);
  CHECK(t.row_label(4) == "第 4 行");
}

TEST_CASE("csv: LF and lone CR endings, trailing and blank lines ignored") {
  const RawTable lf = read_csv("b.csv", "a,b\n1,2\n\n3,4\n,\n\n\n");
  CHECK(lf.problems.empty());
  CHECK(rows_of(lf) == std::vector<uint32_t>{2, 4});
  CHECK(lf.records[1].cells == Cells{"3", "4"});

  const RawTable cr = read_csv("c.csv", "a,b\r1,2\r3,4");
  CHECK(cr.problems.empty());
  CHECK(rows_of(cr) == std::vector<uint32_t>{2, 3});
  CHECK(cr.records[1].cells == Cells{"3", "4"});
}

TEST_CASE("csv: whitespace trimming incl. U+3000, quoted text kept exactly") {
  const std::string bytes =
      "\xE3\x80\x80名称 ,\t值\n"
      "\xE3\x80\x80 甲 \xE3\x80\x80,\t1 \n"
      "  \" 乙 \"  ,\"\xE3\x80\x80\"\n";
  const RawTable t = read_csv("d.csv", bytes);
  CHECK(t.problems.empty());
  CHECK(t.columns == std::vector<std::string>{"名称", "值"});
  REQUIRE(t.records.size() == 2);
  CHECK(t.records[0].cells == Cells{"甲", "1"});
  CHECK(t.records[1].cells == Cells{" 乙 ", "\xE3\x80\x80"});
}

TEST_CASE("csv: short row keeps the record with nullopt cells") {
  const RawTable t = read_csv("e.csv", "a,b,c\n1\n1,,\n");
  CHECK(t.problems.empty());
  REQUIRE(t.records.size() == 2);
  CHECK(t.records[0].cells == Cells{"1", std::nullopt, std::nullopt});
  CHECK(t.records[1].cells == Cells{"1", "", ""});
}

TEST_CASE("csv: long row is reported and dropped, reading goes on") {
  const RawTable t = read_csv("f.csv", "a,b\n1,2\n1,2,3\n4,5\n");
  CHECK(rows_of(t) == std::vector<uint32_t>{2, 4});
  REQUIRE(t.problems.size() == 1);
  CHECK(t.problems[0].path == "f.csv");
  CHECK(t.problems[0].row == 3);
  CHECK(t.problems[0].column.empty());
  CHECK(t.problems[0].message == "第 3 行有 3 个字段，表头只有 2 列，该行未读取");
}

TEST_CASE("csv: unterminated quote stops reading at the quote's line") {
  const RawTable t = read_csv("g.csv", "a,b\n1,2\n3,\"abc\n4,5\n6,7\n");
  CHECK(rows_of(t) == std::vector<uint32_t>{2});
  REQUIRE(t.problems.size() == 1);
  CHECK(t.problems[0].row == 3);
  CHECK(t.problems[0].message == "第 3 行的引号没有闭合，其后的内容无法可靠读取，已停止读取");
}

TEST_CASE("csv: duplicate and empty header names") {
  const RawTable t = read_csv("h.csv", "金额,名称,金额,\n1,2,3,4\n");
  CHECK(t.columns == std::vector<std::string>{"金额", "名称", "金额", ""});
  REQUIRE(t.problems.size() == 2);
  CHECK(t.problems[0].row == 1);
  CHECK(t.problems[0].column == "金额");
  CHECK(t.problems[0].message == "表头中列名「金额」重复（第 1 列和第 3 列）");
  CHECK(t.problems[1].row == 1);
  CHECK(t.problems[1].message == "表头第 4 列的列名为空");
  CHECK(t.column_index("金额") == 0);
  CHECK(t.column_index("") == std::nullopt);
  REQUIRE(t.records.size() == 1);  // records are still read
  CHECK(t.records[0].cells == Cells{"1", "2", "3", "4"});
}

TEST_CASE("csv: empty file, BOM-only file and header-only file") {
  for (const char* bytes : {"", "\xEF\xBB\xBF", "\n\r\n"}) {
    const RawTable t = read_csv("i.csv", bytes);
    CHECK(t.columns.empty());
    CHECK(t.records.empty());
    REQUIRE(t.problems.size() == 1);
    CHECK(t.problems[0].row == 0);
    CHECK(t.problems[0].message == "文件为空，没有表头");
  }
  const RawTable header_only = read_csv("j.csv", "甲,乙\r\n");
  CHECK(header_only.columns == std::vector<std::string>{"甲", "乙"});
  CHECK(header_only.records.empty());
  CHECK(header_only.problems.empty());
}

TEST_CASE("csv: invalid UTF-8 is reported per cell, the cell becomes nullopt") {
  // "\xC4\xFA\xBA\xC3" is GBK for 您好; "\xED\xA0\x80" is an encoded surrogate.
  const RawTable t = read_csv("k.csv", "名称,金额\n\xC4\xFA\xBA\xC3,1\n好,\xED\xA0\x80\n");
  REQUIRE(t.records.size() == 2);
  CHECK(t.records[0].cells == Cells{std::nullopt, "1"});
  CHECK(t.records[1].cells == Cells{"好", std::nullopt});
  REQUIRE(t.problems.size() == 2);
  CHECK(t.problems[0].row == 2);
  CHECK(t.problems[0].column == "名称");
  CHECK(t.problems[0].message == "第 2 行「名称」字段含有无效的 UTF-8 字节（文件可能不是 UTF-8 编码）");
  CHECK(t.problems[1].row == 3);
  CHECK(t.problems[1].column == "金额");
}

TEST_CASE("csv: text after a closing quote is reported") {
  const RawTable t = read_csv("l.csv", "a,b\n\"x\"y,2\n");
  REQUIRE(t.records.size() == 1);
  CHECK(t.records[0].cells == Cells{std::nullopt, "2"});
  REQUIRE(t.problems.size() == 1);
  CHECK(t.problems[0].column == "a");
  CHECK(t.problems[0].message == "第 2 行「a」字段的右引号后还有多余字符");
}

TEST_CASE("csv: UTF-16 file is refused with advice") {
  const RawTable t = read_csv("m.csv", std::string("\xFF\xFE" "a\0,\0b\0", 8));
  CHECK(t.records.empty());
  REQUIRE(t.problems.size() == 1);
  CHECK(t.problems[0].row == 0);
  CHECK(t.problems[0].message.starts_with("文件是 UTF-16 编码"));
}

TEST_CASE("csv: missing file becomes a row-0 problem") {
  const RawTable t = rubric::read_csv_file("/nonexistent-dir/x.csv");
  CHECK(t.path == "/nonexistent-dir/x.csv");
  CHECK(t.records.empty());
  REQUIRE(t.problems.size() == 1);
  CHECK(t.problems[0].row == 0);
  CHECK(t.problems[0].message ==
        "无法打开文件「/nonexistent-dir/x.csv」：文件夹或文件不存在");
}

TEST_CASE("csv chunks: read a chunk at a time, the same records and problems as read_csv") {
    const std::string text =
        "\xEF\xBB\xBF" "单位,金额,备注\r\n"
        "甲,1.5,\"多行\n备注\"\r\n"
        "\r\n"
        ",,\r\n"
        "乙,2,\"a\"b\r\n"
        "丙,3,x,多余\r\n"
        "丁,4,ok\r\n"
        "戊,5,\xFF\r\n"
        "己,6,\"没有闭合\r\n";
    const rubric::RawTable whole = rubric::read_csv("t.csv", text);
    for (std::size_t size : {std::size_t{1}, std::size_t{2}, std::size_t{100}}) {
        CAPTURE(size);
        rubric::CsvChunkReader reader("t.csv", text);
        rubric::RawTable joined;
        joined.columns = reader.header().columns;
        joined.problems = reader.header().problems;
        rubric::RawTable chunk;
        while (reader.next(chunk, size)) {
            for (auto& r : chunk.records) joined.records.push_back(r);
            for (auto& p : chunk.problems) joined.problems.push_back(p);
        }
        CHECK(joined.columns == whole.columns);
        REQUIRE(joined.records.size() == whole.records.size());
        for (std::size_t i = 0; i < whole.records.size(); ++i) {
            CHECK(joined.records[i].row == whole.records[i].row);
            CHECK(joined.records[i].cells == whole.records[i].cells);
        }
        REQUIRE(joined.problems.size() == whole.problems.size());
        for (std::size_t i = 0; i < whole.problems.size(); ++i) {
            CHECK(joined.problems[i].row == whole.problems[i].row);
            CHECK(joined.problems[i].message == whole.problems[i].message);
        }
        CHECK(reader.consumed() == text.size());
    }
    CHECK(whole.records.size() == 4);   // 甲 乙 丁 戊: 丙 has too many fields, 己 opens a quote that never closes
    CHECK(whole.problems.size() == 4);
}

TEST_CASE("csv pieces: cut at record ends as the reader reads them, lines counted; read piece by piece, the same table") {
  // Quotes open a quoted field only at a field's start (after blanks: space,
  // U+3000, a byte order mark); a quote inside an unquoted field or after a
  // closing quote is text; line breaks inside quotes are text but count lines.
  const std::vector<std::string> records = {
      "a,\"x\r\ny\",1\n",                     // lines 2-3
      "b,c\"d,e\"\n",                          // 4: quotes inside unquoted fields are text
      "f, \xE3\x80\x80\"g\nh\",2\r",            // 5-6: a space and U+3000 before the quote; lone CR
      "\xEF\xBB\xBF\"i\"j\"k,3\r\n",             // 7: a BOM before the quote; after the closing quote, text
      "\n",                                   // 8: blank
      "l,\"\"\"m\r\n\"\"\",4\n",               // 9-10: "" escapes around a CRLF
      "n,5",                                  // 11: no line break at the end
  };
  const std::vector<uint32_t> lines = {4, 5, 7, 8, 9, 11, 11};
  const std::string header = "k,v,w\n";
  std::string body;
  std::vector<std::size_t> ends;
  for (const std::string& r : records) {
    body += r;
    ends.push_back(header.size() + body.size());
  }
  const std::string text = header + body;
  std::size_t from = header.size();
  uint32_t line = 2;
  for (std::size_t k = 0; k < ends.size(); ++k) {
    CAPTURE(k);
    from = rubric::csv_piece_end(text, from, 0, line);
    CHECK(from == ends[k]);
    CHECK(line == lines[k]);
  }
  CHECK(rubric::csv_piece_end(text, from, 0, line) == text.size());

  // Any cut gives back the whole table, piece by piece.
  rubric::CsvChunkReader reader("t.csv", text);
  const rubric::RawTable whole = rubric::read_csv("t.csv", text);
  for (std::size_t at_least = 0; at_least < body.size() + 2; ++at_least) {
    CAPTURE(at_least);
    std::vector<uint32_t> rows;
    std::vector<std::string> problems;
    std::size_t at = reader.consumed();
    uint32_t next_line = reader.line();
    CHECK(next_line == 2);
    while (at < text.size()) {
      const uint32_t first_line = next_line;
      const std::size_t end = rubric::csv_piece_end(text, at, at_least, next_line);
      const rubric::CsvPiece piece = rubric::read_csv_piece(reader.header(), std::string_view(text).substr(at, end - at), first_line);
      for (const auto& r : piece.table.records) rows.push_back(r.row);
      for (const auto& p : piece.table.problems) problems.push_back(p.message);
      at = end;
    }
    CHECK(rows == rows_of(whole));
    std::vector<std::string> expected;
    for (const auto& p : whole.problems) expected.push_back(p.message);
    CHECK(problems == expected);
  }
}

TEST_CASE("csv pieces: text without quotes or lone CRs is cut where the byte-by-byte reading cuts it") {
  // The quick path (LF and CRLF only, no quote) must end a piece at the first
  // line break that starts at or after from + at_least — a CRLF starts at its
  // CR — and count one line per break, as the careful path does.
  std::mt19937 rng(5);
  const char* atoms[] = {"a", "1", ",", "\r\n", "\n", "单位"};
  for (int iteration = 0; iteration < 300; ++iteration) {
    std::string text;
    const int n = 1 + static_cast<int>(rng() % 40);
    for (int i = 0; i < n; ++i) text += atoms[rng() % 6];
    CAPTURE(text);
    for (std::size_t from = 0; from < text.size(); ++from) {
      for (std::size_t at_least : {std::size_t{0}, std::size_t{1}, std::size_t{2}, std::size_t{5}, text.size()}) {
        CAPTURE(from);
        CAPTURE(at_least);
        // The reference: breaks and where each starts.
        const std::size_t target = std::min(text.size(), from + at_least);
        std::size_t expected = text.size();
        uint32_t expected_lines = 7;
        for (std::size_t i = from; i < text.size(); ++i) {
          if (text[i] != '\n' && text[i] != '\r') continue;
          const std::size_t length = text[i] == '\r' ? 2 : 1;  // no lone CR here
          ++expected_lines;
          if (i >= target) {
            expected = i + length;
            break;
          }
          i += length - 1;
        }
        uint32_t lines = 7;
        CHECK(rubric::csv_piece_end(text, from, at_least, lines) == expected);
        CHECK(lines == expected_lines);
      }
    }
  }
}
