// Compiler-style diagnostics (errors, warnings, notes) rendered like clang.
//
// Output format (stable; tests depend on it), without color:
//
//   <path>:<line>:<column>: <severity>: <message>
//   <gutter> | <source line>
//   <blank>  | <padding>^~~~~
//
//   * line and column are 1-based; the column counts code points.
//   * severity is the English word "error", "warning" or "note"; the
//     message is UTF-8 (Chinese for users).
//   * the gutter is one space plus the line number right-aligned in
//     max(4, digits) columns, i.e. "   12 | " and "      | ".
//   * the padding before the caret has the terminal display width of the
//     text before the span (CJK characters 2 cells, combining marks 0);
//     tab characters are copied as tabs so both lines hit the same tab stop.
//   * '^' marks the first character and '~' extends it to the span's display
//     width, so a single CJK character is underlined "^~".  Tabs inside the
//     span are underlined to the next 8-column tab stop.  A span crossing the
//     end of its line is underlined to the end of the line; an empty span or
//     one starting at the line terminator or the end of the file gets a
//     single '^' just after the last character.
//   * control characters other than tab in the echoed line are shown as
//     spaces so they cannot disturb the terminal.
//   * a diagnostic with no file renders as the single line
//     "rubric: <severity>: <message>".
//   * attached notes follow, in the same format, depth first.
//   * every line, including the last, ends in '\n'.
//
// With color, the clang palette is used: bold location and message, bold
// red "error:", bold magenta "warning:", bold black "note:", bold green
// caret line.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "interpreter/source.hpp"

namespace rubric {

enum class Severity { error, warning, note };

// "error", "warning" or "note".
const char* severity_name(Severity severity);

struct Diagnostic {
    Severity severity = Severity::error;
    std::string message;  // UTF-8
    const SourceFile* file = nullptr;  // null: no location
    Span span;
    std::vector<Diagnostic> notes;
};

// A note to attach to Diagnostic::notes.
Diagnostic make_note(const SourceFile& file, Span span, std::string message);
Diagnostic make_note(std::string message);

std::string render(const Diagnostic& diagnostic, bool color = false);

// Collects diagnostics in the order they are reported.
// The references returned by add/error/warning are valid until the next
// call that adds or reorders; use them to attach notes right away:
//   diags.error(file, span, "…").notes.push_back(make_note(file, def, "…"));
class DiagnosticList {
public:
    Diagnostic& add(Diagnostic diagnostic);
    Diagnostic& error(const SourceFile& file, Span span, std::string message);
    Diagnostic& error(const SourceFile* file, Span span, std::string message);
    Diagnostic& error(std::string message);
    Diagnostic& warning(const SourceFile& file, Span span, std::string message);
    Diagnostic& warning(const SourceFile* file, Span span, std::string message);
    Diagnostic& warning(std::string message);

    // Appends all of `other` (e.g. gathered by a worker thread).
    void append(DiagnosticList other);

    // Counts top-level diagnostics only; attached notes are not counted.
    std::size_t error_count() const;
    std::size_t warning_count() const;
    bool has_errors() const { return error_count() > 0; }

    std::size_t size() const { return items_.size(); }
    bool empty() const { return items_.empty(); }
    const std::vector<Diagnostic>& items() const { return items_; }
    auto begin() const { return items_.begin(); }
    auto end() const { return items_.end(); }
    void clear() { items_.clear(); }

    // Stable sort: diagnostics without a file first, then by file path, then
    // by span.begin; ties keep insertion order.
    void sort_by_location();

    // All diagnostics rendered in order, then a summary line such as
    // "2 个错误，1 个警告\n" (zero parts omitted; no summary when there are
    // neither errors nor warnings).  Empty string when the list is empty.
    std::string render_all(bool color = false) const;

private:
    std::vector<Diagnostic> items_;
};

}  // namespace rubric
