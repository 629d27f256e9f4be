#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "interpreter/datafiles/data_files.hpp"
#include "interpreter/datafiles/text_encoding.hpp"
#include "tests/datafiles/fixtures.hpp"

using namespace rubric;
using namespace datafiles_test;

TEST_CASE("encoding names: utf-8 spellings, gb18030 and its subsets, auto") {
  CHECK(parse_encoding_name("utf-8") == TextEncoding::utf8);
  CHECK(parse_encoding_name("UTF-8") == TextEncoding::utf8);
  CHECK(parse_encoding_name("utf8") == TextEncoding::utf8);
  CHECK(parse_encoding_name("gb18030") == TextEncoding::gb18030);
  CHECK(parse_encoding_name("GB18030") == TextEncoding::gb18030);
  CHECK(parse_encoding_name("gbk") == TextEncoding::gb18030);
  CHECK(parse_encoding_name("GBK") == TextEncoding::gb18030);
  CHECK(parse_encoding_name("gb2312") == TextEncoding::gb18030);
  CHECK(parse_encoding_name("auto") == TextEncoding::automatic);
  CHECK(parse_encoding_name("latin1") == std::nullopt);
  CHECK(parse_encoding_name("") == std::nullopt);
}

TEST_CASE("line_of_offset counts CRLF, LF and lone CR as one break each") {
  const std::string s = "a\r\nb\nc\rd";
  CHECK(line_of_offset(s, 0) == 1);
  CHECK(line_of_offset(s, 3) == 2);  // 'b'
  CHECK(line_of_offset(s, 5) == 3);  // 'c'
  CHECK(line_of_offset(s, 7) == 4);  // 'd'
}

TEST_CASE("detection: UTF-8, UTF-8 with BOM, GB18030; ASCII is UTF-8") {
  const std::string utf8 = "单位,金额\n龙华区财政局,611.29\n";
  const std::string gb = utf8_to_gb18030(utf8);
  REQUIRE(gb != utf8);

  DecodedText a = decode_text(utf8, TextEncoding::automatic);
  CHECK(a.used == TextEncoding::utf8);
  CHECK(a.utf8 == utf8);
  CHECK_FALSE(a.problem);

  DecodedText b = decode_text("\xEF\xBB\xBF" + utf8, TextEncoding::automatic);
  CHECK(b.used == TextEncoding::utf8);
  CHECK(b.utf8 == "\xEF\xBB\xBF" + utf8);  // the CSV reader skips the BOM
  CHECK_FALSE(b.problem);

  DecodedText c = decode_text(gb, TextEncoding::automatic);
  CHECK(c.used == TextEncoding::gb18030);
  CHECK(c.utf8 == utf8);
  CHECK_FALSE(c.problem);

  DecodedText d = decode_text("a,b\n1,2\n", TextEncoding::automatic);
  CHECK(d.used == TextEncoding::utf8);
  CHECK_FALSE(d.problem);
}

TEST_CASE("GBK-only text and 4-byte GB18030 characters round-trip") {
  // 龙华区… are GBK (2 bytes each); 𠀀 U+20000 and 㐀 U+3400 need GB18030's
  // 4-byte form.
  const std::string utf8 = "单位,备注\r\n深圳市龙华区工业和信息化局,𠀀㐀\r\n";
  const std::string gb = utf8_to_gb18030(utf8);
  CHECK(gb.find("\xC1\xFA\xBB\xAA\xC7\xF8") != std::string::npos);  // 龙华区 in GBK
  CHECK(gb.find("\x95\x32\x82\x36") != std::string::npos);          // 𠀀
  CHECK(gb.find("\x81\x39\xEE\x39") != std::string::npos);          // 㐀
  TempDir dir;
  const std::string path = dir.file("gbk.csv");
  write_bytes(path, gb);
  const RawTable t = read_table_file(path);
  CHECK(t.problems.empty());
  CHECK(t.columns == std::vector<std::string>{"单位", "备注"});
  REQUIRE(t.records.size() == 1);
  CHECK(t.records[0].row == 2);
  CHECK(t.records[0].cells == Cells{"深圳市龙华区工业和信息化局", "𠀀㐀"});

  // The same with the encoding given (gbk is read as gb18030).
  const RawTable forced = read_table_file(path, {*parse_encoding_name("gbk"), "", {}});
  CHECK(forced.problems.empty());
  CHECK(forced.records[0].cells == t.records[0].cells);
  CHECK(read_bytes(path) == gb);  // never modified
}

