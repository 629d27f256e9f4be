#include "interpreter/diagnostic.hpp"

#include <algorithm>
#include <tuple>
#include <utility>

#include "interpreter/utf8.hpp"

namespace rubric {

namespace {

// clang's palette (see clang/lib/Frontend/TextDiagnostic.cpp).
constexpr const char* kBold = "\033[1m";
constexpr const char* kReset = "\033[0m";
constexpr const char* kCaretColor = "\033[0;1;32m";
constexpr std::size_t kTabStop = 8;

const char* severity_color(Severity severity) {
    switch (severity) {
        case Severity::error: return "\033[0;1;31m";
        case Severity::warning: return "\033[0;1;35m";
        case Severity::note: return "\033[0;1;30m";
    }
    return kBold;
}

// Control characters would move the terminal cursor; show them as blanks.
bool is_control(char32_t cp) {
    return cp != U'\t' && (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F));
}

std::string printable_line(std::u32string_view line) {
    std::string out;
    for (char32_t cp : line) append_utf8(out, is_control(cp) ? U' ' : cp);
    return out;
}

// Cells a character occupies when the cursor is at terminal column `col`.
std::size_t advance(char32_t cp, std::size_t col) {
    if (cp == U'\t') return kTabStop - col % kTabStop;
    return std::size_t(display_width(cp));
}

void render_header(std::string& out, const Diagnostic& d, bool color) {
    if (color) out += kBold;
    if (d.file != nullptr) {
        const LineCol lc = d.file->line_col(d.span.begin);
        out += d.file->path() + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.column) + ": ";
    } else {
        out += "rubric: ";
    }
    if (color) out += severity_color(d.severity);
    out += severity_name(d.severity);
    out += ": ";
    if (color) out += std::string(kReset) + kBold;
    out += d.message;
    if (color) out += kReset;
    out += '\n';
}

// The caret line's content after the gutter: padding, then ^~~~.
// `col` is the terminal column where that content starts (for tab stops).
std::string caret_text(std::u32string_view line, std::size_t caret, std::size_t end,
                       std::size_t col, bool color) {
    std::string out;
    for (std::size_t i = 0; i < caret; ++i) {
        const std::size_t cells = advance(line[i], col);
        // A tab is copied so it lands on the same tab stop as in the line above.
        out += line[i] == U'\t' ? std::string("\t") : std::string(cells, ' ');
        col += cells;
    }
    std::size_t width = 0;
    for (std::size_t i = caret; i < end; ++i) {
        const std::size_t cells = advance(line[i], col + width);
        width += cells;
    }
    if (color) out += kCaretColor;
    out += '^';
    out += std::string(width > 1 ? width - 1 : 0, '~');
    if (color) out += kReset;
    return out;
}

void render_snippet(std::string& out, const Diagnostic& d, bool color) {
    const SourceFile& file = *d.file;
    const LineCol lc = file.line_col(d.span.begin);
    const std::u32string_view line = file.line_text(lc.line);
    const std::string number = std::to_string(lc.line);
    const std::size_t digits = std::max<std::size_t>(4, number.size());
    const std::string blank_gutter = " " + std::string(digits, ' ') + " | ";

    // The span's part on this line, as indices into `line`.
    const std::size_t caret = lc.column - 1;
    const std::size_t line_begin = file.line_start(lc.line);
    const std::size_t span_end = std::max<std::size_t>(d.span.end, line_begin);
    const std::size_t end = std::clamp(span_end - line_begin, caret, line.size());

    out += " " + std::string(digits - number.size(), ' ') + number + " | ";
    out += printable_line(line) + "\n";
    out += blank_gutter + caret_text(line, caret, end, blank_gutter.size(), color) + "\n";
}

void render_into(std::string& out, const Diagnostic& d, bool color) {
    render_header(out, d, color);
    if (d.file != nullptr) render_snippet(out, d, color);
    for (const Diagnostic& note : d.notes) render_into(out, note, color);
}

std::size_t count_severity(const std::vector<Diagnostic>& items, Severity severity) {
    return std::size_t(std::count_if(items.begin(), items.end(),
                                     [&](const Diagnostic& d) { return d.severity == severity; }));
}

}  // namespace

const char* severity_name(Severity severity) {
    switch (severity) {
        case Severity::error: return "error";
        case Severity::warning: return "warning";
        case Severity::note: return "note";
    }
    return "error";
}

Diagnostic make_note(const SourceFile& file, Span span, std::string message) {
    return Diagnostic{Severity::note, std::move(message), &file, span, {}};
}

Diagnostic make_note(std::string message) {
    return Diagnostic{Severity::note, std::move(message), nullptr, {}, {}};
}

std::string render(const Diagnostic& diagnostic, bool color) {
    std::string out;
    render_into(out, diagnostic, color);
    return out;
}

Diagnostic& DiagnosticList::add(Diagnostic diagnostic) {
    items_.push_back(std::move(diagnostic));
    return items_.back();
}

Diagnostic& DiagnosticList::error(const SourceFile& file, Span span, std::string message) {
    return error(&file, span, std::move(message));
}

Diagnostic& DiagnosticList::error(const SourceFile* file, Span span, std::string message) {
    return add(Diagnostic{Severity::error, std::move(message), file, span, {}});
}

Diagnostic& DiagnosticList::error(std::string message) {
    return error(nullptr, Span{}, std::move(message));
}

Diagnostic& DiagnosticList::warning(const SourceFile& file, Span span, std::string message) {
    return warning(&file, span, std::move(message));
}

Diagnostic& DiagnosticList::warning(const SourceFile* file, Span span, std::string message) {
    return add(Diagnostic{Severity::warning, std::move(message), file, span, {}});
}

Diagnostic& DiagnosticList::warning(std::string message) {
    return warning(nullptr, Span{}, std::move(message));
}

void DiagnosticList::append(DiagnosticList other) {
    items_.insert(items_.end(), std::make_move_iterator(other.items_.begin()),
                  std::make_move_iterator(other.items_.end()));
}

std::size_t DiagnosticList::error_count() const {
    return count_severity(items_, Severity::error);
}

std::size_t DiagnosticList::warning_count() const {
    return count_severity(items_, Severity::warning);
}

void DiagnosticList::sort_by_location() {
    auto key = [](const Diagnostic& d) {
        static const std::string none;
        return std::tuple<bool, const std::string&, uint32_t>(
            d.file != nullptr, d.file ? d.file->path() : none, d.span.begin);
    };
    std::stable_sort(items_.begin(), items_.end(),
                     [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
}

std::string DiagnosticList::render_all(bool color) const {
    std::string out;
    for (const Diagnostic& d : items_) render_into(out, d, color);
    std::vector<std::string> parts;
    if (const std::size_t n = error_count()) parts.push_back(std::to_string(n) + " 个错误");
    if (const std::size_t n = warning_count()) parts.push_back(std::to_string(n) + " 个警告");
    for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? "，" : "") + parts[i];
    if (!parts.empty()) out += '\n';
    return out;
}

}  // namespace rubric
