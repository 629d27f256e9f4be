#pragma once
// A clean-room matcher for Lua 5.4 patterns (reference manual §6.4.1) that can
// be interrupted.
//
// Why not Lua's own: lstrlib's matcher runs to the end inside one C call, and
// the count hook cannot interrupt C code, so a pattern bomb such as
//   ("a"):rep(26):find(("a-"):rep(25) .. "b")
// would hold the thread for ages. This matcher counts its steps and asks a
// callback every `check_interval` steps whether to go on.
//
// Supported: . %a %c %d %g %l %p %s %u %w %x (and Lua's deprecated %z, the
// zero byte) and their upper-case complements
// (ASCII, as in the C locale), %<other> as a literal, sets [...] with ranges,
// classes and [^...], the quantifiers * + - ?, the anchor $ at the end (the
// caller handles a leading ^), captures with position captures (), the
// back-references %1-%9, %bxy and the frontier %f[set].
//
// Pure C++: no Lua calls, no allocation, trivially destructible, so a Lua
// binding may keep a Matcher in a frame that a Lua error (longjmp) unwinds.

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace rubric::hooks::patterns {

inline constexpr int max_captures = 32;  // as Lua's LUA_MAXCAPTURES
inline constexpr int max_depth = 200;    // recursion limit: "pattern too complex"
inline constexpr std::uint64_t check_interval = 4096;
inline constexpr std::ptrdiff_t no_match = -1;

// A capture's length, or one of these markers.
inline constexpr std::ptrdiff_t capture_open = -1;      // '(' seen, ')' not yet
inline constexpr std::ptrdiff_t capture_position = -2;  // "()"

enum class Problem : unsigned char {
    none,
    ends_with_percent,
    missing_bracket,
    missing_balance_arguments,
    missing_frontier_bracket,
    invalid_capture_index,
    invalid_pattern_capture,
    too_many_captures,
    too_complex,
    stopped,  // the callback said stop
};

// Lua's wording of a pattern problem ("malformed pattern (missing ']')"…).
// invalid_capture_index has a "%d" for the index; stopped returns "".
const char* describe(Problem problem) noexcept;

// Asked every check_interval steps with the number of steps since the last
// call; returning false stops the match (Problem::stopped).
using KeepGoing = bool (*)(void* context, std::uint64_t steps) noexcept;

struct Capture {
    std::ptrdiff_t start = 0;
    std::ptrdiff_t length = capture_open;
};

// True when the pattern has none of ^$*+?.([%- (a plain substring search).
bool has_specials(std::string_view pattern) noexcept;

class Matcher {
public:
    Matcher(std::string_view subject, std::string_view pattern, KeepGoing keep_going, void* context) noexcept;

    // Matches the pattern, starting at pattern offset `pattern_start` (1 to
    // skip a leading '^'), against the subject at `position`. Returns the end
    // offset of the match, or no_match (also when a problem occurred).
    std::ptrdiff_t match_at(std::size_t pattern_start, std::ptrdiff_t position) noexcept;

    // Plain substring search for the whole pattern from `from`: the offset of
    // the first occurrence or no_match.
    std::ptrdiff_t find_plain(std::ptrdiff_t from) noexcept;

    Problem problem() const noexcept { return problem_; }
    int bad_capture_index() const noexcept { return bad_capture_index_; }  // 1-based, for the message
    int capture_count() const noexcept { return level_; }
    const Capture& capture(int index) const noexcept { return captures_[index]; }

private:
    std::ptrdiff_t match(std::ptrdiff_t s, std::size_t p) noexcept;
    std::ptrdiff_t match_sequence(std::ptrdiff_t s, std::size_t p) noexcept;
    std::ptrdiff_t expand_greedy(std::ptrdiff_t s, std::size_t p, std::size_t item_end) noexcept;
    std::ptrdiff_t expand_lazy(std::ptrdiff_t s, std::size_t p, std::size_t item_end) noexcept;
    std::ptrdiff_t open_capture(std::ptrdiff_t s, std::size_t p, std::ptrdiff_t kind) noexcept;
    std::ptrdiff_t close_capture(std::ptrdiff_t s, std::size_t p) noexcept;
    std::ptrdiff_t match_balance(std::ptrdiff_t s, std::size_t p) noexcept;
    std::ptrdiff_t match_back_reference(std::ptrdiff_t s, char digit) noexcept;
    bool frontier_holds(std::ptrdiff_t s, std::size_t set_start, std::size_t set_end) const noexcept;

    std::size_t item_end(std::size_t p) noexcept;
    bool single_match(unsigned char c, std::size_t p, std::size_t item_end) const noexcept;
    bool set_match(unsigned char c, std::size_t open, std::size_t close) const noexcept;

    bool tick(std::uint64_t steps = 1) noexcept;
    std::ptrdiff_t fail(Problem problem) noexcept;
    bool failed() const noexcept { return problem_ != Problem::none; }
    std::ptrdiff_t subject_size() const noexcept { return static_cast<std::ptrdiff_t>(subject_.size()); }

    std::string_view subject_;
    std::string_view pattern_;
    KeepGoing keep_going_;
    void* context_;
    std::uint64_t unreported_steps_ = 0;
    int depth_ = 0;
    int level_ = 0;
    int bad_capture_index_ = 0;
    Problem problem_ = Problem::none;
    Capture captures_[max_captures];
};

}  // namespace rubric::hooks::patterns
