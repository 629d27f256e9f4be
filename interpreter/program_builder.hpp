// Write access to a Program while the compiler builds it; nothing else
// may change a Program.
#pragma once

#include "interpreter/program.hpp"

#include <memory>

namespace rubric {

class ProgramBuilder {
public:
    ProgramBuilder() : program_(std::make_shared<Program>()) {}

    Program& program() { return *program_; }
    std::shared_ptr<Program> finish() {
        Program& p = *program_;
        p.scored_indicators_.clear();
        for (size_t i = 0; i < p.indicators_.size(); ++i)
            if (p.indicators_[i].level == 3 || p.indicators_[i].row_group >= 0) p.scored_indicators_.push_back(static_cast<int>(i));
        p.fixed_ = plan_fixed_point(p);
        return std::move(program_);
    }

    Graph& graph() { return program_->graph_; }
    RuleSetInfo& info() { return program_->info_; }
    std::vector<InputSpec>& inputs() { return program_->inputs_; }
    std::vector<IndicatorInfo>& indicators() { return program_->indicators_; }
    std::vector<ConstraintInfo>& constraints() { return program_->constraints_; }
    std::vector<ExplainLine>& explain_lines() { return program_->explain_lines_; }
    GradeInfo& grades() { return program_->grades_; }
    void set_sources(std::shared_ptr<const SourceSet> s) { program_->sources_ = std::move(s); }
    void set_key_input(size_t index) { program_->key_input_ = index; }
    void set_total_slot(uint32_t slot) { program_->total_slot_ = slot; }
    void set_has_grades(bool b) { program_->has_grades_ = b; }
    std::optional<RowProgram>& rows() { return program_->rows_; }
    std::vector<HookSpec>& hooks() { return program_->hooks_; }
    void set_hook_limits(const hooks::HookLimits& limits) { program_->hook_limits_ = limits; }

    uint32_t emit(Op op, uint32_t a, uint32_t b, uint32_t c, Span span, Display display = {},
                  RoundingMode mode = RoundingMode::half_up) {
        Graph& g = graph();
        g.nodes.push_back(Node{op, mode, a, b, c});
        g.spans.push_back(span);
        g.displays.push_back(display);
        return static_cast<uint32_t>(g.nodes.size() - 1);
    }

    uint32_t constant(const Decimal& value, Span span, Display display = {}) {
        Graph& g = graph();
        g.constants.push_back(value);
        return emit(Op::constant, static_cast<uint32_t>(g.constants.size() - 1), 0, 0, span, display);
    }

private:
    // The slots evaluate() reads: every indicator's score, each constraint,
    // the total and the grade.
    static std::optional<FixedPlan> plan_fixed_point(const Program& p) {
        if (p.rows_ && !p.rows_->groups.empty()) return std::nullopt;
        // Hooks run on the fast path too, unless one is given the 明细 rows.
        std::vector<std::vector<uint32_t>> hook_arguments;
        for (const HookSpec& hook : p.hooks_) {
            hook_arguments.emplace_back();
            for (const HookArgSpec& arg : hook.args) {
                if (arg.kind == HookArgSpec::Kind::rows) return std::nullopt;
                hook_arguments.back().push_back(arg.slot);
            }
        }
        std::vector<uint32_t> outputs;
        for (const IndicatorInfo& indicator : p.indicators_) outputs.push_back(indicator.score_slot);
        for (const ConstraintInfo& constraint : p.constraints_) outputs.push_back(constraint.slot);
        outputs.push_back(p.total_slot_);
        if (p.has_grades_) outputs.push_back(p.grades_.index_slot);
        return build_fixed_plan(p.graph_, p.inputs_, outputs, hook_arguments);
    }

    std::shared_ptr<Program> program_;
};

}  // namespace rubric
