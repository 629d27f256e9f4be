#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "interpreter/csv_reader.hpp"
#include "interpreter/json_reader.hpp"
#include "interpreter/record_binder.hpp"

using namespace rubric;

namespace {

// ---- The Longhua 2021 inputs (data template / rulesets/longhua-2021.rubric) ----

struct Column {
    const char* name;
    InputKind kind;
    const char* unit;
    int low;   // -1: none
    int high;  // -1: none
    const char* published;  // the published record's cell
    const char* stored;     // expected Decimal::to_string() after binding
};

constexpr InputKind T = InputKind::text, YN = InputKind::yes_no, C = InputKind::count,
                    A = InputKind::amount, P = InputKind::percent, J = InputKind::judgment,
                    E = InputKind::enumeration;

const std::vector<Column>& longhua_columns() {
    static const std::vector<Column> columns{
        {"单位", T, "", -1, -1, "深圳市龙华区工业和信息化局", "0"},
        {"预算编制合理性_条件1", YN, "", -1, -1, "是", "1"},
        {"预算编制合理性_条件2", YN, "", -1, -1, "是", "1"},
        {"预算编制合理性_条件3", YN, "", -1, -1, "是", "1"},
        {"预算编制合理性_条件4", YN, "", -1, -1, "是", "1"},
        {"预算编制合理性_条件5", YN, "", -1, -1, "是", "1"},
        {"预算编制规范性_不符合项数", C, "项", -1, -1, "0", "0"},
        {"绩效目标_不符合要求项数", C, "项", -1, -1, "0", "0"},
        {"绩效指标明确性_条件1", YN, "", -1, -1, "是", "1"},
        {"绩效指标明确性_条件2", YN, "", -1, -1, "是", "1"},
        {"绩效指标明确性_条件3", YN, "", -1, -1, "是", "1"},
        {"绩效指标明确性_条件4", YN, "", -1, -1, "是", "1"},
        {"绩效指标明确性_条件5", YN, "", -1, -1, "是", "1"},
        {"政府采购实际金额", A, "万元", -1, -1, "611.29", "611.29"},
        {"政府采购计划金额", A, "万元", -1, -1, "819.38", "819.38"},
        {"政府采购政策功能得分", J, "", 0, 1, "1", "1"},
        {"存在违规支出", YN, "", -1, -1, "否", "0"},
        {"预算调整调剂金额", A, "万元", -1, -1, "84153.30", "84153.3"},
        {"年初预算数", A, "万元", -1, -1, "100504.06", "100504.06"},
        {"资金支出规范性得分", J, "", 0, 1, "1", "1"},
        {"会计核算规范性得分", J, "", 0, 1, "1", "1"},
        {"预算公开", E, "", -1, -1, "完整公开", "0"},
        {"决算公开", E, "", -1, -1, "完整公开", "0"},
        {"项目设立调整履行报批", YN, "", -1, -1, "是", "1"},
        {"招投标验收执行制度", YN, "", -1, -1, "是", "1"},
        {"建立资金管理和监控机制", YN, "", -1, -1, "是", "1"},
        {"主管部门开展检查监控", YN, "", -1, -1, "是", "1"},
        {"专项资金评价结果为差", YN, "", -1, -1, "否", "0"},
        {"资产配置合理账实相符", YN, "", -1, -1, "是", "1"},
        {"资产处置规范收入上缴", YN, "", -1, -1, "是", "1"},
        {"在用固定资产总额", A, "万元", -1, -1, "548.88", "548.88"},
        {"固定资产总额", A, "万元", -1, -1, "548.88", "548.88"},
        {"在编人数", C, "人", -1, -1, "28", "28"},
        {"核定编制数", C, "人", -1, -1, "37", "37"},
        {"编外人员数", C, "人", -1, -1, "47", "47"},
        {"管理制度健全性得分", J, "", 0, 3, "3", "3"},
        {"三公经费实际支出", A, "万元", -1, -1, "4.53", "4.53"},
        {"三公经费调整预算", A, "万元", -1, -1, "7.73", "7.73"},
        {"日常公用经费决算数", A, "万元", -1, -1, "499.69", "499.69"},
        {"日常公用经费调整预算", A, "万元", -1, -1, "511.04", "511.04"},
        {"第一季度累计支出进度", P, "", -1, -1, "19.5", "0.195"},
        {"第二季度累计支出进度", P, "", -1, -1, "72.5", "0.725"},
        {"第三季度累计支出进度", P, "", -1, -1, "79.9", "0.799"},
        {"第四季度累计支出进度", P, "", -1, -1, "99.8", "0.998"},
        {"未完成重点工作数", C, "项", -1, -1, "0", "0"},
        {"按期完成项目数", C, "个", -1, -1, "47", "47"},
        {"计划项目数", C, "个", -1, -1, "48", "48"},
        {"效果性得分", J, "", 0, 20, "20", "20"},
        {"建立信访渠道", YN, "", -1, -1, "是", "1"},
        {"信访回复率达100", YN, "", -1, -1, "是", "1"},
        {"信访及时回复率达100", YN, "", -1, -1, "是", "1"},
        {"满意度", P, "", -1, -1, "95", "0.95"},
    };
    return columns;
}

const std::vector<std::string> kDisclosure{"完整公开", "部分公开", "未公开", "涉密"};

InputSpec spec_of(const Column& c) {
    InputSpec s;
    s.name = c.name;
    s.kind = c.kind;
    s.unit = c.unit;
    if (c.low >= 0) s.low = Decimal::from_int(c.low);
    if (c.high >= 0) s.high = Decimal::from_int(c.high);
    if (c.kind == E) s.values = kDisclosure;
    s.is_key = std::string(c.name) == "单位";
    return s;
}

std::vector<InputSpec> longhua_inputs() {
    std::vector<InputSpec> specs;
    for (const Column& c : longhua_columns()) specs.push_back(spec_of(c));
    return specs;
}

const RecordBinder& longhua_binder() {
    static const RecordBinder binder(longhua_inputs());
    return binder;
}

std::size_t column_number(const std::string& name) {
    const auto& cols = longhua_columns();
    for (std::size_t i = 0; i < cols.size(); ++i) {
        if (name == cols[i].name) return i;
    }
    FAIL("no such column: " << name);
    return 0;
}

std::string header_line() {
    std::string line;
    for (const Column& c : longhua_columns()) line += (line.empty() ? "" : ",") + std::string(c.name);
    return line + "\n";
}

// The published record with some cells replaced (by column name).
std::string published_line(const std::map<std::string, std::string>& overrides = {}) {
    std::vector<std::string> cells;
    for (const Column& c : longhua_columns()) cells.push_back(c.published);
    for (const auto& [name, text] : overrides) cells[column_number(name)] = text;
    std::string line;
    for (std::size_t i = 0; i < cells.size(); ++i) line += (i ? "," : "") + cells[i];
    return line + "\n";
}

const std::string kPublishedCsv =
    "单位,预算编制合理性_条件1,预算编制合理性_条件2,预算编制合理性_条件3,预算编制合理性_条件4,"
    "预算编制合理性_条件5,预算编制规范性_不符合项数,绩效目标_不符合要求项数,绩效指标明确性_条件1,"
    "绩效指标明确性_条件2,绩效指标明确性_条件3,绩效指标明确性_条件4,绩效指标明确性_条件5,"
    "政府采购实际金额,政府采购计划金额,政府采购政策功能得分,存在违规支出,预算调整调剂金额,年初预算数,"
    "资金支出规范性得分,会计核算规范性得分,预算公开,决算公开,项目设立调整履行报批,招投标验收执行制度,"
    "建立资金管理和监控机制,主管部门开展检查监控,专项资金评价结果为差,资产配置合理账实相符,"
    "资产处置规范收入上缴,在用固定资产总额,固定资产总额,在编人数,核定编制数,编外人员数,"
    "管理制度健全性得分,三公经费实际支出,三公经费调整预算,日常公用经费决算数,日常公用经费调整预算,"
    "第一季度累计支出进度,第二季度累计支出进度,第三季度累计支出进度,第四季度累计支出进度,"
    "未完成重点工作数,按期完成项目数,计划项目数,效果性得分,建立信访渠道,信访回复率达100,"
    "信访及时回复率达100,满意度\n"
    "深圳市龙华区工业和信息化局,是,是,是,是,是,0,0,是,是,是,是,是,611.29,819.38,1,否,84153.30,"
    "100504.06,1,1,完整公开,完整公开,是,是,是,是,否,是,是,548.88,548.88,28,37,47,3,4.53,7.73,"
    "499.69,511.04,19.5,72.5,79.9,99.8,0,47,48,20,是,是,是,95";

void check_published_record(const BindOutcome& out) {
    CHECK(out.problems.empty());
    CHECK(out.total_records == 1);
    CHECK(out.bad_records == 0);
    REQUIRE(out.records.size() == 1);
    const Record& r = out.records[0];
    CHECK(r.key == "深圳市龙华区工业和信息化局");
    CHECK(r.row == 2);
    const auto& cols = longhua_columns();
    REQUIRE(r.values.size() == cols.size());
    for (std::size_t i = 0; i < cols.size(); ++i) {
        INFO("column " << cols[i].name);
        CHECK(r.values[i].to_string() == cols[i].stored);
    }
}

struct Cell {
    std::optional<std::string> value;
    std::string message;
};

// parse_cell with the named Longhua input.
Cell parse(const std::string& column, std::string_view text) {
    const InputSpec spec = spec_of(longhua_columns()[column_number(column)]);
    Cell c;
    if (auto v = longhua_binder().parse_cell(spec, text, c.message)) c.value = v->to_string();
    return c;
}

std::string ok(const std::string& column, std::string_view text) {
    const Cell c = parse(column, text);
    INFO(column << " «" << text << "» → " << c.message);
    REQUIRE(c.value.has_value());
    return *c.value;
}

std::string bad(const std::string& column, std::string_view text) {
    const Cell c = parse(column, text);
    INFO(column << " «" << text << "» → " << c.value.value_or("?"));
    REQUIRE_FALSE(c.value.has_value());
    return c.message;
}

}  // namespace

