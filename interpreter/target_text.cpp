#include "interpreter/target_text.hpp"

#include <array>

#include "interpreter/utf8.hpp"

namespace rubric {
namespace {

bool is_digit(char32_t c) { return c >= U'0' && c <= U'9'; }
bool is_space(char32_t c) { return c == U' ' || c == U'\t'; }
bool is_comma(char32_t c) { return c == U',' || c == U'，'; }

char32_t half_width(char32_t c) {
  if (c >= U'０' && c <= U'９') return U'0' + (c - U'０');
  switch (c) {
    case U'％': return U'%';
    case U'．': return U'.';
    case U'＞': return U'>';
    case U'＜': return U'<';
    case U'＝': return U'=';
    case U'\u3000': return U' ';
    default: return c;
  }
}

std::u32string_view trim(std::u32string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// Cells come from readers that guarantee UTF-8; bad bytes end the text.
std::u32string normalize32(std::string_view text) {
  std::u32string cps;
  std::size_t bad = 0;
  decode_utf8(text, cps, bad);
  for (char32_t& c : cps) c = half_width(c);
  return std::u32string(trim(cps));
}

std::size_t skip_spaces(std::u32string_view s, std::size_t i) {
  while (i < s.size() && is_space(s[i])) ++i;
  return i;
}

// ",ddd" at i, not followed by a further digit.
bool thousands_group(std::u32string_view s, std::size_t i) {
  if (i + 3 >= s.size() || s[i] != U',') return false;
  for (std::size_t k = 1; k <= 3; ++k)
    if (!is_digit(s[i + k])) return false;
  return i + 4 == s.size() || !is_digit(s[i + 4]);
}

// NUMBER at i (a digit); appends its ASCII digits to `out`, returns its end.
std::size_t read_number(std::u32string_view s, std::size_t i, std::string& out) {
  auto digits = [&](std::size_t j) {
    while (j < s.size() && is_digit(s[j])) out += static_cast<char>(s[j++]);
    return j;
  };
  std::size_t j = digits(i);
  while (thousands_group(s, j)) j = digits(j + 1);
  if (j + 1 < s.size() && s[j] == U'.' && is_digit(s[j + 1])) {
    out += '.';
    j = digits(j + 1);
  }
  return j;
}

struct Lead {
  std::optional<Quantity> quantity;  // empty: the number is too large
  std::size_t end = 0;               // first index after the quantity
};

// QUANTITY at the start of s, which must begin with a digit.
std::optional<Lead> read_quantity(std::u32string_view s) {
  if (s.empty() || !is_digit(s[0])) return std::nullopt;
  std::string digits;
  std::size_t j = skip_spaces(s, read_number(s, 0, digits));
  Quantity q;
  if (j < s.size() && s[j] == U'%') {
    q.percent = true;
    j = skip_spaces(s, j + 1);
  }
  std::u32string unit;
  while (j < s.size() && !is_digit(s[j]) && !is_space(s[j]) && !is_comma(s[j])) unit += s[j++];
  q.unit = encode_utf8(unit);
  const auto value = Decimal::parse(digits);
  if (!value) return Lead{std::nullopt, j};
  q.value = *value;
  return Lead{q, j};
}

// A QUANTITY that is the whole of s.
std::optional<Lead> whole_quantity(std::u32string_view s) {
  auto lead = read_quantity(s);
  if (!lead || lead->end != s.size()) return std::nullopt;
  return lead;
}

struct OpWord {
  std::u32string_view text;
  CompareOp op;
  bool symbol;
};

// Longer spellings first so that ">=" wins over ">".
constexpr std::array<OpWord, 19> op_words{{
    {U">=", CompareOp::at_least, true},   {U"≥", CompareOp::at_least, true},
    {U"≧", CompareOp::at_least, true},    {U"不低于", CompareOp::at_least, false},
    {U"不少于", CompareOp::at_least, false}, {U"至少", CompareOp::at_least, false},
    {U"约", CompareOp::at_least, false},  {U"<=", CompareOp::at_most, true},
    {U"≤", CompareOp::at_most, true},     {U"≦", CompareOp::at_most, true},
    {U"不高于", CompareOp::at_most, false}, {U"不超过", CompareOp::at_most, false},
    {U"不多于", CompareOp::at_most, false}, {U"至多", CompareOp::at_most, false},
    {U">", CompareOp::greater, true},     {U"超过", CompareOp::greater, false},
    {U"<", CompareOp::less, true},        {U"低于", CompareOp::less, false},
    {U"=", CompareOp::equal, true},
}};

const OpWord* leading_op(std::u32string_view s) {
  for (const auto& w : op_words)
    if (s.starts_with(w.text)) return &w;
  return nullptr;
}

constexpr std::array<OpWord, 3> suffix_words{{
    {U"以上", CompareOp::at_least, false},
    {U"以下", CompareOp::at_most, false},
    {U"以内", CompareOp::at_most, false},
}};

const OpWord* trailing_op(std::u32string_view s) {
  for (const auto& w : suffix_words)
    if (s.ends_with(w.text)) return &w;
  return nullptr;
}

template <class T>
Parsed<T> fail(std::string message) {
  return Parsed<T>{std::nullopt, std::move(message)};
}

Parsed<Target> comparison(Target t, CompareOp op, std::u32string_view word, const Lead& lead) {
  if (!lead.quantity) return fail<Target>("年度指标值「" + t.text + "」中的数字过大");
  t.kind = TargetKind::comparison;
  t.op = op;
  t.op_word = encode_utf8(word);
  t.quantity = *lead.quantity;
  return Parsed<Target>{std::move(t), {}};
}

// "TEXT 为 QUANTITY" → = QUANTITY.
std::optional<Lead> equals_form(std::u32string_view s) {
  const auto pos = s.rfind(U'为');
  if (pos == std::u32string_view::npos || trim(s.substr(0, pos)).empty()) return std::nullopt;
  return whole_quantity(trim(s.substr(pos + 1)));
}

}  // namespace

std::string normalize_cell(std::string_view text) { return encode_utf8(normalize32(text)); }

Parsed<Target> parse_target(std::string_view text) {
  const std::u32string s = normalize32(text);
  Target t;
  t.text = encode_utf8(s);
  if (s.empty()) return fail<Target>("年度指标值为空");
  if (s == U"不适用") {
    t.kind = TargetKind::not_applicable;
    return Parsed<Target>{std::move(t), {}};
  }
  const OpWord* op = leading_op(s);
  std::u32string_view body = trim(std::u32string_view(s).substr(op ? op->text.size() : 0));
  const OpWord* suffix = trailing_op(body);
  if (suffix) body = trim(body.substr(0, body.size() - suffix->text.size()));
  if (const auto lead = whole_quantity(body)) {
    if (op && suffix && op->op != suffix->op)
      return fail<Target>("年度指标值「" + t.text + "」的比较方向前后矛盾");
    const OpWord* shown = op ? op : suffix;
    if (!shown) return comparison(std::move(t), CompareOp::at_least, U"", *lead);
    return comparison(std::move(t), shown->op, shown->text, *lead);
  }
  if (op && op->symbol)
    return fail<Target>("年度指标值「" + t.text + "」：「" + encode_utf8(op->text) + "」后应为数字");
  if (!op)
    if (const auto lead = equals_form(s)) return comparison(std::move(t), CompareOp::equal, U"为", *lead);
  t.kind = TargetKind::qualitative;
  return Parsed<Target>{std::move(t), {}};
}

Parsed<Actual> parse_actual(std::string_view text) {
  const std::u32string s = normalize32(text);
  Actual a;
  a.text = encode_utf8(s);
  if (s.empty() || s == U"--") return Parsed<Actual>{std::move(a), {}};
  a.kind = ActualKind::text;
  const auto lead = read_quantity(s);
  if (!lead) return Parsed<Actual>{std::move(a), {}};
  const std::size_t j = skip_spaces(s, lead->end);
  if (j < s.size() && !is_comma(s[j])) return Parsed<Actual>{std::move(a), {}};
  if (!lead->quantity) return fail<Actual>("全年完成值「" + a.text + "」中的数字过大");
  a.kind = ActualKind::number;
  a.quantity = *lead->quantity;
  if (j < s.size()) a.commentary = encode_utf8(trim(std::u32string_view(s).substr(j + 1)));
  return Parsed<Actual>{std::move(a), {}};
}

std::string_view op_symbol(CompareOp op) {
  switch (op) {
    case CompareOp::at_least: return "≥";
    case CompareOp::at_most: return "≤";
    case CompareOp::greater: return ">";
    case CompareOp::less: return "<";
    case CompareOp::equal: return "=";
  }
  return "?";
}

std::string format_quantity(const Quantity& q) {
  std::string out = q.value.to_string();
  if (q.percent) out += '%';
  if (!q.unit.empty()) out += " " + q.unit;
  return out;
}

}  // namespace rubric
