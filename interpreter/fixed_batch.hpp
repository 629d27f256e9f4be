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
// and the caller scores it the one-record way (Program::evaluate, which
// decides every record). A decided record's
// values are exactly those of the one-record fast path, so the Decimal
// evaluator's, to the last digit (tests/language/fixed_batch_test.cpp).
//
// Most steps need no check at all. Each input is admitted within a range
// (its declared bounds, its kind's: a percent in [0, 100 %], a count ≥ 0;
// and at most 10^15 units: 10^9 万元 at six decimals, more than any
// province's budget); a record with an input outside is left undecided.
// From those ranges make() works out each slot's range (fixed_batch_plan.cpp),
// and a step whose result cannot leave int64, whose score cannot leave its
// points, whose tiers cover every value it can meet, runs without checking:
// a plain loop the compiler vectorizes.
//
// Usage (a Program whose plan allows it, Program::make_fixed_batch):
//
//   rubric::FixedBatch batch = *program->make_fixed_batch();
//   batch.load_rows(rows, n);   // n ≤ batch.capacity() rows of the plan's
//                               // input_slots, each at its plan scale
//   batch.run(n);
//   if (batch.decided(i)) total = batch.value(program->total_slot(), i);
//   else program->evaluate(record_i, workspace, result);
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
    // slots that must be non-zero for a record to be decided (constraints);
    // `outputs`: the slots the caller reads after run() (scores, total,
    // grade index). Other slots share columns (fixed_batch_plan.cpp).
    static std::optional<FixedBatch> make(const FixedPlan& plan, const Graph& graph,
                                          const std::vector<InputSpec>& inputs,
                                          const std::vector<std::uint32_t>& required,
                                          const std::vector<std::uint32_t>& outputs,
                                          std::size_t capacity = default_capacity);

    std::size_t capacity() const { return capacity_; }

    // The column of `slot`, at the plan's scale for it: entry i is record
    // i's value. Before run(), an input slot's, for the caller to fill;
    // after it, the values of `outputs` and `required` (a slot computed on
    // the way may have shared its column with another).
    std::int64_t* column(std::uint32_t slot) { return values_.data() + offset(slot); }
    const std::int64_t* column(std::uint32_t slot) const { return values_.data() + offset(slot); }
    bool has_column(std::uint32_t slot) const { return slot < column_of_.size() && column_of_[slot] != none; }
    // column(slot), or null when the slot has none (an input no score reads).
    std::int64_t* find_column(std::uint32_t slot) { return has_column(slot) ? column(slot) : nullptr; }

    // Puts records [0, n) (n ≤ capacity) from rows held one after another,
    // each the values of the plan's input_slots in that order, in units of
    // each slot's scale: n × input_slots.size() values. It also asks the
    // processor to fetch the n rows that follow, which a caller going
    // through its records scores next, so that they arrive while run()
    // computes (a hint: nothing is read past the rows given).
    void load_rows(const std::int64_t* rows, std::size_t n);

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
        // round (not narrow, half up), a general quotient by a constant
        // (exact_quotient): the same for 0 ≤ x < 2^63 in 64 bits.
        bool wide = false, exact_quotient = false;
        unsigned char wide_shift = 0;
        std::uint64_t wide_magic = 0, wide_divisor = 0;
        std::int64_t scale_up = 1;     // exact_quotient: the numerator's factor
        unsigned char aux = 0;
        std::uint16_t n = 0;
        std::uint32_t dst = 0, a = 0, b = 0, c = 0;
        std::int64_t k = 0;
        std::uint32_t op = 0;          // its FixedPlan::ops index (general)
        std::uint32_t reads = 0, read_count = 0;  // general: reads_ [reads, reads + read_count)
    };

    FixedBatch(const FixedPlan& plan, const Graph& graph, std::size_t capacity)
        : plan_(&plan), graph_(&graph), capacity_(capacity), stride_(capacity + 8) {}
    std::size_t offset(std::uint32_t slot) const { return std::size_t{column_of_[slot]} * stride_; }
    void admit(std::size_t n);  // leaves records with an input outside its admission undecided
    void run_steps(std::size_t n);
    void run_step(const Step& s, std::size_t n);
    void run_general(const Step& s, std::size_t n);
    void run_exact_quotient(const Step& s, std::size_t n);

    const FixedPlan* plan_;
    const Graph* graph_;
    std::size_t capacity_;
    // Columns are a cache line apart beyond the capacity: at a power-of-two
    // distance, the columns a step reads would fall into the same cache sets.
    std::size_t stride_;
    std::vector<std::uint32_t> column_of_;   // per slot: its column, or none (share_columns())
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
    std::vector<Admission> admitted_;        // per input slot, in input_slots order
    std::vector<std::uint32_t> input_columns_;  // the same inputs' columns (load_rows)
    std::vector<std::uint64_t> bad_;         // per record: non-zero when undecided
    std::vector<unsigned char> refused_;
    std::vector<FixedValue> scratch_;        // a general step's one-record slots
    std::uintptr_t upcoming_ = 0;            // the rows after the last load_rows(), to prefetch
    std::size_t upcoming_bytes_ = 0;
};

}  // namespace rubric
