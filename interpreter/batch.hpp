// Scoring data files against a Program: read each file (CSV or JSON by its
// name), bind the cells to the ruleset's inputs, evaluate every good record,
// and collect every problem of every bad record. One bad record never stops
// the batch, and none is dropped without a message.
#pragma once

#include "interpreter/program.hpp"
#include "interpreter/report.hpp"
#include "interpreter/table.hpp"

#include <string>
#include <vector>

namespace rubric {

struct BatchResult {
    std::vector<ScoredRecord> scored;   // in input order: files as given, rows as in each file
    std::vector<ReadProblem> problems;  // every problem, in input order
    size_t total_records = 0;
    size_t bad_records = 0;
};

// Reads a data file: .json and .jsonl as JSON, anything else as CSV.
RawTable read_data_file(const std::string& path);

BatchResult score_table(const Program& program, const RawTable& table, const EvaluateOptions& options = {});
BatchResult score_files(const Program& program, const std::vector<std::string>& paths,
                        const EvaluateOptions& options = {});

}  // namespace rubric
