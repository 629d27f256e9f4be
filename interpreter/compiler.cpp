// The compiler's driver and the declarations: ruleset information, inputs,
// derived metrics, constraints, score rounding, grade bands, unused names.
#include "interpreter/compiler.hpp"

#include "grammar/ast_util.hpp"
#include "interpreter/check_ranges.hpp"
#include "interpreter/program_builder.hpp"
#include "interpreter/suggest.hpp"
#include "interpreter/utf8.hpp"

#include <algorithm>

namespace rubric {

namespace {

std::string utf8(std::u32string_view s) { return encode_utf8(s); }

}  // namespace

Compiler::Compiler(const ParsedRuleset& parsed, DiagnosticList& diagnostics)
    : parsed_(parsed), diagnostics_(diagnostics), builder_(std::make_unique<ProgramBuilder>()) {}

Compiler::~Compiler() = default;

std::shared_ptr<Program> Compiler::run() {
    builder_->set_sources(parsed_.sources);
    builder_->set_hook_limits(parsed_.hook_limits);
    read_meta();
    declare_inputs();
    declare_detail();
    collect_positive_facts();
    declare_derived();
    declare_hooks();
    declare_rules();
    compile_constraints();
    read_score_roundings();
    compile_tree();
    apply_not_applicable_policy();
    compile_grades();
    report_unknown_names();
    if (!diagnostics_.has_errors()) check_score_ranges();
    report_unused();
    return builder_->finish();
}

std::shared_ptr<Program> compile_program(const ParsedRuleset& parsed, DiagnosticList& diagnostics) {
    return Compiler(parsed, diagnostics).run();
}

// ------------------------------------------------------------------ helpers

std::string Compiler::text_of(Span span) const { return utf8(parsed_.sources->slice(span)); }

std::string Compiler::text_of(const x3::position_tagged& node) const { return text_of(span_of(node)); }

void Compiler::error(Span span, std::string message) {
    SourceSet::Location at = parsed_.sources->locate(span);
    Diagnostic& d = diagnostics_.error(at.file, at.local, std::move(message));
    note_rule_use(d);
}

void Compiler::warning(Span span, std::string message) {
    SourceSet::Location at = parsed_.sources->locate(span);
    Diagnostic& d = diagnostics_.warning(at.file, at.local, std::move(message));
    note_rule_use(d);
}

std::string Compiler::place_of(Span earlier, Span here) const {
    SourceSet::Location a = parsed_.sources->locate(earlier), b = parsed_.sources->locate(here);
    if (a.file && a.file == b.file) return "第 " + std::to_string(a.file->line_col(a.local.begin).line) + " 行";
    return " " + parsed_.sources->where(earlier);
}

void Compiler::add_explain(int depth, std::vector<ExplainPiece> pieces) {
    pending_lines_.push_back(ExplainLine{static_cast<uint16_t>(depth), std::move(pieces)});
}

// ------------------------------------------------------------------ 规则集 地区 年度 类型

void Compiler::read_meta() {
    RuleSetInfo& info = builder_->info();
    for (const ast::meta_decl& m : parsed_.meta) {
        std::string* field = nullptr;
        switch (m.key) {
            case ast::meta_key::title: field = &info.title; break;
            case ast::meta_key::district: field = &info.district; break;
            case ast::meta_key::year: field = &info.year; break;
            case ast::meta_key::category: field = &info.category; break;
            case ast::meta_key::short_name: field = &info.short_name; break;
        }
        if (!field->empty()) warning(span_of(m), "重复的规则集信息，以后写的为准");
        *field = utf8(m.value);
    }
}

// ------------------------------------------------------------------ 输入

InputSpec Compiler::input_from(const ast::input_decl& decl) {
    InputSpec spec;
    spec.name = utf8(decl.id.text);
    spec.span = span_of(decl.id);
    spec.is_key = decl.is_key;
    const ast::kind_spec& k = decl.kind;
    const Span kind_span = span_of(k);
    if (k.word == ast::kind_word::target_value) {
        error(kind_span, "「指标值」只能用于明细的字段（明细 … { 年度指标值：指标值 }）");
        spec.kind = InputKind::text;
        return spec;
    }
    static const InputKind kinds[] = {InputKind::yes_no, InputKind::count, InputKind::amount,
                                      InputKind::percent, InputKind::number, InputKind::judgment,
                                      InputKind::enumeration, InputKind::text};
    spec.kind = kinds[static_cast<int>(k.word)];
    const bool unit_allowed = spec.kind == InputKind::count || spec.kind == InputKind::amount ||
                              spec.kind == InputKind::number;
    const bool range_allowed = spec.kind == InputKind::judgment || spec.kind == InputKind::number;

    if (k.unit) {
        if (unit_allowed) spec.unit = utf8(k.unit->text);
        else error(span_of(*k.unit), "这种类型不带单位；只有计数、金额、数值可以写单位");
    }
    if (spec.kind == InputKind::count && spec.unit.empty()) spec.unit = "个";
    if (spec.kind == InputKind::amount && spec.unit.empty()) spec.unit = "万元";

    if (k.bounds) {
        if (!range_allowed) {
            error(span_of(*k.bounds), "只有评分和数值可以写取值范围");
        } else {
            spec.low = parse_number(k.bounds->low, span_of(k.bounds->low));
            spec.high = parse_number(k.bounds->high, span_of(k.bounds->high));
            if (spec.low && spec.high && *spec.low >= *spec.high)
                error(span_of(*k.bounds), "取值范围的下限应小于上限");
        }
    } else if (spec.kind == InputKind::judgment) {
        error(kind_span, "评分需要取值范围，例如「评分 [0, 20]」");
    }

    if (k.values) {
        if (spec.kind != InputKind::enumeration) {
            error(kind_span, "只有枚举可以列出取值");
        } else {
            spec.values = enumeration_values(*k.values);
        }
    } else if (spec.kind == InputKind::enumeration) {
        error(kind_span, "枚举需要列出取值，例如「枚举 {完整公开、部分公开、未公开}」");
    }
    if (spec.is_key && spec.kind != InputKind::text) error(kind_span, "主键应为文本类型");
    return spec;
}

std::vector<std::string> Compiler::enumeration_values(const std::vector<ast::name>& written) {
    std::vector<std::string> values;
    for (const ast::name& v : written) {
        std::string value = utf8(v.text);
        if (std::find(values.begin(), values.end(), value) != values.end())
            error(span_of(v), "重复的枚举值「" + value + "」");
        else
            values.push_back(value);
    }
    return values;
}

void Compiler::declare_inputs() {
    auto& inputs = builder_->inputs();
    for (const ast::input_decl& decl : parsed_.inputs) {
        auto [it, inserted] = input_index_.emplace(decl.id.text, inputs.size());
        if (!inserted) {
            const InputSpec& first = inputs[it->second];
            error(span_of(decl.id), "输入「" + first.name + "」重复声明（第一次在" + place_of(first.span, span_of(decl.id)) + "）");
            continue;
        }
        InputSpec spec = input_from(decl);
        if (spec.is_key) {
            if (builder_->program().key_input())
                error(span_of(decl), "只能有一个主键；「" + inputs[*builder_->program().key_input()].name + "」已是主键");
            else
                builder_->set_key_input(inputs.size());
        }
        Display display;
        switch (spec.kind) {
            case InputKind::yes_no: display.style = Display::Style::yes_no; break;
            case InputKind::percent: display.style = Display::Style::percent; break;
            case InputKind::enumeration:
                display.style = Display::Style::enumeration;
                display.enumeration = static_cast<uint32_t>(inputs.size());
                break;
            default: break;
        }
        builder_->emit(Op::input, static_cast<uint32_t>(inputs.size()), 0, 0, spec.span, display);
        inputs.push_back(std::move(spec));
    }
    builder_->graph().inputs_end = static_cast<uint32_t>(inputs.size());
    input_used_.assign(inputs.size(), false);
    // An input that could not be read may have been the key.
    if (!builder_->program().key_input() && !parsed_.unreadable_keywords.count(U"输入"))
        diagnostics_.error(&parsed_.sources->main_file(), Span{0, 0},
                           "规则集没有主键：请用「输入 单位：文本，主键」声明标识每条记录的列");
}

// ------------------------------------------------------------------ 计算

void Compiler::declare_derived() {
    for (const ast::derived_decl& d : parsed_.derived) {
        if (input_index_.count(d.id.text)) {
            error(span_of(d.id), "计算「" + utf8(d.id.text) + "」与输入同名");
            continue;
        }
        auto [it, inserted] = derived_index_.emplace(d.id.text, static_cast<int>(derived_.size()));
        if (!inserted) {
            error(span_of(d.id), "计算「" + utf8(d.id.text) + "」重复定义（第一次在" +
                                     place_of(span_of(derived_[static_cast<size_t>(it->second)].decl->id), span_of(d.id)) + "）");
            continue;
        }
        DerivedState state;
        state.decl = &d;
        derived_.push_back(std::move(state));
    }
    // Compile every formula, referenced or not, so that each is checked.
    for (size_t i = 0; i < derived_.size(); ++i) {
        const bool used = derived_[i].used;
        derived_reference(static_cast<int>(i), span_of(derived_[i].decl->id));
        derived_[i].used = used;
    }
}

// ------------------------------------------------------------------ 约束

std::string normalized_expression_text(std::u32string_view text) {
    std::u32string out;
    for (char32_t c : text)
        if (c != U' ' && c != U'\t' && c != U'\u3000') out += (c == U'（' ? U'(' : c == U'）' ? U')' : c);
    while (out.size() >= 2 && out.front() == U'(' && out.back() == U')') out = out.substr(1, out.size() - 2);
    return encode_utf8(out);
}

void Compiler::compile_constraints() {
    for (const ast::constraint_decl& c : parsed_.constraints) {
        ConstraintInfo info;
        info.span = span_of(c);
        info.text = text_of(c.condition);
        std::vector<uint32_t> mentioned;
        input_sink_ = &mentioned;
        CompiledValue v = expression(c.condition, Scope{});
        input_sink_ = nullptr;
        if (!v.type.is_invalid() && !v.type.is_boolean()) {
            error(v.span, "约束应是一个成立或不成立的条件，「" + info.text + "」是" + describe(v.type));
            continue;
        }
        for (uint32_t i : mentioned)
            if (std::find(info.inputs.begin(), info.inputs.end(), i) == info.inputs.end()) info.inputs.push_back(i);
        if (c.message) info.message = utf8(*c.message);
        info.slot = v.slot;
        builder_->constraints().push_back(std::move(info));

    }
}

// Before any formula is compiled: what the constraints keep above zero
// (E > 0, E ≥ k with k > 0, E ≠ 0), so a division by E needs no warning.
void Compiler::collect_positive_facts() {
    for (const ast::constraint_decl& c : parsed_.constraints) {
        // 约束 计划 > 0 且 实际 ≤ 计划: each side of 且 holds on its own.
        const ast::expression& e = ast::innermost(c.condition);
        std::vector<const ast::operand*> parts{&e.first};
        bool conjunction = !e.rest.empty();
        for (const ast::operation& o : e.rest) {
            conjunction = conjunction && o.oper == ast::op::logical_and;
            parts.push_back(&o.rhs);
        }
        if (!conjunction) parts.clear();
        if (auto subject = positive_subject_of(c.condition)) positive_facts_.push_back(*subject);
        for (const ast::operand* part : parts) {
            const auto* inner = boost::get<x3::forward_ast<ast::expression>>(&ast::innermost(*part).get());
            if (!inner) continue;
            if (auto subject = positive_subject_of(inner->get())) positive_facts_.push_back(*subject);
        }
    }
}

std::optional<std::string> Compiler::zero_subject_of(const ast::expression& condition) const {
    const ast::expression& e = ast::innermost(condition);
    if (e.rest.size() != 1) return std::nullopt;
    const auto* bound = ast::as_number(e.rest[0].rhs);
    if (!bound || bound->percent || utf8(bound->text) != "0") return std::nullopt;
    if (e.rest[0].oper != ast::op::eq && e.rest[0].oper != ast::op::le) return std::nullopt;
    return normalized_expression_text(parsed_.sources->slice(span_of(ast::tagged(e.first))));
}

std::optional<std::string> Compiler::positive_subject_of(const ast::expression& condition) const {
    const ast::expression& e = ast::innermost(condition);
    if (e.rest.size() != 1) return std::nullopt;
    const auto* bound = ast::as_number(e.rest[0].rhs);
    if (!bound || bound->percent) return std::nullopt;
    auto k = Decimal::parse(utf8(bound->text));
    if (!k) return std::nullopt;
    ast::op op = e.rest[0].oper;
    bool keeps_positive = (op == ast::op::gt && k->sign() >= 0) || (op == ast::op::ge && k->sign() > 0) ||
                          (op == ast::op::ne && k->is_zero());
    if (!keeps_positive) return std::nullopt;
    return normalized_expression_text(parsed_.sources->slice(span_of(ast::tagged(e.first))));
}

// ------------------------------------------------------------------ 得分舍入

void Compiler::read_score_roundings() {
    for (const ast::score_rounding& r : parsed_.score_roundings) {
        auto& slot = r.target == ast::score_target::indicator ? score_rounding_ : total_rounding_;
        if (slot) error(span_of(r), "重复的舍入规定");
        if (quantum_of(r.round)) slot = r.round;
    }
}

// ------------------------------------------------------------------ 等级

void Compiler::compile_grades() {
    if (parsed_.grades.empty()) {
        if (parsed_.unreadable_keywords.count(U"等级")) return;  // written, but could not be read
        diagnostics_.warning(&parsed_.sources->main_file(), Span{0, 0}, "规则集没有「等级 { … }」：结果只有总分，没有等级");
        return;
    }
    for (size_t i = 1; i < parsed_.grades.size(); ++i)
        error(span_of(parsed_.grades[i]), "等级只能规定一次");
    const ast::grade_decl& g = parsed_.grades.front();
    if (builder_->indicators().empty()) return;

    CompiledValue total;
    total.slot = builder_->program().total_slot();
    total.type = Type::number();
    if (total_rounding_) total.type.precision = quantum_of(*total_rounding_);
    total.span = span_of(g);
    TierTableResult table = tier_table(total, g.bands, span_of(g), true, "等级");
    if (!table.ok) return;
    GradeInfo& info = builder_->grades();
    info.index_slot = table.index_slot;
    info.table = table.table;
    info.labels = table.labels;
    builder_->set_has_grades(true);
}

// ------------------------------------------------------------------ 得分范围

void Compiler::check_score_ranges() {
    std::vector<uint32_t> constraint_slots;
    for (const ConstraintInfo& c : builder_->constraints()) constraint_slots.push_back(c.slot);
    RangeAnalysis analysis(builder_->graph(), builder_->inputs(), constraint_slots);
    std::vector<int> reported_leaves;
    for (const ScoreCheck& check : score_checks_) {
        // A leaf whose part was already reported would only repeat it.
        if (check.leaf >= 0 && std::find(reported_leaves.begin(), reported_leaves.end(), check.leaf) != reported_leaves.end())
            continue;
        Range r = analysis.range_of(builder_->graph().nodes[check.node].a);
        std::string how = "：按各输入的类型、取值范围和约束推算，";
        if (r.low && r.high && *r.low == *r.high) how += "得分恒为 " + r.low->to_string();
        else how += "得分在 " + format_interval(Interval{r.low, true, r.high, true}, false) + " 之间";
        bool reported = true;
        if (!r.high || *r.high > check.points)
            error(check.span, check.what + "的得分可能超过分值 " + check.points.to_string() + " 分" + how);
        else if (!r.low || r.low->sign() < 0)
            error(check.span, check.what + "的得分可能低于 0 分" + how);
        else if (*r.high < check.points)
            warning(check.span, check.what + "永远得不到满分 " + check.points.to_string() + " 分" + how);
        else
            reported = false;
        if (reported && check.part_of >= 0) reported_leaves.push_back(check.part_of);
    }
}

// ------------------------------------------------------------------ 未使用

// Not when a statement that could not be read mentions it, or an unknown
// name was taken for a misspelling of it: those are reported already.
bool Compiler::reportable_as_unused(const std::string& name) const {
    std::u32string text;
    std::size_t bad = 0;
    decode_utf8(name, text, bad);
    return !suggested_names_.count(name) && !parsed_.unreadable_mentions.count(text);
}

void Compiler::report_unused() {
    const auto& inputs = builder_->inputs();
    for (size_t i = 0; i < inputs.size(); ++i) {
        // Text columns describe the record (单位, 来源); they are never computed.
        // The key names the record, whatever its kind (a wrong kind is reported where it is declared).
        if (input_used_[i] || inputs[i].kind == InputKind::text || inputs[i].is_key || !reportable_as_unused(inputs[i].name))
            continue;
        warning(inputs[i].span, "输入「" + inputs[i].name + "」没有被任何约束、计算或指标使用");
    }
    for (const DerivedState& d : derived_)
        if (!d.used && reportable_as_unused(utf8(d.decl->id.text))) warning(span_of(d.decl->id), "计算「" + utf8(d.decl->id.text) + "」没有被任何指标使用");
    for (const HookState& h : hooks_)
        if (!h.used && std::all_of(h.decl->outputs.begin(), h.decl->outputs.end(),
                                   [&](const ast::hook_output& o) { return reportable_as_unused(utf8(o.id.text)); }))
            warning(span_of(h.decl->id), "钩子「" + utf8(h.decl->id.text) + "」的返回值没有被任何指标使用");
    for (const auto& [name, decl] : rule_index_)
        if (!rules_used_.count(decl) && reportable_as_unused(utf8(name))) warning(span_of(decl->id), "规则「" + utf8(name) + "」没有被任何指标使用");
}

}  // namespace rubric
