// Looking through the AST's precedence levels. The grammar wraps every
// operand in one expression node per precedence level, so `x` in a tier
// condition is expression{expression{… name …}}; these helpers find what
// is really there.
#pragma once

#include "grammar/ast.hpp"

#include <boost/variant/get.hpp>

namespace rubric::ast {

// The operand an operand really is, through single-operand expressions.
inline const operand& innermost(const operand& o) {
    const operand* current = &o;
    while (const auto* e = boost::get<x3::forward_ast<expression>>(&current->get())) {
        if (!e->get().rest.empty()) break;
        current = &e->get().first;
    }
    return *current;
}

// The expression an expression really is, through single-operand levels.
inline const expression& innermost(const expression& e) {
    const expression* current = &e;
    while (current->rest.empty()) {
        const auto* inner = boost::get<x3::forward_ast<expression>>(&current->first.get());
        if (!inner) break;
        current = &inner->get();
    }
    return *current;
}

// The name an operand or expression is, if it is nothing but a name.
inline const name* as_name(const operand& o) { return boost::get<name>(&innermost(o).get()); }

inline const name* as_name(const expression& e) {
    const expression& inner = innermost(e);
    return inner.rest.empty() ? as_name(inner.first) : nullptr;
}

inline const number* as_number(const operand& o) { return boost::get<number>(&innermost(o).get()); }

namespace detail {
struct tagged_visitor {
    using result_type = const x3::position_tagged&;
    const x3::position_tagged& operator()(const x3::position_tagged& n) const { return n; }
    template <typename T>
    const x3::position_tagged& operator()(const x3::forward_ast<T>& f) const { return f.get(); }
};
}  // namespace detail

// The position-tagged node behind an operand, for its span.
inline const x3::position_tagged& tagged(const operand& o) {
    return boost::apply_visitor(detail::tagged_visitor{}, o.get());
}

}  // namespace rubric::ast
