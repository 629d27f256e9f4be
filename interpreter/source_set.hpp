// All the files one compilation reads (a ruleset, the rulesets it extends,
// the stdlib files it imports), in one space of positions: each file gets a
// base offset, so a Span alone says which file and where.
#pragma once

#include "interpreter/source.hpp"

#include <memory>
#include <string>
#include <vector>

namespace rubric {

class SourceSet {
public:
    // Adds a file and returns the base offset of its first character.
    uint32_t add(std::shared_ptr<const SourceFile> file);

    struct Location {
        const SourceFile* file = nullptr;  // null for an empty span outside every file
        Span local;                        // offsets within that file
    };
    Location locate(Span global) const;
    std::u32string_view slice(Span global) const;
    // file:line:col of a span's start, as messages write it.
    std::string where(Span global) const;

    const std::vector<std::shared_ptr<const SourceFile>>& files() const { return files_; }
    uint32_t base_of(size_t file_index) const { return bases_[file_index]; }
    const SourceFile& main_file() const { return *files_.front(); }

private:
    std::vector<std::shared_ptr<const SourceFile>> files_;
    std::vector<uint32_t> bases_;
    uint32_t next_base_ = 0;
};

}  // namespace rubric
