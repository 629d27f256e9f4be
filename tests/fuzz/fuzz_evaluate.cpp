// fuzz_evaluate: random records scored by every shipped ruleset
// (rulesets/*.rubric, compiled once), through binding and evaluation as
// `rubric eval` does them (score_tables), then written out in all three
// formats. The input is text:
//
//   longhua-2021            <- first line: the ruleset (file name without
//   甲局,1,2,…                 .rubric); otherwise the first byte picks one
//   …                       <- CSV data rows under the ruleset's own header
//   === 明细                 <- optional: after this line, CSV rows of the
//   甲局,产出指标,…             明细 under its header (key column, then fields)
//
// Invariants: every record counted once (scored or with problems); a scored
// total within [0, 100] and within the root's points; an explanation for
// every scored record; the same scores with and without --explain (the
// fixed-point fast path against the Decimal evaluator), and from the batch
// (FixedBatch) for every record it decides; valid UTF-8 out.
#include "tests/fuzz/fuzz_support.hpp"

#include "interpreter/batch.hpp"
#include "interpreter/csv_reader.hpp"
#include "interpreter/engine.hpp"
#include "interpreter/record_binder.hpp"
#include "interpreter/report.hpp"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string_view>
#include <vector>

namespace {

struct Ruleset {
    std::string name;  // file name without .rubric
    std::shared_ptr<const rubric::Program> program;
    std::string header, row_header;  // CSV header lines
};

std::string csv_quoted(const std::string& text) {
    std::string out = "\"";
    for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::vector<Ruleset> compile_shipped_rulesets() {
    namespace fs = std::filesystem;
    std::vector<std::string> paths;
    for (const auto& entry : fs::directory_iterator(rubric_fuzz::source_path("rulesets")))
        if (entry.path().extension() == ".rubric") paths.push_back(entry.path().string());
    std::sort(paths.begin(), paths.end());
    const rubric::Engine engine(rubric_fuzz::load_options());
    std::vector<Ruleset> rulesets;
    for (const std::string& path : paths) {
        rubric::CompileResult compiled = engine.compile_file(path);
        if (!compiled.ok()) rubric_fuzz::fail("shipped ruleset does not compile: " + path + "\n" + compiled.diagnostics.render_all());
        Ruleset r{fs::path(path).stem().string(), compiled.program, "", ""};
        for (const rubric::InputSpec& input : r.program->inputs()) r.header += (r.header.empty() ? "" : ",") + csv_quoted(input.name);
        if (const rubric::RowProgram* rows = r.program->row_program(); rows && r.program->key_input()) {
            r.row_header = csv_quoted(r.program->inputs()[*r.program->key_input()].name);
            for (const rubric::RowField& field : rows->detail.fields) r.row_header += "," + csv_quoted(field.name);
        }
        rulesets.push_back(std::move(r));
    }
    rubric_fuzz::expect(!rulesets.empty(), "no shipped rulesets");
    return rulesets;
}

void check_batch(const Ruleset& ruleset, const rubric::BatchResult& batch, bool explain) {
    using rubric::Decimal;
    const rubric::Program& program = *ruleset.program;
    rubric_fuzz::expect(batch.scored.size() + batch.bad_records == batch.total_records, "records lost or counted twice");
    const Decimal hundred = *Decimal::parse("100");
    for (const rubric::ScoredRecord& record : batch.scored) {
        const rubric::Result& result = record.result;
        rubric_fuzz::expect(result.scored, "unscored record among the scored");
        rubric_fuzz::expect(result.total >= Decimal() && result.total <= hundred, "total outside [0, 100]: " + result.total.to_string());
        rubric_fuzz::expect(result.total <= program.indicators().front().points, "total above the root's points");
        rubric_fuzz::expect(result.scores.size() == program.indicators().size(), "a score per indicator");
        if (explain) {
            rubric_fuzz::expect(!result.explain.empty(), "no explanation");
            rubric_fuzz::expect(rubric_fuzz::valid_utf8(result.explain), "explanation not UTF-8");
        }
    }
    for (const rubric::ReadProblem& problem : batch.problems)
        rubric_fuzz::expect(!problem.message.empty() && rubric_fuzz::valid_utf8(problem.message), "bad problem message");
    for (const std::string& text : {rubric::format_table(program, batch.scored), rubric::format_csv(program, batch.scored),
                                    rubric::format_json(program, batch.scored)})
        rubric_fuzz::expect(rubric_fuzz::valid_utf8(text), "output not UTF-8");
}

// The batch (FixedBatch) on the records the table binds to, three to a
// batch: every record it decides must have Program::evaluate's scores,
// total and grade, and be one that Program::evaluate scores.
void check_fixed_batch(const rubric::Program& program, const rubric::RawTable& table) {
    using namespace rubric;
    std::optional<FixedBatch> made = program.make_fixed_batch(3);
    if (!made) return;  // hooks, 明细 or no plan: records are scored one at a time
    FixedBatch& batch = *made;
    const FixedPlan& plan = *program.fixed_point_plan();
    const std::vector<Record> records = RecordBinder(program.inputs()).bind(table).records;
    Workspace workspace = program.make_workspace();
    Result result;
    for (size_t first = 0; first < records.size(); first += batch.capacity()) {
        const size_t n = std::min(batch.capacity(), records.size() - first);
        for (size_t i = 0; i < n; ++i) {
            bool exact = true;
            for (uint32_t slot : plan.input_slots) {
                FixedValue v;
                exact = to_fixed(records[first + i].values[slot], plan.scale[slot], v) && exact && v.lo == v.hi;
                batch.column(slot)[i] = v.lo;
            }
            if (!exact) batch.refuse(i);
        }
        batch.run(n);
        for (size_t i = 0; i < n; ++i) {
            if (!batch.decided(i)) continue;
            program.evaluate(records[first + i], workspace, result);
            rubric_fuzz::expect(result.scored, "the batch decides a record Program::evaluate does not score");
            auto value = [&](uint32_t slot) { return Decimal::from_scaled(batch.value(slot, i), plan.scale[slot]); };
            bool equal = (value(program.total_slot()) <=> result.total) == 0;
            for (size_t k = 0; equal && k < program.indicators().size(); ++k)
                equal = (value(program.indicators()[k].score_slot) <=> result.scores[k]) == 0;
            if (equal && !program.grades().labels.empty())
                equal = program.grades().labels[static_cast<size_t>(batch.value(program.grades().index_slot, i))] ==
                        result.grade;
            rubric_fuzz::expect(equal, "the batch's scores differ from Program::evaluate's for " + records[first + i].key);
        }
    }
}

}  // namespace

RUBRIC_FUZZ_TARGET(fuzz_evaluate) {
    using namespace rubric;
    static const std::vector<Ruleset> rulesets = compile_shipped_rulesets();
    std::string_view text(reinterpret_cast<const char*>(data), size);
    if (text.empty()) return 0;

    const Ruleset* ruleset = &rulesets[static_cast<uint8_t>(text[0]) % rulesets.size()];
    const std::string_view first_line = text.substr(0, text.find('\n'));
    for (const Ruleset& r : rulesets)
        if (first_line == r.name) {
            ruleset = &r;
            text.remove_prefix(std::min(text.size(), first_line.size() + 1));
        }
    std::string_view records = text, rows;
    constexpr std::string_view marker = "=== 明细\n";
    if (const size_t at = text.find(marker); at != std::string_view::npos) {
        records = text.substr(0, at);
        rows = text.substr(at + marker.size());
    }

    std::vector<RawTable> tables;
    tables.push_back(read_csv("fuzz-records.csv", ruleset->header + "\n" + std::string(records)));
    if (!ruleset->row_header.empty() && !rows.empty())
        tables.push_back(read_csv("fuzz-rows.csv", ruleset->row_header + "\n" + std::string(rows)));

    const BatchResult fast = score_tables(*ruleset->program, tables, EvaluateOptions{false});
    check_batch(*ruleset, fast, false);
    const BatchResult explained = score_tables(*ruleset->program, tables, EvaluateOptions{true});
    check_batch(*ruleset, explained, true);

    rubric_fuzz::expect(fast.scored.size() == explained.scored.size(), "explain changes which records are scored");
    auto same = [](const Decimal& a, const Decimal& b) { return (a <=> b) == 0; };
    for (size_t k = 0; k < fast.scored.size(); ++k) {
        const Result& a = fast.scored[k].result;
        const Result& b = explained.scored[k].result;
        bool equal = same(a.total, b.total) && a.grade == b.grade && a.scores.size() == b.scores.size();
        for (size_t i = 0; equal && i < a.scores.size(); ++i) equal = same(a.scores[i], b.scores[i]);
        rubric_fuzz::expect(equal, "explain changes the scores of " + fast.scored[k].key);
    }
    rubric_fuzz::expect(format_csv(*ruleset->program, fast.scored) == format_csv(*ruleset->program, explained.scored),
                        "explain changes the CSV output");
    rubric_fuzz::expect(fast.problems.size() == explained.problems.size(), "explain changes the problems");
    for (size_t k = 0; k < fast.problems.size(); ++k)
        rubric_fuzz::expect(fast.problems[k].message == explained.problems[k].message, "explain changes a problem's message");
    check_fixed_batch(*ruleset->program, tables.front());
    return 0;
}
