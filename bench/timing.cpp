// rubric_bench_timing --data FILE [--pool N] [--min-time SECONDS] [--phases | --only-phases]
//
// The in-process figures of bench/run (docs/performance.md), each printed as
// `name = value unit` for the script to pick up:
//  - compile_ms:      Engine::compile_file of rulesets/longhua-2021.rubric (median of 30)
//  - project_rps:     Program::evaluate with a reused Workspace and Result (allocation-free path)
//  - fixed_point_share: the share of those records the fixed-point fast path scored
//  - decimal_rps:     the same with the fast path off (keep_slot_values): the Decimal evaluator alone
//  - cpp_rps, lua_rps: the hand-written C++ and Lua baselines on the same in-memory records
//  - hook_rps:        a variant of the ruleset whose 项目完成及时性 comes from a Lua hook (钩子)
//                     returning the same completion rate — the totals are checked to be equal
//  - explain_rps:     Program::evaluate with explain traces (what compare asks for, twice per record)
//  - with --phases, the stages of `rubric eval … --format csv` on the whole file, one by one:
//    read (read_data_file), bind (RecordBinder), evaluate (into ScoredRecords, as score_table
//    keeps them), format (format_csv), with the resident set after each.
// In-memory figures use the first N good records (default 200,000) and cycle over them
// until at least --min-time seconds (default 1) have passed.
#include "bench/baseline/lua_baseline.hpp"
#include "bench/common.hpp"
#include "interpreter/batch.hpp"
#include "interpreter/report.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// VmRSS / VmHWM of this process in MiB.
double status_mib(const char* field) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(field, 0) == 0) return std::stod(line.substr(std::strlen(field) + 1)) / 1024.0;
    return 0;
}

void report(const char* name, double value, const char* unit) {
    std::printf("%-22s = %.6g %s\n", name, value, unit);
    std::fflush(stdout);
}

// Runs `body(i)` over i = 0, 1, … (cycling over `count`) until min_time has
// passed; returns records per second.
template <class F>
double rate(size_t count, double min_time, F body) {
    size_t done = 0;
    const double start = bench::now();
    double elapsed = 0;
    do {
        for (size_t i = 0; i < count; ++i) body(i);
        done += count;
        elapsed = bench::now() - start;
    } while (elapsed < min_time);
    return static_cast<double>(done) / elapsed;
}

}  // namespace

// The Longhua ruleset with 项目完成及时性 computed by a Lua hook that returns
// the same 项目完成率 (按期完成项目数 ÷ 计划项目数, 保留 0.1%). Written to `dir`.
std::string write_hook_variant(const std::string& dir) {
    const std::string source = bench::source_dir() + "/rulesets/longhua-2021.rubric";
    std::string text = read_text(source);
    const std::string rule = "三级指标 项目完成及时性（6分）：项目完成及时性得分";
    const size_t at = text.find(rule);
    if (at == std::string::npos) {
        std::cerr << "the hook variant: 「" << rule << "」 not found in " << source << "\n";
        std::exit(2);
    }
    text.replace(at, rule.size(), "三级指标 项目完成及时性（6分）：钩子项目完成率 × 6");
    const std::string declaration =
        "\n输入 按期完成项目数：计数 个\n"
        "输入 计划项目数：计数 个\n"
        "约束 按期完成项目数 ≤ 计划项目数\n"
        "约束 计划项目数 > 0\n"
        "钩子 项目完成率钩子 {\n"
        "  文件 \"completion.lua\"\n"
        "  函数 completion\n"
        "  读取 按期完成项目数、计划项目数\n"
        "  返回 钩子项目完成率：百分比\n"
        "}\n";
    const std::string anchor = "# ———————————————————————————— 得分舍入与等级";
    const size_t where = text.find(anchor);
    text.insert(where == std::string::npos ? text.size() : where, declaration);
    std::ofstream(dir + "/completion.lua")
        << "function completion(args)\n"
           "  return (decimal(args[\"按期完成项目数\"]) / args[\"计划项目数\"]):round(decimal(\"0.001\"))\n"
           "end\n";
    const std::string path = dir + "/longhua-2021-hook.rubric";
    std::ofstream(path) << text;
    return path;
}

