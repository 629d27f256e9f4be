#pragma once
// rubric::Decimal as a Lua value: a full userdata of type "decimal" whose
// metatable gives exact arithmetic (+ - * / unary -), comparisons, tostring,
// concatenation and the methods round, floor, ceil, abs, tonumber, tointeger.
//
// Why a userdata and not a Lua number: scores must be exact; a Lua float would
// turn 0.1 + 0.2 into 0.30000000000000004. Operands may be decimals, Lua
// integers (promoted exactly) or decimal strings ("1.25"); a Lua float is an
// error, never converted silently. d:tonumber() is the one way to get a float.
// The metatable is protected (__metatable = false) so hooks cannot change it
// for later calls.

#include <cstddef>
#include <optional>

#include <lua.hpp>

#include "interpreter/decimal.hpp"

namespace rubric::hooks {

inline constexpr const char* decimal_type_name = "decimal";
// Longest Decimal::to_string: sign, 30 integer digits, point, 60 decimals.
inline constexpr std::size_t decimal_text_capacity = 128;

// Creates the metatable (once per lua_State) and records its identity in the
// sandbox runtime. May raise (memory).
void register_decimal_type(lua_State* L);

// Pushes a new decimal userdata. May raise (memory).
void push_decimal(lua_State* L, const Decimal& value);

// The decimal at `index` if it is a decimal userdata. Never raises; needs one
// free stack slot.
std::optional<Decimal> to_decimal(lua_State* L, int index) noexcept;

// The global constructor decimal(x): x a decimal string ("1.25", "-3e2"), a
// Lua integer or a decimal.
int new_decimal(lua_State* L) noexcept;

// Writes value.to_string() into out (no terminator); returns its length.
std::size_t format_decimal(const Decimal& value, char (&out)[decimal_text_capacity]) noexcept;

}  // namespace rubric::hooks
