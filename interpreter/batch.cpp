#include "interpreter/batch.hpp"

#include "interpreter/csv_reader.hpp"
#include "interpreter/json_reader.hpp"
#include "interpreter/record_binder.hpp"

#include <algorithm>

namespace rubric {

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

void append(BatchResult& into, BatchResult&& from) {
    for (auto& s : from.scored) into.scored.push_back(std::move(s));
    for (auto& p : from.problems) into.problems.push_back(std::move(p));
    into.total_records += from.total_records;
    into.bad_records += from.bad_records;
}

}  // namespace

RawTable read_data_file(const std::string& path) {
    if (ends_with(path, ".json") || ends_with(path, ".jsonl") || ends_with(path, ".JSON")) return read_json_file(path);
    return read_csv_file(path);
}

BatchResult score_table(const Program& program, const RawTable& table, const EvaluateOptions& options) {
    BatchResult out;
    if (table.columns.empty()) {
        // Unreadable or empty: its own problem says so; nothing to bind.
        out.problems = table.problems;
        return out;
    }
    RecordBinder binder(program.inputs());
    BindOutcome bound = binder.bind(table);
    out.problems = std::move(bound.problems);
    out.total_records = bound.total_records;
    out.bad_records = bound.bad_records;

    Workspace workspace = program.make_workspace();
    Result result;
    for (const Record& record : bound.records) {
        program.evaluate(record, workspace, result, options);
        if (!result.scored) {
            ++out.bad_records;
            for (const RecordProblem& p : result.problems)
                out.problems.push_back(ReadProblem{table.path, record.row, p.column,
                                                   table.row_label(record.row) + "：" + p.message});
            continue;
        }
        out.scored.push_back(ScoredRecord{table.path, record.row, record.key, result});
    }
    // Binding and evaluation problems together, in row order (file-level ones first).
    std::stable_sort(out.problems.begin(), out.problems.end(),
                     [](const ReadProblem& a, const ReadProblem& b) { return a.row < b.row; });
    return out;
}

BatchResult score_files(const Program& program, const std::vector<std::string>& paths, const EvaluateOptions& options) {
    BatchResult out;
    for (const std::string& path : paths) append(out, score_table(program, read_data_file(path), options));
    return out;
}

}  // namespace rubric
