// Records for the tests of the fast paths (fixed seeds), shared by the
// suites that compare one path with another (PairedPlan, FixedBatch).
#pragma once

#include "interpreter/batch.hpp"
#include "interpreter/engine.hpp"
#include "interpreter/program.hpp"
#include "interpreter/record_binder.hpp"

#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

namespace rubric_test {

// A path in the source tree.
inline std::string source_path(const std::string& relative) { return std::string(RUBRIC_SOURCE_DIR) + "/" + relative; }

// A ruleset of the source tree, compiled (the test stops on a diagnostic).
inline std::shared_ptr<const rubric::Program> compile_file(const std::string& relative) {
    rubric::CompileResult compiled = rubric::Engine{}.compile_file(source_path(relative));
    REQUIRE_MESSAGE(compiled.ok(), compiled.diagnostics.render_all());
    return compiled.program;
}

// The records of the files (paths in the source tree), then `mixed` more
// whose every input is taken from a record chosen at random: ties and
// bounds of the real ones in new combinations (some break a constraint,
// some land where a fast path gives up).
inline std::vector<rubric::Record> mixed_records(const rubric::Program& p, const std::vector<std::string>& files,
                                                 size_t mixed) {
    std::vector<rubric::Record> out;
    for (const std::string& file : files) {
        rubric::BindOutcome bound =
            rubric::RecordBinder(p.inputs()).bind(rubric::read_data_file(source_path(file)));
        for (rubric::Record& r : bound.records) out.push_back(std::move(r));
    }
    REQUIRE(!out.empty());
    std::mt19937 random(20261124);
    const size_t real = out.size();
    for (size_t k = 0; k < mixed; ++k) {
        rubric::Record r = out[random() % real];
        for (size_t i = 0; i < r.values.size(); ++i) r.values[i] = out[random() % real].values[i];
        out.push_back(std::move(r));
    }
    return out;
}

// Records for tests/data/every-kind.rubric made up from its inputs' own
// ranges: one in 50 has 金额 0, which breaks the ruleset's constraint.

inline std::vector<rubric::Record> every_kind_records(int count, unsigned seed = 7) {
    using rubric::Decimal;
    std::vector<rubric::Record> records;
    std::mt19937 random(seed);
    for (int k = 0; k < count; ++k) {
        rubric::Record r;
        r.values = {Decimal{},                                                                    // 单位 (text)
                    *Decimal::from_parts(k % 50 ? static_cast<long long>(random() % 300000) : 0, -2),  // 金额
                    Decimal::from_int(static_cast<long long>(random() % 12)),                     // 数
                    *Decimal::from_parts(static_cast<long long>(random() % 1001), -3),            // 率 (a fraction)
                    *Decimal::from_parts(static_cast<long long>(random() % 201), -1),             // 评 [0, 20]
                    *Decimal::from_parts(static_cast<long long>(random() % 106) - 50, -1),        // 值 [-5, 5.5]
                    Decimal::from_int(static_cast<long long>(random() % 2)),                      // 有
                    Decimal::from_int(static_cast<long long>(random() % 3))};                     // 公开
        records.push_back(std::move(r));
    }
    return records;
}

}  // namespace rubric_test
