#include "interpreter/compare_reasons.hpp"

#include <algorithm>
#include <optional>

namespace rubric {

namespace {

std::string_view trimmed(std::string_view s) {
    const size_t b = s.find_first_not_of(' ');
    return b == std::string_view::npos ? std::string_view() : s.substr(b);
}

// "分档「满意度」= 95%，落在「≥ 95%」档 → 6" → {"分档「满意度」= 95%", "≥ 95%", "6"}.
struct TierLine {
    std::string_view subject, tier, score;
};

std::optional<TierLine> tier_line(std::string_view line) {
    static constexpr std::string_view mark = "，落在「";
    const size_t at = line.find(mark);
    const size_t close = line.find("」档", at == std::string_view::npos ? 0 : at);
    if (at == std::string_view::npos || close == std::string_view::npos) return std::nullopt;
    TierLine t;
    t.subject = line.substr(0, at);
    t.tier = line.substr(at + mark.size(), close - at - mark.size());
    const size_t arrow = line.find("→ ", close);
    t.score = arrow == std::string_view::npos ? std::string_view() : line.substr(arrow + 4);
    return t;
}

}  // namespace

// Explain blocks by the path in their 【…】 header, in the order they come.
std::vector<std::pair<std::string_view, ExplainBlock>> explain_blocks(std::string_view explain) {
    static constexpr std::string_view open = "【", close = "】";
    std::vector<std::pair<std::string_view, ExplainBlock>> out;
    ExplainBlock* current = nullptr;
    size_t start = 0;
    while (start < explain.size()) {
        size_t end = explain.find('\n', start);
        if (end == std::string_view::npos) end = explain.size();
        const std::string_view line = explain.substr(start, end - start);
        start = end + 1;
        if (line.starts_with(open)) {
            const size_t at = line.find(close);
            const std::string_view path = line.substr(open.size(), at == std::string_view::npos ? std::string_view::npos
                                                                                                : at - open.size());
            auto same = std::find_if(out.begin(), out.end(), [&](const auto& b) { return b.first == path; });
            current = same != out.end() ? &same->second : &out.emplace_back(path, ExplainBlock{}).second;
            current->push_back(line);
        } else if (current && line.starts_with("  ")) {
            current->push_back(line);
        } else {
            current = nullptr;
        }
    }
    return out;
}

const ExplainBlock& block_named(const std::vector<std::pair<std::string_view, ExplainBlock>>& blocks,
                                std::string_view path) {
    static const ExplainBlock none;
    for (const auto& [name, block] : blocks)
        if (name == path) return block;
    return none;
}

// The pieces joined: the reason's text.
std::string joined(std::initializer_list<std::string_view> pieces) {
    size_t size = 0;
    for (std::string_view p : pieces) size += p.size();
    std::string out;
    out.reserve(size);
    for (std::string_view p : pieces) out += p;
    return out;
}

// The first line of the new block that the old one lacks (and its counterpart).
std::string reason_from(const ExplainBlock& old_block, const ExplainBlock& new_block) {
    if (old_block.empty() && new_block.empty()) return "";
    if (old_block.empty()) return "新规则集增加了这个指标";
    if (new_block.empty()) return "新规则集删去了这个指标";
    // The lines after the headers, trimmed, each read as a tier line once.
    struct Line {
        std::string_view text;
        std::optional<TierLine> tier;
    };
    auto lines_of = [](const ExplainBlock& block) {
        std::vector<Line> out;
        out.reserve(block.size());
        for (size_t i = 1; i < block.size(); ++i) {
            const std::string_view text = trimmed(block[i]);
            out.push_back({text, tier_line(text)});
        }
        return out;
    };
    const std::vector<Line> olds = lines_of(old_block), news = lines_of(new_block);
    auto has = [](const std::vector<Line>& lines, std::string_view text) {
        return std::any_of(lines.begin(), lines.end(), [&](const Line& l) { return l.text == text; });
    };
    // A tier that chose differently, or scores differently, says it best.
    for (const Line& n : news) {
        if (!n.tier || has(olds, n.text)) continue;
        const TierLine& nt = *n.tier;
        for (const Line& o : olds) {
            if (!o.tier || o.tier->subject != nt.subject) continue;
            const TierLine& ot = *o.tier;
            if (ot.tier == nt.tier)
                return joined({nt.subject, "，仍落在「", nt.tier, "」档，这一档的得分由 ", ot.score, " 改为 ", nt.score});
            return joined({nt.subject, "，现在落在「", nt.tier, "」档（原来落在「", ot.tier, "」档）"});
        }
    }
    for (size_t i = 0; i < news.size(); ++i) {
        const Line& n = news[i];
        if (has(olds, n.text)) continue;
        if (n.text.starts_with("得分 = ") && i + 1 == news.size() && news.size() > 1) continue;  // the final rounding
        static const Line none{};
        const Line& o = i < olds.size() ? olds[i] : none;
        if (n.tier && o.tier && n.tier->subject == o.tier->subject)
            return joined({n.tier->subject, "，现在落在「", n.tier->tier, "」档（原来落在「", o.tier->tier, "」档）"});
        if (n.tier && o.tier)
            return joined({n.tier->subject, "，落在「", n.tier->tier, "」档（原来 ", o.tier->subject, "，落在「",
                           o.tier->tier, "」档）"});
        if (o.text.empty() || has(news, o.text)) return joined({"新：", n.text});
        return joined({"原：", o.text, "；新：", n.text});
    }
    for (const Line& o : olds)
        if (!has(news, o.text)) return joined({"原：", o.text});
    return "";
}

}  // namespace rubric
