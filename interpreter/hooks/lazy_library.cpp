#include "interpreter/hooks/lazy_library.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "interpreter/hooks/sandbox_runtime.hpp"

// These functions may be unwound by Lua errors: their frames hold only
// trivially destructible objects.

namespace rubric::hooks {

namespace {

// Registry key (its address) of the lazy data table, which is also the
// environment's lazy metatable. Its integer slots hold, for each kind, the
// pristine entries as {key → position}, {position → key} and {position →
// value} (keys in byte order), and the library kinds' metatables.
const char lazy_data_key = 0;

constexpr const char* library_names[] = {"string", "table", "math", "utf8"};  // kinds 1…4

int index_slot(int kind) { return kind * 3 + 1; }
int keys_slot(int kind) { return kind * 3 + 2; }
int values_slot(int kind) { return kind * 3 + 3; }
int library_metatable_slot(int kind) { return 3 * lazy_kind_count + kind; }

// In the environment's values: integer 0 stands for the environment itself
// (_G), integer k for a new lazy library table of kind k.
constexpr lua_Integer environment_marker = 0;

LazyTables& lazy_of(lua_State* L) noexcept { return runtime_of(L).lazy; }

std::uint64_t bit_of(lua_Integer position) noexcept { return std::uint64_t{1} << (position - 1); }

// The kind of the value at `index` if it is a lazy table, else -1.
int lazy_kind(lua_State* L, int index) noexcept {
    if (lua_type(L, index) != LUA_TTABLE || lua_getmetatable(L, index) == 0) return -1;
    const LazyTables& lazy = lazy_of(L);
    const void* metatable = lua_topointer(L, -1);
    lua_pop(L, 1);
    for (int kind = 0; kind < lazy_kind_count; ++kind)
        if (metatable == lazy.metatables[kind]) return kind;
    return -1;
}

// Earlier calls' environments are unreachable. Should one ever be reached,
// refuse rather than treat it with this call's resolved set (or hand out
// its metatable, which holds the pristine tables).
void check_current_environment(lua_State* L, int environment) {
    if (lua_topointer(L, environment) != lazy_of(L).environment)
        luaL_error(L, "internal error: an earlier call's hook environment was reached");
}

// Pushes a new lazy library table of `kind` (the data table at `data`).
void push_library_table(lua_State* L, int data, int kind) {
    lua_createtable(L, 0, 0);
    lua_rawgeti(L, data, library_metatable_slot(kind));
    lua_setmetatable(L, -2);
}

// Pushes pristine value `position` of the environment at `environment`.
void push_environment_value(lua_State* L, int data, int values, lua_Integer position, int environment) {
    lua_rawgeti(L, values, position);
    if (!lua_isinteger(L, -1)) return;  // the pristine values are functions and a string
    const lua_Integer marker = lua_tointeger(L, -1);
    lua_pop(L, 1);
    if (marker == environment_marker)
        lua_pushvalue(L, environment);
    else
        push_library_table(L, data, static_cast<int>(marker));
}

// Copies environment entry `position` (key at `key`) into the environment at
// `environment` unless it is resolved already.
void resolve_environment_entry(lua_State* L, int data, int values, lua_Integer position, int key, int environment) {
    LazyTables& lazy = lazy_of(L);
    if ((lazy.resolved & bit_of(position)) != 0) return;
    lua_pushvalue(L, key);
    push_environment_value(L, data, values, position, environment);
    lua_rawset(L, environment);
    // Only now: had the copy run out of memory, the entry would still be unresolved.
    lazy.resolved |= bit_of(position);
}

// Position of the key at `key` among the pristine environment keys (its
// {key → position} table at `index`), 0 if none.
lua_Integer environment_position(lua_State* L, int index, int key) {
    if (lua_type(L, key) != LUA_TSTRING) return 0;
    lua_pushvalue(L, key);
    lua_rawget(L, index);
    const lua_Integer position = lua_tointeger(L, -1);  // 0 for nil
    lua_pop(L, 1);
    return position;
}

// The environment's metamethods: closures with upvalues 1 {key → position},
// 2 {position → value}, 3 the data table. Arguments (environment, key[,
// value]); only this call's environment is reachable.
constexpr int index_upvalue = lua_upvalueindex(1);
constexpr int values_upvalue = lua_upvalueindex(2);
constexpr int data_upvalue = lua_upvalueindex(3);

// __index: the raw slot is empty. The pristine value if the key is an
// unresolved pristine key (copied in), else nil.
int environment_index(lua_State* L) noexcept {
    lua_settop(L, 2);
    LazyTables& lazy = lazy_of(L);
    if (lua_topointer(L, 1) != lazy.environment) return 0;
    const lua_Integer position = environment_position(L, index_upvalue, 2);
    if (position == 0 || (lazy.resolved & bit_of(position)) != 0) return 0;
    push_environment_value(L, data_upvalue, values_upvalue, position, 1);  // 3, returned
    lua_pushvalue(L, 2);
    lua_pushvalue(L, 3);
    lua_rawset(L, 1);
    // Only now: had the copy run out of memory, the entry would still be unresolved.
    lazy.resolved |= bit_of(position);
    return 1;
}

int raw_assign(lua_State* L) noexcept {
    lua_rawset(L, 1);
    return 0;
}

// Arguments (table, key, value), the key nil or NaN: raises Lua's own message
// ("table index is nil"), with the position of the assignment (level 1: the
// function that assigned) as the VM gives it when it raises there itself.
int raise_if_bad_key(lua_State* L) {
    const bool bad = lua_isnil(L, 2) ||
                     (lua_type(L, 2) == LUA_TNUMBER && !lua_isinteger(L, 2) && std::isnan(lua_tonumber(L, 2)));
    if (!bad) return 0;
    luaL_where(L, 1);  // 4
    lua_pushcfunction(L, raw_assign);
    lua_pushvalue(L, 1);
    lua_pushvalue(L, 2);
    lua_pushvalue(L, 3);
    const int status = lua_pcall(L, 3, 0, 0);
    if (status == LUA_OK) {  // not reached: Lua refuses such a key
        lua_settop(L, 3);
        return 0;
    }
    if (status == LUA_ERRRUN && lua_type(L, -1) == LUA_TSTRING) lua_concat(L, 2);
    return lua_error(L);
}

// __newindex: the raw slot is empty; the hook's value becomes the table's own.
int environment_newindex(lua_State* L) noexcept {
    lua_settop(L, 3);
    raise_if_bad_key(L);
    const lua_Integer position =
        lua_topointer(L, 1) == lazy_of(L).environment ? environment_position(L, index_upvalue, 2) : 0;
    lua_rawset(L, 1);
    if (position != 0) lazy_of(L).resolved |= bit_of(position);
    return 0;
}

// Makes the lazy table at `table` (of `kind`) plain: copies in every entry
// not resolved yet and removes the lazy metatable.
void materialize(lua_State* L, int table, int kind) {
    if (kind == lazy_environment) check_current_environment(L, table);
    const int top = lua_gettop(L);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &lazy_data_key);
    const int data = top + 1;
    lua_rawgeti(L, data, keys_slot(kind));
    lua_rawgeti(L, data, values_slot(kind));
    const int keys = top + 2;
    const int values = top + 3;
    const auto count = static_cast<lua_Integer>(lua_rawlen(L, keys));
    for (lua_Integer position = 1; position <= count; ++position) {
        lua_rawgeti(L, keys, position);
        if (kind == lazy_environment) {
            resolve_environment_entry(L, data, values, position, lua_gettop(L), table);
            lua_pop(L, 1);
        } else {
            lua_rawgeti(L, values, position);
            lua_rawset(L, table);
        }
    }
    lua_pushnil(L);
    lua_setmetatable(L, table);
    if (kind == lazy_environment) lazy_of(L).environment = nullptr;
    lua_settop(L, top);
}

// A library table's __newindex: closure with upvalue 1 the kind. Any write
// makes the (raw-empty) table a full copy first.
int library_newindex(lua_State* L) noexcept {
    lua_settop(L, 3);
    raise_if_bad_key(L);
    materialize(L, 1, static_cast<int>(lua_tointeger(L, lua_upvalueindex(1))));
    lua_rawset(L, 1);
    return 0;
}

// One pristine entry while the data table is built: its name (a key of the
// source table, or a literal) and, for the environment's extra entries, the
// marker that stands for its value.
struct Entry {
    const char* name;
    lua_Integer marker;  // -1: the source table's value
};

// Stores the entries of the pristine table at `source` at the data table's
// slots for `kind`; the environment also gets _G and the library tables.
void add_kind(lua_State* L, int data, int kind, int source) {
    constexpr int max_entries = 64;  // bits of LazyTables::resolved
    Entry entries[max_entries];
    int count = 0;
    lua_pushnil(L);
    while (lua_next(L, source) != 0) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING || count == max_entries)
            luaL_error(L, "pristine library: more than 64 entries or a key that is not a string");
        entries[count++] = Entry{lua_tostring(L, -1), -1};  // stays alive as a key of source
    }
    std::sort(entries, entries + count,
              [](const Entry& a, const Entry& b) { return std::strcmp(a.name, b.name) < 0; });
    if (kind == lazy_environment) {
        if (count + 5 > max_entries) luaL_error(L, "pristine library: more than 64 entries");
        entries[count++] = Entry{"_G", environment_marker};
        for (int library = lazy_string; library < lazy_kind_count; ++library)
            entries[count++] = Entry{library_names[library - 1], library};
    }
    lua_createtable(L, 0, count);  // index
    lua_createtable(L, count, 0);  // keys
    lua_createtable(L, count, 0);  // values
    const int index = lua_gettop(L) - 2;
    for (int i = 0; i < count; ++i) {
        const Entry& entry = entries[i];
        if (std::strncmp(entry.name, "__", 2) == 0) luaL_error(L, "pristine library key looks like a metamethod");
        lua_pushstring(L, entry.name);
        lua_pushinteger(L, i + 1);
        lua_rawset(L, index);
        lua_pushstring(L, entry.name);
        lua_rawseti(L, index + 1, i + 1);
        if (entry.marker >= 0)
            lua_pushinteger(L, entry.marker);
        else
            lua_getfield(L, source, entry.name);
        lua_rawseti(L, index + 2, i + 1);
    }
    lua_rawseti(L, data, values_slot(kind));
    lua_rawseti(L, data, keys_slot(kind));
    lua_rawseti(L, data, index_slot(kind));
}

}  // namespace

