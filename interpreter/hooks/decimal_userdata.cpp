#include "interpreter/hooks/decimal_userdata.hpp"

#include <charconv>
#include <cstring>
#include <string>

#include "interpreter/hooks/sandbox_runtime.hpp"

// Every lua_CFunction here may be unwound by a Lua error (longjmp), so its
// frames hold only trivially destructible objects (Decimal, std::optional<Decimal>,
// char arrays); the one std::string lives inside format_decimal, which returns
// before any Lua call.

namespace rubric::hooks {

static_assert(std::is_trivially_destructible_v<std::optional<Decimal>>);

namespace {

enum class Operand : unsigned char { ok, floating, bad_string, other };

Operand read_operand(lua_State* L, int index, Decimal& out) noexcept {
    switch (lua_type(L, index)) {
    case LUA_TNUMBER:
        if (!lua_isinteger(L, index)) return Operand::floating;
        out = Decimal::from_int(lua_tointeger(L, index));
        return Operand::ok;
    case LUA_TSTRING: {
        std::size_t length = 0;
        const char* text = lua_tolstring(L, index, &length);
        const std::optional<Decimal> parsed = Decimal::parse(std::string_view(text, length));
        if (!parsed) return Operand::bad_string;
        out = *parsed;
        return Operand::ok;
    }
    case LUA_TUSERDATA:
        if (const std::optional<Decimal> value = to_decimal(L, index)) {
            out = *value;
            return Operand::ok;
        }
        return Operand::other;
    default:
        return Operand::other;
    }
}

// The string at index, cut to at most 40 bytes for a message.
const char* short_text(lua_State* L, int index, char (&out)[48]) noexcept {
    std::size_t length = 0;
    const char* text = lua_tolstring(L, index, &length);
    const std::size_t kept = length < 40 ? length : 40;
    std::memcpy(out, text, kept);
    std::strcpy(out + kept, length > kept ? "…" : "");
    return out;
}

int raise_bad_string(lua_State* L, int index) {
    char text[48];
    return luaL_error(L, "无法把字符串 \"%s\" 当作小数", short_text(L, index, text));
}

int raise_float(lua_State* L, int index) {
    const lua_Number number = lua_tonumber(L, index);
    return luaL_error(L, "小数不能与浮点数 %f 混用：请写 decimal(\"%f\")", number, number);
}

int raise_operand_error(lua_State* L, int index, Operand problem) {
    switch (problem) {
    case Operand::floating: return raise_float(L, index);
    case Operand::bad_string: return raise_bad_string(L, index);
    default: return luaL_error(L, "小数不能与 %s 值运算", luaL_typename(L, index));
    }
}

Decimal check_operand(lua_State* L, int index) {
    Decimal value;
    const Operand status = read_operand(L, index, value);
    if (status != Operand::ok) raise_operand_error(L, index, status);
    return value;
}

Decimal check_decimal(lua_State* L, int index) {
    const std::optional<Decimal> value = to_decimal(L, index);
    if (!value) luaL_typeerror(L, index, decimal_type_name);
    return *value;
}

enum class Arithmetic : unsigned char { add, sub, mul, div };

int arithmetic(lua_State* L, Arithmetic operation) {
    const Decimal a = check_operand(L, 1);
    const Decimal b = check_operand(L, 2);
    std::optional<Decimal> result;
    switch (operation) {
    case Arithmetic::add: result = Decimal::add(a, b); break;
    case Arithmetic::sub: result = Decimal::sub(a, b); break;
    case Arithmetic::mul: result = Decimal::mul(a, b); break;
    case Arithmetic::div: result = Decimal::div(a, b); break;
    }
    if (!result) {
        if (operation == Arithmetic::div && b.is_zero()) return luaL_error(L, "小数除以零");
        return luaL_error(L, "小数运算溢出 (绝对值须小于 10^30)");
    }
    push_decimal(L, *result);
    return 1;
}

int decimal_add(lua_State* L) noexcept { return arithmetic(L, Arithmetic::add); }
int decimal_sub(lua_State* L) noexcept { return arithmetic(L, Arithmetic::sub); }
int decimal_mul(lua_State* L) noexcept { return arithmetic(L, Arithmetic::mul); }
int decimal_div(lua_State* L) noexcept { return arithmetic(L, Arithmetic::div); }

int decimal_unm(lua_State* L) noexcept {
    push_decimal(L, -check_decimal(L, 1));
    return 1;
}

int decimal_unsupported(lua_State* L) noexcept {
    return luaL_error(L, "小数不支持 //、%% 和 ^ 运算：请用 + - * / 和 round");
}

int decimal_eq(lua_State* L) noexcept {
    const std::optional<Decimal> a = to_decimal(L, 1);
    const std::optional<Decimal> b = to_decimal(L, 2);
    lua_pushboolean(L, a && b && *a == *b);
    return 1;
}

int decimal_lt(lua_State* L) noexcept {
    const Decimal a = check_operand(L, 1);
    const Decimal b = check_operand(L, 2);
    lua_pushboolean(L, a < b);
    return 1;
}

int decimal_le(lua_State* L) noexcept {
    const Decimal a = check_operand(L, 1);
    const Decimal b = check_operand(L, 2);
    lua_pushboolean(L, a <= b);
    return 1;
}

void push_decimal_text(lua_State* L, const Decimal& value) {
    char text[decimal_text_capacity];
    const std::size_t length = format_decimal(value, text);
    lua_pushlstring(L, text, length);
}

int decimal_tostring(lua_State* L) noexcept {
    push_decimal_text(L, check_decimal(L, 1));
    return 1;
}

// "得分: " .. d, d .. "分": a decimal concatenates as its text.
int decimal_concat(lua_State* L) noexcept {
    for (int index = 1; index <= 2; ++index) {
        if (const std::optional<Decimal> value = to_decimal(L, index)) {
            push_decimal_text(L, *value);
        } else if (lua_type(L, index) == LUA_TSTRING || lua_type(L, index) == LUA_TNUMBER) {
            lua_pushvalue(L, index);
            lua_tolstring(L, -1, nullptr);
        } else {
            return luaL_error(L, "attempt to concatenate a %s value", luaL_typename(L, index));
        }
    }
    lua_concat(L, 2);
    return 1;
}

struct ModeName {
    const char* name;
    RoundingMode mode;
};

// The rubric language's names (grammar: 保留 … [四舍五入]) and English ones.
constexpr ModeName rounding_mode_names[] = {
    {"half_up", RoundingMode::half_up},     {"四舍五入", RoundingMode::half_up},
    {"half_even", RoundingMode::half_even}, {"银行家舍入", RoundingMode::half_even},
    {"down", RoundingMode::down},           {"截尾", RoundingMode::down},
    {"up", RoundingMode::up},               {"进位", RoundingMode::up},
    {"floor", RoundingMode::floor},         {"向下取整", RoundingMode::floor},
    {"ceiling", RoundingMode::ceiling},     {"向上取整", RoundingMode::ceiling},
};

RoundingMode check_rounding_mode(lua_State* L, int index) {
    if (lua_isnoneornil(L, index)) return RoundingMode::half_up;
    const char* name = luaL_checkstring(L, index);
    for (const ModeName& entry : rounding_mode_names)
        if (std::strcmp(name, entry.name) == 0) return entry.mode;
    luaL_error(L,
               "未知的舍入方式 \"%s\"：可用 四舍五入 (half_up)、银行家舍入 (half_even)、截尾 (down)、"
               "进位 (up)、向下取整 (floor)、向上取整 (ceiling)",
               name);
    return RoundingMode::half_up;
}

// d:round(2) → 2 decimal places; d:round("0.5") or d:round(decimal("0.5")) →
// the nearest multiple of 0.5. The mode defaults to 四舍五入 (half up).
Decimal check_quantum(lua_State* L, int index) {
    if (lua_isinteger(L, index)) {
        const lua_Integer places = lua_tointeger(L, index);
        if (places < -29 || places > 60) luaL_error(L, "保留位数须在 -29 到 60 之间 (得到 %I)", places);
        return *Decimal::from_parts(1, -places);
    }
    if (lua_isnoneornil(L, index)) return Decimal::from_int(1);
    return check_operand(L, index);
}

int rounded(lua_State* L, Decimal value, Decimal quantum, RoundingMode mode) {
    const std::optional<Decimal> result = value.round(quantum, mode);
    if (!result) {
        if (quantum.sign() <= 0) return luaL_error(L, "舍入单位须大于零");
        return luaL_error(L, "小数舍入结果超出范围");
    }
    push_decimal(L, *result);
    return 1;
}

int decimal_round(lua_State* L) noexcept {
    const Decimal value = check_decimal(L, 1);
    const Decimal quantum = check_quantum(L, 2);
    return rounded(L, value, quantum, check_rounding_mode(L, 3));
}

int decimal_floor(lua_State* L) noexcept {
    return rounded(L, check_decimal(L, 1), Decimal::from_int(1), RoundingMode::floor);
}

int decimal_ceil(lua_State* L) noexcept {
    return rounded(L, check_decimal(L, 1), Decimal::from_int(1), RoundingMode::ceiling);
}

int decimal_abs(lua_State* L) noexcept {
    push_decimal(L, check_decimal(L, 1).abs());
    return 1;
}

// The nearest binary float (correctly rounded from the exact text).
int decimal_tonumber(lua_State* L) noexcept {
    char text[decimal_text_capacity];
    const std::size_t length = format_decimal(check_decimal(L, 1), text);
    double number = 0;
    std::from_chars(text, text + length, number);
    lua_pushnumber(L, number);
    return 1;
}

// A Lua integer when the decimal is whole and fits, else nil.
int decimal_tointeger(lua_State* L) noexcept {
    const std::optional<long long> whole = check_decimal(L, 1).to_int();
    if (whole)
        lua_pushinteger(L, *whole);
    else
        lua_pushnil(L);
    return 1;
}

constexpr luaL_Reg metamethods[] = {
    {"__add", decimal_add},         {"__sub", decimal_sub},           {"__mul", decimal_mul},
    {"__div", decimal_div},         {"__unm", decimal_unm},           {"__idiv", decimal_unsupported},
    {"__mod", decimal_unsupported}, {"__pow", decimal_unsupported},   {"__eq", decimal_eq},
    {"__lt", decimal_lt},           {"__le", decimal_le},             {"__tostring", decimal_tostring},
    {"__concat", decimal_concat},   {nullptr, nullptr},
};

constexpr luaL_Reg methods[] = {
    {"round", decimal_round},       {"floor", decimal_floor},         {"ceil", decimal_ceil},
    {"abs", decimal_abs},           {"tonumber", decimal_tonumber},   {"tointeger", decimal_tointeger},
    {nullptr, nullptr},
};

}  // namespace

std::size_t format_decimal(const Decimal& value, char (&out)[decimal_text_capacity]) noexcept {
    try {
        const std::string text = value.to_string();
        const std::size_t length = text.size() < decimal_text_capacity ? text.size() : decimal_text_capacity;
        std::memcpy(out, text.data(), length);
        return length;
    } catch (...) {
        out[0] = '?';
        return 1;
    }
}

void register_decimal_type(lua_State* L) {
    luaL_newmetatable(L, decimal_type_name);  // also sets __name = "decimal" for type errors
    luaL_setfuncs(L, metamethods, 0);
    luaL_newlib(L, methods);
    lua_setfield(L, -2, "__index");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    runtime_of(L).decimal_metatable = lua_topointer(L, -1);
    lua_pop(L, 1);
}

void push_decimal(lua_State* L, const Decimal& value) {
    void* block = lua_newuserdatauv(L, sizeof(Decimal), 0);
    // Lua aligns userdata to 8 bytes; Decimal wants 16 (int128), so copy bytes.
    std::memcpy(block, &value, sizeof value);
    luaL_setmetatable(L, decimal_type_name);
}

std::optional<Decimal> to_decimal(lua_State* L, int index) noexcept {
    if (lua_type(L, index) != LUA_TUSERDATA || lua_getmetatable(L, index) == 0) return std::nullopt;
    const bool is_decimal = lua_topointer(L, -1) == runtime_of(L).decimal_metatable;
    lua_pop(L, 1);
    if (!is_decimal) return std::nullopt;
    Decimal value;
    std::memcpy(static_cast<void*>(&value), lua_touserdata(L, index), sizeof value);
    return value;
}

int new_decimal(lua_State* L) noexcept {
    switch (lua_type(L, 1)) {
    case LUA_TNUMBER:
        if (!lua_isinteger(L, 1)) {
            const lua_Number number = lua_tonumber(L, 1);
            return luaL_error(L, "decimal() 不接受浮点数 %f：请写 decimal(\"%f\")", number, number);
        }
        push_decimal(L, Decimal::from_int(lua_tointeger(L, 1)));
        return 1;
    case LUA_TSTRING: {
        Decimal value;
        if (read_operand(L, 1, value) != Operand::ok) return raise_bad_string(L, 1);
        push_decimal(L, value);
        return 1;
    }
    default:
        if (const std::optional<Decimal> value = to_decimal(L, 1)) {
            push_decimal(L, *value);
            return 1;
        }
        return luaL_typeerror(L, 1, "string or integer");
    }
}

}  // namespace rubric::hooks
