// The XLSX and HTML formats of `rubric compare` (interpreter/reports/).
// With RUBRIC_REPORTS_OUT set (ctest does), the fixture's compare.xlsx and
// compare.html are left there for check_xlsx.py and check_html.py.
#include "interpreter/reports/compare_reports.hpp"
#include "interpreter/reports/report_text.hpp"
#include "tests/reports/fixture.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace fs = std::filesystem;
using namespace rubric;
using rubric::test::dec;
using rubric::test::sample_report;

namespace {

size_t occurrences(const std::string& text, const std::string& piece) {
    size_t n = 0;
    for (size_t at = text.find(piece); at != std::string::npos; at = text.find(piece, at + piece.size())) ++n;
    return n;
}

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The JSON text between <script type="application/json" id="report-data"> and </script>.
std::string data_block(const std::string& page) {
    const std::string open = "<script type=\"application/json\" id=\"report-data\">";
    const size_t from = page.find(open);
    REQUIRE(from != std::string::npos);
    const size_t to = page.find("</script>", from);
    REQUIRE(to != std::string::npos);
    return page.substr(from + open.size(), to - from - open.size());
}

// A fresh directory under the system's temp directory, removed at the end.
struct TempDir {
    fs::path path;
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "rubric-reports-XXXXXX").string();
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        path = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    std::vector<std::string> names() const {
        std::vector<std::string> out;
        for (const auto& entry : fs::directory_iterator(path)) out.push_back(entry.path().filename().string());
        std::sort(out.begin(), out.end());
        return out;
    }
};

// Where ctest's checkers look for the fixture's files; empty when not under ctest.
fs::path reports_out() {
    const char* dir = std::getenv("RUBRIC_REPORTS_OUT");
    if (!dir || !*dir) return {};
    fs::create_directories(dir);
    return dir;
}

}  // namespace

TEST_CASE("histogram of the change of the total: exact bins of one width, zero on its own") {
    const auto bins = reports::delta_histogram(sample_report());
    // Deltas −2.5, +1.5, +0.75, 0: the widest side is 2.5, so bars of 0.5.
    REQUIRE(bins.size() == 9);
    std::vector<size_t> counts;
    std::vector<std::string> labels;
    for (const auto& b : bins) {
        counts.push_back(b.count);
        labels.push_back(b.label);
    }
    CHECK(counts == std::vector<size_t>{1, 0, 0, 0, 0, 1, 0, 1, 1});
    CHECK(labels == std::vector<std::string>{"[-2.5, -2)", "[-2, -1.5)", "[-1.5, -1)", "[-1, -0.5)", "[-0.5, 0)", "0",
                                             "(0, 0.5]", "(0.5, 1]", "(1, 1.5]"});
    CHECK(bins[5].kind == reports::HistogramBin::Kind::zero);

    CompareReport none;
    CHECK(reports::delta_histogram(none).empty());

    CompareReport flat = sample_report();
    for (auto& r : flat.records) r.delta = Decimal{};
    const auto one = reports::delta_histogram(flat);
    REQUIRE(one.size() == 1);
    CHECK(one[0].count == 4);

    // A boundary value lands in the bar it closes: +1 is in (0.5, 1], −1 in [−1, −0.5).
    CompareReport edges = sample_report();
    edges.records[0].delta = dec("-1");
    edges.records[1].delta = dec("1");
    edges.records[2].delta = dec("0.01");
    const auto e = reports::delta_histogram(edges);
    // widest 1 → bars of 0.1: 10 down, zero, 10 up.
    REQUIRE(e.size() == 21);
    CHECK(e[0].label == "[-1, -0.9)");
    CHECK(e[0].count == 1);
    CHECK(e[10].count == 1);  // the record with delta 0
    CHECK(e[11].label == "(0, 0.1]");
    CHECK(e[11].count == 1);
    CHECK(e[20].label == "(0.9, 1]");
    CHECK(e[20].count == 1);
}

