#pragma once
// CallBudget — enforces HookLimits::instructions and HookLimits::time (and
// turns an exhausted MemoryCap into a stop) during one hook call.
//
// A count hook fires every `count_interval` VM instructions and charges them;
// C functions that loop in C (pattern matching, sorting…) charge their own
// steps through charge(). Once a limit is hit the budget is "stopped": the
// count hook is re-armed to fire after every instruction and raises the stop
// error each time, so a pcall in the hook can catch it but never get past it,
// and the host reports the limit whatever the hook returns.

#include <chrono>
#include <cstdint>

#include <lua.hpp>

#include "interpreter/hooks/hook_limits.hpp"

namespace rubric::hooks {

class MemoryCap;

enum class StopReason : unsigned char { none, instructions, time, memory };

class CallBudget {
public:
    static constexpr int count_interval = 1000;

    // Reset for a new call and (re)install the count hook on L.
    void start(lua_State* L, const HookLimits& limits, const MemoryCap& memory) noexcept;

    // Charge `steps` units of C work. False once the call must stop (the
    // caller then raises with raise_stop).
    bool charge(lua_State* L, std::uint64_t steps) noexcept;

    StopReason stopped() const noexcept { return reason_; }
    int stop_line() const noexcept { return stop_line_; }
    const char* stop_message() const noexcept { return message_; }

private:
    static void count_hook(lua_State* L, lua_Debug* activation);
    void check(lua_State* L) noexcept;
    void stop(lua_State* L, StopReason reason) noexcept;

    const HookLimits* limits_ = nullptr;
    const MemoryCap* memory_ = nullptr;
    std::uint64_t used_ = 0;
    std::chrono::steady_clock::time_point deadline_{};
    StopReason reason_ = StopReason::none;
    int stop_line_ = 0;
    char message_[160] = {};
};

// The user-facing message of a limit, e.g. "钩子超出指令上限 (10000000 条)".
void format_limit_message(StopReason reason, const HookLimits& limits, char* out, std::size_t size) noexcept;

// Raises the stop error of the current call (never returns).
int raise_stop(lua_State* L);

// Counts the steps of a loop in a C function and raises the stop error when
// the budget runs out. Trivially destructible, so it may live in a frame that
// a Lua error unwinds.
struct StepMeter {
    lua_State* L;
    std::uint32_t pending = 0;

    void step() {
        if (++pending == check_every) flush();
    }
    void flush();

    static constexpr std::uint32_t check_every = 4096;
};

}  // namespace rubric::hooks
