// What the parser skips between tokens: white space (including the
// ideographic space U+3000 that Chinese input methods produce), comments
// from # or ＃ to the end of the line, and the optional separators ; and ；.
#pragma once

#include <boost/spirit/home/x3/core/parser.hpp>
#include <boost/spirit/home/x3/support/unused.hpp>

namespace rubric::grammar {

namespace x3 = boost::spirit::x3;

constexpr bool is_blank_char(char32_t c) {
    switch (c) {
        case U' ': case U'\t': case U'\r': case U'\n': case U'\f': case U'\v':
        case U'\u00A0': case U'\u3000': case U'\uFEFF':
            return true;
        default:
            return c >= U'\u2000' && c <= U'\u200A';
    }
}

struct skipper_parser : x3::parser<skipper_parser> {
    using attribute_type = x3::unused_type;
    static bool const has_attribute = false;

    // Consumes one blank, one separator or one whole comment per call;
    // x3::skip_over calls it until it fails.
    template <typename Iterator, typename Context, typename RContext, typename Attribute>
    bool parse(Iterator& first, Iterator const& last, Context const&, RContext&, Attribute&) const {
        if (first == last) return false;
        char32_t c = *first;
        if (is_blank_char(c) || c == U';' || c == U'；') {
            ++first;
            return true;
        }
        if (c == U'#' || c == U'＃') {
            while (first != last && *first != U'\n') ++first;
            return true;
        }
        return false;
    }
};

using skipper_type = skipper_parser;
inline constexpr skipper_parser skipper{};

}  // namespace rubric::grammar
