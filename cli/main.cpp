// rubric: the command-line shell over the library.
//
//   rubric check RULESET
//   rubric eval RULESET DATA... [--explain] [--format table|csv|json] [-o FILE]
//   rubric show RULESET
//   rubric list
//   rubric test RULESET...      (the cases in RULESET.cases.csv beside each)
//   rubric diff OLD NEW
//   rubric compare OLD NEW DATA... [--format table|csv|json|xlsx|html] [-o FILE]
//   --hook-instructions N, --hook-memory-mb N, --hook-time-ms N: limits of a Lua hook call
//   --max-rubric-size, --max-nesting-depth, --max-expression-depth, --max-indicators,
//   --max-inputs, --max-import-depth: limits of a ruleset (any command)
//   --max-records, --max-field-size, --max-row-size, --max-columns, --max-json-depth:
//   limits of a data file (eval, compare); docs/limits.md
//
// RULESET is a path or a short name (龙华/2021) from `rubric list`.
//
// Exit status: 0 all good; 1 some records were bad (the rest were scored);
// 2 the ruleset has errors, or an input or output file could not be used
// (then no output file is written: the results would be incomplete).
#include "interpreter/atomic_file.hpp"
#include "interpreter/batch.hpp"
#include "interpreter/case_runner.hpp"
#include "interpreter/compare.hpp"
#include "interpreter/reports/compare_reports.hpp"
#include "interpreter/csv_reader.hpp"
#include "interpreter/engine.hpp"
#include "interpreter/report.hpp"
#include "interpreter/show.hpp"

#include <CLI/CLI.hpp>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <limits>
#include <thread>
#include <unistd.h>

namespace {

using namespace rubric;

constexpr int exit_ok = 0, exit_bad_records = 1, exit_failure = 2;

bool stderr_is_terminal() { return isatty(fileno(stderr)) != 0; }

// Progress on stderr for long runs, only when it is a terminal: one line,
// rewritten every 1000 records, cleared at the end.
class ProgressLine {
public:
    // `total`: records expected, or size_t(-1) when not known in advance.
    explicit ProgressLine(size_t total) : total_(total), shown_(stderr_is_terminal() && total >= 2000) {}
    ~ProgressLine() { finish(); }
    void record(const char* what) {
        ++done_;
        if (!shown_ || done_ % 1000 != 0) return;
        std::cerr << "\r" << what << "：" << done_;
        if (total_ != static_cast<size_t>(-1)) std::cerr << " / " << total_;
        std::cerr << " 条" << std::flush;
        printed_ = true;
    }
    void finish() {
        if (shown_ && printed_) std::cerr << "\r\033[K" << std::flush;
        printed_ = false;
    }
    void restart() { done_ = 0; }
    bool shown() const { return shown_; }

private:
    size_t total_, done_ = 0;
    bool shown_, printed_ = false;
};

size_t records_in(const std::vector<RawTable>& tables) {
    size_t n = 0;
    for (const RawTable& t : tables) n += t.records.size();
    return n;
}

// Output to stdout, with the reason the first failed write failed (a full
// disk, a closed pipe): iostreams keep only that something failed.
bool stdout_failed = false;
int stdout_errno = 0;

void to_stdout(const std::string& text) {
    if (stdout_failed) return;
    errno = 0;
    std::cout << text;
    if (!std::cout) {
        stdout_failed = true;
        stdout_errno = errno;
    }
}

// Everything written to stdout reached it: false, with a message, when not.
bool stdout_written() {
    if (!stdout_failed) {
        errno = 0;
        std::cout.flush();
        if (!std::cout) {
            stdout_failed = true;
            stdout_errno = errno;
        }
    }
    if (!stdout_failed) return true;
    static bool reported = false;
    if (!reported)
        std::cerr << "rubric: 无法写入标准输出："
                  << (stdout_errno ? system_error_text(stdout_errno) : std::string("写入失败")) << "\n";
    reported = true;
    return false;
}

// A whole output at once: to stdout, or to `output` replaced atomically.
// False, with the reason said, when it could not be written.
bool write_whole(const std::string& output, const std::string& text) {
    if (output.empty()) {
        to_stdout(text);
        return stdout_written();
    }
    if (auto problem = write_file_atomically(output, text)) {
        std::cerr << "rubric: " << *problem << "\n";
        return false;
    }
    return true;
}

constexpr const char* incomplete_note = "rubric: 有数据文件无法使用（见上），结果不完整，未写出\n";


// Where shipped rulesets and the stdlib are: beside the build tree's binary
// (build/cli/rubric → rulesets/, stdlib/), in an installed share/rubric/, and
// in the current folder.
LoadOptions default_options() {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec).parent_path();
    LoadOptions options;
    auto add = [&](std::vector<std::string>& to, const fs::path& folder) {
        if (!fs::is_directory(folder, ec)) return;
        std::string p = fs::weakly_canonical(folder, ec).string();
        if (std::find(to.begin(), to.end(), p) == to.end()) to.push_back(p);
    };
    for (const char* sub : {"rulesets", "stdlib"}) {
        auto& to = std::string(sub) == "rulesets" ? options.ruleset_paths : options.library_paths;
        add(to, fs::path(sub));
        add(to, exe / ".." / ".." / sub);
        add(to, exe / ".." / "share" / "rubric" / sub);
#ifdef RUBRIC_SOURCE_DIR
        add(to, fs::path(RUBRIC_SOURCE_DIR) / sub);
#endif
    }
    return options;
}

