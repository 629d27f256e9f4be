// A hand-written scorer of the Longhua 2021 rubric (rulesets/longhua-2021.rubric):
// the yardstick for the project's performance ("the practical limit for this
// work", docs/performance.md). Nothing here is used by the project itself.
//
// Arithmetic is exact fixed point on int64:
//  - every numeric cell is held in units of 10^-6 (an amount 84153.30 →
//    84'153'300'000; a count 47 → 47'000'000; a percentage cell "19.5" is the
//    fraction 0.195 → 195'000). A cell with more than 6 decimals (percentages:
//    more than 4) is rejected rather than rounded;
//  - a rate (保留 0.1%) is an integer in units of 0.001 (per mille), rounded
//    half-up from the exact quotient;
//  - a part or rule value is in units of 10^-6 point; a third-level score is
//    rounded half-up to 0.01 point and held in units of 0.01 (int32);
//  - the total is the sum of the rounded scores.
// It also checks what the ruleset declares about each column (kinds, ranges)
// and its constraints, so that it rejects exactly the records the project
// rejects (without messages: it only counts them).
#pragma once

#include <array>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace longhua {

// The template's columns, in the order of examples/longhua-2021-published.csv.
enum Column : int {
    c_key,
    c_budget_reasonable1, c_budget_reasonable2, c_budget_reasonable3, c_budget_reasonable4, c_budget_reasonable5,
    c_budget_nonconforming, c_target_nonconforming,
    c_indicator_clear1, c_indicator_clear2, c_indicator_clear3, c_indicator_clear4, c_indicator_clear5,
    c_procurement_actual, c_procurement_plan, c_procurement_policy, c_violation,
    c_adjustment, c_initial_budget, c_spending_regular, c_accounting_regular,
    c_budget_disclosure, c_final_disclosure,
    c_project_approval, c_tender_acceptance, c_fund_monitoring, c_supervisor_checks, c_special_fund_poor,
    c_assets_match, c_assets_disposal,
    c_assets_in_use, c_assets_total, c_staff, c_staff_quota, c_outside_staff, c_rules_sound,
    c_three_public_spent, c_three_public_budget, c_public_spent, c_public_budget,
    c_progress1, c_progress2, c_progress3, c_progress4,
    c_key_work_unfinished, c_projects_on_time, c_projects_planned, c_effect,
    c_petition_channel, c_petition_replied, c_petition_replied_on_time,
    c_satisfaction,
    column_count
};

enum class Kind : unsigned char { text, yes_no, count, amount, percent, judgment, disclosure };

struct ColumnSpec {
    const char* name;
    Kind kind;
    int64_t high = 0;  // judgment: upper bound in 10^-6 (lower bound 0)
};

extern const std::array<ColumnSpec, column_count> columns;

constexpr int leaf_count = 21;
extern const std::array<const char*, leaf_count> leaf_names;  // as `rubric eval --format csv` heads them
extern const std::array<const char*, 4> grade_names;          // 优 良 中 差

constexpr int64_t micro = 1'000'000;

// A typed record: values[c] for every column but the key (yes/no 0 or 1,
// disclosure its index 完整公开 0 / 部分公开 1 / 未公开 2 / 涉密 3, the rest in 10^-6).
struct Record {
    std::array<int64_t, column_count> values{};
};

struct Scores {
    std::array<int32_t, leaf_count> leaf{};  // in 0.01 point
    int32_t total = 0;                       // in 0.01 point
    int grade = 0;                           // index into grade_names
};

// Parses one cell for a column (trimmed of ASCII blanks first). False when
// the cell is empty, malformed, out of its kind's range, or too precise.
bool parse_cell(Column column, std::string_view cell, int64_t& value) noexcept;
// The ruleset's 约束 (denominators > 0, 按期 ≤ 计划, 在用 ≤ 总额).
bool satisfies_constraints(const Record& record) noexcept;
// The rubric, rule by rule (see the comments in longhua_scorer.cpp).
void score(const Record& record, Scores& scores) noexcept;

// Writes a score in 0.01 units in its shortest form (5, 0.4, 1.77), and the
// total always with two decimals (96.40); returns the end.
char* write_score(char* out, int32_t hundredths) noexcept;
char* write_total(char* out, int32_t hundredths) noexcept;

// A minimal CSV reader over a file: reads in 1 MiB blocks, splits lines
// (LF or CRLF) into fields without copying (quoted fields without embedded
// newlines are unquoted into a per-line scratch buffer). A UTF-8 BOM is skipped.
class CsvReader {
public:
    explicit CsvReader(std::FILE* file);
    CsvReader(const CsvReader&) = delete;
    CsvReader& operator=(const CsvReader&) = delete;
    // The next line's fields (valid until the next call); false at the end.
    bool next(std::vector<std::string_view>& fields);
    uint32_t line() const { return line_; }  // 1-based number of the line just read

private:
    bool fill();
    std::FILE* file_;
    std::vector<char> buffer_;
    size_t begin_ = 0, end_ = 0;
    bool eof_ = false;
    uint32_t line_ = 0;
    std::string scratch_;
};

// Maps a header to the template's columns: position[c] = the field index of
// column c. False (with `message`) when a column is missing.
bool map_header(const std::vector<std::string_view>& header, std::array<int, column_count>& position,
                std::string& message);

// Parses a data line through the header mapping; false when any cell is bad
// or a constraint is broken (the project rejects such a record too).
bool parse_record(const std::vector<std::string_view>& fields, const std::array<int, column_count>& position,
                  Record& record, std::string_view& key) noexcept;

// The whole file in memory (for in-memory timing and verification).
struct LoadedFile {
    std::vector<std::string> keys;      // good records
    std::vector<Record> records;        // good records
    std::vector<uint32_t> lines;        // their lines
    std::vector<uint32_t> bad_lines;    // rejected records
    std::string error;                  // the file could not be used
};
LoadedFile load_file(const std::string& path, size_t max_records = SIZE_MAX);

}  // namespace longhua
