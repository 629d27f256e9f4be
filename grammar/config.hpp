// The one place where the parser's iterator, skipper and context types live.
// The context type must match the call site in parser.cpp exactly, or
// BOOST_SPIRIT_INSTANTIATE gives undefined references at link time.
#pragma once

#ifndef BOOST_SPIRIT_X3_UNICODE
#define BOOST_SPIRIT_X3_UNICODE
#endif

#include "grammar/skipper.hpp"
#include "grammar/source_map.hpp"

#include <boost/spirit/home/x3.hpp>
#include <boost/spirit/home/x3/support/ast/position_tagged.hpp>

#include <functional>
#include <string>
#include <vector>

namespace rubric::grammar {

namespace x3 = boost::spirit::x3;

// The parser runs over decoded code points so that a Chinese character is
// one element: identifiers, columns and spans all count characters.
using iterator_type = source_iterator;

struct position_cache_tag;

// The grammar is recursive: parentheses, 若 … 则 … 否则 …, 非 and the minus
// sign, and function calls each nest one expression in another. The parser
// counts how deep it is and gives up past `limit` (a syntax error at the
// construct that went too deep) instead of exhausting the stack.
struct expression_depth_tag;
struct ExpressionDepth {
    int depth = 0;
    int limit = 200;
};
// Thrown by the grammar at the construct that would nest deeper than the limit.
struct expression_too_deep {
    iterator_type where;
};

using phrase_context_type = x3::phrase_parse_context<skipper_type>::type;
using context_type =
    x3::context<position_cache_tag, std::reference_wrapper<position_cache>,
                x3::context<expression_depth_tag, std::reference_wrapper<ExpressionDepth>, phrase_context_type>>;

}  // namespace rubric::grammar
