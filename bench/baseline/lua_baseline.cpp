#include "bench/baseline/lua_baseline.hpp"

#include <lua.hpp>

#include <stdexcept>

namespace longhua {

LuaBaseline::LuaBaseline(const std::string& script_path) : L_(luaL_newstate()) {
    if (!L_) throw std::runtime_error("luaL_newstate failed");
    luaL_openlibs(L_);
    if (luaL_dofile(L_, script_path.c_str()) != LUA_OK) {
        std::string message = lua_tostring(L_, -1);
        lua_close(L_);
        throw std::runtime_error(message);
    }
    if (lua_getglobal(L_, "score") != LUA_TFUNCTION) {
        lua_close(L_);
        throw std::runtime_error(script_path + " defines no function score");
    }
    function_ = luaL_ref(L_, LUA_REGISTRYINDEX);
    lua_createtable(L_, column_count, 0);
    values_ = luaL_ref(L_, LUA_REGISTRYINDEX);
    lua_createtable(L_, leaf_count, 0);
    out_ = luaL_ref(L_, LUA_REGISTRYINDEX);
}

LuaBaseline::~LuaBaseline() { lua_close(L_); }

void LuaBaseline::score(const Record& record, Scores& scores) {
    lua_rawgeti(L_, LUA_REGISTRYINDEX, function_);
    lua_rawgeti(L_, LUA_REGISTRYINDEX, values_);
    for (int c = 0; c < column_count; ++c) {
        lua_pushinteger(L_, record.values[static_cast<size_t>(c)]);
        lua_rawseti(L_, -2, c + 1);
    }
    lua_rawgeti(L_, LUA_REGISTRYINDEX, out_);
    if (lua_pcall(L_, 2, 2, 0) != LUA_OK) {
        std::string message = lua_tostring(L_, -1);
        lua_pop(L_, 1);
        throw std::runtime_error(message);
    }
    scores.total = static_cast<int32_t>(lua_tointeger(L_, -2));
    scores.grade = static_cast<int>(lua_tointeger(L_, -1));
    lua_pop(L_, 2);
    lua_rawgeti(L_, LUA_REGISTRYINDEX, out_);
    for (int i = 0; i < leaf_count; ++i) {
        lua_rawgeti(L_, -1, i + 1);
        scores.leaf[static_cast<size_t>(i)] = static_cast<int32_t>(lua_tointeger(L_, -1));
        lua_pop(L_, 1);
    }
    lua_pop(L_, 1);
}

}  // namespace longhua
