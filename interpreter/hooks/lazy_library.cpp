#include "interpreter/hooks/lazy_library.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "interpreter/hooks/sandbox_runtime.hpp"

// These functions may be unwound by Lua errors: their frames hold only
// trivially destructible objects.

namespace rubric::hooks {

namespace {

// Registry key (its address) of the lazy metatable.
const char lazy_metatable_key = 0;

constexpr const char* library_names[] = {"string", "table", "math", "utf8"};  // kinds 1…4

// The lazy metatable holds, for each kind, three sequences at these slots:
// {key → position}, {position → key}, {position → value}.
int index_slot(int kind) { return kind * 3 + 1; }
int keys_slot(int kind) { return kind * 3 + 2; }
int values_slot(int kind) { return kind * 3 + 3; }

// In the environment's values: integer 0 stands for the environment itself
// (_G), integer k for a new lazy library table of kind k.
constexpr lua_Integer environment_marker = 0;

LazyTables& lazy_of(lua_State* L) noexcept { return runtime_of(L).lazy; }

std::uint64_t bit_of(lua_Integer position) noexcept { return std::uint64_t{1} << (position - 1); }

// The kind of this call's lazy table at `table` (known to carry the lazy
// metatable), or -1.
int kind_of(const LazyTables& lazy, const void* table) noexcept {
    for (int kind = 0; kind < lazy_kind_count; ++kind)
        if (lazy.tables[kind] == table) return kind;
    return -1;
}

// The kind of the value at `index` if it is a lazy table of this call, else -1.
int lazy_kind(lua_State* L, int index) noexcept {
    if (lua_type(L, index) != LUA_TTABLE || lua_getmetatable(L, index) == 0) return -1;
    const LazyTables& lazy = lazy_of(L);
    const bool lazy_metatable = lua_topointer(L, -1) == lazy.metatable;
    lua_pop(L, 1);
    // Both checks: a lazy table dropped by the hook may be collected and its
    // address reused by a plain table.
    return lazy_metatable ? kind_of(lazy, lua_topointer(L, index)) : -1;
}

// Position (1-based) of the key at `key` among the pristine keys of `kind`, 0 if it is none.
lua_Integer pristine_position(lua_State* L, int metatable, int kind, int key) {
    if (lua_type(L, key) != LUA_TSTRING) return 0;
    lua_rawgeti(L, metatable, index_slot(kind));
    lua_pushvalue(L, key);
    lua_rawget(L, -2);
    const lua_Integer position = lua_tointeger(L, -1);  // 0 for nil
    lua_pop(L, 2);
    return position;
}

void push_lazy_table(lua_State* L, int metatable, int kind) {
    lua_createtable(L, 0, kind == lazy_environment ? 8 : 4);
    lua_pushvalue(L, metatable);
    lua_setmetatable(L, -2);
    LazyTables& lazy = lazy_of(L);
    const void* table = lua_topointer(L, -1);
    // A lazy table of another kind dropped by the hook and collected may have
    // had this address: forget it, or kind_of would take this one for it.
    for (const void*& known : lazy.tables)
        if (known == table) known = nullptr;
    lazy.tables[kind] = table;
    lazy.resolved[kind] = 0;
}

// Pushes the pristine value at `position` of `kind`, for the lazy table at `table`.
void push_pristine_value(lua_State* L, int metatable, int kind, lua_Integer position, int table) {
    lua_rawgeti(L, metatable, values_slot(kind));
    lua_rawgeti(L, -1, position);
    lua_remove(L, -2);
    if (kind == lazy_environment && lua_isinteger(L, -1)) {
        const lua_Integer marker = lua_tointeger(L, -1);
        lua_pop(L, 1);
        if (marker == environment_marker)
            lua_pushvalue(L, table);
        else
            push_lazy_table(L, metatable, static_cast<int>(marker));
    }
}

// Copies pristine entry `position` into the table at `table` unless resolved.
void resolve_position(lua_State* L, int metatable, int kind, lua_Integer position, int table) {
    if ((lazy_of(L).resolved[kind] & bit_of(position)) != 0) return;
    lua_rawgeti(L, metatable, keys_slot(kind));
    lua_rawgeti(L, -1, position);
    lua_replace(L, -2);
    push_pristine_value(L, metatable, kind, position, table);
    lua_rawset(L, table);
    // Only now: had the copy run out of memory, the entry would still be unresolved.
    lazy_of(L).resolved[kind] |= bit_of(position);
}

void resolve_key(lua_State* L, int metatable, int kind, int table, int key) {
    const lua_Integer position = pristine_position(L, metatable, kind, key);
    if (position != 0) resolve_position(L, metatable, kind, position, table);
}

// Metamethods of the lazy metatable. Arguments (table, key[, value]); the
// table carries the lazy metatable, so it is one of this call's lazy tables
// (earlier calls' are unreachable).

int lazy_index(lua_State* L) noexcept {
    lua_settop(L, 2);
    const int kind = kind_of(lazy_of(L), lua_topointer(L, 1));
    if (kind >= 0) {
        lua_getmetatable(L, 1);  // 3
        resolve_key(L, 3, kind, 1, 2);
        lua_settop(L, 2);
    }
    lua_rawget(L, 1);
    return 1;
}

int raw_assign(lua_State* L) noexcept {
    lua_rawset(L, 1);
    return 0;
}

// Arguments (table, key, value), the key nil or NaN: raises Lua's own message
// ("table index is nil"), with the position of the assignment (level 1: the
// function that assigned) as the VM gives it when it raises there itself.
int raise_bad_index(lua_State* L) {
    luaL_where(L, 1);  // 4
    lua_pushcfunction(L, raw_assign);
    lua_pushvalue(L, 1);
    lua_pushvalue(L, 2);
    lua_pushvalue(L, 3);
    const int status = lua_pcall(L, 3, 0, 0);
    if (status == LUA_OK) return 0;  // not reached: Lua refuses such a key
    if (status == LUA_ERRRUN && lua_type(L, -1) == LUA_TSTRING) lua_concat(L, 2);
    return lua_error(L);
}

int lazy_newindex(lua_State* L) noexcept {
    lua_settop(L, 3);
    if (lua_isnil(L, 2) || (lua_type(L, 2) == LUA_TNUMBER && !lua_isinteger(L, 2) && std::isnan(lua_tonumber(L, 2))))
        return raise_bad_index(L);
    const int kind = kind_of(lazy_of(L), lua_topointer(L, 1));
    lua_Integer position = 0;
    if (kind >= 0) {
        lua_getmetatable(L, 1);  // 4
        position = pristine_position(L, 4, kind, 2);
        lua_settop(L, 3);
    }
    lua_rawset(L, 1);
    if (position != 0) lazy_of(L).resolved[kind] |= bit_of(position);
    return 0;
}

// One pristine entry while the metatable is built: its name (a key of the
// source table, or a literal) and, for the environment's extra entries, the
// marker that stands for its value.
struct Entry {
    const char* name;
    lua_Integer marker;  // -1: the source table's value
};

// Copies the pristine table at `source` into new {key → position},
// {position → key}, {position → value} sequences at the metatable's slots
// for `kind`, keys in byte order; the environment also gets _G and the
// library tables.
void add_kind(lua_State* L, int metatable, int kind, int source) {
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
    lua_rawseti(L, metatable, values_slot(kind));
    lua_rawseti(L, metatable, keys_slot(kind));
    lua_rawseti(L, metatable, index_slot(kind));
}

}  // namespace

void install_lazy_metatable(lua_State* L, int pristine) {
    pristine = lua_absindex(L, pristine);
    lua_createtable(L, 3 * lazy_kind_count, 2);
    const int metatable = lua_gettop(L);
    lua_pushcfunction(L, lazy_index);
    lua_setfield(L, metatable, "__index");
    lua_pushcfunction(L, lazy_newindex);
    lua_setfield(L, metatable, "__newindex");
    lua_getfield(L, pristine, "base");
    add_kind(L, metatable, lazy_environment, lua_gettop(L));
    lua_pop(L, 1);
    for (int kind = lazy_string; kind < lazy_kind_count; ++kind) {
        lua_getfield(L, pristine, library_names[kind - 1]);
        add_kind(L, metatable, kind, lua_gettop(L));
        lua_pop(L, 1);
    }
    LazyTables& lazy = lazy_of(L);
    lazy = LazyTables{};
    lazy.metatable = lua_topointer(L, metatable);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &lazy_metatable_key);
}

