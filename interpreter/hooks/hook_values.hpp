#pragma once
// The values exchanged with Lua hooks, as plain C++ (no Lua types), so that
// callers need not include Lua headers.
//
// Into a hook (one table of named arguments; keys are the UTF-8 indicator
// names, often Chinese):
//   monostate → nil (missing or empty)      bool → boolean
//   long long → Lua integer (a count)       Decimal → decimal userdata (exact)
//   std::string → string (text, enum value) HookRows → array of row tables
// Out of a hook: one decimal, or a table of named decimals, plus an optional
// explanation string. Failures are HookError values, never exceptions.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "interpreter/decimal.hpp"

namespace rubric::hooks {

// One field of a row.
using HookScalar = std::variant<std::monostate, bool, long long, Decimal, std::string>;

// One row of a list input: named fields (absent or monostate fields read as nil).
struct HookRow {
    std::vector<std::pair<std::string, HookScalar>> fields;
};
using HookRows = std::vector<HookRow>;

// One argument: a scalar or a list of rows (a Lua array of tables).
using HookValue = std::variant<std::monostate, bool, long long, Decimal, std::string, HookRows>;

struct HookArg {
    std::string name;
    HookValue value;
};

struct HookResult {
    // Set when the hook returned one decimal (or a Lua integer).
    std::optional<Decimal> value;
    // Set when the hook returned a table {名称 = decimal, …}; sorted by name
    // (byte order) so that the order never depends on Lua's hashing.
    std::vector<std::pair<std::string, Decimal>> named;
    // The optional second return value, capped at HookLimits::explanation_bytes.
    std::string explanation;
};

enum class HookErrorKind : unsigned char {
    error,              // the hook raised an error (or the hook function is missing)
    instruction_limit,  // HookLimits::instructions
    time_limit,         // HookLimits::time
    memory_limit,       // HookLimits::memory_bytes ("not enough memory")
    bad_result,         // returned something that is not a decimal or a table of them
};

constexpr std::string_view to_string(HookErrorKind kind) noexcept {
    switch (kind) {
    case HookErrorKind::error: return "error";
    case HookErrorKind::instruction_limit: return "instruction_limit";
    case HookErrorKind::time_limit: return "time_limit";
    case HookErrorKind::memory_limit: return "memory_limit";
    case HookErrorKind::bad_result: return "bad_result";
    }
    return "error";
}

struct HookError {
    HookErrorKind kind = HookErrorKind::error;
    // Without the "file:line:" prefix; see file and line.
    std::string message;
    std::string file;  // the script's path as given to HookScript::compile
    int line = 0;      // 1-based line where the hook stopped; 0 when unknown
};

// Exactly one of result and error is set.
struct HookOutcome {
    std::optional<HookResult> result;
    std::optional<HookError> error;

    bool ok() const noexcept { return result.has_value(); }
};

// A problem found when compiling a script: a syntax error, an error or a limit
// hit while running its top level, or a required function it does not define.
struct HookSourceError {
    std::string file;
    int line = 0;    // 1-based; 0 when the problem has no line
    int column = 0;  // Lua's messages carry no column, so this is 0 for now
    std::string message;
};

}  // namespace rubric::hooks
