// UTF-8 decoding/encoding and terminal display width.
//
// Rubric source files are UTF-8 with Chinese identifiers; the interpreter
// works on decoded code points (char32_t) so that one Chinese character is
// one column, one edit, one position.  Display width is needed to put a
// caret under the right character in a terminal, where CJK characters take
// two cells.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace rubric {

// The length of the longest prefix of `in` made of whole, well-formed
// sequences (as decode_utf8 accepts them): in.size() when all of it is
// UTF-8, else where the first bad sequence starts. Decodes nothing.
std::size_t utf8_valid_length(std::string_view in) noexcept;

// Strictly decodes UTF-8 into code points, appending to `out`.
// Rejects: stray continuation bytes, bytes 0xC0/0xC1/0xF5..0xFF, overlong
// forms, surrogates (U+D800..U+DFFF), values above U+10FFFF and truncated
// sequences.  On failure returns false, sets `bad_byte_offset` to the
// offset of the first byte of the malformed sequence (for a truncated or
// overlong sequence that is its lead byte), and `out` holds the code points
// decoded before it.  On success `bad_byte_offset` is left untouched.
bool decode_utf8(std::string_view in, std::u32string& out, std::size_t& bad_byte_offset);

// Encodes code points as UTF-8.  Values that are not Unicode scalar values
// (surrogates, > U+10FFFF) are written as U+FFFD.
std::string encode_utf8(std::u32string_view in);
void append_utf8(std::string& out, char32_t cp);

// Terminal cell width of one code point, after Unicode 14 EastAsianWidth:
//   0  nonspacing/enclosing combining marks (Mn, Me), format characters (Cf,
//      e.g. U+200B, U+FEFF) except U+00AD, Hangul conjoining jamo
//      U+1160..U+11FF; variation selectors such as U+FE0F are Mn.
//   2  East_Asian_Width W or F (CJK ideographs incl. unassigned code points
//      in the CJK blocks and planes 2/3, CJK punctuation, full-width forms,
//      Hangul syllables, kana, wide emoji...).
//   1  everything else, including Ambiguous (≥ ≤ × ÷) and control
//      characters (callers handle '\t' themselves).
int display_width(char32_t cp);
std::size_t display_width(std::u32string_view text);

// True when `bytes` begins with the UTF-8 byte order mark EF BB BF.
bool starts_with_bom(std::string_view bytes);

}  // namespace rubric
