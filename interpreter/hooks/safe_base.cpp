#include "interpreter/hooks/safe_base.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>

#include "interpreter/hooks/call_budget.hpp"
#include "interpreter/hooks/decimal_userdata.hpp"
#include "interpreter/hooks/lazy_library.hpp"
#include "interpreter/hooks/sandbox_runtime.hpp"

// These functions may be unwound by Lua errors: their frames hold only
// trivially destructible objects.

namespace rubric::hooks {

void push_text_of(lua_State* L, int index) {
    index = lua_absindex(L, index);
    if (luaL_getmetafield(L, index, "__tostring") != LUA_TNIL) {
        lua_pushvalue(L, index);
        lua_call(L, 1, 1);
        if (!lua_isstring(L, -1)) luaL_error(L, "'__tostring' must return a string");
        return;
    }
    switch (lua_type(L, index)) {
    case LUA_TNUMBER:
        lua_pushvalue(L, index);
        lua_tolstring(L, -1, nullptr);  // converts the copy in place
        return;
    case LUA_TSTRING:
        lua_pushvalue(L, index);
        return;
    case LUA_TBOOLEAN:
        lua_pushstring(L, lua_toboolean(L, index) ? "true" : "false");
        return;
    default:
        lua_pushstring(L, luaL_typename(L, index));  // "nil", "table", "function"…
        return;
    }
}

int safe_tostring(lua_State* L) noexcept {
    luaL_checkany(L, 1);
    push_text_of(L, 1);
    return 1;
}

int guarded_setmetatable(lua_State* L) noexcept {
    const int metatable_type = lua_type(L, 2);
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_argexpected(L, metatable_type == LUA_TNIL || metatable_type == LUA_TTABLE, 2, "nil or table");
    if (metatable_type == LUA_TTABLE) {
        // Raw lookups, as the collector does: no metamethod of the metatable runs.
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL) return luaL_error(L, "__gc metamethods are not allowed");
        lua_pop(L, 1);
        lua_pushliteral(L, "__mode");
        if (lua_rawget(L, 2) != LUA_TNIL) return luaL_error(L, "__mode (weak tables) is not allowed");
        lua_pop(L, 1);
    }
    materialize_if_lazy(L, 1);  // the lazy metatable goes; the entries stay
    if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL) return luaL_error(L, "cannot change a protected metatable");
    lua_settop(L, 2);
    lua_setmetatable(L, 1);
    return 1;
}

int strict_tonumber(lua_State* L) noexcept {
    if (to_decimal(L, 1))
        return luaL_error(L, "tonumber() 不接受小数：请用 d:tonumber() 得到浮点数，或 d:tointeger() 得到整数");
    const int argument_count = lua_gettop(L);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, argument_count, 1);
    return 1;
}

namespace {

// Upvalue 1: the hook's message handler.
int stoppable_handler(lua_State* L) noexcept {
    if (runtime_of(L).budget.stopped() != StopReason::none) return 1;  // the stop error, unhandled
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

}  // namespace

int guarded_xpcall(lua_State* L) noexcept {
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, stoppable_handler, 1);
    lua_replace(L, 2);
    const int argument_count = lua_gettop(L);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, argument_count, LUA_MULTRET);
    return lua_gettop(L);
}

