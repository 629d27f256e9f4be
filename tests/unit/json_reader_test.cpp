#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "interpreter/json_reader.hpp"

using rubric::read_json;
using rubric::RawTable;
using Cells = std::vector<std::optional<std::string>>;
using Names = std::vector<std::string>;

namespace {

std::vector<uint32_t> rows_of(const RawTable& t) {
  std::vector<uint32_t> rows;
  for (const auto& r : t.records) rows.push_back(r.row);
  return rows;
}

}  // namespace

TEST_CASE("json: array of objects, columns in order of first appearance") {
  const RawTable t = read_json("a.json", R"([
    {"项目": "甲", "金额": 84153.30},
    {"项目": "乙", "比例": 0.10, "调整": -5}
  ])");
  CHECK(t.path == "a.json");
  CHECK(t.problems.empty());
  CHECK(t.numbering == rubric::RowNumbering::index);
  CHECK(t.columns == Names{"项目", "金额", "比例", "调整"});
  REQUIRE(t.records.size() == 2);
  CHECK(t.records[0].row == 1);
  CHECK(t.records[0].cells == Cells{"甲", "84153.30", std::nullopt, std::nullopt});
  CHECK(t.records[1].row == 2);
  CHECK(t.records[1].cells == Cells{"乙", std::nullopt, "0.10", "-5"});
  CHECK(t.row_label(2) == "第 2 条记录");
}

TEST_CASE("json: numbers keep their exact source text") {
  const RawTable t = read_json("n.json",
                               R"({"a": 84153.30, "b": 0.10, "c": -5, "d": 1e3, )"
                               R"("e": 12345678901234567890123, "f": 0, "g": 1E-2, )"
                               R"("h": 18446744073709551615, "i": -9223372036854775808, "j": -0.0})");
  CHECK(t.problems.empty());
  REQUIRE(t.records.size() == 1);
  CHECK(t.records[0].cells == Cells{"84153.30", "0.10", "-5", "1e3", "12345678901234567890123", "0",
                                    "1E-2", "18446744073709551615", "-9223372036854775808",
                                    "-0.0"});
}

TEST_CASE("json: single object, booleans and null") {
  const RawTable t = read_json("o.json", "\xEF\xBB\xBF{\"a\": \"x\", \"b\": true, \"c\": false, \"d\": null}");
  CHECK(t.problems.empty());
  CHECK(t.columns == Names{"a", "b", "c", "d"});
  REQUIRE(t.records.size() == 1);
  CHECK(t.records[0].row == 1);
  CHECK(t.records[0].cells == Cells{"x", "true", "false", std::nullopt});
}

TEST_CASE("json: JSON Lines with a bad line in the middle") {
  const std::string bytes =
      "{\"a\": 1}\n"
      "\n"
      "{\"a\": 2, \"b\": \"x\"}\r\n"
      "{bad}\n"
      "{\"b\": \"y\", \"c\": 3.50}\n";
  const RawTable t = read_json("l.jsonl", bytes);
  CHECK(t.numbering == rubric::RowNumbering::line);
  CHECK(t.columns == Names{"a", "b", "c"});
  CHECK(rows_of(t) == std::vector<uint32_t>{1, 3, 5});
  CHECK(t.records[0].cells == Cells{"1", std::nullopt, std::nullopt});
  CHECK(t.records[1].cells == Cells{"2", "x", std::nullopt});
  CHECK(t.records[2].cells == Cells{std::nullopt, "y", "3.50"});
  REQUIRE(t.problems.size() == 1);
  CHECK(t.problems[0].row == 4);
  CHECK(t.problems[0].message == "第 4 行 JSON 格式错误（第 2 列）：无法识别的内容（字符串需要加双引号）");
}

TEST_CASE("json: JSON Lines whose first line is bad is still read as lines") {
  const RawTable t = read_json("l2.jsonl", "{\"a\": }\n{\"a\": \"ok\"}\n[1]\n");
  CHECK(t.numbering == rubric::RowNumbering::line);
  CHECK(rows_of(t) == std::vector<uint32_t>{2});
  REQUIRE(t.problems.size() == 2);
  CHECK(t.problems[0].row == 1);
  CHECK(t.problems[1].row == 3);
  CHECK(t.problems[1].message == "第 3 行不是 JSON 对象，已跳过");
}

