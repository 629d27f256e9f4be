// A compiled rubric: immutable after Engine::compile, shared read-only by
// any number of threads. Evaluating a record needs a Workspace per thread;
// with a reused Workspace and Result, evaluation allocates nothing.
#pragma once

#include "interpreter/decimal.hpp"
#include "interpreter/fixed_batch.hpp"
#include "interpreter/fixed_plan.hpp"
#include "interpreter/graph.hpp"
#include "interpreter/hook_spec.hpp"
#include "interpreter/hooks/sandbox.hpp"
#include "interpreter/input_spec.hpp"
#include "interpreter/source.hpp"
#include "interpreter/source_set.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rubric {

struct IndicatorInfo {
    std::string name;
    int level = 0;          // 0 指标体系, 1 一级, 2 二级, 3 三级
    Decimal points;
    int parent = -1;        // index into Program::indicators(), -1 for the root
    std::vector<int> children;
    uint32_t score_slot = 0;
    Span span;
    uint32_t explain_first = 0, explain_count = 0;  // lines in Program::explain_lines()
    int row_group = -1;     // a group scored row by row (逐行): index into RowProgram::groups
};

struct ConstraintInfo {
    uint32_t slot = 0;           // holds 1 when the record satisfies it
    std::string text;            // as written: 按期完成项目数 ≤ 计划项目数
    std::string message;         // 提示 "…" or empty
    std::vector<uint32_t> inputs;  // inputs it mentions, in order of first mention
    Span span;
};

struct GradeInfo {
    std::vector<std::string> labels;  // per tier entry of the grade table: 优, 良, 中, 差
    uint32_t index_slot = 0;          // tier_index over the total
    uint32_t table = 0;
};

struct RuleSetInfo {
    std::string title, district, year, category, short_name;
};

// One thing wrong with one record: a broken constraint, or a value the
// rubric's arithmetic cannot handle (a zero divisor, a tier gap).
struct RecordProblem {
    std::string column;   // the input column it concerns, when there is one
    std::string message;  // Chinese, complete
};

struct Result {
    bool scored = false;                 // false: see problems
    std::vector<RecordProblem> problems;
    std::vector<Decimal> scores;         // per indicator, Program::indicators() order
    Decimal total;
    std::string grade;
    std::string explain;                 // filled when asked for
    std::vector<RowOutcome> rows;        // 明细 rows, when the ruleset has them
};

// What one hook call of the current record gave.
struct HookCallState {
    std::vector<Decimal> values;  // per output
    std::string explanation;      // the hook's optional second return value
    std::string error;            // why the call failed (Chinese, with the Lua file and line)
};

// Per-thread scratch memory for evaluation.
struct Workspace {
    std::vector<Decimal> values;
    std::vector<uint32_t> errors;  // 0, or 1 + the node where the value went wrong
    std::vector<FixedValue> fixed; // the fixed-point fast path's slots (fixed_plan.hpp)
    // Records this workspace scored on the fast path, and those the Decimal
    // evaluator decided (explain asked for, or the fast path gave up).
    std::uint64_t fixed_point_records = 0, decimal_records = 0;
    RowStage rows;                 // the 明细 rows of the record (row_groups.hpp)
    const Record* record = nullptr;               // the record being evaluated (for hooks reading rows)
    std::unique_ptr<hooks::Sandbox> sandbox;      // made on the first hook call
    std::vector<HookCallState> hook_calls;        // per hook
    std::vector<hooks::HookArg> hook_arguments;   // scratch
};

struct EvaluateOptions {
    EvaluateOptions() = default;
    EvaluateOptions(bool with_explain) : explain(with_explain) {}  // NOLINT: {true} reads well at call sites

    bool explain = false;
    // Leave every slot's value in the Workspace, for Program::show and
    // render_explain afterwards. Without it (and without explain) a record
    // may be scored on the fixed-point fast path, which fills only its own slots.
    bool keep_slot_values = false;
    // When set, a scored record's Result::explain is what this returns, in
    // place of the whole trace: a caller that needs only a few indicators'
    // blocks (compare) renders those with render_explain(workspace, i).
    // Every slot's value is in the workspace. Called on the evaluating
    // thread, so it must be safe to call concurrently.
    std::function<std::string(const Workspace&, const Record&)> explain_with;
    // Called by the batch functions (batch.hpp) after each record, scored or
    // rejected, for a progress display (one call at a time, possibly from a
    // worker thread); Program::evaluate ignores it.
    std::function<void()> on_record;
    // Threads the batch functions evaluate records on; the output is the
    // same bytes for any number. Program::evaluate ignores it.
    unsigned threads = 1;
};

