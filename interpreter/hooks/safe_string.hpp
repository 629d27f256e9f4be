#pragma once
// Guards around Lua's own string.format and string.rep (each given the
// original as upvalue 1), and the interruptible pattern functions
// string.find, string.match, string.gmatch and string.gsub (lua_patterns.hpp).
//
//  format  refuses %p (it prints an address) and gives %s arguments that are
//          not strings or numbers the sandbox's tostring text, so no address
//          can leak ("table", not "table: 0x55…").
//  rep     returns "" at once for an empty string and separator: Lua's own
//          would loop n times copying nothing (("")):rep(1e15) never ends).
//          Large results fail through the memory cap ("not enough memory").
//  find/match/gmatch/gsub follow Lua 5.4 (init, plain, anchors, gmatch's
//          init and empty-match rule, gsub with string/table/function and a
//          maximum count) and stop with the limit error when the call's
//          budget runs out.

#include <lua.hpp>

namespace rubric::hooks {

int guarded_format(lua_State* L) noexcept;
int guarded_rep(lua_State* L) noexcept;

int pattern_find(lua_State* L) noexcept;
int pattern_match(lua_State* L) noexcept;
int pattern_gmatch(lua_State* L) noexcept;
int pattern_gsub(lua_State* L) noexcept;

}  // namespace rubric::hooks
