#include <doctest/doctest.h>

#include <string>
#include <variant>

#include "interpreter/diagnostic.hpp"
#include "interpreter/source.hpp"

using namespace rubric;

namespace {

SourceFile load(std::string path, std::string bytes) {
    auto result = SourceFile::from_utf8(std::move(path), std::move(bytes));
    REQUIRE(std::holds_alternative<SourceFile>(result));
    return std::get<SourceFile>(std::move(result));
}

std::string error_at(const SourceFile& file, Span span, std::string message) {
    return render(Diagnostic{Severity::error, std::move(message), &file, span, {}});
}

}  // namespace

// ---- SourceFile -----------------------------------------------------------

TEST_CASE("line_col at start, middle and end") {
    const SourceFile f("t", U"ab\ncd");
    CHECK(f.line_count() == 2);
    CHECK(f.line_col(0) == LineCol{1, 1});
    CHECK(f.line_col(1) == LineCol{1, 2});
    CHECK(f.line_col(2) == LineCol{1, 3});  // the newline itself
    CHECK(f.line_col(3) == LineCol{2, 1});
    CHECK(f.line_col(4) == LineCol{2, 2});
    CHECK(f.line_col(5) == LineCol{2, 3});  // end of file
    CHECK(f.line_col(99) == LineCol{2, 3});  // clamped
}

TEST_CASE("columns count code points, not bytes") {
    const SourceFile f = load("t", "规则：预算执行率\n");
    CHECK(f.line_col(3) == LineCol{1, 4});
}

TEST_CASE("a final newline ends the last line") {
    const SourceFile f("t", U"甲\n乙\n");
    CHECK(f.line_count() == 2);
    CHECK(f.line_text(2) == U"乙");
    CHECK(f.line_col(4) == LineCol{2, 2});  // end of file: after 乙
    CHECK(f.line_text(3).empty());
    CHECK(f.line_text(0).empty());

    const SourceFile empty("t", U"");
    CHECK(empty.line_count() == 1);
    CHECK(empty.line_col(0) == LineCol{1, 1});
    CHECK(empty.line_text(1).empty());
}

TEST_CASE("CRLF line endings") {
    const SourceFile f = load("t", "第一行\r\n第二行 错误\r\n末行");
    CHECK(f.line_count() == 3);
    CHECK(f.line_text(1) == U"第一行");
    CHECK(f.line_text(2) == U"第二行 错误");
    CHECK(f.line_text(3) == U"末行");
    CHECK(f.line_col(9) == LineCol{2, 5});
    CHECK(f.line_col(11) == LineCol{2, 7});  // the \r
    CHECK(f.line_col(12) == LineCol{2, 7});  // the \n
    CHECK(f.line_col(13) == LineCol{3, 1});
}

TEST_CASE("a lone CR is not a line break") {
    const SourceFile f("t", U"a\rb\n");
    CHECK(f.line_count() == 1);
    CHECK(f.line_text(1) == U"a\rb");
}

TEST_CASE("BOM is stripped: offset 0 is the first real character") {
    const SourceFile f = load("t", "\xEF\xBB\xBF规则\n");
    CHECK(f.text() == U"规则\n");
    CHECK(f.line_col(0) == LineCol{1, 1});
    CHECK(f.slice({0, 2}) == U"规则");
    const SourceFile g("t", U"\uFEFFx");
    CHECK(g.text() == U"x");
}

TEST_CASE("invalid UTF-8 is reported with line and byte offset") {
    auto r = SourceFile::from_utf8("t", "第一行\n第二行\n\xFF");
    REQUIRE(std::holds_alternative<std::string>(r));
    CHECK(std::get<std::string>(r) == "文件不是有效的 UTF-8 编码（第 3 行，字节偏移 20）");

    // The offset counts bytes in the file, BOM included.
    auto s = SourceFile::from_utf8("t", "\xEF\xBB\xBF" "ab\xC0\x80");
    REQUIRE(std::holds_alternative<std::string>(s));
    CHECK(std::get<std::string>(s) == "文件不是有效的 UTF-8 编码（第 1 行，字节偏移 5）");
}

TEST_CASE("path, slice and line_start") {
    const SourceFile f("rulesets/龙华.rubric", U"ab\ncd");
    CHECK(f.path() == "rulesets/龙华.rubric");
    CHECK(f.line_start(2) == 3);
    CHECK(f.slice({1, 4}) == U"b\nc");
    CHECK(f.slice({4, 99}) == U"d");
    CHECK(f.slice({9, 2}).empty());
}