TEST_CASE("HTML report: matrix, escaping, data block, no network, deterministic") {
    const CompareReport report = sample_report();
    const std::string page = format_compare_html(report);

    CHECK(page.rfind("<!DOCTYPE html>\n<html lang=\"zh-CN\">", 0) == 0);
    CHECK(page.find("<meta charset=\"utf-8\">") != std::string::npos);
    CHECK(page.find("<title>评分规则调整影响报告：龙华/2021 → rulesets/longhua-2022-draft.rubric</title>") != std::string::npos);
    CHECK(page.find("<strong>龙华区 2021 年度部门整体支出绩效自评表</strong>") != std::string::npos);
    CHECK(page.find("<strong>龙华区 2022 年度部门整体支出绩效自评表（征求意见稿）</strong>") != std::string::npos);

    // The transition matrix.
    CHECK(page.find("<table id=\"transition-matrix\">") != std::string::npos);
    CHECK(page.find("<td data-old=\"优\" data-new=\"优\" class=\"keep\">1</td>") != std::string::npos);
    CHECK(page.find("<td data-old=\"优\" data-new=\"良\" class=\"moved\">1</td>") != std::string::npos);
    CHECK(page.find("<td data-old=\"优\" data-new=\"中\">0</td>") != std::string::npos);
    CHECK(page.find("<td data-old=\"良\" data-new=\"良\" class=\"keep\">1</td>") != std::string::npos);
    CHECK(page.find("<td data-old=\"中\" data-new=\"中\" class=\"keep\">1</td>") != std::string::npos);
    CHECK(page.find("<td data-old=\"差\" data-new=\"差\" class=\"keep\">0</td>") != std::string::npos);
    CHECK(occurrences(page, "<td data-old=") == 16);

    // Summary numbers and the sentence on top.
    CHECK(page.find("共读取 5 条记录，4 条在两个规则集下都能评分，1 条有误。3 条的总分、等级或指标得分有变化，其中 1 条等级变化（优 → 良 1 条）。"
                    "总分变化从 -2.50 到 +1.50，平均 -0.06。") != std::string::npos);
    CHECK(page.find("<div class=\"label\">平均变化</div><div class=\"value down\">-0.06</div>") != std::string::npos);

    // The key "测试<&>单位" is escaped wherever it appears.
    CHECK(page.find("测试<&>单位") == std::string::npos);
    CHECK(page.find("<span class=\"key\">测试&lt;&amp;&gt;单位</span>") != std::string::npos);
    CHECK(page.find(">测试&lt;&amp;&gt;单位</a>") != std::string::npos);

    // Records in report order, each a <details>; changed indicators with old/new/delta/reason/edits.
    CHECK(occurrences(page, "<details class=\"rec") == 5);
    const size_t first = page.find("id=\"record-1\""), fourth = page.find("id=\"record-4\"");
    REQUIRE(first != std::string::npos);
    REQUIRE(fourth != std::string::npos);
    CHECK(page.find("区财政局", first) < page.find("区教育局", first));
    CHECK(page.find("<details class=\"rec unchanged\" id=\"record-4\">") != std::string::npos);
    CHECK(page.find("<details class=\"rec unscored unchanged\" id=\"record-5\">") != std::string::npos);
    CHECK(page.find("<span class=\"grade-moved\">优 → 良</span>") != std::string::npos);
    CHECK(page.find("<tr><td>部门管理 / 资产管理 / 固定资产利用率</td><td class=\"num\">3</td><td class=\"num\">1</td>"
                    "<td class=\"num down\">-2</td><td>固定资产利用率 3 → 1：固定资产利用率 = 78.0%，现在落在「80% &gt; x ≥ 60%」</td>"
                    "<td><ul><li><a href=\"#edit-1\">[1]</a> 分档「固定资产利用率」：「90% &gt; x ≥ 75%：2」改为「90% &gt; x ≥ 80%：2」</li></ul></td></tr>") !=
          std::string::npos);
    CHECK(page.find("<td class=\"num\">（无）</td><td class=\"num\">0.75</td><td class=\"num up\">+0.75</td>") != std::string::npos);
    CHECK(page.find("<li>原规则集：第 7 行：缺少列「公用经费决算数」</li>") != std::string::npos);
    CHECK(page.find("<p class=\"muted\">各指标得分都没有变化。</p>") != std::string::npos);

    // Rule edits, with anchors the records link to.
    CHECK(page.find("<ol id=\"rule-edits\">") != std::string::npos);
    CHECK(page.find("<li id=\"edit-2\"><span class=\"kind\">分值</span>分值「预算执行率」：6 分改为 8 分</li>") != std::string::npos);
    CHECK(page.find("<li id=\"edit-3\"><span class=\"kind\">新增指标</span>") != std::string::npos);

    // The chart: an empty SVG that the inline script draws from the JSON block.
    CHECK(page.find("<svg id=\"delta-chart\" viewBox=\"0 0 960 360\"") != std::string::npos);
    CHECK(page.find("document.body.dataset.rendered = 'yes';") != std::string::npos);
    const std::string data = data_block(page);
    CHECK(data.find("\"deltas\": [\"-2.5\", \"1.5\", \"0.75\", \"0\"]") != std::string::npos);
    CHECK(data.find("{\"kind\": \"negative\", \"lo\": \"-2.5\", \"hi\": \"-2\", \"count\": 1, \"label\": \"[-2.5, -2)\"}") !=
          std::string::npos);
    CHECK(data.find("{\"kind\": \"zero\", \"lo\": \"0\", \"hi\": \"0\", \"count\": 1, \"label\": \"0\"}") != std::string::npos);
    CHECK(data.find("\"transitions\": [[1, 1, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 0]]") != std::string::npos);
    const auto parsed = nlohmann::json::parse(data);
    CHECK(parsed["compared"] == 4);
    CHECK(parsed["bins"].size() == 9);
    CHECK(parsed["new"]["title"] == report.new_title);

    // Offline: no URL at all, no external script, style or font.
    CHECK(page.find("http://") == std::string::npos);
    CHECK(page.find("https://") == std::string::npos);
    CHECK(page.find("src=") == std::string::npos);
    CHECK(page.find("<link") == std::string::npos);
    CHECK(page.find("@import") == std::string::npos);
    CHECK(page.find("url(") == std::string::npos);

    // Deterministic.
    CHECK(format_compare_html(sample_report()) == page);

    if (const fs::path out = reports_out(); !out.empty()) {
        std::ofstream file(out / "compare.html", std::ios::binary | std::ios::trunc);
        file << page;
        REQUIRE(file.good());
    }
}

