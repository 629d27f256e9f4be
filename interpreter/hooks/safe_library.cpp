#include "interpreter/hooks/safe_library.hpp"

#include "interpreter/hooks/decimal_userdata.hpp"
#include "interpreter/hooks/lazy_library.hpp"
#include "interpreter/hooks/safe_base.hpp"
#include "interpreter/hooks/safe_string.hpp"
#include "interpreter/hooks/safe_table.hpp"

namespace rubric::hooks {

namespace {

constexpr const char* base_whitelist[] = {
    "assert", "error", "getmetatable", "ipairs", "next", "pcall", "rawequal", "rawget",
    "rawlen", "rawset", "select", "type", "_VERSION", nullptr,
};
constexpr const char* string_whitelist[] = {
    "byte", "char", "len", "lower", "reverse", "sub", "upper", nullptr,
};
constexpr const char* table_whitelist[] = {"concat", "pack", "unpack", nullptr};
constexpr const char* math_whitelist[] = {
    "abs", "acos", "asin", "atan", "ceil", "cos", "exp", "floor", "fmod", "huge", "log", "max",
    "maxinteger", "min", "mininteger", "modf", "pi", "sin", "sqrt", "tan", "tointeger", "type", "ult", nullptr,
};
constexpr const char* utf8_whitelist[] = {
    "char", "charpattern", "codepoint", "codes", "len", "offset", nullptr,
};
constexpr const char* string_arithmetic[] = {
    "__add", "__sub", "__mul", "__div", "__mod", "__pow", "__unm", "__idiv", nullptr,
};

// Copies the named fields of the table at `from` into the table at `to`.
void copy_fields(lua_State* L, int from, int to, const char* const* names) {
    from = lua_absindex(L, from);
    to = lua_absindex(L, to);
    for (; *names != nullptr; ++names) {
        lua_getfield(L, from, *names);
        lua_setfield(L, to, *names);
    }
}

// Pushes a new table with the same fields as the table at `source`.
void push_shallow_copy(lua_State* L, int source) {
    source = lua_absindex(L, source);
    lua_createtable(L, 0, 32);
    lua_pushnil(L);
    while (lua_next(L, source) != 0) {
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, -4);
    }
}

// The original function `name` of the library table at `original`, pushed as
// upvalue 1 of `guard`.
void push_guard(lua_State* L, int original, const char* name, lua_CFunction guard) {
    lua_getfield(L, original, name);
    lua_pushcclosure(L, guard, 1);
}

void set_function(lua_State* L, int table, const char* name, lua_CFunction function) {
    lua_pushcfunction(L, function);
    lua_setfield(L, table, name);
}

// Stack on entry: … original base, string, table, math, utf8 (at `first`).
void build_pristine_tables(lua_State* L, int first) {
    const int base = first;
    const int string = first + 1;
    const int table = first + 2;
    const int math = first + 3;
    const int utf8 = first + 4;
    lua_createtable(L, 0, 5);
    const int pristine = lua_gettop(L);

    lua_createtable(L, 0, 24);
    copy_fields(L, base, -1, base_whitelist);
    set_function(L, lua_gettop(L), "tostring", safe_tostring);
    set_function(L, lua_gettop(L), "pairs", ordered_pairs);
    set_function(L, lua_gettop(L), "setmetatable", guarded_setmetatable);
    push_guard(L, base, "tonumber", strict_tonumber);
    lua_setfield(L, -2, "tonumber");
    push_guard(L, base, "xpcall", guarded_xpcall);
    lua_setfield(L, -2, "xpcall");
    set_function(L, lua_gettop(L), "decimal", new_decimal);
    lua_setfield(L, pristine, "base");

    lua_createtable(L, 0, 16);
    copy_fields(L, string, -1, string_whitelist);
    set_function(L, lua_gettop(L), "find", pattern_find);
    set_function(L, lua_gettop(L), "match", pattern_match);
    set_function(L, lua_gettop(L), "gmatch", pattern_gmatch);
    set_function(L, lua_gettop(L), "gsub", pattern_gsub);
    push_guard(L, string, "format", guarded_format);
    lua_setfield(L, -2, "format");
    push_guard(L, string, "rep", guarded_rep);
    lua_setfield(L, -2, "rep");
    lua_setfield(L, pristine, "string");

    lua_createtable(L, 0, 8);
    copy_fields(L, table, -1, table_whitelist);
    set_function(L, lua_gettop(L), "sort", stable_sort);
    set_function(L, lua_gettop(L), "insert", table_insert);
    set_function(L, lua_gettop(L), "remove", table_remove);
    set_function(L, lua_gettop(L), "move", table_move);
    lua_setfield(L, pristine, "table");

    lua_createtable(L, 0, 24);
    copy_fields(L, math, -1, math_whitelist);
    lua_setfield(L, pristine, "math");

    lua_createtable(L, 0, 6);
    copy_fields(L, utf8, -1, utf8_whitelist);
    lua_setfield(L, pristine, "utf8");
}

// Strings get a new metatable: the sandbox's string functions (a copy no hook
// can reach), Lua's string arithmetic, and protection.
void protect_string_metatable(lua_State* L, int pristine) {
    lua_createtable(L, 0, 10);
    const int metatable = lua_gettop(L);
    lua_pushliteral(L, "");
    if (lua_getmetatable(L, -1) != 0) {
        copy_fields(L, lua_gettop(L), metatable, string_arithmetic);
        lua_pop(L, 1);
    }
    lua_getfield(L, pristine, "string");
    push_shallow_copy(L, -1);
    lua_setfield(L, metatable, "__index");
    lua_pop(L, 1);
    lua_pushboolean(L, 0);
    lua_setfield(L, metatable, "__metatable");
    lua_pushvalue(L, metatable);
    lua_setmetatable(L, -2);  // on the "" pushed above
    lua_pop(L, 2);
}

}  // namespace

void install_safe_library(lua_State* L) {
    register_decimal_type(L);
    const int first = lua_gettop(L) + 1;
    // requiref records each library in package.loaded (_LOADED), as a normal
    // state would; Lua's error messages use it to name functions ("bad
    // argument #1 to 'format'"). No hook can reach it.
    luaL_requiref(L, "_G", luaopen_base, 0);
    luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 0);
    luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 0);
    luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 0);
    luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 0);
    // The functions that read tables raw must see lazy tables whole
    // (lazy_library.hpp). Replaced in the base library itself, which is
    // package.loaded._G: Lua's messages then name them as before ("bad
    // argument #1 to 'next'") when they are called from C (pcall(next, 1)).
    set_function(L, first, "next", sandbox_next);
    set_function(L, first, "rawget", sandbox_rawget);
    set_function(L, first, "rawset", sandbox_rawset);
    set_function(L, first, "getmetatable", sandbox_getmetatable);
    build_pristine_tables(L, first);
    const int pristine = lua_gettop(L);
    protect_string_metatable(L, pristine);
    install_lazy_metatable(L, pristine);
    lua_settop(L, first - 1);
    // The state's own globals held the full base library: replace them.
    lua_newtable(L);
    lua_rawseti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
}

void push_fresh_environment(lua_State* L) { push_lazy_environment(L); }

}  // namespace rubric::hooks