// ---- The published record --------------------------------------------------

TEST_CASE("binder: the published Longhua 2021 record binds to one good record") {
    const RawTable table = read_csv("longhua-2021-published.csv", kPublishedCsv);
    REQUIRE(table.problems.empty());
    REQUIRE(table.columns.size() == 52);
    CHECK(longhua_inputs().size() == 52);
    const BindOutcome out = longhua_binder().bind(table);
    check_published_record(out);
    const Record& r = out.records[0];
    CHECK(r.values[column_number("第一季度累计支出进度")] == *Decimal::parse("0.195"));
    CHECK(r.values[column_number("预算调整调剂金额")] == *Decimal::parse("84153.3"));
    CHECK(r.values[column_number("预算公开")] == Decimal::from_int(0));
}

TEST_CASE("binder: the shared contract file itself binds the same way") {
    const std::string path = "/work/shared/contracts/longhua-2021-published.csv";
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        MESSAGE("contract file not present; skipped");
        return;
    }
    std::stringstream bytes;
    bytes << in.rdbuf();
    const RawTable table = read_csv(path, bytes.str());
    check_published_record(longhua_binder().bind(table));
}

TEST_CASE("binder: columns in any order, generated header matches the template") {
    // Reverse the column order: matching is by name only.
    const auto& cols = longhua_columns();
    std::string header, row;
    for (std::size_t k = cols.size(); k-- > 0;) {
        header += std::string(cols[k].name) + (k ? "," : "\n");
        row += std::string(cols[k].published) + (k ? "," : "\n");
    }
    const BindOutcome out = longhua_binder().bind(read_csv("r.csv", header + row));
    check_published_record(out);
    CHECK(header_line() + published_line() == std::string(kPublishedCsv) + "\n");
}

