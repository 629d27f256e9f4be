// fuzz_csv: any bytes as a CSV data file, read as `rubric eval` reads it:
// read_table_file on a scratch .csv (encoding detected, and forced to UTF-8
// and to GB18030), and the streaming CsvChunkReader on UTF-8 bytes, which
// must give the same columns, records and problems as reading whole, as must
// the body cut into pieces (csv_piece_end) read one by one (read_csv_piece),
// as `rubric eval --threads N` reads it. Each
// table is then bound and scored (against 通用/项目自评): every record counted.
// Last, the bytes as the body under a header of a small ruleset with every
// kind of input, streamed with the direct lane (direct_lane.hpp) and without,
// on one thread and on two with small pieces: the same rows, problems and
// counts, every way; and compared (rubric compare) with that ruleset changed
// in four places, with compare's lane (its merged plan, paired_plan.hpp) on
// one thread and two, and without: the same report and problems.
#include "tests/fuzz/fuzz_support.hpp"

#include "interpreter/batch.hpp"
#include "interpreter/compare.hpp"
#include "interpreter/csv_reader.hpp"
#include "interpreter/datafiles/data_files.hpp"
#include "interpreter/engine.hpp"
#include "interpreter/report.hpp"
#include "interpreter/ruleset_diff.hpp"
#include "interpreter/ruleset_loader.hpp"

#include <fstream>
#include <iterator>

#include <string_view>

