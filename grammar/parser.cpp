// The statement loop: parse one statement with X3, and on a syntax error
// record it, skip to the next statement and go on, so that one run reports
// every independent mistake in a file.
#include "grammar/parser.hpp"

#include "grammar/config.hpp"
#include "grammar/rubric_grammar.hpp"
#include "grammar/tokens.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace rubric::grammar {

namespace {

using iterator = iterator_type;

constexpr std::array<std::u32string_view, 25> statement_keywords = {
    U"规则集", U"地区", U"年度", U"类型", U"简称", U"输入", U"约束", U"计算", U"指标体系",
    U"一级指标", U"二级指标", U"三级指标得分", U"三级指标", U"总分", U"等级",
    U"导入", U"继承", U"规则", U"修改", U"删除", U"增加", U"明细", U"逐行", U"不适用", U"钩子"};

bool starts_with_word(iterator it, iterator end, std::u32string_view word) {
    for (char32_t c : word) {
        if (it == end || *it != c) return false;
        ++it;
    }
    return it == end || !is_identifier_char(*it);
}

bool starts_statement(iterator it, iterator end) {
    for (auto word : statement_keywords)
        if (starts_with_word(it, end, word)) return true;
    return false;
}

bool is_close_brace(char32_t c) { return c == U'}' || c == U'｝'; }

struct Line {
    iterator begin;        // first character of the line
    iterator first_token;  // first non-blank character (== end_of_line when blank)
    iterator end_of_line;  // the '\n' or the end of the text
    size_t indent;         // blanks before first_token
};

Line line_at(iterator it, iterator text_begin, iterator text_end) {
    Line line{};
    line.begin = it;
    while (line.begin != text_begin && *(line.begin - 1) != U'\n') --line.begin;
    line.end_of_line = it;
    while (line.end_of_line != text_end && *line.end_of_line != U'\n') ++line.end_of_line;
    line.first_token = line.begin;
    while (line.first_token != line.end_of_line && is_blank_char(*line.first_token)) ++line.first_token;
    line.indent = static_cast<size_t>(line.first_token - line.begin);
    return line;
}

// A short description of what stands at `it`, for "此处应为 X，实际是 Y".
std::string describe_found(iterator it, iterator end) {
    if (it == end) return "文件结尾";
    if (*it == U'\n' || *it == U'\r') return "行尾";
    iterator stop = it;
    if (is_identifier_char(*stop)) {
        while (stop != end && is_identifier_char(*stop) && stop - it < 16) ++stop;
    } else {
        ++stop;
    }
    return "「" + to_utf8(std::u32string_view(&*it, static_cast<size_t>(stop - it))) + "」";
}

class StatementReader {
public:
    StatementReader(const SourceFile& file, SourceMap& map, ParsedFile& out, DiagnosticList& diagnostics)
        : file_(file), map_(map), out_(out), diagnostics_(diagnostics), text_(file.text()) {}

    void run() {
        if (too_deep()) {
            out_.aborted = true;
            return;
        }
        iterator it = text_.begin();
        const iterator end = text_.end();
        for (;;) {
            x3::skip_over(it, end, x3::make_context<x3::skipper_tag>(skipper));
            if (it == end) break;
            it = read_one(it);
        }
        close_unfinished_groups();
    }

private:
    // The grammar is recursive; refuse absurd nesting before it can exhaust
    // the stack. Brackets inside comments and quoted names do not count.
    bool too_deep() {
        constexpr int max_nesting = 200;
        int depth = 0;
        char32_t closing_quote = 0;
        bool comment = false;
        for (iterator it = text_.begin(); it != text_.end(); ++it) {
            char32_t c = *it;
            if (comment) { comment = c != U'\n'; continue; }
            if (closing_quote) { if (c == closing_quote || c == U'\n') closing_quote = 0; continue; }
            switch (c) {
                case U'#': case U'＃': comment = true; break;
                case U'"': closing_quote = U'"'; break;
                case U'“': closing_quote = U'”'; break;
                case U'「': closing_quote = U'」'; break;
                case U'(': case U'（': case U'[': case U'［': case U'【': case U'{': case U'｛':
                    if (++depth > max_nesting) {
                        error_at(it, it + 1, "括号嵌套超过 " + std::to_string(max_nesting) + " 层，无法读取");
                        return true;
                    }
                    break;
                case U')': case U'）': case U']': case U'］': case U'】': case U'}': case U'｝':
                    if (depth > 0) --depth;
                    break;
                default: break;
            }
        }
        return false;
    }

