#include "interpreter/hooks/hook_call.hpp"

#include "interpreter/hooks/error_text.hpp"
#include "interpreter/hooks/hook_script.hpp"
#include "interpreter/hooks/lazy_library.hpp"
#include "interpreter/hooks/marshal.hpp"
#include "interpreter/hooks/safe_library.hpp"
#include "interpreter/hooks/sandbox_runtime.hpp"

namespace rubric::hooks {

namespace {

// Registry key (its address) of the table {[script id] = loaded chunk}.
const char chunk_cache_key = 0;

// Pushes the script's chunk, loading it on first use in this lua_State. Each
// call re-points its _ENV upvalue at a fresh (lazy) environment.
void push_chunk(lua_State* L, const HookScript& script) {
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &chunk_cache_key) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_rawsetp(L, LUA_REGISTRYINDEX, &chunk_cache_key);
    }
    const auto id = static_cast<lua_Integer>(script.id());
    if (lua_rawgeti(L, -1, id) == LUA_TFUNCTION) {
        lua_remove(L, -2);
        return;
    }
    lua_pop(L, 1);
    const std::string& text = script.source_text();
    if (luaL_loadbufferx(L, text.data(), text.size(), hook_chunk_name, "t") != LUA_OK) lua_error(L);
    lua_pushvalue(L, -1);
    lua_rawseti(L, -3, id);
    lua_remove(L, -2);
}

void record_function_types(lua_State* L, const CallRequest& request, int environment) {
    const std::vector<std::string>& names = request.script->functions();
    for (std::size_t i = 0; i < names.size() && i < request.function_types.size(); ++i) {
        lua_pushlstring(L, names[i].data(), names[i].size());
        resolve_if_lazy(L, environment, -1);
        request.function_types[i] = lua_rawget(L, environment);
        lua_pop(L, 1);
    }
}

// Messages quote what the hook gave (error("…"), a returned table's keys):
// made valid UTF-8 for the terminal and the reports.
HookError make_error(HookErrorKind kind, std::string message, const HookScript& script, int line) {
    return HookError{kind, valid_utf8(message), script.file_path(), line};
}

}  // namespace

int run_request(lua_State* L) noexcept {
    const auto* request = static_cast<const CallRequest*>(lua_touserdata(L, 1));
    lua_settop(L, 0);
    push_chunk(L, *request->script);  // 1
    push_fresh_environment(L);        // 2
    lua_pushvalue(L, 2);
    lua_setupvalue(L, 1, 1);  // the chunk's only upvalue is _ENV
    lua_pushvalue(L, 1);
    lua_call(L, 0, 0);  // the top level defines the hook functions in the environment
    if (request->function.empty()) {
        record_function_types(L, *request, 2);
        return 0;
    }
    lua_pushlstring(L, request->function.data(), request->function.size());
    resolve_if_lazy(L, 2, -1);  // a raw lookup, as if the environment were a full copy
    if (lua_rawget(L, 2) != LUA_TFUNCTION) {
        lua_pushlstring(L, request->function.data(), request->function.size());
        return luaL_error(L, "钩子脚本没有定义函数 '%s'", lua_tostring(L, -1));
    }
    push_arguments(L, request->arguments);
    lua_call(L, 1, 2);
    // The host reads a returned table raw (read_results): if it is a lazy
    // library table or the environment, make it whole first.
    materialize_if_lazy(L, -2);
    return 2;
}

int record_error_line(lua_State* L) noexcept {
    runtime_of(L).error_line = innermost_lua_line(L);
    return 1;
}

std::optional<HookError> call_failure(lua_State* L, int status, const SandboxRuntime& runtime, const HookScript& script) {
    const StopReason reason = runtime.budget.stopped();
    if (reason != StopReason::none) {
        const HookErrorKind kind = reason == StopReason::instructions ? HookErrorKind::instruction_limit
                                   : reason == StopReason::time       ? HookErrorKind::time_limit
                                                                      : HookErrorKind::memory_limit;
        const int line = reason == StopReason::memory && runtime.memory.refusal_line() != 0
                             ? runtime.memory.refusal_line()
                             : runtime.budget.stop_line();
        return make_error(kind, runtime.budget.stop_message(), script, line);
    }
    const bool out_of_memory = status == LUA_ERRMEM || runtime.memory.ran_out();
    if (status == LUA_OK && !out_of_memory) return std::nullopt;
    PositionedMessage text;
    if (status != LUA_OK) text = split_position(describe_error_object(L, -1));
    int line = text.line != 0 ? text.line : runtime.error_line;
    if (out_of_memory) {
        if (runtime.memory.refusal_line() != 0) line = runtime.memory.refusal_line();
        char message[160];
        format_limit_message(StopReason::memory, runtime.limits, message, sizeof message);
        return make_error(HookErrorKind::memory_limit, message, script, line);
    }
    return make_error(HookErrorKind::error, std::move(text.message), script, line);
}

HookOutcome read_outcome(lua_State* L, int result_index, const SandboxRuntime& runtime, const HookScript& script,
                         std::string_view function) {
    std::variant<HookResult, std::string> results =
        read_results(L, result_index, result_index + 1, function, runtime.limits);
    HookOutcome outcome;
    if (auto* result = std::get_if<HookResult>(&results))
        outcome.result = std::move(*result);
    else
        outcome.error = make_error(HookErrorKind::bad_result, std::move(std::get<std::string>(results)), script, 0);
    return outcome;
}

}  // namespace rubric::hooks
