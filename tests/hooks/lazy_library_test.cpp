// A call's environment and library tables are copied from the pristine
// library on demand (interpreter/hooks/lazy_library.hpp). For the hook they
// must behave exactly like full private copies: every way of reading or
// changing them, raw or not, before or after first use.

#include <doctest/doctest.h>

#include "hook_test_support.hpp"

using namespace hook_test;

TEST_CASE("lazy library: each call's tables are private copies, whatever is touched first") {
    Sandbox sandbox;
    const HookScript vandal = compile(
        "function f(args)\n"
        "  local seen = tostring(rawget(string, 'upper') ~= nil) .. tostring(math.pi) .. tostring(rawget(_G, 'marker'))\n"
        "  rawset(string, 'upper', nil)\n"
        "  utf8.char = nil\n"
        "  math.pi = 3\n"
        "  rawset(_G, 'table', {})\n"
        "  marker = 1\n"
        "  setmetatable(string, {__index = function() return 'ghost' end})\n"
        "  return 0, seen .. ',' .. tostring(string.upper) .. ',' .. tostring(utf8.char) .. ',' .. math.pi .. ','\n"
        "    .. tostring(table.concat)\n"
        "end\n");
    CHECK(render(call(sandbox, vandal)) == "0 | true3.1415926535898nil,ghost,nil,3,nil");
    CHECK(render(call(sandbox, vandal)) == "0 | true3.1415926535898nil,ghost,nil,3,nil");
    const HookScript other = compile(
        "function f(args)\n"
        "  return 0, string.upper('b') .. utf8.char(24471) .. math.pi .. table.concat({1, 2}) .. tostring(marker)\n"
        "    .. tostring(getmetatable(string))\n"
        "end\n");
    CHECK(render(call(sandbox, other)) == "0 | B得3.141592653589812nilnil");
    check_still_works(sandbox);
}

TEST_CASE("lazy library: an entry deleted stays deleted for the rest of the call") {
    Sandbox sandbox;
    // Read first, then deleted (a plain assignment of nil leaves no trace for a metamethod).
    CHECK(eval(sandbox, "(function() local f = string.find string.find = nil return string.find, rawget(string, 'find') end)()") ==
          "nil|nil");
    // Deleted before it was ever read, raw or not.
    CHECK(eval(sandbox, "(function() string.upper = nil rawset(string, 'lower', nil) return string.upper, string.lower, type(string.sub) end)()") ==
          "nil|nil|function");
    CHECK(eval(sandbox, "(function() _G.ipairs = nil return ipairs, type(pairs) end)()") == "nil|function");
    CHECK(eval(sandbox, "(function() math = nil return math, rawget(_ENV, 'math') end)()") == "nil|nil");
    // The first write to a library table keeps every other entry.
    CHECK(eval(sandbox, "(function() math.pi = 3 local n = 0 for _ in pairs(math) do n = n + 1 end\n"
                        "  return math.floor(2.5), math.pi, type(math.sqrt), n end)()") == "2|3|function|23");
    CHECK(eval(sandbox, "(function() table.extra = 1 return table.extra, type(table.concat), rawget(table, 'extra') end)()") ==
          "1|function|1");
    CHECK(eval(sandbox, "string == _G.string, rawequal(math, _ENV.math), string ~= table") == "true|true|true");
    // A library table kept in a local outlives the global that held it.
    CHECK(eval(sandbox, "(function() local s = string string = nil return s.upper('a'), string end)()") == "A|nil");
    check_still_works(sandbox);
}

TEST_CASE("lazy library: pairs, next and getmetatable see whole tables") {
    Sandbox sandbox;
    CHECK(run(sandbox,
              "function f(args)\n"
              "  local names = {}\n"
              "  for k in pairs(_G) do names[#names + 1] = k end\n"
              "  local functions = {}\n"
              "  for k in pairs(string) do functions[#functions + 1] = k end\n"
              "  local count = 0\n"
              "  for k in next, math do count = count + 1 end\n"
              "  return 0, table.concat(names, ' ') .. ' | ' .. table.concat(functions, ' ') .. ' | ' .. count\n"
              "end\n") ==
          "0 | _G _VERSION assert decimal error f getmetatable ipairs math next pairs pcall rawequal rawget rawlen "
          "rawset select setmetatable string table tonumber tostring type utf8 xpcall | byte char find format gmatch "
          "gsub len lower match rep reverse sub upper | 23");
    CHECK(eval(sandbox, "getmetatable(_G), getmetatable(string), getmetatable(utf8), #_G, rawlen(table), #math") ==
          "nil|nil|nil|0|0|0");
    CHECK(eval(sandbox, "next(utf8) ~= nil, select('#', next(table, nil)), (next({}))") == "true|2|nil");
    CHECK(eval(sandbox, "setmetatable({}, {__index = string}).upper('a'), setmetatable(math, {}) == math") == "A|true");
    CHECK(eval(sandbox, "rawequal(_G, _ENV), _G._G == _G, rawget(_G, '_G') == _G") == "true|true|true");
    check_still_works(sandbox);
}