void push_lazy_environment(lua_State* L) {
    LazyTables& lazy = lazy_of(L);
    for (const void*& table : lazy.tables) table = nullptr;
    lua_rawgetp(L, LUA_REGISTRYINDEX, &lazy_metatable_key);
    push_lazy_table(L, lua_gettop(L), lazy_environment);
    lua_remove(L, -2);
}

void materialize_if_lazy(lua_State* L, int index) {
    const int kind = lazy_kind(L, index);
    if (kind < 0) return;
    index = lua_absindex(L, index);
    lua_getmetatable(L, index);
    const int metatable = lua_gettop(L);
    lua_rawgeti(L, metatable, keys_slot(kind));
    const auto count = static_cast<lua_Integer>(lua_rawlen(L, -1));
    lua_pop(L, 1);
    for (lua_Integer position = 1; position <= count; ++position)
        resolve_position(L, metatable, kind, position, index);
    lua_pushnil(L);
    lua_setmetatable(L, index);
    lazy_of(L).tables[kind] = nullptr;
    lua_settop(L, metatable - 1);
}

void resolve_if_lazy(lua_State* L, int table, int key) {
    const int kind = lazy_kind(L, table);
    if (kind < 0) return;
    table = lua_absindex(L, table);
    key = lua_absindex(L, key);
    lua_getmetatable(L, table);
    resolve_key(L, lua_gettop(L), kind, table, key);
    lua_pop(L, 1);
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
