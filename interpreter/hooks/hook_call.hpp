#pragma once
// One hook call inside a sandbox's lua_State: the protected entry that runs
// the script's top level in a fresh environment and then the hook function,
// and the decoding of what came back into a HookOutcome.
//
// Everything that can raise a Lua error runs inside lua_pcall(run_request),
// whose frames hold no C++ object with a destructor; the C++ results are
// built afterwards (finish_call) with non-raising API only.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <lua.hpp>

#include "interpreter/hooks/hook_values.hpp"

namespace rubric::hooks {

class HookScript;
struct SandboxRuntime;

struct CallRequest {
    const HookScript* script = nullptr;
    // The hook function to call. Empty: only run the top level and record, in
    // function_types, the lua_type of each of script->functions().
    std::string_view function;
    std::span<const HookArg> arguments;
    std::span<int> function_types;
};

// lua_CFunction; argument 1: a light userdata pointing to the CallRequest.
// Returns the hook's two results (or nothing when only inspecting).
int run_request(lua_State* L) noexcept;

// Message handler for the outer lua_pcall: notes the line where an uncaught
// error was raised, before the stack unwinds.
int record_error_line(lua_State* L) noexcept;

// The failure of a call (status from lua_pcall; error object on the top), or
// a limit the call broke even though it returned. nullopt if the call is fine.
std::optional<HookError> call_failure(lua_State* L, int status, const SandboxRuntime& runtime, const HookScript& script);

// The outcome of a successful call whose two results are at the given indices.
HookOutcome read_outcome(lua_State* L, int result_index, const SandboxRuntime& runtime, const HookScript& script,
                         std::string_view function);

}  // namespace rubric::hooks
