#include <doctest/doctest.h>

#include <xlsxwriter.h>

#include <string>
#include <vector>

#include "interpreter/datafiles/data_files.hpp"
#include "interpreter/datafiles/ooxml_package.hpp"
#include "interpreter/datafiles/xlsx_reader.hpp"
#include "interpreter/datafiles/xlsx_values.hpp"
#include "tests/datafiles/fixtures.hpp"

using namespace rubric;
using namespace datafiles_test;

TEST_CASE("xlsx values: references, percent formats, decimal shift, escapes") {
  CHECK(column_letters(1) == "A");
  CHECK(column_letters(26) == "Z");
  CHECK(column_letters(27) == "AA");
  CHECK(column_letters(16384) == "XFD");
  CHECK(reference_column("B3") == 2u);
  CHECK(reference_column("xfd1048576") == 16384u);
  CHECK(reference_column("XFE1") == std::nullopt);
  CHECK(reference_column("AAAA1") == std::nullopt);
  CHECK(reference_column("B") == std::nullopt);
  CHECK(reference_column("3") == std::nullopt);
  CHECK(parse_row_number("1048576") == 1048576u);
  CHECK(parse_row_number("1048577") == std::nullopt);
  CHECK(parse_row_number("0") == std::nullopt);

  CHECK(is_percent_format(9, std::nullopt));
  CHECK(is_percent_format(10, std::nullopt));
  CHECK_FALSE(is_percent_format(0, std::nullopt));
  CHECK_FALSE(is_percent_format(14, std::nullopt));  // a date
  CHECK(is_percent_format(164, "0.0%"));
  CHECK(is_percent_format(164, "[Red]0.00%;-0.00%"));
  CHECK_FALSE(is_percent_format(164, "0.0\"%\""));
  CHECK_FALSE(is_percent_format(164, "0.0\\%"));
  CHECK_FALSE(is_percent_format(164, "yyyy-mm-dd"));

  CHECK(percent_text("0.195") == "19.5%");
  CHECK(percent_text("1") == "100%");
  CHECK(percent_text("0") == "0%");
  CHECK(percent_text("0.5") == "50%");
  CHECK(percent_text("-0.05") == "-5%");
  CHECK(percent_text("1.5E-3") == "0.15%");
  CHECK(percent_text("2.5E+2") == "25000%");
  CHECK(percent_text("0.12345678901234567") == "12.345678901234567%");
  CHECK(percent_text("abc") == std::nullopt);
  CHECK(percent_text("1E") == std::nullopt);

  CHECK(unescape_xstring("第一行_x000D_\n第二行") == "第一行\n第二行");
  CHECK(unescape_xstring("a_x005F_x000D_b") == "a_x000D_b");
  CHECK(unescape_xstring("_xD840__xDC00_") == "𠀀");
  CHECK(unescape_xstring("_x12_") == "_x12_");
  CHECK(trim_blanks("\xE3\x80\x80 甲 \t") == "甲");
}

TEST_CASE("xlsx via libxlsxwriter: booleans, dates, formulas, rich text, named sheets, inline strings") {
  TempDir dir;
  for (bool constant_memory : {false, true}) {  // shared strings / inline strings
    CAPTURE(constant_memory);
    const std::string path = dir.file(constant_memory ? "inline.xlsx" : "shared.xlsx");
    lxw_workbook_options options{};
    options.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
    lxw_workbook* wb = workbook_new_opt(path.c_str(), &options);
    REQUIRE(wb);
    lxw_worksheet* first = workbook_add_worksheet(wb, "说明");
    lxw_worksheet* ws = workbook_add_worksheet(wb, "数据");
    lxw_format* date = workbook_add_format(wb);
    format_set_num_format(date, "yyyy-mm-dd");
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);
    worksheet_write_string(first, 0, 0, "本表说明", nullptr);
    const char* headers[] = {"名称", "是否", "日期", "合计", "文字公式", "富文本"};
    for (lxw_col_t c = 0; c < 6; ++c) worksheet_write_string(ws, 0, c, headers[c], nullptr);
    worksheet_write_string(ws, 1, 0, "甲", nullptr);
    worksheet_write_boolean(ws, 1, 1, 1, nullptr);
    lxw_datetime day{2024, 1, 1, 0, 0, 0};
    worksheet_write_datetime(ws, 1, 2, &day, date);
    worksheet_write_formula_num(ws, 1, 3, "=1+2", nullptr, 3);
    worksheet_write_formula_str(ws, 1, 4, "=\"A\"&\"B\"", nullptr, "AB");
    lxw_rich_string_tuple part1{bold, const_cast<char*>("龙华")};
    lxw_rich_string_tuple part2{nullptr, const_cast<char*>("区")};
    lxw_rich_string_tuple* rich[] = {&part1, &part2, nullptr};
    worksheet_write_rich_string(ws, 1, 5, rich, nullptr);
    worksheet_write_string(ws, 3, 0, "乙", nullptr);  // row 3 (index 2) left blank
    worksheet_write_boolean(ws, 3, 1, 0, nullptr);
    worksheet_write_string(ws, 3, 5, " 两端有空格　", nullptr);
    REQUIRE(workbook_close(wb) == LXW_NO_ERROR);

    const RawTable intro = read_table_file(path);
    CHECK(intro.problems.empty());
    CHECK(intro.columns == std::vector<std::string>{"本表说明"});
    CHECK(intro.records.empty());

    const RawTable t = read_table_file(path, {TextEncoding::automatic, "数据", {}});
    CHECK(t.problems.empty());
    CHECK(t.columns == std::vector<std::string>{"名称", "是否", "日期", "合计", "文字公式", "富文本"});
    CHECK(rows_of(t) == std::vector<uint32_t>{2, 4});
    REQUIRE(t.records.size() == 2);
    // The date is its serial number (2024-01-01 = 45292), left as is.
    CHECK(t.records[0].cells == Cells{"甲", "true", "45292", "3", "AB", "龙华区"});
    CHECK(t.records[1].cells == Cells{"乙", "false", "", "", "", "两端有空格"});
  }
}

