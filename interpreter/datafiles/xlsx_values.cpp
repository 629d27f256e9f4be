#include "interpreter/datafiles/xlsx_values.hpp"

#include "interpreter/utf8.hpp"

namespace rubric {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// "_xHHHH_" at s[i]: its code unit, else -1.
long escape_at(std::string_view s, std::size_t i) {
  if (i + 7 > s.size() || s[i] != '_' || s[i + 1] != 'x' || s[i + 6] != '_') return -1;
  long v = 0;
  for (std::size_t k = 2; k < 6; ++k) {
    const int h = hex_value(s[i + k]);
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";

}  // namespace

std::string column_letters(uint32_t column) {
  std::string out;
  while (column > 0) {
    const uint32_t rem = (column - 1) % 26;
    out.insert(out.begin(), static_cast<char>('A' + rem));
    column = (column - 1) / 26;
  }
  return out;
}

std::optional<uint32_t> reference_column(std::string_view ref) {
  uint32_t column = 0;
  std::size_t i = 0;
  for (; i < ref.size() && i < 4; ++i) {
    char c = ref[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c < 'A' || c > 'Z') break;
    column = column * 26 + static_cast<uint32_t>(c - 'A' + 1);
  }
  if (i == 0 || i > 3 || column > kMaxSheetColumns) return std::nullopt;
  if (i == ref.size()) return std::nullopt;
  for (std::size_t k = i; k < ref.size(); ++k) {
    if (!is_digit(ref[k])) return std::nullopt;
  }
  return column;
}

std::optional<uint32_t> parse_row_number(std::string_view text) {
  if (text.empty() || text.size() > 7) return std::nullopt;
  uint32_t v = 0;
  for (char c : text) {
    if (!is_digit(c)) return std::nullopt;
    v = v * 10 + static_cast<uint32_t>(c - '0');
  }
  if (v == 0 || v > kMaxSheetRows) return std::nullopt;
  return v;
}

bool is_percent_format(uint32_t builtin_id, std::optional<std::string_view> code) {
  if (!code) return builtin_id == 9 || builtin_id == 10;
  const std::string_view s = *code;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '"') {
      const std::size_t close = s.find('"', i + 1);
      if (close == std::string_view::npos) return false;
      i = close;
    } else if (c == '[') {
      const std::size_t close = s.find(']', i + 1);
      if (close == std::string_view::npos) return false;
      i = close;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;  // the next character is literal / a fill or space width
    } else if (c == '%') {
      return true;
    }
  }
  return false;
}

std::optional<std::string> percent_text(std::string_view number) {
  std::size_t i = 0;
  bool negative = false;
  if (i < number.size() && (number[i] == '-' || number[i] == '+')) negative = number[i++] == '-';
  std::string digits;
  long point = -1;  // number of digits before the decimal point
  for (; i < number.size(); ++i) {
    if (is_digit(number[i])) {
      digits += number[i];
    } else if (number[i] == '.' && point < 0) {
      point = static_cast<long>(digits.size());
    } else {
      break;
    }
  }
  if (digits.empty()) return std::nullopt;
  if (point < 0) point = static_cast<long>(digits.size());
  long exponent = 0;
  if (i < number.size() && (number[i] == 'e' || number[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < number.size() && (number[i] == '-' || number[i] == '+')) exp_negative = number[i++] == '-';
    if (i == number.size()) return std::nullopt;
    for (; i < number.size(); ++i) {
      if (!is_digit(number[i]) || exponent > 10000) return std::nullopt;
      exponent = exponent * 10 + (number[i] - '0');
    }
    if (exp_negative) exponent = -exponent;
  }
  if (i != number.size()) return std::nullopt;
  point += exponent + 2;  // × 100
  if (point > 400 || point < -400) return std::nullopt;  // absurd; leave the text alone
  std::string integer, fraction;
  const long n = static_cast<long>(digits.size());
  if (point <= 0) {
    integer = "0";
    fraction = std::string(static_cast<std::size_t>(-point), '0') + digits;
  } else if (point >= n) {
    integer = digits + std::string(static_cast<std::size_t>(point - n), '0');
  } else {
    integer = digits.substr(0, static_cast<std::size_t>(point));
    fraction = digits.substr(static_cast<std::size_t>(point));
  }
  const std::size_t first = integer.find_first_not_of('0');
  integer = first == std::string::npos ? "0" : integer.substr(first);
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  std::string out = integer;
  if (!fraction.empty()) out += "." + fraction;
  if (negative && out != "0") out.insert(out.begin(), '-');
  return out + "%";
}

std::string unescape_xstring(std::string_view s) {
  std::string decoded;
  decoded.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    long unit = escape_at(s, i);
    if (unit < 0) {
      decoded += s[i++];
      continue;
    }
    i += 7;
    char32_t cp = static_cast<char32_t>(unit);
    if (unit >= 0xD800 && unit <= 0xDBFF) {  // a surrogate pair written as two escapes
      const long low = escape_at(s, i);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        cp = 0x10000 + ((static_cast<char32_t>(unit) - 0xD800) << 10) + (static_cast<char32_t>(low) - 0xDC00);
        i += 7;
      }
    }
    append_utf8(decoded, cp);
  }
  std::string out;
  out.reserve(decoded.size());
  for (std::size_t i = 0; i < decoded.size(); ++i) {
    if (decoded[i] == '\r') {
      out += '\n';
      if (i + 1 < decoded.size() && decoded[i + 1] == '\n') ++i;
    } else {
      out += decoded[i];
    }
  }
  return out;
}

std::string_view trim_blanks(std::string_view s) {
  for (;;) {
    if (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
      s.remove_prefix(1);
    } else if (s.starts_with(kIdeographicSpace)) {
      s.remove_prefix(kIdeographicSpace.size());
    } else {
      break;
    }
  }
  for (;;) {
    if (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
      s.remove_suffix(1);
    } else if (s.ends_with(kIdeographicSpace)) {
      s.remove_suffix(kIdeographicSpace.size());
    } else {
      break;
    }
  }
  return s;
}

}  // namespace rubric
