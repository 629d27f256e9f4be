// One small table, in every format, gives the same RawTable.
#include <doctest/doctest.h>

#include <xlsxwriter.h>

#include <string>
#include <vector>

#include "interpreter/datafiles/data_files.hpp"
#include "tests/datafiles/fixtures.hpp"

using namespace rubric;
using namespace datafiles_test;

namespace {

const std::string kCsv =
    "单位,项目名称,金额,完成率,备注\r\n"
    "深圳市龙华区工业和信息化局,\"工业,信息化\",84153.30,19.5%,\r\n"
    "龙华区财政局,预算编制,611.29,100%,按期完成\r\n";

const std::vector<std::string> kColumns{"单位", "项目名称", "金额", "完成率", "备注"};

// The sheet 自评表 of the same data. With `numbers`, 金额 and 完成率 are
// number cells (完成率 with percent formats 0.0% and 0%); otherwise text.
void write_sample_xlsx(const std::string& path, bool numbers) {
  lxw_workbook* wb = workbook_new(path.c_str());
  REQUIRE(wb);
  lxw_worksheet* ws = workbook_add_worksheet(wb, "自评表");
  lxw_format* pct1 = workbook_add_format(wb);
  format_set_num_format(pct1, "0.0%");
  lxw_format* pct0 = workbook_add_format(wb);
  format_set_num_format_index(pct0, 9);  // builtin "0%"
  for (lxw_col_t c = 0; c < kColumns.size(); ++c) worksheet_write_string(ws, 0, c, kColumns[c].c_str(), nullptr);
  worksheet_write_string(ws, 1, 0, "深圳市龙华区工业和信息化局", nullptr);
  worksheet_write_string(ws, 1, 1, "工业,信息化", nullptr);
  worksheet_write_string(ws, 2, 0, "龙华区财政局", nullptr);
  worksheet_write_string(ws, 2, 1, "预算编制", nullptr);
  worksheet_write_string(ws, 2, 4, "按期完成", nullptr);  // E2 stays empty
  if (numbers) {
    worksheet_write_number(ws, 1, 2, 84153.30, nullptr);
    worksheet_write_number(ws, 1, 3, 0.195, pct1);
    worksheet_write_number(ws, 2, 2, 611.29, nullptr);
    worksheet_write_number(ws, 2, 3, 1, pct0);
  } else {
    worksheet_write_string(ws, 1, 2, "84153.30", nullptr);
    worksheet_write_string(ws, 1, 3, "19.5%", nullptr);
    worksheet_write_string(ws, 2, 2, "611.29", nullptr);
    worksheet_write_string(ws, 2, 3, "100%", nullptr);
  }
  REQUIRE(workbook_close(wb) == LXW_NO_ERROR);
}

void check_sample(const RawTable& t, const std::string& amount) {
  INFO(t.path);
  CHECK(t.problems.empty());
  CHECK(t.numbering == RowNumbering::line);
  CHECK(t.columns == kColumns);
  REQUIRE(t.records.size() == 2);
  CHECK(t.records[0].row == 2);
  CHECK(t.records[0].cells == Cells{"深圳市龙华区工业和信息化局", "工业,信息化", amount, "19.5%", ""});
  CHECK(t.records[1].row == 3);
  CHECK(t.records[1].cells == Cells{"龙华区财政局", "预算编制", "611.29", "100%", "按期完成"});
}

}  // namespace

TEST_CASE("the same table as UTF-8, UTF-8 with BOM, GB18030 CSV and .xlsx") {
  TempDir dir;
  const std::string utf8 = dir.file("utf8.csv"), bom = dir.file("bom.csv"), gb = dir.file("gb18030.csv"),
                    text_xlsx = dir.file("text.xlsx"), number_xlsx = dir.file("numbers.XLSX");
  write_bytes(utf8, kCsv);
  write_bytes(bom, "\xEF\xBB\xBF" + kCsv);
  write_bytes(gb, utf8_to_gb18030(kCsv));
  write_sample_xlsx(text_xlsx, false);
  write_sample_xlsx(number_xlsx, true);

  const RawTable reference = read_table_file(utf8);
  check_sample(reference, "84153.30");
  check_sample(read_table_file(bom), "84153.30");
  check_sample(read_table_file(gb), "84153.30");
  check_sample(read_table_file(gb, {TextEncoding::gb18030, "", {}}), "84153.30");
  check_sample(read_table_file(text_xlsx), "84153.30");
  check_sample(read_table_file(text_xlsx, {TextEncoding::automatic, "自评表", {}}), "84153.30");
  // A number cell holds a double, whose text has no trailing zero: 84153.30
  // typed as a number comes back as "84153.3" (the same value). Percent
  // cells come back as shown: 0.195 as "19.5%", 1 as "100%".
  check_sample(read_table_file(number_xlsx), "84153.3");
}
