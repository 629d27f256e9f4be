#include "interpreter/hooks/sandbox.hpp"

#include <vector>

#include "interpreter/hooks/hook_call.hpp"
#include "interpreter/hooks/safe_library.hpp"
#include "interpreter/hooks/sandbox_runtime.hpp"

namespace rubric::hooks {

namespace {

int install_library(lua_State* L) noexcept {
    install_safe_library(L);
    return 0;
}

std::string memory_message(const HookLimits& limits) {
    char message[160];
    format_limit_message(StopReason::memory, limits, message, sizeof message);
    return message;
}

// Lua 5.4 names are ASCII letters, digits and '_' (not starting with a digit):
// a Chinese function name has to be defined as _ENV["得分"] = function … end.
bool is_lua_name(const std::string& name) {
    if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
    for (const char c : name) {
        const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        if (!letter && !(c >= '0' && c <= '9')) return false;
    }
    return true;
}

std::string missing_function_message(lua_State* L, const std::string& name, int type) {
    if (type == LUA_TNIL) {
        const std::string how = is_lua_name(name) ? "function " + name + "(args) … end"
                                                  : "_ENV[\"" + name + "\"] = function(args) … end";
        return "没有定义全局函数「" + name + "」，应写成 " + how;
    }
    return "「" + name + "」应是全局函数，实际是 " + lua_typename(L, type) + " 类型的值";
}

}  // namespace

// The lua_State is made on first use and remade after a call that broke a
// limit; the runtime (allocator, budget) outlives it at a fixed address.
struct Sandbox::State {
    explicit State(const HookLimits& limits) : runtime(limits) {}
    ~State() { close(); }
    State(const State&) = delete;
    State& operator=(const State&) = delete;

    bool open() noexcept {
        if (lua != nullptr) return true;
        runtime.memory.start_call();
        lua_State* L = lua_newstate(&MemoryCap::allocate, &runtime.memory);
        if (L == nullptr) return false;
        attach_runtime(L, &runtime);
        lua_pushcfunction(L, install_library);
        if (lua_pcall(L, 0, 0, 0) != LUA_OK) {
            lua_close(L);
            return false;
        }
        runtime.memory.watch(L);
        lua = L;
        return true;
    }

    void close() noexcept {
        runtime.memory.watch(nullptr);
        if (lua != nullptr) lua_close(lua);
        lua = nullptr;
    }

    int run(CallRequest& request, int result_count) noexcept {
        // Lua retries a refused allocation after an emergency collection, but
        // not a string buffer's: collect earlier calls' garbage first when it
        // could matter, so that a call's chance of hitting the cap does not
        // depend on what ran before it.
        if (runtime.memory.in_use() > runtime.limits.memory_bytes / 4) lua_gc(lua, LUA_GCCOLLECT);
        runtime.memory.start_call();
        runtime.error_line = 0;
        runtime.budget.start(lua, runtime.limits, runtime.memory);
        lua_settop(lua, 0);
        lua_pushcfunction(lua, record_error_line);  // 1: message handler
        lua_pushcfunction(lua, run_request);
        lua_pushlightuserdata(lua, &request);
        return lua_pcall(lua, 1, result_count, 1);
    }

    // A call that broke a limit or ran out of memory leaves a state we do not
    // trust to be tidy: start the next call from a new one.
    void after_call(int status) noexcept {
        const bool suspect = runtime.budget.stopped() != StopReason::none || runtime.memory.ran_out() ||
                             status == LUA_ERRMEM || status == LUA_ERRERR;
        lua_settop(lua, 0);
        if (suspect) close();
    }

    SandboxRuntime runtime;
    lua_State* lua = nullptr;
};

Sandbox::Sandbox(HookLimits limits) : state_(std::make_unique<State>(limits)) {}
Sandbox::~Sandbox() = default;
Sandbox::Sandbox(Sandbox&&) noexcept = default;
Sandbox& Sandbox::operator=(Sandbox&&) noexcept = default;

const HookLimits& Sandbox::limits() const noexcept { return state_->runtime.limits; }

HookOutcome Sandbox::call(const HookScript& script, std::string_view function, std::span<const HookArg> arguments) {
    HookOutcome outcome;
    if (function.empty()) {
        outcome.error = HookError{HookErrorKind::error, "钩子函数名为空", script.file_path(), 0};
        return outcome;
    }
    if (!state_->open()) {
        outcome.error = HookError{HookErrorKind::memory_limit, memory_message(limits()), script.file_path(), 0};
        return outcome;
    }
    CallRequest request{&script, function, arguments, {}};
    const int status = state_->run(request, 2);
    if (std::optional<HookError> failure = call_failure(state_->lua, status, state_->runtime, script))
        outcome.error = std::move(failure);
    else
        outcome = read_outcome(state_->lua, 2, state_->runtime, script, function);
    state_->after_call(status);
    return outcome;
}

std::optional<HookSourceError> Sandbox::inspect(const HookScript& script) {
    if (!state_->open()) return HookSourceError{script.file_path(), 0, 0, memory_message(limits())};
    std::vector<int> types(script.functions().size(), LUA_TNIL);
    CallRequest request{&script, {}, {}, types};
    const int status = state_->run(request, 0);
    std::optional<HookSourceError> problem;
    if (std::optional<HookError> failure = call_failure(state_->lua, status, state_->runtime, script)) {
        problem = HookSourceError{failure->file, failure->line, 0, std::move(failure->message)};
    } else {
        for (std::size_t i = 0; i < types.size() && !problem; ++i)
            if (types[i] != LUA_TFUNCTION)
                problem = HookSourceError{script.file_path(), 0, 0,
                                          missing_function_message(state_->lua, script.functions()[i], types[i])};
    }
    state_->after_call(status);
    return problem;
}

}  // namespace rubric::hooks
