// Where AST nodes came from: X3's position cache over the decoded sources,
// and the conversion of a node's position tag into a global Span (see
// interpreter/source_set.hpp) for diagnostics.
#pragma once

#include "interpreter/source_set.hpp"

#include <boost/spirit/home/x3/support/ast/position_tagged.hpp>

#include <string>
#include <vector>

namespace rubric::grammar {

namespace x3 = boost::spirit::x3;

using source_iterator = std::u32string::const_iterator;
using position_cache = x3::position_cache<std::vector<source_iterator>>;

// One position cache serves every file of a compilation: it only stores
// iterators, and each iterator points into exactly one file's text.
class SourceMap {
public:
    explicit SourceMap(SourceSet& sources);
    SourceMap(SourceMap&&) = default;

    SourceSet& sources() { return *sources_; }
    const SourceSet& sources() const { return *sources_; }
    position_cache& positions() { return positions_; }

    // The span of a node the parser tagged, without the blanks and comments
    // the skipper passed over around it; an untagged node gets an empty span
    // at the start of the first file rather than a crash.
    Span span_of(const x3::position_tagged& node) const;
    // The global offset of an iterator into one of the files.
    uint32_t offset(source_iterator it) const;

private:
    Span trimmed(Span global) const;

    SourceSet* sources_;
    position_cache positions_;
};

inline bool is_skipped_blank(char32_t c) {
    return c == U' ' || c == U'\t' || c == U'\r' || c == U'\n' || c == U'\f' || c == U'\v' || c == U'\u00A0' ||
           c == U'\u3000' || c == U'\uFEFF' || c == U';' || c == U'；' || (c >= U'\u2000' && c <= U'\u200A');
}

}  // namespace rubric::grammar
