// Where AST nodes came from: X3's position cache over the decoded source,
// and the conversion of a node's position tag into a Span for diagnostics.
#pragma once

#include "interpreter/source.hpp"

#include <boost/spirit/home/x3/support/ast/position_tagged.hpp>

#include <string>
#include <vector>

namespace rubric::grammar {

namespace x3 = boost::spirit::x3;

using source_iterator = std::u32string::const_iterator;
using position_cache = x3::position_cache<std::vector<source_iterator>>;

class SourceMap {
public:
    SourceMap(const std::u32string& text) : text_(&text), positions_(text.begin(), text.end()) {}

    position_cache& positions() { return positions_; }

    // The span of a node the parser tagged, without the blanks and comments
    // the skipper passed over around it; an untagged node gets an empty span
    // at the start of the file rather than a crash.
    Span span_of(const x3::position_tagged& node) const {
        if (node.id_first < 0) return Span{0, 0};
        auto range = positions_.position_of(node);
        return trimmed(Span{offset(range.begin()), offset(range.end())});
    }

    Span trimmed(Span span) const;

    uint32_t offset(source_iterator it) const { return static_cast<uint32_t>(it - text_->begin()); }

private:
    const std::u32string* text_;
    position_cache positions_;
};

inline bool is_skipped_blank(char32_t c) {
    return c == U' ' || c == U'\t' || c == U'\r' || c == U'\n' || c == U'\f' || c == U'\v' || c == U'\u00A0' ||
           c == U'\u3000' || c == U'\uFEFF' || c == U';' || c == U'；' || (c >= U'\u2000' && c <= U'\u200A');
}

inline Span SourceMap::trimmed(Span span) const {
    const std::u32string& t = *text_;
    uint32_t begin = span.begin, end = span.end;
    while (begin < end && is_skipped_blank(t[begin])) ++begin;
    for (;;) {
        while (end > begin && is_skipped_blank(t[end - 1])) --end;
        // A comment runs from # to the end of its line: cut it if the span ends inside one.
        uint32_t line_start = end;
        while (line_start > begin && t[line_start - 1] != U'\n') --line_start;
        uint32_t hash = line_start;
        while (hash < end && t[hash] != U'#' && t[hash] != U'＃' && t[hash] != U'"' && t[hash] != U'“' && t[hash] != U'「') ++hash;
        if (hash < end && (t[hash] == U'#' || t[hash] == U'＃') && hash > begin) {
            end = hash;
            continue;
        }
        break;
    }
    return Span{begin, end};
}

}  // namespace rubric::grammar
