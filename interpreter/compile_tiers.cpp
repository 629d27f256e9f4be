// Tier tables (分档, 等级): reading each tier's condition as an interval or
// a set of enumeration values, and checking that the tiers cover every
// value the subject can take exactly once.
#include "interpreter/compiler.hpp"

#include "grammar/ast_util.hpp"
#include "interpreter/program_builder.hpp"
#include "interpreter/utf8.hpp"

#include <algorithm>
#include <functional>

namespace rubric {

namespace {

std::string utf8(std::u32string_view s) { return encode_utf8(s); }

bool is_comparison(ast::op op) {
    return op == ast::op::lt || op == ast::op::le || op == ast::op::gt || op == ast::op::ge || op == ast::op::eq;
}

const ast::name* bare_name(const ast::expression& e) { return ast::as_name(e); }

ast::op mirrored(ast::op op) {
    switch (op) {
        case ast::op::lt: return ast::op::gt;
        case ast::op::le: return ast::op::ge;
        case ast::op::gt: return ast::op::lt;
        case ast::op::ge: return ast::op::le;
        default: return op;
    }
}

bool names_subject(const ast::operand& o, const std::u32string& subject_name) {
    const auto* n = ast::as_name(o);
    return n && (n->text == U"x" || n->text == U"X" || (!subject_name.empty() && n->text == subject_name));
}

// The condition text of a tier, for explain traces: everything before its colon.
std::string condition_text(std::u32string_view tier_text) {
    size_t colon = tier_text.find_first_of(U":：");
    std::u32string_view cond = tier_text.substr(0, colon);
    while (!cond.empty() && (cond.back() == U' ' || cond.back() == U'\t')) cond.remove_suffix(1);
    return utf8(cond);
}

}  // namespace

Compiler::TierTableResult Compiler::tier_table(const CompiledValue& subject, const std::vector<ast::tier>& tiers,
                                               Span owner, bool values_are_labels, const std::string& what) {
    TierTableResult out;
    Graph& g = builder_->graph();
    const uint32_t first_entry = static_cast<uint32_t>(g.tier_entries.size());
    const bool enumeration = subject.type.kind == Type::Kind::enumeration;
    const InputSpec* owner_input =
        enumeration ? &builder_->inputs()[static_cast<size_t>(subject.type.enumeration)] : nullptr;
    std::u32string subject_name;
    if (subject.span.end > subject.span.begin) subject_name = std::u32string(parsed_.sources->slice(subject.span));

    std::vector<Interval> intervals;
    std::vector<Span> interval_spans;
    std::vector<int> enum_hits(owner_input ? owner_input->values.size() : 0, -1);
    bool coverage_checkable = true, has_otherwise = false, percent_bounds = false;
    Scope scope = rule_scope_;
    scope.subject = &subject;
    scope.subject_name = subject_name;

    for (size_t t = 0; t < tiers.size(); ++t) {
        const ast::tier& tier = tiers[t];
        const Span tier_span = span_of(tier);
        if (has_otherwise) {
            error(tier_span, "「否则」必须是最后一档，它之后的档不会被用到");
            out.ok = false;
        }
        // The tier's value: a score expression, or a grade label.
        uint32_t value_slot = 0;
        if (values_are_labels) {
            const ast::name* label = bare_name(tier.value);
            if (!label) {
                error(span_of(tier.value), "等级应是一个名称，如「优」");
                out.ok = false;
                continue;
            }
        } else {
            CompiledValue value = expression(tier.value, scope);
            if (value.type.is_invalid()) { out.ok = false; continue; }
            value_slot = value.slot;
            out.values.push_back(value);
        }
        g.tier_labels.push_back(condition_text(parsed_.sources->slice(tier_span)));
        const uint32_t label = static_cast<uint32_t>(g.tier_labels.size() - 1);
        auto add_entry = [&](TierBound low, TierBound high) {
            g.tier_entries.push_back(TierEntry{low, high, value_slot, label});
            if (values_are_labels) out.labels.push_back(utf8(bare_name(tier.value)->text));
        };
        auto bound_of = [&](const ast::expression& e, bool inclusive, std::optional<Decimal>& constant) {
            CompiledValue b = expression(e, scope);
            if (b.type.is_invalid()) { out.ok = false; return TierBound{}; }
            if (!comparable(subject.type, b.type)) {
                error(b.span, "分档界限是" + describe(b.type) + "，不能与" + describe(subject.type) + "比较");
                out.ok = false;
            } else {
                warn_percent_against_bare_number(subject, b, b.span);
            }
            constant = b.constant;
            percent_bounds = percent_bounds || b.type.percent;
            if (!constant) coverage_checkable = false;
            return TierBound{true, inclusive, b.slot};
        };

        struct ConditionVisitor {
            Compiler& c;
            const ast::tier& tier;
            bool& has_otherwise;
            bool enumeration;
            const std::u32string& subject_name;
            std::function<void(TierBound, TierBound)> add_entry;
            std::function<TierBound(const ast::expression&, bool, std::optional<Decimal>&)> bound_of;
            std::vector<Interval>& intervals;
            std::vector<Span>& spans;
            std::function<void(const ast::expression&)> enum_value;
            bool& ok;

            void operator()(const ast::otherwise&) const {
                has_otherwise = true;
                add_entry(TierBound{}, TierBound{});
            }
            void operator()(const ast::bound& b) const {
                if (enumeration) return enum_value(b.value);
                std::optional<Decimal> k;
                TierBound bound = bound_of(b.value, b.oper == ast::op::ge || b.oper == ast::op::le || b.oper == ast::op::eq, k);
                Interval i;
                switch (b.oper) {
                    case ast::op::ge: case ast::op::gt: add_entry(bound, TierBound{}); i.low = k; i.low_closed = bound.inclusive; break;
                    case ast::op::le: case ast::op::lt: add_entry(TierBound{}, bound); i.high = k; i.high_closed = bound.inclusive; break;
                    case ast::op::eq: add_entry(bound, bound); i.low = i.high = k; i.low_closed = i.high_closed = true; break;
                    default:
                        c.error(c.span_of(b), "分档条件只能用 ≥ > ≤ < =");
                        ok = false;
                        return;
                }
                intervals.push_back(i);
                spans.push_back(c.span_of(tier));
            }
            void operator()(const std::vector<ast::expression>& list) const {
                if (enumeration) {
                    for (const ast::expression& e : list) enum_value(e);
                    return;
                }
                const ast::expression& only = ast::innermost(list[0]);
                if (list.size() == 1 && only.rest.size() == 2 && names_subject(only.rest[0].rhs, subject_name))
                    return interval(only);
                if (list.size() == 1 && only.rest.size() == 1 && names_subject(only.first, subject_name) &&
                    is_comparison(only.rest[0].oper)) {
                    // x ≥ 90: the same as ≥ 90
                    ast::bound b;
                    b.oper = only.rest[0].oper;
                    b.value.first = only.rest[0].rhs;
                    static_cast<x3::position_tagged&>(b) = only;
                    static_cast<x3::position_tagged&>(b.value) = ast::tagged(only.rest[0].rhs);
                    return (*this)(b);
                }
                if (list.size() == 1 && only.rest.size() == 1 && names_subject(only.rest[0].rhs, subject_name) &&
                    is_comparison(only.rest[0].oper)) {
                    // 90% > x: the same as x < 90%
                    ast::bound b;
                    b.oper = mirrored(only.rest[0].oper);
                    b.value.first = only.first;
                    static_cast<x3::position_tagged&>(b) = only;
                    static_cast<x3::position_tagged&>(b.value) = ast::tagged(only.first);
                    return (*this)(b);
                }
                c.error(c.span_of(tier), "无法识别的分档条件：应写成「≥ 90%」「90% > x ≥ 75%」或「否则」");
                ok = false;
            }
            // a < x ≤ b  or  b > x ≥ a
            void interval(const ast::expression& e) const {
                ast::op o1 = e.rest[0].oper, o2 = e.rest[1].oper;
                const bool rising = (o1 == ast::op::lt || o1 == ast::op::le) && (o2 == ast::op::lt || o2 == ast::op::le);
                const bool falling = (o1 == ast::op::gt || o1 == ast::op::ge) && (o2 == ast::op::gt || o2 == ast::op::ge);
                if (!rising && !falling) {
                    c.error(c.span_of(tier), "区间应写成「a ≤ x < b」或「b > x ≥ a」，两个比较方向一致");
                    ok = false;
                    return;
                }
                ast::expression left;
                left.first = e.first;
                static_cast<x3::position_tagged&>(left) = ast::tagged(e.first);
                ast::expression right;
                right.first = e.rest[1].rhs;
                static_cast<x3::position_tagged&>(right) = ast::tagged(e.rest[1].rhs);
                std::optional<Decimal> a, b;
                TierBound first = bound_of(left, o1 == ast::op::le || o1 == ast::op::ge, a);
                TierBound second = bound_of(right, o2 == ast::op::le || o2 == ast::op::ge, b);
                Interval i;
                if (rising) {
                    add_entry(first, second);
                    i.low = a; i.low_closed = first.inclusive; i.high = b; i.high_closed = second.inclusive;
                } else {
                    add_entry(second, first);
                    i.low = b; i.low_closed = second.inclusive; i.high = a; i.high_closed = first.inclusive;
                }
                if (i.low && i.high && *i.low > *i.high) {
                    c.error(c.span_of(tier), "区间的下限大于上限，这一档不会被用到");
                    ok = false;
                }
                intervals.push_back(i);
                spans.push_back(c.span_of(tier));
            }
        };

        auto enum_value = [&](const ast::expression& e) {
            const ast::name* n = bare_name(e);
            if (!n) {
                // An 枚举 declared without values was reported where it was declared.
                if (!owner_input->values.empty())
                    error(span_of(e), "「" + owner_input->name + "」是枚举，分档条件应是它的取值，如「" + owner_input->values.front() + "」");
                out.ok = false;
                return;
            }
            Type hint = subject.type;
            CompiledValue v = name_reference(*n, Scope{}, &hint);
            if (v.type.is_invalid()) { out.ok = false; return; }
            auto k = static_cast<size_t>(v.constant->to_int().value_or(0));
            if (enum_hits[k] >= 0) {
                error(span_of(e), "「" + owner_input->values[k] + "」已在前面的档中出现");
                out.ok = false;
            }
            enum_hits[k] = static_cast<int>(t);
            TierBound b{true, true, v.slot};
            add_entry(b, b);
        };
        boost::apply_visitor(ConditionVisitor{*this, tier, has_otherwise, enumeration, subject_name, add_entry, bound_of,
                                              intervals, interval_spans, enum_value, out.ok},
                             tier.condition.get());
    }
    TierTable table;
    table.first = first_entry;
    table.count = static_cast<uint32_t>(g.tier_entries.size()) - first_entry;
    table.has_otherwise = has_otherwise;
    g.tier_tables.push_back(table);
    out.table = static_cast<uint32_t>(g.tier_tables.size() - 1);
    out.index_slot = builder_->emit(Op::tier_index, subject.slot, out.table, 0, owner);
    if (!out.ok) return out;

    if (enumeration) {
        for (size_t k = 0; k < enum_hits.size(); ++k)
            if (enum_hits[k] < 0 && !has_otherwise)
                error(owner, what + "没有覆盖「" + owner_input->name + "」的取值「" + owner_input->values[k] + "」");
    } else if (coverage_checkable) {
        for (Interval& i : intervals) i.percent_bounds = percent_bounds;
        check_tier_coverage(subject, intervals, interval_spans, has_otherwise, owner, what);
    }
    return out;
}

Domain Compiler::domain_of(const CompiledValue& subject) const {
    Domain d;
    d.step = subject.type.precision;
    if (subject.nonnegative) d.low = Decimal{};
    if (subject.slot == builder_->program().total_slot() && !builder_->indicators().empty()) {
        d.low = Decimal{};
        d.high = builder_->indicators().front().points;
        return d;
    }
    if (subject.slot < builder_->graph().inputs_end) {
        const InputSpec& in = builder_->inputs()[subject.slot];
        switch (in.kind) {
            case InputKind::percent: d.low = Decimal{}; d.high = Decimal::from_int(1); break;
            case InputKind::count: d.low = Decimal{}; d.step = Decimal::from_int(1); break;
            case InputKind::amount: d.low = Decimal{}; break;
            default: d.low = in.low; d.high = in.high; break;
        }
    }
    return d;
}

void Compiler::check_tier_coverage(const CompiledValue& subject, const std::vector<Interval>& intervals,
                                   const std::vector<Span>& spans, bool has_otherwise, Span owner,
                                   const std::string& what) {
    bool percent = subject.type.percent;
    for (const Interval& i : intervals) percent = percent || i.percent_bounds;
    auto findings = check_coverage(intervals, domain_of(subject));
    std::string precision_note;
    if (subject.type.precision)
        precision_note = "（取值保留到 " + format_bound_value(*subject.type.precision, percent) + "）";
    for (const CoverageFinding& f : findings) {
        if (f.kind == CoverageFinding::Kind::gap) {
            if (has_otherwise) continue;
            error(owner, what + "有空缺：" + format_interval(f.where, percent) + " 不属于任何一档" + precision_note +
                             "，例如 " + format_bound_value(f.example, percent));
        } else {
            SourceSet::Location at = parsed_.sources->locate(spans[f.tiers[1]]);
            SourceSet::Location other = parsed_.sources->locate(spans[f.tiers[0]]);
            auto& d = diagnostics_.error(at.file, at.local,
                                         what + "有重叠：" + format_interval(f.where, percent) + " 同时属于 " +
                                             std::to_string(f.tiers.size()) + " 档" + precision_note + "，例如 " +
                                             format_bound_value(f.example, percent));
            d.notes.push_back(make_note(*other.file, other.local, "与这一档重叠"));
        }
    }
}

}  // namespace rubric
