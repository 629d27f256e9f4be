// The keys seen so far in a batch, to catch a record whose key repeats an
// earlier one. This is the one thing a streamed batch keeps for every record
// of a file that may hold millions, so it is compact: each key's row, length
// and text packed into 1 MiB blocks (no reallocation, so no moment with two
// copies), and an open-addressing table of 32-bit handles into them, filled
// at most three quarters, with a byte of each key's hash beside its handle
// (a probe reads another key's text only when that byte agrees): about
// 5 + length + 5 to 10 bytes a key (a 12-byte key: 23–28 bytes). At most
// 4 GiB of packed keys in all.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace rubric {

class KeyIndex {
public:
    KeyIndex();
    ~KeyIndex();
    KeyIndex(KeyIndex&&) noexcept;
    KeyIndex& operator=(KeyIndex&&) noexcept;

    // Records `key` at `row`; when it was seen before at another row, returns
    // the earlier row (and keeps that one). The same key at the same row is
    // the same record seen again (compare binds each record once per
    // ruleset, into one index), not a duplicate.
    std::optional<uint32_t> insert(std::string_view key, uint32_t row);
    // Room for about `keys` keys without growing the table on the way (a
    // streamed file's estimate of its records: growing rehashes every key).
    void reserve(std::size_t keys);
    std::size_t size() const { return count_; }
    // A hint that `key` will be inserted soon: brings the first place it is
    // looked for into the cache (a batch checking keys in order calls it a
    // few keys ahead, so the lookups do not wait for memory one by one).
    void prefetch(std::string_view key) const {
        if (slots_.empty()) return;
        const std::size_t i = std::hash<std::string_view>{}(key) & (slots_.size() - 1);
        __builtin_prefetch(&slots_[i]);
        __builtin_prefetch(&tags_[i]);
    }

private:
    struct Stored {
        uint32_t row;
        std::string_view key;
    };
    Stored stored(uint32_t handle) const;
    std::optional<uint32_t> store(std::string_view key, uint32_t row);  // the handle; none when the blocks are full
    std::optional<uint32_t> insert_overflow(std::string_view key, uint32_t row);
    void grow();

    std::vector<std::unique_ptr<char[]>> blocks_;
    std::size_t used_in_last_ = 0;   // bytes used in blocks_.back()
    std::size_t last_capacity_ = 0;  // its size
    std::vector<uint32_t> slots_;    // 0 = empty, else 1 + handle
    std::vector<uint8_t> tags_;      // per slot: the top byte of its key's hash
    std::size_t count_ = 0;
    // Keys beyond 4 GiB of blocks (far beyond the default limits).
    std::unordered_map<std::string, uint32_t> overflow_;
};

}  // namespace rubric
