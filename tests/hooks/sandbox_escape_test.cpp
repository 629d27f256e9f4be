// Attacks on the sandbox. Each asserts the exact outcome, then checks that the
// same sandbox still runs an ordinary hook (the batch carries on).

#include <doctest/doctest.h>

#include "hook_test_support.hpp"

using namespace hook_test;

TEST_CASE("escape: dangerous libraries and functions are not there") {
    Sandbox sandbox;
    for (const char* name : {"io", "os", "package", "require", "debug", "dofile", "loadfile", "load", "loadstring",
                             "print", "collectgarbage", "coroutine", "warn", "module", "setfenv", "getfenv"}) {
        CAPTURE(name);
        CHECK(eval(sandbox, std::string("type(") + name + ")") == "nil");
    }
    for (const char* name : {"string.dump", "string.pack", "string.unpack", "math.random", "math.randomseed"}) {
        CAPTURE(name);
        CHECK(eval(sandbox, std::string("type(") + name + ")") == "nil");
    }
    CHECK(eval(sandbox, "os.execute('echo hi')") == "error@17: attempt to index a nil value (global 'os')");
    CHECK(eval(sandbox, "os.getenv('HOME')") == "error@17: attempt to index a nil value (global 'os')");
    CHECK(eval(sandbox, "package.loadlib('x', 'y')") == "error@17: attempt to index a nil value (global 'package')");
    CHECK(eval(sandbox, "require('io')") == "error@17: attempt to call a nil value (global 'require')");
    CHECK(eval(sandbox, "debug.traceback()") == "error@17: attempt to index a nil value (global 'debug')");
    CHECK(eval(sandbox, "load('return 1')") == "error@17: attempt to call a nil value (global 'load')");
    CHECK(eval(sandbox, "string.dump(function() end)") == "error@17: attempt to call a nil value (field 'dump')");
    check_still_works(sandbox);
}

TEST_CASE("escape: the vetted library is there") {
    Sandbox sandbox;
    CHECK(eval(sandbox, "type(pairs), type(ipairs), type(pcall), type(xpcall), type(select), type(rawset), _VERSION") ==
          "function|function|function|function|function|function|Lua 5.4");
    CHECK(eval(sandbox, "math.max(1, 5), math.floor(2.5), math.maxinteger, math.type(1), math.ult(1, 2)") ==
          "5|2|9223372036854775807|integer|true");
    CHECK(eval(sandbox, "table.concat(table.pack(1, 2, 3), ','), select('#', table.unpack({1, 2, 3}))") == "1,2,3|3");
    CHECK(eval(sandbox, "utf8.char(24471, 20998), utf8.len('得分'), utf8.codepoint('分')") == "得分|2|20998");
    CHECK(eval(sandbox, "_G == _ENV, _G._G == _G") == "true|true");
    CHECK(eval(sandbox, "pcall(error, 'x', 0)") == "false|x");
    // Inside Lua, positions in messages read "hook:LINE:".
    CHECK(eval(sandbox, "xpcall(function() error('boom') end, function(m) return 'handled: ' .. m end)") ==
          "false|handled: hook:17: boom");
    CHECK(eval(sandbox, "xpcall(function(a, b) return a + b end, print, 1, 2)") ==
          "error@17: bad argument #2 to 'xpcall' (function expected, got nil)");
    CHECK(eval(sandbox, "xpcall(function(a, b) return a + b end, error, 1, 2)") == "true|3");
}

TEST_CASE("escape: table functions keep Lua's behaviour") {
    Sandbox sandbox;
    CHECK(eval(sandbox,
               "(function() local t = {} for i = 1, 5 do table.insert(t, i) end\n"
               "  local removed = table.remove(t, 1) table.insert(t, 1, 'x') table.insert(t, #t + 1, 'y')\n"
               "  return removed .. ':' .. table.concat(t, ',') .. ':' .. tostring(table.remove(t)) .. ':' .. #t end)()") ==
          "1:x,2,3,4,5,y:y:5");
    CHECK(eval(sandbox, "table.concat(table.move({1, 2, 3}, 1, 3, 2), ','), table.concat(table.move({1, 2, 3}, 2, 3, 1), ',')") ==
          "1,1,2,3|2,3,3");
    CHECK(eval(sandbox, "(function() local d = table.move({1, 2}, 1, 2, 3, {9}) return d[1], d[2], d[3], d[4] end)()") ==
          "9|nil|1|2");
    CHECK(eval(sandbox, "table.insert({}, 1, 2, 3)") == "error@17: wrong number of arguments to 'insert'");
    CHECK(eval(sandbox, "table.insert({}, 5, 2)") == "error@17: bad argument #2 to 'insert' (position out of bounds)");
    CHECK(eval(sandbox, "table.remove({}), #table.pack(table.remove({}, 1))") == "nil|0");
    CHECK(eval(sandbox, "table.unpack({1, 2, 3}, 1, 1e7)") == "error@17: too many results to unpack");
    CHECK(eval(sandbox, "string.format('%d', decimal(1))") ==
          "error@17: bad argument #2 to 'string.format' (number expected, got decimal)");
    check_still_works(sandbox);
}