TEST_CASE("lazy library: the same messages as Lua's own functions and assignments") {
    Sandbox sandbox;
    CHECK(eval(sandbox, "pcall(next, 1)") == "false|bad argument #1 to 'next' (table expected, got number)");
    CHECK(eval(sandbox, "pcall(rawget, 1)") == "false|bad argument #1 to 'rawget' (table expected, got number)");
    CHECK(eval(sandbox, "pcall(rawset, {}, 1)") == "false|bad argument #3 to 'rawset' (value expected)");
    CHECK(eval(sandbox, "pcall(getmetatable)") == "false|bad argument #1 to 'getmetatable' (value expected)");
    CHECK(eval(sandbox, "pcall(rawset, string, nil, 1)") == "false|table index is nil");
    CHECK(eval(sandbox, "next(1)") == "error@17: bad argument #1 to 'next' (table expected, got number)");
    CHECK(eval(sandbox, "pcall(next, {}, 'nope')") == "false|invalid key to 'next'");
    CHECK(eval(sandbox, "pcall(function() _ENV[nil] = 1 end)") == "false|hook:17: table index is nil");
    CHECK(eval(sandbox, "pcall(function() string[0/0] = 1 end)") == "false|hook:17: table index is NaN");
    CHECK(eval(sandbox, "pcall(function() local t = {} t[nil] = 1 end)") == "false|hook:17: table index is nil");
    CHECK(eval(sandbox, "table.insert(math, 1), math[1]") == "nil|1");
    check_still_works(sandbox);
}

TEST_CASE("lazy library: the host reads returned library tables and looks up functions whole") {
    Sandbox sandbox;
    const std::string returned = run(sandbox, "function f() return utf8 end");
    CHECK(returned.rfind("bad_result@0: 钩子函数 'f' 返回的表中 '", 0) == 0);
    CHECK(returned.find("不是小数") != std::string::npos);
    // A required function that is a library function: found, as in a full copy.
    CHECK(compile_error("x = 1", {"tostring"}) == "compiled without error");
    CHECK(compile_error("x = 1", {"string"}) == "line 0: 「string」应是全局函数，实际是 table 类型的值");
    const HookScript script = compile("x = 1", {"type"});
    CHECK(render(call(sandbox, script, {}, "type")) ==
          "bad_result@0: 钩子函数 'type' 返回了字符串：请用 decimal(\"…\") 转成小数");
    check_still_works(sandbox);
}

TEST_CASE("lazy library: unusual ways in") {
    Sandbox sandbox;
    // Writing into a library table through another table's __newindex.
    CHECK(eval(sandbox, "(function() local t = setmetatable({}, {__newindex = string}) t.extra = 1\n"
                        "  return string.extra, rawget(t, 'extra'), string.upper('a') end)()") == "1|nil|A");
    // Reading a library through another table's __index chain.
    CHECK(eval(sandbox, "setmetatable({}, {__index = setmetatable({}, {__index = math})}).floor(2.5)") == "2");
    CHECK(eval(sandbox, "(function() setmetatable(_G, nil) return type(tostring), type(string.rep) end)()") ==
          "function|function");
    // The top level runs in the same lazy environment, and may make it whole.
    CHECK(run(sandbox,
              "tostring = nil\n"
              "local n = 0\n"
              "for k in pairs(_G) do n = n + 1 end\n"
              "function f() return n, type(tostring) .. ',' .. type(decimal) end") == "23 | nil,function");
    CHECK(run(sandbox,
              "local keep = string\n"
              "string = nil\n"
              "function f()\n"
              "  local junk = {}\n"
              "  for i = 1, 20000 do junk[i % 100 + 1] = {i} end\n"
              "  return 0, tostring(string) .. ',' .. keep.upper('x') .. ',' .. math.floor(1.5) .. ',' .. utf8.char(65)\n"
              "end") == "0 | nil,X,1,A");
    // A script with two hook functions: each call starts again.
    const HookScript two = compile(
        "count = 0\n"
        "function f() count = count + 1 math.pi = count return count end\n"
        "function g() count = count + 10 return count, tostring(math.pi) end\n",
        {"f", "g"});
    CHECK(render(call(sandbox, two, {}, "f")) == "1");
    CHECK(render(call(sandbox, two, {}, "g")) == "10 | 3.1415926535898");
    CHECK(render(call(sandbox, two, {}, "f")) == "1");
    check_still_works(sandbox);
}