TEST_CASE("HTML report: text that could end the script or open a comment stays inside the JSON string") {
    CompareReport report = sample_report();
    report.new_title = "草案</script><script>alert(1)</script><!-- \"引号\" \\ 换行\n";
    report.old_name = "a'b\"c";
    const std::string page = format_compare_html(report);
    // Only the two real </script> tags end scripts.
    CHECK(occurrences(page, "</script>") == 2);
    CHECK(occurrences(page, "<script>alert(1)") == 1);  // inside the JSON string only
    CHECK(data_block(page).find("<script>alert(1)") != std::string::npos);
    CHECK(page.find("草案&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;!-- &quot;引号&quot; \\ 换行") != std::string::npos);
    CHECK(page.find("a&#39;b&quot;c") != std::string::npos);
    const std::string data = data_block(page);
    CHECK(data.find("\"title\": \"草案<\\/script><script>alert(1)<\\/script>\\u003c!-- \\\"引号\\\" \\\\ 换行\\n\"") != std::string::npos);
    CHECK(data.find("<!--") == std::string::npos);
    const auto parsed = nlohmann::json::parse(data);
    CHECK(parsed["new"]["title"] == report.new_title);
    CHECK(parsed["old"]["name"] == report.old_name);
}

TEST_CASE("HTML report of an empty comparison") {
    const std::string page = format_compare_html(CompareReport{});
    CHECK(page.find("<p>没有记录。</p>") != std::string::npos);
    CHECK(page.find("<p>两个规则集的规则没有差别。</p>") != std::string::npos);
    CHECK(page.find("\"bins\": []") != std::string::npos);
    CHECK(page.find("http") == std::string::npos);
}