// ---- render ---------------------------------------------------------------

TEST_CASE("render an ASCII line") {
    const SourceFile f("a.rubric", U"let x = foo + 1\nnext\n");
    CHECK(error_at(f, {8, 11}, "未知的名称「foo」") ==
          "a.rubric:1:9: error: 未知的名称「foo」\n"
          "    1 | let x = foo + 1\n"
          "      |         ^~~\n");
}

TEST_CASE("caret after ten CJK characters is padded by twenty cells") {
    const SourceFile f("b.rubric", U"第一行\n一二三四五六七八九十名称\n");
    CHECK(error_at(f, {14, 16}, "错") ==
          "b.rubric:2:11: error: 错\n"
          "    2 | 一二三四五六七八九十名称\n"
          "      | " + std::string(20, ' ') + "^~~~\n");
}

TEST_CASE("render the rubric example line") {
    std::u32string text;
    for (int i = 1; i < 12; ++i) text += U"\n";
    text += U"  计算 政府采购执行率 = 政府采购实际金额 ÷ 政府采购计划金 ，保留 0.1%\n";
    const SourceFile f("rulesets/longhua.rubric", text);
    const uint32_t begin = 11 + uint32_t(std::u32string_view(U"  计算 政府采购执行率 = 政府采购实际金额 ÷ ").size());
    CHECK(error_at(f, {begin, begin + 7}, "未知的名称「政府采购计划金」，是否指「政府采购计划金额」？") ==
          "rulesets/longhua.rubric:12:27: error: 未知的名称「政府采购计划金」，是否指「政府采购计划金额」？\n"
          "   12 |   计算 政府采购执行率 = 政府采购实际金额 ÷ 政府采购计划金 ，保留 0.1%\n"
          "      | " + std::string(43, ' ') + "^~~~~~~~~~~~~~\n");
}

TEST_CASE("tabs before the span are kept; tabs inside expand to the tab stop") {
    const SourceFile f("t", U"\tx = 未知\na\tb\n");
    CHECK(error_at(f, {5, 7}, "m") ==
          "t:1:6: error: m\n"
          "    1 | \tx = 未知\n"
          "      | \t    ^~~~\n");
    // The gutter is 8 cells, so 'a' is at cell 8, the tab fills cells 9..15
    // and 'b' is at cell 16: nine cells in all.
    CHECK(error_at(f, {8, 11}, "m") ==
          "t:2:1: error: m\n"
          "    2 | a\tb\n"
          "      | ^~~~~~~~~\n");
}

TEST_CASE("a span crossing the end of the line is underlined to the end") {
    const SourceFile f("t", U"abc def\nxyz\n");
    CHECK(error_at(f, {4, 10}, "m") ==
          "t:1:5: error: m\n"
          "    1 | abc def\n"
          "      |     ^~~\n");
}

TEST_CASE("CRLF file renders without the carriage return") {
    const SourceFile f = load("c.rubric", "第一行\r\n第二行 错误\r\n");
    CHECK(error_at(f, {9, 13}, "m") ==
          "c.rubric:2:5: error: m\n"
          "    2 | 第二行 错误\n"
          "      |        ^~~~\n");
}

TEST_CASE("empty span, line terminator and end of file get a single caret") {
    const SourceFile f("t", U"规则 A\n");
    CHECK(error_at(f, {1, 1}, "m") ==
          "t:1:2: error: m\n"
          "    1 | 规则 A\n"
          "      |   ^\n");
    const std::string after_last = "t:1:5: error: m\n"
                                   "    1 | 规则 A\n"
                                   "      |       ^\n";
    CHECK(error_at(f, {4, 5}, "m") == after_last);  // the newline
    CHECK(error_at(f, {5, 5}, "m") == after_last);  // end of file
    const SourceFile g("t", U"规则 A");
    CHECK(error_at(g, {4, 4}, "m") == after_last);
}

TEST_CASE("a wide character under the caret takes ^~ and combining marks take 0") {
    const SourceFile f("t", U"e\u0301中x");
    CHECK(error_at(f, {2, 3}, "m") ==
          "t:1:3: error: m\n"
          "    1 | e\u0301中x\n"
          "      |  ^~\n");
}

TEST_CASE("control characters are shown as spaces") {
    const SourceFile f("t", U"a\rb");
    CHECK(error_at(f, {2, 3}, "m") ==
          "t:1:3: error: m\n"
          "    1 | a b\n"
          "      |   ^\n");
}

