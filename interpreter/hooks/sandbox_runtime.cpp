#include "interpreter/hooks/sandbox_runtime.hpp"

#include <cstring>

namespace rubric::hooks {

void attach_runtime(lua_State* L, SandboxRuntime* runtime) noexcept {
    std::memcpy(lua_getextraspace(L), &runtime, sizeof runtime);
}

SandboxRuntime& runtime_of(lua_State* L) noexcept {
    SandboxRuntime* runtime = nullptr;
    std::memcpy(&runtime, lua_getextraspace(L), sizeof runtime);
    return *runtime;
}

int innermost_lua_line(lua_State* L) noexcept {
    lua_Debug activation;
    for (int level = 0; lua_getstack(L, level, &activation) != 0; ++level) {
        if (lua_getinfo(L, "l", &activation) != 0 && activation.currentline > 0) return activation.currentline;
    }
    return 0;
}

}  // namespace rubric::hooks
