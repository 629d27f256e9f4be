// Limits of the data (docs/limits.md): records per file, cell size, record
// (row) size, columns, JSON nesting, and the magnitude of numbers — each at
// its limit and just beyond, in CSV (whole and a chunk at a time), JSON and
// JSON Lines. A cell beyond its limit is that record's problem; anything
// else refuses the file with one problem naming the line, and the batch
// counts the file as unusable.
#include "limits_support.hpp"

#include "interpreter/batch.hpp"
#include "interpreter/csv_reader.hpp"
#include "interpreter/datafiles/data_files.hpp"
#include "interpreter/json_reader.hpp"

#include <optional>
#include <vector>

using namespace limits_test;
using rubric::DataLimits;
using rubric::RawTable;
using Cells = std::vector<std::optional<std::string>>;

namespace {

// The one problem of a refused file: no columns, no records.
std::string refusal_of(const RawTable& t) {
    CHECK(t.columns.empty());
    CHECK(t.records.empty());
    REQUIRE(t.problems.size() == 1);
    CHECK(t.problems[0].row == 0);
    CHECK(t.problems[0].column.empty());
    return t.problems[0].message;
}

DataLimits with_records(uint64_t n) {
    DataLimits l;
    l.max_records = n;
    return l;
}

}  // namespace

// ---------------------------------------------------------------- records

TEST_CASE("data limits: records up to the limit are read; one more refuses the file, naming its line") {
    // Blank lines are not records.
    const std::string three = "甲,乙\n1,2\n3,4\n\n5,6\n";
    const RawTable ok = rubric::read_csv("a.csv", three, with_records(3));
    CHECK(ok.problems.empty());
    CHECK(ok.records.size() == 3);

    const RawTable over = rubric::read_csv("a.csv", three + "7,8\n", with_records(3));
    CHECK(refusal_of(over) == "记录超过 3 条的上限（第 6 行起的记录超出），已拒绝读取（上限可用 --max-records 调整）");
}

TEST_CASE("data limits: a streamed CSV is refused in the chunk where the limit is passed") {
    const std::string bytes = "甲,乙\n1,2\n3,4\n5,6\n7,8\n";
    rubric::CsvChunkReader reader("a.csv", bytes, with_records(3));
    RawTable chunk;
    REQUIRE(reader.next(chunk, 2));
    CHECK(chunk.records.size() == 2);
    CHECK_FALSE(reader.refused());
    REQUIRE(reader.next(chunk, 2));
    CHECK(reader.refused());
    CHECK(refusal_of(chunk) == "记录超过 3 条的上限（第 5 行起的记录超出），已拒绝读取（上限可用 --max-records 调整）");
    CHECK_FALSE(reader.next(chunk, 2));

    rubric::CsvChunkReader at_limit("a.csv", "甲,乙\n1,2\n3,4\n5,6\n", with_records(3));
    size_t records = 0;
    while (at_limit.next(chunk, 2)) records += chunk.records.size();
    CHECK(records == 3);
    CHECK_FALSE(at_limit.refused());
}

TEST_CASE("data limits: JSON arrays and JSON Lines are held to the record limit too") {
    const RawTable array = rubric::read_json("a.json", R"([{"甲": 1}, {"甲": 2}, {"甲": 3}])", with_records(2));
    CHECK(refusal_of(array) ==
          "记录超过 2 条的上限（第 3 条记录起的记录超出），已拒绝读取（上限可用 --max-records 调整）");
    CHECK(rubric::read_json("a.json", R"([{"甲": 1}, {"甲": 2}])", with_records(2)).records.size() == 2);

    const std::string lines = "{\"甲\": 1}\n{\"甲\": 2}\n\n";
    CHECK(rubric::read_json("a.jsonl", lines, with_records(2)).records.size() == 2);
    const RawTable over = rubric::read_json("a.jsonl", lines + "{\"甲\": 3}\n", with_records(2));
    CHECK(refusal_of(over) == "记录超过 2 条的上限（第 4 行起的记录超出），已拒绝读取（上限可用 --max-records 调整）");
}

// ---------------------------------------------------------------- cells