void install_lazy_metatable(lua_State* L, int pristine) {
    pristine = lua_absindex(L, pristine);
    LazyTables& lazy = lazy_of(L);
    lazy = LazyTables{};
    lua_createtable(L, 4 * lazy_kind_count, 2);
    const int data = lua_gettop(L);
    lazy.metatables[lazy_environment] = lua_topointer(L, data);
    lua_getfield(L, pristine, "base");
    add_kind(L, data, lazy_environment, lua_gettop(L));
    lua_pop(L, 1);
    for (int kind = lazy_string; kind < lazy_kind_count; ++kind) {
        lua_getfield(L, pristine, library_names[kind - 1]);  // the pristine library table
        const int library = lua_gettop(L);
        add_kind(L, data, kind, library);
        lua_createtable(L, 0, 2);
        lazy.metatables[kind] = lua_topointer(L, -1);
        lua_pushvalue(L, library);  // reads go straight to the pristine table
        lua_setfield(L, -2, "__index");
        lua_pushinteger(L, kind);
        lua_pushcclosure(L, library_newindex, 1);
        lua_setfield(L, -2, "__newindex");
        lua_rawseti(L, data, library_metatable_slot(kind));
        lua_pop(L, 1);
    }
    lua_rawgeti(L, data, index_slot(lazy_environment));
    lua_rawgeti(L, data, values_slot(lazy_environment));
    lua_pushvalue(L, data);
    lua_pushcclosure(L, environment_index, 3);
    lua_setfield(L, data, "__index");
    lua_rawgeti(L, data, index_slot(lazy_environment));
    lua_rawgeti(L, data, values_slot(lazy_environment));
    lua_pushvalue(L, data);
    lua_pushcclosure(L, environment_newindex, 3);
    lua_setfield(L, data, "__newindex");
    lua_rawsetp(L, LUA_REGISTRYINDEX, &lazy_data_key);
}

