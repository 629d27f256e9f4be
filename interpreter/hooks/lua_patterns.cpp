#include "interpreter/hooks/lua_patterns.hpp"

#include <cstring>
#include <type_traits>

namespace rubric::hooks::patterns {

static_assert(std::is_trivially_destructible_v<Matcher>);

namespace {

// ASCII character classes, as the C library has them in the "C" locale, so
// that matching never depends on the host's locale.
bool is_lower(unsigned char c) noexcept { return c >= 'a' && c <= 'z'; }
bool is_upper(unsigned char c) noexcept { return c >= 'A' && c <= 'Z'; }
bool is_alpha(unsigned char c) noexcept { return is_lower(c) || is_upper(c); }
bool is_digit(unsigned char c) noexcept { return c >= '0' && c <= '9'; }
bool is_alnum(unsigned char c) noexcept { return is_alpha(c) || is_digit(c); }
bool is_graph(unsigned char c) noexcept { return c > ' ' && c < 127; }
bool is_punct(unsigned char c) noexcept { return is_graph(c) && !is_alnum(c); }
bool is_control(unsigned char c) noexcept { return c < ' ' || c == 127; }
bool is_space(unsigned char c) noexcept { return c == ' ' || (c >= '\t' && c <= '\r'); }
bool is_hex_digit(unsigned char c) noexcept {
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// %<letter>: a class (upper case = complement); any other character stands
// for itself.
bool class_match(unsigned char c, unsigned char letter) noexcept {
    bool in_class = false;
    switch (letter | 0x20) {
    case 'a': in_class = is_alpha(c); break;
    case 'c': in_class = is_control(c); break;
    case 'd': in_class = is_digit(c); break;
    case 'g': in_class = is_graph(c); break;
    case 'l': in_class = is_lower(c); break;
    case 'p': in_class = is_punct(c); break;
    case 's': in_class = is_space(c); break;
    case 'u': in_class = is_upper(c); break;
    case 'w': in_class = is_alnum(c); break;
    case 'x': in_class = is_hex_digit(c); break;
    case 'z': in_class = c == '\0'; break;  // not in the 5.4 manual, but Lua 5.4 still accepts it
    default: return letter == c;
    }
    return is_upper(letter) ? !in_class : in_class;
}

}  // namespace

const char* describe(Problem problem) noexcept {
    switch (problem) {
    case Problem::none: return "";
    case Problem::ends_with_percent: return "malformed pattern (ends with '%')";
    case Problem::missing_bracket: return "malformed pattern (missing ']')";
    case Problem::missing_balance_arguments: return "malformed pattern (missing arguments to '%b')";
    case Problem::missing_frontier_bracket: return "missing '[' after '%f' in pattern";
    case Problem::invalid_capture_index: return "invalid capture index %%%d";
    case Problem::invalid_pattern_capture: return "invalid pattern capture";
    case Problem::too_many_captures: return "too many captures";
    case Problem::too_complex: return "pattern too complex";
    case Problem::stopped: return "";
    }
    return "";
}

bool has_specials(std::string_view pattern) noexcept {
    return pattern.find_first_of("^$*+?.([%-") != std::string_view::npos;
}

Matcher::Matcher(std::string_view subject, std::string_view pattern, KeepGoing keep_going, void* context) noexcept
    : subject_(subject), pattern_(pattern), keep_going_(keep_going), context_(context) {}

bool Matcher::tick(std::uint64_t steps) noexcept {
    if (failed()) return false;
    unreported_steps_ += steps;
    if (unreported_steps_ < check_interval) return true;
    const std::uint64_t steps_to_report = unreported_steps_;
    unreported_steps_ = 0;
    if (keep_going_(context_, steps_to_report)) return true;
    problem_ = Problem::stopped;
    return false;
}

std::ptrdiff_t Matcher::fail(Problem problem) noexcept {
    if (!failed()) problem_ = problem;
    return no_match;
}

std::ptrdiff_t Matcher::match_at(std::size_t pattern_start, std::ptrdiff_t position) noexcept {
    level_ = 0;
    depth_ = 0;
    return match(position, pattern_start);
}

std::ptrdiff_t Matcher::find_plain(std::ptrdiff_t from) noexcept {
    const std::size_t needle_size = pattern_.size();
    if (needle_size == 0) return from;
    if (needle_size > subject_.size()) return no_match;
    const std::size_t last_start = subject_.size() - needle_size;
    std::size_t position = static_cast<std::size_t>(from);
    while (position <= last_start) {
        const void* hit = std::memchr(subject_.data() + position, pattern_[0], last_start - position + 1);
        if (hit == nullptr) return no_match;
        position = static_cast<std::size_t>(static_cast<const char*>(hit) - subject_.data());
        if (std::memcmp(subject_.data() + position + 1, pattern_.data() + 1, needle_size - 1) == 0)
            return static_cast<std::ptrdiff_t>(position);
        if (!tick(needle_size)) return no_match;
        ++position;
    }
    return no_match;
}

std::ptrdiff_t Matcher::match(std::ptrdiff_t s, std::size_t p) noexcept {
    if (depth_ >= max_depth) return fail(Problem::too_complex);
    ++depth_;
    const std::ptrdiff_t end = match_sequence(s, p);
    --depth_;
    return end;
}

// Matches pattern items one after another; recurses only where an item needs
// backtracking (quantifiers, captures).
std::ptrdiff_t Matcher::match_sequence(std::ptrdiff_t s, std::size_t p) noexcept {
    const std::size_t pattern_size = pattern_.size();
    while (true) {
        if (!tick()) return no_match;
        if (p == pattern_size) return s;
        const char c = pattern_[p];
        if (c == '(') {
            if (p + 1 < pattern_size && pattern_[p + 1] == ')') return open_capture(s, p + 2, capture_position);
            return open_capture(s, p + 1, capture_open);
        }
        if (c == ')') return close_capture(s, p + 1);
        if (c == '$' && p + 1 == pattern_size) return s == subject_size() ? s : no_match;
        if (c == '%' && p + 1 < pattern_size) {
            const char next = pattern_[p + 1];
            if (next == 'b') {
                s = match_balance(s, p + 2);
                if (s == no_match) return no_match;
                p += 4;
                continue;
            }
            if (next == 'f') {
                const std::size_t set_start = p + 2;
                if (set_start >= pattern_size || pattern_[set_start] != '[')
                    return fail(Problem::missing_frontier_bracket);
                const std::size_t set_end = item_end(set_start);
                if (failed() || !frontier_holds(s, set_start, set_end - 1)) return no_match;
                p = set_end;
                continue;
            }
            if (is_digit(static_cast<unsigned char>(next))) {
                s = match_back_reference(s, next);
                if (s == no_match) return no_match;
                p += 2;
                continue;
            }
        }
        const std::size_t end = item_end(p);
        if (failed()) return no_match;
        const bool matches =
            s < subject_size() && single_match(static_cast<unsigned char>(subject_[static_cast<std::size_t>(s)]), p, end);
        const char quantifier = end < pattern_size ? pattern_[end] : '\0';
        switch (quantifier) {
        case '?':
            if (matches) {
                const std::ptrdiff_t with_one = match(s + 1, end + 1);
                if (with_one != no_match || failed()) return with_one;
            }
            p = end + 1;
            continue;
        case '+':
            return matches ? expand_greedy(s + 1, p, end) : no_match;
        case '*':
            return expand_greedy(s, p, end);
        case '-':
            return expand_lazy(s, p, end);
        default:
            if (!matches) return no_match;
            ++s;
            p = end;
            continue;
        }
    }
}

// As many repetitions as possible, then give back one at a time.
std::ptrdiff_t Matcher::expand_greedy(std::ptrdiff_t s, std::size_t p, std::size_t end) noexcept {
    std::ptrdiff_t count = 0;
    while (s + count < subject_size() &&
           single_match(static_cast<unsigned char>(subject_[static_cast<std::size_t>(s + count)]), p, end)) {
        ++count;
        if (!tick()) return no_match;
    }
    for (; count >= 0; --count) {
        const std::ptrdiff_t rest = match(s + count, end + 1);
        if (rest != no_match || failed()) return rest;
    }
    return no_match;
}

// As few repetitions as possible, taking one more each time the rest fails.
std::ptrdiff_t Matcher::expand_lazy(std::ptrdiff_t s, std::size_t p, std::size_t end) noexcept {
    while (true) {
        const std::ptrdiff_t rest = match(s, end + 1);
        if (rest != no_match || failed()) return rest;
        if (s < subject_size() && single_match(static_cast<unsigned char>(subject_[static_cast<std::size_t>(s)]), p, end))
            ++s;
        else
            return no_match;
    }
}

std::ptrdiff_t Matcher::open_capture(std::ptrdiff_t s, std::size_t p, std::ptrdiff_t kind) noexcept {
    if (level_ >= max_captures) return fail(Problem::too_many_captures);
    captures_[level_] = Capture{s, kind};
    ++level_;
    const std::ptrdiff_t end = match(s, p);
    if (end == no_match) --level_;
    return end;
}

std::ptrdiff_t Matcher::close_capture(std::ptrdiff_t s, std::size_t p) noexcept {
    int open = level_ - 1;
    while (open >= 0 && captures_[open].length != capture_open) --open;
    if (open < 0) return fail(Problem::invalid_pattern_capture);
    captures_[open].length = s - captures_[open].start;
    const std::ptrdiff_t end = match(s, p);
    if (end == no_match) captures_[open].length = capture_open;
    return end;
}

// %bxy at pattern offset p (pointing at x): a balanced run from x to y.
std::ptrdiff_t Matcher::match_balance(std::ptrdiff_t s, std::size_t p) noexcept {
    if (p + 1 >= pattern_.size()) return fail(Problem::missing_balance_arguments);
    const char open = pattern_[p];
    const char close = pattern_[p + 1];
    if (s >= subject_size() || subject_[static_cast<std::size_t>(s)] != open) return no_match;
    int depth = 1;
    for (std::ptrdiff_t i = s + 1; i < subject_size(); ++i) {
        if (!tick()) return no_match;
        const char c = subject_[static_cast<std::size_t>(i)];
        if (c == close) {
            if (--depth == 0) return i + 1;
        } else if (c == open) {
            ++depth;
        }
    }
    return no_match;
}

std::ptrdiff_t Matcher::match_back_reference(std::ptrdiff_t s, char digit) noexcept {
    const int index = digit - '1';
    if (index < 0 || index >= level_ || captures_[index].length == capture_open) {
        bad_capture_index_ = index + 1;
        return fail(Problem::invalid_capture_index);
    }
    const std::ptrdiff_t length = captures_[index].length;
    if (length < 0) return no_match;  // a position capture matches no text
    if (!tick(static_cast<std::uint64_t>(length))) return no_match;
    if (subject_size() - s < length) return no_match;
    const char* captured = subject_.data() + captures_[index].start;
    if (std::memcmp(captured, subject_.data() + s, static_cast<std::size_t>(length)) != 0) return no_match;
    return s + length;
}

// %f[set]: the previous character is not in the set and the current one is;
// the subject's start and end count as '\0'.
bool Matcher::frontier_holds(std::ptrdiff_t s, std::size_t set_start, std::size_t set_close) const noexcept {
    const unsigned char previous = s == 0 ? '\0' : static_cast<unsigned char>(subject_[static_cast<std::size_t>(s - 1)]);
    const unsigned char current = s < subject_size() ? static_cast<unsigned char>(subject_[static_cast<std::size_t>(s)]) : '\0';
    return !set_match(previous, set_start, set_close) && set_match(current, set_start, set_close);
}

// The offset just past the single-character class that starts at p.
std::size_t Matcher::item_end(std::size_t p) noexcept {
    const std::size_t pattern_size = pattern_.size();
    const char c = pattern_[p++];
    if (c == '%') {
        if (p >= pattern_size) {
            fail(Problem::ends_with_percent);
            return pattern_size;
        }
        return p + 1;
    }
    if (c != '[') return p;
    if (p < pattern_size && pattern_[p] == '^') ++p;
    // The set's first character is always a member, so "[]]" is a set of ']'.
    do {
        if (p >= pattern_size) {
            fail(Problem::missing_bracket);
            return pattern_size;
        }
        const char member = pattern_[p++];
        if (member == '%' && p < pattern_size) ++p;
    } while (p >= pattern_size || pattern_[p] != ']');
    return p + 1;
}

bool Matcher::single_match(unsigned char c, std::size_t p, std::size_t end) const noexcept {
    switch (pattern_[p]) {
    case '.': return true;
    case '%': return class_match(c, static_cast<unsigned char>(pattern_[p + 1]));
    case '[': return set_match(c, p, end - 1);
    default: return static_cast<unsigned char>(pattern_[p]) == c;
    }
}

// [set] between offsets open ('[') and close (']').
bool Matcher::set_match(unsigned char c, std::size_t open, std::size_t close) const noexcept {
    std::size_t p = open + 1;
    bool negated = false;
    if (pattern_[p] == '^') {
        negated = true;
        ++p;
    }
    while (p < close) {
        const auto member = static_cast<unsigned char>(pattern_[p]);
        if (member == '%') {
            if (class_match(c, static_cast<unsigned char>(pattern_[p + 1]))) return !negated;
            p += 2;
        } else if (p + 2 < close && pattern_[p + 1] == '-') {
            if (member <= c && c <= static_cast<unsigned char>(pattern_[p + 2])) return !negated;
            p += 3;
        } else {
            if (member == c) return !negated;
            ++p;
        }
    }
    return negated;
}

}  // namespace rubric::hooks::patterns
