// The clean-room pattern matcher against Lua 5.4's own results. The expected
// values were produced once by the real Lua 5.4.4 string library (stock
// lstrlib) and are written here literally.

#include <doctest/doctest.h>

#include <utility>

#include "interpreter/hooks/lua_patterns.hpp"
#include "hook_test_support.hpp"

using namespace hook_test;

namespace {

struct PatternCase {
    const char* expression;
    const char* expected;  // values joined by "|"; "error@17: …" for errors
};

const PatternCase pattern_cases[] = {
    {"string.gsub(\"hello world\", \"o\", \"0\")", "hell0 w0rld|2"},
    {"string.gsub(\"hello world\", \"(o)\", \"[%1]\")", "hell[o] w[o]rld|2"},
    {"string.gsub(\"hello\", \"\", \"-\")", "-h-e-l-l-o-|6"},
    {"string.gsub(\"abc\", \"%w\", \"%0%0\")", "aabbcc|3"},
    {"string.gsub(\"hello world\", \"%w+\", \"%0 %0\", 1)", "hello hello world|1"},
    {"string.gsub(\"hello world from Lua\", \"(%w+)%s*(%w+)\", \"%2 %1\")", "world hello Lua from|2"},
    {"string.gsub(\"$name is $age\", \"%$(%w+)\", {name = \"Lua\", age = 5})", "Lua is 5|2"},
    {"string.gsub(\"abc\", \"%w\", function(c) return c:upper() .. \".\" end)", "A.B.C.|3"},
    {"string.gsub(\"abc\", \"%w\", function(c) if c == \"b\" then return false end return \"x\" end)", "xbx|3"},
    {"string.gsub(\"abc\", \"x*\", \"-\")", "-a-b-c-|4"},
    {"string.gsub(\"hello world\", \"l*\", \"x\")", "xhxexox xwxoxrxdx|9"},
    {"string.gsub(\"abc\", \"^a\", \"A\")", "Abc|1"},
    {"string.gsub(\"aaa\", \"^a\", \"A\")", "Aaa|1"},
    {"string.gsub(\"abc\", \"()b\", \"%1\")", "a2c|1"},
    {"string.gsub(\"abc\", \"b\", \"%%\")", "a%c|1"},
    {"string.gsub(\"hello\", \"l\", \"L\", 0)", "hello|0"},
    {"string.gsub(\"a,b,,c\", \",\", \";\", 2)", "a;b;,c|2"},
    {"string.gsub(\"one two\", \"(%w+)\", \"<%1>\")", "<one> <two>|2"},
    {"(\"hello\"):gsub(\"l\", \"L\")", "heLLo|2"},
    {"string.find(\"hello\", \"l\")", "3|3"},
    {"string.find(\"hello\", \"l\", 1, true)", "3|3"},
    {"string.find(\"hello\", \"xyz\")", "nil"},
    {"string.find(\"hello\", \"(h)(e)\")", "1|2|h|e"},
    {"string.find(\"a.b\", \".\", 1, true)", "2|2"},
    {"string.find(\"a.b\", \"%.\")", "2|2"},
    {"string.find(\"hello\", \"l+\")", "3|4"},
    {"string.find(\"hello\", \"\", 10)", "nil"},
    {"string.find(\"hello\", \"\", 6)", "6|5"},
    {"string.find(\"hello\", \"o\", -1)", "5|5"},
    {"string.find(\"hello\", \"h\", -100)", "1|1"},
    {"string.find(\"hello\", \"l\", 0)", "3|3"},
    {"string.find(\"\", \"\")", "1|0"},
    {"string.find(\"abc\", \"$\")", "4|3"},
    {"string.find(\"a+b\", \"+\", 1, true)", "2|2"},
    {"string.match(\"key = value\", \"(%w+)%s*=%s*(%w+)\")", "key|value"},
    {"string.match(\"2024-01-15\", \"(%d+)-(%d+)-(%d+)\")", "2024|01|15"},
    {"string.match(\"hello\", \"()ll()\")", "3|5"},
    {"string.match(\"f(a(b)c)d\", \"%b()\")", "(a(b)c)"},
    {"string.match(\"THE (quick) fox\", \"%f[%a]%a+\")", "THE"},
    {"string.gsub(\"THE (quick) fox\", \"%f[%a]%a+\", \"X\")", "X (X) X|3"},
    {"string.gsub(\"hello world\", \"%f[%w]%w+\", function(w) return w:upper() end)", "HELLO WORLD|2"},
    {"string.find(\"abc\", \"%f[%z]\")", "4|3"},
    {"string.match(\"  trim  \", \"^%s*(.-)%s*$\")", "trim"},
    {"string.match(\"hello\", \"^h\")", "h"},
    {"string.match(\"hello\", \"^e\")", "nil"},
    {"string.match(\"hello\", \"o$\")", "o"},
    {"string.match(\"o$x\", \"o$x\")", "o$x"},
    {"string.match(\"abcabc\", \"(abc)%1\")", "abc"},
    {"string.match(\"xyzxyz\", \"(x)(y)(z)%3\")", "nil"},
    {"string.match(\"[test]\", \"[%[]\")", "["},
    {"string.match(\"a]b\", \"[]]\")", "]"},
    {"string.match(\"a-b\", \"[a-]\")", "a"},
    {"string.match(\"x-y\", \"[%-]\")", "-"},
    {"string.match(\"hello123\", \"%a+\")", "hello"},
    {"string.match(\"hello123\", \"%d+\")", "123"},
    {"string.match(\"abc\", \"[^b]+\")", "a"},
    {"string.match(\"hello\", \".-l\")", "hel"},
    {"string.match(\"hello\", \".*l\")", "hell"},
    {"string.match(\"color colour\", \"colou?r\")", "color"},
    {"string.match(\"colour\", \"colou?r\")", "colour"},
    {"string.match(\"x = 0x1F;\", \"0x(%x+)\")", "1F"},
    {"string.match(\"Hello World\", \"%u%l+\")", "Hello"},
    {"string.match(\"a\\tb\", \"%s\")", "\t"},
    {"string.match(\"a,b\", \"%p\")", ","},
    {"string.match(\"abc\", \"%A\")", "nil"},
    {"string.match(\"ab12\", \"%D+\")", "ab"},
    {"string.match(\"  x\", \"%S\")", "x"},
    {"string.match(\"abc\", \"[%a%d]+\")", "abc"},
    {"string.match(\"AbC\", \"[A-Z]+\")", "A"},
    {"string.match(\"hello\", \"(h)(e)(l)(l)(o)\")", "h|e|l|l|o"},
    {"string.match(\"hello\", \"((h)(e))\")", "he|h|e"},
    {"string.match(\"hello\", \"h()\")", "2"},
    {"string.match(\"\", \".*\")", ""},
    {"string.match(\"abc\", \"b*\")", ""},
    {"string.match(\"aaab\", \"a-b\")", "aaab"},
    {"string.match(\"aaab\", \"a*b\")", "aaab"},
    {"string.match(\"aaa\", \"a+?\")", "nil"},
    {"string.match(\"日期:2021年\", \"(%d+)年\")", "2021"},
    {"string.match(\"预算数=12.5\", \"=(.+)\")", "12.5"},
    {"gm(\"one two three\", \"%a+\")", "one,two,three"},
    {"gm(\"a=1, b=2\", \"(%w+)=(%w+)\")", "a:1,b:2"},
    {"gm(\"abc\", \".\", 2)", "b,c"},
    {"gm(\"abc\", \"x*\")", ",,,"},
    {"gm(\"abc\", \"\", 4)", ""},
    {"gm(\"abc\", \"\", 5)", ""},
    {"gm(\"hello\", \"()l\")", "3,4"},
    {"gm(\"^a^a\", \"^a\")", "^a,^a"},
    {"gm(\"abab\", \"(a)(b)\")", "a:b,a:b"},
    {"gm(\"one;two;;three\", \"([^;]*)\")", "one,two,,three"},
    {"string.find(\"a\", \"%\")", "error@17: malformed pattern (ends with '%')"},
    {"string.find(\"a\", \"[a\")", "error@17: malformed pattern (missing ']')"},
    {"string.find(\"a\", \"[a%\")", "error@17: malformed pattern (missing ']')"},
    {"string.match(\"a\", \"(a\")", "error@17: unfinished capture"},
    {"string.match(\"a\", \"a)\")", "error@17: invalid pattern capture"},
    {"string.match(\"a\", \"%1\")", "error@17: invalid capture index %1"},
    {"string.match(\"a\", \"%f\")", "error@17: missing '[' after '%f' in pattern"},
    {"string.match(\"a\", \"%b\")", "error@17: malformed pattern (missing arguments to '%b')"},
    {"string.match(\"a\", \"%ba\")", "error@17: malformed pattern (missing arguments to '%b')"},
    {"string.gsub(\"abc\", \"(a)\", \"%2\")", "error@17: invalid capture index %2"},
    {"string.gsub(\"abc\", \"a\", \"%x\")", "error@17: invalid use of '%' in replacement string"},
    {"string.gsub(\"abc\", \"a\", \"%\")", "error@17: invalid use of '%' in replacement string"},
    {"string.gsub(\"abc\", \"b\", true)", "error@17: bad argument #3 to 'gsub' (string/function/table expected, got boolean)"},
    {"string.gsub(\"abc\", \"b\", function() return {} end)", "error@17: invalid replacement value (a table)"},
    {"string.match((\"a\"):rep(300), (\"a?\"):rep(300))", "error@17: pattern too complex"},
    {"string.match(\"a\", (\"()\"):rep(33))", "error@17: too many captures"},
    {"string.format(\"%5.2f\", 3.14159)", " 3.14"},
    {"string.format(\"%d items\", 3)", "3 items"},
    {"string.format(\"%-5s|\", \"ab\")", "ab   |"},
    {"string.format(\"%x\", 255)", "ff"},
    {"string.rep(\"ab\", 3, \",\")", "ab,ab,ab"},
    {"string.rep(\"\", 5)", ""},
};

}  // namespace