TEST_CASE("xlsx: a sheet name that does not exist gets the list and a did-you-mean") {
  TempDir dir;
  const std::string path = dir.file("two.xlsx");
  write_workbook(path, {{"预算表", sheet_xml("")}, {"指标明细", sheet_xml("")}});
  const RawTable t = read_table_file(path, {TextEncoding::automatic, "预算", {}});
  REQUIRE(t.problems.size() == 1);
  CHECK(t.problems[0].row == 0);
  CHECK(t.problems[0].message == "工作簿中没有名为「预算」的工作表（现有：「预算表」、「指标明细」）；是否指「预算表」？");
  CHECK(t.columns.empty());
  CHECK(t.records.empty());

  const RawTable far = read_table_file(path, {TextEncoding::automatic, "Sheet1", {}});
  CHECK(messages_of(far) == std::vector<std::string>{"工作簿中没有名为「Sheet1」的工作表（现有：「预算表」、「指标明细」）"});

  const RawTable empty = read_table_file(path, {TextEncoding::automatic, "指标明细", {}});
  CHECK(messages_of(empty) == std::vector<std::string>{"工作表「指标明细」是空的，没有表头"});

  // The default sheet is the first one the user sees: hidden sheets are skipped.
  const std::string hidden = dir.file("hidden.xlsx");
  const auto one_cell = [](const std::string& text) {
    return sheet_xml("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>" + text + "</t></is></c></row>");
  };
  write_workbook(hidden, {{"配置", one_cell("隐藏"), "veryHidden"}, {"数据", one_cell("可见")}});
  CHECK(read_table_file(hidden).columns == std::vector<std::string>{"可见"});
  CHECK(read_table_file(hidden, {TextEncoding::automatic, "配置", {}}).columns == std::vector<std::string>{"隐藏"});
  write_workbook(hidden, {{"配置", one_cell("隐藏"), "hidden"}});
  CHECK(read_table_file(hidden).columns == std::vector<std::string>{"隐藏"});
}

