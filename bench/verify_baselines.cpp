// verify_baselines [--ruleset FILE] [--lua FILE] [--chunk LINES] DATA.csv...
//
// Scores every record of every file three ways and stops at the first
// difference: the project (its CSV reader, RecordBinder and
// Program::evaluate of rulesets/longhua-2021.rubric), the hand-written C++
// scorer (bench/baseline/longhua_scorer.cpp) and the hand-written Lua script
// (bench/baseline/longhua.lua). Compared: which records are rejected, every
// third-level score, the total and the grade. On a difference it prints the
// file and line, the key, the indicator, the three values and the project's
// explain trace of that indicator, and exits 1. The project's batch form
// (FixedBatch, which the in-memory figure times) scores the same records a
// batch at a time, and every record it decides must match the C++ scorer too.
#include "bench/baseline/lua_baseline.hpp"
#include "bench/common.hpp"

#include <cstring>
#include <iostream>
#include <optional>

namespace {

std::string strip_quotes(std::string name) {
    for (const char* q : {"“", "”"}) {
        for (size_t at; (at = name.find(q)) != std::string::npos;) name.erase(at, std::strlen(q));
    }
    return name;
}

std::string cents(int32_t v) { return rubric::Decimal::from_parts(v, -2)->to_string(); }

}  // namespace

