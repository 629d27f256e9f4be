#pragma once
// Replacements for base-library functions whose standard versions would let
// a hook see addresses, depend on hash order, or register finalizers.
//
//  tostring     tables, functions and other objects print as "table",
//               "function"… with no address (standard: "table: 0x55…").
//  pairs        iterates in a fixed order: numeric keys ascending, then string
//               keys in byte order, then false, true, then any other keys
//               (tables, functions, decimals) in Lua's internal order, which
//               may vary between runs. Lua seeds its string hash per state,
//               so the standard pairs order varies from run to run. A
//               __pairs metamethod is honoured. (next behaves as Lua's own,
//               lazy_library.hpp: its order is unspecified.)
//  setmetatable refuses a metatable with __gc ("__gc metamethods are not
//               allowed": a finalizer would run outside any call's limits) or
//               __mode (weak tables make results depend on when the collector
//               runs).
//  xpcall       the message handler is not called once the call has been
//               stopped by a limit. Why: the stop is raised from the count
//               hook, and Lua runs a message handler for an error raised in a
//               hook with hooks disabled, so `xpcall(f, function() while true
//               do end end)` could never be stopped. Otherwise Lua's own
//               (upvalue 1), with the handler wrapped.
//  tonumber     refuses a decimal (use d:tonumber() or d:tointeger()) instead
//               of silently answering nil; otherwise Lua's own (upvalue 1).

#include <lua.hpp>

namespace rubric::hooks {

int safe_tostring(lua_State* L) noexcept;
int ordered_pairs(lua_State* L) noexcept;
int guarded_setmetatable(lua_State* L) noexcept;
int strict_tonumber(lua_State* L) noexcept;
int guarded_xpcall(lua_State* L) noexcept;

// Pushes the text tostring gives for the value at index (calls __tostring if
// the value has one). May raise.
void push_text_of(lua_State* L, int index);

}  // namespace rubric::hooks
