// A decoded source file with line bookkeeping.
//
// Positions everywhere in the interpreter are code-point offsets into the
// decoded text, so a Chinese character is one position and one column.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace rubric {

// Half-open range [begin, end) of code-point offsets into SourceFile::text().
struct Span {
    uint32_t begin = 0, end = 0;

    constexpr uint32_t length() const { return end > begin ? end - begin : 0; }
    constexpr bool empty() const { return length() == 0; }
    friend constexpr bool operator==(Span, Span) = default;
};

// Smallest span covering both (e.g. from a rule's first token to its last).
constexpr Span cover(Span a, Span b) {
    return {a.begin < b.begin ? a.begin : b.begin, a.end > b.end ? a.end : b.end};
}

// 1-based line and column; the column counts code points.
struct LineCol {
    uint32_t line = 1, column = 1;
    friend constexpr bool operator==(LineCol, LineCol) = default;
};

// Immutable after construction, hence safe to share across threads.
// Diagnostics keep `const SourceFile*`, so keep the object at a stable
// address (e.g. in a std::unique_ptr or a std::deque) while they live.
//
// Lines end at "\n" or "\r\n" (a lone "\r" is ordinary text).  A final line
// terminator ends the last line rather than starting an empty one, so "a\n"
// has one line; an empty file has one empty line.
class SourceFile {
public:
    // Decodes `bytes` (strict UTF-8, see decode_utf8) after stripping a
    // leading BOM.  On failure returns a Chinese message without the path,
    // e.g. "文件不是有效的 UTF-8 编码（第 3 行，字节偏移 57）", where the
    // line is 1-based and the offset counts bytes from the start of the
    // file, BOM included.  Callers prefix the path themselves.
    static std::variant<SourceFile, std::string> from_utf8(std::string path, std::string bytes);

    // For already-decoded text (REPL input, tests).  A leading U+FEFF is
    // stripped.  Throws std::length_error beyond UINT32_MAX code points.
    SourceFile(std::string path, std::u32string text);

    const std::string& path() const noexcept { return path_; }
    const std::u32string& text() const noexcept { return text_; }
    uint32_t size() const noexcept { return uint32_t(text_.size()); }

    // Offsets past the end are clamped to the end.  An offset that points at
    // a line terminator, or the end of a file ending in one, maps to the
    // column just after the line's last character.
    LineCol line_col(uint32_t offset) const;

    uint32_t line_count() const noexcept { return uint32_t(line_starts_.size()); }
    // Offset of the first character of a 1-based line (clamped to a valid line).
    uint32_t line_start(uint32_t line) const;
    // Text of a 1-based line without its terminator; empty if out of range.
    std::u32string_view line_text(uint32_t line) const;
    // The text covered by a span, clamped to the file.
    std::u32string_view slice(Span span) const;

private:
    std::string path_;
    std::u32string text_;
    std::vector<uint32_t> line_starts_;  // offset of each line's first character
};

}  // namespace rubric