TEST_CASE("escape: changes to the environment do not reach the next call or another hook") {
    Sandbox sandbox;
    const HookScript vandal = compile(
        "function f(args)\n"
        "  local seen = string.upper('a') .. ',' .. tostring(marker) .. ',' .. tostring(rawget(_G, 'x'))\n"
        "  string.upper = function() return 'hacked' end\n"
        "  rawset(table, 'concat', nil)\n"
        "  math.pi = 3\n"
        "  marker = 'left behind'\n"
        "  tostring = nil\n"
        "  setmetatable(_G, {__index = function() return 'ghost' end})\n"
        "  return 0, seen\n"
        "end\n");
    CHECK(render(call(sandbox, vandal)) == "0 | A,nil,nil");
    CHECK(render(call(sandbox, vandal)) == "0 | A,nil,nil");
    const HookScript other = compile(
        "function f(args)\n"
        "  return 0, string.upper('b') .. table.concat({1, 2}) .. tostring(math.pi) .. tostring(marker) .. tostring(x)\n"
        "end\n");
    CHECK(render(call(sandbox, other)) == "0 | B123.1415926535898nilnil");
    check_still_works(sandbox);
}

TEST_CASE("escape: the string metatable is protected") {
    Sandbox sandbox;
    CHECK(eval(sandbox, "getmetatable('')") == "false");
    CHECK(eval(sandbox, "getmetatable('').__index") == "error@17: attempt to index a boolean value");
    CHECK(eval(sandbox, "('x'):rep(3), ('abc'):upper(), ('%d'):format(7), ('a,b'):find(',', 1, true)") ==
          "xxx|ABC|7|2|2");
    CHECK(eval(sandbox, "setmetatable('', {})") ==
          "error@17: bad argument #1 to 'setmetatable' (table expected, got string)");
    // Method calls use a hidden copy of the string table holding the same functions.
    CHECK(eval(sandbox, "('x').upper == string.upper, ('x').dump, ('x').rep ~= nil") == "true|nil|true");
    CHECK(eval(sandbox, "'10' + 1, '3' * '4'") == "11|12");
    // Replacing string.upper in one call changes neither method calls nor later calls.
    CHECK(eval(sandbox, "(function() string.upper = nil return ('q'):upper() end)()") == "Q");
    check_still_works(sandbox);
}

TEST_CASE("escape: a huge string.rep fails by the memory cap") {
    Sandbox sandbox;
    CHECK(eval(sandbox, "('x'):rep(1e9)") == "memory_limit@17: 钩子超出内存上限 (64 MiB): not enough memory");
    check_still_works(sandbox);
    CHECK(eval(sandbox, "string.rep('x', 2^40)") == "memory_limit@17: 钩子超出内存上限 (64 MiB): not enough memory");
    check_still_works(sandbox);
    CHECK(eval(sandbox, "#string.rep('', 1000000000000000), #string.rep('', 10, '')") == "0|0");
    // Swallowing the error with pcall does not help.
    CHECK(eval(sandbox, "pcall(string.rep, 'x', 1e9)") == "memory_limit@17: 钩子超出内存上限 (64 MiB): not enough memory");
    check_still_works(sandbox);
}

TEST_CASE("escape: finalizers and weak tables are refused") {
    Sandbox sandbox;
    CHECK(eval(sandbox, "setmetatable({}, {__gc = function() while true do end end})") ==
          "error@17: __gc metamethods are not allowed");
    CHECK(eval(sandbox, "setmetatable({}, {__gc = false})") == "error@17: __gc metamethods are not allowed");
    CHECK(eval(sandbox, "setmetatable({}, {__mode = 'k'})") == "error@17: __mode (weak tables) is not allowed");
    CHECK(eval(sandbox, "getmetatable(setmetatable({}, {__index = {a = 1}})).__index.a") == "1");
    CHECK(eval(sandbox, "pcall(setmetatable, setmetatable({}, {__metatable = 'locked'}), {})") ==
          "false|cannot change a protected metatable");
    check_still_works(sandbox);
}

