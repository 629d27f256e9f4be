#include "interpreter/hooks/memory_cap.hpp"

#include <algorithm>
#include <cstdlib>

#include "interpreter/hooks/sandbox_runtime.hpp"

namespace rubric::hooks {

void* MemoryCap::allocate(void* cap_pointer, void* block, std::size_t old_size, std::size_t new_size) noexcept {
    auto& cap = *static_cast<MemoryCap*>(cap_pointer);
    // For a new block Lua passes the object's type in old_size, not a size.
    const std::size_t old_bytes = block != nullptr ? old_size : 0;
    if (new_size == 0) {
        std::free(block);
        cap.in_use_ -= std::min(old_bytes, cap.in_use_);
        return nullptr;
    }
    const bool grows = new_size > old_bytes;
    if (grows) {
        const std::size_t room = cap.limit_ - std::min(cap.in_use_, cap.limit_);
        if (new_size - old_bytes > room) {
            cap.note_refusal(block, old_size, new_size);
            return nullptr;
        }
    }
    const bool is_retry = cap.retry_pending_ && cap.is_retry(block, old_size, new_size);
    void* resized = std::realloc(block, new_size);
    if (resized == nullptr) {
        // Lua assumes shrinking never fails: keep the larger block.
        if (!grows) return block;
        cap.note_refusal(block, old_size, new_size);
        return nullptr;
    }
    cap.in_use_ = cap.in_use_ - std::min(old_bytes, cap.in_use_) + new_size;
    if (grows && cap.retry_pending_) {
        // The retry after an emergency collection succeeded; any other request
        // means the refused one was reported as an error instead.
        if (!is_retry) cap.exhausted_ = true;
        cap.retry_pending_ = false;
    }
    return resized;
}

void MemoryCap::start_call() noexcept {
    refusal_line_ = 0;
    refused_ = false;
    exhausted_ = false;
    retry_pending_ = false;
}

bool MemoryCap::is_retry(const void* block, std::size_t old_size, std::size_t new_size) const noexcept {
    return block == refused_block_ && old_size == refused_old_size_ && new_size == refused_new_size_;
}

void MemoryCap::refuse_oversized() noexcept {
    refused_ = true;
    exhausted_ = true;
    if (watched_ != nullptr) refusal_line_ = innermost_lua_line(watched_);
}

void MemoryCap::note_refusal(const void* block, std::size_t old_size, std::size_t new_size) noexcept {
    refused_ = true;
    // Reading the call stack here is safe: Lua keeps it consistent across
    // allocations (the debug hooks rely on the same), and this runs only when
    // a request is refused.
    if (watched_ != nullptr) refusal_line_ = innermost_lua_line(watched_);
    // Refused again (the retry) or a new request instead of the retry.
    if (retry_pending_) exhausted_ = true;
    retry_pending_ = true;
    refused_block_ = block;
    refused_old_size_ = old_size;
    refused_new_size_ = new_size;
}

}  // namespace rubric::hooks