class Program {
public:
    const RuleSetInfo& info() const { return info_; }
    const std::vector<InputSpec>& inputs() const { return inputs_; }
    const std::vector<IndicatorInfo>& indicators() const { return indicators_; }
    const std::vector<ConstraintInfo>& constraints() const { return constraints_; }
    const GradeInfo& grades() const { return grades_; }
    const Graph& graph() const { return graph_; }
    const std::vector<ExplainLine>& explain_lines() const { return explain_lines_; }
    // Every file the ruleset was compiled from: itself, its bases, its imports.
    const SourceSet& sources() const { return *sources_; }
    std::optional<size_t> key_input() const { return key_input_; }
    uint32_t total_slot() const { return total_slot_; }
    // The 明细 and its 逐行 groups; null when the ruleset has none.
    const RowProgram* row_program() const { return rows_ ? &*rows_ : nullptr; }
    // The Lua hooks (钩子) the ruleset declares, and the limits each call runs under.
    const std::vector<HookSpec>& hooks() const { return hooks_; }
    const hooks::HookLimits& hook_limits() const { return hook_limits_; }
    // Indicators a score sheet shows a score for: third-level ones and
    // groups scored row by row, in tree order.
    const std::vector<int>& scored_indicators() const { return scored_indicators_; }
    // Whether records can be scored on the fixed-point fast path (fixed_plan.hpp):
    // false for rulesets with hooks or 逐行 groups.
    bool has_fixed_point_plan() const { return fixed_.has_value(); }
    const FixedPlan* fixed_point_plan() const { return fixed_ ? &*fixed_ : nullptr; }
    // Third-level indicators in tree order: the scores a sheet prints.
    std::vector<int> leaf_indicators() const;

    Workspace make_workspace() const;
    // The fast path for a caller that put the record's inputs straight into
    // the workspace's fixed-point slots (Workspace::fixed, each input slot of
    // fixed_point_plan()->input_slots at its scale): true when the record is
    // scored there — every indicator's score, the total and the grade index
    // are then exact values in Workspace::fixed. False (no plan, a broken
    // constraint, an error to word, a decision the fast path cannot take):
    // evaluate the record with evaluate(), which decides it. direct_lane.hpp
    // reads CSV cells this way.
    bool evaluate_fixed_slots(Workspace& workspace) const;
    // The fast path over many records at once (fixed_batch.hpp), for callers
    // with records already in fixed point: nullopt when the ruleset has no
    // plan or has Lua hooks. A record the batch decides holds exactly what
    // evaluate_fixed_slots would give (every score, the total and the grade
    // index; its constraints hold); evaluate() decides the others.
    std::optional<FixedBatch> make_fixed_batch(std::size_t capacity = FixedBatch::default_capacity) const;
    Result evaluate(const Record& record, const EvaluateOptions& options = {}) const;
    // The allocation-free form: `workspace` from make_workspace(), `result` reused.
    void evaluate(const Record& record, Workspace& workspace, Result& result,
                  const EvaluateOptions& options = {}) const;

    // Formats a slot's value as explain traces show it (78.0%, 是, 完整公开).
    std::string show(const Workspace& workspace, uint32_t slot) const;
    // The explain trace of an evaluated workspace.
    std::string render_explain(const Workspace& workspace) const;
    // The explain lines of one third-level indicator (Program::indicators() index).
    std::string render_explain(const Workspace& workspace, size_t indicator) const;

    // The graph nodes render_explain(workspace, indicator) reads, with every
    // node they depend on, ascending. Empty when rendering it needs the
    // whole evaluation: a 逐行 group, or a Lua hook anywhere in the cone.
    std::vector<uint32_t> explain_nodes(size_t indicator) const;
    // Evaluates only `nodes` (ascending and closed under their operands, as
    // explain_nodes gives them) for `record`, whose inputs must already have
    // passed binding; then render_explain can show those indicators. For
    // explaining a few indicators of a record already scored (compare).
    void run_nodes(const Record& record, Workspace& workspace, const std::vector<uint32_t>& nodes) const;

private:
    friend class ProgramBuilder;

    void run_graph(Workspace& workspace) const;
    void run_node(Workspace& workspace, uint32_t node) const;
    bool evaluate_fixed(const Record& record, Workspace& workspace, Result& result) const;
    bool check_constraints(const Record& record, const Workspace& workspace, Result& result) const;
    std::string describe_error(const Workspace& workspace, uint32_t slot) const;
    std::string render_row_group(const Workspace& workspace, size_t indicator) const;
    void call_hook(Workspace& workspace, uint32_t node) const;
    void take_hook_value(Workspace& workspace, uint32_t node) const;
    std::string describe_hook_error(const Workspace& workspace, uint32_t node) const;

    RuleSetInfo info_;
    std::vector<InputSpec> inputs_;
    std::vector<IndicatorInfo> indicators_;
    std::vector<ConstraintInfo> constraints_;
    GradeInfo grades_;
    Graph graph_;
    std::vector<ExplainLine> explain_lines_;
    std::shared_ptr<const SourceSet> sources_;
    std::optional<size_t> key_input_;
    std::optional<RowProgram> rows_;
    std::vector<HookSpec> hooks_;
    hooks::HookLimits hook_limits_;
    std::vector<int> scored_indicators_;  // filled when the Program is finished
    std::optional<FixedPlan> fixed_;      // the fast path, when the graph allows one
    uint32_t total_slot_ = 0;
    bool has_grades_ = false;
};

}  // namespace rubric
