// The compile-time type of an expression: its kind (number, 是/否, an
// enumeration, text) and, for numbers, its unit. Units catch the mistakes
// staff make when editing formulas: 万元 + %, a count compared with an
// enumeration value, an amount used as a score.
#pragma once

#include "interpreter/decimal.hpp"

#include <optional>
#include <string>

namespace rubric {

struct Type {
    enum class Kind : unsigned char { number, boolean, enumeration, text, invalid } kind = Kind::invalid;
    std::string unit;         // "" for a pure number: ratios, percentages, points
    bool literal = false;     // a bare number such as 0 or 4: fits any unit
    bool integral = false;    // counts
    bool percent = false;     // shown as a percentage
    int enumeration = -1;     // enumeration: the input whose values it takes
    std::optional<Decimal> precision;  // the quantum it is rounded to, when it is

    static Type number(std::string unit = {}) { Type t; t.kind = Kind::number; t.unit = std::move(unit); return t; }
    static Type boolean() { Type t; t.kind = Kind::boolean; return t; }
    static Type invalid() { return Type{}; }

    bool is_number() const { return kind == Kind::number; }
    bool is_boolean() const { return kind == Kind::boolean; }
    bool is_invalid() const { return kind == Kind::invalid; }
};

// How staff read a type in a message: 金额（万元）, 百分比, 是/否, 枚举「预算公开」.
std::string describe(const Type& type, const std::string& enumeration_name = {});

// The unit of a + b or a - b, or nullopt when the units differ.
std::optional<Type> add_types(const Type& a, const Type& b);
// a × b: at most one side may carry a unit.
std::optional<Type> multiply_types(const Type& a, const Type& b);
// a ÷ b: equal units cancel to a ratio; a unit over a pure number keeps it.
std::optional<Type> divide_types(const Type& a, const Type& b);
// Whether a and b may be compared with < ≤ > ≥ = ≠.
bool comparable(const Type& a, const Type& b);

}  // namespace rubric
