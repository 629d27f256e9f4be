#pragma once
// Turning what Lua reports into HookError text, without running Lua code.
//
// Lua prefixes positions as "hook:12: message" (every script is loaded under
// the chunk name "=hook"); the host strips that and reports the script's real
// path and the line separately. Error objects that are not strings are
// described by type only: calling their __tostring could run hostile code.

#include <string>
#include <string_view>

#include <lua.hpp>

namespace rubric::hooks {

struct PositionedMessage {
    int line = 0;  // 0 when the message had no "hook:LINE:" prefix
    std::string message;
};

PositionedMessage split_position(std::string_view lua_message);

// The error object at `index` as text: a string as is (capped at 4000 bytes),
// a number formatted, anything else "(error object is a table value)".
// Calls no metamethod and never raises.
std::string describe_error_object(lua_State* L, int index);

// The longest prefix of text that is at most max_bytes and does not cut a
// UTF-8 character; "…" is appended when something was cut. Ill-formed UTF-8
// is repaired first (valid_utf8).
std::string cut_utf8(std::string_view text, std::size_t max_bytes);

// The text with each ill-formed UTF-8 sequence (a stray byte, or a character
// cut short, as by ("工业"):sub(1, 4)) replaced by U+FFFD: what a hook says
// reaches --explain, the JSON output and the terminal, which need UTF-8.
std::string valid_utf8(std::string_view text);

}  // namespace rubric::hooks
