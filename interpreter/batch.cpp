#include "interpreter/batch.hpp"

#include "interpreter/csv_reader.hpp"
#include "interpreter/json_reader.hpp"
#include "interpreter/record_binder.hpp"
#include "interpreter/row_binder.hpp"
#include "interpreter/datafiles/mapped_file.hpp"

#include <algorithm>
#include <cctype>
#include <unordered_map>
#include <mutex>
#include <thread>

namespace rubric {

namespace {


void append(BatchResult& into, BatchResult&& from) {
    for (auto& s : from.scored) into.scored.push_back(std::move(s));
    for (auto& p : from.problems) into.problems.push_back(std::move(p));
    into.total_records += from.total_records;
    into.bad_records += from.bad_records;
    into.unusable_files += from.unusable_files;
}

// Evaluates the records, on `options.threads` threads when there are enough
// of them: each thread takes a contiguous share with its own Workspace (and
// so its own Lua sandbox); results keep the records' order, so the output is
// the same bytes whatever the number of threads.
std::vector<Result> evaluate_all(const Program& program, const std::vector<Record*>& records,
                                 const EvaluateOptions& options) {
    std::vector<Result> results(records.size());
    constexpr size_t min_share = 256;  // below this a thread costs more than it saves
    const size_t threads = std::max<size_t>(1, std::min<size_t>(options.threads, records.size() / min_share));
    std::mutex progress;
    auto work = [&](size_t begin, size_t end) {
        Workspace workspace = program.make_workspace();
        for (size_t k = begin; k < end; ++k) {
            program.evaluate(*records[k], workspace, results[k], options);
            if (options.on_record) {
                std::lock_guard<std::mutex> lock(progress);
                options.on_record();
            }
        }
    };
    if (threads == 1) {
        work(0, records.size());
        return results;
    }
    std::vector<std::thread> pool;
    const size_t share = (records.size() + threads - 1) / threads;
    for (size_t t = 1; t < threads; ++t)
        pool.emplace_back(work, std::min(records.size(), t * share), std::min(records.size(), (t + 1) * share));
    work(0, std::min(records.size(), share));
    for (std::thread& th : pool) th.join();
    return results;
}

// Rows with a problem of their own but no record in the table.
size_t unread_rows(const RawTable& table) {
    std::vector<uint32_t> read;
    read.reserve(table.records.size());
    for (const RawRecord& r : table.records) read.push_back(r.row);
    std::sort(read.begin(), read.end());
    std::vector<uint32_t> unread;
    for (const ReadProblem& p : table.problems)
        if (p.row != 0 && p.row != table.header_row && !std::binary_search(read.begin(), read.end(), p.row))
            unread.push_back(p.row);
    std::sort(unread.begin(), unread.end());
    return static_cast<size_t>(std::unique(unread.begin(), unread.end()) - unread.begin());
}

}  // namespace

RawTable read_data_file(const std::string& path, const TableReadOptions& options) {
    return read_table_file(path, options);
}

BatchResult score_table(const Program& program, const RawTable& table, const EvaluateOptions& options) {
    return score_table(program, table, nullptr, options);
}

BatchResult score_table(const Program& program, const RawTable& table, RowBinding* rows, const EvaluateOptions& options) {
    KeyIndex keys;
    return score_chunk(program, table, rows, options, keys, true);
}

BatchResult score_chunk(const Program& program, const RawTable& table, RowBinding* rows, const EvaluateOptions& options,
                        KeyIndex& keys, bool first_chunk) {
    BatchResult out;
    if (table.columns.empty()) {
        // Unreadable, empty or refused by a limit: its own problem says so; nothing to bind.
        out.problems = table.problems;
        out.unusable_files = 1;
        return out;
    }
    BindOutcome bound = RecordBinder(program.inputs()).bind(table, keys, first_chunk);
    return score_bound(program, table, bound, rows, options);
}

BatchResult score_bound(const Program& program, const RawTable& table, BindOutcome& bound, RowBinding* rows,
                        const EvaluateOptions& options) {
    BatchResult out;
    out.problems = bound.problems;
    out.total_records = bound.total_records;
    out.bad_records = bound.bad_records;
    // A row the reader reported but could not read (a ragged row, a broken
    // JSON line, a quote never closed) is a record too, and a bad one: count
    // it, so the summary and the exit status do not hide it.
    const size_t dropped = unread_rows(table);
    out.total_records += dropped;
    out.bad_records += dropped;

    // Records the binder rejected count as done at once.
    if (options.on_record)
        for (size_t k = 0; k < bound.bad_records; ++k) options.on_record();
    // Rows first, in order (claiming is not thread-safe); then evaluation.
    std::vector<Record*> to_score;
    for (Record& record : bound.records) {
        if (rows) {
            rows->claimed.insert(record.key);
            if (rows->bad_keys.count(record.key)) {
                if (options.on_record) options.on_record();
                ++out.bad_records;
                out.problems.push_back(ReadProblem{table.path, record.row, "",
                                                   table.row_label(record.row) + "：「" + record.key +
                                                       "」的明细中有错误的行（见明细文件的提示），未评分"});
                continue;
            }
            auto found = rows->rows.find(record.key);
            if (found != rows->rows.end()) record.rows = found->second;
        }
        to_score.push_back(&record);
    }
    std::vector<Result> results = evaluate_all(program, to_score, options);
    for (size_t k = 0; k < to_score.size(); ++k) {
        const Record& record = *to_score[k];
        Result& result = results[k];
        if (!result.scored) {
            ++out.bad_records;
            for (const RecordProblem& p : result.problems)
                out.problems.push_back(ReadProblem{table.path, record.row, p.column,
                                                   table.row_label(record.row) + "：" + p.message});
            continue;
        }
        out.scored.push_back(ScoredRecord{table.path, record.row, record.key, std::move(result)});
    }
    // Binding and evaluation problems together, in row order (file-level ones first).
    std::stable_sort(out.problems.begin(), out.problems.end(),
                     [](const ReadProblem& a, const ReadProblem& b) { return a.row < b.row; });
    return out;
}

bool for_each_csv_chunk(const std::string& path, const TableReadOptions& reading, size_t chunk_records,
                        const std::function<void(RawTable& chunk, bool first, bool refused)>& on_chunk) {
    auto ends_with = [&](const char* suffix) {
        const std::string_view s(suffix);
        if (path.size() < s.size()) return false;
        std::string tail = path.substr(path.size() - s.size());
        for (char& c : tail) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return tail == s;
    };
    if (reading.encoding == TextEncoding::gb18030) return false;
    for (const char* ext : {".json", ".jsonl", ".xlsx", ".xlsm", ".xls"})
        if (ends_with(ext)) return false;
    std::string error;
    std::optional<MappedFile> file = MappedFile::open(path, error);
    if (!file) return false;  // the whole-file reading reports why
    const std::string_view bytes = file->bytes();
    if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) return false;
    // Valid UTF-8 throughout? Checked a block at a time, each released after.
    constexpr size_t block = size_t{4} << 20;
    for (size_t at = 0; at < bytes.size();) {
        size_t end = std::min(bytes.size(), at + block);
        while (end < bytes.size() && end > at && (static_cast<unsigned char>(bytes[end]) & 0xC0) == 0x80) --end;
        if (first_invalid_utf8(bytes.substr(at, end - at))) return false;
        file->release_before(end);
        at = end;
    }
    file->rewind();