TEST_CASE("--encoding forced wrong: the line of the first bad byte") {
  TempDir dir;
  const std::string utf8 = "单位,金额\n龙华区财政局,611.29\n";

  // A GB18030 file read as UTF-8.
  const std::string gb_path = dir.file("gb.csv");
  write_bytes(gb_path, "a,b\n" + utf8_to_gb18030(utf8));
  const RawTable t = read_table_file(gb_path, {TextEncoding::utf8, "", {}});
  REQUIRE(!t.problems.empty());
  CHECK(t.problems[0].row == 2);
  CHECK(t.problems[0].message ==
        "文件不是指定的 UTF-8 编码：首个无效字节是 0xB5（第 2 行）；文件看来是 GB18030/GBK 编码，可改用自动识别");
  // The CSV reader still reports each unreadable cell, which stays empty.
  REQUIRE(t.records.size() == 2);
  CHECK(t.records[0].cells == Cells{std::nullopt, std::nullopt});
  CHECK(t.records[1].cells == Cells{std::nullopt, "611.29"});

  // A UTF-8 file read as GB18030: 率 (E7 8E 87) has no GB18030 reading.
  const std::string u_path = dir.file("u.csv");
  write_bytes(u_path, "x\n完成率\n");
  const RawTable u = read_table_file(u_path, {TextEncoding::gb18030, "", {}});
  REQUIRE(!u.problems.empty());
  CHECK(u.problems[0].row == 2);
  CHECK(u.problems[0].message ==
        "文件不是指定的 GB18030 编码：首个无法识别的字节是 0x87（第 2 行）；文件看来是 UTF-8 编码，可改用自动识别");
  CHECK(u.problems[1].message == "第 2 行「x」字段含有无法识别的 GB18030 字节");
  CHECK(u.records[0].cells == Cells{std::nullopt});

  // UTF-8 that happens to decode as GB18030 (as mojibake) is reported too.
  const std::string m_path = dir.file("m.csv");
  write_bytes(m_path, "x\n单位\n");
  const RawTable m = read_table_file(m_path, {TextEncoding::gb18030, "", {}});
  REQUIRE(m.problems.size() == 1);
  CHECK(m.problems[0].row == 0);
  CHECK(m.problems[0].message ==
        "指定了 GB18030 编码，但文件是有效的 UTF-8，按 GB18030 读出的中文会是乱码；可改用自动识别");
}

TEST_CASE("neither UTF-8 nor GB18030: read with the likelier one, bad cells reported") {
  TempDir dir;
  // Mostly GB18030, one stray 0x80 on line 3.
  const std::string gb_path = dir.file("gb-bad.csv");
  write_bytes(gb_path, utf8_to_gb18030("单位,金额\n龙华区,1\n") + utf8_to_gb18030("财政局") + "\x80,2\n");
  const RawTable g = read_table_file(gb_path);
  CHECK(messages_of(g) == std::vector<std::string>{
                              "文件既不是 UTF-8 也不是 GB18030 编码：已按 GB18030 读取，首个无法识别的字节是 0x80（第 3 行）",
                              "第 3 行「单位」字段含有无法识别的 GB18030 字节"});
  CHECK(g.problems[0].row == 3);
  REQUIRE(g.records.size() == 2);
  CHECK(g.records[0].cells == Cells{"龙华区", "1"});
  CHECK(g.records[1].cells == Cells{std::nullopt, "2"});

  // Mostly UTF-8, one stray 0xFF on line 3.
  const std::string u_path = dir.file("u-bad.csv");
  write_bytes(u_path, "单位,金额\n龙华区,1\n3,\xFF\n");
  const RawTable u = read_table_file(u_path);
  CHECK(messages_of(u) == std::vector<std::string>{
                              "文件既不是 UTF-8 也不是 GB18030 编码：已按 UTF-8 读取，首个无法识别的字节是 0xFF（第 3 行）",
                              "第 3 行「金额」字段含有无效的 UTF-8 字节（文件可能不是 UTF-8 编码）"});
  REQUIRE(u.records.size() == 2);
  CHECK(u.records[1].cells == Cells{"3", std::nullopt});
}

TEST_CASE("UTF-16 is left to the CSV reader's own message; JSON may be GB18030 too") {
  TempDir dir;
  const std::string p16 = dir.file("u16.csv");
  write_bytes(p16, std::string("\xFF\xFE" "a\0,\0b\0", 8));
  const RawTable t16 = read_table_file(p16);
  CHECK(messages_of(t16) ==
        std::vector<std::string>{"文件是 UTF-16 编码，请在 Excel 中另存为“CSV UTF-8（逗号分隔）”格式"});

  const std::string pj = dir.file("gb.JSON");
  write_bytes(pj, utf8_to_gb18030("[{\"单位\": \"龙华区财政局\", \"金额\": 611.29}]"));
  const RawTable tj = read_table_file(pj);
  CHECK(tj.problems.empty());
  CHECK(tj.numbering == RowNumbering::index);
  CHECK(tj.columns == std::vector<std::string>{"单位", "金额"});
  REQUIRE(tj.records.size() == 1);
  CHECK(tj.records[0].cells == Cells{"龙华区财政局", "611.29"});

  const RawTable missing = read_table_file(dir.file("nope.csv"));
  REQUIRE(missing.problems.size() == 1);
  CHECK(missing.problems[0].row == 0);
  CHECK(missing.columns.empty());

  const std::string xls = dir.file("old.xls");
  write_bytes(xls, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
  CHECK(messages_of(read_table_file(xls)) ==
        std::vector<std::string>{"不支持 Excel 97-2003（.xls）格式，请在 Excel 中另存为 .xlsx 或“CSV UTF-8（逗号分隔）”"});
}
