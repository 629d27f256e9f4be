// Binds a row table of a 明细 (long format: the record key column plus the
// 明细's field columns, one line per row) to the records it belongs to.
//
// Cells are trimmed. A field not marked 可空 must not be empty; an 枚举 field
// must hold one of its values (with a did-you-mean). 指标值 cells are read
// when the record is scored, where a bad one rejects that record. A bad row
// is reported with its file, line and column and marks its record bad, so
// the record is rejected rather than scored without the row.
#pragma once

#include "interpreter/row_groups.hpp"
#include "interpreter/table.hpp"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace rubric {

struct RowBinding {
    std::map<std::string, std::vector<DetailRow>> rows;  // by record key, in file and line order
    std::map<std::string, std::vector<std::pair<std::string, uint32_t>>> places;  // key → (file, line) of each row
    std::set<std::string> bad_keys;      // records with a bad row
    std::set<std::string> claimed;       // keys a record took (filled while scoring)
    std::vector<ReadProblem> problems;
};

// A table holding the key column and every field column of `detail` (those
// marked 可空 may be absent).
bool is_row_table(const DetailSpec& detail, const std::string& key_name, const RawTable& table);

// Adds the rows of `table` to `binding`.
void bind_rows(const DetailSpec& detail, const std::string& key_name, const RawTable& table, RowBinding& binding);

}  // namespace rubric