namespace {

// One key of the table being iterated, reduced to what ordering needs.
struct KeyEntry {
    enum Category : unsigned char { number, string, boolean, other };
    Category category = other;
    bool is_integer = false;
    bool truth = false;
    lua_Integer integer = 0;
    lua_Number real = 0;
    const char* text = nullptr;  // string keys stay alive in the key table
    std::size_t length = 0;
    lua_Integer raw_position = 0;  // 1-based position in lua_next order
};

// integer < float, exactly (float keys are never integral: Lua normalises them).
bool integer_less_than_float(lua_Integer i, lua_Number f) noexcept {
    constexpr lua_Number two_to_63 = 9223372036854775808.0;
    if (f >= two_to_63) return true;
    if (f < -two_to_63) return false;
    return i <= static_cast<lua_Integer>(std::floor(f));
}

bool number_less(const KeyEntry& a, const KeyEntry& b) noexcept {
    if (a.is_integer && b.is_integer) return a.integer < b.integer;
    if (!a.is_integer && !b.is_integer) return a.real < b.real;
    if (a.is_integer) return integer_less_than_float(a.integer, b.real);
    return !integer_less_than_float(b.integer, a.real);
}

bool key_less(const KeyEntry& a, const KeyEntry& b) noexcept {
    if (a.category != b.category) return a.category < b.category;
    switch (a.category) {
    case KeyEntry::number:
        if (number_less(a, b)) return true;
        if (number_less(b, a)) return false;
        break;
    case KeyEntry::string: {
        const int order = std::memcmp(a.text, b.text, std::min(a.length, b.length));
        if (order != 0) return order < 0;
        if (a.length != b.length) return a.length < b.length;
        break;
    }
    case KeyEntry::boolean:
        if (a.truth != b.truth) return !a.truth;
        break;
    case KeyEntry::other:
        break;
    }
    return a.raw_position < b.raw_position;
}

KeyEntry describe_key(lua_State* L, int index, lua_Integer raw_position) noexcept {
    KeyEntry entry;
    entry.raw_position = raw_position;
    switch (lua_type(L, index)) {
    case LUA_TNUMBER:
        entry.category = KeyEntry::number;
        entry.is_integer = lua_isinteger(L, index) != 0;
        if (entry.is_integer)
            entry.integer = lua_tointeger(L, index);
        else
            entry.real = lua_tonumber(L, index);
        break;
    case LUA_TSTRING:
        entry.category = KeyEntry::string;
        entry.text = lua_tolstring(L, index, &entry.length);
        break;
    case LUA_TBOOLEAN:
        entry.category = KeyEntry::boolean;
        entry.truth = lua_toboolean(L, index) != 0;
        break;
    default:
        break;
    }
    return entry;
}

// Upvalues: 1 the table, 2 its keys in order, 3 the next position (integer).
int ordered_next(lua_State* L) noexcept {
    const int table = lua_upvalueindex(1);
    const int keys = lua_upvalueindex(2);
    lua_Integer position = lua_tointeger(L, lua_upvalueindex(3));
    const auto key_count = static_cast<lua_Integer>(lua_rawlen(L, keys));
    while (position < key_count) {
        ++position;
        lua_rawgeti(L, keys, position);
        lua_pushvalue(L, -1);
        if (lua_rawget(L, table) != LUA_TNIL) {  // skip keys removed meanwhile
            lua_pushinteger(L, position);
            lua_replace(L, lua_upvalueindex(3));
            return 2;
        }
        lua_pop(L, 2);
    }
    lua_pushinteger(L, position);
    lua_replace(L, lua_upvalueindex(3));
    return 0;
}

lua_Integer count_keys(lua_State* L, int table) noexcept {
    lua_Integer count = 0;
    lua_pushnil(L);
    while (lua_next(L, table) != 0) {
        lua_pop(L, 1);
        ++count;
    }
    return count;
}

}  // namespace

int ordered_pairs(lua_State* L) noexcept {
    luaL_checkany(L, 1);
    if (luaL_getmetafield(L, 1, "__pairs") != LUA_TNIL) {
        lua_pushvalue(L, 1);
        lua_call(L, 1, 3);
        return 3;
    }
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    materialize_if_lazy(L, 1);
    const lua_Integer count = count_keys(L, 1);
    StepMeter meter{L};
    lua_createtable(L, static_cast<int>(std::min<lua_Integer>(count, 1 << 26)), 0);  // 2: keys in lua_next order
    auto* entries = static_cast<KeyEntry*>(lua_newuserdatauv(L, static_cast<std::size_t>(count) * sizeof(KeyEntry), 0));  // 3
    lua_Integer position = 0;
    lua_pushnil(L);
    while (lua_next(L, 1) != 0 && position < count) {
        meter.step();
        lua_pop(L, 1);
        ++position;
        lua_pushvalue(L, -1);
        lua_rawseti(L, 2, position);
        entries[position - 1] = describe_key(L, -1, position);
    }
    lua_settop(L, 3);
    std::sort(entries, entries + position, key_less);
    lua_createtable(L, static_cast<int>(std::min<lua_Integer>(position, 1 << 26)), 0);  // 4: keys in order
    for (lua_Integer i = 0; i < position; ++i) {
        meter.step();
        lua_rawgeti(L, 2, entries[i].raw_position);
        lua_rawseti(L, 4, i + 1);
    }
    meter.flush();
    lua_pushvalue(L, 1);
    lua_pushvalue(L, 4);
    lua_pushinteger(L, 0);
    lua_pushcclosure(L, ordered_next, 3);
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    return 3;
}

}  // namespace rubric::hooks
