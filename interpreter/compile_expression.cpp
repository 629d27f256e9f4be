// Expressions: name resolution (with "did you mean"), kinds and units,
// derived metrics compiled on first use (naming any cycle), possible zero
// divisors, and the explain form of each expression with values in place.
#include "interpreter/compiler.hpp"

#include "interpreter/explain_pieces.hpp"
#include "interpreter/program_builder.hpp"
#include "interpreter/suggest.hpp"
#include "interpreter/utf8.hpp"

#include <algorithm>

namespace rubric {

namespace {

std::string utf8(std::u32string_view s) { return encode_utf8(s); }

int precedence_of(ast::op op) {
    switch (op) {
        case ast::op::logical_or: return 1;
        case ast::op::logical_and: return 2;
        case ast::op::eq: case ast::op::ne: case ast::op::lt:
        case ast::op::le: case ast::op::gt: case ast::op::ge: return 3;
        case ast::op::add: case ast::op::sub: return 4;
        case ast::op::mul: case ast::op::div: return 5;
        default: return 6;
    }
}

const char* symbol_of(ast::op op) {
    switch (op) {
        case ast::op::add: return "+";
        case ast::op::sub: return "−";
        case ast::op::mul: return "×";
        case ast::op::div: return "÷";
        case ast::op::eq: return "=";
        case ast::op::ne: return "≠";
        case ast::op::lt: return "<";
        case ast::op::le: return "≤";
        case ast::op::gt: return ">";
        case ast::op::ge: return "≥";
        case ast::op::logical_and: return "且";
        case ast::op::logical_or: return "或";
        case ast::op::negate: return "−";
        case ast::op::logical_not: return "非";
    }
    return "?";
}

bool is_comparison(ast::op op) { return precedence_of(op) == 3; }

// Parenthesise an operand whose operator binds less tightly than the one it
// stands under, so "a ÷ (b + c)" is shown with its values as written.
// Takes v.shown (v is done with): a chain a + b + c + … grows one vector
// instead of copying it at every operator.
std::vector<ExplainPiece> wrapped(CompiledValue& v, int precedence, bool right_side) {
    if (v.precedence > precedence || (v.precedence == precedence && !right_side)) return std::move(v.shown);
    std::vector<ExplainPiece> out{explain::text("(")};
    explain::append(out, v.shown);
    out.push_back(explain::text(")"));
    return out;
}

std::optional<Decimal> fold(ast::op op, const Decimal& a, const Decimal& b) {
    switch (op) {
        case ast::op::add: return Decimal::add(a, b);
        case ast::op::sub: return Decimal::sub(a, b);
        case ast::op::mul: return Decimal::mul(a, b);
        case ast::op::div: return Decimal::div(a, b);
        default: return std::nullopt;
    }
}

Op graph_op(ast::op op) {
    switch (op) {
        case ast::op::add: return Op::add;
        case ast::op::sub: return Op::sub;
        case ast::op::mul: return Op::mul;
        case ast::op::div: return Op::div;
        case ast::op::eq: return Op::eq;
        case ast::op::ne: return Op::ne;
        case ast::op::lt: return Op::lt;
        case ast::op::le: return Op::le;
        case ast::op::gt: return Op::gt;
        case ast::op::ge: return Op::ge;
        case ast::op::logical_and: return Op::logical_and;
        case ast::op::logical_or: return Op::logical_or;
        case ast::op::negate: return Op::neg;
        case ast::op::logical_not: return Op::logical_not;
    }
    return Op::add;
}

RoundingMode rounding_mode_of(std::optional<ast::rounding_mode> m) {
    if (!m) return RoundingMode::half_up;
    switch (*m) {
        case ast::rounding_mode::half_up: return RoundingMode::half_up;
        case ast::rounding_mode::half_even: return RoundingMode::half_even;
        case ast::rounding_mode::down: return RoundingMode::down;
        case ast::rounding_mode::up: return RoundingMode::up;
        case ast::rounding_mode::floor: return RoundingMode::floor;
        case ast::rounding_mode::ceiling: return RoundingMode::ceiling;
    }
    return RoundingMode::half_up;
}

// Digits after the point of a quantum such as 0.001 (→ 3).
int places_of(const Decimal& quantum) { return quantum.exponent() < 0 ? -quantum.exponent() : 0; }

}  // namespace

Display Compiler::display_for(const Type& type) const {
    Display d;
    switch (type.kind) {
        case Type::Kind::boolean: d.style = Display::Style::yes_no; break;
        case Type::Kind::enumeration:
            d.style = Display::Style::enumeration;
            d.enumeration = static_cast<uint32_t>(type.enumeration);
            break;
        case Type::Kind::number:
            if (type.percent) {
                d.style = Display::Style::percent;
                if (type.precision) d.places = std::max(0, places_of(*type.precision) - 2);
            }
            break;
        default: break;
    }
    return d;
}

CompiledValue Compiler::invalid(Span span) const {
    CompiledValue v;
    v.span = span;
    v.type = Type::invalid();
    v.shown = {explain::text("?")};
    return v;
}

std::optional<Decimal> Compiler::parse_number(const ast::number& n, Span span) {
    auto d = Decimal::parse(utf8(n.text));
    if (!d) {
        // The grammar only lets digits through: a number that does not parse is too large.
        error(span, "数字「" + utf8(n.text) + "」超出数值范围：绝对值应小于 10^30");
        return std::nullopt;
    }
    if (n.percent) d = Decimal::div(*d, Decimal::from_int(100));
    return d;
}

// ------------------------------------------------------------------ expression

CompiledValue Compiler::expression(const ast::expression& e, const Scope& scope, const Type* enumeration_hint) {
    CompiledValue v = operand(e.first, scope, e.rest.empty() ? enumeration_hint : nullptr);
    int comparisons = 0;
    for (const ast::operation& o : e.rest) {
        if (is_comparison(o.oper) && ++comparisons == 2) {
            error(span_of(e), "比较不能连写（如 a < b < c），请用「且」连接两个比较");
            return invalid(span_of(e));
        }
        // An enumeration on the left lets a bare name on the right be one of its values.
        const Type* hint = v.type.kind == Type::Kind::enumeration ? &v.type : nullptr;
        CompiledValue rhs = operand(o.rhs, scope, hint);
        Span span{v.span.begin, std::max(rhs.span.end, v.span.end)};
        v = binary(o.oper, std::move(v), std::move(rhs), span);
    }
    if (!e.rest.empty() && e.id_first >= 0) v.span = span_of(e);
    return v;
}

CompiledValue Compiler::operand(const ast::operand& o, const Scope& scope, const Type* hint) {
    struct Visitor {
        Compiler& c;
        const Scope& scope;
        const Type* hint;
        CompiledValue operator()(const ast::number& n) const { return c.number_literal(n); }
        CompiledValue operator()(const ast::boolean& b) const {
            CompiledValue v;
            v.span = c.span_of(b);
            v.type = Type::boolean();
            v.constant = Decimal::from_int(b.value ? 1 : 0);
            v.slot = c.builder_->constant(*v.constant, v.span, c.display_for(v.type));
            v.shown = {explain::text(b.value ? "是" : "否")};
            return v;
        }
        CompiledValue operator()(const ast::name& n) const { return c.name_reference(n, scope, hint); }
        CompiledValue operator()(const x3::forward_ast<ast::unary>& u) const { return c.unary(u.get(), scope); }
        CompiledValue operator()(const x3::forward_ast<ast::call>& f) const { return c.call(f.get(), scope); }
        CompiledValue operator()(const x3::forward_ast<ast::conditional>& f) const {
            return c.conditional(f.get(), scope);
        }
        CompiledValue operator()(const x3::forward_ast<ast::expression>& e) const {
            return c.expression(e.get(), scope, hint);
        }
    };
    return boost::apply_visitor(Visitor{*this, scope, hint}, o.get());
}

CompiledValue Compiler::number_literal(const ast::number& n) {
    CompiledValue v;
    v.span = span_of(n);
    auto d = parse_number(n, v.span);
    if (!d) return invalid(v.span);
    v.type = Type::number();
    v.type.percent = n.percent;
    v.type.literal = !n.percent;
    v.constant = *d;
    v.nonnegative = d->sign() >= 0;
    v.positive = d->sign() > 0;
    Display display = display_for(v.type);
    v.slot = builder_->constant(*d, v.span, display);
    v.shown = {explain::text(utf8(n.text) + (n.percent ? "%" : ""))};
    return v;
}

// ------------------------------------------------------------------ names

CompiledValue Compiler::name_reference(const ast::name& n, const Scope& scope, const Type* hint) {
    const Span at = span_of(n);
    if (scope.bindings) {
        if (auto it = scope.bindings->find(n.text); it != scope.bindings->end()) {
            // Keep the argument's own span: messages and traces then name what
            // was passed (预算公开), not the parameter (公开情况).
            CompiledValue v = it->second;
            v.shown = {explain::value(v.slot)};
            v.precedence = 9;
            return v;
        }
    }
    if (scope.subject && (n.text == U"x" || n.text == U"X" || n.text == scope.subject_name)) {
        CompiledValue v = *scope.subject;
        v.span = at;
        v.shown = {explain::value(v.slot)};
        v.precedence = 9;
        return v;
    }
    if (auto it = input_index_.find(n.text); it != input_index_.end()) return input_reference(it->second, at);
    if (auto it = derived_index_.find(n.text); it != derived_index_.end()) return derived_reference(it->second, at);
    if (auto it = hook_output_index_.find(n.text); it != hook_output_index_.end())
        return hook_reference(it->second.first, it->second.second, at);

    const std::string name = utf8(n.text);
    const auto& inputs = builder_->inputs();
    if (auto rule = rule_index_.find(n.text); rule != rule_index_.end()) {
        rules_used_.insert(rule->second);
        error(at, "规则「" + name + "」只能单独作为计分规则使用（如「三级指标 …（N分）：" + name + "」），不能放在表达式里");
        return invalid(at);
    }
    if (hint && hint->kind == Type::Kind::enumeration && hint->enumeration >= 0) {
        const InputSpec& owner = inputs[static_cast<size_t>(hint->enumeration)];
        if (owner.values.empty()) return invalid(at);  // 枚举 without its values: reported at the input
        auto pos = std::find(owner.values.begin(), owner.values.end(), name);
        if (pos != owner.values.end()) {
            CompiledValue v;
            v.span = at;
            v.type = *hint;
            v.constant = Decimal::from_int(pos - owner.values.begin());
            v.slot = builder_->constant(*v.constant, at, display_for(v.type));
            v.shown = {explain::text(name)};
            return v;
        }
        std::string message = "「" + name + "」不是「" + owner.name + "」的取值";
        if (auto guess = closest_name(name, owner.values)) message += "；是否指「" + *guess + "」？";
        error(at, message);
        return invalid(at);
    }
    for (const InputSpec& in : inputs) {
        if (std::find(in.values.begin(), in.values.end(), name) != in.values.end()) {
            suggested_names_.insert(in.name);
            error(at, "「" + name + "」是「" + in.name + "」的取值，只能与它比较，如「" + in.name + " = " + name + "」");
            return invalid(at);
        }
    }
    // 按不符合项数: a keyword run into the name that follows it.
    for (std::u32string_view keyword : {U"按", U"若", U"非", U"否决", U"对标", U"分档", U"逐项计分"}) {
        if (n.text.size() <= keyword.size() || n.text.compare(0, keyword.size(), keyword) != 0) continue;
        std::u32string rest = n.text.substr(keyword.size());
        if (input_index_.count(rest) || derived_index_.count(rest)) {
            suggested_names_.insert(utf8(rest));
            error(at, "未知的名称「" + name + "」：是否在「" + utf8(keyword) + "」后面漏了空格（应写「" + utf8(keyword) +
                          " " + utf8(rest) + "」）？");
            return invalid(at);
        }
    }
    // Declared by a statement that could not be read: that error is enough.
    if (parsed_.unreadable_names.count(n.text)) return invalid(at);
    // Once per name: the other uses are listed with the first.
    auto [unknown, first_use] = unknown_names_.try_emplace(n.text);
    if (!first_use) {
        auto& others = unknown->second.others;
        if (at.begin != unknown->second.first.begin &&
            std::none_of(others.begin(), others.end(), [&](Span s) { return s.begin == at.begin; }))
            others.push_back(at);
        return invalid(at);
    }
    std::vector<std::string> candidates;
    for (const InputSpec& in : inputs) candidates.push_back(in.name);
    for (const DerivedState& d : derived_) candidates.push_back(utf8(d.decl->id.text));
    for (const auto& [output, where] : hook_output_index_) candidates.push_back(utf8(output));
    for (const auto& [rule, decl] : rule_index_) candidates.push_back(utf8(rule));
    for (const std::u32string& library : parsed_.library_names) candidates.push_back(utf8(library));
    std::string message = "未知的名称「" + name + "」";
    if (auto guess = closest_name(name, candidates)) {
        message += "，是否指「" + *guess + "」？";
        suggested_names_.insert(*guess);
    } else {
        message += "：它既不是输入，也不是计算";
    }
    SourceSet::Location where = parsed_.sources->locate(at);
    unknown->second.first = at;
    unknown->second.diagnostic = Diagnostic{Severity::error, std::move(message), where.file, where.local, {}};
    note_rule_use(unknown->second.diagnostic);
    return invalid(at);
}

void Compiler::report_unknown_names() {
    for (auto& [text, unknown] : unknown_names_) {
        Diagnostic& d = unknown.diagnostic;
        if (!unknown.others.empty()) {
            std::sort(unknown.others.begin(), unknown.others.end(),
                      [](Span a, Span b) { return a.begin < b.begin; });
            // 第 12、13、18 行 in the same file; file:line:col elsewhere.
            std::vector<std::string> places;
            std::string lines;
            for (Span other : unknown.others) {
                std::string place = place_of(other, unknown.first);
                if (place.starts_with("第 ")) {
                    std::string number = place.substr(std::string("第 ").size());
                    number.resize(number.size() - std::string(" 行").size());
                    if (("、" + lines + "、").find("、" + number + "、") == std::string::npos)
                        lines += (lines.empty() ? "" : "、") + number;
                } else {
                    places.push_back(place.substr(1));
                }
            }
            if (!lines.empty()) places.insert(places.begin(), "第 " + lines + " 行");
            std::string joined;
            for (const std::string& p : places) joined += (joined.empty() ? "" : "、") + p;
            d.message += "（" + joined + "也用到了这个名称）";
        }
        diagnostics_.add(std::move(d));
    }
    unknown_names_.clear();
}

CompiledValue Compiler::input_reference(size_t index, Span at) {
    input_used_[index] = true;
    if (input_sink_) input_sink_->push_back(static_cast<uint32_t>(index));
    const InputSpec& in = builder_->inputs()[index];
    CompiledValue v = input_reference_like(in, at);
    v.slot = static_cast<uint32_t>(index);
    v.shown = {explain::value(v.slot)};
    if (in.kind == InputKind::enumeration) v.type.enumeration = static_cast<int>(index);
    v.positive = v.positive || known_positive(v);
    return v;
}

// The type of a value declared like an input (an input, or a hook's result).
CompiledValue Compiler::input_reference_like(const InputSpec& in, Span at) {
    CompiledValue v;
    v.span = at;
    v.nonnegative = true;
    switch (in.kind) {
        case InputKind::yes_no: v.type = Type::boolean(); break;
        case InputKind::count:
            v.type = Type::number(in.unit);
            v.type.integral = true;
            break;
        case InputKind::amount: v.type = Type::number(in.unit); break;
        case InputKind::percent:
            v.type = Type::number();
            v.type.percent = true;
            break;
        case InputKind::number:
            v.type = Type::number(in.unit);
            v.nonnegative = in.low && in.low->sign() >= 0;
            v.positive = in.low && in.low->sign() > 0;
            break;
        case InputKind::judgment:
            v.type = Type::number();
            v.nonnegative = in.low && in.low->sign() >= 0;
            v.positive = in.low && in.low->sign() > 0;
            break;
        case InputKind::enumeration: v.type.kind = Type::Kind::enumeration; break;
        case InputKind::text: v.type.kind = Type::Kind::text; break;
    }
    return v;
}

CompiledValue Compiler::derived_reference(int index, Span at) {
    DerivedState& d = derived_[static_cast<size_t>(index)];
    d.used = true;
    if (derived_sink_) derived_sink_->push_back(index);
    if (d.stage == DerivedState::Stage::compiling) {
        auto from = std::find(derived_stack_.begin(), derived_stack_.end(), index);
        std::string cycle;
        for (auto it = from; it != derived_stack_.end(); ++it)
            cycle += "「" + utf8(derived_[static_cast<size_t>(*it)].decl->id.text) + "」→ ";
        cycle += "「" + utf8(d.decl->id.text) + "」";
        error(at, "计算之间循环引用：" + cycle);
        return invalid(at);
    }
    if (d.stage == DerivedState::Stage::pending) {
        d.stage = DerivedState::Stage::compiling;
        derived_stack_.push_back(index);
        auto outer_sink = derived_sink_;
        auto outer_inputs = input_sink_;
        auto outer_hooks = hook_sink_;
        hook_sink_ = &d.hooks;
        std::vector<ExplainLine> outer_lines;
        outer_lines.swap(pending_lines_);
        derived_sink_ = &d.depends_on;
        input_sink_ = nullptr;

        const ast::derived_decl& decl = *d.decl;
        CompiledValue raw = expression(decl.formula, Scope{});
        CompiledValue result = raw;
        std::string description;
        if (decl.round && !raw.type.is_invalid()) result = round_value(raw, *decl.round, &description);
        if (!raw.type.is_invalid() && raw.type.kind == Type::Kind::text)
            error(raw.span, "文本不能参与计算");

        std::vector<ExplainPiece> line{explain::text(utf8(decl.id.text) + " = " + text_of(decl.formula))};
        if (raw.shown.size() > 1) {
            line.push_back(explain::text(" = "));
            explain::append(line, raw.shown);
        }
        if (decl.round) line.push_back(explain::rounded(raw.slot, result.slot, "（" + description + "）"));
        else if (raw.constant) {
            // A named constant (计算 目标值 = 1): its formula already says it all.
        } else {
            line.push_back(explain::text(" = "));
            line.push_back(explain::value(raw.slot));
        }
        add_explain(0, std::move(line));

        d.value = result;
        d.value.positive = result.positive || known_positive(result);
        d.lines.swap(pending_lines_);
        pending_lines_.swap(outer_lines);
        derived_sink_ = outer_sink;
        input_sink_ = outer_inputs;
        hook_sink_ = outer_hooks;
        derived_stack_.pop_back();
        d.stage = DerivedState::Stage::done;
        d.completion = derived_completed_++;
    }
    CompiledValue v = d.value;
    v.span = at;
    v.shown = {explain::value(v.slot)};
    v.precedence = 9;
    if (v.type.is_invalid()) v.shown = {explain::text("?")};
    return v;
}

std::optional<Decimal> Compiler::quantum_of(const ast::rounding& r) {
    auto quantum = parse_number(r.quantum, span_of(r.quantum));
    if (!quantum) return std::nullopt;
    if (r.decimal_places) {
        auto places = quantum->to_int();
        if (!places || *places < 0 || *places > 20 || r.quantum.percent) {
            error(span_of(r.quantum), "小数位数应是 0 到 20 的整数");
            return std::nullopt;
        }
        return *Decimal::parse("1e-" + std::to_string(*places));
    }
    if (quantum->sign() <= 0) {
        error(span_of(r.quantum), "舍入单位应大于 0");
        return std::nullopt;
    }
    return quantum;
}

CompiledValue Compiler::round_value(CompiledValue v, const ast::rounding& r, std::string* description) {
    const Span span = span_of(r);
    if (description) *description = text_of(span);
    if (!v.type.is_number()) {
        error(span, "只有数可以舍入，这里是" + describe(v.type));
        return v;
    }
    auto quantum = quantum_of(r);
    if (!quantum) return v;
    CompiledValue out = v;
    out.type.precision = *quantum;
    out.type.percent = v.type.percent || r.quantum.percent;
    out.type.literal = false;
    // The unrounded value shows as a percentage too when the rounding is in percent.
    if (out.type.percent && !v.type.percent) builder_->graph().displays[v.slot] = display_for([&] {
            Type t = v.type;
            t.percent = true;
            return t;
        }());
    uint32_t q = builder_->constant(*quantum, span_of(r.quantum));
    out.slot = builder_->emit(Op::round, v.slot, q, 0, cover(v.span, span), display_for(out.type),
                              rounding_mode_of(r.mode));
    out.constant.reset();
    out.positive = false;  // 0.004 rounds to 0
    return out;
}

// ------------------------------------------------------------------ operators

CompiledValue Compiler::binary(ast::op op, CompiledValue lhs, CompiledValue rhs, Span span) {
    if (lhs.type.is_invalid() || rhs.type.is_invalid()) return invalid(span);
    const std::string left = describe(lhs.type, lhs.type.enumeration >= 0 ? builder_->inputs()[lhs.type.enumeration].name : "");
    const std::string right = describe(rhs.type, rhs.type.enumeration >= 0 ? builder_->inputs()[rhs.type.enumeration].name : "");
    std::optional<Type> type;
    switch (op) {
        case ast::op::add:
        case ast::op::sub:
            type = add_types(lhs.type, rhs.type);
            if (!type) error(span, std::string("「") + symbol_of(op) + "」两边不能相加减：左边是" + left + "，右边是" + right);
            break;
        case ast::op::mul:
            type = multiply_types(lhs.type, rhs.type);
            if (!type) error(span, "不能相乘：左边是" + left + "，右边是" + right);
            break;
        case ast::op::div:
            type = divide_types(lhs.type, rhs.type);
            if (!type) error(span, "不能相除：左边是" + left + "，右边是" + right);
            else warn_if_divisor_may_be_zero(rhs, rhs.span);
            break;
        case ast::op::logical_and:
        case ast::op::logical_or:
            if (lhs.type.is_boolean() && rhs.type.is_boolean()) type = Type::boolean();
            else error(span, std::string("「") + symbol_of(op) + "」两边应是条件（是/否）：左边是" + left + "，右边是" + right);
            break;
        default:
            if (comparable(lhs.type, rhs.type)) {
                type = Type::boolean();
                warn_percent_against_bare_number(lhs, rhs, span);
            } else {
                error(span, "不能比较" + left + "与" + right);
            }
            break;
    }
    if (!type) return invalid(span);

    const int precedence = precedence_of(op);
    CompiledValue v;
    v.span = span;
    v.type = *type;
    v.precedence = precedence;
    v.shown = wrapped(lhs, precedence, false);
    v.shown.push_back(explain::text(std::string(" ") + symbol_of(op) + " "));
    explain::append(v.shown, wrapped(rhs, precedence, true));
    if (lhs.constant && rhs.constant) {
        v.constant = fold(op, *lhs.constant, *rhs.constant);
        const bool zero_divisor = op == ast::op::div && rhs.constant->is_zero();  // reported already
        if (!v.constant && !zero_divisor && op >= ast::op::add && op <= ast::op::div) {
            error(span, "「" + text_of(span) + "」的结果超出数值范围：绝对值应小于 10^30");
            return invalid(span);
        }
    }
    switch (op) {
        case ast::op::add: v.nonnegative = lhs.nonnegative && rhs.nonnegative;
                           v.positive = v.nonnegative && (lhs.positive || rhs.positive); break;
        case ast::op::mul: v.nonnegative = lhs.nonnegative && rhs.nonnegative;
                           v.positive = lhs.positive && rhs.positive; break;
        case ast::op::div: v.nonnegative = lhs.nonnegative && rhs.nonnegative;
                           v.positive = lhs.positive && rhs.positive; break;
        default: break;
    }
    v.slot = builder_->emit(graph_op(op), lhs.slot, rhs.slot, 0, span, display_for(v.type));
    v.positive = v.positive || known_positive(v);
    return v;
}

CompiledValue Compiler::unary(const ast::unary& u, const Scope& scope) {
    CompiledValue x = operand(u.rhs, scope);
    const Span span = span_of(u);
    if (x.type.is_invalid()) return invalid(span);
    if (u.oper == ast::op::negate && !x.type.is_number()) {
        error(span, "负号只能用于数，这里是" + describe(x.type));
        return invalid(span);
    }
    if (u.oper == ast::op::logical_not && !x.type.is_boolean()) {
        error(span, "「非」只能用于条件（是/否），这里是" + describe(x.type));
        return invalid(span);
    }
    CompiledValue v;
    v.span = span;
    v.type = x.type;
    v.precedence = 6;
    v.shown = {explain::text(u.oper == ast::op::negate ? "−" : "非 ")};
    explain::append(v.shown, wrapped(x, 6, true));
    if (x.constant && u.oper == ast::op::negate) v.constant = -*x.constant;
    v.slot = builder_->emit(graph_op(u.oper), x.slot, 0, 0, span, display_for(v.type));
    return v;
}

CompiledValue Compiler::call(const ast::call& c, const Scope& scope) {
    const Span span = span_of(c);
    const std::string name = utf8(c.function.text);
    enum class Fn { min, max, abs, unknown } fn = Fn::unknown;
    if (name == "较小值" || name == "最小值" || name == "min") fn = Fn::min;
    else if (name == "较大值" || name == "最大值" || name == "max") fn = Fn::max;
    else if (name == "绝对值" || name == "abs") fn = Fn::abs;
    if (fn == Fn::unknown && rule_index_.count(c.function.text)) {
        rules_used_.insert(rule_index_[c.function.text]);
        for (const ast::expression& e : c.args) expression(e, scope);
        error(span_of(c.function), "规则「" + name + "」只能单独作为计分规则使用（如「三级指标 …（N分）：" + name +
                                       "(…)」），不能放在表达式里");
        return invalid(span);
    }
    if (fn == Fn::unknown) {
        // Still check the arguments: a typo inside them deserves its own message.
        for (const ast::expression& e : c.args) expression(e, scope);
        std::string message = "未知的函数「" + name + "」";
        if (auto guess = closest_name(name, {"较小值", "较大值", "绝对值", "最小值", "最大值"}))
            message += "，是否指「" + *guess + "」？";
        else
            message += "；可用的函数：较小值、较大值、绝对值";
        error(span_of(c.function), message);
        return invalid(span);
    }
    std::vector<CompiledValue> args;
    for (const ast::expression& e : c.args) args.push_back(expression(e, scope));
    for (const CompiledValue& a : args)
        if (a.type.is_invalid()) return invalid(span);
    if ((fn == Fn::abs) != (args.size() == 1) || args.empty()) {
        error(span, fn == Fn::abs ? "绝对值只接受一个参数" : "「" + name + "」至少需要两个参数");
        return invalid(span);
    }
    CompiledValue v = args.front();
    for (const CompiledValue& a : args) {
        if (!a.type.is_number()) {
            error(a.span, "「" + name + "」的参数应是数，这里是" + describe(a.type));
            return invalid(span);
        }
    }
    for (size_t k = 1; k < args.size(); ++k) {
        auto t = add_types(v.type, args[k].type);
        if (!t) {
            error(span, "「" + name + "」的参数单位不同：" + describe(v.type) + "与" + describe(args[k].type));
            return invalid(span);
        }
        v.slot = builder_->emit(fn == Fn::min ? Op::min : Op::max, v.slot, args[k].slot, 0, span, display_for(*t));
        v.type = *t;
        v.nonnegative = fn == Fn::min ? v.nonnegative && args[k].nonnegative : v.nonnegative || args[k].nonnegative;
        v.constant.reset();
    }
    if (fn == Fn::abs) {
        v.slot = builder_->emit(Op::abs, v.slot, 0, 0, span, display_for(v.type));
        v.nonnegative = true;
    }
    v.span = span;
    v.precedence = 9;
    v.positive = false;
    v.shown = {explain::text(name + "(")};
    for (size_t k = 0; k < args.size(); ++k) {
        if (k) v.shown.push_back(explain::text(", "));
        explain::append(v.shown, args[k].shown);
    }
    v.shown.push_back(explain::text(")"));
    return v;
}

CompiledValue Compiler::conditional(const ast::conditional& c, const Scope& scope) {
    const Span span = span_of(c);
    CompiledValue cond = expression(c.condition, scope);
    // Inside 若 E > 0 则 …, E is known to be positive: dividing by it is safe there.
    const size_t facts_before = positive_facts_.size();
    if (auto guarded = positive_subject_of(c.condition)) positive_facts_.push_back(*guarded);
    CompiledValue yes = expression(c.then_value, scope);
    positive_facts_.resize(facts_before);
    // …and inside 若 E = 0 则 … 否则 …, E is not 0 in the 否则 branch (counts and amounts are never negative).
    if (auto guarded = zero_subject_of(c.condition)) positive_facts_.push_back(*guarded);
    CompiledValue no = expression(c.else_value, scope);
    positive_facts_.resize(facts_before);
    if (cond.type.is_invalid() || yes.type.is_invalid() || no.type.is_invalid()) return invalid(span);
    if (!cond.type.is_boolean()) {
        error(cond.span, "「若」后面应是条件（是/否），这里是" + describe(cond.type));
        return invalid(span);
    }
    std::optional<Type> type;
    if (yes.type.is_number() && no.type.is_number()) type = add_types(yes.type, no.type);
    else if (comparable(yes.type, no.type)) type = yes.type;
    if (!type) {
        error(span, "「则」与「否则」的结果应是同一类：" + describe(yes.type) + "与" + describe(no.type));
        return invalid(span);
    }
    CompiledValue v;
    v.span = span;
    v.type = *type;
    v.precedence = 0;
    v.nonnegative = yes.nonnegative && no.nonnegative;
    v.positive = yes.positive && no.positive;
    v.slot = builder_->emit(Op::select, cond.slot, yes.slot, no.slot, span, display_for(v.type));
    v.shown = {explain::text("若 ")};
    explain::append(v.shown, cond.shown);
    v.shown.push_back(explain::text(" 则 "));
    explain::append(v.shown, yes.shown);
    v.shown.push_back(explain::text(" 否则 "));
    explain::append(v.shown, no.shown);
    return v;
}

// 满意度 ≥ 90 where 满意度 is a percentage: 90 means 9000%, which is never meant.
void Compiler::warn_percent_against_bare_number(const CompiledValue& a, const CompiledValue& b, Span span) {
    auto check = [&](const CompiledValue& percent, const CompiledValue& bare) {
        if (!percent.type.percent || !bare.type.literal || !bare.constant) return false;
        if (*bare.constant <= Decimal::from_int(1)) return false;
        const std::string number = text_of(bare.span);
        warning(span, "「" + text_of(percent.span) + "」是百分比（" + number + "% 存为 " +
                          (*bare.constant / Decimal::from_int(100)).to_string() + "），却与不带 % 的数字 " + number +
                          " 比较；是否应写「" + number + "%」？");
        return true;
    };
    if (!check(a, b)) check(b, a);
}

// ------------------------------------------------------------------ zero divisors

bool Compiler::known_positive(const CompiledValue& v) const {
    if (v.positive) return true;
    if (positive_facts_.empty()) return false;  // and no text to build: chains stay linear
    const std::string text = normalized_expression_text(parsed_.sources->slice(v.span));
    return std::find(positive_facts_.begin(), positive_facts_.end(), text) != positive_facts_.end();
}

void Compiler::warn_if_divisor_may_be_zero(const CompiledValue& divisor, Span span) {
    if (divisor.constant) {
        if (divisor.constant->is_zero()) error(span, "除数为 0");
        return;
    }
    if (known_positive(divisor)) return;
    // A constraint that could not be read may have been the one that keeps it above 0.
    if (parsed_.unreadable_keywords.count(U"约束")) {
        const auto text = parsed_.sources->slice(span);
        for (const std::u32string& mention : parsed_.unreadable_mentions)
            if (text.find(mention) != std::u32string::npos) return;
    }
    const std::string text = normalized_expression_text(parsed_.sources->slice(span));
    warning(span, "除数「" + text_of(span) + "」可能为 0，没有约束排除这种情况；可加「约束 " + text + " > 0」");
}

}  // namespace rubric
