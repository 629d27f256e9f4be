// What a ruleset expects of a record: one InputSpec per declared input
// (输入 名称：类型), in declaration order, and the typed record itself.
#pragma once

#include "interpreter/decimal.hpp"
#include "interpreter/row_groups.hpp"
#include "interpreter/source.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rubric {

enum class InputKind : unsigned char {
    yes_no,       // 是否: 是/否, 1/0, true/false → 1 / 0
    count,        // 计数: a whole number ≥ 0
    amount,       // 金额: a decimal ≥ 0 in its unit (万元)
    percent,      // 百分比: "19.5" or "19.5%" in [0, 100], held as the fraction 0.195
    number,       // 数值: any decimal, optionally within [low, high]
    judgment,     // 评分 [low, high]: the evaluator's score, a decimal within the range
    enumeration,  // 枚举 {…}: one of `values`, held as its index
    text,         // 文本: free text; only the record's key is text
};

struct InputSpec {
    std::string name;
    InputKind kind = InputKind::number;
    std::string unit;                  // 万元, 人, 项 … ("" when none)
    std::optional<Decimal> low, high;  // inclusive bounds (judgment, number)
    std::vector<std::string> values;   // enumeration values in declaration order
    bool is_key = false;
    Span span;                         // the declaration in the ruleset source
};

// Whether a record binds the same under either list of inputs: the same
// names, kinds, units, ranges and values, in the same order.
inline bool inputs_bind_alike(const std::vector<InputSpec>& a, const std::vector<InputSpec>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        const InputSpec &x = a[i], &y = b[i];
        if (x.name != y.name || x.kind != y.kind || x.unit != y.unit || x.low != y.low || x.high != y.high ||
            x.values != y.values || x.is_key != y.is_key)
            return false;
    }
    return true;
}

// One department-year record, typed and checked against the inputs.
// `values[i]` belongs to input i; text inputs hold zero there.
struct Record {
    std::string key;  // the key column's text
    uint32_t row = 0; // where it came from (RawRecord::row)
    std::vector<Decimal> values;
    std::vector<DetailRow> rows;  // its 明细 rows, when the ruleset declares one
};

}  // namespace rubric