    iterator read_one(iterator start) {
        const iterator end = text_.end();
        iterator it = start;
        ast::statement stmt;
        try {
            auto const parser = x3::with<position_cache_tag>(std::ref(map_.positions()))[statement()];
            if (x3::phrase_parse(it, end, parser, skipper, stmt)) {
                accept(std::move(stmt), start);
                return it;
            }
            Line line = line_at(start, text_.begin(), end);
            if (start != line.first_token)
                error_at(start, start + 1, "多余的内容" + describe_found(start, end) +
                                               "：这一行在它之前已是一条完整的语句（是否漏了空格或写错了关键字？）");
            else
                error_at(start, start + 1, "无法识别的语句：应以「输入」「约束」「计算」「指标体系」「一级指标」"
                                           "「二级指标」「三级指标」「等级」等关键字开头，实际是" +
                                               describe_found(start, end));
            return resynchronise(start, start);
        } catch (x3::expectation_failure<iterator> const& failure) {
            report_expectation(failure);
            return resynchronise(start, failure.where());
        }
    }

    void report_expectation(x3::expectation_failure<iterator> const& failure) {
        const iterator begin = text_.begin(), end = text_.end();
        iterator where = failure.where();
        // Point at the next token, not at the blank before it; but when the
        // statement simply stops at the end of its line, point at that end.
        iterator next = where;
        x3::skip_over(next, end, x3::make_context<x3::skipper_tag>(skipper));
        bool line_ended = std::find(where, next, U'\n') != next || next == end;
        if (!line_ended) {
            error_at(next, next + 1, explain_failure(failure.which(), next));
            return;
        }
        while (where != begin && (*(where - 1) == U' ' || *(where - 1) == U'\t' || *(where - 1) == U'\u3000')) --where;
        error_at(where, where, "此处应为" + failure.which() + "，但" + (next == end ? "文件" : "这一行") + "已经结束");
    }

    // The message for an unexpected token, with the common causes spelled out.
    std::string explain_failure(const std::string& expected, iterator at) const {
        const iterator end = text_.end();
        char32_t c = *at;
        char32_t closing = c == U'“' ? U'”' : c == U'「' ? U'」' : c == U'"' ? U'"' : 0;
        if (closing) {
            iterator it = at + 1;
            while (it != end && *it != U'\n' && *it != closing) ++it;
            if (it == end || *it != closing)
                return "带引号的名称缺少结尾的「" + to_utf8(std::u32string(1, closing)) + "」：引号中的名称应在同一行内结束";
        }
        if (is_identifier_start(c)) {
            iterator stop = at;
            while (stop != end && is_identifier_char(*stop)) ++stop;
            std::u32string_view word(&*at, static_cast<size_t>(stop - at));
            if (is_reserved_word(word) && expected == "名称")
                return "「" + to_utf8(word) + "」是保留字，不能直接用作名称；如确需使用，请加引号写成“" + to_utf8(word) + "”";
        }
        return "此处应为" + expected + "，实际是" + describe_found(at, end);
    }