TEST_CASE("escape: decimals cannot be reached through their metatable") {
    Sandbox sandbox;
    CHECK(eval(sandbox, "getmetatable(decimal(1))") == "false");
    CHECK(eval(sandbox, "setmetatable(decimal(1), {})") ==
          "error@17: bad argument #1 to 'setmetatable' (table expected, got decimal)");
    CHECK(eval(sandbox, "decimal(1).round == decimal(2).round, decimal(1).nothing") == "true|nil");
    CHECK(eval(sandbox, "(function() local d = decimal(1) d.round = nil end)()") ==
          "error@17: attempt to index a decimal value (local 'd')");
    check_still_works(sandbox);
}

TEST_CASE("escape: tostring shows no addresses") {
    Sandbox sandbox;
    CHECK(eval(sandbox, "tostring({}), tostring(print), tostring(tostring), tostring(nil), tostring(1.5), tostring(2^53)") ==
          "table|nil|function|nil|1.5|9.007199254741e+15");
    CHECK(eval(sandbox, "tostring(setmetatable({}, {__tostring = function() return '自定义' end}))") == "自定义");
    CHECK(eval(sandbox, "tostring(setmetatable({}, {__name = 'X'}))") == "table");
    CHECK(eval(sandbox, "tostring(setmetatable({}, {__tostring = function() return {} end}))") ==
          "error@17: '__tostring' must return a string");
    check_still_works(sandbox);
}

TEST_CASE("escape: hostile error objects are described without running them") {
    Sandbox sandbox;
    CHECK(run(sandbox, "function f() error(setmetatable({}, {__tostring = function(self) while true do end end})) end") ==
          "error@1: (error object is a table value)");
    CHECK(run(sandbox, "local t = {}\nsetmetatable(t, {__tostring = function(self) return tostring(self) end})\n"
                       "function f() error(t) end") == "error@3: (error object is a table value)");
    CHECK(run(sandbox, "function f() error(42) end") == "error@1: 42");
    CHECK(run(sandbox, "function f() error(nil) end") == "error@1: (error object is a nil value)");
    CHECK(run(sandbox, "function f() error('无位置', 0) end") == "error@1: 无位置");
    CHECK(run(sandbox, "function f()\n  error('有位置')\nend") == "error@2: 有位置");
    check_still_works(sandbox);
}

TEST_CASE("escape: hostile result tables are read without running their metamethods") {
    Sandbox sandbox;
    CHECK(run(sandbox,
              "function f()\n"
              "  local loop = function() while true do end end\n"
              "  return setmetatable({['得分'] = decimal('1.5')},\n"
              "    {__index = loop, __newindex = loop, __pairs = loop, __len = loop, __tostring = loop, __eq = loop})\n"
              "end") == "{得分=1.5}");
    CHECK(run(sandbox, "function f() local t = {} t['自己'] = t return t end") ==
          "bad_result@0: 钩子函数 'f' 返回的表中 '自己' 不是小数，而是 table 值");
    CHECK(run(sandbox,
              "function f()\n"
              "  local top = {} local node = top\n"
              "  for i = 1, 100000 do node.next = {} node = node.next end\n"
              "  return top\n"
              "end") == "bad_result@0: 钩子函数 'f' 返回的表中 'next' 不是小数，而是 table 值");
    CHECK(run(sandbox, "function f() return setmetatable({}, {__index = function() return decimal(1) end}) end") == "{}");
    check_still_works(sandbox);
}

TEST_CASE("escape: unbounded recursion gives a clean error") {
    Sandbox sandbox;
    CHECK(run(sandbox, "local function down(n) return 1 + down(n + 1) end\nfunction f() return down(1) end") ==
          "error@1: stack overflow");
    check_still_works(sandbox);
    CHECK(run(sandbox,
              "function f()\n"
              "  local t = setmetatable({}, {})\n"
              "  getmetatable(t).__index = function(self, key) return self[key] end\n"
              "  return t.x\n"
              "end") == "error@3: C stack overflow");
    check_still_works(sandbox);
    CHECK(run(sandbox,
              "local function again(s) return (s:gsub('.', again)) end\n"
              "function f() return again('x') end") == "error@1: C stack overflow");
    check_still_works(sandbox);
    CHECK(run(sandbox,
              "local t = setmetatable({}, {}) getmetatable(t).__tostring = function(self) return tostring(self) end\n"
              "function f() return 0, tostring(t) end") == "error@1: C stack overflow");
    check_still_works(sandbox);
}