TEST_CASE("wide line numbers widen the gutter") {
    std::u32string text(12345, U'\n');
    text += U"x";
    const SourceFile f("t", text);
    CHECK(error_at(f, {12345, 12346}, "m") ==
          "t:12346:1: error: m\n"
          " 12346 | x\n"
          "       | ^\n");
}

TEST_CASE("diagnostic without a file") {
    CHECK(render(Diagnostic{Severity::error, "找不到文件 a.rubric", nullptr, {}, {}}) ==
          "rubric: error: 找不到文件 a.rubric\n");
    CHECK(render(Diagnostic{Severity::warning, "w", nullptr, {}, {}}) == "rubric: warning: w\n");
}

TEST_CASE("notes render after the diagnostic") {
    const SourceFile f("t", U"定义 甲 = 1\n定义 甲 = 2\n");
    Diagnostic d{Severity::error, "重复定义「甲」", &f, {12, 13}, {}};
    d.notes.push_back(make_note(f, {3, 4}, "此前的定义在这里"));
    d.notes.push_back(make_note("规则名称必须唯一"));
    CHECK(render(d) ==
          "t:2:4: error: 重复定义「甲」\n"
          "    2 | 定义 甲 = 2\n"
          "      |      ^~\n"
          "t:1:4: note: 此前的定义在这里\n"
          "    1 | 定义 甲 = 1\n"
          "      |      ^~\n"
          "rubric: note: 规则名称必须唯一\n");
}

TEST_CASE("color uses clang's ANSI palette") {
    const SourceFile f("t", U"ab");
    CHECK(render(Diagnostic{Severity::error, "m", &f, {1, 2}, {}}, true) ==
          "\033[1mt:1:2: \033[0;1;31merror: \033[0m\033[1mm\033[0m\n"
          "    1 | ab\n"
          "      |  \033[0;1;32m^\033[0m\n");
    CHECK(render(Diagnostic{Severity::warning, "w", nullptr, {}, {}}, true) ==
          "\033[1mrubric: \033[0;1;35mwarning: \033[0m\033[1mw\033[0m\n");
}

// ---- DiagnosticList -------------------------------------------------------

TEST_CASE("DiagnosticList counts and render_all summary") {
    const SourceFile f("t", U"甲\n乙\n");
    DiagnosticList list;
    CHECK(list.render_all().empty());
    CHECK_FALSE(list.has_errors());

    list.warning(f, {2, 3}, "警告");
    list.error(f, {0, 1}, "错误一").notes.push_back(make_note(f, {2, 3}, "注"));
    list.error("错误二");
    CHECK(list.size() == 3);
    CHECK(list.error_count() == 2);
    CHECK(list.warning_count() == 1);
    CHECK(list.has_errors());
    CHECK(list.render_all() ==
          "t:2:1: warning: 警告\n"
          "    2 | 乙\n"
          "      | ^~\n"
          "t:1:1: error: 错误一\n"
          "    1 | 甲\n"
          "      | ^~\n"
          "t:2:1: note: 注\n"
          "    2 | 乙\n"
          "      | ^~\n"
          "rubric: error: 错误二\n"
          "2 个错误，1 个警告\n");
}

TEST_CASE("render_all omits zero parts of the summary") {
    DiagnosticList warnings;
    warnings.warning("w");
    CHECK(warnings.render_all() == "rubric: warning: w\n1 个警告\n");
    DiagnosticList errors;
    errors.error("e");
    CHECK(errors.render_all() == "rubric: error: e\n1 个错误\n");
    DiagnosticList notes;
    notes.add(make_note("n"));
    CHECK(notes.render_all() == "rubric: note: n\n");
}

TEST_CASE("sort_by_location is stable") {
    const SourceFile a("a.rubric", U"0123456789");
    const SourceFile b("b.rubric", U"0123456789");
    DiagnosticList list;
    list.error(b, {1, 2}, "b1");
    list.error(a, {5, 6}, "a5");
    list.warning(a, {2, 3}, "a2-first");
    list.error("nofile");
    list.error(&a, {2, 4}, "a2-second");
    list.error(a, {0, 1}, "a0");
    list.sort_by_location();
    std::vector<std::string> order;
    for (const Diagnostic& d : list) order.push_back(d.message);
    CHECK(order == std::vector<std::string>{"nofile", "a0", "a2-first", "a2-second", "a5", "b1"});
}

TEST_CASE("append moves another list's diagnostics") {
    DiagnosticList a, b;
    a.error("1");
    b.warning("2");
    a.append(std::move(b));
    CHECK(a.size() == 2);
    CHECK(a.warning_count() == 1);
}
