#pragma once
// MemoryCap — the lua_Alloc of a sandbox: plain realloc/free that refuses any
// growth beyond a byte limit, so Lua raises "not enough memory" in the hook
// instead of the host running out of memory.
//
// Lua reacts to most refused allocations by running an emergency full
// collection and asking again with the same arguments; only if that retry is
// refused too does the memory really run out. Some requests (a string buffer
// growing) are not retried: the error is raised at once. MemoryCap therefore
// counts the memory as run out when a refused request is refused again, or is
// followed by a different request instead of its retry, or is the last thing
// that happened in the call. The sandbox then stops the call even when the
// hook swallows the error with pcall.

#include <cstddef>

struct lua_State;

namespace rubric::hooks {

class MemoryCap {
public:
    explicit MemoryCap(std::size_t limit_bytes) noexcept : limit_(limit_bytes) {}

    // The lua_Alloc function; `cap` is the MemoryCap.
    static void* allocate(void* cap, void* block, std::size_t old_size, std::size_t new_size) noexcept;

    std::size_t limit() const noexcept { return limit_; }
    std::size_t in_use() const noexcept { return in_use_; }

    // Forget the refusals of the previous call.
    void start_call() noexcept;
    // Some request was refused (perhaps recovered by Lua's emergency collection).
    bool refused() const noexcept { return refused_; }
    // The memory has run out in this call (see above).
    bool ran_out() const noexcept { return exhausted_ || retry_pending_; }
    // Known to have run out while the call is still going.
    bool exhausted() const noexcept { return exhausted_; }
    // A request bigger than the whole cap, refused before it is made
    // (string.rep): the memory has run out, at the current line.
    void refuse_oversized() noexcept;

    // The state whose current line is noted at each refusal (nullptr: none).
    void watch(lua_State* L) noexcept { watched_ = L; }
    // Line of the innermost Lua function at the last refusal (0 if unknown).
    int refusal_line() const noexcept { return refusal_line_; }

private:
    void note_refusal(const void* block, std::size_t old_size, std::size_t new_size) noexcept;
    bool is_retry(const void* block, std::size_t old_size, std::size_t new_size) const noexcept;

    std::size_t limit_;
    std::size_t in_use_ = 0;
    lua_State* watched_ = nullptr;
    int refusal_line_ = 0;
    bool refused_ = false;
    bool exhausted_ = false;
    // The last refused request, to recognise Lua's retry of it.
    bool retry_pending_ = false;
    const void* refused_block_ = nullptr;
    std::size_t refused_old_size_ = 0;
    std::size_t refused_new_size_ = 0;
};

}  // namespace rubric::hooks
