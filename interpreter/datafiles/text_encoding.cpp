#include "interpreter/datafiles/text_encoding.hpp"

#include <iconv.h>

#include <cerrno>
#include <cstdio>

#include "interpreter/utf8.hpp"

namespace rubric {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lower(std::string_view s) {
  std::string out;
  for (char c : s) out += ascii_lower(c);
  return out;
}

std::string byte_hex(unsigned char b) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", static_cast<unsigned>(b));
  return buf;
}

bool has_non_ascii(std::string_view bytes) {
  for (char c : bytes) {
    if (static_cast<unsigned char>(c) >= 0x80) return true;
  }
  return false;
}

// Closes the iconv descriptor on every path.
class Iconv {
 public:
  Iconv() : cd_(iconv_open("UTF-8", "GB18030")) {}
  ~Iconv() {
    if (ok()) iconv_close(cd_);
  }
  Iconv(const Iconv&) = delete;
  Iconv& operator=(const Iconv&) = delete;
  bool ok() const { return cd_ != reinterpret_cast<iconv_t>(-1); }
  iconv_t get() const { return cd_; }

 private:
  iconv_t cd_;
};

std::string where(std::string_view bytes, std::size_t offset, uint32_t& line) {
  line = line_of_offset(bytes, offset);
  return byte_hex(static_cast<unsigned char>(bytes[offset])) + "（第 " + std::to_string(line) + " 行）";
}

}  // namespace

std::optional<TextEncoding> parse_encoding_name(std::string_view name) {
  const std::string n = lower(name);
  if (n == "utf-8" || n == "utf8") return TextEncoding::utf8;
  if (n == "gb18030" || n == "gbk" || n == "gb2312" || n == "cp936") return TextEncoding::gb18030;
  if (n == "auto" || n == "automatic") return TextEncoding::automatic;
  return std::nullopt;
}

std::string encoding_display_name(TextEncoding encoding) {
  switch (encoding) {
    case TextEncoding::utf8: return "UTF-8";
    case TextEncoding::gb18030: return "GB18030";
    case TextEncoding::automatic: break;
  }
  return "自动";
}

std::optional<std::size_t> first_invalid_utf8(std::string_view bytes) {
  const std::size_t valid = utf8_valid_length(bytes);
  if (valid == bytes.size()) return std::nullopt;
  return valid;
}

Gb18030Result gb18030_to_utf8(std::string_view bytes) {
  Gb18030Result result;
  Iconv cd;
  if (!cd.ok()) {  // no GB18030 converter installed: everything is "bad"
    if (!bytes.empty()) result.first_bad = 0;
    result.utf8.assign(bytes.size(), '\xFF');
    return result;
  }
  std::string& out = result.utf8;
  out.reserve(bytes.size() + bytes.size() / 2 + 16);
  char buffer[16384];
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    char* in = const_cast<char*>(bytes.data() + pos);  // iconv's signature; not written
    std::size_t in_left = bytes.size() - pos;
    char* o = buffer;
    std::size_t o_left = sizeof buffer;
    const std::size_t rc = iconv(cd.get(), &in, &in_left, &o, &o_left);
    const int err = errno;
    out.append(buffer, static_cast<std::size_t>(o - buffer));
    pos = bytes.size() - in_left;
    if (rc != static_cast<std::size_t>(-1)) continue;
    if (err == E2BIG) continue;
    // EILSEQ (invalid sequence) or EINVAL (truncated at the end): one bad
    // byte, kept as 0xFF (never valid UTF-8); go on after it.
    if (!result.first_bad) result.first_bad = pos;
    out += '\xFF';
    ++pos;
    iconv(cd.get(), nullptr, nullptr, nullptr, nullptr);  // reset the shift state
  }
  return result;
}

uint32_t line_of_offset(std::string_view bytes, std::size_t offset) {
  uint32_t line = 1;
  for (std::size_t i = 0; i < offset && i < bytes.size(); ++i) {
    if (bytes[i] == '\n') {
      ++line;
    } else if (bytes[i] == '\r') {
      if (i + 1 < bytes.size() && bytes[i + 1] == '\n' && i + 1 < offset) ++i;
      ++line;
    }
  }
  return line;
}

DecodedText decode_text(std::string_view bytes, TextEncoding encoding) {
  DecodedText out;
  const bool utf16 = bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF");
  switch (encoding) {
    case TextEncoding::automatic: {
      const std::optional<std::size_t> utf8_bad =
          bytes.starts_with(kUtf8Bom) || utf16 ? std::nullopt : first_invalid_utf8(bytes);
      if (!utf8_bad) {
        out.utf8 = std::string(bytes);
        out.used = TextEncoding::utf8;
        return out;
      }
      Gb18030Result gb = gb18030_to_utf8(bytes);
      if (!gb.first_bad || *gb.first_bad > *utf8_bad) {
        out.utf8 = std::move(gb.utf8);
        out.used = TextEncoding::gb18030;
        if (gb.first_bad) {
          out.problem = "文件既不是 UTF-8 也不是 GB18030 编码：已按 GB18030 读取，首个无法识别的字节是 " +
                        where(bytes, *gb.first_bad, out.problem_line);
        }
        return out;
      }
      out.utf8 = std::string(bytes);
      out.used = TextEncoding::utf8;
      out.problem = "文件既不是 UTF-8 也不是 GB18030 编码：已按 UTF-8 读取，首个无法识别的字节是 " +
                    where(bytes, *utf8_bad, out.problem_line);
      return out;
    }
    case TextEncoding::utf8: {
      out.utf8 = std::string(bytes);
      out.used = TextEncoding::utf8;
      if (utf16) return out;  // the CSV reader says it is UTF-16
      if (const auto bad = first_invalid_utf8(bytes)) {
        out.problem = "文件不是指定的 UTF-8 编码：首个无效字节是 " + where(bytes, *bad, out.problem_line);
        if (!gb18030_to_utf8(bytes).first_bad) *out.problem += "；文件看来是 GB18030/GBK 编码，可改用自动识别";
      }
      return out;
    }
    case TextEncoding::gb18030: {
      Gb18030Result gb = gb18030_to_utf8(bytes);
      out.utf8 = std::move(gb.utf8);
      out.used = TextEncoding::gb18030;
      const bool valid_utf8 = !first_invalid_utf8(bytes);
      if (gb.first_bad) {
        out.problem = "文件不是指定的 GB18030 编码：首个无法识别的字节是 " +
                      where(bytes, *gb.first_bad, out.problem_line);
        if (valid_utf8) *out.problem += "；文件看来是 UTF-8 编码，可改用自动识别";
      } else if (valid_utf8 && has_non_ascii(bytes)) {
        out.problem = "指定了 GB18030 编码，但文件是有效的 UTF-8，按 GB18030 读出的中文会是乱码；可改用自动识别";
      }
      return out;
    }
  }
  return out;
}

}  // namespace rubric
