#include "grammar/source_map.hpp"

#include <memory>

namespace rubric::grammar {

namespace {
const std::u32string no_text;
}

SourceMap::SourceMap(SourceSet& sources) : sources_(&sources), positions_(no_text.begin(), no_text.end()) {}

uint32_t SourceMap::offset(source_iterator it) const {
    const auto& files = sources_->files();
    const char32_t* p = std::to_address(it);
    for (size_t i = 0; i < files.size(); ++i) {
        const std::u32string& text = files[i]->text();
        if (p >= text.data() && p <= text.data() + text.size())
            return sources_->base_of(i) + static_cast<uint32_t>(p - text.data());
    }
    return 0;
}

Span SourceMap::span_of(const x3::position_tagged& node) const {
    if (node.id_first < 0) return Span{0, 0};
    auto range = positions_.position_of(node);
    uint32_t begin = offset(range.begin());
    return trimmed(Span{begin, begin + static_cast<uint32_t>(range.end() - range.begin())});
}

Span SourceMap::trimmed(Span global) const {
    SourceSet::Location at = sources_->locate(global);
    if (!at.file) return global;
    const uint32_t base = global.begin - at.local.begin;
    const std::u32string& t = at.file->text();
    uint32_t begin = at.local.begin, end = at.local.end;
    while (begin < end && is_skipped_blank(t[begin])) ++begin;
    for (;;) {
        while (end > begin && is_skipped_blank(t[end - 1])) --end;
        // A comment runs from # to the end of its line: cut it if the span ends inside one.
        uint32_t line_start = end;
        while (line_start > begin && t[line_start - 1] != U'\n') --line_start;
        uint32_t hash = line_start;
        while (hash < end && t[hash] != U'#' && t[hash] != U'＃' && t[hash] != U'"' && t[hash] != U'“' && t[hash] != U'「')
            ++hash;
        if (hash < end && (t[hash] == U'#' || t[hash] == U'＃') && hash > begin) {
            end = hash;
            continue;
        }
        break;
    }
    return Span{base + begin, base + end};
}

}  // namespace rubric::grammar
