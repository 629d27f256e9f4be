// The checker and planner: turns a parsed rubric into a Program, reporting
// every problem it finds (names, kinds and units, points, tiers, cycles,
// unused inputs, possible zero divisors) in one pass. This is the last
// stage that sees the X3 AST; the Program it builds is plain data.
#pragma once

#include "grammar/parser.hpp"
#include "interpreter/ruleset_loader.hpp"
#include "interpreter/check_coverage.hpp"
#include "interpreter/diagnostic.hpp"
#include "interpreter/program.hpp"
#include "interpreter/types.hpp"

#include <map>
#include <set>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rubric {

namespace x3 = boost::spirit::x3;

class ProgramBuilder;

// A compiled expression: the slot holding its value, its type, where it
// was written, and how an explain trace shows it with values substituted.
struct CompiledValue {
    uint32_t slot = 0;
    Type type;
    Span span;
    std::vector<ExplainPiece> shown;
    int precedence = 9;  // of its outermost operator, for parentheses in `shown`
    std::optional<Decimal> constant;  // known at compile time
    bool nonnegative = false;         // can never be below 0
    bool positive = false;            // can never be 0 or below (safe as a divisor)
};

// Names an expression may use beyond inputs and derived metrics.
struct Scope {
    const CompiledValue* subject = nullptr;  // a tier's subject, named x or by its own name
    std::u32string subject_name;
    // Inside a named rule (规则): its parameters and 分值.
    const std::map<std::u32string, CompiledValue>* bindings = nullptr;
};

class Compiler {
public:
    Compiler(const ParsedRuleset& parsed, DiagnosticList& diagnostics);
    ~Compiler();
    std::shared_ptr<Program> run();

private:
    struct DerivedState {
        const ast::derived_decl* decl = nullptr;
        enum class Stage { pending, compiling, done } stage = Stage::pending;
        CompiledValue value;
        std::vector<int> depends_on;  // derived metrics used directly
        bool used = false;
        std::vector<ExplainLine> lines;  // how it was computed, for every indicator that uses it
        int completion = -1;             // order of completion: dependencies come first
        std::vector<int> hooks;          // hooks its formula reads, directly
    };

    struct HookState {
        const ast::hook_decl* decl = nullptr;
        enum class Stage { pending, compiling, done } stage = Stage::pending;
        int program_index = -1;            // Program::hooks(); -1 when its file did not check
        std::vector<InputSpec> output_specs;
        std::vector<CompiledValue> outputs;
        std::vector<ExplainLine> lines;    // the call, for every indicator that uses it
        bool used = false;
    };

    // ---- declarations (compiler.cpp)
    void read_meta();
    void declare_inputs();
    InputSpec input_from(const ast::input_decl& decl);
    // The values of 枚举 {…}, each once (a repeated one is reported).
    std::vector<std::string> enumeration_values(const std::vector<ast::name>& written);
    void collect_positive_facts();
    void declare_rules();
    // A scoring rule that names a 规则 (政府采购执行率得分, 公开分档(预算公开, 1)).
    std::optional<CompiledValue> named_rule_use(const ast::expression& e, const Decimal& points, int depth);
    CompiledValue apply_named_rule(const ast::named_rule_decl& decl, const std::vector<ast::expression>& args,
                                   const Decimal& points, Span call, int depth);
    // A message inside a 规则 also says where the rule was used.
    void note_rule_use(Diagnostic& d);
    // For a condition E > 0, E ≥ k (k > 0) or E ≠ 0: the normalized text of E.
    std::optional<std::string> positive_subject_of(const ast::expression& condition) const;
    // For a condition E = 0 or E ≤ 0: the normalized text of E.
    std::optional<std::string> zero_subject_of(const ast::expression& condition) const;
    void declare_derived();
    void compile_constraints();
    void read_score_roundings();
    void compile_tree();
    void compile_grades();
    void report_unused();
    // Interval arithmetic over the finished graph: can a score leave [0, points]?
    void check_score_ranges();

