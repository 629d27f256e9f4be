// End to end: what the readers give binds as the CSV does.
#include <doctest/doctest.h>

#include <xlsxwriter.h>

#include <string>
#include <vector>

#include "interpreter/datafiles/data_files.hpp"
#include "interpreter/record_binder.hpp"
#include "tests/datafiles/fixtures.hpp"

using namespace rubric;
using namespace datafiles_test;

namespace {

RecordBinder binder() {
  std::vector<InputSpec> inputs(3);
  inputs[0].name = "单位";
  inputs[0].kind = InputKind::text;
  inputs[0].is_key = true;
  inputs[1].name = "金额";
  inputs[1].kind = InputKind::amount;
  inputs[1].unit = "万元";
  inputs[2].name = "完成率";
  inputs[2].kind = InputKind::percent;
  return RecordBinder(std::move(inputs));
}

std::vector<std::string> values_of(const Record& r) {
  std::vector<std::string> out;
  for (const Decimal& d : r.values) out.push_back(d.to_string());
  return out;
}

}  // namespace

TEST_CASE("binding: xlsx numbers and percent cells bind to the CSV's values; bad rows by sheet row") {
  TempDir dir;
  const std::string csv = dir.file("a.csv");
  write_bytes(csv, utf8_to_gb18030("单位,金额,完成率\n甲,84153.30,19.5%\n乙,0,100%\n"));

  const std::string xlsx = dir.file("a.xlsx");
  lxw_workbook* wb = workbook_new(xlsx.c_str());
  lxw_worksheet* ws = workbook_add_worksheet(wb, nullptr);
  lxw_format* pct = workbook_add_format(wb);
  format_set_num_format(pct, "0.0%");
  const char* headers[] = {"单位", "金额", "完成率"};
  for (lxw_col_t c = 0; c < 3; ++c) worksheet_write_string(ws, 0, c, headers[c], nullptr);
  worksheet_write_string(ws, 1, 0, "甲", nullptr);
  worksheet_write_number(ws, 1, 1, 84153.30, nullptr);
  worksheet_write_number(ws, 1, 2, 0.195, pct);
  worksheet_write_string(ws, 2, 0, "乙", nullptr);
  worksheet_write_number(ws, 2, 1, 0, nullptr);
  worksheet_write_number(ws, 2, 2, 1, pct);
  // Bad rows, at sheet rows 5, 6 and 7 (row 4 is blank).
  worksheet_write_string(ws, 4, 0, "丙", nullptr);
  worksheet_write_string(ws, 4, 1, "八万", nullptr);
  worksheet_write_number(ws, 4, 2, 0.5, pct);
  worksheet_write_string(ws, 5, 0, "丁", nullptr);
  worksheet_write_number(ws, 5, 1, 1, nullptr);
  worksheet_write_number(ws, 5, 2, 1.5, pct);  // 150%
  worksheet_write_string(ws, 6, 0, "甲", nullptr);
  worksheet_write_number(ws, 6, 1, 2, nullptr);
  REQUIRE(workbook_close(wb) == LXW_NO_ERROR);

  const RecordBinder b = binder();
  const BindOutcome from_csv = b.bind(read_table_file(csv));
  const BindOutcome from_xlsx = b.bind(read_table_file(xlsx));
  CHECK(from_csv.problems.empty());
  REQUIRE(from_csv.records.size() == 2);
  REQUIRE(from_xlsx.records.size() == 2);
  for (std::size_t i = 0; i < 2; ++i) {
    CHECK(from_xlsx.records[i].key == from_csv.records[i].key);
    CHECK(from_xlsx.records[i].row == from_csv.records[i].row);
    CHECK(values_of(from_xlsx.records[i]) == values_of(from_csv.records[i]));
  }
  CHECK(values_of(from_xlsx.records[0])[1] == Decimal::parse("84153.3")->to_string());
  CHECK(values_of(from_xlsx.records[0])[2] == Decimal::parse("0.195")->to_string());

  CHECK(from_xlsx.total_records == 5);
  CHECK(from_xlsx.bad_records == 3);
  std::vector<uint32_t> rows;
  for (const ReadProblem& p : from_xlsx.problems) rows.push_back(p.row);
  CHECK(rows == std::vector<uint32_t>{5, 6, 7, 7});
  for (const ReadProblem& p : from_xlsx.problems) {
    CAPTURE(p.message);
    CHECK(p.message.starts_with("第 " + std::to_string(p.row) + " 行"));
  }
}

TEST_CASE("binding: an xlsx error cell is reported once, by the reader") {
  TempDir dir;
  const std::string path = dir.file("e.xlsx");
  write_workbook(path, {{"S", sheet_xml(
                                  "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>单位</t></is></c>"
                                  "<c r=\"B1\" t=\"inlineStr\"><is><t>金额</t></is></c>"
                                  "<c r=\"C1\" t=\"inlineStr\"><is><t>完成率</t></is></c></row>"
                                  "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>甲</t></is></c>"
                                  "<c r=\"B2\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c><c r=\"C2\"><v>19.5</v></c></row>")}});
  const BindOutcome out = binder().bind(read_table_file(path));
  CHECK(out.records.empty());
  CHECK(out.bad_records == 1);
  REQUIRE(out.problems.size() == 1);
  CHECK(out.problems[0].row == 2);
  CHECK(out.problems[0].message == "第 2 行「金额」字段（B2 单元格）是 Excel 错误值 #DIV/0!");
}