int main(int argc, char** argv) {
    std::string data;
    size_t pool = 200000;
    double min_time = 1.0;
    bool phases = false, only_phases = false;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--data" && i + 1 < argc) data = argv[++i];
        else if (a == "--pool" && i + 1 < argc) pool = std::stoul(argv[++i]);
        else if (a == "--min-time" && i + 1 < argc) min_time = std::stod(argv[++i]);
        else if (a == "--phases") phases = true;
        else if (a == "--only-phases") phases = only_phases = true;
        else {
            std::cerr << "usage: rubric_bench_timing --data FILE [--pool N] [--min-time S] [--phases | --only-phases]\n";
            return 2;
        }
    }
    if (data.empty()) {
        std::cerr << "usage: rubric_bench_timing --data FILE [--pool N] [--min-time S] [--phases | --only-phases]\n";
        return 2;
    }
    const rubric::Engine engine = bench::make_engine();
    const std::string ruleset = bench::source_dir() + "/rulesets/longhua-2021.rubric";

    // Compile time.
    if (!only_phases) {
        std::vector<double> ms;
        for (int k = 0; k < 30; ++k) {
            const double t = bench::now();
            auto compiled = engine.compile_file(ruleset);
            ms.push_back((bench::now() - t) * 1000);
            if (!compiled.ok()) return 2;
        }
        std::sort(ms.begin(), ms.end());
        report("compile_ms", ms[ms.size() / 2], "ms (median of 30)");
        report("compile_min_ms", ms.front(), "ms");
    }
    auto program = bench::compile_or_exit(engine, ruleset);

    rubric::Workspace workspace = program->make_workspace();
    rubric::Result result;
    if (!only_phases) {
    // The in-memory pool, parsed both ways.
    std::vector<rubric::Record> records;
    std::vector<longhua::Record> baseline;
    {
        bench::ChunkedFile file(data, *program);
        bench::Chunk chunk;
        while (records.size() < pool && file.next(chunk, std::min<size_t>(100000, pool - records.size()))) {
            size_t j = 0;
            for (size_t k = 0; k < chunk.baseline.size(); ++k) {
                auto& project = chunk.project.records;
                while (j < project.size() && project[j].row < chunk.baseline_lines[k]) ++j;
                if (!chunk.baseline[k] || j >= project.size() || project[j].row != chunk.baseline_lines[k]) continue;
                records.push_back(std::move(project[j]));
                baseline.push_back(*chunk.baseline[k]);
            }
        }
    }
    if (records.empty()) {
        std::cerr << data << ": no good records\n";
        return 2;
    }
    report("pool_records", static_cast<double>(records.size()), "records");

    auto cents = [](const rubric::Decimal& d) { return *(d * rubric::Decimal::from_int(100)).to_int(); };
    std::vector<long long> totals(records.size());
    const double project_rps = rate(records.size(), min_time, [&](size_t i) {
        program->evaluate(records[i], workspace, result);
        totals[i] = result.scored ? cents(result.total) : -1;
    });
    report("project_rps", project_rps, "records/s");
    {
        // How many of those the fixed-point fast path decided, and the Decimal evaluator alone.
        rubric::Workspace counted = program->make_workspace();
        for (const rubric::Record& r : records) program->evaluate(r, counted, result);
        report("fixed_point_share", 100.0 * static_cast<double>(counted.fixed_point_records) /
                                        static_cast<double>(counted.fixed_point_records + counted.decimal_records), "%");
        rubric::EvaluateOptions decimal_only;
        decimal_only.keep_slot_values = true;
        const double decimal_rps = rate(records.size(), min_time, [&](size_t i) {
            program->evaluate(records[i], workspace, result, decimal_only);
        });
        report("decimal_rps", decimal_rps, "records/s");
    }

    {
        // The same records with their inputs already in fixed point, as the
        // direct lane (interpreter/direct_lane.hpp) reads CSV cells: only
        // Program::evaluate_fixed_slots, the fast path itself, is timed.
        const rubric::FixedPlan& plan = *program->fixed_point_plan();
        std::vector<rubric::FixedValue> inputs;
        const size_t width = plan.input_slots.size();
        inputs.reserve(records.size() * width);
        for (const rubric::Record& r : records)
            for (uint32_t slot : plan.input_slots) {
                rubric::FixedValue v;
                if (!rubric::to_fixed(r.values[slot], plan.scale[slot], v)) {
                    std::cerr << "FAIL: an input beyond the fast path's range\n";
                    return 1;
                }
                inputs.push_back(v);
            }
        rubric::Workspace fixed_workspace = program->make_workspace();
        const uint32_t total_slot = program->total_slot();
        std::vector<long long> fixed_totals(records.size());
        const double fixed_rps = rate(records.size(), min_time, [&](size_t i) {
            rubric::FixedValue* v = fixed_workspace.fixed.data();
            const rubric::FixedValue* in = inputs.data() + i * width;
            for (size_t k = 0; k < width; ++k) v[plan.input_slots[k]] = in[k];
            fixed_totals[i] = program->evaluate_fixed_slots(fixed_workspace) ? v[total_slot].lo : -1;
        });
        for (size_t i = 0; i < records.size(); ++i)
            if (fixed_totals[i] != -1 && totals[i] != -1 &&
                rubric::Decimal::from_scaled(fixed_totals[i], plan.scale[total_slot]) !=
                    rubric::Decimal::from_scaled(totals[i], 2)) {
                std::cerr << "FAIL: the fixed-point slots give another total at record " << i << "\n";
                return 1;
            }
        report("fixed_slots_rps", fixed_rps, "records/s");

        // The same records scored a batch at a time (Program::make_fixed_batch),
        // held as the hand-written scorer holds its records: a row of int64
        // units per record (its inputs at the plan's scales). Each batch's rows
        // are copied into its columns (FixedBatch::load_rows, which also
        // prefetches the next batch's) and run, and every record it leaves
        // undecided is scored by Program::evaluate, so the figure covers every record.
        std::optional<rubric::FixedBatch> made = program->make_fixed_batch();
        if (!made) {
            std::cerr << "FAIL: the Longhua ruleset has no batch form\n";
            return 1;
        }
        rubric::FixedBatch& batch = *made;
        const size_t capacity = batch.capacity();
        std::vector<std::int64_t> rows(inputs.size());
        std::vector<unsigned char> inexact(records.size(), 0);  // an input between two units: refused
        for (size_t i = 0; i < inputs.size(); ++i) {
            rows[i] = inputs[i].lo;
            inexact[i / width] |= inputs[i].lo != inputs[i].hi;
        }
        std::vector<long long> batch_totals(records.size());
        size_t undecided = 0, decided_total = 0;
        const size_t batches = (records.size() + capacity - 1) / capacity;
        const double batch_rps = rate(batches, min_time, [&](size_t b) {
            const size_t first = b * capacity, n = std::min(capacity, records.size() - first);
            batch.load_rows(rows.data() + first * width, n);
            for (size_t i = 0; i < n; ++i)
                if (inexact[first + i]) batch.refuse(i);
            decided_total += batch.run(n);
            const std::int64_t* total = batch.column(total_slot);
            for (size_t i = 0; i < n; ++i) {
                if (batch.decided(i)) {
                    batch_totals[first + i] = total[i];
                    continue;
                }
                ++undecided;
                program->evaluate(records[first + i], workspace, result);
                batch_totals[first + i] = result.scored ? -2 : -1;
            }
        }) * static_cast<double>(records.size()) / static_cast<double>(batches);
        for (size_t i = 0; i < records.size(); ++i)
            if (batch_totals[i] >= 0 && totals[i] >= 0 &&
                rubric::Decimal::from_scaled(batch_totals[i], plan.scale[total_slot]) !=
                    rubric::Decimal::from_scaled(totals[i], 2)) {
                std::cerr << "FAIL: the batch gives another total at record " << i << "\n";
                return 1;
            }
        report("batch_rps", batch_rps, "records/s");
        report("batch_decided_share", 100.0 * static_cast<double>(decided_total) /
                                          static_cast<double>(decided_total + undecided), "%");
    }

    longhua::Scores scores;
    std::vector<long long> cpp_totals(records.size());
    const double cpp_rps = rate(baseline.size(), min_time, [&](size_t i) {
        longhua::score(baseline[i], scores);
        cpp_totals[i] = scores.total;
    });
    report("cpp_rps", cpp_rps, "records/s");

    longhua::LuaBaseline lua(bench::source_dir() + "/bench/baseline/longhua.lua");
    std::vector<long long> lua_totals(records.size());
    const double lua_rps = rate(baseline.size(), min_time, [&](size_t i) {
        lua.score(baseline[i], scores);
        lua_totals[i] = scores.total;
    });
    report("lua_rps", lua_rps, "records/s");
    if (totals != cpp_totals || totals != lua_totals) {
        std::cerr << "FAIL: the totals of the project and the baselines differ (run verify_baselines)\n";
        return 1;
    }

    // One Lua hook call per record.
    {
        const fs::path dir = fs::temp_directory_path() / ("rubric-bench-hook-" + std::to_string(getpid()));
        fs::create_directories(dir);
        const std::string path = write_hook_variant(dir.string());
        const double t = bench::now();
        auto hooked = bench::compile_or_exit(engine, path);
        report("hook_compile_ms", (bench::now() - t) * 1000, "ms");
        // Its inputs are in another order: bind the same lines for it.
        std::vector<rubric::Record> hook_records;
        {
            bench::ChunkedFile file(data, *hooked);
            bench::Chunk chunk;
            size_t next = 0;  // records[next] is the next line to take
            while (next < records.size() && file.next(chunk, 100000))
                for (rubric::Record& r : chunk.project.records)
                    if (next < records.size() && r.row == records[next].row) {
                        hook_records.push_back(std::move(r));
                        ++next;
                    }
        }
        if (hook_records.size() != records.size()) {
            std::cerr << "FAIL: the hook variant binds other records\n";
            return 1;
        }
        rubric::Workspace hook_workspace = hooked->make_workspace();
        std::vector<long long> hook_totals(records.size());
        const double hook_rps = rate(records.size(), min_time, [&](size_t i) {
            hooked->evaluate(hook_records[i], hook_workspace, result);
            hook_totals[i] = result.scored ? cents(result.total) : -1;
        });
        fs::remove_all(dir);
        report("hook_rps", hook_rps, "records/s");
        if (hook_totals != totals) {
            for (size_t i = 0; i < totals.size(); ++i)
                if (hook_totals[i] != totals[i]) {
                    hooked->evaluate(hook_records[i], hook_workspace, result, rubric::EvaluateOptions{true});
                    std::cerr << "line " << records[i].row << ": " << totals[i] << " vs " << hook_totals[i] << "\n"
                              << result.explain << "\n";
                    for (const auto& p : result.problems) std::cerr << p.column << "：" << p.message << "\n";
                    break;
                }
            std::cerr << "FAIL: the hook variant gives other totals than the ruleset\n";
            return 1;
        }
    }

    // With explain traces (compare renders them for both rulesets).
    {
        const rubric::EvaluateOptions explain{true};
        const double explain_rps = rate(std::min<size_t>(records.size(), 50000), min_time,
                                        [&](size_t i) { program->evaluate(records[i], workspace, result, explain); });
        report("explain_rps", explain_rps, "records/s");
    }
    records.clear();
    records.shrink_to_fit();
    baseline.clear();
    baseline.shrink_to_fit();
    }

    if (phases) {
        // `rubric eval RULESET DATA --format csv` stage by stage, as batch.cpp and report.cpp do it.
        report("rss_start_mib", status_mib("VmRSS:"), "MiB");
        double t = bench::now();
        rubric::RawTable table = rubric::read_data_file(data, {});
        report("phase_read_s", bench::now() - t, "s");
        report("rss_after_read_mib", status_mib("VmRSS:"), "MiB");
        t = bench::now();
        rubric::RecordBinder binder(program->inputs());
        rubric::BindOutcome bound = binder.bind(table);
        report("phase_bind_s", bench::now() - t, "s");
        report("rss_after_bind_mib", status_mib("VmRSS:"), "MiB");
        t = bench::now();
        std::vector<rubric::ScoredRecord> scored;
        for (const rubric::Record& record : bound.records) {
            program->evaluate(record, workspace, result);
            if (result.scored) scored.push_back(rubric::ScoredRecord{table.path, record.row, record.key, result});
        }
        report("phase_evaluate_s", bench::now() - t, "s");
        report("rss_after_evaluate_mib", status_mib("VmRSS:"), "MiB");
        t = bench::now();
        const std::string csv = rubric::format_csv(*program, scored);
        report("phase_format_s", bench::now() - t, "s");
        report("rss_after_format_mib", status_mib("VmRSS:"), "MiB");
        report("peak_rss_mib", status_mib("VmHWM:"), "MiB");
        report("phase_records", static_cast<double>(scored.size()), "records");
        report("output_bytes", static_cast<double>(csv.size()), "bytes");
    }
    return 0;
}