TEST_CASE("binder: JSON records are bound too, labelled 第 N 条记录") {
    std::string json = "[{";
    const auto& cols = longhua_columns();
    for (std::size_t i = 0; i < cols.size(); ++i) {
        std::string v = cols[i].published;
        const bool numeric = cols[i].kind != T && cols[i].kind != YN && cols[i].kind != E;
        json += std::string(i ? "," : "") + "\"" + cols[i].name + "\":" +
                (numeric ? v : "\"" + v + "\"");
    }
    json += "},{\"单位\":\"乙\"}]";
    const RawTable table = read_json("a.json", json);
    REQUIRE(table.problems.empty());
    const BindOutcome out = longhua_binder().bind(table);
    CHECK(out.total_records == 2);
    CHECK(out.bad_records == 1);
    REQUIRE(out.records.size() == 1);
    CHECK(out.records[0].values[column_number("预算调整调剂金额")].to_string() == "84153.3");
    REQUIRE(out.problems.size() == 51);
    CHECK(out.problems[0].row == 2);
    CHECK(out.problems[0].column == "预算编制合理性_条件1");
    CHECK(out.problems[0].message == "第 2 条记录：「预算编制合理性_条件1」为空");
    CHECK(out.problems[0].path == "a.json");
}

// ---- Cell rules -------------------------------------------------------------

TEST_CASE("cell: empty after trimming blanks and U+3000") {
    CHECK(bad("满意度", "") == "「满意度」为空");
    CHECK(bad("满意度", "  \t\xE3\x80\x80 ") == "「满意度」为空");
    CHECK(bad("单位", "\xE3\x80\x80") == "「单位」为空");
    CHECK(bad("预算公开", " ") == "「预算公开」为空");
    CHECK(ok("满意度", "\xE3\x80\x80" "95 ") == "0.95");
}

TEST_CASE("cell: yes_no") {
    const std::string c = "存在违规支出";
    CHECK(ok(c, "是") == "1");
    CHECK(ok(c, "否") == "0");
    CHECK(ok(c, "1") == "1");
    CHECK(ok(c, "0") == "0");
    CHECK(ok(c, "true") == "1");
    CHECK(ok(c, "TRUE") == "1");
    CHECK(ok(c, "False") == "0");
    CHECK(ok(c, " 是 ") == "1");
    CHECK(bad(c, "对") == "「存在违规支出」应为 是/否（也接受 1/0、true/false），实际是「对」");
    CHECK(bad(c, "2") == "「存在违规支出」应为 是/否（也接受 1/0、true/false），实际是「2」");
    CHECK(bad(c, "1.0") == "「存在违规支出」应为 是/否（也接受 1/0、true/false），实际是「1.0」");
    CHECK(bad(c, "yes") == "「存在违规支出」应为 是/否（也接受 1/0、true/false），实际是「yes」");
    CHECK(bad(c, "是否") == "「存在违规支出」应为 是/否（也接受 1/0、true/false），实际是「是否」");
    CHECK(bad(c, "１") == "「存在违规支出」含有全角字符，请使用半角数字和符号，实际是「１」");
}