TEST_CASE("xlsx: not a zip, truncated, old .xls, a zip that is no workbook") {
  TempDir dir;
  const std::string good = dir.file("good.xlsx");
  lxw_workbook* wb = workbook_new(good.c_str());
  worksheet_write_string(workbook_add_worksheet(wb, nullptr), 0, 0, "单位", nullptr);
  REQUIRE(workbook_close(wb) == LXW_NO_ERROR);
  const std::string bytes = read_bytes(good);

  const std::string not_zip = "文件不是 .xlsx 工作簿（不是 ZIP 格式；可能不完整、已损坏，或只是改了扩展名）";
  const std::string truncated = dir.file("truncated.xlsx");
  write_bytes(truncated, bytes.substr(0, bytes.size() / 2));
  CHECK(messages_of(read_table_file(truncated)) == std::vector<std::string>{not_zip});

  const std::string csv = dir.file("csv.xlsx");
  write_bytes(csv, "单位,金额\n甲,1\n");
  const RawTable t = read_table_file(csv);
  CHECK(messages_of(t) == std::vector<std::string>{not_zip});
  CHECK(t.problems[0].row == 0);

  const std::string empty = dir.file("empty.xlsx");
  write_bytes(empty, "");
  CHECK(messages_of(read_table_file(empty)) == std::vector<std::string>{not_zip});

  const std::string ole = dir.file("encrypted.xlsx");
  write_bytes(ole, std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(600, '\0'));
  CHECK(messages_of(read_table_file(ole)) ==
        std::vector<std::string>{"文件不是 .xlsx 工作簿，而是 Excel 97-2003（.xls）格式或设置了打开密码的工作簿；"
                                 "请在 Excel 中另存为不加密的 .xlsx 或“CSV UTF-8（逗号分隔）”"});

  const std::string docx = dir.file("other.xlsx");
  write_zip(docx, {{"hello.txt", "hi"}});
  CHECK(messages_of(read_table_file(docx)) ==
        std::vector<std::string>{"文件是 ZIP 压缩包，但不是 Excel 工作簿（没有工作簿内容 xl/workbook.xml）"});

  const RawTable missing = read_table_file(dir.file("missing.xlsx"));
  CHECK(messages_of(missing) == std::vector<std::string>{"无法打开文件 " + dir.file("missing.xlsx") + "：文件不存在"});
  CHECK(read_bytes(good) == bytes);  // inputs are never modified
}

TEST_CASE("xlsx: sheet rows, error cells, shared strings, escapes, phonetic runs, missing r") {
  TempDir dir;
  const std::string shared =
      "<?xml version=\"1.0\"?><sst xmlns=\"" + kMain + "\">"
      "<si><t>单位</t></si>"
      "<si><t>金额</t></si>"
      "<si><r><rPr><b/></rPr><t>龙华</t></r><r><t xml:space=\"preserve\">区</t></r>"
      "<rPh sb=\"0\" eb=\"1\"><t>ロンホア</t></rPh></si>"
      "<si><t>第一行_x000D_\n第二行</t></si>"
      "</sst>";
  // The table starts at B3; rows 1-2 and 5 are empty or blank.
  const std::string data =
      "<row r=\"1\"/>"
      "<row r=\"2\"><c r=\"B2\" s=\"0\"/></row>"
      "<row r=\"3\"><c r=\"B3\" t=\"s\"><v>0</v></c><c r=\"C3\" t=\"s\"><v>1</v></c><c r=\"D3\" t=\"inlineStr\"><is><t>备注</t></is></c></row>"
      "<row r=\"4\"><c r=\"B4\" t=\"s\"><v>2</v></c><c r=\"C4\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c></row>"
      "<row r=\"4\" spans=\"2:4\"/>"
      "<row r=\"6\"><c r=\"B6\" t=\"inlineStr\"><is><t>甲</t></is></c><c><v>12.5</v></c><c t=\"s\"><v>3</v></c></row>"
      "<row><c r=\"B7\" t=\"str\"><v>乙</v></c><c r=\"C7\" t=\"e\"><v>#N/A</v></c><c r=\"D7\" t=\"s\"><v>99</v></c></row>"
      "<row r=\"9\"><c r=\"B9\" t=\"inlineStr\"><is><t>丙</t></is></c><c r=\"F9\"><v>1</v></c></row>"
      "<row r=\"10\"><c r=\"B10\" t=\"inlineStr\"><is><t>丁</t></is></c><c r=\"C10\"><v>7</v></c></row>";
  const std::string path = dir.file("rows.xlsx");
  write_workbook(path, {{"Sheet1", sheet_xml(data)}}, shared);
  const RawTable t = read_table_file(path);
  CHECK(t.columns == std::vector<std::string>{"单位", "金额", "备注"});
  CHECK(rows_of(t) == std::vector<uint32_t>{4, 6, 7, 10});
  REQUIRE(t.records.size() == 4);
  CHECK(t.records[0].cells == Cells{"龙华区", std::nullopt, ""});
  // A <row> without r follows the previous row; a <c> without r the previous cell.
  CHECK(t.records[1].cells == Cells{"甲", "12.5", "第一行\n第二行"});
  CHECK(t.records[2].cells == Cells{"乙", std::nullopt, std::nullopt});
  CHECK(t.records[3].cells == Cells{"丁", "7", ""});
  CHECK(messages_of(t) == std::vector<std::string>{
                              "第 4 行「金额」字段（C4 单元格）是 Excel 错误值 #DIV/0!",
                              "第 7 行「金额」字段（C7 单元格）是 Excel 错误值 #N/A",
                              "第 7 行「备注」字段（D7 单元格）引用了不存在的共享字符串（第 99 个），工作簿可能已损坏",
                              "第 9 行 F 列（F9 单元格）有内容，但表头只有 B 列至 D 列，该行未读取"});
  REQUIRE(t.problems.size() == 4);
  CHECK(t.problems[0].row == 4);
  CHECK(t.problems[0].column == "金额");
  CHECK(t.problems[3].row == 9);
  CHECK(t.problems[3].column.empty());
}