    // Skips what is left of a broken statement. Stops at the next line that
    // starts a statement, or at a closing brace indented less than the
    // broken statement (it closes an enclosing group, not the broken one).
    iterator resynchronise(iterator start, iterator failure) {
        const iterator begin = text_.begin(), end = text_.end();
        Line start_line = line_at(start, begin, end);
        note_broken_group_header(start, start_line);

        Line failure_line = line_at(failure == end && failure != begin ? failure - 1 : failure, begin, end);
        iterator probe = failure;
        x3::skip_over(probe, end, x3::make_context<x3::skipper_tag>(skipper));
        Line probe_line = line_at(probe, begin, end);
        if (probe != end && probe == probe_line.first_token && probe != start &&
            starts_statement(probe, end))
            return probe;

        iterator next = failure_line.end_of_line;
        while (next != end) {
            ++next;  // past '\n'
            Line line = line_at(next, begin, end);
            if (line.first_token != line.end_of_line) {
                if (starts_statement(line.first_token, end)) return line.first_token;
                if (is_close_brace(*line.first_token) && line.indent < start_line.indent)
                    return line.first_token;
            }
            next = line.end_of_line;
        }
        return end;
    }

    // A group header with a mistake still opens a block; keep a stand-in group
    // so that its closing brace does not close the enclosing group.
    void note_broken_group_header(iterator start, const Line& line) {
        const iterator end = text_.end();
        bool header = starts_with_word(start, end, U"指标体系") || starts_with_word(start, end, U"一级指标") ||
                      starts_with_word(start, end, U"二级指标") || starts_with_word(start, end, U"增加");
        if (!header) return;
        for (iterator it = start; it != line.end_of_line; ++it) {
            if (*it == U'{' || *it == U'｛') {
                ast::group_open stand_in;
                stand_in.level = starts_with_word(start, end, U"指标体系") ? ast::group_level::root
                                    : starts_with_word(start, end, U"一级指标") ? ast::group_level::first
                                                                                : ast::group_level::second;
                broken_.push_back(true);
                push_group(std::move(stand_in));
                return;
            }
        }
    }

    void accept(ast::statement&& stmt, iterator start) {
        auto& value = stmt.get();
        if (auto* m = boost::get<ast::meta_decl>(&value)) return out_.meta.push_back(std::move(*m));
        if (auto* i = boost::get<ast::input_decl>(&value)) return out_.inputs.push_back(std::move(*i));
        if (auto* c = boost::get<ast::constraint_decl>(&value)) return out_.constraints.push_back(std::move(*c));
        if (auto* d = boost::get<ast::derived_decl>(&value)) return out_.derived.push_back(std::move(*d));
        if (auto* r = boost::get<ast::score_rounding>(&value)) return out_.score_roundings.push_back(std::move(*r));
        if (auto* g = boost::get<ast::grade_decl>(&value)) return out_.grades.push_back(std::move(*g));
        if (auto* o = boost::get<ast::group_open>(&value)) {
            broken_.push_back(false);
            return push_group(std::move(*o));
        }
        if (boost::get<ast::group_close>(&value)) return pop_group(start);
        if (auto* l = boost::get<ast::leaf_decl>(&value)) return add_leaf(std::move(*l), start);
        if (auto* i = boost::get<ast::import_decl>(&value)) return out_.imports.push_back(std::move(*i));
        if (auto* e = boost::get<ast::extends_decl>(&value)) return out_.extends.push_back(std::move(*e));
        if (auto* r = boost::get<ast::named_rule_decl>(&value)) return out_.rules.push_back(std::move(*r));
        if (auto* m = boost::get<ast::modify_indicator>(&value)) return out_.modified_indicators.push_back(std::move(*m));
        if (auto* m = boost::get<ast::modify_derived>(&value)) return out_.modified_derived.push_back(std::move(*m));
        if (auto* m = boost::get<ast::modify_input>(&value)) return out_.modified_inputs.push_back(std::move(*m));
        if (auto* r = boost::get<ast::remove_decl>(&value)) return out_.removals.push_back(std::move(*r));
        if (auto* r = boost::get<ast::rows_and_hooks_statement>(&value)) return accept_rows_and_hooks(std::move(*r), start);
        if (auto* a = boost::get<ast::add_open>(&value)) {
            if (!open_.empty()) {
                error_at(start, start + 2, "「增加 到 …」应写在最外层，不能写在指标之内");
            }
            broken_.push_back(false);
            out_.additions.push_back(TreeNode{std::move(*a), {}, {}});
            open_.push_back(&out_.additions.back());
            return;
        }
    }