// The options the engine is made with; main() sets the hook limits from the
// command line before the engine is first used.
LoadOptions& cli_options() {
    static LoadOptions options = default_options();
    return options;
}

const Engine& engine() {
    static const Engine e(cli_options());
    return e;
}

// Compiles a ruleset, printing its diagnostics; null when it has errors.
std::shared_ptr<const Program> load_ruleset(const std::string& path) {
    CompileResult compiled = engine().compile_file(path);
    if (!compiled.diagnostics.empty()) std::cerr << compiled.diagnostics.render_all(stderr_is_terminal());
    return compiled.program;
}

int run_show(const std::string& ruleset) {
    DiagnosticList diagnostics;
    ParsedRuleset loaded = engine().load(ruleset, diagnostics);
    if (!diagnostics.empty()) std::cerr << diagnostics.render_all(stderr_is_terminal());
    if (loaded.aborted || diagnostics.has_errors()) return exit_failure;
    to_stdout(show_ruleset(loaded));
    return exit_ok;
}

// Runs each ruleset's cases; exit 1 when a case fails, 2 when a ruleset or
// its cases file cannot be used.
int run_test(const std::vector<std::string>& rulesets) {
    int status = exit_ok;
    size_t passed = 0, failed = 0;
    for (const std::string& name : rulesets) {
        std::string path = find_ruleset(name, engine().options());
        if (path.empty()) path = name;
        auto program = load_ruleset(path);
        if (!program) {
            status = exit_failure;
            continue;
        }
        const std::string cases_path = cases_path_for(path);
        RawTable cases = read_csv_file(cases_path);
        CaseReport report = run_cases(*program, cases);
        to_stdout(format_case_report(*program, cases_path, report));
        passed += report.passed;
        failed += report.failed;
        if (!report.problems.empty() && cases.records.empty()) status = exit_failure;
        else if (!report.ok() && status == exit_ok) status = exit_bad_records;
    }
    std::cout << "共 " << passed + failed << " 个用例：" << passed << " 个通过，" << failed << " 个失败\n";
    // The same in the plain form test runners and CI read.
    std::cout << passed << " passed, " << failed << " failed\n";
    return status;
}

int run_list() {
    to_stdout(format_listing(list_rulesets(engine().options().ruleset_paths)));
    return exit_ok;
}

int run_check(const std::string& ruleset) {
    auto program = load_ruleset(ruleset);
    if (!program) return exit_failure;
    size_t leaves = program->leaf_indicators().size();
    std::cout << ruleset << "：没有错误。" << program->inputs().size() << " 个输入，" << program->constraints().size()
              << " 条约束，" << leaves << " 个三级指标";
    if (const RowProgram* rows = program->row_program()) {
        std::cout << "，明细「" << rows->detail.name << "」" << rows->detail.fields.size() << " 个字段";
        if (!rows->groups.empty()) std::cout << "，" << rows->groups.size() << " 个指标逐行计分";
    }
    if (!program->hooks().empty()) std::cout << "，" << program->hooks().size() << " 个钩子";
    std::cout << "。\n";
    return exit_ok;
}