TEST_CASE("XLSX report: written atomically beside the target") {
    TempDir dir;
    const CompareReport report = sample_report();
    const std::string path = (dir.path / "对比.xlsx").string();

    REQUIRE_FALSE(write_compare_xlsx(report, path).has_value());
    const std::string bytes = slurp(path);
    CHECK(bytes.size() > 4000);
    CHECK(bytes.rfind("PK\x03\x04", 0) == 0);
    CHECK(dir.names() == std::vector<std::string>{"对比.xlsx"});  // no temporary file left

    // Replaces an existing file.
    { std::ofstream(path, std::ios::trunc) << "old"; }
    REQUIRE_FALSE(write_compare_xlsx(report, path).has_value());
    CHECK(slurp(path).rfind("PK\x03\x04", 0) == 0);
    CHECK(dir.names() == std::vector<std::string>{"对比.xlsx"});

    // An empty comparison is a valid workbook too.
    REQUIRE_FALSE(write_compare_xlsx(CompareReport{}, (dir.path / "empty.xlsx").string()).has_value());

    // A missing folder: a Chinese message naming the path, nothing written.
    const std::string missing = (dir.path / "没有这个目录" / "x.xlsx").string();
    const auto error = write_compare_xlsx(report, missing);
    REQUIRE(error.has_value());
    CHECK(error->find("无法写入「" + missing + "」") == 0);

    // The target is a directory: refused before anything is written, the directory untouched.
    fs::create_directory(dir.path / "busy.xlsx");
    const auto busy = write_compare_xlsx(report, (dir.path / "busy.xlsx").string());
    REQUIRE(busy.has_value());
    CHECK(*busy == "无法写入「" + (dir.path / "busy.xlsx").string() + "」：工作簿只能写成普通文件");
    CHECK(dir.names() == std::vector<std::string>{"busy.xlsx", "empty.xlsx", "对比.xlsx"});
    CHECK(fs::is_directory(dir.path / "busy.xlsx"));

    CHECK(write_compare_xlsx(report, "").has_value());
    CHECK(write_compare_xlsx(report, (dir.path / "").string()).has_value());

    if (const fs::path out = reports_out(); !out.empty()) {
        REQUIRE_FALSE(write_compare_xlsx(report, (out / "compare.xlsx").string()).has_value());
    }
}

TEST_CASE("a large comparison: every record in the page and the workbook, histogram bars add up") {
    CompareReport report = sample_report();
    const RecordComparison finance = report.records[0];
    report.records.clear();
    for (int i = 0; i < 2000; ++i) {
        RecordComparison r = finance;
        r.key = "单位" + std::to_string(i);
        r.row = static_cast<uint32_t>(i + 2);
        r.delta = Decimal::from_int(i % 41 - 20) / Decimal::from_int(8);  // −2.5 … +2.5 in steps of 0.125
        r.new_total = r.old_total + r.delta;
        report.records.push_back(r);
    }
    report.summary.records = report.summary.compared = 2000;
    report.summary.most_moved.clear();

    size_t total = 0;
    for (const auto& b : reports::delta_histogram(report)) total += b.count;
    CHECK(total == 2000);

    const std::string page = format_compare_html(report);
    CHECK(occurrences(page, "<details class=\"rec") == 2000);
    CHECK(page.find("http") == std::string::npos);
    MESSAGE("HTML of 2000 records × 2 changed indicators: " << page.size() << " bytes");

    TempDir dir;
    const std::string path = (dir.path / "large.xlsx").string();
    REQUIRE_FALSE(write_compare_xlsx(report, path).has_value());
    MESSAGE("XLSX of 2000 records × 2 changed indicators: " << fs::file_size(path) << " bytes");
}
