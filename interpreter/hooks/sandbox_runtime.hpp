#pragma once
// SandboxRuntime — the host-side state of one lua_State, reachable from any C
// function or hook through the state's extra space (lua_getextraspace), so the
// library functions need no upvalues to find the budget or the limits.
// Internal to rubric_hooks.

#include <lua.hpp>

#include "interpreter/hooks/call_budget.hpp"
#include "interpreter/hooks/hook_limits.hpp"
#include "interpreter/hooks/lazy_library.hpp"
#include "interpreter/hooks/memory_cap.hpp"

namespace rubric::hooks {

struct SandboxRuntime {
    explicit SandboxRuntime(const HookLimits& hook_limits) noexcept
        : limits(hook_limits), memory(hook_limits.memory_bytes) {}

    HookLimits limits;
    MemoryCap memory;
    CallBudget budget;
    // Identity of the decimal metatable: a userdata is a decimal iff its
    // metatable is this one (compared without touching the registry).
    const void* decimal_metatable = nullptr;
    // This call's environment and library tables still being copied on demand.
    LazyTables lazy;
    // Line of the innermost Lua frame when the last uncaught error was raised.
    int error_line = 0;
};

void attach_runtime(lua_State* L, SandboxRuntime* runtime) noexcept;
SandboxRuntime& runtime_of(lua_State* L) noexcept;

// Current line of the innermost running Lua function, 0 if none.
int innermost_lua_line(lua_State* L) noexcept;

// The chunk name every hook script is loaded under. Lua prefixes positions in
// messages with "hook:LINE:"; the host strips that and reports the real file.
inline constexpr const char* hook_chunk_name = "=hook";
inline constexpr const char* hook_chunk_label = "hook";

}  // namespace rubric::hooks
