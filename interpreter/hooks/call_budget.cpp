#include "interpreter/hooks/call_budget.hpp"

#include <cstdio>

#include "interpreter/hooks/memory_cap.hpp"
#include "interpreter/hooks/sandbox_runtime.hpp"

namespace rubric::hooks {

void CallBudget::start(lua_State* L, const HookLimits& limits, const MemoryCap& memory) noexcept {
    limits_ = &limits;
    memory_ = &memory;
    used_ = 0;
    deadline_ = std::chrono::steady_clock::now() + limits.time;
    reason_ = StopReason::none;
    stop_line_ = 0;
    message_[0] = '\0';
    lua_sethook(L, &CallBudget::count_hook, LUA_MASKCOUNT, count_interval);
}

bool CallBudget::charge(lua_State* L, std::uint64_t steps) noexcept {
    if (reason_ != StopReason::none) return false;
    used_ += steps;
    check(L);
    return reason_ == StopReason::none;
}

void CallBudget::check(lua_State* L) noexcept {
    if (memory_->exhausted())
        stop(L, StopReason::memory);
    else if (used_ >= limits_->instructions)
        stop(L, StopReason::instructions);
    else if (std::chrono::steady_clock::now() >= deadline_)
        stop(L, StopReason::time);
}

void CallBudget::stop(lua_State* L, StopReason reason) noexcept {
    reason_ = reason;
    stop_line_ = innermost_lua_line(L);
    format_limit_message(reason, *limits_, message_, sizeof message_);
    // From now on every instruction raises again: pcall cannot swallow the stop.
    lua_sethook(L, &CallBudget::count_hook, LUA_MASKCOUNT, 1);
}

void CallBudget::count_hook(lua_State* L, lua_Debug*) {
    CallBudget& budget = runtime_of(L).budget;
    if (budget.reason_ == StopReason::none) {
        budget.used_ += count_interval;
        budget.check(L);
    }
    if (budget.reason_ != StopReason::none) raise_stop(L);
}

void format_limit_message(StopReason reason, const HookLimits& limits, char* out, std::size_t size) noexcept {
    switch (reason) {
    case StopReason::instructions:
        std::snprintf(out, size, "钩子超出指令上限 (%llu 条)", static_cast<unsigned long long>(limits.instructions));
        return;
    case StopReason::time:
        std::snprintf(out, size, "钩子超出时间上限 (%lld 毫秒)", static_cast<long long>(limits.time.count()));
        return;
    case StopReason::memory: {
        constexpr std::size_t mebibyte = std::size_t{1} << 20;
        if (limits.memory_bytes % mebibyte == 0)
            std::snprintf(out, size, "钩子超出内存上限 (%zu MiB): not enough memory", limits.memory_bytes / mebibyte);
        else
            std::snprintf(out, size, "钩子超出内存上限 (%zu 字节): not enough memory", limits.memory_bytes);
        return;
    }
    case StopReason::none:
        break;
    }
    if (size > 0) out[0] = '\0';
}

int raise_stop(lua_State* L) {
    lua_pushstring(L, runtime_of(L).budget.stop_message());
    return lua_error(L);
}

void StepMeter::flush() {
    const std::uint32_t steps = pending;
    pending = 0;
    if (!runtime_of(L).budget.charge(L, steps)) raise_stop(L);
}

}  // namespace rubric::hooks