TEST_CASE("json: nested value is a problem naming row and key") {
  const RawTable t = read_json("x.json", R"([{"a": "1"}, {"a": [1, {"z": 2}], "b": {"x": 1}, "c": "ok"}])");
  CHECK(t.columns == Names{"a", "b", "c"});
  REQUIRE(t.records.size() == 2);
  CHECK(t.records[1].row == 2);
  CHECK(t.records[1].cells == Cells{std::nullopt, std::nullopt, "ok"});
  REQUIRE(t.problems.size() == 2);
  CHECK(t.problems[0].row == 2);
  CHECK(t.problems[0].column == "a");
  CHECK(t.problems[0].message == "第 2 条记录：字段「a」的值不能是数组或对象");
  CHECK(t.problems[1].column == "b");
  CHECK(t.problems[1].message == "第 2 条记录：字段「b」的值不能是数组或对象");
}

TEST_CASE("json: array elements that are not objects are skipped") {
  const RawTable t = read_json("e.json", R"([1, {"a": "x"}, [2], null])");
  CHECK(rows_of(t) == std::vector<uint32_t>{2});
  REQUIRE(t.problems.size() == 3);
  CHECK(t.problems[0].row == 1);
  CHECK(t.problems[0].message == "第 1 条记录不是对象，已跳过");
  CHECK(t.problems[1].row == 3);
  CHECK(t.problems[2].row == 4);
}

TEST_CASE("json: duplicate and empty keys") {
  const RawTable t = read_json("d.json", R"({"a": "1", "a": "2", "": "3", "b": "4"})");
  CHECK(t.columns == Names{"a", "b"});
  REQUIRE(t.records.size() == 1);
  CHECK(t.records[0].cells == Cells{std::nullopt, "4"});
  REQUIRE(t.problems.size() == 2);
  CHECK(t.problems[0].column == "a");
  CHECK(t.problems[0].message == "第 1 条记录：字段「a」重复出现，无法确定取哪个值");
  CHECK(t.problems[1].message == "第 1 条记录：字段名为空，该值已忽略");
}

TEST_CASE("json: syntax error in an array keeps earlier records") {
  const RawTable t = read_json("s.json", "[{\"a\": 1},\n {\"a\": 2,}]");
  CHECK(rows_of(t) == std::vector<uint32_t>{1});
  REQUIRE(t.problems.size() == 1);
  CHECK(t.problems[0].row == 2);
  CHECK(t.problems[0].message == "JSON 格式错误（第 2 行第 10 列）：此处应为带双引号的字段名");
}

TEST_CASE("json: broken pretty-printed object is one error, not JSON Lines") {
  const RawTable t = read_json("p.json", "{\n  \"a\": 1,\n  \"b\": \"中文\n}\n");
  CHECK(t.records.empty());
  REQUIRE(t.problems.size() == 1);
  CHECK(t.problems[0].row == 1);
  CHECK(t.problems[0].message ==
        "JSON 格式错误（第 3 行第 11 列）：字符串中有未转义的控制字符（例如换行）");
}

TEST_CASE("json: empty file, scalar top level, missing file") {
  const RawTable empty = read_json("z.json", " \n");
  REQUIRE(empty.problems.size() == 1);
  CHECK(empty.problems[0].row == 0);
  CHECK(empty.problems[0].message == "文件为空");

  const RawTable scalar = read_json("y.json", "42");
  CHECK(scalar.records.empty());
  REQUIRE(scalar.problems.size() == 1);
  CHECK(scalar.problems[0].row == 0);

  const RawTable missing = rubric::read_json_file("/nonexistent-dir/x.json");
  REQUIRE(missing.problems.size() == 1);
  CHECK(missing.problems[0].row == 0);
  CHECK(missing.problems[0].message.starts_with("无法打开文件「/nonexistent-dir/x.json」："));
}