    // ---- Lua hooks: 钩子 (compile_hooks.cpp)
    void declare_hooks();
    std::optional<hooks::HookScript> load_hook_script(const ast::hook_decl& decl);
    CompiledValue hook_reference(int hook, int output, Span at);
    void compile_hook_call(HookState& hook);

    // ---- lists of rows: 明细, 逐行, 不适用 (compile_rows.cpp)
    void declare_detail();
    RowField row_field_from(const ast::row_field& field);
    void compile_row_group(const grammar::TreeNode& node, int index);
    std::optional<RowCondition> row_condition(const ast::expression& e);
    std::optional<uint32_t> row_field_index(const ast::name& n, bool target_value);
    void apply_not_applicable_policy();
    bool saw_per_row_ = false;  // a 逐行 was written (even if it did not compile)
    std::vector<HookState> hooks_;
    std::map<std::u32string, std::pair<int, int>> hook_output_index_;  // output name → (hook, output)
    std::vector<int>* hook_sink_ = nullptr;  // collects the hooks a rule or formula reads

    // ---- indicator tree (compile_tree.cpp)
    int compile_node(const grammar::TreeNode& node, int parent, int level, const std::string& path);
    void compile_leaf(const ast::leaf_decl& leaf, int index, const std::string& path);
    void check_points(const grammar::TreeNode& node, int index);
    std::optional<Decimal> points_of(const ast::number& points, Span where);

    // ---- expressions (compile_expression.cpp)
    CompiledValue expression(const ast::expression& e, const Scope& scope, const Type* enumeration_hint = nullptr);
    CompiledValue operand(const ast::operand& o, const Scope& scope, const Type* enumeration_hint = nullptr);
    CompiledValue number_literal(const ast::number& n);
    CompiledValue name_reference(const ast::name& n, const Scope& scope, const Type* enumeration_hint);
    CompiledValue derived_reference(int index, Span at);
    CompiledValue input_reference(size_t index, Span at);
    CompiledValue input_reference_like(const InputSpec& in, Span at);
    CompiledValue call(const ast::call& c, const Scope& scope);
    CompiledValue conditional(const ast::conditional& c, const Scope& scope);
    CompiledValue unary(const ast::unary& u, const Scope& scope);
    CompiledValue binary(ast::op op, CompiledValue lhs, CompiledValue rhs, Span span);
    void warn_if_divisor_may_be_zero(const CompiledValue& divisor, Span divisor_span);
    bool known_positive(const CompiledValue& v) const;
    Display display_for(const Type& type) const;
    CompiledValue invalid(Span span) const;
    CompiledValue round_value(CompiledValue v, const ast::rounding& r, std::string* description);
    std::optional<Decimal> parse_number(const ast::number& n, Span span);
    // The quantum a 保留 clause rounds to (保留 0.01, 保留 0.1%, 保留 2 位小数), or nullopt after an error.
    std::optional<Decimal> quantum_of(const ast::rounding& r);
    void warn_percent_against_bare_number(const CompiledValue& a, const CompiledValue& b, Span span);

    // ---- scoring rules (compile_rules.cpp)
    CompiledValue rule(const ast::rule& r, const Decimal& points, Span owner, int depth);
    CompiledValue core_rule(const ast::core_rule& r, const Decimal& points, Span owner, int depth);
    CompiledValue score_expression(const ast::expression& e, const Decimal& points, int depth);
    CompiledValue checklist(const ast::checklist_rule& r, const Decimal& points, Span owner, int depth);
    CompiledValue tiers(const ast::tier_rule& r, const Decimal& points, int depth);
    CompiledValue deduction(const ast::deduction_rule& r, const Decimal& points, int depth);
    CompiledValue penalty(const ast::penalty_rule& r, const Decimal& points, int depth);
    CompiledValue target(const ast::target_rule& r, const Decimal& points, int depth);
    CompiledValue apply_vetoes(CompiledValue v, const std::vector<ast::veto>& vetoes, int depth);
    CompiledValue apply_floor(CompiledValue raw, const std::optional<ast::floor_clause>& floor, Span owner,
                              int depth, const std::vector<ExplainPiece>& lead, const Decimal& points);
    CompiledValue parts(const ast::parts_rule& r, const Decimal& points, Span owner, int depth);

