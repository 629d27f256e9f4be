// The keys seen so far in a batch, to catch a record whose key repeats an
// earlier one. Compact because a streamed batch keeps every key of a file
// that may hold millions of records: the key texts side by side in one
// buffer, an open-addressing table of 32-bit entry numbers — about 20 bytes
// plus the key's own bytes per key. At most 4 GiB of key text in all.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rubric {

class KeyIndex {
public:
    // Records `key` at `row`; when it was seen before, returns the earlier row
    // (and keeps that one).
    std::optional<uint32_t> insert(std::string_view key, uint32_t row);
    std::size_t size() const { return entries_.size(); }
    // A hint that `key` will be inserted soon: brings the first place it is
    // looked for into the cache (a batch checking keys in order calls it a
    // few keys ahead, so the lookups do not wait for memory one by one).
    void prefetch(std::string_view key) const {
        if (!slots_.empty()) __builtin_prefetch(&slots_[std::hash<std::string_view>{}(key) & (slots_.size() - 1)]);
    }

private:
    struct Entry {
        uint32_t offset = 0;  // into text_ (key texts of a batch stay far below 4 GiB)
        uint32_t length = 0;
        uint32_t row = 0;
    };
    std::string_view text_of(const Entry& e) const { return std::string_view(text_).substr(e.offset, e.length); }
    void grow();

    std::string text_;
    std::vector<Entry> entries_;
    std::vector<uint32_t> slots_;  // 0 = empty, else 1 + index into entries_
};

}  // namespace rubric
