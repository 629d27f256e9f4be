// Declares the statement rule; rubric_grammar_def.hpp defines it and
// rubric_grammar.cpp instantiates it once for config.hpp's types.
#pragma once

#include "grammar/ast.hpp"
#include "grammar/config.hpp"

namespace rubric::grammar {

namespace parser {
struct statement_class;
using statement_type = x3::rule<statement_class, ast::statement>;
BOOST_SPIRIT_DECLARE(statement_type)
}  // namespace parser

parser::statement_type const& statement();

}  // namespace rubric::grammar
