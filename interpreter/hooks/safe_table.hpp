#pragma once
// table.sort, table.insert, table.remove and table.move, rewritten so that
// their loops are charged to the call's instruction budget.
//
// Why: Lua's own versions loop in C, where the count hook cannot interrupt
// them; with a __len metamethod claiming 10^15 elements, table.insert(t, 1, x)
// would shift forever. Lua's table.sort also picks pivots from the clock
// (l_randomizePivot), so elements that compare equal could come out in a
// different order from run to run. This table.sort is a stable merge sort:
// equal elements keep their order, which is deterministic and documented.
// Semantics otherwise follow the reference manual; the first argument must be
// a table (its metamethods are honoured as in Lua).

#include <lua.hpp>

namespace rubric::hooks {

int stable_sort(lua_State* L) noexcept;
int table_insert(lua_State* L) noexcept;
int table_remove(lua_State* L) noexcept;
int table_move(lua_State* L) noexcept;

}  // namespace rubric::hooks