TEST_CASE("data limits: a cell of exactly 1 MiB is read; one byte more is that record's problem") {
    const std::string mib(size_t{1} << 20, 'x');
    const RawTable ok = rubric::read_csv("a.csv", "甲,乙\n1," + mib + "\n2,\"" + mib + "\"\n");
    CHECK(ok.problems.empty());
    REQUIRE(ok.records.size() == 2);
    CHECK(ok.records[0].cells[1]->size() == mib.size());
    CHECK(ok.records[1].cells[1]->size() == mib.size());

    // Unquoted, quoted (counted after "" escapes), and a quoted cell over many lines.
    const std::string over = mib + "y";
    const RawTable t = rubric::read_csv("a.csv", "甲,乙\n1," + over + "\n2,\"" + over + "\"\n3,\"" + mib + "\"\"\"\n4,\"" +
                                                     std::string(600000, 'x') + "\n" + std::string(600000, 'x') +
                                                     "\"\n5,ok\n");
    REQUIRE(t.records.size() == 5);
    REQUIRE(t.problems.size() == 4);
    const std::string message = "字段超过 1 MiB 的上限，未读取（上限可用 --max-field-size 调整）";
    CHECK(t.problems[0].row == 2);
    CHECK(t.problems[0].column == "乙");
    CHECK(t.problems[0].message == "第 2 行「乙」" + message);
    CHECK(t.problems[1].message == "第 3 行「乙」" + message);
    CHECK(t.problems[2].message == "第 4 行「乙」" + message);
    CHECK(t.problems[3].message == "第 5 行「乙」" + message);
    CHECK(t.records[3].row == 5);
    for (int k = 0; k < 4; ++k) CHECK_FALSE(t.records[k].cells[1].has_value());
    CHECK(t.records[4].row == 7);
    CHECK(t.records[4].cells == Cells{"5", "ok"});
}

TEST_CASE("data limits: the cell limit is an option, and holds for JSON values") {
    DataLimits l;
    l.max_field_bytes = 3;
    const RawTable csv = rubric::read_csv("a.csv", "甲,乙\nabc,abcd\n", l);
    CHECK(csv.records[0].cells == Cells{"abc", std::nullopt});
    REQUIRE(csv.problems.size() == 1);
    CHECK(csv.problems[0].message == "第 2 行「乙」字段超过 3 字节的上限，未读取（上限可用 --max-field-size 调整）");

    const RawTable json = rubric::read_json("a.json", R"([{"甲": "abc", "乙": "abcd"}])", l);
    REQUIRE(json.records.size() == 1);
    CHECK(json.records[0].cells == Cells{"abc", std::nullopt});
    REQUIRE(json.problems.size() == 1);
    CHECK(json.problems[0].row == 1);
    CHECK(json.problems[0].column == "乙");
    CHECK(json.problems[0].message == "第 1 条记录「乙」字段超过 3 字节的上限，未读取（上限可用 --max-field-size 调整）");

    // A key that long is no column name: the file is refused.
    const RawTable key = rubric::read_json("a.json", R"([{"甲": 1}, {"甲乙": 2}])", l);
    CHECK(refusal_of(key) == "第 2 条记录的字段名超过 3 字节的上限，已拒绝读取（上限可用 --max-field-size 调整）");
}

// ---------------------------------------------------------------- rows and columns

TEST_CASE("data limits: a CSV record of exactly 16 MiB is read; one byte more refuses the file") {
    // 16 fields of 1 MiB − 1 bytes, 16 commas and an empty 17th field: 16 MiB.
    const std::string field((size_t{1} << 20) - 1, 'x');
    std::string header = "c1", row;
    for (int k = 2; k <= 17; ++k) header += ",c" + std::to_string(k);
    for (int k = 1; k <= 16; ++k) row += field + ",";
    REQUIRE(row.size() == size_t{16} << 20);
    const RawTable ok = rubric::read_csv("a.csv", header + "\n" + row + "\n");
    CHECK(ok.problems.empty());
    CHECK(ok.records.size() == 1);

    const RawTable over = rubric::read_csv("a.csv", header + "\n1\n" + row + "y\n");
    CHECK(refusal_of(over) == "第 3 行超过 16 MiB 的上限，已拒绝读取（上限可用 --max-row-size 调整）");
}

TEST_CASE("data limits: the record size limit is an option, and holds for JSON Lines lines") {
    DataLimits l;
    l.max_row_bytes = 10;
    CHECK(rubric::read_csv("a.csv", "甲,乙\n1234,5678\n", l).records.size() == 1);  // 9 bytes
    CHECK(refusal_of(rubric::read_csv("a.csv", "甲,乙\n1234,567890\n1,2\n", l)) ==
          "第 2 行超过 10 字节的上限，已拒绝读取（上限可用 --max-row-size 调整）");
    // A quoted cell over many lines belongs to the record where it starts.
    CHECK(refusal_of(rubric::read_csv("a.csv", "甲,乙\n1,2\n3,\"4\n5\n6\n7\n8\"\n", l)) ==
          "第 3 行超过 10 字节的上限，已拒绝读取（上限可用 --max-row-size 调整）");

    l.max_row_bytes = 12;
    const std::string lines = "{\"a\": 1}\n{\"a\": 123}\n";  // 8 and 10 bytes
    CHECK(rubric::read_json("a.jsonl", lines, l).records.size() == 2);
    CHECK(refusal_of(rubric::read_json("a.jsonl", lines + "{\"a\": 1234}\n{\"a\": 123456}\n", l)) ==
          "第 4 行超过 12 字节的上限，已拒绝读取（上限可用 --max-row-size 调整）");
}

