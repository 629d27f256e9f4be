// string.find, string.match, string.gmatch and string.gsub over the
// interruptible matcher (declared in safe_string.hpp).
//
// A Matcher is trivially destructible and these frames hold nothing else with
// a destructor, so Lua errors (longjmp) may unwind them at any call.

#include <cstring>

#include "interpreter/hooks/call_budget.hpp"
#include "interpreter/hooks/lua_patterns.hpp"
#include "interpreter/hooks/safe_string.hpp"
#include "interpreter/hooks/sandbox_runtime.hpp"

namespace rubric::hooks {

namespace {

using patterns::Matcher;
using patterns::no_match;
using patterns::Problem;

bool keep_going(void* context, std::uint64_t steps) noexcept {
    auto* L = static_cast<lua_State*>(context);
    return runtime_of(L).budget.charge(L, steps);
}

Matcher make_matcher(lua_State* L, const char* subject, std::size_t subject_length, const char* pattern,
                     std::size_t pattern_length) noexcept {
    return Matcher(std::string_view(subject, subject_length), std::string_view(pattern, pattern_length), keep_going, L);
}

int raise_problem(lua_State* L, const Matcher& matcher) {
    if (matcher.problem() == Problem::stopped) return raise_stop(L);
    if (matcher.problem() == Problem::invalid_capture_index)
        return luaL_error(L, patterns::describe(Problem::invalid_capture_index), matcher.bad_capture_index());
    return luaL_error(L, "%s", patterns::describe(matcher.problem()));
}

// A 1-based start position as Lua's string functions read it (negative counts
// from the end), as an offset clamped below at 0.
lua_Integer start_offset(lua_Integer position, std::size_t length) noexcept {
    const auto size = static_cast<lua_Integer>(length);
    if (position > 0) return position - 1;
    if (position == 0 || position < -size) return 0;
    return size + position;
}

// Capture `index` of the last match [start, end); with no captures, capture 0
// is the whole match.
void push_capture(lua_State* L, const Matcher& matcher, const char* subject, int index, std::ptrdiff_t start,
                  std::ptrdiff_t end) {
    if (index >= matcher.capture_count()) {
        if (index != 0) luaL_error(L, "invalid capture index %%%d", index + 1);
        lua_pushlstring(L, subject + start, static_cast<std::size_t>(end - start));
        return;
    }
    const patterns::Capture& capture = matcher.capture(index);
    if (capture.length == patterns::capture_open) luaL_error(L, "unfinished capture");
    if (capture.length == patterns::capture_position)
        lua_pushinteger(L, capture.start + 1);
    else
        lua_pushlstring(L, subject + capture.start, static_cast<std::size_t>(capture.length));
}

int push_captures(lua_State* L, const Matcher& matcher, const char* subject, std::ptrdiff_t start, std::ptrdiff_t end,
                  bool whole_when_none) {
    const int count = matcher.capture_count() == 0 && whole_when_none ? 1 : matcher.capture_count();
    luaL_checkstack(L, count, "too many captures");
    for (int i = 0; i < count; ++i) push_capture(L, matcher, subject, i, start, end);
    return count;
}

int find_or_match(lua_State* L, bool find) {
    std::size_t subject_length = 0;
    std::size_t pattern_length = 0;
    const char* subject = luaL_checklstring(L, 1, &subject_length);
    const char* pattern = luaL_checklstring(L, 2, &pattern_length);
    const lua_Integer init = start_offset(luaL_optinteger(L, 3, 1), subject_length);
    if (init > static_cast<lua_Integer>(subject_length)) {
        luaL_pushfail(L);
        return 1;
    }
    Matcher matcher = make_matcher(L, subject, subject_length, pattern, pattern_length);
    const std::string_view pattern_text(pattern, pattern_length);
    if (find && (lua_toboolean(L, 4) || !patterns::has_specials(pattern_text))) {
        const std::ptrdiff_t found = matcher.find_plain(init);
        if (matcher.problem() != Problem::none) return raise_problem(L, matcher);
        if (found == no_match) {
            luaL_pushfail(L);
            return 1;
        }
        lua_pushinteger(L, found + 1);
        lua_pushinteger(L, found + static_cast<lua_Integer>(pattern_length));
        return 2;
    }
    const bool anchored = pattern_length > 0 && pattern[0] == '^';
    const std::size_t pattern_start = anchored ? 1 : 0;
    std::ptrdiff_t start = init;
    do {
        const std::ptrdiff_t end = matcher.match_at(pattern_start, start);
        if (matcher.problem() != Problem::none) return raise_problem(L, matcher);
        if (end != no_match) {
            if (!find) return push_captures(L, matcher, subject, start, end, true);
            lua_pushinteger(L, start + 1);
            lua_pushinteger(L, end);
            return 2 + push_captures(L, matcher, subject, start, end, false);
        }
    } while (start++ < static_cast<std::ptrdiff_t>(subject_length) && !anchored);
    luaL_pushfail(L);
    return 1;
}

// Upvalues: 1 subject, 2 pattern, 3 next start offset, 4 end of the last
// match (-1 before the first): an empty match right there is skipped.
int gmatch_step(lua_State* L) noexcept {
    std::size_t subject_length = 0;
    std::size_t pattern_length = 0;
    const char* subject = lua_tolstring(L, lua_upvalueindex(1), &subject_length);
    const char* pattern = lua_tolstring(L, lua_upvalueindex(2), &pattern_length);
    const lua_Integer last_match = lua_tointeger(L, lua_upvalueindex(4));
    Matcher matcher = make_matcher(L, subject, subject_length, pattern, pattern_length);
    const auto length = static_cast<std::ptrdiff_t>(subject_length);
    for (std::ptrdiff_t start = lua_tointeger(L, lua_upvalueindex(3)); start <= length; ++start) {
        const std::ptrdiff_t end = matcher.match_at(0, start);
        if (matcher.problem() != Problem::none) return raise_problem(L, matcher);
        if (end != no_match && end != last_match) {
            lua_pushinteger(L, end);
            lua_replace(L, lua_upvalueindex(3));
            lua_pushinteger(L, end);
            lua_replace(L, lua_upvalueindex(4));
            return push_captures(L, matcher, subject, start, end, true);
        }
    }
    lua_pushinteger(L, length + 1);
    lua_replace(L, lua_upvalueindex(3));
    return 0;
}

// Appends the replacement string (argument 3) with %0-%9 and %% expanded.
void add_replacement_text(lua_State* L, luaL_Buffer& buffer, const Matcher& matcher, const char* subject,
                          std::ptrdiff_t start, std::ptrdiff_t end) {
    std::size_t length = 0;
    const char* replacement = lua_tolstring(L, 3, &length);
    std::size_t i = 0;
    while (i < length) {
        const void* percent = std::memchr(replacement + i, '%', length - i);
        const std::size_t run_end = percent ? static_cast<std::size_t>(static_cast<const char*>(percent) - replacement) : length;
        luaL_addlstring(&buffer, replacement + i, run_end - i);
        if (run_end == length) return;
        const char escaped = run_end + 1 < length ? replacement[run_end + 1] : '\0';
        if (escaped == '%') {
            luaL_addchar(&buffer, '%');
        } else if (escaped >= '0' && escaped <= '9') {
            if (escaped == '0')
                lua_pushlstring(L, subject + start, static_cast<std::size_t>(end - start));
            else
                push_capture(L, matcher, subject, escaped - '1', start, end);
            luaL_addvalue(&buffer);  // a position capture is an integer: added as text
        } else {
            luaL_error(L, "invalid use of '%%' in replacement string");
        }
        i = run_end + 2;
    }
}

void add_replacement(lua_State* L, luaL_Buffer& buffer, const Matcher& matcher, const char* subject,
                     std::ptrdiff_t start, std::ptrdiff_t end, int replacement_type) {
    if (replacement_type == LUA_TSTRING || replacement_type == LUA_TNUMBER) {
        add_replacement_text(L, buffer, matcher, subject, start, end);
        return;
    }
    if (replacement_type == LUA_TFUNCTION) {
        lua_pushvalue(L, 3);
        const int count = push_captures(L, matcher, subject, start, end, true);
        lua_call(L, count, 1);
    } else {
        push_capture(L, matcher, subject, 0, start, end);
        lua_gettable(L, 3);
    }
    if (!lua_toboolean(L, -1)) {  // nil or false: keep the original text
        lua_pop(L, 1);
        luaL_addlstring(&buffer, subject + start, static_cast<std::size_t>(end - start));
    } else if (!lua_isstring(L, -1)) {
        luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
    } else {
        luaL_addvalue(&buffer);
    }
}

}  // namespace

int pattern_find(lua_State* L) noexcept { return find_or_match(L, true); }
int pattern_match(lua_State* L) noexcept { return find_or_match(L, false); }

int pattern_gmatch(lua_State* L) noexcept {
    std::size_t subject_length = 0;
    luaL_checklstring(L, 1, &subject_length);
    luaL_checkstring(L, 2);
    lua_Integer start = start_offset(luaL_optinteger(L, 3, 1), subject_length);
    if (start > static_cast<lua_Integer>(subject_length)) start = static_cast<lua_Integer>(subject_length) + 1;
    lua_settop(L, 2);
    lua_pushinteger(L, start);
    lua_pushinteger(L, -1);
    lua_pushcclosure(L, gmatch_step, 4);
    return 1;
}

int pattern_gsub(lua_State* L) noexcept {
    std::size_t subject_length = 0;
    std::size_t pattern_length = 0;
    const char* subject = luaL_checklstring(L, 1, &subject_length);
    const char* pattern = luaL_checklstring(L, 2, &pattern_length);
    const int replacement_type = lua_type(L, 3);
    const lua_Integer max_replacements = luaL_optinteger(L, 4, static_cast<lua_Integer>(subject_length) + 1);
    luaL_argexpected(L,
                     replacement_type == LUA_TNUMBER || replacement_type == LUA_TSTRING ||
                         replacement_type == LUA_TFUNCTION || replacement_type == LUA_TTABLE,
                     3, "string/function/table");
    const bool anchored = pattern_length > 0 && pattern[0] == '^';
    const std::size_t pattern_start = anchored ? 1 : 0;
    Matcher matcher = make_matcher(L, subject, subject_length, pattern, pattern_length);
    luaL_Buffer buffer;
    luaL_buffinit(L, &buffer);
    const auto length = static_cast<std::ptrdiff_t>(subject_length);
    std::ptrdiff_t position = 0;
    std::ptrdiff_t last_match = -1;
    lua_Integer replacements = 0;
    while (replacements < max_replacements) {
        const std::ptrdiff_t end = matcher.match_at(pattern_start, position);
        if (matcher.problem() != Problem::none) return raise_problem(L, matcher);
        if (end != no_match && end != last_match) {
            ++replacements;
            add_replacement(L, buffer, matcher, subject, position, end, replacement_type);
            position = last_match = end;
        } else if (position < length) {
            luaL_addchar(&buffer, subject[position++]);
        } else {
            break;
        }
        if (anchored) break;
    }
    luaL_addlstring(&buffer, subject + position, static_cast<std::size_t>(length - position));
    luaL_pushresult(&buffer);
    lua_pushinteger(L, replacements);
    return 2;
}

}  // namespace rubric::hooks