    // Tier tables, shared by tier rules and grade bands (compile_tiers.cpp).
    struct TierTableResult {
        uint32_t table = 0;
        uint32_t index_slot = 0;
        std::vector<CompiledValue> values;  // per tier, when values are scores
        std::vector<std::string> labels;    // per table entry, when values are labels (等级)
        bool ok = true;
    };
    TierTableResult tier_table(const CompiledValue& subject, const std::vector<ast::tier>& tiers,
                               Span owner, bool values_are_labels, const std::string& what);
    void check_tier_coverage(const CompiledValue& subject, const std::vector<Interval>& intervals,
                             const std::vector<Span>& spans, bool has_otherwise, Span owner,
                             const std::string& what);
    Domain domain_of(const CompiledValue& subject) const;

    // ---- helpers
    std::string text_of(Span span) const;
    std::string text_of(const x3::position_tagged& node) const;
    Span span_of(const x3::position_tagged& node) const { return parsed_.span_of(node); }
    void error(Span span, std::string message);
    void warning(Span span, std::string message);
    void add_explain(int depth, std::vector<ExplainPiece> pieces);
    // "第 12 行" when `earlier` is in the same file as `here`, else "file:line:col".
    std::string place_of(Span earlier, Span here) const;

    const ParsedRuleset& parsed_;
    DiagnosticList& diagnostics_;
    std::unique_ptr<ProgramBuilder> builder_;

    std::map<std::u32string, size_t> input_index_;
    std::map<std::u32string, int> derived_index_;
    std::vector<DerivedState> derived_;
    std::vector<int> derived_stack_;        // for naming a cycle
    std::vector<int>* derived_sink_ = nullptr;  // collects derived metrics a rule or formula uses
    std::vector<uint32_t>* input_sink_ = nullptr; // collects inputs a constraint mentions
    int derived_completed_ = 0;
    std::vector<bool> input_used_;
    std::vector<ExplainLine> pending_lines_;  // explain lines of what is being compiled
    std::vector<std::string> positive_facts_;  // expressions constraints (or an enclosing 若) keep above 0
    std::optional<ast::rounding> score_rounding_, total_rounding_;
    std::map<std::u32string, const ast::named_rule_decl*> rule_index_;
    std::set<const ast::named_rule_decl*> rules_used_;
    std::vector<std::pair<const ast::named_rule_decl*, Span>> rule_calls_;  // named rules being applied
    Scope rule_scope_;  // the scope scoring rules compile their expressions in
    struct ScoreCheck {
        uint32_t node;        // its check_score node
        std::string what;     // 三级指标「…」 / 分项「…」
        Decimal points;
        Span span;
        int leaf = -1;        // the leaf it is (for a 三级指标)
        int part_of = -1;     // the leaf it belongs to (for a 分项)
    };
    int current_leaf_ = -1;
    std::vector<ScoreCheck> score_checks_;

    // Unknown names (compile_expression.cpp): one error per name, at its first
    // use, listing the other uses; a name suggested for one is not "unused".
    struct UnknownName {
        Diagnostic diagnostic;
        Span first;
        std::vector<Span> others;
    };
    std::map<std::u32string, UnknownName> unknown_names_;
    std::set<std::string> suggested_names_;
    void report_unknown_names();
    bool reportable_as_unused(const std::string& name) const;
    // Indicators whose points could not be read (compile_tree.cpp): their
    // parent's sum is not checked.
    std::set<int> points_unknown_;
};

// The text of an expression with blanks and outer parentheses removed, so
// that a divisor (在编人数 + 编外人员数) matches a constraint 在编人数 + 编外人员数 > 0.
std::string normalized_expression_text(std::u32string_view text);

// Engine-facing entry point.
std::shared_ptr<Program> compile_program(const ParsedRuleset& parsed, DiagnosticList& diagnostics);

}  // namespace rubric
