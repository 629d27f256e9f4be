// HookScript::compile: syntax errors, binary chunks, top-level failures and
// missing functions come back as HookSourceError values.

#include <doctest/doctest.h>

#include "hook_test_support.hpp"

using namespace hook_test;

TEST_CASE("compile: a syntax error gives the line and Lua's message without the chunk name") {
    CHECK(compile_error("function f(args)\n  return 1\n") ==
          "line 3: 'end' expected (to close 'function' at line 1) near <eof>");
    CHECK(compile_error("function f(args)\n  return 1 +\nend\n") == "line 3: unexpected symbol near 'end'");
    CHECK(compile_error("function f(args) return '未结束\nend") == "line 1: unfinished string near ''未结束'");
}

TEST_CASE("compile: a binary chunk is refused") {
    CHECK(compile_error(std::string("\x1bLua\x54\x00\x19\x93\r\n\x1a\n", 12)) ==
          "line 1: 不接受预编译的二进制代码块 (binary chunk)：钩子必须是 Lua 源代码文本");
    CHECK(compile_error("\xEF\xBB\xBF\x1bLua") ==
          "line 1: 不接受预编译的二进制代码块 (binary chunk)：钩子必须是 Lua 源代码文本");
}

TEST_CASE("compile: Lua names are ASCII; Chinese function names are defined through _ENV") {
    CHECK(compile_error("function 得分(args) return 1 end", {"得分"}) == "line 1: <name> expected near '<\\229>'");
    const HookScript script = compile("_ENV['得分'] = function(args) return 2 end", {"得分"});
    Sandbox sandbox;
    CHECK(render(sandbox.call(script, "得分", {})) == "2");
}

TEST_CASE("compile: a UTF-8 byte order mark is ignored") {
    const HookScript script = compile("\xEF\xBB\xBF" "function f(args) return 1 end");
    CHECK(script.source_text() == "function f(args) return 1 end");
    Sandbox sandbox;
    CHECK(render(call(sandbox, script)) == "1");
}

TEST_CASE("compile: every required function must be a global function") {
    CHECK(compile_error("function g(args) return 1 end") ==
          "line 0: 没有定义全局函数「f」，应写成 function f(args) … end");
    CHECK(compile_error("local function score(args) return 1 end", {"score"}) ==
          "line 0: 没有定义全局函数「score」，应写成 function score(args) … end");
    CHECK(compile_error("function f() end", {"得分"}) ==
          "line 0: 没有定义全局函数「得分」，应写成 _ENV[\"得分\"] = function(args) … end");
    CHECK(compile_error("f = 5", {"f"}) == "line 0: 「f」应是全局函数，实际是 number 类型的值");
    CHECK(compile_error("function a() end\nfunction b() end", {"a", "b", "c"}) ==
          "line 0: 没有定义全局函数「c」，应写成 function c(args) … end");
    const HookScript script = compile("function a() end\nfunction b() end", {"a", "b"});
    CHECK(script.functions() == std::vector<std::string>{"a", "b"});
    CHECK(script.file_path() == "hooks/test.lua");
}

TEST_CASE("compile: the top level runs once, with no inputs") {
    CHECK(compile_error("local x = args['预算数']\nfunction f() end") ==
          "line 1: attempt to index a nil value (global 'args')");
    CHECK(compile_error("\nerror('配置错误')\nfunction f() end") == "line 2: 配置错误");
    CHECK(compile_error("error({})\nfunction f() end") == "line 1: (error object is a table value)");
    HookLimits small;
    small.instructions = 100'000;
    CHECK(compile_error("while true do end", {"f"}, small) == "line 1: 钩子超出指令上限 (100000 条)");
}

TEST_CASE("compile: 100,000 nested parentheses give a clean error") {
    const std::string deep = "return " + std::string(100'000, '(') + "1" + std::string(100'000, ')');
    // Raised by the parser outside any running Lua function: no line.
    CHECK(compile_error(deep) == "line 0: C stack overflow");
    const std::string deep_tables = "local t = " + std::string(100'000, '{') + std::string(100'000, '}');
    CHECK(compile_error(deep_tables) == "line 0: C stack overflow");
}

TEST_CASE("compile: each compile has its own identity; copies share it") {
    const HookScript first = compile("function f() return 1 end");
    const HookScript second = compile("function f() return 2 end");
    const HookScript copy = first;  // NOLINT(performance-unnecessary-copy-initialization)
    CHECK(first.id() != second.id());
    CHECK(copy.id() == first.id());
    Sandbox sandbox;
    CHECK(render(call(sandbox, first)) == "1");
    CHECK(render(call(sandbox, second)) == "2");
    CHECK(render(call(sandbox, copy)) == "1");
}