std::optional<OutputFormat> format_from(const std::string& name, const std::string& output) {
    std::string f = name;
    if (f.empty() && !output.empty()) {
        auto dot = output.rfind('.');
        std::string ext = dot == std::string::npos ? "" : output.substr(dot + 1);
        f = ext == "csv" ? "csv" : ext == "json" ? "json" : "table";
    }
    if (f.empty() || f == "table") return OutputFormat::table;
    if (f == "csv") return OutputFormat::csv;
    if (f == "json") return OutputFormat::json;
    return std::nullopt;
}

// Where the output goes: stdout, or a file written atomically.
class OutputSink {
public:
    explicit OutputSink(const std::string& path) : path_(path) {}
    bool open() {
        if (path_.empty()) return true;
        std::string error;
        file_ = AtomicFileWriter::open(path_, error);
        if (!file_) std::cerr << "rubric: " << error << "\n";
        return file_.has_value();
    }
    void write(const std::string& text) {
        if (file_) file_->write(text);
        else to_stdout(text);
    }
    bool commit() {
        if (!file_) return stdout_written();
        if (auto problem = file_->commit()) {
            std::cerr << "rubric: " << *problem << "\n";
            return false;
        }
        return true;
    }

private:
    std::string path_;
    std::optional<AtomicFileWriter> file_;
};

// CSV and JSON are written as the records are scored, a chunk at a time, so
// a file of any size takes the memory of a few thousand records. A file that
// cannot be streamed (a workbook, JSON, GB18030) is read whole, in turn.
int run_eval_streaming(const Program& program, const std::vector<std::string>& data, bool explain, OutputFormat format,
                       const std::string& output, const TableReadOptions& reading, unsigned threads) {
    OutputSink sink(output);
    if (!sink.open()) return exit_failure;
    const bool csv = format == OutputFormat::csv;
    sink.write(csv ? csv_header(program) : "[");
    size_t total = 0, scored = 0, bad = 0, unusable = 0;
    bool any_record = false;
    ProgressLine line(static_cast<size_t>(-1));
    EvaluateOptions options;
    options.explain = explain;
    options.threads = threads;
    // Only when the line is shown: the callback takes a lock per record.
    if (line.shown()) options.on_record = [&] { line.record("评分"); };
    auto format_record = [&program, csv](const ScoredRecord& r) {
        return csv ? csv_row(program, r) : json_object(program, r);
    };
    auto take = [&](BatchResult& chunk) {
        for (const ReadProblem& p : chunk.problems)
            if (listed(p)) std::cerr << p.path << "：" << p.message << "\n";
        unusable += chunk.unusable_files;
        total += chunk.total_records;
        bad += chunk.bad_records;
        // Rows formatted where they were scored (on the worker threads when streamed).
        for (const ScoredRecord& r : chunk.scored) chunk.formatted.push_back(format_record(r));
        scored += chunk.formatted.size();
        if (csv) {
            sink.write(chunk.formatted.text());  // the rows one after another
            return;
        }
        std::string text;
        for (std::string_view record : chunk.formatted) {
            text += any_record ? ",\n  " : "\n  ";
            text += record;
            any_record = true;
        }
        sink.write(text);
    };
    StreamOptions stream;
    stream.chunk_records = 2048;
    stream.format = format_record;
    stream.format_is_csv_row = csv;
    // Pieces for the worker threads: a JSON object is some six times a CSV
    // row, so smaller pieces keep the text in flight as small.
    if (!csv) stream.piece_bytes = size_t{64} << 10;
    for (const std::string& path : data) {
        if (stream_csv_file(program, path, reading, options, stream, take)) continue;
        BatchResult whole = score_table(program, read_data_file(path, reading), options);
        take(whole);
    }
    if (!csv) sink.write(any_record ? "\n]\n" : "]\n");
    line.finish();
    if (unusable) {
        // Not committed: the file keeps what it had.
        std::cerr << incomplete_note;
        return exit_failure;
    }
    if (!sink.commit()) return exit_failure;
    std::cerr << "共 " << total << " 条记录：" << scored << " 条已评分";
    if (bad) std::cerr << "，" << bad << " 条有误未评分";
    std::cerr << "。\n";
    return bad ? exit_bad_records : exit_ok;
}

