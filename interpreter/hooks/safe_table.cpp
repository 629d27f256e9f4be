#include "interpreter/hooks/safe_table.hpp"

#include <climits>

#include "interpreter/hooks/call_budget.hpp"

// Frames here hold only trivially destructible objects: Lua errors unwind them.

namespace rubric::hooks {

namespace {

// Is the value at `right` less than the value at `left`? (comparator at 2 or <)
bool comes_before(lua_State* L, int right, int left) {
    if (lua_isnil(L, 2)) return lua_compare(L, right, left, LUA_OPLT) != 0;
    lua_pushvalue(L, 2);
    lua_pushvalue(L, right);
    lua_pushvalue(L, left);
    lua_call(L, 2, 1);
    const bool before = lua_toboolean(L, -1) != 0;
    lua_pop(L, 1);
    return before;
}

// Merges from[low, middle) and from[middle, high) into into[low, high).
void merge(lua_State* L, StepMeter& meter, int from, int into, lua_Integer low, lua_Integer middle, lua_Integer high) {
    lua_Integer left = low;
    lua_Integer right = middle;
    for (lua_Integer out = low; out < high; ++out) {
        meter.step();
        bool take_right = false;
        if (left >= middle) {
            take_right = true;
        } else if (right < high) {
            lua_rawgeti(L, from, right);
            lua_rawgeti(L, from, left);
            take_right = comes_before(L, lua_gettop(L) - 1, lua_gettop(L));
            lua_pop(L, 2);
        }
        lua_rawgeti(L, from, take_right ? right++ : left++);
        lua_rawseti(L, into, out);
    }
}

}  // namespace

int stable_sort(lua_State* L) noexcept {
    luaL_checktype(L, 1, LUA_TTABLE);
    const lua_Integer count = luaL_len(L, 1);
    if (count > 1) luaL_argcheck(L, count < INT_MAX, 1, "array too big");
    if (!lua_isnoneornil(L, 2)) luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_settop(L, 2);
    if (count < 2) return 0;
    StepMeter meter{L};
    lua_createtable(L, static_cast<int>(count), 0);  // 3
    lua_createtable(L, static_cast<int>(count), 0);  // 4
    for (lua_Integer i = 1; i <= count; ++i) {
        meter.step();
        lua_geti(L, 1, i);
        lua_rawseti(L, 3, i);
    }
    int from = 3;
    int into = 4;
    for (lua_Integer width = 1; width < count; width *= 2) {
        for (lua_Integer low = 1; low <= count; low += 2 * width) {
            const lua_Integer middle = low + width <= count + 1 ? low + width : count + 1;
            const lua_Integer high = low + 2 * width <= count + 1 ? low + 2 * width : count + 1;
            merge(L, meter, from, into, low, middle, high);
        }
        const int swap = from;
        from = into;
        into = swap;
    }
    for (lua_Integer i = 1; i <= count; ++i) {
        meter.step();
        lua_rawgeti(L, from, i);
        lua_seti(L, 1, i);
    }
    return 0;
}

int table_insert(lua_State* L) noexcept {
    luaL_checktype(L, 1, LUA_TTABLE);
    const lua_Integer first_empty = luaL_len(L, 1) + 1;
    lua_Integer position = first_empty;
    switch (lua_gettop(L)) {
    case 2:
        break;
    case 3: {
        position = luaL_checkinteger(L, 2);
        // 1 <= position <= first_empty, in one unsigned comparison
        luaL_argcheck(L, static_cast<lua_Unsigned>(position) - 1u < static_cast<lua_Unsigned>(first_empty), 2,
                      "position out of bounds");
        StepMeter meter{L};
        for (lua_Integer i = first_empty; i > position; --i) {
            meter.step();
            lua_geti(L, 1, i - 1);
            lua_seti(L, 1, i);
        }
        break;
    }
    default:
        return luaL_error(L, "wrong number of arguments to 'insert'");
    }
    lua_seti(L, 1, position);
    return 0;
}

int table_remove(lua_State* L) noexcept {
    luaL_checktype(L, 1, LUA_TTABLE);
    const lua_Integer size = luaL_len(L, 1);
    lua_Integer position = luaL_optinteger(L, 2, size);
    if (position != size)
        luaL_argcheck(L, static_cast<lua_Unsigned>(position) - 1u <= static_cast<lua_Unsigned>(size), 2,
                      "position out of bounds");
    lua_geti(L, 1, position);  // the removed value, returned
    StepMeter meter{L};
    for (; position < size; ++position) {
        meter.step();
        lua_geti(L, 1, position + 1);
        lua_seti(L, 1, position);
    }
    lua_pushnil(L);
    lua_seti(L, 1, position);
    return 1;
}

int table_move(lua_State* L) noexcept {
    const lua_Integer first = luaL_checkinteger(L, 2);
    const lua_Integer last = luaL_checkinteger(L, 3);
    const lua_Integer target = luaL_checkinteger(L, 4);
    const int destination = lua_isnoneornil(L, 5) ? 1 : 5;
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checktype(L, destination, LUA_TTABLE);
    if (last >= first) {
        luaL_argcheck(L, first > 0 || last < LUA_MAXINTEGER + first, 3, "too many elements to move");
        const lua_Integer count = last - first + 1;
        luaL_argcheck(L, target <= LUA_MAXINTEGER - count + 1, 4, "destination wrap around");
        StepMeter meter{L};
        const bool forward =
            target > last || target <= first || (destination != 1 && lua_compare(L, 1, destination, LUA_OPEQ) == 0);
        for (lua_Integer i = 0; i < count; ++i) {
            meter.step();
            const lua_Integer offset = forward ? i : count - 1 - i;
            lua_geti(L, 1, first + offset);
            lua_seti(L, destination, target + offset);
        }
    }
    lua_pushvalue(L, destination);
    return 1;
}

}  // namespace rubric::hooks