namespace {

bool same_records(const rubric::RawRecord& a, const rubric::RawRecord& b) { return a.row == b.row && a.cells == b.cells; }

bool same_problem(const rubric::ReadProblem& a, const rubric::ReadProblem& b) {
    return a.path == b.path && a.row == b.row && a.column == b.column && a.message == b.message;
}

// Whole reading against chunks of `chunk` records (batch.cpp's streaming).
void check_chunks(std::string_view bytes, size_t chunk_records) {
    using namespace rubric;
    const RawTable whole = read_csv("fuzz.csv", bytes);
    CsvChunkReader reader("fuzz.csv", bytes);
    rubric_fuzz::expect(reader.header().columns == whole.columns, "chunked columns differ");
    std::vector<RawRecord> records;
    std::vector<ReadProblem> problems = reader.header().problems;
    RawTable chunk;
    while (reader.next(chunk, chunk_records)) {
        rubric_fuzz::expect(chunk.records.size() <= chunk_records, "chunk larger than asked");
        rubric_fuzz::check_table(chunk);
        records.insert(records.end(), chunk.records.begin(), chunk.records.end());
        problems.insert(problems.end(), chunk.problems.begin(), chunk.problems.end());
        rubric_fuzz::expect(reader.consumed() <= bytes.size(), "consumed past the end");
    }
    rubric_fuzz::expect(records.size() == whole.records.size(), "chunked record count differs");
    for (size_t k = 0; k < records.size(); ++k)
        rubric_fuzz::expect(same_records(records[k], whole.records[k]), "chunked record differs");
    rubric_fuzz::expect(problems.size() == whole.problems.size(), "chunked problem count differs");
    for (size_t k = 0; k < problems.size(); ++k)
        rubric_fuzz::expect(same_problem(problems[k], whole.problems[k]), "chunked problem differs");
}

// Whole reading against the body cut into pieces of at least `at_least`
// bytes and read piece by piece (batch.cpp's streaming on several threads).
void check_pieces(std::string_view bytes, size_t at_least) {
    using namespace rubric;
    const RawTable whole = read_csv("fuzz.csv", bytes);
    CsvChunkReader reader("fuzz.csv", bytes);
    if (reader.header().columns.empty() || whole.columns.empty()) return;
    const size_t bom = bytes.starts_with("\xEF\xBB\xBF") ? 3 : 0;
    const std::string_view text = bytes.substr(bom);
    std::vector<RawRecord> records;
    std::vector<ReadProblem> problems = reader.header().problems;
    size_t at = reader.consumed() - bom;
    uint32_t line = reader.line();
    while (at < text.size()) {
        const uint32_t first_line = line;
        const size_t end = csv_piece_end(text, at, at_least, line);
        rubric_fuzz::expect(end > at && end <= text.size(), "piece out of bounds");
        rubric_fuzz::expect(line >= first_line, "piece lines went back");
        const CsvPiece piece = read_csv_piece(reader.header(), text.substr(at, end - at), first_line);
        records.insert(records.end(), piece.table.records.begin(), piece.table.records.end());
        problems.insert(problems.end(), piece.table.problems.begin(), piece.table.problems.end());
        if (piece.too_long_row || piece.unterminated_row) break;
        at = end;
    }
    rubric_fuzz::expect(records.size() == whole.records.size(), "piecewise record count differs");
    for (size_t k = 0; k < records.size() && k < whole.records.size(); ++k)
        rubric_fuzz::expect(same_records(records[k], whole.records[k]), "piecewise record differs");
    rubric_fuzz::expect(problems.size() == whole.problems.size(), "piecewise problem count differs");
    for (size_t k = 0; k < problems.size() && k < whole.problems.size(); ++k)
        rubric_fuzz::expect(same_problem(problems[k], whole.problems[k]), "piecewise problem differs");
}

// What streaming `path` hands on_chunk, written out.
std::string streamed(const rubric::Program& program, const std::string& path, bool direct, unsigned threads,
                     size_t piece_bytes, size_t& direct_records) {
    using namespace rubric;
    EvaluateOptions options;
    options.threads = threads;
    StreamOptions stream;
    stream.chunk_records = 3;
    stream.piece_bytes = piece_bytes;
    stream.format = [&program](const ScoredRecord& r) { return csv_row(program, r); };
    stream.format_is_csv_row = direct;
    std::string out;
    const bool ok = stream_csv_file(program, path, {}, options, stream, [&](BatchResult& r) {
        out += "chunk " + std::to_string(r.total_records) + " " + std::to_string(r.bad_records) + " " +
               std::to_string(r.unusable_files) + "\n";
        for (const ReadProblem& p : r.problems) out += std::to_string(p.row) + "|" + p.column + "|" + p.message + "\n";
        out += r.formatted.text();
        direct_records += r.direct_records;
    });
    return ok ? out : "not streamed";
}

struct Ruleset {
    std::shared_ptr<const rubric::Program> program;
    rubric::ParsedRuleset parsed;
};

Ruleset load(const std::string& name, const std::string& text) {
    using namespace rubric;
    Engine engine;
    CompileResult compiled = engine.compile(name, text);
    if (!compiled.ok()) rubric_fuzz::fail(name + " does not compile");
    DiagnosticList diagnostics;
    return {compiled.program, load_ruleset(name, &text, engine.options(), diagnostics)};
}

// tests/data/every-kind.rubric as OLD, and NEW with a rule's bound, a tier's
// points and the grade bounds moved (as tests/compare/compare_lane_test.cpp).
const std::pair<Ruleset, Ruleset>& compare_pair() {
    static const std::pair<Ruleset, Ruleset> pair = [] {
        std::ifstream in(rubric_fuzz::source_path("tests/data/every-kind.rubric"), std::ios::binary);
        const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        std::string changed = text;
        for (const auto& [from, to] : {std::pair<std::string, std::string>{"值 ≥ 0", "值 ≥ 1"}, {"部分公开：5", "部分公开：6"},
                                       {"80 ≤ x < 90：良", "75 ≤ x < 90：良"}, {"60 ≤ x < 80：中", "60 ≤ x < 75：中"}}) {
            const size_t at = changed.find(from);
            if (at == std::string::npos) rubric_fuzz::fail("every-kind.rubric lacks " + from);
            changed.replace(at, from.size(), to);
        }
        return std::pair<Ruleset, Ruleset>{load("old.rubric", text), load("new.rubric", changed)};
    }();
    return pair;
}

// `rubric compare`'s CSV report of `path` and its problems, as CompareRun gives them.
std::string compared(const std::string& path, bool direct, size_t chunk, unsigned threads = 1) {
    using namespace rubric;
    const auto& [o, n] = compare_pair();
    CompareRun run(*o.program, *n.program, diff_rulesets(o.parsed, n.parsed), threads);
    run.set_direct_lane(direct);
    std::string out;
    run.set_problem_sink([&](const ReadProblem& p) {
        out += std::to_string(p.row) + "|" + p.column + "|" + p.message + "\n";
    });
    if (!run.add_csv_file(path, {}, chunk)) return "not streamed";
    if (!direct) rubric_fuzz::expect(run.direct_records() == 0, "compare records on the lane without asking");
    CompareReport report = run.finish();
    std::unique_ptr<CompareWriter> writer = compare_writer("csv");
    out += writer->head(report);
    if (!run.drain_records([&](const RecordComparison& r) { writer->record(report, r, out); }))
        rubric_fuzz::fail("a compare store's temporary file failed");
    return out + writer->tail(report);
}

void check_direct_lane(std::string_view body) {
    using namespace rubric;
    static const std::shared_ptr<const Program> program = [] {
        // Every kind of input the direct lane reads, a constraint and a grade.
        CompileResult compiled = Engine().compile_file(rubric_fuzz::source_path("tests/data/every-kind.rubric"));
        if (!compiled.ok()) rubric_fuzz::fail("tests/data/every-kind.rubric does not compile");
        return compiled.program;
    }();
    static rubric_fuzz::ScratchFile scratch("fuzz_csv_lane", ".csv");
    const std::string text = std::string("单位,金额,数,率,评,值,有,公开\r\n").append(body);
    const std::string& path = scratch.write(reinterpret_cast<const uint8_t*>(text.data()), text.size());
    size_t none = 0, direct = 0;
    const std::string ordinary = streamed(*program, path, false, 1, 1, none);
    rubric_fuzz::expect(none == 0, "records on the direct lane without asking");
    // Pieces of 64 bytes on two threads: tiny pieces hand over between threads
    // so often that a loaded machine makes one input take seconds (the
    // streaming tests cut pieces of one byte).
    for (const auto& [threads, piece] : {std::pair<unsigned, size_t>{1, 1}, {1, 1 << 20}, {2, 64}}) {
        rubric_fuzz::expect(streamed(*program, path, true, threads, piece, direct) == ordinary,
                            "the direct lane differs from the ordinary path");
    }
    for (size_t chunk : {size_t{1}, size_t{2048}}) {
        const std::string ordinary_report = compared(path, false, chunk);
        rubric_fuzz::expect(compared(path, true, chunk) == ordinary_report, "compare's lane differs from the ordinary path");
        rubric_fuzz::expect(compared(path, true, chunk, 2) == ordinary_report,
                            "compare's lane on two threads differs from the ordinary path");
    }
}

}  // namespace

RUBRIC_FUZZ_TARGET(fuzz_csv) {
    using namespace rubric;
    static rubric_fuzz::ScratchFile scratch("fuzz_csv", ".csv");
    const std::string& path = scratch.write(data, size);
    for (const TextEncoding encoding : {TextEncoding::automatic, TextEncoding::utf8, TextEncoding::gb18030}) {
        TableReadOptions options;
        options.encoding = encoding;
        const RawTable table = read_table_file(path, options);
        rubric_fuzz::check_table(table);
        if (encoding == TextEncoding::automatic) rubric_fuzz::check_every_record_counted(table);
    }
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    if (rubric_fuzz::valid_utf8(bytes)) {
        check_chunks(bytes, 1);
        check_chunks(bytes, 3);
        check_pieces(bytes, 0);
        check_pieces(bytes, 7);
        check_direct_lane(bytes);
    }
    return 0;
}