int run_eval(const std::string& ruleset, const std::vector<std::string>& data, bool explain,
             const std::string& format_name, const std::string& output, const TableReadOptions& reading,
             unsigned threads) {
    auto format = format_from(format_name, output);
    if (!format) {
        std::cerr << "rubric: 未知的输出格式「" << format_name << "」，可选 table、csv、json\n";
        return exit_failure;
    }
    if (explain && *format == OutputFormat::csv) {
        std::cerr << "rubric: --explain 的计分说明无法放进 CSV，请用 --format table 或 json\n";
        return exit_failure;
    }
    auto program = load_ruleset(ruleset);
    if (!program) return exit_failure;
    if (*format != OutputFormat::table && !program->row_program())
        return run_eval_streaming(*program, data, explain, *format, output, reading, threads);

    std::vector<RawTable> tables;
    for (const std::string& path : data) tables.push_back(read_data_file(path, reading));
    BatchResult batch;
    {
        ProgressLine line(records_in(tables));
        EvaluateOptions options;
        options.explain = explain;
        options.threads = threads;
        if (line.shown()) options.on_record = [&] { line.record("评分"); };
        batch = score_tables(*program, tables, options);
    }
    for (const ReadProblem& p : batch.problems)
        if (listed(p)) std::cerr << p.path << "：" << p.message << "\n";
    if (batch.unusable_files) {
        std::cerr << incomplete_note;
        return exit_failure;
    }

    std::string text = *format == OutputFormat::csv    ? format_csv(*program, batch.scored)
                       : *format == OutputFormat::json ? format_json(*program, batch.scored)
                                                       : format_table(*program, batch.scored);
    if (!write_whole(output, text)) return exit_failure;
    std::cerr << "共 " << batch.total_records << " 条记录：" << batch.scored.size() << " 条已评分";
    if (batch.bad_records) std::cerr << "，" << batch.bad_records << " 条有误未评分";
    std::cerr << "。\n";
    return batch.bad_records ? exit_bad_records : exit_ok;
}

// Both rulesets as `rubric show` sees them, for diffing; nullopt after errors.
std::optional<std::vector<RulesetEdit>> diff_of(const std::string& old_name, const std::string& new_name) {
    DiagnosticList old_diagnostics, new_diagnostics;
    ParsedRuleset old_loaded = engine().load(old_name, old_diagnostics);
    ParsedRuleset new_loaded = engine().load(new_name, new_diagnostics);
    if (!old_diagnostics.empty()) std::cerr << old_diagnostics.render_all(stderr_is_terminal());
    if (!new_diagnostics.empty()) std::cerr << new_diagnostics.render_all(stderr_is_terminal());
    if (old_loaded.aborted || new_loaded.aborted || old_diagnostics.has_errors() || new_diagnostics.has_errors())
        return std::nullopt;
    return diff_rulesets(old_loaded, new_loaded);
}

int run_diff(const std::string& old_name, const std::string& new_name) {
    if (!load_ruleset(old_name) || !load_ruleset(new_name)) return exit_failure;
    auto edits = diff_of(old_name, new_name);
    if (!edits) return exit_failure;
    to_stdout(format_diff(*edits, old_name, new_name));
    return exit_ok;
}

