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
    std::string repaired = valid_utf8(text);
    text = repaired;
    if (text.size() <= max_bytes) return repaired;
    std::size_t end = max_bytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return std::string(text.substr(0, end)) + "…";
}

namespace {

// Length of the well-formed UTF-8 sequence at s[i], or 0 (overlongs,
// surrogates, code points above U+10FFFF and cut sequences are ill-formed).
std::size_t sequence_length(std::string_view s, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char lead = byte(i);
    if (lead < 0x80) return 1;
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;  // the second byte's range
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) low = 0xA0;
        if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) low = 0x90;
        if (lead == 0xF4) high = 0x8F;
    } else {
        return 0;
    }
    if (i + length > s.size() || byte(i + 1) < low || byte(i + 1) > high) return 0;
    for (std::size_t k = 2; k < length; ++k)
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
    return length;
}

}  // namespace

std::string valid_utf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size())
        if (const std::size_t n = sequence_length(text, i)) i += n;
        else break;
    if (i == text.size()) return std::string(text);
    std::string out(text.substr(0, i));
    while (i < text.size()) {
        if (const std::size_t n = sequence_length(text, i)) {
            out.append(text.substr(i, n));
            i += n;
            continue;
        }
        out += "\xEF\xBF\xBD";  // U+FFFD, once for a bad byte and the continuation bytes after it
        ++i;
        while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
    }
    return out;
}

}  // namespace rubric::hooks
