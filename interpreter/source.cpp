#include "interpreter/source.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "interpreter/utf8.hpp"

namespace rubric {

namespace {

constexpr std::size_t kMaxCodePoints = std::numeric_limits<uint32_t>::max();

std::string invalid_utf8_message(std::string_view bytes, std::size_t offset) {
    const auto newlines = std::count(bytes.begin(), bytes.begin() + offset, '\n');
    return "文件不是有效的 UTF-8 编码（第 " + std::to_string(newlines + 1) +
           " 行，字节偏移 " + std::to_string(offset) + "）";
}

std::vector<uint32_t> compute_line_starts(const std::u32string& text) {
    std::vector<uint32_t> starts{0};
    for (std::size_t i = 0; i + 1 < text.size(); ++i) {
        if (text[i] == U'\n') starts.push_back(uint32_t(i + 1));
    }
    return starts;
}

}  // namespace

std::variant<SourceFile, std::string> SourceFile::from_utf8(std::string path, std::string bytes) {
    const std::size_t skip = starts_with_bom(bytes) ? 3 : 0;
    std::u32string text;
    std::size_t bad = 0;
    if (!decode_utf8(std::string_view(bytes).substr(skip), text, bad)) {
        return invalid_utf8_message(bytes, skip + bad);
    }
    if (text.size() > kMaxCodePoints) return std::string("文件过大，超过 4G 个字符");
    return SourceFile(std::move(path), std::move(text));
}

SourceFile::SourceFile(std::string path, std::u32string text)
    : path_(std::move(path)), text_(std::move(text)) {
    if (!text_.empty() && text_.front() == U'\uFEFF') text_.erase(0, 1);
    if (text_.size() > kMaxCodePoints) throw std::length_error("rubric::SourceFile: text too long");
    line_starts_ = compute_line_starts(text_);
}

uint32_t SourceFile::line_start(uint32_t line) const {
    line = std::clamp<uint32_t>(line, 1, line_count());
    return line_starts_[line - 1];
}

std::u32string_view SourceFile::line_text(uint32_t line) const {
    if (line == 0 || line > line_count()) return {};
    const std::size_t begin = line_starts_[line - 1];
    const std::size_t end = line < line_count() ? line_starts_[line] : text_.size();
    std::u32string_view view = std::u32string_view(text_).substr(begin, end - begin);
    // Only a terminator is stripped: "\n" or "\r\n", never a lone final "\r".
    if (!view.empty() && view.back() == U'\n') {
        view.remove_suffix(1);
        if (!view.empty() && view.back() == U'\r') view.remove_suffix(1);
    }
    return view;
}

LineCol SourceFile::line_col(uint32_t offset) const {
    offset = std::min(offset, size());
    const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    const auto line = uint32_t(it - line_starts_.begin());  // >= 1: starts[0] == 0
    const uint32_t within = offset - line_starts_[line - 1];
    const auto length = uint32_t(line_text(line).size());
    return {line, std::min(within, length) + 1};
}

std::u32string_view SourceFile::slice(Span span) const {
    const uint32_t begin = std::min(span.begin, size());
    const uint32_t end = std::clamp(span.end, begin, size());
    return std::u32string_view(text_).substr(begin, end - begin);
}

}  // namespace rubric
