// `rubric compare OLD NEW DATA…`: every record scored under two rulesets, the
// change of its total and grade, each indicator whose score changed with the
// rule edit that caused it and the reason read from the two explain traces,
// and a summary a finance bureau can put in front of its director.
#pragma once

#include "interpreter/decimal.hpp"
#include "interpreter/program.hpp"
#include "interpreter/ruleset_diff.hpp"
#include "interpreter/datafiles/data_files.hpp"
#include "interpreter/table.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rubric {

struct IndicatorChange {
    std::string name;        // the third-level indicator
    std::string path;        // 部门管理 / 资产管理 / 固定资产利用率
    std::optional<Decimal> old_score, new_score;  // empty when the indicator is not in that ruleset
    Decimal delta;           // new − old (a missing score counts as 0)
    std::string reason;      // from the explain traces: 固定资产利用率 = 78.0%，现在落在「75% > x ≥ 60%」
    std::vector<size_t> edits;  // CompareReport::edits that can change this indicator
};

struct RecordComparison {
    std::string source;      // data file
    uint32_t row = 0;        // row there
    std::string key;         // the key column
    bool old_scored = false, new_scored = false;
    std::vector<std::string> old_problems, new_problems;  // why a side did not score
    Decimal old_total, new_total, delta;                   // delta = new − old (both scored)
    std::string old_grade, new_grade;
    std::vector<IndicatorChange> changes;                  // in the NEW ruleset's tree order
    bool changed() const { return old_scored && new_scored && (!delta.is_zero() || !changes.empty() || old_grade != new_grade); }
};

struct CompareSummary {
    size_t records = 0;        // records read (good and bad)
    size_t compared = 0;       // scored under both rulesets
    size_t bad_records = 0;    // rejected by the data or by either ruleset
    size_t changed = 0;        // compared records whose total, grade or an indicator changed
    size_t grade_changed = 0;
    std::vector<std::string> grades;                 // labels of the transition matrix: 优 良 中 差 (NEW's order, then OLD's extra)
    std::vector<std::vector<size_t>> transitions;    // [old grade][new grade] counts over compared records
    Decimal mean_delta, min_delta, max_delta;        // over compared records; mean rounded half-up to 0.01
    std::vector<size_t> most_moved;                  // indexes into records, largest |delta| first (at most 10, delta ≠ 0)
};

struct CompareReport {
    std::string old_name, new_name;    // as the user named them (path or 简称)
    std::string old_title, new_title;  // 规则集 "…"
    int total_places = -1;             // digits totals are shown with (NEW's 总分 rounding); -1 = as needed
    std::vector<RulesetEdit> edits;
    std::vector<RecordComparison> records;  // largest |delta| first, then changed ones, then input order
    std::vector<ReadProblem> problems;      // every bad record, both rulesets
    CompareSummary summary;
};

// Scores the tables under both programs. `edits` is diff_rulesets(OLD, NEW).
// `progress` (may be empty) is called after each record of each side: side 0
// is OLD, 1 is NEW. `threads`: as EvaluateOptions::threads. The whole report
// in memory: for the HTML and workbook reports, and for tests.
CompareReport compare_rulesets(const Program& old_program, const Program& new_program, std::vector<RulesetEdit> edits,
                               const std::vector<RawTable>& tables,
                               const std::function<void(int side)>& progress = {}, unsigned threads = 1);

// The same comparison for data of any size: records come a file, or a chunk
// of a CSV file, at a time; what is held is one chunk's records and a bounded
// buffer of comparisons, the rest kept sorted in temporary files
// (compare_store.hpp). finish() gives the report without its records;
// drain_records() then hands them over in report order.
class CompareRun {
public:
    CompareRun(const Program& old_program, const Program& new_program, std::vector<RulesetEdit> edits,
               unsigned threads = 1);
    ~CompareRun();
    CompareRun(const CompareRun&) = delete;
    CompareRun& operator=(const CompareRun&) = delete;

    // Called after each record of each side is scored (side 0 OLD, 1 NEW).
    void set_progress(std::function<void(int side)> progress);
    // Each problem as it is found goes to `sink` instead of into the report.
    void set_problem_sink(std::function<void(const ReadProblem&)> sink);

    // Whether add_csv_file may compare plain lines on the direct lane
    // (direct_lane.hpp: read and scored straight from their bytes, the same
    // report); on unless turned off. Tests compare both ways.
    void set_direct_lane(bool on);
    // Records add_csv_file compared on the direct lane so far.
    size_t direct_records() const;

    // Whole tables: several files, or a 明细's row files with their records.
    void add_tables(const std::vector<RawTable>& tables);
    // A CSV file a chunk of `chunk_records` at a time. False, having done
    // nothing, when the file cannot be streamed (see stream_csv_file) or a
    // ruleset has a 明细: read it whole and add_tables then.
    bool add_csv_file(const std::string& path, const TableReadOptions& reading, size_t chunk_records = 2048);

    // Files that could not be used (unreadable, no header, refused by a
    // limit): the comparison is incomplete.
    size_t unusable_files() const;

    // The report: edits, titles, problems (unless a sink took them), summary;
    // records empty. Call once, after the last add.
    CompareReport finish();
    // The records in report order (largest |change| first, then changed
    // before unchanged, then input order), once, after finish(). False when
    // a temporary file failed; error() says why.
    bool drain_records(const std::function<void(RecordComparison&)>& each);
    // finish() with every record in report.records and summary.most_moved
    // filled: the whole report in memory. False in `ok` when a temporary
    // file failed.
    CompareReport finish_in_memory(bool* ok = nullptr);
    std::string error() const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

// Writes a report whose records come one at a time (CompareRun::drain_records):
// head(report), then record(report, r, out) for each record in report order
// (appending its text to `out`), then tail(report). head needs the finished
// summary.
class CompareWriter {
public:
    virtual ~CompareWriter() = default;
    virtual std::string head(const CompareReport& report) = 0;
    virtual void record(const CompareReport& report, const RecordComparison& r, std::string& out) = 0;
    virtual std::string tail(const CompareReport& report) = 0;
};
// "table", "csv" or "json"; null for another name.
std::unique_ptr<CompareWriter> compare_writer(std::string_view format);

std::string format_compare_table(const CompareReport& report);  // terminal, CJK-width aware
std::string format_compare_csv(const CompareReport& report);    // one row per record × changed indicator
std::string format_compare_json(const CompareReport& report);

}  // namespace rubric