TEST_CASE("xlsx: header problems, namespace prefixes, percent styles") {
  TempDir dir;
  const std::string styles =
      "<?xml version=\"1.0\"?><x:styleSheet xmlns:x=\"" + kMain + "\">"
      "<x:numFmts count=\"1\"><x:numFmt numFmtId=\"164\" formatCode=\"0.00&quot; 分&quot;\"/>"
      "<x:numFmt numFmtId=\"165\" formatCode=\"0.0%\"/></x:numFmts>"
      "<x:cellStyleXfs count=\"1\"><x:xf numFmtId=\"10\"/></x:cellStyleXfs>"
      "<x:cellXfs count=\"4\"><x:xf numFmtId=\"0\"/><x:xf numFmtId=\"164\"/><x:xf numFmtId=\"165\"/>"
      "<x:xf numFmtId=\"10\"/></x:cellXfs></x:styleSheet>";
  const std::string sheet =
      "<?xml version=\"1.0\"?><x:worksheet xmlns:x=\"" + kMain + "\"><x:sheetData>"
      "<x:row r=\"1\"><x:c r=\"A1\" t=\"inlineStr\"><x:is><x:t>甲</x:t></x:is></x:c>"
      "<x:c r=\"C1\" t=\"inlineStr\"><x:is><x:t>甲</x:t></x:is></x:c>"
      "<x:c r=\"D1\" t=\"inlineStr\"><x:is><x:t>乙</x:t></x:is></x:c></x:row>"
      "<x:row r=\"2\"><x:c r=\"A2\" s=\"0\"><x:v>0.195</x:v></x:c><x:c r=\"B2\" s=\"1\"><x:v>0.195</x:v></x:c>"
      "<x:c r=\"C2\" s=\"2\"><x:v>0.195</x:v></x:c><x:c r=\"D2\" s=\"3\"><x:v>-1.5E-3</x:v></x:c></x:row>"
      "</x:sheetData></x:worksheet>";
  const std::string path = dir.file("prefixed.xlsx");
  write_workbook(path, {{"表", sheet}}, "", styles);
  const RawTable t = read_table_file(path);
  CHECK(t.columns == std::vector<std::string>{"甲", "", "甲", "乙"});
  CHECK(messages_of(t) == std::vector<std::string>{"表头 B 列的列名为空", "表头中列名「甲」重复（A 列和 C 列）"});
  REQUIRE(t.records.size() == 1);
  CHECK(t.records[0].cells == Cells{"0.195", "0.195", "19.5%", "-0.15%"});
}

TEST_CASE("xlsx: limits and hostile XML are refused with one problem") {
  TempDir dir;
  const auto only_problem = [](const RawTable& t) {
    CHECK(t.columns.empty());
    CHECK(t.records.empty());
    REQUIRE(t.problems.size() == 1);
    CHECK(t.problems[0].row == 0);
    return t.problems[0].message;
  };

  const std::string rows = dir.file("rows.xlsx");
  write_workbook(rows, {{"S", sheet_xml("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"1048577\"/>")}});
  CHECK(only_problem(read_table_file(rows)) ==
        "工作表「S」无法读取：工作簿内部文件 xl/worksheets/sheet1.xml 行号「1048577」无效（应为 1 至 1048576），已拒绝读取");

  const std::string cols = dir.file("cols.xlsx");
  write_workbook(cols, {{"S", sheet_xml("<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>")}});
  CHECK(only_problem(read_table_file(cols)) ==
        "工作表「S」无法读取：工作簿内部文件 xl/worksheets/sheet1.xml 第 1 行的单元格引用「XFE1」无效，已拒绝读取");

  const std::string dtd = dir.file("dtd.xlsx");
  write_workbook(dtd, {{"S", "<?xml version=\"1.0\"?><!DOCTYPE lol [<!ENTITY lol \"lol\">]><worksheet xmlns=\"" + kMain +
                                 "\"><sheetData/></worksheet>"}});
  CHECK(only_problem(read_table_file(dtd)) ==
        "工作表「S」无法读取：工作簿内部文件 xl/worksheets/sheet1.xml 含有文档类型声明（DTD），Excel 工作簿不会有，已拒绝读取");

  const std::string bad_xml = dir.file("bad.xlsx");
  write_workbook(bad_xml, {{"S", "<worksheet><sheetData></worksheet>"}});
  CHECK(only_problem(read_table_file(bad_xml)) ==
        "工作表「S」无法读取：工作簿内部文件 xl/worksheets/sheet1.xml XML 格式错误（第 1 行第 25 列：mismatched tag）");

  // The size limit, on a part that declares its size (lowered for the test).
  const std::string big = dir.file("big.xlsx");
  const std::string big_xml = sheet_xml(std::string(5000, ' '));
  write_workbook(big, {{"S", big_xml}});
  OoxmlPackage package(4096);
  REQUIRE_FALSE(package.open(big));
  struct Ignore : XmlHandler {
    void start(std::string_view, const XmlAttributes&) override {}
    void end(std::string_view) override {}
  } ignore;
  CHECK(package.parse_part("xl/worksheets/sheet1.xml", ignore) ==
        "工作簿内部文件 xl/worksheets/sheet1.xml 解压后有 " + std::to_string(big_xml.size()) +
            " 字节，超过 4096 字节的上限，已拒绝读取");
  OoxmlPackage roomy;
  REQUIRE_FALSE(roomy.open(big));
  CHECK(roomy.parse_part("xl/worksheets/sheet1.xml", ignore) == std::nullopt);
  CHECK(roomy.parse_part("XL/Worksheets/Sheet1.xml", ignore) == std::nullopt);  // OPC names ignore case
  CHECK(roomy.parse_part("xl/nope.xml", ignore) == "工作簿缺少内部文件 xl/nope.xml，可能已损坏");
}

