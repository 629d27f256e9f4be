// A data file mapped read-only into memory, so a large CSV can be read
// front to back without holding all of it: the pages already read are
// released as the reading moves on (madvise), so the resident memory stays
// at the size of a few chunks whatever the size of the file.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace rubric {

class MappedFile {
public:
    // The file mapped read-only; nullopt and `error` (Chinese) when it cannot be.
    static std::optional<MappedFile> open(const std::string& path, std::string& error);
    MappedFile(MappedFile&& other) noexcept;
    MappedFile& operator=(MappedFile&&) = delete;
    MappedFile(const MappedFile&) = delete;
    ~MappedFile();

    std::string_view bytes() const { return {data_, size_}; }
    // Gives back the memory of the bytes before `offset`. Reading them again
    // is allowed (they come back from the file); rewind() first, so that a
    // second pass releases as it goes too.
    void release_before(std::size_t offset);
    void rewind() { released_ = 0; }
    // Gives back the memory of the whole pages within [from, to); threads may
    // call it at once for ranges apart. (release_before's own mark is left.)
    void release(std::size_t from, std::size_t to) const;

private:
    MappedFile() = default;
    const char* data_ = nullptr;
    std::size_t size_ = 0;
    std::size_t released_ = 0;
};

}  // namespace rubric