TEST_CASE("data limits: a header of 16,384 columns is read; 16,385 refuse the file") {
    auto header = [](int n) {
        std::string h = "c1";
        for (int k = 2; k <= n; ++k) h += ",c" + std::to_string(k);
        return h + "\n";
    };
    const RawTable ok = rubric::read_csv("a.csv", header(16384) + "1\n");
    CHECK(ok.columns.size() == 16384);
    CHECK(ok.problems.empty());
    CHECK(refusal_of(rubric::read_csv("a.csv", header(16385) + "1\n")) ==
          "表头有 16385 列，超过 16384 列的上限，已拒绝读取（上限可用 --max-columns 调整）");

    DataLimits l;
    l.max_columns = 2;
    CHECK(rubric::read_json("a.json", R"([{"a": 1, "b": 2}, {"b": 3}])", l).columns.size() == 2);
    CHECK(refusal_of(rubric::read_json("a.json", R"([{"a": 1, "b": 2}, {"c": 3}])", l)) ==
          "字段超过 2 个的上限（第 2 条记录有第 3 个不同的字段「c」），已拒绝读取（上限可用 --max-columns 调整）");
}

TEST_CASE("data limits: a row of a million fields costs no more than the header's width") {
    const std::string row = "1,2" + std::string(1000000, ',') + "\n";
    const RawTable t = rubric::read_csv("a.csv", "甲,乙\n" + row + "3,4\n");
    REQUIRE(t.problems.size() == 1);
    CHECK(t.problems[0].message == "第 2 行有 1000002 个字段，表头只有 2 列，该行未读取");
    REQUIRE(t.records.size() == 1);
    CHECK(t.records[0].cells == Cells{"3", "4"});
    // Excel's padding: a row of nothing but commas, wider than the header, is blank.
    const RawTable padded = rubric::read_csv("a.csv", "甲,乙\n1,2\n,,,,,,\n3,4\n");
    CHECK(padded.problems.empty());
    CHECK(padded.records.size() == 2);
}

// ---------------------------------------------------------------- JSON nesting

namespace {

// [{"甲": 1, "乙": [[…]]}] with `inner` arrays as 乙's value: 2 + inner deep.
std::string nested_json(size_t inner) {
    return "[{\"甲\": 1, \"乙\": " + repeat("[", inner) + repeat("]", inner) + "}]";
}

const std::string json_prefix = "[{\"甲\": 1, \"乙\": ";

}  // namespace

TEST_CASE("data limits: JSON nests 64 deep; the 65th level refuses the file at its line and column") {
    const RawTable ok = rubric::read_json("a.json", nested_json(62));
    REQUIRE(ok.records.size() == 1);
    REQUIRE(ok.problems.size() == 1);
    CHECK(ok.problems[0].message == "第 1 条记录：字段「乙」的值不能是数组或对象");

    CHECK(refusal_of(rubric::read_json("a.json", nested_json(63))) ==
          "第 1 行第 " + std::to_string(code_points(json_prefix) + 63) +
              " 列：JSON 的数组和对象嵌套超过 64 层的上限，已拒绝读取（上限可用 --max-json-depth 调整）");
    // 100,000 levels: refused the same way (the parser is not recursive).
    CHECK(refusal_of(rubric::read_json("a.json", nested_json(100000))) ==
          "第 1 行第 " + std::to_string(code_points(json_prefix) + 63) +
              " 列：JSON 的数组和对象嵌套超过 64 层的上限，已拒绝读取（上限可用 --max-json-depth 调整）");
}

TEST_CASE("data limits: the JSON depth limit is an option; a JSON Lines line is placed by its own line") {
    DataLimits l;
    l.max_json_depth = 2;
    CHECK(rubric::read_json("a.json", R"([{"a": 1}])", l).records.size() == 1);
    CHECK(refusal_of(rubric::read_json("a.json", "[\n{\"a\": {\"b\": 1}}]", l)) ==
          "第 2 行第 7 列：JSON 的数组和对象嵌套超过 2 层的上限，已拒绝读取（上限可用 --max-json-depth 调整）");
    CHECK(refusal_of(rubric::read_json("a.jsonl", "{\"a\": 1}\n{\"a\": 2}\n{\"a\": [[1]]}\n", l)) ==
          "第 3 行第 8 列：JSON 的数组和对象嵌套超过 2 层的上限，已拒绝读取（上限可用 --max-json-depth 调整）");
}