TEST_CASE("patterns: find, match, gmatch and gsub give Lua 5.4's results") {
    Sandbox sandbox;
    for (const PatternCase& test : pattern_cases) {
        CAPTURE(test.expression);
        CHECK(eval(sandbox, test.expression) == test.expected);
    }
    check_still_works(sandbox);
}

TEST_CASE("patterns: UTF-8 text is matched byte by byte, as in Lua") {
    CHECK(eval("string.gsub('得分：12.5 分', '%d+%.?%d*', '[%0]')") == "得分：[12.5] 分|1");
    CHECK(eval("string.match('名称=预算执行率', '=(.*)$')") == "预算执行率");
    CHECK(eval("utf8.len(string.rep('分', 3))") == "3");
}

TEST_CASE("patterns: string.format never shows an address") {
    CHECK(eval("string.format('%s %s %s', {}, print, decimal('1.50'))") == "table nil 1.5");
    CHECK(eval("string.format('%s', function() end)") == "function");
    CHECK(eval("string.format('%p', {})") == "error@17: string.format 不支持 %p：地址在每次运行中都不同");
    CHECK(eval("string.format('%5.1f|%-3d|%%', 2.25, 7)") == "  2.2|7  |%");
}

namespace {

struct Counter {
    std::uint64_t steps = 0;
    std::uint64_t limit = 0;
};

bool count_steps(void* context, std::uint64_t steps) noexcept {
    auto* counter = static_cast<Counter*>(context);
    counter->steps += steps;
    return counter->steps < counter->limit;
}

}  // namespace

