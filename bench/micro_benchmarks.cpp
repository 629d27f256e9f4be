// rubric_bench: Google Benchmark micro-benchmarks (docs/performance.md).
//
//   Compile/<file>             Engine::compile_file of each shipped ruleset (rulesets/*.rubric)
//   Longhua/evaluate           one record (the published one) with a reused Workspace and Result
//   Longhua/evaluate_past91    the 91 records of examples/ (published + past/*.csv), cycling
//   Longhua/evaluate_explain   the published record with explain traces
//   Longhua/fixed_plan_past91  run_fixed_plan alone on the 91 records (inputs converted beforehand)
//   Longhua/cpp_baseline       the hand-written C++ scorer on the same in-memory record(s)
//   Longhua/lua_baseline       the hand-written Lua script, one call per record
//   Kind/<rule kind>           one record of a one-indicator ruleset compiled from a string:
//                              tier, checklist, deduction, penalty, parts, target, expression
//   Kind/lua_hook              the expression ruleset with its rate computed by a Lua hook (钩子)
//   Hook/<case>                one hooks::Sandbox::call, no ruleset around it: the sandbox's own
//                              cost per call (trivial: `return 1`; globals: reads three base
//                              functions; libraries: one function of string, math and table each)
//
// Items per second = records per second. Run: build-release/bench/rubric_bench
// (any Google Benchmark flag, e.g. --benchmark_filter=Kind).
#include "bench/baseline/lua_baseline.hpp"
#include "bench/common.hpp"
#include "interpreter/batch.hpp"
#include "interpreter/hooks/hook_script.hpp"
#include "interpreter/hooks/sandbox.hpp"
#include "interpreter/record_binder.hpp"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <unistd.h>
#include <variant>

namespace fs = std::filesystem;

namespace {

const rubric::Engine& engine() {
    static const rubric::Engine e = bench::make_engine();
    return e;
}

// A record for `program` from text cells, through the project's own cell parser.
rubric::Record make_record(const rubric::Program& program, const std::map<std::string, std::string>& cells) {
    rubric::RecordBinder binder(program.inputs());
    rubric::Record record;
    record.values.resize(program.inputs().size());
    for (size_t i = 0; i < program.inputs().size(); ++i) {
        const rubric::InputSpec& input = program.inputs()[i];
        auto found = cells.find(input.name);
        if (found == cells.end()) {
            std::cerr << "make_record: no cell for 「" << input.name << "」\n";
            std::exit(2);
        }
        std::string message;
        auto value = binder.parse_cell(input, found->second, message);
        if (!value) {
            std::cerr << "make_record: " << message << "\n";
            std::exit(2);
        }
        record.values[i] = *value;
        if (input.is_key) record.key = found->second;
    }
    return record;
}

// Good records of data files, bound for `program`.
std::vector<rubric::Record> load_records(const rubric::Program& program, const std::vector<std::string>& paths) {
    std::vector<rubric::Record> out;
    rubric::RecordBinder binder(program.inputs());
    for (const std::string& path : paths) {
        rubric::BindOutcome bound = binder.bind(rubric::read_data_file(path, {}));
        for (auto& r : bound.records) out.push_back(std::move(r));
    }
    return out;
}

std::vector<std::string> example_files() {
    const std::string dir = bench::source_dir() + "/examples";
    return {dir + "/longhua-2021-published.csv", dir + "/past/longhua-2019.csv", dir + "/past/longhua-2020.csv",
            dir + "/past/longhua-2021.csv"};
}

void evaluate_loop(benchmark::State& state, const rubric::Program& program, const std::vector<rubric::Record>& records,
                   const rubric::EvaluateOptions& options = {}) {
    rubric::Workspace workspace = program.make_workspace();
    rubric::Result result;
    size_t i = 0;
    for (auto _ : state) {
        program.evaluate(records[i], workspace, result, options);
        if (!result.scored) state.SkipWithError("record not scored");
        benchmark::DoNotOptimize(result.total);
        if (++i == records.size()) i = 0;
    }
    state.SetItemsProcessed(state.iterations());
}

// ——— compile ———

void register_compile() {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(bench::source_dir() + "/rulesets"))
        if (entry.path().extension() == ".rubric") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files) {
        benchmark::RegisterBenchmark(("Compile/" + file.filename().string()).c_str(), [file](benchmark::State& state) {
            for (auto _ : state) {
                rubric::CompileResult compiled = engine().compile_file(file.string());
                if (!compiled.ok()) state.SkipWithError("compile failed");
                benchmark::DoNotOptimize(compiled.program);
            }
        })->Unit(benchmark::kMicrosecond);
    }
}

