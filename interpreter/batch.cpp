#include "interpreter/batch.hpp"

#include "interpreter/csv_reader.hpp"
#include "interpreter/direct_lane.hpp"
#include "interpreter/joining_threads.hpp"
#include "interpreter/json_reader.hpp"
#include "interpreter/record_binder.hpp"
#include "interpreter/row_binder.hpp"
#include "interpreter/datafiles/mapped_file.hpp"
#include "interpreter/utf8.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <condition_variable>
#include <cstring>
#include <exception>
#include <limits>
#include <iterator>
#include <memory>
#include <optional>
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

// Whether `bytes` are well-formed UTF-8 (as utf8_valid_length decides),
// quickly for text that is mostly ASCII: ASCII is skipped 32 or 8 bytes at a
// time, the first other byte found in a word by its bit; a three-byte
// sequence with an ordinary lead (CJK) is checked in place, anything else by
// utf8_valid_length.
bool is_utf8(std::string_view bytes) {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const auto* const end = p + bytes.size();
    constexpr uint64_t high = 0x8080808080808080u;
    while (p < end) {
        for (uint64_t w[4]; end - p >= 32; p += 32) {
            std::memcpy(w, p, 32);
            if ((w[0] | w[1] | w[2] | w[3]) & high) break;
        }
        for (uint64_t word; end - p >= 8; p += 8) {
            std::memcpy(&word, p, 8);
            if (const uint64_t m = word & high) {  // little-endian: the lowest set bit is the first such byte
                p += __builtin_ctzll(m) / 8;
                break;
            }
        }
        while (p < end && *p < 0x80) ++p;
        if (p == end) break;
        const unsigned c = *p;
        if (((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) && end - p >= 3 && (p[1] & 0xC0) == 0x80 &&
            (p[2] & 0xC0) == 0x80) {
            p += 3;
            continue;
        }
        const size_t valid = utf8_valid_length(std::string_view(reinterpret_cast<const char*>(p),
                                                                static_cast<size_t>(std::min<ptrdiff_t>(4, end - p))));
        if (valid == 0) return false;
        p += valid;
    }
    return true;
}

// Whether the mapped file is valid UTF-8 throughout: checked a block at a
// time, each released after; on several threads, each its share of the file.
bool utf8_throughout(MappedFile& file, std::string_view bytes, unsigned threads) {
    constexpr size_t block = size_t{4} << 20;
    // Moves `end` back to the start of a character (not below `at`); a run of
    // continuation bytes longer than a character is invalid in any block.
    auto character_start = [&](size_t at, size_t end) {
        for (size_t k = 0; k < 3 && end < bytes.size() && end > at &&
                           (static_cast<unsigned char>(bytes[end]) & 0xC0) == 0x80;
             ++k)
            --end;
        return end == at ? std::min(bytes.size(), at + block) : end;
    };
    if (threads == 1 || bytes.size() < 2 * block) {
        for (size_t at = 0; at < bytes.size();) {
            const size_t end = character_start(at, std::min(bytes.size(), at + block));
            if (!is_utf8(bytes.substr(at, end - at))) return false;
            file.release_before(end);
            at = end;
        }
        return true;
    }
    std::vector<size_t> starts{0};
    for (unsigned t = 1; t < threads; ++t)
        starts.push_back(std::max(starts.back(), character_start(starts.back(), bytes.size() / threads * t)));
    starts.push_back(bytes.size());
    std::atomic<bool> invalid{false};
    auto check = [&](size_t from, size_t to) {
        // Each release reaches back over the block before: a page straddling
        // a block's end (mapped again by the next block's first read, whole
        // folios at a time) is given back too, and nothing piles up.
        for (size_t at = from, before = from; at < to && !invalid;) {
            const size_t end = std::min(to, character_start(at, std::min(to, at + block)));
            if (!is_utf8(bytes.substr(at, end - at))) invalid = true;
            file.release(before, end);
            before = at;
            at = end;
        }
    };
    std::vector<std::thread> pool;
    for (size_t t = 1; t + 1 < starts.size(); ++t) pool.emplace_back(check, starts[t], starts[t + 1]);
    check(starts[0], starts[1]);
    for (std::thread& th : pool) th.join();
    return !invalid;
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

namespace {

// ---- Streaming on several threads -------------------------------------------
//
// The calling thread reads the header; then worker threads take the body a
// piece at a time (cut at record ends by csv_piece_end, under the lock, one
// piece after the other) and read, bind, score and format it on their own
// (the direct lane's lines straight from their bytes), leaving only the keys
// to be checked against the records before. The calling thread takes the
// pieces strictly in order — making the next one itself while the one it
// needs is not ready, and all of them when there is one thread — checks the
// keys in row order, counts the records against max_records, and cuts the
// records into the chunks one thread would have made (chunk_records kept
// records each), so on_chunk sees the same calls with the same contents.

// What one piece gave, record by record in row order.
struct PieceOutcome {
    enum class Kind : uint8_t {
        kept,          // a record the reader kept (a chunk counts these)
        unkept,        // read but not kept: too many fields, the header again… (one problem)
        unterminated,  // a quote never closed (one problem); nothing after it
        too_long,      // a record over max_row_bytes: the file is refused here
    };
    struct Item {
        uint32_t row = 0;
        Kind kind = Kind::kept;
        bool scored = false;   // kept, bound, and scored
        bool has_key = false;  // its key cell was read
        bool direct = false;   // scored by the direct lane
        // Into problems: [begin, bind_end) the reader's and the binder's,
        // [bind_end, end) the evaluation's; a repeated key's message goes at dup_at.
        uint32_t begin = 0, bind_end = 0, end = 0, dup_at = 0;
        uint32_t key_begin = 0, key_end = 0;  // into keys
    };
    std::vector<Item> items;
    std::vector<ReadProblem> problems;
    std::string keys;
    std::vector<ScoredRecord> scored;    // without a formatter: the scored items' records, in order
    FormattedRows formatted;             // with one: their text
    size_t end = 0;                      // where the piece ends in the file
    std::exception_ptr error;            // thrown while making it; rethrown in order
};

// Reads, binds, scores and formats one piece the ordinary way (on a worker thread).
void read_piece(const Program& program, const RecordBinder& binder, const RawTable& header, std::string_view text,
                uint32_t first_line, const DataLimits& limits, const EvaluateOptions& options,
                const StreamOptions& stream, Workspace& workspace, ScoredRecord& scratch, PieceOutcome& out) {
    using Kind = PieceOutcome::Kind;
    CsvPiece piece = read_csv_piece(header, text, first_line, limits);
    const RawTable& table = piece.table;
    BindOutcome bound = binder.bind_deferring_keys(table);
    std::vector<ReadProblem>& problems = bound.problems;  // the reader's first, then the binder's by record
    const size_t read_count = table.problems.size();
    size_t read_at = 0, bind_at = read_count, good = 0, pending = 0, unkept = 0;
    auto take_read = [&](uint32_t row) {
        while (read_at < read_count && problems[read_at].row == row) out.problems.push_back(std::move(problems[read_at++]));
    };
    auto add = [&](uint32_t row, Kind kind) {
        PieceOutcome::Item item;
        item.row = row;
        item.kind = kind;
        item.begin = static_cast<uint32_t>(out.problems.size());
        take_read(row);
        item.bind_end = item.end = static_cast<uint32_t>(out.problems.size());
        out.items.push_back(item);
    };
    auto unkept_before = [&](uint32_t row) {
        while (unkept < piece.unkept_rows.size() && piece.unkept_rows[unkept] < row) add(piece.unkept_rows[unkept++], Kind::unkept);
    };
    out.items.reserve(table.records.size() + piece.unkept_rows.size() + 1);
    for (const RawRecord& raw : table.records) {
        unkept_before(raw.row);
        PieceOutcome::Item item;
        item.row = raw.row;
        item.begin = static_cast<uint32_t>(out.problems.size());
        take_read(raw.row);
        if (pending < bound.pending_keys.size() && bound.pending_keys[pending].row == raw.row) {
            const PendingKey& key = bound.pending_keys[pending++];
            item.has_key = true;
            item.dup_at = static_cast<uint32_t>(out.problems.size() + (key.problem_at - bind_at));
            item.key_begin = static_cast<uint32_t>(out.keys.size());
            out.keys += key.key;
            item.key_end = static_cast<uint32_t>(out.keys.size());
        }
        while (bind_at < problems.size() && problems[bind_at].row == raw.row)
            out.problems.push_back(std::move(problems[bind_at++]));
        item.bind_end = static_cast<uint32_t>(out.problems.size());
        if (good < bound.records.size() && bound.records[good].row == raw.row) {
            Record& record = bound.records[good++];
            Result& result = scratch.result;
            program.evaluate(record, workspace, result, options);
            if (result.scored) {
                item.scored = true;
                scratch.row = record.row;
                scratch.key = std::move(record.key);
                if (stream.format) out.formatted.push_back(stream.format(scratch));
                else out.scored.push_back(scratch);
            } else {
                for (const RecordProblem& p : result.problems)
                    out.problems.push_back(ReadProblem{table.path, record.row, p.column,
                                                       table.row_label(record.row) + "：" + p.message});
            }
        }
        item.end = static_cast<uint32_t>(out.problems.size());
        out.items.push_back(item);
    }
    unkept_before(std::numeric_limits<uint32_t>::max());
    if (piece.unterminated_row) add(*piece.unterminated_row, Kind::unterminated);
    if (piece.too_long_row) add(*piece.too_long_row, Kind::too_long);
    // Every problem of the reader belongs to one of the rows above.
    for (; read_at < read_count; ++read_at) out.problems.push_back(std::move(problems[read_at]));
}

// `part` (what read_piece made of a later stretch of the piece) after `out`.
void append_piece(PieceOutcome& out, PieceOutcome& part) {
    const auto problems = static_cast<uint32_t>(out.problems.size()), keys = static_cast<uint32_t>(out.keys.size());
    for (PieceOutcome::Item item : part.items) {
        item.begin += problems;
        item.bind_end += problems;
        item.end += problems;
        item.dup_at += problems;
        item.key_begin += keys;
        item.key_end += keys;
        out.items.push_back(item);
    }
    std::move(part.problems.begin(), part.problems.end(), std::back_inserter(out.problems));
    out.keys += part.keys;
    std::move(part.scored.begin(), part.scored.end(), std::back_inserter(out.scored));
    out.formatted.append(part.formatted);
}

// One piece: each line the direct lane takes is scored there; a line it
// declines is read the ordinary way, as a piece of its own (the record it
// starts, however many lines that spans). After eight declined lines in a
// row the next records are read the ordinary way at once — eight, then
// twice as many after each further such run, up to 4096 — before the lane
// tries again: a file the lane does not suit (every field quoted, say)
// costs little more than without it.
//
// With a batch (fixed_batch.hpp), the lane's lines wait in it until it is
// full or a declined line comes, and are scored together; a line the batch
// leaves undecided is scored alone, as without one, or the ordinary way.
// Rows go out in line order either way. A line the lane reads counts as
// taken, not declined, whatever the batch then decides.
void make_piece(const Program& program, const DirectCsvLane* lane, const RecordBinder& binder, const RawTable& header,
                std::string_view text, uint32_t first_line, const DataLimits& limits, const EvaluateOptions& options,
                const StreamOptions& stream, Workspace& workspace, ScoredRecord& scratch, FixedBatch* batch,
                PieceOutcome& out) {
    if (!lane) return read_piece(program, binder, header, text, first_line, limits, options, stream, workspace, scratch, out);
    constexpr int declined_run = 8;
    constexpr size_t longest_rest = 4096;
    size_t at = 0;
    uint32_t line = first_line;
    int declined = 0;
    size_t rest = declined_run;  // records read the ordinary way after a run of declines
    std::string_view key;
    // A scored line's item, its row already in out.formatted.
    auto scored = [&](uint32_t row, std::string_view row_key) {
        out.formatted.close_row();
        PieceOutcome::Item item;
        item.row = row;
        item.scored = true;
        item.direct = true;
        item.has_key = !row_key.empty();
        item.begin = item.bind_end = item.end = item.dup_at = static_cast<uint32_t>(out.problems.size());
        item.key_begin = static_cast<uint32_t>(out.keys.size());
        out.keys += row_key;
        item.key_end = static_cast<uint32_t>(out.keys.size());
        out.items.push_back(item);
    };
    // [from, to) of the text read the ordinary way, from file line `row`.
    auto ordinary = [&](size_t from, size_t to, uint32_t row) {
        PieceOutcome part;
        read_piece(program, binder, header, text.substr(from, to - from), row, limits, options, stream, workspace,
                   scratch, part);
        append_piece(out, part);
    };
    struct Waiting {
        size_t from = 0, to = 0;  // the line in `text`, its line break included
        uint32_t row = 0;
        std::string_view content, key;
    };
    std::vector<Waiting> waiting;
    auto run_batch = [&] {
        if (waiting.empty()) return;
        batch->run(waiting.size());
        for (size_t i = 0; i < waiting.size(); ++i) {
            const Waiting& w = waiting[i];
            if (lane->append_row(*batch, i, w.key, out.formatted.open_row()) ||
                lane->score_line(w.content, workspace, out.formatted.open_row(), key)) {
                scored(w.row, w.key);
                continue;
            }
            ordinary(w.from, w.to, w.row);
        }
        waiting.clear();
    };
    while (at < text.size()) {
        const void* lf = std::memchr(text.data() + at, '\n', text.size() - at);
        const size_t end = lf ? static_cast<size_t>(static_cast<const char*>(lf) - text.data()) : text.size();
        std::string_view content = text.substr(at, end - at);
        if (lf && content.ends_with('\r')) content.remove_suffix(1);
        const size_t next = lf ? end + 1 : end;
        if (batch && lane->read_line(content, *batch, waiting.size(), key)) {
            waiting.push_back({at, next, line, content, key});
            if (waiting.size() == batch->capacity()) run_batch();
            declined = 0;
            rest = declined_run;
            at = next;
            ++line;
            continue;
        }
        run_batch();  // the lines before this one go out first
        if (!batch && lane->score_line(content, workspace, out.formatted.open_row(), key)) {
            scored(line, key);
            declined = 0;
            rest = declined_run;
            at = next;
            ++line;
            continue;
        }
        const uint32_t line_at = line;
        size_t to = csv_piece_end(text, at, 1, line);
        if (++declined == declined_run) {
            for (size_t k = 0; k < rest && to < text.size(); ++k) to = csv_piece_end(text, to, 1, line);
            rest = std::min(2 * rest, longest_rest);
            declined = 0;
        }
        ordinary(at, to, line_at);
        at = to;
    }
    run_batch();
}

// The body of `text` (the file without its byte order mark), from where
// `reader` left it after the header, on options.threads workers; see above.
// With one thread the calling thread makes each piece itself, then takes it.
// `lane` (may be null) scores the lines it can (direct_lane.hpp).
void stream_pieces(const Program& program, const CsvChunkReader& reader, std::string_view text, size_t bom,
                   MappedFile& file, const TableReadOptions& reading, const EvaluateOptions& options,
                   const StreamOptions& stream, const DirectCsvLane* lane,
                   const std::function<void(BatchResult&)>& on_chunk) {
    using Kind = PieceOutcome::Kind;
    const RawTable& header = reader.header();
    // Pieces made and not yet taken, at most: a few per worker, and a bound on
    // the memory they hold however many threads are asked for.
    const size_t window = std::min<size_t>(3 * std::max(1u, options.threads), 48);
    const bool inline_pieces = options.threads <= 1;
    // With several threads the calling thread is one of them: it takes the
    // pieces in order, and makes the next one itself while its own is not
    // ready (threads − 1 workers besides it), so no core waits on another.
    const size_t workers = inline_pieces ? 0 : std::min<size_t>(options.threads - 1, window);
    // An explained record is some 25 KB of text: smaller pieces then.
    const size_t piece_bytes = options.explain ? std::min<size_t>(stream.piece_bytes, 16 << 10) : stream.piece_bytes;
    EvaluateOptions evaluate = options;
    evaluate.on_record = nullptr;  // counted here, in order, on this thread

    std::mutex mutex;
    std::condition_variable work_cv, done_cv;
    size_t cut = reader.consumed() - bom;  // where the next piece starts
    uint32_t cut_line = reader.line();
    size_t next_piece = 0, taken = 0;
    bool stop = false;
    // Who sleeps, so that a thread is woken only when it can go on: the
    // calling thread waiting for piece `taken`, workers waiting for room.
    bool consumer_waiting = false;
    size_t workers_waiting = 0;
    std::vector<std::unique_ptr<PieceOutcome>> slots(window);

    // Each thread's batch for the lane's lines (none without a lane, or for a
    // ruleset with hooks: such lines are scored one at a time).
    auto lane_batch = [&]() -> std::optional<FixedBatch> {
        return lane ? program.make_fixed_batch() : std::nullopt;
    };
    auto make = [&](size_t from, size_t to, uint32_t line, Workspace& workspace, const RecordBinder& binder,
                    ScoredRecord& scratch, std::optional<FixedBatch>& batch) {
        auto out = std::make_unique<PieceOutcome>();
        try {
            make_piece(program, lane, binder, header, text.substr(from, to - from), line, reading.limits, evaluate, stream,
                       workspace, scratch, batch ? &*batch : nullptr, *out);
        } catch (...) {
            out->error = std::current_exception();
        }
        out->end = bom + to;
        return out;
    };
    auto work = [&] {
        Workspace workspace = program.make_workspace();
        RecordBinder binder(program.inputs());
        ScoredRecord scratch;
        scratch.source = header.path;
        std::optional<FixedBatch> batch = lane_batch();
        for (;;) {
            size_t number = 0, from = 0, to = 0;
            uint32_t line = 0;
            {
                std::unique_lock<std::mutex> lock(mutex);
                while (!(stop || cut >= text.size() || next_piece < taken + window)) {
                    ++workers_waiting;
                    work_cv.wait(lock);
                    --workers_waiting;
                }
                if (stop || cut >= text.size()) return;
                number = next_piece++;
                from = cut;
                line = cut_line;
                to = cut = csv_piece_end(text, from, piece_bytes, cut_line);
            }
            if (to >= text.size()) work_cv.notify_all();  // the others: nothing left to cut
            auto out = make(from, to, line, workspace, binder, scratch, batch);
            bool wanted = false;
            {
                std::lock_guard<std::mutex> lock(mutex);
                slots[number % window] = std::move(out);
                wanted = consumer_waiting && number == taken;
            }
            if (wanted) done_cv.notify_one();
        }
    };
    // Stops and joins the workers however this function is left.
    JoiningThreads pool([&] {
        {
            std::lock_guard<std::mutex> lock(mutex);
            stop = true;
        }
        work_cv.notify_all();
    });
    for (size_t t = 0; t < workers; ++t) pool.threads.emplace_back(work);

    // The file's column problems, said with the first chunk as one thread says them.
    std::vector<ReadProblem> file_problems;
    {
        const RawTable columns_only = header.without_records();
        KeyIndex none;
        file_problems = RecordBinder(program.inputs()).bind(columns_only, none, true).problems;
    }
    RecordBinder binder(program.inputs());  // for the message of a repeated key
    KeyIndex keys;
    {
        // As many keys as the body has lines of the first line's length, at
        // most 4,000,000 (20 MiB of table): the index then seldom grows, and
        // a growth rehashes every key on this thread while the others wait.
        const size_t start = reader.consumed() - bom;
        const size_t first = text.find('\n', start);
        const size_t line = first == std::string_view::npos ? text.size() - start : first + 1 - start;
        keys.reserve(std::min<size_t>((text.size() - start) / std::max<size_t>(line, 1), 4000000));
    }
    BatchResult chunk;
    size_t chunk_items = 0, chunk_kept = 0;
    bool first = true;
    // Progress calls of the chunk's records, made when it is handed on (one thread
    // makes them as it scores the chunk; none for a chunk a limit refuses).
    size_t progress = 0;
    uint64_t records = 0;  // read so far, as the reader counts them against max_records
    auto emit = [&] {
        if (first) {
            std::vector<ReadProblem> all = file_problems;
            all.insert(all.end(), header.problems.begin(), header.problems.end());
            all.insert(all.end(), std::make_move_iterator(chunk.problems.begin()), std::make_move_iterator(chunk.problems.end()));
            chunk.problems = std::move(all);
        }
        if (options.on_record)
            for (; progress > 0; --progress) options.on_record();
        on_chunk(chunk);
        chunk = BatchResult{};
        chunk_items = chunk_kept = progress = 0;
        first = false;
    };
    // A limit refuses the file here: the chunk holds only why (and, the first, the header's problems).
    auto refuse = [&](std::string message) {
        BatchResult out;
        if (first) out.problems = header.problems;
        out.problems.push_back(ReadProblem{header.path, 0, "", std::move(message)});
        out.unusable_files = 1;
        on_chunk(out);
    };

    // The calling thread's own, for pieces it makes itself.
    std::optional<Workspace> own_workspace;
    std::optional<RecordBinder> own_binder;
    ScoredRecord own_scratch;
    own_workspace.emplace(program.make_workspace());
    std::optional<FixedBatch> own_batch = lane_batch();
    own_binder.emplace(program.inputs());
    own_scratch.source = header.path;
    for (size_t number = 0;; ++number) {
        std::unique_ptr<PieceOutcome> piece;
        if (inline_pieces) {
            if (cut >= text.size()) break;
            const size_t from = cut;
            const uint32_t line = cut_line;
            cut = csv_piece_end(text, from, piece_bytes, cut_line);
            piece = make(from, cut, line, *own_workspace, *own_binder, own_scratch, own_batch);
        } else {
            bool room_wanted = false;
            {
                std::unique_lock<std::mutex> lock(mutex);
                while (!(slots[number % window] || (cut >= text.size() && number >= next_piece))) {
                    if (cut < text.size() && next_piece < taken + window) {
                        // Not ready: make the next piece meanwhile (perhaps this very one).
                        const size_t mine = next_piece++;
                        const size_t from = cut;
                        const uint32_t line = cut_line;
                        const size_t to = cut = csv_piece_end(text, from, piece_bytes, cut_line);
                        lock.unlock();
                        if (to >= text.size()) work_cv.notify_all();  // the workers: nothing left to cut
                        std::unique_ptr<PieceOutcome> made = make(from, to, line, *own_workspace, *own_binder, own_scratch, own_batch);
                        lock.lock();
                        slots[mine % window] = std::move(made);
                        continue;
                    }
                    consumer_waiting = true;
                    done_cv.wait(lock);
                    consumer_waiting = false;
                }
                if (!slots[number % window]) break;  // no more pieces
                piece = std::move(slots[number % window]);
                ++taken;
                room_wanted = workers_waiting > 0;
            }
            if (room_wanted) work_cv.notify_one();
        }
        if (piece->error) std::rethrow_exception(piece->error);
        size_t scored_at = 0;
        auto move_problems = [&](uint32_t from, uint32_t to) {
            for (uint32_t k = from; k < to; ++k) chunk.problems.push_back(std::move(piece->problems[k]));
        };
        const std::vector<PieceOutcome::Item>& items = piece->items;
        auto key_of = [&](const PieceOutcome::Item& item) {
            return std::string_view(piece->keys).substr(item.key_begin, item.key_end - item.key_begin);
        };
        constexpr size_t ahead = 8;  // keys prefetched ahead of the one checked
        for (size_t k = 0; k < std::min(ahead, items.size()); ++k)
            if (items[k].has_key) keys.prefetch(key_of(items[k]));
        for (size_t at = 0; at < items.size(); ++at) {
            const PieceOutcome::Item& item = items[at];
            if (at + ahead < items.size() && items[at + ahead].has_key) keys.prefetch(key_of(items[at + ahead]));
            if (item.kind == Kind::too_long) {
                refuse(row_too_long_message(reading.limits, item.row));
                return;
            }
            if (item.kind != Kind::unterminated) {
                if (records >= reading.limits.max_records) {
                    refuse(too_many_records_message(reading.limits, item.row));
                    return;
                }
                ++records;
            }
            ++chunk_items;
            ++chunk.total_records;
            if (item.kind != Kind::kept) {
                // A row the reader reported but could not read: a bad record.
                ++chunk.bad_records;
                move_problems(item.begin, item.end);
                continue;
            }
            ++progress;
            std::optional<uint32_t> earlier;
            if (item.has_key) earlier = keys.insert(key_of(item), item.row);
            if (earlier) {
                // Its key repeats an earlier record's: bad, whatever its cells and scores.
                ++chunk.bad_records;
                move_problems(item.begin, item.dup_at);
                chunk.problems.push_back(binder.duplicate_key_problem(header, item.row, std::string(key_of(item)), *earlier));
                move_problems(item.dup_at, item.bind_end);
                if (item.scored) ++scored_at;
            } else {
                move_problems(item.begin, item.end);
                if (item.scored) {
                    chunk.direct_records += item.direct;
                    if (stream.format) chunk.formatted.push_back(piece->formatted[scored_at++]);
                    else chunk.scored.push_back(std::move(piece->scored[scored_at++]));
                } else {
                    ++chunk.bad_records;
                }
            }
            if (++chunk_kept == stream.chunk_records) emit();
        }
        file.release_before(piece->end);
    }
    if (chunk_items || first) emit();
}


}  // namespace

std::optional<MappedFile> open_streamable(const std::string& path, const TableReadOptions& reading, unsigned threads) {
    auto ends_with = [&](const char* suffix) {
        const std::string_view s(suffix);
        if (path.size() < s.size()) return false;
        std::string tail = path.substr(path.size() - s.size());
        for (char& c : tail) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return tail == s;
    };
    if (reading.encoding == TextEncoding::gb18030) return std::nullopt;
    for (const char* ext : {".json", ".jsonl", ".xlsx", ".xlsm", ".xls"})
        if (ends_with(ext)) return std::nullopt;
    std::string error;
    std::optional<MappedFile> file = MappedFile::open(path, error);
    if (!file) return std::nullopt;
    const std::string_view bytes = file->bytes();
    if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) return std::nullopt;
    if (!utf8_throughout(*file, bytes, std::max(1u, threads))) return std::nullopt;
    file->rewind();
    return file;
}

namespace {

// The chunks of a file opened for streaming, its header already read by `reader`.
void read_chunks(MappedFile& file, CsvChunkReader& reader, const std::string& path, size_t chunk_records,
                 const std::function<void(RawTable& chunk, bool first, bool refused)>& on_chunk) {
    RawTable chunk;
    if (reader.header().columns.empty()) {
        // Empty, a header only, or refused: a table without columns says why.
        chunk.path = path;
        chunk.problems = reader.header().problems;
        on_chunk(chunk, true, false);
        return;
    }
    bool first = true;
    while (true) {
        const bool more = reader.next(chunk, std::max<size_t>(1, chunk_records));
        if (!more && !first) break;
        if (first) chunk.problems.insert(chunk.problems.begin(), reader.header().problems.begin(), reader.header().problems.end());
        on_chunk(chunk, first, reader.refused());
        first = false;
        // A limit refused the file part way: that chunk said why, and is the last.
        if (reader.refused()) return;
        file.release_before(reader.consumed());
        if (!more) break;
    }
}

}  // namespace

bool for_each_csv_chunk(const std::string& path, const TableReadOptions& reading, size_t chunk_records,
                        const std::function<void(RawTable& chunk, bool first, bool refused)>& on_chunk) {
    std::optional<MappedFile> file = open_streamable(path, reading, 1);
    if (!file) return false;
    CsvChunkReader reader(path, file->bytes(), reading.limits);
    read_chunks(*file, reader, path, chunk_records, on_chunk);
    return true;
}

bool stream_csv_file(const Program& program, const std::string& path, const TableReadOptions& reading,
                     const EvaluateOptions& options, size_t chunk_records,
                     const std::function<void(BatchResult&)>& on_chunk) {
    StreamOptions stream;
    stream.chunk_records = chunk_records;
    return stream_csv_file(program, path, reading, options, stream, on_chunk);
}

bool stream_csv_file(const Program& program, const std::string& path, const TableReadOptions& reading,
                     const EvaluateOptions& options, const StreamOptions& stream_options,
                     const std::function<void(BatchResult&)>& on_chunk) {
    if (program.row_program()) return false;
    StreamOptions stream = stream_options;
    stream.chunk_records = std::max<size_t>(1, stream.chunk_records);
    stream.piece_bytes = std::max<size_t>(1, stream.piece_bytes);
    std::optional<MappedFile> file = open_streamable(path, reading, options.threads);
    if (!file) return false;
    const std::string_view bytes = file->bytes();
    CsvChunkReader reader(path, bytes, reading.limits);
    // Lines scored straight from their bytes, when the output is CSV rows and nothing more is asked of a record.
    std::optional<DirectCsvLane> lane;
    if (stream.format_is_csv_row && stream.format && !options.explain && !options.keep_slot_values && !options.explain_with)
        lane = DirectCsvLane::make(program, reader.header(), reading.limits);
    if (options.threads <= 1 && !lane) {
        KeyIndex keys;
        read_chunks(*file, reader, path, stream.chunk_records, [&](RawTable& chunk, bool first, bool refused) {
            BatchResult out = score_chunk(program, chunk, nullptr, options, keys, first);
            if (stream.format) {
                for (const ScoredRecord& r : out.scored) out.formatted.push_back(stream.format(r));
                out.scored.clear();
            }
            if (refused) out.unusable_files = 1;
            on_chunk(out);
        });
        return true;
    }
    if (reader.header().columns.empty()) {
        BatchResult out;
        out.problems = reader.header().problems;
        out.unusable_files = 1;
        on_chunk(out);
        return true;
    }
    const size_t bom = bytes.starts_with("\xEF\xBB\xBF") ? 3 : 0;
    stream_pieces(program, reader, bytes.substr(bom), bom, *file, reading, options, stream, lane ? &*lane : nullptr, on_chunk);
    return true;
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