int main(int argc, char** argv) {
    std::string ruleset = bench::source_dir() + "/rulesets/longhua-2021.rubric";
    std::string lua_script = bench::source_dir() + "/bench/baseline/longhua.lua";
    size_t chunk_lines = 100000;
    std::vector<std::string> files;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--ruleset" && i + 1 < argc) ruleset = argv[++i];
        else if (a == "--lua" && i + 1 < argc) lua_script = argv[++i];
        else if (a == "--chunk" && i + 1 < argc) chunk_lines = std::stoul(argv[++i]);
        else files.push_back(a);
    }
    if (files.empty()) {
        std::cerr << "usage: verify_baselines [--ruleset FILE] [--lua FILE] [--chunk LINES] DATA.csv...\n";
        return 2;
    }
    rubric::Engine engine = bench::make_engine();
    auto program = bench::compile_or_exit(engine, ruleset);
    const std::vector<int> leaves = program->leaf_indicators();
    if (leaves.size() != longhua::leaf_count) {
        std::cerr << "FAIL: the ruleset has " << leaves.size() << " third-level indicators, the baselines "
                  << longhua::leaf_count << "\n";
        return 1;
    }
    for (size_t i = 0; i < leaves.size(); ++i) {
        const std::string name = strip_quotes(program->indicators()[static_cast<size_t>(leaves[i])].name);
        if (name != longhua::leaf_names[i]) {
            std::cerr << "FAIL: indicator " << i << " is 「" << name << "」 in the ruleset, 「"
                      << longhua::leaf_names[i] << "」 in the baselines\n";
            return 1;
        }
    }
    longhua::LuaBaseline lua(lua_script);
    rubric::Workspace workspace = program->make_workspace();
    rubric::Result result;
    longhua::Scores cpp, lua_scores;

    // The batch (FixedBatch, what the in-memory figure times) on the same
    // records: every record it decides must give the C++ baseline's scores,
    // total and grade too. Records wait until a batch is full.
    const rubric::FixedPlan* plan = program->fixed_point_plan();
    std::optional<rubric::FixedBatch> batch = program->make_fixed_batch();
    if (!plan || !batch) {
        std::cerr << "FAIL: the ruleset has no batch form\n";
        return 1;
    }
    struct Waiting {
        std::string where;
        longhua::Scores cpp;
    };
    std::vector<Waiting> waiting;
    size_t batch_decided = 0;
    auto units_text = [&](uint32_t slot, std::int64_t units) {
        return rubric::Decimal::from_scaled(units, plan->scale[slot]).to_string();
    };
    auto run_batch = [&]() -> bool {
        batch->run(waiting.size());
        for (size_t i = 0; i < waiting.size(); ++i) {
            if (!batch->decided(i)) continue;
            ++batch_decided;
            const longhua::Scores& c = waiting[i].cpp;
            bool same = units_text(program->total_slot(), batch->value(program->total_slot(), i)) == cents(c.total) &&
                        program->grades().labels[static_cast<size_t>(batch->value(program->grades().index_slot, i))] ==
                            longhua::grade_names[static_cast<size_t>(c.grade)];
            for (size_t k = 0; same && k < leaves.size(); ++k) {
                const uint32_t slot = program->indicators()[static_cast<size_t>(leaves[k])].score_slot;
                same = units_text(slot, batch->value(slot, i)) == cents(c.leaf[k]);
            }
            if (!same) {
                std::cerr << "FAIL " << waiting[i].where << ": the batch (FixedBatch) differs from the C++ baseline\n";
                return false;
            }
        }
        waiting.clear();
        return true;
    };

    size_t all_records = 0, all_scored = 0;
    for (const std::string& path : files) {
        bench::ChunkedFile file(path, *program);
        bench::Chunk chunk;
        size_t records = 0, scored = 0, rejected = 0;
        while (file.next(chunk, chunk_lines)) {
            size_t j = 0;  // next project record
            const auto& project = chunk.project.records;
            for (size_t k = 0; k < chunk.baseline.size(); ++k) {
                const uint32_t line = chunk.baseline_lines[k];
                const std::string& key = chunk.baseline_keys[k];
                ++records;
                const rubric::Record* record = nullptr;
                while (j < project.size() && project[j].row < line) ++j;
                if (j < project.size() && project[j].row == line) record = &project[j];
                bool project_scored = false;
                if (record) {
                    program->evaluate(*record, workspace, result);
                    project_scored = result.scored;
                }
                const bool baseline_scored = chunk.baseline[k].has_value();
                auto where = [&] { return path + ":" + std::to_string(line) + "（" + key + "）"; };
                if (project_scored != baseline_scored) {
                    std::cerr << "FAIL " << where() << ": the project " << (project_scored ? "scores" : "rejects")
                              << " this record, the baselines " << (baseline_scored ? "score" : "reject") << " it\n";
                    if (!project_scored && record)
                        for (const auto& p : result.problems) std::cerr << "  " << p.column << "：" << p.message << "\n";
                    for (const auto& p : chunk.project.problems)
                        if (p.row == line) std::cerr << "  " << p.message << "\n";
                    return 1;
                }
                if (!baseline_scored) {
                    ++rejected;
                    continue;
                }
                ++scored;
                longhua::score(*chunk.baseline[k], cpp);
                lua.score(*chunk.baseline[k], lua_scores);
                for (size_t i = 0; i < leaves.size(); ++i) {
                    const rubric::Decimal& p = result.scores[static_cast<size_t>(leaves[i])];
                    const std::string c = cents(cpp.leaf[i]), l = cents(lua_scores.leaf[i]);
                    if (p.to_string() != c || c != l) {
                        std::cerr << "FAIL " << where() << "，三级指标「" << longhua::leaf_names[i]
                                  << "」: project " << p.to_string() << ", C++ baseline " << c << ", Lua baseline "
                                  << l << "\n"
                                  << program->render_explain(workspace, static_cast<size_t>(leaves[i])) << "\n";
                        return 1;
                    }
                }
                // Into the batch, when every input is one exact value at its scale.
                bool exact = true;
                for (uint32_t slot : plan->input_slots) {
                    rubric::FixedValue v;
                    exact = exact && rubric::to_fixed(record->values[slot], plan->scale[slot], v) && v.lo == v.hi;
                    if (batch->has_column(slot)) batch->column(slot)[waiting.size()] = v.lo;
                }
                if (!exact) batch->refuse(waiting.size());
                waiting.push_back({where(), cpp});
                if (waiting.size() == batch->capacity() && !run_batch()) return 1;
                const std::string grade_c = longhua::grade_names[static_cast<size_t>(cpp.grade)];
                const std::string grade_l = longhua::grade_names[static_cast<size_t>(lua_scores.grade)];
                if (result.total.to_string() != cents(cpp.total) || cents(cpp.total) != cents(lua_scores.total) ||
                    result.grade != grade_c || grade_c != grade_l) {
                    std::cerr << "FAIL " << where() << "，总分/等级: project " << result.total.to_string() << " "
                              << result.grade << ", C++ baseline " << cents(cpp.total) << " " << grade_c
                              << ", Lua baseline " << cents(lua_scores.total) << " " << grade_l << "\n";
                    return 1;
                }
            }
        }
        if (!run_batch()) return 1;
        std::cout << "ok " << path << ": " << records << " records, " << scored << " scored, " << rejected
                  << " rejected; every third-level score, total and grade equal (project = C++ = Lua)\n";
        all_records += records;
        all_scored += scored;
    }
    std::cout << "verified " << all_records << " records (" << all_scored << " scored) in " << files.size()
              << " file(s); " << batch_decided << " of the scored ones also decided by the batch, all equal\n";
    return 0;
}