// ---------------------------------------------------------------- through the batch

namespace {

std::shared_ptr<const rubric::Program> small_program() {
    Sheet s;
    s.inputs = "输入 金额：金额\n输入 数：数值";
    s.rule = "若 金额 ≥ 0 且 数 ≤ 0 则 100 否则 0";
    rubric::CompileResult compiled = compile(text_of(s));
    REQUIRE_MESSAGE(compiled.ok(), compiled.diagnostics.render_all());
    return compiled.program;
}

}  // namespace

TEST_CASE("data limits: the batch counts a refused file as unusable, streamed or read whole") {
    auto program = small_program();
    TempDir dir;
    const std::string path = dir.write("a.csv", "单位,金额,数\nA,1,0\nB,2,0\nC,3,0\n");
    rubric::TableReadOptions reading;
    reading.limits.max_records = 2;

    std::vector<rubric::BatchResult> chunks;
    REQUIRE(rubric::stream_csv_file(*program, path, reading, {}, 1,
                                    [&](rubric::BatchResult& r) { chunks.push_back(std::move(r)); }));
    REQUIRE(chunks.size() == 3);
    CHECK(chunks[0].unusable_files == 0);
    CHECK(chunks[1].unusable_files == 0);
    CHECK(chunks[2].unusable_files == 1);
    REQUIRE(chunks[2].problems.size() == 1);
    CHECK(chunks[2].problems[0].message ==
          "记录超过 2 条的上限（第 4 行起的记录超出），已拒绝读取（上限可用 --max-records 调整）");

    const rubric::BatchResult whole = rubric::score_table(*program, rubric::read_data_file(path, reading));
    CHECK(whole.unusable_files == 1);
    CHECK(whole.scored.empty());
    reading.limits.max_records = 3;
    const rubric::BatchResult fits = rubric::score_table(*program, rubric::read_data_file(path, reading));
    CHECK(fits.unusable_files == 0);
    CHECK(fits.scored.size() == 3);
}

TEST_CASE("data limits: a cell over its limit fails its record, named by row and column") {
    auto program = small_program();
    TempDir dir;
    rubric::TableReadOptions reading;
    reading.limits.max_field_bytes = 6;  // the header's 单位 and 金额 are 6 bytes each
    const std::string path = dir.write("a.csv", "单位,金额,数\nA,1,0\nB,1234567,0\n");
    const rubric::BatchResult r = rubric::score_table(*program, rubric::read_data_file(path, reading));
    CHECK(r.scored.size() == 1);
    CHECK(r.bad_records == 1);
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].path == path);
    CHECK(r.problems[0].row == 3);
    CHECK(r.problems[0].column == "金额");
    CHECK(r.problems[0].message == "第 3 行「金额」字段超过 6 字节的上限，未读取（上限可用 --max-field-size 调整）");
}

// ---------------------------------------------------------------- magnitude

TEST_CASE("data limits: numbers below 10^30 are read exactly; at 10^30 a cell is refused, named") {
    auto program = small_program();
    TempDir dir;
    const std::string path = dir.write("a.csv",
                                       "单位,金额,数\n"
                                       "A,999999999999999999999999999999.99,-999999999999999999999999999999\n"
                                       "B,1000000000000000000000000000000,0\n"
                                       "C,1,-1000000000000000000000000000000\n"
                                       "D,\"1,000,000,000,000,000,000,000,000,000,000\",0\n");
    const rubric::BatchResult r = rubric::score_table(*program, rubric::read_data_file(path, {}));
    REQUIRE(r.scored.size() == 1);
    CHECK(r.scored[0].key == "A");
    CHECK(r.scored[0].result.total.to_string() == "100");
    CHECK(r.bad_records == 3);
    REQUIRE(r.problems.size() == 3);
    CHECK(r.problems[0].row == 3);
    CHECK(r.problems[0].column == "金额");
    CHECK(r.problems[0].message == "第 3 行：「金额」数值过大，实际是「1000000000000000000000000000000」");
    CHECK(r.problems[1].row == 4);
    CHECK(r.problems[1].column == "数");
    CHECK(r.problems[1].message == "第 4 行：「数」数值过大，实际是「-1000000000000000000000000000000」");
    CHECK(r.problems[2].message == "第 5 行：「金额」数值过大，实际是「1,000,000,000,000,000,000,000,000,000,000」");
}
