// The fixed-point fast path over many records at once. The plan's steps
// (fixed_plan.hpp) run one at a time over a whole batch of records, on
// columns of exact int64 values: the one-record interpreter pays a dispatch
// and its operand loads per step and record, here a dispatch is paid once
// per step and batch, and each step is a short loop of plain arithmetic.
//
// Only exact values are held. A record that any step cannot decide with
// int64 arithmetic on exact values — a quotient that does not divide evenly
// before its round, a possible overflow, a zero divisor, a score out of its
// range, a value no tier covers, a broken constraint — is left undecided,
// and the caller scores it the one-record way (Program::evaluate or
// evaluate_fixed_slots, which decide every record). A decided record's
// values are exactly those of the one-record fast path, so the Decimal
// evaluator's, to the last digit (tests/language/fixed_batch_test.cpp).
//
// Most steps need no check at all. Each input is admitted within a range
// (its declared bounds, its kind's: a percent in [0, 100 %], a count ≥ 0;
// and at most 10^15 units, ten times a year's national budget in 万元 at six
// decimals); a record with an input outside is left undecided. From those
// ranges make() works out each slot's range, and a step whose result cannot
// leave int64, whose score cannot leave its points, whose tiers cover every
// value it can meet, runs without checking: a plain loop the compiler
// vectorizes.
//
// Usage (a Program whose plan allows it, Program::make_fixed_batch):
//
//   rubric::FixedBatch batch = *program->make_fixed_batch();
//   for (size_t i = 0; i < n; ++i)             // n ≤ batch.capacity()
//       for (uint32_t slot : plan.input_slots)   // each input at its plan scale
//           batch.column(slot)[i] = ...;
//   batch.run(n);
//   if (batch.decided(i)) total = batch.value(program->total_slot(), i);
//
// A FixedBatch refers to its Program's plan and graph: it must not outlive
// the Program. It is one thread's scratch; make one per thread.
#pragma once

#include "interpreter/fixed_plan.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace rubric {

class FixedBatch {
public:
    static constexpr std::size_t default_capacity = 128;

    // The batch form of `plan`, or nullopt when it has Lua hooks (a call
    // per record) or a constant that is not one exact value. `required`:
    // slots that must be non-zero for a record to be decided (constraints).
    static std::optional<FixedBatch> make(const FixedPlan& plan, const Graph& graph,
                                          const std::vector<InputSpec>& inputs,
                                          const std::vector<std::uint32_t>& required,
                                          std::size_t capacity = default_capacity);

    std::size_t capacity() const { return capacity_; }

    // The column of `slot` (an input slot of the plan, or any slot the plan
    // computes), at the plan's scale for it: entry i is record i's value.
    std::int64_t* column(std::uint32_t slot) { return values_.data() + offset(slot); }
    const std::int64_t* column(std::uint32_t slot) const { return values_.data() + offset(slot); }
    bool has_column(std::uint32_t slot) const { return slot < column_of_.size() && column_of_[slot] != none; }

    // Marks record i (of the next run) as one the caller could not put in
    // exactly: run() leaves it undecided. Cleared by run().
    void refuse(std::size_t i) { refused_[i] = 1; }

    // Scores records [0, n) (n ≤ capacity) from their input columns; returns
    // how many were decided.
    std::size_t run(std::size_t n);
    bool decided(std::size_t i) const { return bad_[i] == 0; }
    // A decided record's value of `slot`, in units of the slot's scale.
    std::int64_t value(std::uint32_t slot, std::size_t i) const { return column(slot)[i]; }

private:
    static constexpr std::uint32_t none = UINT32_MAX;

    // A plan step with its slots as element offsets into values_ (column ×
    // capacity) and the chained and fused kinds back to their plain kind.
    struct Step {
        FixedStepKind kind = FixedStepKind::general;
        bool checked = true;           // false: the slots' ranges show no record can fail it
        bool narrow = false;           // a product's factors all fit in 32 bits (a cheaper multiply)
        // round (narrow), round_quotient (reciprocal): ⌊x ÷ divisor⌋ =
        // (x × magic) >> shift for 0 ≤ x < 2^31.
        bool reciprocal = false;       // round_quotient by a constant divisor
        unsigned char shift = 0;
        std::uint32_t magic = 0, divisor = 0;
        unsigned char aux = 0;
        std::uint16_t n = 0;
        std::uint32_t dst = 0, a = 0, b = 0, c = 0;
        std::int64_t k = 0;
        std::uint32_t op = 0;          // its FixedPlan::ops index (general)
        std::uint32_t reads = 0, read_count = 0;  // general: reads_ [reads, reads + read_count)
    };

    FixedBatch(const FixedPlan& plan, const Graph& graph, std::size_t capacity)
        : plan_(&plan), graph_(&graph), capacity_(capacity) {}
    std::size_t offset(std::uint32_t slot) const { return std::size_t{column_of_[slot]} * capacity_; }
    void add_column(std::uint32_t slot);
    void admit(std::size_t n);  // leaves records with an input outside its admission undecided
    void run_step(const Step& s, std::size_t n);
    void run_general(const Step& s, std::size_t n);

    const FixedPlan* plan_;
    const Graph* graph_;
    std::size_t capacity_;
    std::vector<std::uint32_t> column_of_;   // per slot: its column, or none
    std::uint32_t columns_ = 0;
    std::vector<std::int64_t> values_;       // column-major: values_[column × capacity + record]
    std::vector<Step> steps_;
    std::vector<std::uint32_t> step_slots_;  // FixedPlan::step_slots as element offsets
    std::vector<std::uint32_t> reads_;       // general steps: the slots their op reads
    std::vector<std::uint32_t> required_;    // element offsets of the required slots' columns
    struct Admission {
        std::uint32_t at = 0;                // the input's column, as an element offset
        std::int64_t low = 0, high = 0;
    };
    std::vector<Admission> admitted_;        // per input slot
    std::vector<std::uint64_t> bad_;         // per record: non-zero when undecided
    std::vector<unsigned char> refused_;
    std::vector<FixedValue> scratch_;        // a general step's one-record slots
};

}  // namespace rubric