int run_compare(const std::string& old_name, const std::string& new_name, const std::vector<std::string>& data,
                const std::string& format_name, const std::string& output, const TableReadOptions& reading,
                unsigned threads) {
    std::string f = format_name;
    if (f.empty() && !output.empty()) {
        auto dot = output.rfind('.');
        std::string ext = dot == std::string::npos ? "" : output.substr(dot + 1);
        f = ext == "csv" || ext == "json" || ext == "xlsx" || ext == "html" ? ext : ext == "htm" ? "html" : "table";
    }
    if (f.empty()) f = "table";
    if (f != "table" && f != "csv" && f != "json" && f != "xlsx" && f != "html") {
        std::cerr << "rubric: 未知的输出格式「" << format_name << "」，可选 table、csv、json、xlsx、html\n";
        return exit_failure;
    }
    if (f == "xlsx" && output.empty()) {
        std::cerr << "rubric: xlsx 格式需要用 -o 指定输出文件\n";
        return exit_failure;
    }
    auto old_program = load_ruleset(old_name);
    auto new_program = load_ruleset(new_name);
    if (!old_program || !new_program) return exit_failure;
    auto edits = diff_of(old_name, new_name);
    if (!edits) return exit_failure;
    // Table, CSV and JSON stream: a CSV file is read a chunk at a time and the
    // comparisons wait, sorted, in temporary files, so any number of records
    // takes the same memory. The HTML page and the workbook hold the report.
    std::unique_ptr<CompareWriter> writer = compare_writer(f);
    CompareRun run(*old_program, *new_program, std::move(*edits), threads);
    auto print = [](const ReadProblem& p) { std::cerr << p.path << "：" << p.message << "\n"; };
    if (writer) run.set_problem_sink(print);
    {
        ProgressLine line(static_cast<size_t>(-1));
        if (line.shown()) run.set_progress([&](int side) { if (side == 0) line.record("比较"); });
        if (old_program->row_program() || new_program->row_program()) {
            // A 明细's row files go with their records.
            std::vector<RawTable> tables;
            for (const std::string& path : data) tables.push_back(read_data_file(path, reading));
            run.add_tables(tables);
        } else {
            for (const std::string& path : data)
                if (!run.add_csv_file(path, reading)) run.add_tables({read_data_file(path, reading)});
        }
        line.finish();
    }
    bool drained = true;
    CompareReport report = writer ? run.finish() : run.finish_in_memory(&drained);
    report.old_name = old_name;
    report.new_name = new_name;
    if (!writer)
        for (const ReadProblem& p : report.problems) print(p);
    if (run.unusable_files()) {
        std::cerr << incomplete_note;
        return exit_failure;
    }
    if (writer) {
        OutputSink sink(output);
        if (!sink.open()) return exit_failure;
        std::string text = writer->head(report);
        drained = run.drain_records([&](const RecordComparison& r) {
            writer->record(report, r, text);
            if (text.size() >= (size_t{1} << 20)) {
                sink.write(text);
                text.clear();
            }
        });
        sink.write(text + writer->tail(report));
        if (drained && !run.error().empty())
            std::cerr << "rubric: 注意：" << run.error() << "，比较的记录都留在了内存里\n";
        if (!drained) {
            std::cerr << "rubric: " << run.error() << "\n";
            return exit_failure;  // not committed: the file keeps what it had
        }
        if (!sink.commit()) return exit_failure;
    } else if (!drained) {
        std::cerr << "rubric: " << run.error() << "\n";
        return exit_failure;
    } else if (f == "xlsx") {
        if (auto problem = write_compare_xlsx(report, output)) {
            std::cerr << "rubric: " << *problem << "\n";
            return exit_failure;
        }
    } else if (!write_whole(output, format_compare_html(report))) {
        return exit_failure;
    }
    const CompareSummary& s = report.summary;
    std::cerr << "共 " << s.records << " 条记录：" << s.compared << " 条两边都已评分，" << s.changed << " 条有变化，"
              << s.grade_changed << " 条等级变化";
    if (s.bad_records) std::cerr << "，" << s.bad_records << " 条有误";
    std::cerr << "。\n";
    return s.bad_records ? exit_bad_records : exit_ok;
}

}  // namespace

