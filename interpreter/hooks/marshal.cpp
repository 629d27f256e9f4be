#include "interpreter/hooks/marshal.hpp"

#include <algorithm>
#include <cstdio>

#include "interpreter/hooks/decimal_userdata.hpp"
#include "interpreter/hooks/error_text.hpp"

namespace rubric::hooks {

namespace {

// push_* run inside a Lua call and may be unwound by a memory error: they hold
// only references to the caller's C++ objects.

void push_text(lua_State* L, const std::string& text) { lua_pushlstring(L, text.data(), text.size()); }

template <typename Variant>
void push_scalar(lua_State* L, const Variant& value) {
    if (const auto* truth = std::get_if<bool>(&value))
        lua_pushboolean(L, *truth ? 1 : 0);
    else if (const auto* count = std::get_if<long long>(&value))
        lua_pushinteger(L, static_cast<lua_Integer>(*count));
    else if (const auto* number = std::get_if<Decimal>(&value))
        push_decimal(L, *number);
    else if (const auto* text = std::get_if<std::string>(&value))
        push_text(L, *text);
    else
        lua_pushnil(L);
}

void push_row(lua_State* L, const HookRow& row) {
    lua_createtable(L, 0, static_cast<int>(std::min<std::size_t>(row.fields.size(), 1 << 20)));
    for (const auto& field : row.fields) {
        if (std::holds_alternative<std::monostate>(field.second)) continue;
        push_text(L, field.first);
        push_scalar(L, field.second);
        lua_rawset(L, -3);
    }
}

void push_rows(lua_State* L, const HookRows& rows) {
    lua_createtable(L, static_cast<int>(std::min<std::size_t>(rows.size(), 1 << 26)), 0);
    lua_Integer position = 0;
    for (const HookRow& row : rows) {
        push_row(L, row);
        lua_rawseti(L, -2, ++position);
    }
}

// --- reading results: plain C++ after the Lua call has returned ------------

std::string quoted(std::string_view function) { return "钩子函数 '" + std::string(function) + "'"; }

std::string float_text(lua_State* L, int index) {
    char text[64];
    std::snprintf(text, sizeof text, "%.14g", static_cast<double>(lua_tonumber(L, index)));
    return text;
}

// A decimal or a Lua integer; otherwise nullopt.
std::optional<Decimal> read_decimal(lua_State* L, int index) {
    if (lua_type(L, index) == LUA_TNUMBER && lua_isinteger(L, index)) return Decimal::from_int(lua_tointeger(L, index));
    return to_decimal(L, index);
}

// What the value at index is, when it is not a decimal, with advice.
std::string what_instead(lua_State* L, int index) {
    const int type = lua_type(L, index);
    if (type == LUA_TNUMBER)
        return "浮点数 " + float_text(L, index) + "：请用 decimal(\"" + float_text(L, index) + "\") 写精确小数";
    if (type == LUA_TSTRING) return "字符串：请用 decimal(\"…\") 转成小数";
    return std::string(lua_typename(L, type)) + " 值";
}

std::variant<HookResult, std::string> read_named(lua_State* L, int table, std::string_view function) {
    HookResult result;
    lua_pushnil(L);
    while (lua_next(L, table) != 0) {
        if (lua_type(L, -2) != LUA_TSTRING) {
            std::string problem = quoted(function) + " 返回的表中有不是字符串的键 (" + lua_typename(L, lua_type(L, -2)) + ")";
            lua_pop(L, 2);
            return problem;
        }
        std::size_t length = 0;
        const char* name = lua_tolstring(L, -2, &length);  // a string key: no conversion
        const std::optional<Decimal> value = read_decimal(L, -1);
        if (!value) {
            std::string problem =
                quoted(function) + " 返回的表中 '" + std::string(name, length) + "' 不是小数，而是 " + what_instead(L, -1);
            lua_pop(L, 2);
            return problem;
        }
        if (result.named.size() >= static_cast<std::size_t>(max_named_results)) {
            lua_pop(L, 2);
            return quoted(function) + " 返回的表项过多 (上限 " + std::to_string(max_named_results) + " 项)";
        }
        result.named.emplace_back(std::string(name, length), *value);
        lua_pop(L, 1);
    }
    std::sort(result.named.begin(), result.named.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    return result;
}

std::variant<HookResult, std::string> read_value(lua_State* L, int index, std::string_view function) {
    if (lua_type(L, index) == LUA_TTABLE) return read_named(L, index, function);
    if (const std::optional<Decimal> value = read_decimal(L, index)) {
        HookResult result;
        result.value = *value;
        return result;
    }
    if (lua_isnil(L, index)) return quoted(function) + " 没有返回结果：应返回小数，或由小数组成的表";
    const int type = lua_type(L, index);
    if (type == LUA_TNUMBER || type == LUA_TSTRING) return quoted(function) + " 返回了" + what_instead(L, index);
    return quoted(function) + " 返回了 " + what_instead(L, index) + "：应返回小数，或由小数组成的表";
}

}  // namespace

void push_arguments(lua_State* L, std::span<const HookArg> arguments) {
    lua_createtable(L, 0, static_cast<int>(std::min<std::size_t>(arguments.size(), 1 << 20)));
    for (const HookArg& argument : arguments) {
        if (std::holds_alternative<std::monostate>(argument.value)) continue;
        push_text(L, argument.name);
        if (const auto* rows = std::get_if<HookRows>(&argument.value))
            push_rows(L, *rows);
        else
            push_scalar(L, argument.value);
        lua_rawset(L, -3);
    }
}

std::variant<HookResult, std::string> read_results(lua_State* L, int result_index, int explanation_index,
                                                   std::string_view function, const HookLimits& limits) {
    if (lua_checkstack(L, 4) == 0) return quoted(function) + " 的结果无法读取";
    result_index = lua_absindex(L, result_index);
    explanation_index = lua_absindex(L, explanation_index);
    std::variant<HookResult, std::string> outcome = read_value(L, result_index, function);
    auto* result = std::get_if<HookResult>(&outcome);
    if (result == nullptr) return outcome;
    switch (lua_type(L, explanation_index)) {
    case LUA_TNIL:
        break;
    case LUA_TSTRING: {
        std::size_t length = 0;
        const char* text = lua_tolstring(L, explanation_index, &length);
        result->explanation = cut_utf8(std::string_view(text, length), limits.explanation_bytes);
        break;
    }
    default:
        return quoted(function) + " 的第二个返回值 (说明) 应为字符串，实际是 " +
               lua_typename(L, lua_type(L, explanation_index)) + " 值";
    }
    return outcome;
}

}  // namespace rubric::hooks
