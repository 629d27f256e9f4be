#include "interpreter/hooks/safe_string.hpp"

#include <cstddef>

#include "interpreter/hooks/safe_base.hpp"
#include "interpreter/hooks/sandbox_runtime.hpp"

namespace rubric::hooks {

namespace {

bool is_format_modifier(char c) noexcept {
    return c == '-' || c == '+' || c == ' ' || c == '#' || c == '.' || (c >= '0' && c <= '9');
}

int call_original(lua_State* L) {
    const int argument_count = lua_gettop(L);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, argument_count, 1);
    return 1;
}

}  // namespace

int guarded_format(lua_State* L) noexcept {
    std::size_t length = 0;
    const char* format = luaL_checklstring(L, 1, &length);
    const int top = lua_gettop(L);
    int argument = 1;
    for (std::size_t i = 0; i < length; ++i) {
        if (format[i] != '%') continue;
        if (++i >= length) break;  // Lua's format reports the malformed end
        if (format[i] == '%') continue;
        ++argument;
        while (i < length && is_format_modifier(format[i])) ++i;
        if (i >= length) break;
        if (format[i] == 'p') return luaL_error(L, "string.format 不支持 %%p：地址在每次运行中都不同");
        if (format[i] == 's' && argument <= top) {
            const int type = lua_type(L, argument);
            if (type != LUA_TSTRING && type != LUA_TNUMBER) {
                push_text_of(L, argument);
                lua_replace(L, argument);
            }
        }
    }
    return call_original(L);
}

int guarded_rep(lua_State* L) noexcept {
    std::size_t length = 0;
    std::size_t separator_length = 0;
    luaL_checklstring(L, 1, &length);
    const lua_Integer count = luaL_checkinteger(L, 2);
    luaL_optlstring(L, 3, "", &separator_length);
    if (count <= 0 || length + separator_length == 0) {
        lua_pushliteral(L, "");
        return 1;
    }
    // A result bigger than the whole memory cap runs out of memory, however
    // large: Lua's own check would call 2^40 copies "too large" instead.
    MemoryCap& memory = runtime_of(L).memory;
    const auto copies = static_cast<lua_Unsigned>(count);
    const lua_Unsigned piece = length + separator_length;
    if (copies > memory.limit() / piece) {
        memory.refuse_oversized();
        lua_pushliteral(L, "not enough memory");
        return lua_error(L);
    }
    return call_original(L);
}

}  // namespace rubric::hooks
