// The one translation unit that pays for compiling the grammar.
#include "grammar/rubric_grammar_def.hpp"

namespace rubric::grammar {

namespace parser {
BOOST_SPIRIT_INSTANTIATE(statement_type, iterator_type, context_type)
}

parser::statement_type const& statement() { return parser::statement; }

}  // namespace rubric::grammar
