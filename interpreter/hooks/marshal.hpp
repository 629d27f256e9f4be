#pragma once
// Moving hook values across the C++/Lua boundary (see hook_values.hpp for the
// value model).
//
// push_arguments builds the one table a hook receives, fresh for each call.
// read_results reads what a hook returned using raw access only (lua_next,
// lua_type, lua_tolstring on strings): a result table's __index, __pairs or
// __tostring never runs, and only one level of it is read, so a
// self-referencing or very deep table cannot hang or crash the host.

#include <span>
#include <string>
#include <string_view>
#include <variant>

#include <lua.hpp>

#include "interpreter/hooks/hook_limits.hpp"
#include "interpreter/hooks/hook_values.hpp"

namespace rubric::hooks {

// Most entries read from a result table.
inline constexpr int max_named_results = 1000;

// Pushes {name = value, …}. Runs in protected mode: may raise (memory).
void push_arguments(lua_State* L, std::span<const HookArg> arguments);

// The hook's first and second return values at the given stack indices, or a
// message saying why they are not acceptable (a bad_result). Never raises.
std::variant<HookResult, std::string> read_results(lua_State* L, int result_index, int explanation_index,
                                                   std::string_view function, const HookLimits& limits);

}  // namespace rubric::hooks