TEST_CASE("cell: count") {
    const std::string c = "在编人数";
    CHECK(ok(c, "28") == "28");
    CHECK(ok(c, "0") == "0");
    CHECK(ok(c, "12.0") == "12");
    CHECK(ok(c, "12.000") == "12");
    CHECK(ok(c, "007") == "7");
    CHECK(ok(c, "-0") == "0");
    CHECK(bad(c, "-3") == "「在编人数」计数必须是不小于 0 的整数，不能为负数，实际是 -3");
    CHECK(bad(c, "-2.5") == "「在编人数」计数必须是不小于 0 的整数，不能为负数，实际是 -2.5");
    CHECK(bad(c, "2.5") == "「在编人数」计数必须是不小于 0 的整数，不能有小数，实际是 2.5");
    CHECK(bad(c, "12.01") == "「在编人数」计数必须是不小于 0 的整数，不能有小数，实际是 12.01");
    CHECK(bad(c, "abc") == "「在编人数」计数必须是不小于 0 的整数，实际是「abc」");
    CHECK(bad(c, "12.") == "「在编人数」计数必须是不小于 0 的整数，实际是「12.」");
    CHECK(bad(c, "1,200") == "「在编人数」不接受千位分隔符，请写成「1200」，实际是「1,200」");
    CHECK(bad(c, "28人") == "「在编人数」只填数字，不要带单位「人」，实际是「28人」");
    CHECK(bad(c, "1e3") == "「在编人数」不接受科学计数法，请写成普通小数，实际是「1e3」");
}

TEST_CASE("cell: amount") {
    const std::string c = "预算调整调剂金额";
    CHECK(ok(c, "84153.30") == "84153.3");
    CHECK(ok(c, "84,153.30") == "84153.3");
    CHECK(ok(c, "1,234,567.5") == "1234567.5");
    CHECK(ok(c, "999,999") == "999999");
    CHECK(ok(c, "0") == "0");
    CHECK(ok(c, "+5") == "5");
    const std::string grouping =
        "「预算调整调剂金额」的千位分隔符位置不对（应从小数点向左每三位一组，如 84,153.30），实际是";
    CHECK(bad(c, "8,4153.30") == grouping + "「8,4153.30」");
    CHECK(bad(c, "84,15.30") == grouping + "「84,15.30」");
    CHECK(bad(c, "1234,567") == grouping + "「1234,567」");
    CHECK(bad(c, "0,153") == grouping + "「0,153」");
    CHECK(bad(c, "84,,153") == grouping + "「84,,153」");
    CHECK(bad(c, "84,153,") == grouping + "「84,153,」");
    CHECK(bad(c, ",153") == "「预算调整调剂金额」应为数字，实际是「,153」");
    CHECK(bad(c, "84153.3,0") == "「预算调整调剂金额」应为数字，实际是「84153.3,0」");
    CHECK(bad(c, "-5") == "「预算调整调剂金额」金额不能为负数，实际是 -5");
    CHECK(bad(c, "-84,153.30") == "「预算调整调剂金额」金额不能为负数，实际是 -84,153.30");
    CHECK(bad(c, "约 5") == "「预算调整调剂金额」应为数字，实际是「约 5」");
    CHECK(bad(c, "5 5") == "「预算调整调剂金额」应为数字，实际是「5 5」");
    CHECK(bad(c, "611.29万元") == "「预算调整调剂金额」只填数字，不要带单位「万元」，实际是「611.29万元」");
    CHECK(bad(c, "1e3") == "「预算调整调剂金额」不接受科学计数法，请写成普通小数，实际是「1e3」");
    CHECK(bad(c, "8.415330E+04") ==
          "「预算调整调剂金额」不接受科学计数法，请写成普通小数，实际是「8.415330E+04」");
    CHECK(bad(c, "８４１５３.３") ==
          "「预算调整调剂金额」含有全角字符，请使用半角数字和符号，实际是「８４１５３.３」");
    CHECK(bad(c, "84153。3") ==
          "「预算调整调剂金额」含有全角字符，请使用半角数字和符号，实际是「84153。3」");
    CHECK(bad(c, "1000000000000000000000000000000") ==
          "「预算调整调剂金额」数值过大，实际是「1000000000000000000000000000000」");
    CHECK(bad(c, "1.000000000000000000000000000000000000001") ==
          "「预算调整调剂金额」的有效数字过多，无法精确表示，实际是"
          "「1.000000000000000000000000000000000000001」");
    CHECK(ok(c, "1.0000000000000000000000000000000000000") == "1");  // only zeros beyond
}

TEST_CASE("cell: percent") {
    const std::string c = "第一季度累计支出进度";
    CHECK(ok(c, "19.5") == "0.195");
    CHECK(ok(c, "19.5%") == "0.195");
    CHECK(ok(c, "19.50 %") == "0.195");
    CHECK(ok(c, "0") == "0");
    CHECK(ok(c, "0%") == "0");
    CHECK(ok(c, "100") == "1");
    CHECK(ok(c, "100.00%") == "1");
    CHECK(ok(c, "0.001") == "0.00001");
    CHECK(bad(c, "19.5％") ==
          "「第一季度累计支出进度」含有全角字符，请使用半角数字和符号，实际是「19.5％」");
    CHECK(bad(c, "100.1") == "「第一季度累计支出进度」百分比应在 0 到 100 之间，实际是 100.1");
    CHECK(bad(c, "120%") == "「第一季度累计支出进度」百分比应在 0 到 100 之间，实际是 120%");
    CHECK(bad(c, "-0.5") == "「第一季度累计支出进度」百分比应在 0 到 100 之间，实际是 -0.5");
    CHECK(bad(c, "19.5%%") == "「第一季度累计支出进度」应为百分数（如 19.5 或 19.5%），实际是「19.5%%」");
    CHECK(bad(c, "%") == "「第一季度累计支出进度」应为百分数（如 19.5 或 19.5%），实际是「%」");
    CHECK(bad(c, "1,9.5") == "「第一季度累计支出进度」应为百分数（如 19.5 或 19.5%），实际是「1,9.5」");
    CHECK(bad(c, "%19.5") == "「第一季度累计支出进度」应为百分数（如 19.5 或 19.5%），实际是「%19.5」");
    CHECK(bad(c, "1e1%") == "「第一季度累计支出进度」不接受科学计数法，请写成普通小数，实际是「1e1%」");
    // 60 fraction digits fit Decimal; as a fraction they would need 62.
    const std::string fine = "0." + std::string(59, '0') + "1";
    CHECK(bad(c, fine) == "「第一季度累计支出进度」的有效数字过多，无法精确表示，实际是「" + fine + "」");
}

