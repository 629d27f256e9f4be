#pragma once
// The vetted library a hook sees, and a fresh copy of it for every call.
//
// install_safe_library (once per lua_State, in protected mode) opens Lua's
// base, string, table, math and utf8 libraries, keeps only the whitelisted
// functions (plus the replacements of safe_base / safe_string / safe_table and
// the decimal constructor) in "pristine" tables in the registry, gives strings
// a protected metatable, and empties the state's own globals.
//
// push_fresh_environment builds a new _ENV for one call: to the hook, a new
// table holding the base functions, new copies of string, table, math and
// utf8, _G (itself), _VERSION and decimal. The copies are made on demand,
// entry by entry as the hook first uses them (lazy_library.hpp), which the
// hook cannot tell from full copies. Whatever a hook does to its environment
// — replace string.upper, setmetatable(_G, …), assign globals, rawset into a
// library table — is gone for the next call.
//
// The whitelist itself is listed in sandbox.hpp; the arrays in
// safe_library.cpp are what counts.
//
// Not available: io, os, package, require, debug, coroutine, dofile,
// loadfile, load, print, warn, collectgarbage, string.dump, string.pack,
// math.random. rawset is kept: every call's tables are fresh, so it can only
// touch the hook's own data. next, rawget, rawset and getmetatable are the
// sandbox's own (lazy_library.hpp), with Lua's behaviour and messages.
//
// The string metatable: __index is a hidden copy of the string table (so
// ("x"):upper() works), __metatable = false (so getmetatable("") gives false
// and nothing shared can be reached), plus Lua's string-arithmetic
// metamethods ("10" + 1).

#include <lua.hpp>

namespace rubric::hooks {

void install_safe_library(lua_State* L);
void push_fresh_environment(lua_State* L);

}  // namespace rubric::hooks