void push_lazy_environment(lua_State* L) {
    lua_createtable(L, 0, 8);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &lazy_data_key);
    lua_setmetatable(L, -2);
    LazyTables& lazy = lazy_of(L);
    lazy.environment = lua_topointer(L, -1);
    lazy.resolved = 0;
}

void materialize_if_lazy(lua_State* L, int index) {
    const int kind = lazy_kind(L, index);
    if (kind >= 0) materialize(L, lua_absindex(L, index), kind);
}

void resolve_if_lazy(lua_State* L, int table, int key) {
    const int kind = lazy_kind(L, table);
    if (kind < 0) return;
    table = lua_absindex(L, table);
    if (kind != lazy_environment) {
        materialize(L, table, kind);
        return;
    }
    check_current_environment(L, table);
    key = lua_absindex(L, key);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &lazy_data_key);
    const int data = lua_gettop(L);
    lua_rawgeti(L, data, index_slot(lazy_environment));
    lua_rawgeti(L, data, values_slot(lazy_environment));
    const lua_Integer position = environment_position(L, data + 1, key);
    if (position != 0) resolve_environment_entry(L, data, data + 2, position, key, table);
    lua_settop(L, data - 1);
}

// As lbaselib.c's luaB_next, luaB_rawget, luaB_rawset, luaB_getmetatable.

int sandbox_next(lua_State* L) noexcept {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 2);
    materialize_if_lazy(L, 1);
    if (lua_next(L, 1) != 0) return 2;
    lua_pushnil(L);
    return 1;
}

int sandbox_rawget(lua_State* L) noexcept {
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checkany(L, 2);
    lua_settop(L, 2);
    resolve_if_lazy(L, 1, 2);
    lua_rawget(L, 1);
    return 1;
}

int sandbox_rawset(lua_State* L) noexcept {
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checkany(L, 2);
    luaL_checkany(L, 3);
    lua_settop(L, 3);
    resolve_if_lazy(L, 1, 2);  // then overwritten: the slot stays resolved
    lua_rawset(L, 1);
    return 1;
}

int sandbox_getmetatable(lua_State* L) noexcept {
    luaL_checkany(L, 1);
    materialize_if_lazy(L, 1);
    if (lua_getmetatable(L, 1) == 0) {
        lua_pushnil(L);
        return 1;
    }
    luaL_getmetafield(L, 1, "__metatable");
    return 1;
}

}  // namespace rubric::hooks
