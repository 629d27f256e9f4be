#include "interpreter/hooks/error_text.hpp"

#include <cstdio>

#include "interpreter/hooks/sandbox_runtime.hpp"

namespace rubric::hooks {

PositionedMessage split_position(std::string_view lua_message) {
    const std::string_view label = hook_chunk_label;
    if (lua_message.substr(0, label.size()) == label && lua_message.size() > label.size() &&
        lua_message[label.size()] == ':') {
        std::size_t i = label.size() + 1;
        int line = 0;
        const std::size_t digits_start = i;
        while (i < lua_message.size() && lua_message[i] >= '0' && lua_message[i] <= '9' && i - digits_start < 9) {
            line = line * 10 + (lua_message[i] - '0');
            ++i;
        }
        if (i > digits_start && i < lua_message.size() && lua_message[i] == ':') {
            ++i;
            if (i < lua_message.size() && lua_message[i] == ' ') ++i;
            return {line, std::string(lua_message.substr(i))};
        }
    }
    return {0, std::string(lua_message)};
}

std::string describe_error_object(lua_State* L, int index) {
    switch (lua_type(L, index)) {
    case LUA_TSTRING: {
        std::size_t length = 0;
        const char* text = lua_tolstring(L, index, &length);  // a string: no conversion, no allocation
        return cut_utf8(std::string_view(text, length), 4000);
    }
    case LUA_TNUMBER: {
        if (lua_isinteger(L, index)) return std::to_string(lua_tointeger(L, index));
        char text[64];
        std::snprintf(text, sizeof text, "%.14g", static_cast<double>(lua_tonumber(L, index)));
        return text;
    }
    default:
        return std::string("(error object is a ") + lua_typename(L, lua_type(L, index)) + " value)";
    }
}

std::string cut_utf8(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return std::string(text);
    std::size_t end = max_bytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return std::string(text.substr(0, end)) + "…";
}

}  // namespace rubric::hooks
