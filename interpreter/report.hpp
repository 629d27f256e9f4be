// Writing scored records out: CSV (one row per record: the key, every
// third-level score, 总分, 等级), JSON, and an aligned table for a terminal
// that lays each record out like the published score sheet.
#pragma once

#include "interpreter/program.hpp"

#include <string>
#include <vector>

namespace rubric {

struct ScoredRecord {
    std::string source;  // the data file it came from
    uint32_t row = 0;    // its row there
    std::string key;
    Result result;       // scored == true
};

enum class OutputFormat { table, csv, json };

std::string format_csv(const Program& program, const std::vector<ScoredRecord>& records);
std::string format_json(const Program& program, const std::vector<ScoredRecord>& records);
std::string format_table(const Program& program, const std::vector<ScoredRecord>& records);

// Pieces of the CSV and JSON formats, for writing a large batch as it is
// scored: format_csv = csv_header + csv_row…; format_json = "[" + json_object
// joined by ",\n  " (after "\n  ") + "\n]\n" ("[]\n" when empty).
std::string csv_header(const Program& program);
std::string csv_row(const Program& program, const ScoredRecord& record);
std::string json_object(const Program& program, const ScoredRecord& record);

// A total as the sheet prints it: to the places of the total's rounding (96.40).
std::string format_total(const Program& program, const Decimal& total);

}  // namespace rubric
