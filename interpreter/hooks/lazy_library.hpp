#pragma once
// Lazy copies of the pristine library: how every hook call gets its own
// environment and its own string, table, math and utf8 tables without
// copying ~80 entries per call.
//
// THE ENVIRONMENT starts as an empty table whose metatable is the hidden lazy
// data table. A pristine entry (a base function, _VERSION, decimal, _G, or a
// library table) is copied in the first time the hook reads that key
// (__index) and never again; a write of a pristine key (__newindex) makes the
// hook's value the environment's own. From then on the raw slot is the truth,
// exactly as in a full copy: assigning nil deletes the entry for the rest of
// the call. Which keys are resolved is a bit set in the SandboxRuntime
// (LazyTables), reset at the start of every call.
//
// A LIBRARY TABLE (string, table, math, utf8) is created, empty, when the
// environment's key is first resolved. Its metatable's __index is the
// pristine library table itself, so reads cost no more than a second lookup;
// its __newindex turns it into a full copy (copies every entry, removes the
// metatable) before the write. While it has that metatable it is raw-empty
// and reads exactly like the pristine table.
//
// Why this is the same as a full copy for the hook:
//  * every key of an unresolved entry is absent from the raw table, so any
//    ordinary read or write of it goes through __index / __newindex;
//  * the raw accesses a hook can make go through the sandbox's own next,
//    rawget, rawset, getmetatable, setmetatable and pairs, which resolve the
//    key (rawget, rawset on the environment) or copy every missing entry and
//    drop the lazy metatable (materialize: the others, and rawget/rawset on a
//    library table) before doing what Lua's own would do. The host does the
//    same before reading a returned table and when looking up the hook
//    function;
//  * pristine keys are strings that are not metamethod names ("__…"), so the
//    raw length (#t, rawlen) and metamethod lookups through such a table (used
//    as a metatable) see the same as in a full copy;
//  * the lazy metatables have no other field a hook could observe
//    (__tostring, __name, __pairs, __metatable, __len, __eq…), and no hook can
//    reach them or the pristine tables: getmetatable materializes first.
//
// Every call starts from new, empty tables, so nothing a hook does to its
// environment or library tables can reach the next call or another hook.

#include <cstdint>

#include <lua.hpp>

namespace rubric::hooks {

// Table kinds, in this order: the environment, then the library tables.
enum LazyKind : int { lazy_environment = 0, lazy_string, lazy_table, lazy_math, lazy_utf8, lazy_kind_count };

// Per-call state, kept in the SandboxRuntime.
struct LazyTables {
    const void* metatables[lazy_kind_count] = {};  // identity of each kind's lazy metatable
    const void* environment = nullptr;             // this call's environment, while lazy
    std::uint64_t resolved = 0;                    // bit p-1: environment key p's raw slot is the truth
};

// Once per lua_State: builds the lazy metatable from the pristine tables
// {base=…, string=…, table=…, math=…, utf8=…} at index `pristine`.
void install_lazy_metatable(lua_State* L, int pristine);

// Pushes a new, lazy environment for one call (and forgets the previous
// call's lazy tables).
void push_lazy_environment(lua_State* L);

// If the value at index is a lazy table: copy in every unresolved pristine
// entry and remove the lazy metatable, making it a plain table. May raise
// (memory).
void materialize_if_lazy(lua_State* L, int index);

// If the table at `table` is lazy and the key at `key` is an unresolved
// pristine key: copy that entry in. Either way the raw slot is then the truth.
void resolve_if_lazy(lua_State* L, int table, int key);

// The base functions that read tables raw, resolving lazy tables first. Same
// arguments, results and messages as Lua's own.
int sandbox_next(lua_State* L) noexcept;
int sandbox_rawget(lua_State* L) noexcept;
int sandbox_rawset(lua_State* L) noexcept;
int sandbox_getmetatable(lua_State* L) noexcept;

}  // namespace rubric::hooks
