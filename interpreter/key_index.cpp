#include "interpreter/key_index.hpp"

#include <cstring>
#include <functional>

namespace rubric {

namespace {

// A handle is block × 2^20 + offset: 4,096 blocks of 1 MiB. A key longer than
// a block gets a block of its own (offset 0).
constexpr unsigned kOffsetBits = 20;
constexpr std::size_t kBlockSize = std::size_t{1} << kOffsetBits;
// One fewer than the handle bits allow, so that 1 + handle never wraps to 0.
constexpr std::size_t kMaxBlocks = (std::size_t{1} << (32 - kOffsetBits)) - 1;

// Length as a varint: one byte for keys under 128 bytes.
std::size_t put_length(char* at, std::size_t n) {
    std::size_t used = 0;
    while (n >= 0x80) {
        at[used++] = static_cast<char>((n & 0x7F) | 0x80);
        n >>= 7;
    }
    at[used++] = static_cast<char>(n);
    return used;
}

std::size_t get_length(const char* at, std::size_t& n) {
    n = 0;
    std::size_t used = 0;
    for (unsigned shift = 0;; shift += 7) {
        const auto byte = static_cast<unsigned char>(at[used++]);
        n |= static_cast<std::size_t>(byte & 0x7F) << shift;
        if (!(byte & 0x80)) return used;
    }
}

std::size_t hash_of(std::string_view key) { return std::hash<std::string_view>{}(key); }

// The byte of a key's hash kept beside its slot: the top one (the slot comes from the low bits).
uint8_t tag_of(std::size_t hash) { return static_cast<uint8_t>(hash >> (8 * sizeof(std::size_t) - 8)); }

}  // namespace

KeyIndex::KeyIndex() = default;
KeyIndex::~KeyIndex() = default;
KeyIndex::KeyIndex(KeyIndex&&) noexcept = default;
KeyIndex& KeyIndex::operator=(KeyIndex&&) noexcept = default;

KeyIndex::Stored KeyIndex::stored(uint32_t handle) const {
    const char* at = blocks_[handle >> kOffsetBits].get() + (handle & (kBlockSize - 1));
    Stored s{};
    std::memcpy(&s.row, at, sizeof s.row);
    std::size_t length = 0;
    const std::size_t header = sizeof s.row + get_length(at + sizeof s.row, length);
    s.key = std::string_view(at + header, length);
    return s;
}

std::optional<uint32_t> KeyIndex::store(std::string_view key, uint32_t row) {
    const std::size_t need = sizeof row + 10 + key.size();
    if (blocks_.empty() || last_capacity_ - used_in_last_ < need) {
        if (blocks_.size() >= kMaxBlocks) return std::nullopt;  // 4 GiB of keys: the overflow map takes the rest
        last_capacity_ = need > kBlockSize ? need : kBlockSize;
        blocks_.push_back(std::make_unique<char[]>(last_capacity_));
        used_in_last_ = 0;
    }
    char* at = blocks_.back().get() + used_in_last_;
    std::memcpy(at, &row, sizeof row);
    std::size_t used = sizeof row + put_length(at + sizeof row, key.size());
    std::memcpy(at + used, key.data(), key.size());
    const auto handle = static_cast<uint32_t>(((blocks_.size() - 1) << kOffsetBits) | used_in_last_);
    used_in_last_ += used + key.size();
    // A big key's block is full: the next key starts a new one.
    if (last_capacity_ > kBlockSize) used_in_last_ = last_capacity_;
    return handle;
}

std::optional<uint32_t> KeyIndex::insert(std::string_view key, uint32_t row) {
    if ((count_ + 1) * 4 > slots_.size() * 3) grow();
    const std::size_t mask = slots_.size() - 1;
    const std::size_t hash = hash_of(key);
    const uint8_t tag = tag_of(hash);
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
        const uint32_t slot = slots_[i];
        if (slot == 0) {
            if (!overflow_.empty() || blocks_.size() >= kMaxBlocks) return insert_overflow(key, row);
            const std::optional<uint32_t> handle = store(key, row);
            if (!handle) return insert_overflow(key, row);
            slots_[i] = *handle + 1;
            tags_[i] = tag;
            ++count_;
            return std::nullopt;
        }
        // Another key, most likely: its text (elsewhere in memory) is read only when the tags agree.
        if (tags_[i] != tag) continue;
        const Stored earlier = stored(slot - 1);
        if (earlier.key == key) return earlier.row == row ? std::nullopt : std::optional<uint32_t>(earlier.row);
    }
}

std::optional<uint32_t> KeyIndex::insert_overflow(std::string_view key, uint32_t row) {
    auto [at, inserted] = overflow_.try_emplace(std::string(key), row);
    if (inserted) {
        ++count_;
        return std::nullopt;
    }
    return at->second == row ? std::nullopt : std::optional<uint32_t>(at->second);
}

void KeyIndex::reserve(std::size_t keys) {
    while (slots_.size() * 3 < keys * 4) grow();
}

void KeyIndex::grow() {
    std::vector<uint32_t> bigger(slots_.empty() ? 64 : slots_.size() * 2, 0);
    std::vector<uint8_t> bigger_tags(bigger.size(), 0);
    const std::size_t mask = bigger.size() - 1;
    for (std::size_t k = 0; k < slots_.size(); ++k) {
        if (slots_[k] == 0) continue;
        std::size_t i = hash_of(stored(slots_[k] - 1).key) & mask;
        while (bigger[i] != 0) i = (i + 1) & mask;
        bigger[i] = slots_[k];
        bigger_tags[i] = tags_[k];
    }
    slots_.swap(bigger);
    tags_.swap(bigger_tags);
}

}  // namespace rubric