TEST_CASE("cell: number with and without bounds") {
    InputSpec n;
    n.name = "增长率";
    n.kind = InputKind::number;
    std::string m;
    const RecordBinder& b = longhua_binder();
    CHECK(b.parse_cell(n, "-12,345.5", m)->to_string() == "-12345.5");
    CHECK(b.parse_cell(n, "+3", m)->to_string() == "3");
    CHECK_FALSE(b.parse_cell(n, "12,34", m));
    CHECK(m == "「增长率」的千位分隔符位置不对（应从小数点向左每三位一组，如 84,153.30），实际是「12,34」");
    CHECK_FALSE(b.parse_cell(n, "-1E-3", m));
    CHECK(m == "「增长率」不接受科学计数法，请写成普通小数，实际是「-1E-3」");
    CHECK_FALSE(b.parse_cell(n, "- 3", m));
    CHECK(m == "「增长率」应为数字，实际是「- 3」");

    n.low = Decimal::from_int(-10);
    n.high = Decimal::from_int(10);
    CHECK(b.parse_cell(n, "-10", m)->to_string() == "-10");
    CHECK(b.parse_cell(n, "10.0", m)->to_string() == "10");
    CHECK_FALSE(b.parse_cell(n, "10.01", m));
    CHECK(m == "「增长率」应在 -10 到 10 之间，实际是 10.01");
    n.high.reset();
    CHECK(b.parse_cell(n, "1,000", m)->to_string() == "1000");
    CHECK_FALSE(b.parse_cell(n, "-11", m));
    CHECK(m == "「增长率」应不小于 -10，实际是 -11");
    n.low.reset();
    n.high = *Decimal::parse("2.5");
    CHECK_FALSE(b.parse_cell(n, "3", m));
    CHECK(m == "「增长率」应不大于 2.5，实际是 3");
}

TEST_CASE("cell: judgment") {
    CHECK(ok("效果性得分", "20") == "20");
    CHECK(ok("效果性得分", "0") == "0");
    CHECK(ok("效果性得分", "19.75") == "19.75");
    CHECK(bad("效果性得分", "21") == "「效果性得分」评分应在 0 到 20 之间，实际是 21");
    CHECK(bad("效果性得分", "-1") == "「效果性得分」评分应在 0 到 20 之间，实际是 -1");
    CHECK(bad("效果性得分", "20.01") == "「效果性得分」评分应在 0 到 20 之间，实际是 20.01");
    CHECK(bad("政府采购政策功能得分", "1.5") == "「政府采购政策功能得分」评分应在 0 到 1 之间，实际是 1.5");
    CHECK(bad("效果性得分", "满分") == "「效果性得分」应为数字，实际是「满分」");
    CHECK(bad("效果性得分", "2e1") == "「效果性得分」不接受科学计数法，请写成普通小数，实际是「2e1」");
    CHECK(bad("效果性得分", "1,0") == "「效果性得分」应为数字，实际是「1,0」");
}

TEST_CASE("cell: enumeration") {
    CHECK(ok("预算公开", "完整公开") == "0");
    CHECK(ok("预算公开", "部分公开") == "1");
    CHECK(ok("预算公开", "未公开") == "2");
    CHECK(ok("决算公开", " 涉密 ") == "3");
    CHECK(bad("预算公开", "完全公开") ==
          "「预算公开」应为 完整公开、部分公开、未公开、涉密 之一，实际是「完全公开」；是否指「完整公开」？");
    CHECK(bad("预算公开", "公开") ==
          "「预算公开」应为 完整公开、部分公开、未公开、涉密 之一，实际是「公开」；是否指「未公开」？");
    CHECK(bad("预算公开", "xyz") == "「预算公开」应为 完整公开、部分公开、未公开、涉密 之一，实际是「xyz」");
    CHECK(bad("预算公开", "0") == "「预算公开」应为 完整公开、部分公开、未公开、涉密 之一，实际是「0」");
}

TEST_CASE("cell: text") {
    CHECK(ok("单位", "深圳市龙华区工业和信息化局") == "0");
    CHECK(ok("单位", "1e3") == "0");  // text is text
    CHECK(bad("单位", "") == "「单位」为空");
}

// ---- Records ----------------------------------------------------------------