int main(int argc, char** argv) {
    // A file size limit (ulimit -f) must fail the write with EFBIG, reported
    // like any other write error, not kill the process half-way.
    std::signal(SIGXFSZ, SIG_IGN);

    CLI::App app{"rubric：预算绩效评价规则集的检查与评分工具"};
    app.require_subcommand(1);
    // The limits below belong to the whole program: accepted after the
    // subcommand too (rubric eval … --max-records N).
    app.fallthrough();

    std::string ruleset, format, output;
    std::vector<std::string> data;
    bool explain = false;

    CLI::App* check = app.add_subcommand("check", "检查规则集，报告所有错误和警告");
    check->add_option("RULESET", ruleset, "规则集文件或简称（如 龙华/2021）")->required();

    CLI::App* eval = app.add_subcommand("eval", "按规则集为数据文件中的每条记录评分");
    eval->add_option("RULESET", ruleset, "规则集文件或简称（如 龙华/2021）")->required();
    eval->add_option("DATA", data, "数据文件：CSV（UTF-8 或 GB18030）、JSON 或 .xlsx")->required();
    eval->add_flag("--explain", explain, "输出每个指标的计分过程");
    eval->add_option("--format", format, "输出格式：table（默认）、csv、json");
    eval->add_option("-o,--output", output, "写入文件（整体写入，不会留下半个文件）；格式可由扩展名推断");

    CLI::App* show = app.add_subcommand("show", "显示导入、继承之后实际生效的规则集，并标出每一部分来自哪个文件");
    show->add_option("RULESET", ruleset, "规则集文件或简称（如 龙华/2021）")->required();

    CLI::App* list = app.add_subcommand("list", "列出随附的规则集（简称、地区、年度、类型、文件）");

    std::vector<std::string> test_rulesets;
    CLI::App* test = app.add_subcommand("test", "运行规则集旁边的用例文件（NAME.cases.csv），核对每个指标的期望得分");
    test->add_option("RULESET", test_rulesets, "规则集文件或简称，可以有多个")->required();

    // Limits of one Lua hook call (钩子, docs/hooks.md); they apply to every command.
    hooks::HookLimits& limits = cli_options().hook_limits;
    std::uint64_t hook_memory_mb = limits.memory_bytes >> 20;
    std::uint64_t hook_time_ms = static_cast<std::uint64_t>(limits.time.count());
    app.add_option("--hook-instructions", limits.instructions, "每次钩子调用最多执行的 Lua 指令数（默认 10000000）")
        ->check(CLI::PositiveNumber);
    app.add_option("--hook-memory-mb", hook_memory_mb, "钩子可用的内存上限，单位 MiB（默认 64）")->check(CLI::Range(1, 4096));
    app.add_option("--hook-time-ms", hook_time_ms, "每次钩子调用的时间上限，单位毫秒（默认 1000）")->check(CLI::Range(1, 600000));

    // Limits (docs/limits.md): counts and sizes of at least 1.
    CLI::Validator at_least_one =
        CLI::Range(std::uint64_t{1}, std::numeric_limits<std::uint64_t>::max()).description("");
    CLI::Validator size_units = CLI::AsSizeValue(false).description("");

    // Limits of a ruleset; they apply to every command.
    CompileLimits& compile_limits = cli_options().limits;
    app.add_option("--max-rubric-size", compile_limits.max_file_bytes,
                   "每个规则文件的大小上限，可带单位 KiB、MiB（默认 4MiB）")
        ->transform(size_units)->check(at_least_one)->type_name("SIZE");
    app.add_option("--max-nesting-depth", compile_limits.max_nesting_depth,
                   "括号同时嵌套、表达式中括号、若…则…否则、非、负号、函数调用嵌套的层数上限（默认 200，最大 300）")
        ->check(CLI::Range(1, 300));
    app.add_option("--max-expression-depth", compile_limits.max_expression_depth,
                   "算出一个值叠加的运算层数上限，连同用到的计算（默认 200，最大 1000）")
        ->check(CLI::Range(1, 1000));
    app.add_option("--max-indicators", compile_limits.max_indicators,
                   "规则集中一级、二级、三级指标合计的个数上限（默认 10000）")->check(at_least_one)->type_name("N");
    app.add_option("--max-inputs", compile_limits.max_inputs, "规则集中输入的个数上限（默认 10000）")
        ->check(at_least_one)->type_name("N");
    app.add_option("--max-import-depth", compile_limits.max_import_depth,
                   "继承、导入的文件一层套一层的层数上限（默认 32）")->check(CLI::Range(1, 1000));

    // How data files are read and scored (eval and compare).
    std::string encoding_name, sheet;
    unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    DataLimits data_limits;
    auto reading_options = [&](CLI::App* cmd) {
        cmd->add_option("--encoding", encoding_name, "CSV/JSON 的编码：auto（默认，自动识别）、utf-8、gb18030（gbk）");
        cmd->add_option("--sheet", sheet, ".xlsx 工作簿中要读的工作表（默认第一个）");
        cmd->add_option("--threads", threads, "同时评分的线程数（默认为处理器核数）；结果与单线程逐字节相同")->check(CLI::Range(1, 256));
        // Limits of a data file (docs/limits.md).
        cmd->add_option("--max-records", data_limits.max_records, "每个数据文件的记录数上限（默认 100000000）")
            ->check(at_least_one)->type_name("N");
        cmd->add_option("--max-field-size", data_limits.max_field_bytes,
                        "一个单元格的大小上限，可带单位 KiB、MiB（默认 1MiB）")
            ->transform(size_units)->check(at_least_one)->type_name("SIZE");
        cmd->add_option("--max-row-size", data_limits.max_row_bytes,
                        "CSV 一条记录（JSON Lines 一行）的大小上限，可带单位 KiB、MiB（默认 16MiB）")
            ->transform(size_units)->check(at_least_one)->type_name("SIZE");
        cmd->add_option("--max-columns", data_limits.max_columns, "数据表的列数上限（默认 16384）")
            ->check(at_least_one)->type_name("N");
        cmd->add_option("--max-json-depth", data_limits.max_json_depth, "JSON 中数组、对象嵌套的层数上限（默认 64）")
            ->check(CLI::Range(1, 100000));
    };
    reading_options(eval);

    std::string old_ruleset, new_ruleset;
    CLI::App* diff = app.add_subcommand("diff", "比较两个规则集的结构：指标、分值、分档、公式、约束、输入的增删改");
    diff->add_option("OLD", old_ruleset, "原规则集（文件或简称）")->required();
    diff->add_option("NEW", new_ruleset, "新规则集（文件或简称）")->required();

    CLI::App* compare = app.add_subcommand("compare", "用两个规则集为同一批记录评分，列出谁的得分和等级变了、变了多少、为什么");
    compare->add_option("OLD", old_ruleset, "原规则集（文件或简称）")->required();
    compare->add_option("NEW", new_ruleset, "新规则集（文件或简称）")->required();
    compare->add_option("DATA", data, "数据文件：CSV（UTF-8 或 GB18030）、JSON 或 .xlsx")->required();
    compare->add_option("--format", format, "输出格式：table（默认）、csv、json、xlsx（需 -o）、html");
    compare->add_option("-o,--output", output, "写入文件（整体写入）；格式可由扩展名推断");
    reading_options(compare);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? exit_ok : exit_failure;
    }
    TableReadOptions reading;
    reading.sheet = sheet;
    reading.limits = data_limits;
    if (!encoding_name.empty()) {
        auto e = parse_encoding_name(encoding_name);
        if (!e) {
            std::cerr << "rubric: 未知的编码「" << encoding_name << "」，可选 auto、utf-8、gb18030（gbk）\n";
            return exit_failure;
        }
        reading.encoding = *e;
    }
    limits.memory_bytes = static_cast<std::size_t>(hook_memory_mb) << 20;
    limits.time = std::chrono::milliseconds(hook_time_ms);
    int status = exit_ok;
    if (*check) status = run_check(ruleset);
    else if (*show) status = run_show(ruleset);
    else if (*list) status = run_list();
    else if (*test) status = run_test(test_rulesets);
    else if (*diff) status = run_diff(old_ruleset, new_ruleset);
    else if (*compare) status = run_compare(old_ruleset, new_ruleset, data, format, output, reading, threads);
    else status = run_eval(ruleset, data, explain, format, output, reading, threads);
    // What every command printed reached stdout (not a full disk, not a closed pipe).
    return stdout_written() ? status : exit_failure;
}
