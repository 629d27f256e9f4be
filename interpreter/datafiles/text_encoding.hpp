// Text encodings of CSV (and JSON) data files: UTF-8, with or without BOM, or
// GB18030 — what Excel on Chinese Windows writes for "CSV (逗号分隔)". GBK and
// GB2312 are subsets of GB18030 and are read as GB18030.
//
// Detection (TextEncoding::automatic), on the whole file:
//   1. a UTF-8 BOM, or bytes that are entirely valid UTF-8   -> UTF-8
//      (pure ASCII is UTF-8);
//   2. a UTF-16 BOM                                         -> left as is, so
//      the CSV reader reports "文件是 UTF-16 编码…";
//   3. otherwise, bytes that decode cleanly as GB18030      -> GB18030;
//   4. otherwise the file is neither. It is still read, with the encoding
//      that decodes the longer prefix (the likelier one), and one file-level
//      problem names the line of that encoding's first bad byte:
//        "文件既不是 UTF-8 也不是 GB18030 编码：按 GB18030 读取，第 7 行有无法识别的字节 0xFF（第 7 行）"
//      Bad bytes never reach a cell silently: they are left as bytes that are
//      invalid UTF-8, so the CSV reader reports each cell holding one and
//      leaves it empty (nullopt); the rest of the file is read normally.
// A forced encoding is used as given; when the bytes do not fit it, a problem
// names the line of the first bad byte (and a valid-UTF-8 file forced to
// GB18030 is reported too, since its Chinese text would come out garbled).
// Line numbers count CRLF, LF and a lone CR as one break, as the CSV reader
// does, so they match its "第 N 行".
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rubric {

enum class TextEncoding { automatic, utf8, gb18030 };

// "utf-8", "utf8", "UTF-8" -> utf8; "gb18030", "gbk", "gb2312" (any case;
// "cp936" too) -> gb18030; "auto" -> automatic; anything else -> nullopt.
std::optional<TextEncoding> parse_encoding_name(std::string_view name);

// "UTF-8" / "GB18030" / "自动".
std::string encoding_display_name(TextEncoding encoding);

struct DecodedText {
  std::string utf8;                     // the text to parse (see above for bad bytes)
  TextEncoding used = TextEncoding::utf8;  // utf8 or gb18030, never automatic
  std::optional<std::string> problem;   // Chinese; set when the bytes did not fit
  uint32_t problem_line = 0;            // line of the first bad byte; 0 = whole file
};

// Decodes `bytes` for the CSV / JSON readers. Never throws for bad input.
DecodedText decode_text(std::string_view bytes, TextEncoding encoding);

// --- Pieces, exposed for tests ---

// Offset of the first byte that is not part of well-formed UTF-8, or nullopt.
std::optional<std::size_t> first_invalid_utf8(std::string_view bytes);

struct Gb18030Result {
  std::string utf8;                      // each undecodable byte became 0xFF
  std::optional<std::size_t> first_bad;  // offset in the input of the first one
};
// GB18030 -> UTF-8 with iconv (glibc's "GB18030" converter).
Gb18030Result gb18030_to_utf8(std::string_view bytes);

// 1-based line of byte `offset` (CRLF, LF, lone CR each end one line).
uint32_t line_of_offset(std::string_view bytes, std::size_t offset);

}  // namespace rubric