TEST_CASE("patterns: the matcher stops when its callback says so") {
    using namespace rubric::hooks::patterns;
    const std::string subject(26, 'a');
    std::string pattern;
    for (int i = 0; i < 25; ++i) pattern += "a-";
    pattern += "b";
    Counter counter{0, 100'000};
    Matcher matcher(subject, pattern, count_steps, &counter);
    CHECK(matcher.match_at(0, 0) == no_match);
    CHECK(matcher.problem() == Problem::stopped);
    CHECK(counter.steps >= 100'000);
    CHECK(counter.steps < 100'000 + 2 * check_interval);
}

TEST_CASE("patterns: captures and positions from the matcher directly") {
    using namespace rubric::hooks::patterns;
    Counter counter{0, ~std::uint64_t{0}};
    Matcher matcher("key = value", "(%w+)%s*=%s*()(%w+)", count_steps, &counter);
    CHECK(matcher.match_at(0, 0) == 11);
    REQUIRE(matcher.capture_count() == 3);
    CHECK(matcher.capture(0).start == 0);
    CHECK(matcher.capture(0).length == 3);
    CHECK(matcher.capture(1).length == capture_position);
    CHECK(matcher.capture(1).start == 6);
    CHECK(matcher.capture(2).length == 5);
    CHECK(has_specials("a.b"));
    CHECK_FALSE(has_specials("预算数"));
}
