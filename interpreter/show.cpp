#include "interpreter/show.hpp"

#include "interpreter/utf8.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace rubric {

namespace fs = std::filesystem;

namespace {

class Printer {
public:
    explicit Printer(const ParsedRuleset& r) : r_(r) {}

    std::string run() {
        header();
        section("输入", r_.inputs);
        section("明细", r_.details);
        section("约束", r_.constraints);
        section("计算", r_.derived);
        section("钩子", r_.hooks);
        section("规则", r_.rules);
        section("不适用", r_.na_policies);
        roundings_and_grades();
        out_ += "\n# ——— 指标体系 ———\n";
        for (const grammar::TreeNode& n : r_.tree) node(n, 0);
        return out_;
    }

private:
    std::string text(Span span) const { return encode_utf8(r_.sources->slice(span)); }
    Span span(const x3::position_tagged& n) const { return r_.span_of(n); }

    // file:line of a span, for the origin comments.
    std::string origin(Span s) const {
        SourceSet::Location at = r_.sources->locate(s);
        if (!at.file) return "";
        return at.file->path() + ":" + std::to_string(at.file->line_col(at.local.begin).line);
    }

    // A declaration as written; continuation lines re-indented under `indent`.
    std::string as_written(Span s, size_t indent) const {
        SourceSet::Location at = r_.sources->locate(s);
        std::u32string_view first_line = at.file->line_text(at.file->line_col(at.local.begin).line);
        size_t original_indent = 0;
        while (original_indent < first_line.size() &&
               (first_line[original_indent] == U' ' || first_line[original_indent] == U'\t'))
            ++original_indent;
        std::string result;
        std::u32string_view body = r_.sources->slice(s);
        size_t start = 0;
        bool first = true;
        while (start <= body.size()) {
            size_t end = body.find(U'\n', start);
            std::u32string_view line = body.substr(start, end == std::u32string_view::npos ? body.size() - start : end - start);
            if (!first) {
                size_t cut = 0;
                while (cut < original_indent && cut < line.size() && (line[cut] == U' ' || line[cut] == U'\t')) ++cut;
                result += "\n" + std::string(indent, ' ');
                line.remove_prefix(cut);
            }
            result += encode_utf8(line);
            first = false;
            if (end == std::u32string_view::npos) break;
            start = end + 1;
        }
        return result;
    }

    // The note goes on the first line of a declaration that spans several.
    void line(size_t indent, const std::string& body, const std::string& note) {
        size_t first_end = body.find('\n');
        out_ += std::string(indent, ' ') + body.substr(0, first_end);
        if (!note.empty()) out_ += "    # " + note;
        if (first_end != std::string::npos) out_ += body.substr(first_end);
        out_ += "\n";
    }

    void header() {
        out_ += "# 生效的规则集：由以下文件组成（第一个是规则集本身）\n";
        for (const auto& f : r_.sources->files()) out_ += "#   " + f->path() + "\n";
        out_ += "\n";
        for (const ast::meta_decl& m : r_.meta) line(0, text(span(m)), origin(span(m)));
    }

    template <typename Decl>
    void section(const char* title, const std::vector<Decl>& decls) {
        if (decls.empty()) return;
        out_ += std::string("\n# ——— ") + title + " ———\n";
        for (const Decl& d : decls) line(0, as_written(span(d), 0), origin(span(d)));
    }

    void roundings_and_grades() {
        if (!r_.score_roundings.empty() || !r_.grades.empty()) out_ += "\n# ——— 得分舍入与等级 ———\n";
        for (const auto& s : r_.score_roundings) line(0, text(span(s)), origin(span(s)));
        for (const auto& g : r_.grades) line(0, as_written(span(g), 0), origin(span(g)));
    }

    void node(const grammar::TreeNode& n, size_t indent) {
        if (n.is_leaf()) return leaf(n.leaf(), indent);
        const ast::group_open& g = n.group();
        static const char* words[] = {"指标体系", "一级指标", "二级指标"};
        std::string head = words[static_cast<int>(g.level)];
        if (g.label) head += " " + text(span(*g.label));
        if (g.points) head += "（" + encode_utf8(g.points->text) + "分）";
        std::string note = origin(span(g.label ? static_cast<const x3::position_tagged&>(*g.label)
                                               : static_cast<const x3::position_tagged&>(g)));
        if (g.points && g.label && file_of(span(*g.points)) != file_of(span(*g.label)))
            note += "；分值改于 " + origin(span(*g.points));
        line(indent, head + " {", note);
        for (const ast::per_row& p : n.per_rows) line(indent + 2, as_written(span(p), indent + 2), origin(span(p)));
        for (const grammar::TreeNode& c : n.children) node(c, indent + 2);
        line(indent, "}", "");
    }

