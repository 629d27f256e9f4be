#include "interpreter/record_binder.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>
#include <utility>

#include "interpreter/suggest.hpp"
#include "interpreter/utf8.hpp"

namespace rubric {
namespace {

constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";  // U+3000
constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";     // U+FEFF

bool is_ascii_blank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// Trims ASCII whitespace, U+3000 and stray byte order marks (U+FEFF, left
// by joined files, invisible) at both ends.
std::string_view trim(std::string_view s) {
    for (;;) {
        if (!s.empty() && is_ascii_blank(s.front())) s.remove_prefix(1);
        else if (s.starts_with(kIdeographicSpace)) s.remove_prefix(kIdeographicSpace.size());
        else if (s.starts_with(kByteOrderMark)) s.remove_prefix(kByteOrderMark.size());
        else break;
    }
    for (;;) {
        if (!s.empty() && is_ascii_blank(s.back())) s.remove_suffix(1);
        else if (s.ends_with(kIdeographicSpace)) s.remove_suffix(kIdeographicSpace.size());
        else if (s.ends_with(kByteOrderMark)) s.remove_suffix(kByteOrderMark.size());
        else break;
    }
    return s;
}

std::string_view trim_ascii_spaces_right(std::string_view s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Full-width forms people type with a Chinese IME: ideographic space and
// full stop, U+FF01..U+FF5E (full-width ASCII: ０-９ ． ％ － ，) and
// U+FFE0..U+FFE6 (￠ ￡ ￢ ￣ ￤ ￥ ￦).
bool has_full_width(std::string_view s) {
    // Plain ASCII, the usual cell, has none.
    bool ascii = true;
    for (char c : s) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    if (ascii) return false;
    std::u32string cps;
    std::size_t bad = 0;
    if (!decode_utf8(s, cps, bad)) return false;  // then it is simply malformed
    for (char32_t c : cps) {
        if (c == 0x3000 || c == 0x3002 || (c >= 0xFF01 && c <= 0xFF5E) ||
            (c >= 0xFFE0 && c <= 0xFFE6)) {
            return true;
        }
    }
    return false;
}

bool iequals_ascii(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = char(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = char(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

std::string quoted(std::string_view s) { return "「" + std::string(s) + "」"; }

// ---- Plain decimal numbers --------------------------------------------------

enum class NumError {
    none,
    malformed,             // not a number at all
    scientific,            // 1e3
    bad_grouping,          // 8,4153.30 (where separators are accepted)
    grouping_not_allowed,  // 1,200 where separators are not accepted
    too_large,             // |v| >= 10^30
    imprecise,             // more digits than Decimal holds exactly
};

struct Lexed {
    NumError error = NumError::none;
    Decimal value;
    std::string plain;  // sign, digits and fraction without separators
};

// [+-] digits [, ddd]* [. digits]  — nothing else.
Lexed lex_number(std::string_view t, bool allow_grouping) {
    Lexed out;
    std::size_t pos = 0;
    std::string sign;
    if (pos < t.size() && (t[pos] == '+' || t[pos] == '-')) sign = t[pos++];

    const std::size_t int_begin = pos;
    if (pos >= t.size() || !is_digit(t[pos])) {
        out.error = NumError::malformed;
        return out;
    }
    while (pos < t.size() && (is_digit(t[pos]) || t[pos] == ',')) ++pos;
    const std::string_view int_text = t.substr(int_begin, pos - int_begin);

    std::string_view frac;
    if (pos < t.size() && t[pos] == '.') {
        const std::size_t frac_begin = ++pos;
        while (pos < t.size() && is_digit(t[pos])) ++pos;
        frac = t.substr(frac_begin, pos - frac_begin);
        if (frac.empty()) {
            out.error = NumError::malformed;
            return out;
        }
    }

    if (pos < t.size() && (t[pos] == 'e' || t[pos] == 'E')) {
        std::size_t p = pos + 1;
        if (p < t.size() && (t[p] == '+' || t[p] == '-')) ++p;
        const std::size_t exp_begin = p;
        while (p < t.size() && is_digit(t[p])) ++p;
        const bool scientific = p > exp_begin && p == t.size() && int_text.back() != ',';
        out.error = scientific ? NumError::scientific : NumError::malformed;
        return out;
    }
    if (pos != t.size()) {
        out.error = NumError::malformed;
        return out;
    }

    // The common case, without separators: Decimal reads the text as it is, and
    // it is exact when the significant digits fit (38) and the fraction is
    // within 10^-60, so no canonical form needs comparing.
    if (int_text.find(',') == std::string_view::npos) {
        std::size_t significant = int_text.size() + frac.size();
        for (std::size_t i = 0; i + 1 < int_text.size() && int_text[i] == '0'; ++i) --significant;
        if (significant <= 38 && frac.size() <= 60) {
            const std::optional<Decimal> value = Decimal::parse(t);
            if (!value) {
                out.error = NumError::too_large;
                return out;
            }
            out.value = *value;
            return out;
        }
    }

    // Thousands separators: the first group 1-3 digits without a leading zero,
    // every later group exactly three digits.
    std::string digits;
    bool grouped = false;
    if (int_text.find(',') != std::string_view::npos) {
        grouped = true;
        bool proper = true;
        std::size_t group_begin = 0;
        bool first = true;
        for (std::size_t i = 0; i <= int_text.size(); ++i) {
            if (i < int_text.size() && int_text[i] != ',') continue;
            const std::size_t len = i - group_begin;
            if (first ? (len < 1 || len > 3 || int_text[group_begin] == '0') : len != 3) {
                proper = false;
            }
            first = false;
            group_begin = i + 1;
        }
        if (!proper) {
            out.error = allow_grouping ? NumError::bad_grouping : NumError::malformed;
            return out;
        }
        for (char c : int_text) {
            if (c != ',') digits.push_back(c);
        }
    } else {
        digits = std::string(int_text);
    }

    out.plain = sign + digits;
    if (!frac.empty()) out.plain += "." + std::string(frac);
    if (grouped && !allow_grouping) {
        out.error = NumError::grouping_not_allowed;
        return out;
    }

    const std::optional<Decimal> value = Decimal::parse(out.plain);
    if (!value) {
        out.error = NumError::too_large;  // the syntax is fine, so it overflowed
        return out;
    }

    // Exactness: Decimal rounds beyond 38 significant digits or below 10^-60;
    // compare its shortest form with the canonical form of what was written.
    std::string_view int_digits = digits;
    while (int_digits.size() > 1 && int_digits.front() == '0') int_digits.remove_prefix(1);
    std::string_view frac_digits = frac;
    while (!frac_digits.empty() && frac_digits.back() == '0') frac_digits.remove_suffix(1);
    std::string canonical(int_digits);
    if (!frac_digits.empty()) canonical += "." + std::string(frac_digits);
    if (value->abs().to_string() != canonical) {
        out.error = NumError::imprecise;
        return out;
    }
    out.value = *value;
    return out;
}

bool accepts_grouping(InputKind kind) {
    return kind == InputKind::amount || kind == InputKind::number;
}

// "「X」评分应在 0 到 20 之间，实际是 21" and its one-sided forms.
std::string bounds_message(const InputSpec& input, std::string_view shown) {
    std::string m = quoted(input.name);
    if (input.kind == InputKind::judgment) m += "评分";
    if (input.low && input.high) {
        m += "应在 " + input.low->to_string() + " 到 " + input.high->to_string() + " 之间";
    } else if (input.low) {
        m += "应不小于 " + input.low->to_string();
    } else {
        m += "应不大于 " + input.high->to_string();
    }
    return m + "，实际是 " + std::string(shown);
}

bool within_bounds(const InputSpec& input, const Decimal& v) {
    if (input.low && v < *input.low) return false;
    if (input.high && v > *input.high) return false;
    return true;
}

std::optional<Decimal> parse_numeric(const InputSpec& input, std::string_view t,
                                     std::string& message) {
    auto name = [&] { return quoted(input.name); };  // built only for a message
    auto actual = [&] { return "，实际是「" + std::string(t) + "」"; };
    if (has_full_width(t)) {
        message = name() + "含有全角字符，请使用半角数字和符号" + actual();
        return std::nullopt;
    }

    std::string_view body = t;
    if (input.kind == InputKind::percent && body.ends_with('%')) {
        body = trim_ascii_spaces_right(body.substr(0, body.size() - 1));
    }
    const bool grouping = accepts_grouping(input.kind);

    // "28人", "611.29万元": a number followed by the input's own unit.
    if (!input.unit.empty() && body.size() > input.unit.size() && body.ends_with(input.unit)) {
        const std::string_view number =
            trim(body.substr(0, body.size() - input.unit.size()));
        if (lex_number(number, grouping).error == NumError::none) {
            message = name() + "只填数字，不要带单位「" + input.unit + "」" + actual();
            return std::nullopt;
        }
    }

    const Lexed lexed = lex_number(body, grouping);
    switch (lexed.error) {
        case NumError::none:
            break;
        case NumError::malformed:
            if (input.kind == InputKind::count) {
                message = name() + "计数必须是不小于 0 的整数" + actual();
            } else if (input.kind == InputKind::percent) {
                message = name() + "应为百分数（如 19.5 或 19.5%）" + actual();
            } else {
                message = name() + "应为数字" + actual();
            }
            return std::nullopt;
        case NumError::scientific:
            message = name() + "不接受科学计数法，请写成普通小数" + actual();
            return std::nullopt;
        case NumError::bad_grouping:
            message = name() + "的千位分隔符位置不对（应从小数点向左每三位一组，如 84,153.30）" +
                      actual();
            return std::nullopt;
        case NumError::grouping_not_allowed:
            message = name() + "不接受千位分隔符，请写成「" + lexed.plain + "」" + actual();
            return std::nullopt;
        case NumError::too_large:
            message = name() + "数值过大" + actual();
            return std::nullopt;
        case NumError::imprecise:
            message = name() + "的有效数字过多，无法精确表示" + actual();
            return std::nullopt;
    }

    const Decimal v = lexed.value;
    auto shown = [&] { return "，实际是 " + std::string(t); };
    switch (input.kind) {
        case InputKind::count:
            if (v.sign() < 0) {
                message = name() + "计数必须是不小于 0 的整数，不能为负数" + shown();
                return std::nullopt;
            }
            if (!v.is_integer()) {
                message = name() + "计数必须是不小于 0 的整数，不能有小数" + shown();
                return std::nullopt;
            }
            return v;
        case InputKind::amount:
            if (v.sign() < 0) {
                message = name() + "金额不能为负数" + shown();
                return std::nullopt;
            }
            return v;
        case InputKind::percent: {
            if (v.sign() < 0 || v > Decimal::from_int(100)) {
                message = name() + "百分比应在 0 到 100 之间" + shown();
                return std::nullopt;
            }
            if (v.is_zero()) return v;
            // value / 100 exactly: same coefficient, exponent − 2.
            const std::optional<Decimal> fraction =
                Decimal::from_parts(v.coefficient(), std::int64_t(v.exponent()) - 2);
            if (!fraction || fraction->coefficient() != v.coefficient()) {
                message = name() + "的有效数字过多，无法精确表示" + actual();
                return std::nullopt;
            }
            return *fraction;
        }
        case InputKind::number:
        case InputKind::judgment:
            if (!within_bounds(input, v)) {
                message = bounds_message(input, t);
                return std::nullopt;
            }
            return v;
        default:
            return v;  // not reached: only numeric kinds come here
    }
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out += sep;
        out += items[i];
    }
    return out;
}

}  // namespace

RecordBinder::RecordBinder(std::vector<InputSpec> inputs) : inputs_(std::move(inputs)) {}

std::optional<Decimal> RecordBinder::parse_cell(const InputSpec& input, std::string_view cell,
                                                std::string& message) const {
    const std::string_view t = trim(cell);
    auto name = [&] { return quoted(input.name); };  // built only for a message
    if (t.empty()) {
        message = name() + "为空";
        return std::nullopt;
    }
    switch (input.kind) {
        case InputKind::text:
            return Decimal{};
        case InputKind::enumeration: {
            for (std::size_t i = 0; i < input.values.size(); ++i) {
                if (input.values[i] == t) return Decimal::from_int(static_cast<long long>(i));
            }
            message = name() + "应为 " + join(input.values, "、") + " 之一，实际是「" +
                      std::string(t) + "」";
            if (auto s = closest_name(t, input.values)) message += "；是否指「" + *s + "」？";
            return std::nullopt;
        }
        case InputKind::yes_no: {
            if (t == "是" || t == "1" || iequals_ascii(t, "true")) return Decimal::from_int(1);
            if (t == "否" || t == "0" || iequals_ascii(t, "false")) return Decimal{};
            auto actual = [&] { return "，实际是「" + std::string(t) + "」"; };
            if (has_full_width(t)) {
                message = name() + "含有全角字符，请使用半角数字和符号" + actual();
            } else {
                message = name() + "应为 是/否（也接受 1/0、true/false）" + actual();
            }
            return std::nullopt;
        }
        case InputKind::count:
        case InputKind::amount:
        case InputKind::percent:
        case InputKind::number:
        case InputKind::judgment:
            return parse_numeric(input, t, message);
    }
    message = name() + "的类型未知";
    return std::nullopt;
}

BindOutcome RecordBinder::bind(const RawTable& table) const {
    KeyIndex keys;
    return bind(table, keys, true);
}

BindOutcome RecordBinder::bind(const RawTable& table, KeyIndex& first_row_of_key, bool file_problems) const {
    return bind(table, &first_row_of_key, file_problems);
}

BindOutcome RecordBinder::bind_deferring_keys(const RawTable& table) const { return bind(table, nullptr, false); }

ReadProblem RecordBinder::duplicate_key_problem(const RawTable& table, uint32_t row, const std::string& key,
                                                uint32_t earlier) const {
    std::string column;
    for (const InputSpec& input : inputs_)
        if (input.is_key) {
            column = input.name;
            break;
        }
    return {table.path, row, column, table.row_label(row) + "：主键" + quoted(key) + "与" + table.row_label(earlier) + "重复"};
}

BindOutcome RecordBinder::bind(const RawTable& table, KeyIndex* first_row_of_key, bool file_problems) const {
    BindOutcome out;
    out.problems = table.problems;
    out.total_records = table.records.size();

    // ---- Columns ----------------------------------------------------------
    std::vector<std::optional<std::size_t>> column_of(inputs_.size());
    std::vector<std::string> missing;
    std::optional<std::size_t> key_input;
    for (std::size_t i = 0; i < inputs_.size(); ++i) {
        column_of[i] = table.column_index(inputs_[i].name);
        if (!column_of[i]) missing.push_back(inputs_[i].name);
        if (inputs_[i].is_key && !key_input) key_input = i;
    }
    std::vector<std::string> unknown;
    for (std::size_t j = 0; j < table.columns.size(); ++j) {
        const std::string& col = table.columns[j];
        if (col.empty() || table.column_index(col) != j) continue;  // reader reported these
        const bool used = std::any_of(inputs_.begin(), inputs_.end(),
                                      [&](const InputSpec& in) { return in.name == col; });
        if (!used) unknown.push_back(col);
    }

    if (!missing.empty() && file_problems) {
        std::string message = "表中没有列";
        std::vector<std::string> listed;
        for (const std::string& m : missing) listed.push_back(quoted(m));
        message += join(listed, "、");
        // 表中没有列「A」、「B」；「A」是否指「A1」？「B」是否指「B1」？
        bool first_guess = true;
        for (const std::string& m : missing) {
            if (auto s = closest_name(m, unknown)) {
                message += (first_guess ? "；" : "") +
                           (missing.size() == 1 ? "是否指「" + *s + "」？" : quoted(m) + "是否指「" + *s + "」？");
                first_guess = false;
            }
        }
        out.problems.push_back(
            {table.path, 0, missing.size() == 1 ? missing.front() : std::string(), message});
    }
    for (const std::string& u : file_problems ? unknown : std::vector<std::string>{}) {
        std::string message = "列" + quoted(u) + "不属于该规则集，已忽略";
        if (auto s = closest_name(u, missing)) message += "；是否指「" + *s + "」？";
        out.problems.push_back({table.path, 0, u, message});
    }

    // Cells the reader already reported (and emptied): no second "为空".
    std::set<std::pair<uint32_t, std::string>> reported;
    for (const ReadProblem& p : table.problems) {
        if (p.row != 0 && !p.column.empty()) reported.emplace(p.row, p.column);
    }

    // ---- Records ----------------------------------------------------------
    std::string message;
    for (const RawRecord& raw : table.records) {
        Record record;
        record.row = raw.row;
        record.values.assign(inputs_.size(), Decimal{});
        bool bad = false;
        auto problem = [&](const std::string& column, const std::string& text, bool restates = false) {
            out.problems.push_back({table.path, raw.row, column, table.row_label(raw.row) + "：" + text, restates});
            bad = true;
        };

        for (std::size_t i = 0; i < inputs_.size(); ++i) {
            const InputSpec& input = inputs_[i];
            if (!column_of[i]) {
                problem(input.name, "缺少列" + quoted(input.name), true);
                continue;
            }
            const std::size_t c = *column_of[i];
            const std::optional<std::string>* cell = c < raw.cells.size() ? &raw.cells[c] : nullptr;
            if (!cell || !cell->has_value()) {
                if (reported.count({raw.row, table.columns[c]})) {
                    bad = true;
                } else {
                    problem(input.name, quoted(input.name) + "为空");
                }
                continue;
            }
            const std::optional<Decimal> value = parse_cell(input, **cell, message);
            if (!value) {
                problem(input.name, message);
                continue;
            }
            record.values[i] = *value;
            if (key_input && i == *key_input) {
                record.key = std::string(trim(**cell));
                if (!first_row_of_key) {
                    out.pending_keys.push_back({raw.row, record.key, out.problems.size()});
                } else if (auto earlier = first_row_of_key->insert(record.key, raw.row)) {
                    out.problems.push_back(duplicate_key_problem(table, raw.row, record.key, *earlier));
                    bad = true;
                }
            }
        }

        if (bad) {
            ++out.bad_records;
        } else {
            out.records.push_back(std::move(record));
        }
    }
    return out;
}

}  // namespace rubric