TEST_CASE("binder: a record with three bad cells reports all three and counts once") {
    const std::string csv = header_line() +
                            published_line({{"单位", "甲"}}) +
                            published_line({{"单位", "乙"},
                                            {"存在违规支出", "不确定"},
                                            {"在编人数", "2.5"},
                                            {"满意度", ""}}) +
                            published_line({{"单位", "丙"}});
    const BindOutcome out = longhua_binder().bind(read_csv("t.csv", csv));
    CHECK(out.total_records == 3);
    CHECK(out.bad_records == 1);
    REQUIRE(out.records.size() == 2);
    CHECK(out.records[0].key == "甲");
    CHECK(out.records[0].row == 2);
    CHECK(out.records[1].key == "丙");
    CHECK(out.records[1].row == 4);
    REQUIRE(out.problems.size() == 3);
    for (const ReadProblem& p : out.problems) {
        CHECK(p.path == "t.csv");
        CHECK(p.row == 3);
    }
    CHECK(out.problems[0].column == "存在违规支出");
    CHECK(out.problems[0].message ==
          "第 3 行：「存在违规支出」应为 是/否（也接受 1/0、true/false），实际是「不确定」");
    CHECK(out.problems[1].column == "在编人数");
    CHECK(out.problems[1].message == "第 3 行：「在编人数」计数必须是不小于 0 的整数，不能有小数，实际是 2.5");
    CHECK(out.problems[2].column == "满意度");
    CHECK(out.problems[2].message == "第 3 行：「满意度」为空");
}

TEST_CASE("binder: a short CSV row leaves absent cells, each reported as empty") {
    const std::string csv = header_line() + "甲,是,是\n";
    const BindOutcome out = longhua_binder().bind(read_csv("s.csv", csv));
    CHECK(out.bad_records == 1);
    CHECK(out.records.empty());
    REQUIRE(out.problems.size() == 49);
    CHECK(out.problems[0].message == "第 2 行：「预算编制合理性_条件3」为空");
    CHECK(out.problems.back().message == "第 2 行：「满意度」为空");
}

TEST_CASE("binder: a missing column rejects every record") {
    // Drop 政府采购计划金额 from the header and from both rows.
    auto drop = [](std::string line) {
        std::vector<std::string> cells;
        std::string cell;
        std::stringstream ss(line.substr(0, line.size() - 1));
        while (std::getline(ss, cell, ',')) cells.push_back(cell);
        cells.erase(cells.begin() + std::ptrdiff_t(column_number("政府采购计划金额")));
        std::string out;
        for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + cells[i];
        return out + "\n";
    };
    const std::string csv = drop(header_line()) + drop(published_line({{"单位", "甲"}})) +
                            drop(published_line({{"单位", "乙"}, {"效果性得分", "21"}}));
    const BindOutcome out = longhua_binder().bind(read_csv("m.csv", csv));
    CHECK(out.total_records == 2);
    CHECK(out.bad_records == 2);
    CHECK(out.records.empty());
    REQUIRE(out.problems.size() == 4);
    CHECK(out.problems[0].row == 0);
    CHECK(out.problems[0].column == "政府采购计划金额");
    CHECK(out.problems[0].message == "表中没有列「政府采购计划金额」");
    CHECK(out.problems[1].row == 2);
    CHECK(out.problems[1].column == "政府采购计划金额");
    CHECK(out.problems[1].message == "第 2 行：缺少列「政府采购计划金额」");
    CHECK(out.problems[2].row == 3);
    CHECK(out.problems[2].message == "第 3 行：缺少列「政府采购计划金额」");
    CHECK(out.problems[3].row == 3);  // the record's own bad cells are still reported
    CHECK(out.problems[3].column == "效果性得分");
    CHECK(out.problems[3].message == "第 3 行：「效果性得分」评分应在 0 到 20 之间，实际是 21");
}

TEST_CASE("binder: renamed columns get a did-you-mean both ways") {
    std::string header = header_line();
    header.replace(header.find("满意度\n"), std::string("满意度").size(), "满意度%");
    const std::size_t at = header.find("效果性得分");
    header.replace(at, std::string("效果性得分").size(), "效果得分");
    const BindOutcome out = longhua_binder().bind(read_csv("d.csv", header + published_line()));
    CHECK(out.bad_records == 1);
    REQUIRE(out.problems.size() == 5);
    CHECK(out.problems[0].row == 0);
    CHECK(out.problems[0].column == "");
    CHECK(out.problems[0].message ==
          "表中没有列「效果性得分」、「满意度」；「效果性得分」是否指「效果得分」？「满意度」是否指「满意度%」？");
    CHECK(out.problems[1].row == 0);
    CHECK(out.problems[1].column == "效果得分");
    CHECK(out.problems[1].message == "列「效果得分」不属于该规则集，已忽略；是否指「效果性得分」？");
    CHECK(out.problems[2].column == "满意度%");
    CHECK(out.problems[2].message == "列「满意度%」不属于该规则集，已忽略；是否指「满意度」？");
    CHECK(out.problems[3].message == "第 2 行：缺少列「效果性得分」");
    CHECK(out.problems[4].message == "第 2 行：缺少列「满意度」");

    // One missing column: the short form.
    std::string one = header_line();
    one.replace(one.find("满意度\n"), std::string("满意度").size(), "满意度%");
    const BindOutcome single = longhua_binder().bind(read_csv("e.csv", one + published_line()));
    REQUIRE(single.problems.size() == 3);
    CHECK(single.problems[0].column == "满意度");
    CHECK(single.problems[0].message == "表中没有列「满意度」；是否指「满意度%」？");
}

