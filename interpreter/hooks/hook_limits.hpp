#pragma once
// HookLimits — the resources one hook call may use before it is stopped.
//
// A hook is code written by a ruleset author and run once per record, so a
// mistake (an endless loop, a runaway table) must cost one failed call, never
// the batch. Each limit is checked while the call runs; breaking one fails that
// call with a HookError of the matching kind.

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace rubric::hooks {

struct HookLimits {
    // Lua VM instructions per call, counted by a count hook every 1000
    // instructions. Long-running C work that the count hook cannot see
    // (pattern matching, table.sort, pairs, table.insert/remove/move) is
    // charged to the same budget, one unit per step.
    std::uint64_t instructions = 10'000'000;
    // Bytes the whole sandbox may hold at once: its lua_State, the libraries,
    // every script it has loaded and the garbage not yet collected (Lua runs an
    // emergency collection before an allocation is refused).
    std::size_t memory_bytes = std::size_t{64} << 20;
    // Wall-clock time per call (steady clock), checked with the instruction
    // count and inside pattern matching. The only limit that is not
    // deterministic: keep it generous so that it fires only on runaway hooks.
    std::chrono::milliseconds time{1000};
    // Longest explanation kept (bytes); a longer one is cut at a UTF-8
    // character boundary and ends with "…".
    std::size_t explanation_bytes = 2000;
};

}  // namespace rubric::hooks
