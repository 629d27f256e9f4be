#include "interpreter/key_index.hpp"

#include <functional>

namespace rubric {

std::optional<uint32_t> KeyIndex::insert(std::string_view key, uint32_t row) {
    if ((entries_.size() + 1) * 2 > slots_.size()) grow();
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = std::hash<std::string_view>{}(key) & mask;; i = (i + 1) & mask) {
        const uint32_t slot = slots_[i];
        if (slot == 0) {
            entries_.push_back(Entry{static_cast<uint32_t>(text_.size()), static_cast<uint32_t>(key.size()), row});
            text_.append(key);
            slots_[i] = static_cast<uint32_t>(entries_.size());
            return std::nullopt;
        }
        const Entry& e = entries_[slot - 1];
        if (text_of(e) == key) return e.row;
    }
}

void KeyIndex::grow() {
    std::vector<uint32_t> bigger(slots_.empty() ? 64 : slots_.size() * 2, 0);
    const std::size_t mask = bigger.size() - 1;
    for (uint32_t n = 0; n < entries_.size(); ++n) {
        std::size_t i = std::hash<std::string_view>{}(text_of(entries_[n])) & mask;
        while (bigger[i] != 0) i = (i + 1) & mask;
        bigger[i] = n + 1;
    }
    slots_.swap(bigger);
}

}  // namespace rubric