    void leaf(const ast::leaf_decl& l, size_t indent) {
        std::string head = "三级指标 " + text(span(l.label)) + "（" + encode_utf8(l.points.text) + "分）";
        const x3::position_tagged* body = nullptr;
        if (const auto* r = boost::get<ast::rule>(&l.body.get())) body = r;
        else body = &boost::get<ast::parts_rule>(l.body.get());
        const bool block = boost::get<ast::parts_rule>(&l.body.get()) != nullptr;
        std::string note = origin(span(l.label));
        if (file_of(span(*body)) != file_of(span(l.label))) note += "；计分规则改于 " + origin(span(*body));
        if (file_of(span(l.points)) != file_of(span(l.label))) note += "；分值改于 " + origin(span(l.points));
        line(indent, head + (block ? " " : "：") + as_written(span(*body), indent), note);
    }

    const SourceFile* file_of(Span s) const { return r_.sources->locate(s).file; }

    const ParsedRuleset& r_;
    std::string out_;
};

// The value of a `key value` statement line (简称 "龙华/2021"), without quotes.
std::string meta_value(const std::string& line, const std::string& key) {
    size_t start = line.find_first_not_of(" \t");
    if (start == std::string::npos || line.compare(start, key.size(), key) != 0) return {};
    std::string value = line.substr(start + key.size());
    if (value.empty() || (value[0] != ' ' && value[0] != '\t')) return {};
    if (auto hash = value.find('#'); hash != std::string::npos) value.resize(hash);
    for (const char* q : {"\"", "“", "”", "「", "」", "\r"})
        for (size_t at; (at = value.find(q)) != std::string::npos;) value.erase(at, std::string(q).size());
    size_t b = value.find_first_not_of(" \t"), e = value.find_last_not_of(" \t");
    return b == std::string::npos ? "" : value.substr(b, e - b + 1);
}

}  // namespace

std::string show_ruleset(const ParsedRuleset& ruleset) { return Printer(ruleset).run(); }

std::vector<RulesetListing> list_rulesets(const std::vector<std::string>& folders) {
    std::vector<RulesetListing> out;
    std::vector<fs::path> seen;
    for (const std::string& folder : folders) {
        std::error_code ec;
        for (const auto& entry : fs::directory_iterator(folder, ec)) {
            if (entry.path().extension() != ".rubric") continue;
            // The same file reached through two folders is listed once.
            fs::path canonical = fs::weakly_canonical(entry.path(), ec);
            if (std::find(seen.begin(), seen.end(), canonical) != seen.end()) continue;
            seen.push_back(canonical);
            RulesetListing l;
            fs::path shown = entry.path().lexically_normal().lexically_proximate(fs::current_path(ec));
            l.path = shown.empty() || *shown.begin() == ".." ? entry.path().lexically_normal().string() : shown.string();
            std::ifstream in(entry.path());
            std::string text;
            for (int n = 0; n < 200 && std::getline(in, text); ++n) {
                if (auto v = meta_value(text, "规则集"); !v.empty() && l.title.empty()) l.title = v;
                if (auto v = meta_value(text, "地区"); !v.empty() && l.district.empty()) l.district = v;
                if (auto v = meta_value(text, "年度"); !v.empty() && l.year.empty()) l.year = v;
                if (auto v = meta_value(text, "类型"); !v.empty() && l.category.empty()) l.category = v;
                if (auto v = meta_value(text, "简称"); !v.empty() && l.short_name.empty()) l.short_name = v;
            }
            out.push_back(std::move(l));
        }
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
    return out;
}

std::string format_listing(const std::vector<RulesetListing>& listings) {
    auto width = [](const std::string& s) {
        std::u32string u;
        size_t bad = 0;
        decode_utf8(s, u, bad);
        return display_width(u);
    };
    std::vector<std::vector<std::string>> rows{{"简称", "地区", "年度", "类型", "文件", "名称"}};
    for (const auto& l : listings) rows.push_back({l.short_name, l.district, l.year, l.category, l.path, l.title});
    std::vector<size_t> widths(6, 0);
    for (const auto& r : rows)
        for (size_t c = 0; c < r.size(); ++c) widths[c] = std::max(widths[c], width(r[c]));
    std::string out;
    for (const auto& r : rows) {
        std::string line;
        for (size_t c = 0; c < r.size(); ++c) {
            line += r[c];
            if (c + 1 < r.size()) line += std::string(widths[c] - width(r[c]) + 2, ' ');
        }
        out += line + "\n";
    }
    return out;
}

}  // namespace rubric