// ——— Longhua: project and baselines ———

struct Longhua {
    std::shared_ptr<const rubric::Program> program;
    std::vector<rubric::Record> published, past;
    std::vector<longhua::Record> baseline_published, baseline_past;
    Longhua() {
        program = bench::compile_or_exit(engine(), bench::source_dir() + "/rulesets/longhua-2021.rubric");
        auto files = example_files();
        published = load_records(*program, {files[0]});
        past = load_records(*program, files);
        for (const std::string& f : files) {
            longhua::LoadedFile loaded = longhua::load_file(f);
            if (!loaded.error.empty() || !loaded.bad_lines.empty()) {
                std::cerr << f << ": the baseline cannot read it\n";
                std::exit(2);
            }
            if (baseline_published.empty()) baseline_published = loaded.records;
            baseline_past.insert(baseline_past.end(), loaded.records.begin(), loaded.records.end());
        }
    }
};

const Longhua& longhua_data() {
    static const Longhua data;
    return data;
}

void BM_LonghuaEvaluate(benchmark::State& state) {
    evaluate_loop(state, *longhua_data().program, longhua_data().published);
}
void BM_LonghuaEvaluatePast(benchmark::State& state) {
    evaluate_loop(state, *longhua_data().program, longhua_data().past);
}
// The fixed-point plan's interpreter alone (run_fixed_plan) on the 91 records,
// their inputs converted beforehand; records it gives up on count too.
void BM_LonghuaFixedPlan(benchmark::State& state) {
    const rubric::Program& program = *longhua_data().program;
    const rubric::FixedPlan* plan = program.fixed_point_plan();
    if (!plan) return state.SkipWithError("no fixed-point plan");
    std::vector<std::vector<rubric::FixedValue>> inputs;
    for (const rubric::Record& r : longhua_data().past) {
        inputs.emplace_back();
        for (uint32_t slot : plan->input_slots)
            if (!rubric::to_fixed(r.values[slot], plan->scale[slot], inputs.back().emplace_back()))
                return state.SkipWithError("an input beyond int64");
    }
    std::vector<rubric::FixedValue> values = plan->initial;
    size_t i = 0, done = 0;
    for (auto _ : state) {
        const std::vector<rubric::FixedValue>& in = inputs[i];
        for (size_t k = 0; k < in.size(); ++k) values[plan->input_slots[k]] = in[k];
        done += rubric::run_fixed_plan(*plan, program.graph(), values.data()) == rubric::FixedOutcome::done;
        benchmark::DoNotOptimize(values.data());
        if (++i == inputs.size()) i = 0;
    }
    state.SetItemsProcessed(state.iterations());
    state.counters["done"] = static_cast<double>(done) / static_cast<double>(state.iterations());
}
// The same 91 records a batch at a time (FixedBatch): their rows loaded,
// the batch run; a record the batch leaves undecided counts as done too.
void BM_LonghuaFixedBatch(benchmark::State& state) {
    const rubric::Program& program = *longhua_data().program;
    const rubric::FixedPlan* plan = program.fixed_point_plan();
    std::optional<rubric::FixedBatch> batch = program.make_fixed_batch();
    if (!plan || !batch) return state.SkipWithError("no batch form");
    std::vector<std::int64_t> rows;
    for (const rubric::Record& r : longhua_data().past)
        for (uint32_t slot : plan->input_slots) {
            rubric::FixedValue v;
            if (!rubric::to_fixed(r.values[slot], plan->scale[slot], v) || v.lo != v.hi)
                return state.SkipWithError("an input the batch cannot hold");
            rows.push_back(v.lo);
        }
    const size_t n = longhua_data().past.size();
    size_t decided = 0;
    for (auto _ : state) {
        batch->load_rows(rows.data(), n);
        decided += batch->run(n);
        benchmark::DoNotOptimize(batch->column(program.total_slot()));
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
    state.counters["decided"] = static_cast<double>(decided) / static_cast<double>(state.iterations() * n);
}
void BM_LonghuaEvaluateExplain(benchmark::State& state) {
    evaluate_loop(state, *longhua_data().program, longhua_data().published, rubric::EvaluateOptions{true});
}
void BM_LonghuaCppBaseline(benchmark::State& state) {
    const auto& records = state.range(0) ? longhua_data().baseline_past : longhua_data().baseline_published;
    longhua::Scores scores;
    size_t i = 0;
    for (auto _ : state) {
        longhua::score(records[i], scores);
        benchmark::DoNotOptimize(scores);
        if (++i == records.size()) i = 0;
    }
    state.SetItemsProcessed(state.iterations());
}
void BM_LonghuaLuaBaseline(benchmark::State& state) {
    const auto& records = state.range(0) ? longhua_data().baseline_past : longhua_data().baseline_published;
    longhua::LuaBaseline lua(bench::source_dir() + "/bench/baseline/longhua.lua");
    longhua::Scores scores;
    size_t i = 0;
    for (auto _ : state) {
        lua.score(records[i], scores);
        benchmark::DoNotOptimize(scores);
        if (++i == records.size()) i = 0;
    }
    state.SetItemsProcessed(state.iterations());
}

// ——— one rule kind per ruleset ———

std::string one_indicator(const std::string& declarations, const std::string& rule) {
    return "规则集 \"基准：单一计分规则\"\n"
           "输入 单位：文本，主键\n" +
           declarations +
           "\n三级指标得分 保留 0.01 四舍五入\n总分 保留 0.01 四舍五入\n"
           "等级 {\n  ≥ 90：优\n  80 ≤ x < 90：良\n  60 ≤ x < 80：中\n  < 60：差\n}\n"
           "指标体系（100分）{\n  一级指标 甲（100分）{\n    二级指标 乙（100分）{\n"
           "      三级指标 丙（100分）" +
           rule + "\n    }\n  }\n}\n";
}

struct Kind {
    const char* name;
    std::string declarations, rule;
    std::map<std::string, std::string> cells;
};

std::vector<Kind> kinds() {
    const std::string rate_inputs =
        "输入 完成数：计数 个\n输入 计划数：计数 个\n约束 计划数 > 0\n约束 完成数 ≤ 计划数\n";
    return {
        {"tier", "输入 利用率：百分比\n",
         "：分档 利用率 {\n  ≥ 90%：100\n  75% ≤ x < 90%：70\n  60% ≤ x < 75%：40\n  < 60%：0\n}",
         {{"单位", "甲"}, {"利用率", "82.5"}}},
        {"checklist", "输入 条件1：是否\n输入 条件2：是否\n输入 条件3：是否\n输入 条件4：是否\n输入 条件5：是否\n",
         "：逐项计分 {\n  条件1：20分\n  条件2：20分\n  条件3：20分\n  条件4：20分\n  条件5：20分\n}",
         {{"单位", "甲"}, {"条件1", "是"}, {"条件2", "否"}, {"条件3", "是"}, {"条件4", "是"}, {"条件5", "否"}}},
        {"deduction", "输入 不符合项数：计数 项\n", "：按 不符合项数 每项扣 20 分，扣完为止",
         {{"单位", "甲"}, {"不符合项数", "3"}}},
        {"penalty", "输入 调整幅度：百分比\n", "：按 调整幅度 超过 10% 的部分 每 1% 扣 5 分，扣完为止",
         {{"单位", "甲"}, {"调整幅度", "13.7"}}},
        {"parts", "输入 进度1：百分比\n输入 进度2：百分比\n",
         "{\n  分项 一（50分）：进度1 ÷ 50% × 50\n  分项 二（50分）：进度2 × 50\n}",
         {{"单位", "甲"}, {"进度1", "62.5"}, {"进度2", "97.3"}}},
        {"target", "输入 受益企业数量：计数 家\n", "：对标 受益企业数量 ≥ 100",
         {{"单位", "甲"}, {"受益企业数量", "87"}}},
        {"expression", rate_inputs + "计算 完成率 = 完成数 ÷ 计划数，保留 0.1%\n", "：完成率 × 100",
         {{"单位", "甲"}, {"完成数", "47"}, {"计划数", "48"}}},
    };
}

void register_kinds() {
    for (const Kind& kind : kinds()) {
        auto program = bench::compile_text_or_exit(engine(), "bench-" + std::string(kind.name) + ".rubric",
                                                   one_indicator(kind.declarations, kind.rule));
        std::vector<rubric::Record> records{make_record(*program, kind.cells)};
        benchmark::RegisterBenchmark((std::string("Kind/") + kind.name).c_str(),
                                     [program, records](benchmark::State& state) {
                                         evaluate_loop(state, *program, records);
                                     });
    }
    // The expression's rate from a Lua hook instead: one hook call per record.
    const fs::path dir = fs::temp_directory_path() / ("rubric-bench-micro-" + std::to_string(getpid()));
    fs::create_directories(dir);
    std::ofstream(dir / "rate.lua") << "function rate(args)\n"
                                       "  return (decimal(args[\"完成数\"]) / args[\"计划数\"]):round(decimal(\"0.001\"))\n"
                                       "end\n";
    const std::string declarations =
        "输入 完成数：计数 个\n输入 计划数：计数 个\n约束 计划数 > 0\n约束 完成数 ≤ 计划数\n"
        "钩子 完成率钩子 {\n  文件 \"rate.lua\"\n  函数 rate\n  读取 完成数、计划数\n  返回 完成率：百分比\n}\n";
    std::ofstream(dir / "hook.rubric") << one_indicator(declarations, "：完成率 × 100");
    auto program = bench::compile_or_exit(engine(), (dir / "hook.rubric").string());
    fs::remove_all(dir);  // the script was read at compile time
    std::vector<rubric::Record> records{make_record(*program, {{"单位", "甲"}, {"完成数", "47"}, {"计划数", "48"}})};
    benchmark::RegisterBenchmark("Kind/lua_hook", [program, records](benchmark::State& state) {
        evaluate_loop(state, *program, records);
    });
}

// One Sandbox::call per iteration, on a script compiled from `source` (its
// hook function is f, called with no arguments).
void register_sandbox_call(const char* name, const char* source) {
    auto compiled = rubric::hooks::HookScript::compile("bench.lua", source, {"f"});
    if (const auto* problem = std::get_if<rubric::hooks::HookSourceError>(&compiled)) {
        std::cerr << name << ": " << problem->message << "\n";
        std::exit(1);
    }
    const rubric::hooks::HookScript script = std::get<rubric::hooks::HookScript>(std::move(compiled));
    benchmark::RegisterBenchmark(name, [script](benchmark::State& state) {
        rubric::hooks::Sandbox sandbox;
        for (auto _ : state) {
            rubric::hooks::HookOutcome outcome = sandbox.call(script, "f", {});
            benchmark::DoNotOptimize(outcome);
        }
        state.SetItemsProcessed(state.iterations());
    });
}

void register_sandbox_calls() {
    register_sandbox_call("Hook/trivial", "function f(args) return 1 end");
    register_sandbox_call("Hook/globals", "function f(args) local a, b, c = tostring, type, pairs return 1 end");
    register_sandbox_call("Hook/libraries",
                          "function f(args) local x = string.upper('a') .. math.floor(7 / 2) .. table.concat({}) "
                          "return 1 end");
}

}  // namespace

int main(int argc, char** argv) {
    register_compile();
    benchmark::RegisterBenchmark("Longhua/evaluate", BM_LonghuaEvaluate);
    benchmark::RegisterBenchmark("Longhua/evaluate_past91", BM_LonghuaEvaluatePast);
    benchmark::RegisterBenchmark("Longhua/evaluate_explain", BM_LonghuaEvaluateExplain);
    benchmark::RegisterBenchmark("Longhua/fixed_plan_past91", BM_LonghuaFixedPlan);
    benchmark::RegisterBenchmark("Longhua/fixed_batch_past91", BM_LonghuaFixedBatch);
    benchmark::RegisterBenchmark("Longhua/cpp_baseline", BM_LonghuaCppBaseline)->Arg(0)->Arg(1);
    benchmark::RegisterBenchmark("Longhua/lua_baseline", BM_LonghuaLuaBaseline)->Arg(0)->Arg(1);
    register_kinds();
    register_sandbox_calls();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