    std::vector<TreeNode>& current_children() {
        return open_.empty() ? out_.tree : open_.back()->children;
    }

    void push_group(ast::group_open&& group) {
        auto& siblings = current_children();
        siblings.push_back(TreeNode{std::move(group), {}, {}});
        open_.push_back(&siblings.back());
    }

    void pop_group(iterator at) {
        if (open_.empty()) {
            error_at(at, at + 1, "多余的「}」：前面没有尚未结束的指标体系、一级指标或二级指标");
            return;
        }
        open_.pop_back();
        broken_.pop_back();
    }

    void add_leaf(ast::leaf_decl&& leaf, iterator at) {
        if (open_.empty()) {
            error_at(at, at + 4, "三级指标必须写在「二级指标 … { }」之内");
            return;
        }
        open_.back()->children.push_back(TreeNode{std::move(leaf), {}, {}});
    }

    void accept_rows_and_hooks(ast::rows_and_hooks_statement&& stmt, iterator start) {
        auto& value = stmt.get();
        if (auto* d = boost::get<ast::detail_decl>(&value)) return out_.details.push_back(std::move(*d));
        if (auto* n = boost::get<ast::na_policy>(&value)) return out_.na_policies.push_back(std::move(*n));
        if (auto* h = boost::get<ast::hook_decl>(&value)) return out_.hooks.push_back(std::move(*h));
        if (auto* p = boost::get<ast::per_row>(&value)) return add_per_row(std::move(*p), start);
    }

    void add_per_row(ast::per_row&& rows, iterator at) {
        if (open_.empty() || open_.back()->is_addition()) {
            error_at(at, at + 2, "「逐行」必须写在一级指标或二级指标的「{ }」之内");
            return;
        }
        open_.back()->per_rows.push_back(std::move(rows));
    }

    void close_unfinished_groups() {
        for (size_t i = open_.size(); i-- > 0;) {
            if (broken_[i]) continue;  // already reported
            std::string what = "「增加」";
            const x3::position_tagged* tagged = nullptr;
            if (open_[i]->is_addition()) {
                tagged = &open_[i]->addition();
            } else {
                const auto& group = open_[i]->group();
                tagged = &group;
                what = group.label ? "「" + to_utf8(group.label->text) + "」" : "指标体系";
            }
            Span span = map_.sources().locate(map_.span_of(*tagged)).local;
            diagnostics_.error(file_, Span{span.begin, span.begin + 1}, what + "缺少对应的「}」（文件在此之前结束）");
        }
        open_.clear();
    }

    void error_at(iterator from, iterator to, std::string message) {
        auto begin = static_cast<uint32_t>(from - text_.begin());
        auto end = static_cast<uint32_t>(to - text_.begin());
        diagnostics_.error(file_, Span{begin, end}, std::move(message));
    }

    const SourceFile& file_;
    SourceMap& map_;
    ParsedFile& out_;
    DiagnosticList& diagnostics_;
    const std::u32string& text_;
    // Pointers into the tree stay valid: a group's children vector only grows
    // while that group is the innermost open one, and no pointer to those
    // children is held at that time.
    std::vector<TreeNode*> open_;
    std::vector<bool> broken_;
};

}  // namespace

ParsedFile parse_file(const SourceFile& file, SourceMap& map, DiagnosticList& diagnostics) {
    ParsedFile out;
    out.file = &file;
    StatementReader(file, map, out, diagnostics).run();
    return out;
}

}  // namespace rubric::grammar