    CsvChunkReader reader(path, bytes, reading.limits);
    RawTable chunk;
    if (reader.header().columns.empty()) {
        // Empty, a header only, or refused: a table without columns says why.
        chunk.path = path;
        chunk.problems = reader.header().problems;
        on_chunk(chunk, true, false);
        return true;
    }
    bool first = true;
    while (true) {
        const bool more = reader.next(chunk, chunk_records);
        if (!more && !first) break;
        if (first) chunk.problems.insert(chunk.problems.begin(), reader.header().problems.begin(), reader.header().problems.end());
        on_chunk(chunk, first, reader.refused());
        first = false;
        // A limit refused the file part way: that chunk said why, and is the last.
        if (reader.refused()) return true;
        file->release_before(reader.consumed());
        if (!more) break;
    }
    return true;
}

bool stream_csv_file(const Program& program, const std::string& path, const TableReadOptions& reading,
                     const EvaluateOptions& options, size_t chunk_records,
                     const std::function<void(BatchResult&)>& on_chunk) {
    if (program.row_program()) return false;
    KeyIndex keys;
    return for_each_csv_chunk(path, reading, chunk_records, [&](RawTable& chunk, bool first, bool refused) {
        BatchResult out = score_chunk(program, chunk, nullptr, options, keys, first);
        if (refused) out.unusable_files = 1;
        on_chunk(out);
    });
}

BatchResult score_files(const Program& program, const std::vector<std::string>& paths, const EvaluateOptions& options) {
    std::vector<RawTable> tables;
    for (const std::string& path : paths) tables.push_back(read_data_file(path, {}));
    return score_tables(program, tables, options);
}

BatchResult score_tables(const Program& program, const std::vector<RawTable>& tables, const EvaluateOptions& options) {
    BatchResult out;
    const RowProgram* row_program = program.row_program();
    if (!row_program || !program.key_input()) {
        for (const RawTable& table : tables) append(out, score_table(program, table, options));
        return out;
    }
    // Row tables first, wherever they are in the list: records need their rows.
    const std::string& key_name = program.inputs()[*program.key_input()].name;
    RowBinding rows;
    std::vector<const RawTable*> record_tables;
    for (const RawTable& table : tables) {
        if (is_row_table(row_program->detail, key_name, table)) bind_rows(row_program->detail, key_name, table, rows);
        else record_tables.push_back(&table);
    }
    out.problems = std::move(rows.problems);
    for (const RawTable* table : record_tables) append(out, score_table(program, *table, &rows, options));
    // Rows no record claimed would otherwise vanish.
    for (const auto& [key, places] : rows.places) {
        if (rows.claimed.count(key)) continue;
        for (const auto& [file, line] : places)
            out.problems.push_back(ReadProblem{file, line, key_name,
                                               "第 " + std::to_string(line) + " 行：「" + key_name + "」为「" + key +
                                                   "」的明细行没有对应的记录"});
    }
    return out;
}

}  // namespace rubric
