// Every name an AST part mentions (inputs, calculations, rules, enumeration
// values alike). The loader uses it to decide which of an imported file's
// declarations a ruleset really uses; over-collecting is harmless there.
#pragma once

#include "grammar/ast.hpp"

#include <boost/variant/apply_visitor.hpp>

#include <set>
#include <string>

namespace rubric::ast {

using name_set = std::set<std::u32string>;

void collect_names(const expression& e, name_set& out);

inline void collect_names(const operand& o, name_set& out) {
    struct Visitor {
        name_set& out;
        void operator()(const number&) const {}
        void operator()(const boolean&) const {}
        void operator()(const name& n) const { out.insert(n.text); }
        void operator()(const x3::forward_ast<unary>& u) const { collect_names(u.get().rhs, out); }
        void operator()(const x3::forward_ast<call>& c) const {
            out.insert(c.get().function.text);
            for (const expression& a : c.get().args) collect_names(a, out);
        }
        void operator()(const x3::forward_ast<conditional>& c) const {
            collect_names(c.get().condition, out);
            collect_names(c.get().then_value, out);
            collect_names(c.get().else_value, out);
        }
        void operator()(const x3::forward_ast<expression>& e) const { collect_names(e.get(), out); }
    };
    boost::apply_visitor(Visitor{out}, o.get());
}

inline void collect_names(const expression& e, name_set& out) {
    collect_names(e.first, out);
    for (const operation& o : e.rest) collect_names(o.rhs, out);
}

inline void collect_names(const std::vector<tier>& tiers, name_set& out) {
    for (const tier& t : tiers) {
        collect_names(t.value, out);
        if (const auto* b = boost::get<bound>(&t.condition.get())) collect_names(b->value, out);
        if (const auto* list = boost::get<std::vector<expression>>(&t.condition.get()))
            for (const expression& e : *list) collect_names(e, out);
    }
}

inline void collect_names(const rule& r, name_set& out) {
    struct Visitor {
        name_set& out;
        void operator()(const checklist_rule& c) const {
            for (const check_item& i : c.items) collect_names(i.condition, out);
        }
        void operator()(const tier_rule& t) const {
            collect_names(t.subject, out);
            collect_names(t.tiers, out);
        }
        void operator()(const deduction_rule& d) const { collect_names(d.count, out); }
        void operator()(const penalty_rule& p) const {
            collect_names(p.value, out);
            collect_names(p.threshold, out);
            collect_names(p.step, out);
        }
        void operator()(const target_rule& t) const {
            collect_names(t.actual, out);
            collect_names(t.target, out);
            if (t.unmet) collect_names(*t.unmet, out);
        }
        void operator()(const expression& e) const { collect_names(e, out); }
    };
    boost::apply_visitor(Visitor{out}, r.core.get());
    for (const veto& v : r.vetoes) collect_names(v.condition, out);
}

inline void collect_names(const leaf_body& body, name_set& out) {
    if (const auto* r = boost::get<rule>(&body.get())) return collect_names(*r, out);
    const auto& p = boost::get<parts_rule>(body.get());
    for (const part& each : p.parts) collect_names(each.body, out);
    for (const veto& v : p.vetoes) collect_names(v.condition, out);
}

}  // namespace rubric::ast
