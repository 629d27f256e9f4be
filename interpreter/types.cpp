#include "interpreter/types.hpp"

namespace rubric {

std::string describe(const Type& type, const std::string& enumeration_name) {
    switch (type.kind) {
        case Type::Kind::boolean: return "是/否";
        case Type::Kind::text: return "文本";
        case Type::Kind::invalid: return "无效值";
        case Type::Kind::enumeration:
            return enumeration_name.empty() ? "枚举值" : "枚举「" + enumeration_name + "」";
        case Type::Kind::number: break;
    }
    if (type.percent) return "百分比";
    if (type.literal) return "数字";
    if (type.unit.empty()) return "无单位的数";
    if (type.integral) return "计数（" + type.unit + "）";
    if (type.unit == "万元" || type.unit == "元" || type.unit == "亿元" || type.unit == "千元")
        return "金额（" + type.unit + "）";
    return "数值（" + type.unit + "）";
}

namespace {

Type number_like(const Type& from) {
    Type t = Type::number(from.unit);
    t.percent = from.percent;
    return t;
}

}  // namespace

std::optional<Type> add_types(const Type& a, const Type& b) {
    if (!a.is_number() || !b.is_number()) return std::nullopt;
    if (a.literal && b.literal) {
        Type t = Type::number();
        t.literal = true;
        return t;
    }
    if (a.literal) return number_like(b);
    if (b.literal) return number_like(a);
    if (a.unit != b.unit) return std::nullopt;
    Type t = number_like(a);
    t.percent = a.percent && b.percent;
    t.integral = a.integral && b.integral;
    return t;
}

std::optional<Type> multiply_types(const Type& a, const Type& b) {
    if (!a.is_number() || !b.is_number()) return std::nullopt;
    if (!a.unit.empty() && !b.unit.empty()) return std::nullopt;
    Type t = Type::number(a.unit.empty() ? b.unit : a.unit);
    t.literal = a.literal && b.literal;
    return t;
}

std::optional<Type> divide_types(const Type& a, const Type& b) {
    if (!a.is_number() || !b.is_number()) return std::nullopt;
    if (b.literal || b.unit.empty()) {
        Type t = Type::number(a.unit);
        t.literal = a.literal && b.literal;
        t.percent = a.percent && !b.percent;
        return t;
    }
    if (a.literal || a.unit == b.unit) return Type::number();
    return std::nullopt;
}

bool comparable(const Type& a, const Type& b) {
    if (a.kind != b.kind) return false;
    switch (a.kind) {
        case Type::Kind::number: return a.literal || b.literal || a.unit == b.unit;
        case Type::Kind::enumeration: return a.enumeration == b.enumeration;
        case Type::Kind::boolean: return true;
        default: return false;
    }
}

}  // namespace rubric
