// Instruction, time and memory limits: each attack stops that call only, with
// the limit's message, and the sandbox carries on.

#include <doctest/doctest.h>

#include <chrono>

#include "hook_test_support.hpp"

using namespace hook_test;

namespace {

const std::string pattern_bomb = "('a'):rep(26):find(('a-'):rep(25) .. 'b')";

// Default limits except a time limit no slow machine reaches, so that the
// instruction limit is what fires.
HookLimits instructions_only() {
    HookLimits limits;
    limits.time = std::chrono::minutes(1);
    return limits;
}

}  // namespace

TEST_CASE("limits: an endless loop is stopped by the instruction limit") {
    Sandbox sandbox(instructions_only());
    CHECK(run(sandbox, "function f()\n  while true do end\nend") ==
          "instruction_limit@2: 钩子超出指令上限 (10000000 条)");
    check_still_works(sandbox);
}

TEST_CASE("limits: pcall cannot swallow the stop") {
    Sandbox sandbox(instructions_only());
    CHECK(run(sandbox,
              "function f()\n"
              "  for i = 1, 1e9 do pcall(function() while true do end end) end\n"
              "end") == "instruction_limit@2: 钩子超出指令上限 (10000000 条)");
    check_still_works(sandbox);
    CHECK(run(sandbox,
              "function f()\n"
              "  local ok, message = pcall(function() while true do end end)\n"
              "  return decimal(1), tostring(message)\n"
              "end") == "instruction_limit@2: 钩子超出指令上限 (10000000 条)");
    check_still_works(sandbox);
    // Lua runs a message handler for an error raised in a hook with hooks
    // off; the sandbox's xpcall skips the handler once the call is stopped.
    CHECK(run(sandbox,
              "function f()\n"
              "  xpcall(function() while true do end end, function() while true do end end)\n"
              "  return 1\n"
              "end") == "instruction_limit@2: 钩子超出指令上限 (10000000 条)");
    CHECK(run(sandbox,
              "function f()\n"
              "  xpcall(function() error('x') end, function() while true do end end)\n"
              "  return 1\n"
              "end") == "instruction_limit@2: 钩子超出指令上限 (10000000 条)");
    check_still_works(sandbox);
}

TEST_CASE("limits: the instruction limit is an option") {
    HookLimits limits;
    limits.instructions = 50'000;
    Sandbox sandbox(limits);
    CHECK(run(sandbox, "function f() local n = 0 for i = 1, 100000 do n = n + i end return n end") ==
          "instruction_limit@1: 钩子超出指令上限 (50000 条)");
    CHECK(run(sandbox, "function f() local n = 0 for i = 1, 1000 do n = n + i end return n end") == "500500");
}

TEST_CASE("limits: a pattern bomb is stopped by the time limit") {
    HookLimits limits;
    limits.instructions = std::uint64_t{1} << 60;
    limits.time = std::chrono::milliseconds(200);
    Sandbox sandbox(limits);
    CHECK(eval(sandbox, pattern_bomb) == "time_limit@17: 钩子超出时间上限 (200 毫秒)");
    check_still_works(sandbox);
    CHECK(eval(sandbox, "pcall(string.find, ('a'):rep(26), ('a-'):rep(25) .. 'b')") ==
          "time_limit@17: 钩子超出时间上限 (200 毫秒)");
    check_still_works(sandbox);
}

TEST_CASE("limits: pattern steps count against the instruction limit") {
    Sandbox sandbox(instructions_only());
    CHECK(eval(sandbox, pattern_bomb) == "instruction_limit@17: 钩子超出指令上限 (10000000 条)");
    CHECK(eval(sandbox, "string.gsub(('a'):rep(26), ('a-'):rep(25) .. 'b', '')") ==
          "instruction_limit@17: 钩子超出指令上限 (10000000 条)");
    CHECK(eval(sandbox, "string.match(('a'):rep(26), ('a-'):rep(25) .. 'b')") ==
          "instruction_limit@17: 钩子超出指令上限 (10000000 条)");
    // Stopped inside the helper gm's for loop (line 8 of eval's script).
    CHECK(eval(sandbox, "gm(('a'):rep(26), ('a-'):rep(25) .. 'b')") ==
          "instruction_limit@8: 钩子超出指令上限 (10000000 条)");
    check_still_works(sandbox);
}

TEST_CASE("limits: C loops with a lying __len are stopped") {
    Sandbox sandbox(instructions_only());
    const std::string huge = "setmetatable({}, {__len = function() return 1000000000000000 end})";
    CHECK(eval(sandbox, "table.insert(" + huge + ", 1, 'x')") == "instruction_limit@17: 钩子超出指令上限 (10000000 条)");
    CHECK(eval(sandbox, "table.remove(" + huge + ", 1)") == "instruction_limit@17: 钩子超出指令上限 (10000000 条)");
    CHECK(eval(sandbox, "table.move({}, 1, 1000000000000000, 2)") == "instruction_limit@17: 钩子超出指令上限 (10000000 条)");
    CHECK(eval(sandbox, "table.sort(setmetatable({}, {__len = function() return 100000000 end}))") ==
          "memory_limit@17: 钩子超出内存上限 (64 MiB): not enough memory");
    check_still_works(sandbox);
}

TEST_CASE("limits: memory bombs fail with not enough memory, for that call only") {
    HookLimits limits;
    limits.memory_bytes = std::size_t{16} << 20;
    Sandbox sandbox(limits);
    CHECK(run(sandbox, "function f()\n  local s = 'x'\n  while true do s = s .. s end\nend") ==
          "memory_limit@3: 钩子超出内存上限 (16 MiB): not enough memory");
    check_still_works(sandbox);
    CHECK(run(sandbox, "function f()\n  local t = {}\n  while true do t[#t + 1] = {} end\nend") ==
          "memory_limit@3: 钩子超出内存上限 (16 MiB): not enough memory");
    check_still_works(sandbox);
    CHECK(run(sandbox,
              "function f()\n"
              "  local keep = {}\n"
              "  for i = 1, 100 do pcall(function() while true do keep[#keep + 1] = ('x'):rep(1000) .. i end end) end\n"
              "  return 1\n"
              "end") == "memory_limit@3: 钩子超出内存上限 (16 MiB): not enough memory");
    check_still_works(sandbox);
    // Garbage is not held against later calls.
    for (int i = 0; i < 3; ++i)
        CHECK(run(sandbox, "function f() local s = ('x'):rep(5 * 1024 * 1024) return #s end") == "5242880");
}

TEST_CASE("limits: a memory cap smaller than Lua itself fails every call cleanly") {
    HookLimits limits;
    limits.memory_bytes = 1000;
    Sandbox sandbox(limits);
    const HookScript script = compile("function f() return 1 end");
    CHECK(render(call(sandbox, script)) == "memory_limit@0: 钩子超出内存上限 (1000 字节): not enough memory");
    CHECK(compile_error("function f() return 1 end", {"f"}, limits) ==
          "line 0: 钩子超出内存上限 (1000 字节): not enough memory");
}