TEST_CASE("xlsx: each limit refuses the workbook (limits lowered for the test)") {
  TempDir dir;
  const std::string path = dir.file("limits.xlsx");
  const std::string shared = "<?xml version=\"1.0\"?><sst xmlns=\"" + kMain + "\"><si><t>甲</t></si><si><t>乙</t></si>"
                             "<si><t>丙</t></si></sst>";
  std::string data = "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c></row>";
  for (int r = 2; r <= 4; ++r) {
    data += "<row r=\"" + std::to_string(r) + "\"><c r=\"A" + std::to_string(r) + "\"><v>1</v></c></row>";
  }
  write_workbook(path, {{"S", sheet_xml(data)}}, shared);
  const auto read = [&](XlsxLimits limits) { return messages_of(read_xlsx_file(path, "", limits)); };
  CHECK(read({}).empty());
  CHECK(read_xlsx_file(path).records.size() == 3);

  XlsxLimits rows;
  rows.max_rows = 3;
  CHECK(read(rows) == std::vector<std::string>{
                          "工作表「S」无法读取：工作簿内部文件 xl/worksheets/sheet1.xml 行数超过 3 行的上限，已拒绝读取"});
  XlsxLimits cells;
  cells.max_cells = 5;  // 2 columns: the third record would make 6
  CHECK(read(cells) ==
        std::vector<std::string>{"工作表「S」无法读取：工作簿内部文件 xl/worksheets/sheet1.xml "
                                 "表格超过 5 个单元格（记录数 × 列数）的上限，已拒绝读取"});
  XlsxLimits text;
  text.max_text_bytes = 1024 * 1024;
  const std::string long_text(600 * 1024, 'x');  // one shared string, used twice
  const std::string long_path = dir.file("long.xlsx");
  write_workbook(long_path,
                 {{"S", sheet_xml("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"
                                  "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c></row>")}},
                 "<sst xmlns=\"" + kMain + "\"><si><t>" + long_text + "</t></si></sst>");
  CHECK(messages_of(read_xlsx_file(long_path, "", text)) ==
        std::vector<std::string>{"工作表「S」无法读取：工作簿内部文件 xl/worksheets/sheet1.xml "
                                 "表格中的文字超过 1 MiB 的上限，已拒绝读取"});
  CHECK(read_xlsx_file(long_path).problems.empty());

  XlsxLimits strings;
  strings.max_shared_strings = 2;
  CHECK(read(strings) == std::vector<std::string>{
                             "工作簿内部文件 xl/sharedStrings.xml 共享字符串超过 2 个的上限，已拒绝读取"});
  XlsxLimits bytes;
  bytes.max_part_bytes = 100;
  const std::vector<std::string> refused = read(bytes);
  REQUIRE(refused.size() == 1);
  CHECK(refused[0].starts_with("工作簿内部文件 _rels/.rels 解压后有 "));
  CHECK(refused[0].ends_with(" 字节，超过 100 字节的上限，已拒绝读取"));
}