TEST_CASE("binder: an unknown extra column is reported once and does not reject records") {
    std::string header = header_line();
    header.insert(header.size() - 1, ",备注,满意度(%)");
    std::string row = published_line();
    row.insert(row.size() - 1, ",无,95");
    const BindOutcome out = longhua_binder().bind(read_csv("u.csv", header + row + row));
    CHECK(out.total_records == 2);
    CHECK(out.bad_records == 1);  // the second row repeats the key
    REQUIRE(out.records.size() == 1);
    REQUIRE(out.problems.size() == 3);
    CHECK(out.problems[0].row == 0);
    CHECK(out.problems[0].column == "备注");
    CHECK(out.problems[0].message == "列「备注」不属于该规则集，已忽略");
    // Nothing is missing, so nothing to suggest: 满意度 is present already.
    CHECK(out.problems[1].message == "列「满意度(%)」不属于该规则集，已忽略");
    CHECK(out.problems[2].row == 3);
}

TEST_CASE("binder: a repeated key rejects the later record") {
    const std::string csv = header_line() +
                            published_line({{"单位", "甲"}}) +
                            published_line({{"单位", "乙"}}) +
                            published_line({{"单位", " 甲 "}}) +  // trimmed by the reader
                            published_line({{"单位", "乙"}, {"满意度", "101"}}) +
                            published_line({{"单位", "甲"}});
    const BindOutcome out = longhua_binder().bind(read_csv("k.csv", csv));
    CHECK(out.total_records == 5);
    CHECK(out.bad_records == 3);
    REQUIRE(out.records.size() == 2);
    CHECK(out.records[0].key == "甲");
    CHECK(out.records[1].key == "乙");
    REQUIRE(out.problems.size() == 4);
    CHECK(out.problems[0].row == 4);
    CHECK(out.problems[0].column == "单位");
    CHECK(out.problems[0].message == "第 4 行：主键「甲」与第 2 行重复");
    CHECK(out.problems[1].row == 5);
    CHECK(out.problems[1].message == "第 5 行：主键「乙」与第 3 行重复");
    CHECK(out.problems[2].row == 5);
    CHECK(out.problems[2].message == "第 5 行：「满意度」百分比应在 0 到 100 之间，实际是 101");
    CHECK(out.problems[3].message == "第 6 行：主键「甲」与第 2 行重复");
}

TEST_CASE("binder: a key repeating a rejected record is still a duplicate") {
    const std::string csv = header_line() +
                            published_line({{"单位", "甲"}, {"满意度", "x"}}) +
                            published_line({{"单位", "甲"}});
    const BindOutcome out = longhua_binder().bind(read_csv("k.csv", csv));
    CHECK(out.bad_records == 2);
    CHECK(out.records.empty());
    REQUIRE(out.problems.size() == 2);
    CHECK(out.problems[1].message == "第 3 行：主键「甲」与第 2 行重复");
}

TEST_CASE("binder: reader problems come first; a cell the reader emptied is not reported again") {
    // Row 3 has invalid UTF-8 in 单位; row 4 has too many fields and is dropped by the reader.
    const std::string csv = header_line() + published_line({{"单位", "甲"}}) +
                            published_line({{"单位", "\xFF\xFE"}}) +
                            published_line({{"单位", "丙"}, {"满意度", "95,1"}});
    const RawTable table = read_csv("p.csv", csv);
    REQUIRE(table.problems.size() == 2);
    const BindOutcome out = longhua_binder().bind(table);
    CHECK(out.total_records == 2);  // the dropped row is not a record
    CHECK(out.bad_records == 1);
    REQUIRE(out.records.size() == 1);
    REQUIRE(out.problems.size() == 2);
    CHECK(out.problems[0].message == table.problems[0].message);
    CHECK(out.problems[0].row == 3);
    CHECK(out.problems[1].message == table.problems[1].message);
    CHECK(out.problems[1].row == 4);
}

TEST_CASE("binder: an empty table and a table without inputs") {
    const BindOutcome empty = longhua_binder().bind(read_csv("z.csv", header_line()));
    CHECK(empty.total_records == 0);
    CHECK(empty.records.empty());
    CHECK(empty.problems.empty());

    RawTable none;
    none.path = "n.csv";
    const BindOutcome out = RecordBinder({}).bind(none);
    CHECK(out.problems.empty());
}

