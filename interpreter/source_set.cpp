#include "interpreter/source_set.hpp"

#include <algorithm>

namespace rubric {

uint32_t SourceSet::add(std::shared_ptr<const SourceFile> file) {
    uint32_t base = next_base_;
    // One position of gap, so the end of one file is never the start of the next.
    next_base_ += file->size() + 1;
    files_.push_back(std::move(file));
    bases_.push_back(base);
    return base;
}

SourceSet::Location SourceSet::locate(Span global) const {
    if (files_.empty()) return {};
    auto it = std::upper_bound(bases_.begin(), bases_.end(), global.begin);
    size_t index = it == bases_.begin() ? 0 : static_cast<size_t>(it - bases_.begin()) - 1;
    uint32_t base = bases_[index];
    const SourceFile* file = files_[index].get();
    uint32_t begin = std::min(global.begin - base, file->size());
    uint32_t end = std::min(std::max(global.end, global.begin) - base, file->size());
    return {file, Span{begin, end}};
}

std::u32string_view SourceSet::slice(Span global) const {
    Location at = locate(global);
    return at.file ? at.file->slice(at.local) : std::u32string_view{};
}

std::string SourceSet::where(Span global) const {
    Location at = locate(global);
    if (!at.file) return {};
    LineCol lc = at.file->line_col(at.local.begin);
    return at.file->path() + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.column);
}

}  // namespace rubric
