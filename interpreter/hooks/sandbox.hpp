#pragma once
// Sandbox — runs hook functions of compiled HookScripts in a lua_State of its
// own, under limits, with a fresh environment for every call.
//
// One Sandbox per thread: it is not thread-safe, but sandboxes share nothing,
// so N threads with N sandboxes may call the same HookScript concurrently and
// get byte-identical results.
//
// LIMITS (HookLimits, hook_limits.hpp), per call:
//   instructions        10,000,000  Lua VM instructions (+ C loop steps)
//   memory_bytes        64 MiB      the whole lua_State (custom allocator)
//   time                1000 ms     wall clock (steady_clock)
//   explanation_bytes   2000        the returned explanation is cut beyond this
// A limit stops the call with a HookError (instruction_limit, time_limit,
// memory_limit); a pcall inside the hook cannot swallow it. After such a call
// the lua_State is closed and a new one is made on the next call.
//
// LIBRARY (everything else is nil; * = the sandbox's own version, see
// safe_base.hpp, safe_string.hpp, safe_table.hpp):
//   base:   assert error getmetatable ipairs next pairs* pcall rawequal rawget
//           rawlen rawset select setmetatable* tonumber* tostring* type
//           xpcall* _G _VERSION, and decimal (decimal_userdata.hpp)
//   string: byte char find* format* gmatch* gsub* len lower match* rep*
//           reverse sub upper          (also as methods: ("x"):upper())
//   table:  concat insert* move* pack remove* sort* unpack
//   math:   abs acos asin atan ceil cos exp floor fmod huge log max maxinteger
//           min mininteger modf pi sin sqrt tan tointeger type ult
//   utf8:   char charpattern codepoint codes len offset
// Not there: io os package require debug coroutine dofile loadfile load print
// warn collectgarbage string.dump string.pack math.random. Source text only
// (no binary chunks). Addresses never show: tostring({}) is "table".
// Lua 5.4 names are ASCII, so a Chinese hook name is defined as
// _ENV["得分"] = function(args) … end.
//
// DETERMINISM: the same hook on the same inputs gives the same bytes in any
// sandbox on any thread: no clock, randomness, environment or addresses are
// reachable; pairs iterates in a fixed order (numbers, strings, booleans);
// table.sort is a stable merge sort. Remaining caveats: the order of next()
// and of pairs over keys that are tables, functions or decimals; weak tables
// (__mode refused in setmetatable, but could be added to a metatable later);
// and the time and memory limits, which depend on the machine and on the
// sandbox's earlier calls (memory) — a hook far from its limits is unaffected.
// The host must not change the C locale (Lua compares strings with strcoll
// and formats floats with the locale's decimal point).
//
// CALL: result, explanation = fn(args). args is a table of named values
// (hook_values.hpp); the result is a decimal (or Lua integer) or a table of
// named decimals; explanation is an optional string.

#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "interpreter/hooks/hook_limits.hpp"
#include "interpreter/hooks/hook_script.hpp"
#include "interpreter/hooks/hook_values.hpp"

namespace rubric::hooks {

// A moved-from Sandbox may only be destroyed or assigned to.
class Sandbox {
public:
    explicit Sandbox(HookLimits limits = {});
    ~Sandbox();
    Sandbox(Sandbox&&) noexcept;
    Sandbox& operator=(Sandbox&&) noexcept;
    Sandbox(const Sandbox&) = delete;
    Sandbox& operator=(const Sandbox&) = delete;

    // Calls `function` (a global function of the script) with one table of the
    // named arguments. Never throws for anything the hook does (only
    // std::bad_alloc from the host's own allocations).
    HookOutcome call(const HookScript& script, std::string_view function, std::span<const HookArg> arguments);

    const HookLimits& limits() const noexcept;

private:
    friend class HookScript;
    // Runs the script's top level and checks its required functions.
    std::optional<HookSourceError> inspect(const HookScript& script);

    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace rubric::hooks