TEST_CASE("binder: 1,000 generated records with 3 bad rows") {
    std::string csv = header_line();
    // Record i (0-based) is on line i + 2.
    for (int i = 0; i < 1000; ++i) {
        std::map<std::string, std::string> cells{{"单位", "部门" + std::to_string(i)},
                                                 {"预算调整调剂金额", std::to_string(i) + ".50"},
                                                 {"在编人数", std::to_string(i % 37)}};
        if (i == 10) cells["在编人数"] = "-1";
        if (i == 500) cells["预算公开"] = "公开了";
        if (i == 998) cells["第三季度累计支出进度"] = "79.9％";
        csv += published_line(cells);
    }
    const BindOutcome out = longhua_binder().bind(read_csv("big.csv", csv));
    CHECK(out.total_records == 1000);
    CHECK(out.bad_records == 3);
    REQUIRE(out.records.size() == 997);
    CHECK(out.records[0].key == "部门0");
    CHECK(out.records[10].key == "部门11");
    CHECK(out.records[10].row == 13);
    CHECK(out.records[996].key == "部门999");
    CHECK(out.records[996].values[column_number("预算调整调剂金额")].to_string() == "999.5");
    CHECK(out.records[996].values[column_number("在编人数")].to_string() == "0");  // 999 % 37
    REQUIRE(out.problems.size() == 3);
    CHECK(out.problems[0].row == 12);
    CHECK(out.problems[0].column == "在编人数");
    CHECK(out.problems[0].message == "第 12 行：「在编人数」计数必须是不小于 0 的整数，不能为负数，实际是 -1");
    CHECK(out.problems[1].row == 502);
    CHECK(out.problems[1].column == "预算公开");
    CHECK(out.problems[1].message ==
          "第 502 行：「预算公开」应为 完整公开、部分公开、未公开、涉密 之一，实际是「公开了」");
    CHECK(out.problems[2].row == 1000);
    CHECK(out.problems[2].column == "第三季度累计支出进度");
    CHECK(out.problems[2].message ==
          "第 1000 行：「第三季度累计支出进度」含有全角字符，请使用半角数字和符号，实际是「79.9％」");
    // Deterministic.
    const BindOutcome again = longhua_binder().bind(read_csv("big.csv", csv));
    CHECK(again.problems.size() == out.problems.size());
    CHECK(again.records.size() == out.records.size());
    for (std::size_t i = 0; i < out.problems.size(); ++i) {
        CHECK(again.problems[i].message == out.problems[i].message);
    }
}

TEST_CASE("KeyIndex: exact keys, the first row kept, growth keeps every key") {
    rubric::KeyIndex keys;
    CHECK_FALSE(keys.insert("甲单位", 2));
    CHECK_FALSE(keys.insert("乙单位", 3));
    CHECK(keys.insert("甲单位", 9) == std::optional<uint32_t>(2));
    CHECK(keys.insert("甲单位", 10) == std::optional<uint32_t>(2));
    CHECK_FALSE(keys.insert("甲单", 11));  // a prefix is another key
    for (uint32_t i = 0; i < 10000; ++i) CHECK_FALSE(keys.insert("单位" + std::to_string(i), 100 + i));
    CHECK(keys.size() == 10003);
    CHECK(keys.insert("单位4242", 1) == std::optional<uint32_t>(4342));
    CHECK(keys.insert("乙单位", 1) == std::optional<uint32_t>(3));
}

TEST_CASE("KeyIndex: reserved room, then more keys than reserved, every repeat found") {
    rubric::KeyIndex keys;
    keys.reserve(1000);
    keys.reserve(10);  // never shrinks
    for (uint32_t i = 0; i < 5000; ++i) REQUIRE_FALSE(keys.insert("单位" + std::to_string(i), 2 + i));
    for (uint32_t i = 0; i < 5000; i += 7) CHECK(keys.insert("单位" + std::to_string(i), 9999) == std::optional<uint32_t>(2 + i));
    CHECK(keys.size() == 5000);
}

TEST_CASE("KeyIndex: the same record again is no duplicate; empty, long and many keys across blocks") {
    rubric::KeyIndex keys;
    CHECK_FALSE(keys.insert("甲单位", 2));
    CHECK_FALSE(keys.insert("甲单位", 2));  // compare binds a record once per ruleset
    CHECK(keys.insert("甲单位", 3) == std::optional<uint32_t>(2));
    CHECK_FALSE(keys.insert("", 4));
    CHECK(keys.insert("", 5) == std::optional<uint32_t>(4));
    // A key longer than a 1 MiB block gets a block of its own; the keys after
    // it go on in a new block.
    const std::string long_key(3u << 20, 'x');
    CHECK_FALSE(keys.insert(long_key, 6));
    CHECK_FALSE(keys.insert("乙单位", 7));
    CHECK(keys.insert(long_key, 8) == std::optional<uint32_t>(6));
    CHECK(keys.insert(std::string(200, 'y'), 9) == std::nullopt);  // a two-byte length
    CHECK(keys.insert(std::string(200, 'y'), 10) == std::optional<uint32_t>(9));
    // 300,000 keys of 20 bytes fill several blocks and grow the table many times.
    for (uint32_t i = 0; i < 300000; ++i) {
        const std::string key = "单位" + std::to_string(1000000000000ull + i);
        REQUIRE_FALSE(keys.insert(key, 100 + i));
    }
    CHECK(keys.size() == 300005);
    CHECK(keys.insert("单位1000000000000", 1) == std::optional<uint32_t>(100));
    CHECK(keys.insert("单位1000000299999", 1) == std::optional<uint32_t>(300099));
    CHECK(keys.insert("乙单位", 1) == std::optional<uint32_t>(7));
    CHECK(keys.insert(long_key, 1) == std::optional<uint32_t>(6));
}
