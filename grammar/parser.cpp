// The statement loop: parse one statement with X3, and on a syntax error
// record it, skip to the next statement and go on, so that one run reports
// every independent mistake in a file.
#include "grammar/parser.hpp"

#include "grammar/config.hpp"
#include "grammar/rubric_grammar.hpp"
#include "grammar/tokens.hpp"

#include <algorithm>
#include <array>
#include <list>
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
    StatementReader(const SourceFile& file, SourceMap& map, ParsedFile& out, DiagnosticList& diagnostics,
                    const ParseLimits& limits)
        : file_(file), map_(map), out_(out), diagnostics_(diagnostics), text_(file.text()), limits_(limits) {
        depth_.limit = limits.max_nesting_depth;
    }

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
        const int max_nesting = limits_.max_nesting_depth;
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
                        error_at(it, it + 1, "括号嵌套超过 " + std::to_string(max_nesting) +
                                                 " 层，无法读取（上限可用 --max-nesting-depth 调整）");
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
            depth_.depth = 0;
            auto const parser = x3::with<expression_depth_tag>(std::ref(depth_))[
                x3::with<position_cache_tag>(std::ref(map_.positions()))[statement()]];
            if (x3::phrase_parse(it, end, parser, skipper, stmt, x3::skip_flag::dont_post_skip)) {
                if (std::optional<iterator> outer = unclosed_block(start, it)) {
                    // Its block took the 「}」 of an enclosing group: keep what it
                    // read, and give that 「}」 back to the group.
                    accept(std::move(stmt), start);
                    return *outer;
                }
                accept(std::move(stmt), start);
                return it;
            }
            Line line = line_at(start, text_.begin(), end);
            if (start != line.first_token) {
                error_at(start, start + 1, "多余的内容" + describe_found(start, end) +
                                               "：这一行在它之前已是一条完整的语句（是否漏了逗号、空格，或写错了关键字？）");
            } else {
                mark_incomplete();
                error_at(start, start + 1, "无法识别的语句：应以「输入」「约束」「计算」「指标体系」「一级指标」"
                                           "「二级指标」「三级指标」「等级」等关键字开头，实际是" +
                                               describe_found(start, end));
            }
            return resynchronise(start, start);
        } catch (x3::expectation_failure<iterator> const& failure) {
            mark_incomplete();
            report_expectation(failure);
            return resynchronise(start, failure.where());
        } catch (expression_too_deep const& deep) {
            mark_incomplete();
            error_at(deep.where, deep.where + 1, "表达式嵌套超过 " + std::to_string(depth_.limit) +
                                                     " 层（上限可用 --max-nesting-depth 调整）");
            return resynchronise(start, deep.where);
        }
    }

    // The innermost open group loses a statement that could not be read.
    void mark_incomplete() {
        if (!open_.empty()) open_.back()->incomplete = true;
    }

    // A statement with a block ({ … }) whose closing brace is indented less
    // than the statement itself, on a line of its own, closes an enclosing
    // group: the block's own 「}」 is missing. Reports it at the block's
    // 「{」 and returns where that outer 「}」 is.
    std::optional<iterator> unclosed_block(iterator start, iterator stop) {
        const iterator begin = text_.begin(), end = text_.end();
        if (stop == start || !is_close_brace(*(stop - 1)) || unclosed_braces() <= 0) return std::nullopt;
        const iterator brace = stop - 1;
        Line start_line = line_at(start, begin, end);
        Line brace_line = line_at(brace, begin, end);
        if (brace_line.first_token != brace || brace_line.begin == start_line.begin ||
            brace_line.indent >= start_line.indent)
            return std::nullopt;
        iterator open = start;
        while (open != brace && *open != U'{' && *open != U'｛') ++open;
        if (open == brace) return std::nullopt;
        const auto line = static_cast<size_t>(std::count(begin, brace, U'\n')) + 1;
        error_at(open, open + 1, "这个「{」缺少对应的「}」：第 " + std::to_string(line) +
                                     " 行的「}」缩进比这条语句少，应是外层指标的结尾");
        --*unclosed_braces_;
        return brace;
    }

    // How many more 「{」 than 「}」 the file has (comments and quoted names
    // aside). Only then may indentation decide which block lacks its 「}」: a
    // file whose braces balance is read as written, however it is indented.
    long unclosed_braces() {
        if (unclosed_braces_) return *unclosed_braces_;
        long balance = 0;
        char32_t closing_quote = 0;
        bool comment = false;
        for (char32_t c : text_) {
            if (comment) { comment = c != U'\n'; continue; }
            if (closing_quote) { if (c == closing_quote || c == U'\n') closing_quote = 0; continue; }
            if (c == U'#' || c == U'＃') comment = true;
            else if (c == U'"') closing_quote = U'"';
            else if (c == U'“') closing_quote = U'”';
            else if (c == U'「') closing_quote = U'」';
            else if (c == U'{' || c == U'｛') ++balance;
            else if (is_close_brace(c)) --balance;
        }
        unclosed_braces_ = balance;
        return balance;
    }

    void report_expectation(x3::expectation_failure<iterator> const& failure) {
        const iterator begin = text_.begin(), end = text_.end();
        iterator where = failure.where();
        // Point at the next token, not at the blank before it; but when the
        // statement simply stops at the end of its line, point at that end.
        iterator next = where;
        x3::skip_over(next, end, x3::make_context<x3::skipper_tag>(skipper));
        // A statement may go on over several lines; the line "ended" only when
        // what follows is a new statement, a closing brace or nothing, or the
        // line stops in the middle of something (after 「：」, an operator, 则…).
        bool line_ended = next == end || (std::find(where, next, U'\n') != next &&
                                          (starts_statement(next, end) || is_close_brace(*next) ||
                                           stops_midway(where)));
        if (!line_ended) {
            error_at(next, next + 1, explain_failure(failure.which(), next));
            return;
        }
        while (where != begin && (*(where - 1) == U' ' || *(where - 1) == U'\t' || *(where - 1) == U'\u3000')) --where;
        error_at(where, where, "此处应为" + failure.which() + "，但" + (next == end ? "文件" : "这一行") + "已经结束");
    }

    // Does the text before `at` (blanks aside) end with something that needs
    // more after it on its line: punctuation, an operator, or a keyword?
    bool stops_midway(iterator at) const {
        const iterator begin = text_.begin();
        while (at != begin && is_blank_char(*(at - 1))) --at;
        if (at == begin) return false;
        static constexpr std::u32string_view marks = U"：:，,、=＝+＋-－−×*＊·÷/／<>＜＞≤≥≦≧（(";
        if (marks.find(*(at - 1)) != std::u32string_view::npos) return true;
        iterator word = at;
        while (word != begin && is_identifier_char(*(word - 1))) --word;
        static constexpr std::array<std::u32string_view, 17> keywords = {
            U"且", U"或", U"非", U"若", U"则", U"否则", U"否决", U"最低", U"按", U"每", U"扣",
            U"超过", U"低于", U"对标", U"未达标得", U"达到", U"保留"};
        const std::u32string_view last = std::u32string_view(text_).substr(static_cast<size_t>(word - begin),
                                                                            static_cast<size_t>(at - word));
        return std::find(keywords.begin(), keywords.end(), last) != keywords.end();
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
        // =>, =<, >>: a comparison written the wrong way round or doubled.
        auto is_operator = [](char32_t ch) {
            return ch == U'<' || ch == U'>' || ch == U'=' || ch == U'!' || ch == U'＜' || ch == U'＞' || ch == U'＝' ||
                   ch == U'！';
        };
        if (is_operator(c)) {
            iterator from = at, to = at;
            while (from != text_.begin() && is_operator(*(from - 1))) --from;
            while (to != end && is_operator(*to)) ++to;
            if (to - from >= 2)
                return "「" + to_utf8(std::u32string_view(&*from, static_cast<size_t>(to - from))) +
                       "」不是比较运算符：应写成 ≥ ≤ > < = ≠ 之一（也可写 >= <= !=）";
        }
        return "此处应为" + expected + "，实际是" + describe_found(at, end);
    }

    // Skips what is left of a broken statement. Stops at the next line that
    // starts a statement, or at a closing brace indented less than the
    // broken statement (it closes an enclosing group, not the broken one).
    iterator resynchronise(iterator start, iterator failure) {
        const iterator next = skip_broken_statement(start, failure);
        note_unreadable(start, next);
        return next;
    }

    iterator skip_broken_statement(iterator start, iterator failure) {
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
    // A header that lost its 「{」 still heads the lines indented below it.
    // The stand-in for a broken 「增加」 is kept apart: its rows are not part
    // of the tree.
    void note_broken_group_header(iterator start, const Line& line) {
        const iterator begin = text_.begin(), end = text_.end();
        const bool addition = starts_with_word(start, end, U"增加");
        bool header = starts_with_word(start, end, U"指标体系") || starts_with_word(start, end, U"一级指标") ||
                      starts_with_word(start, end, U"二级指标") || addition;
        if (!header) return;
        bool opens = std::find_if(start, line.end_of_line, [](char32_t c) { return c == U'{' || c == U'｛'; }) !=
                     line.end_of_line;
        for (iterator next = line.end_of_line; !opens && next != end;) {
            Line below = line_at(next + 1, begin, end);
            next = below.end_of_line;
            if (below.first_token == below.end_of_line || *below.first_token == U'#' || *below.first_token == U'＃')
                continue;
            opens = below.indent > line.indent && !is_close_brace(*below.first_token);
            break;
        }
        if (!opens) return;
        ast::group_open stand_in;
        stand_in.level = starts_with_word(start, end, U"指标体系") ? ast::group_level::root
                            : starts_with_word(start, end, U"一级指标") ? ast::group_level::first
                                                                        : ast::group_level::second;
        broken_.push_back(true);
        if (addition) {
            discarded_.push_back(TreeNode{std::move(stand_in), {}, {}, true});
            open_.push_back(&discarded_.back());
            indent_.push_back(line.indent);
            return;
        }
        push_group(std::move(stand_in), line.indent);
        open_.back()->incomplete = true;
    }

    // What a statement that could not be read was: its keyword, the name it
    // declares (输入 X, 计算 X, 规则 X, 钩子 X, 明细 X) when it can be seen,
    // and every name written in it, up to `stop`.
    void note_unreadable(iterator start, iterator stop) {
        const iterator end = text_.end();
        std::set<std::u32string> mentions;
        for (iterator it = start; it != stop;) {
            const char32_t c = *it;
            if (c == U'#' || c == U'＃') {
                while (it != stop && *it != U'\n') ++it;
            } else if (c == U'"' || c == U'“' || c == U'「') {
                const char32_t close = c == U'"' ? U'"' : c == U'“' ? U'”' : U'」';
                iterator to = it + 1;
                while (to != stop && *to != close && *to != U'\n') ++to;
                if (to != stop && *to == close) {
                    mentions.insert(std::u32string(it + 1, to));
                    it = to + 1;
                } else {
                    ++it;  // an unclosed quote: read on as names
                }
            } else if (is_identifier_start(c)) {
                iterator to = it;
                while (to != stop && is_identifier_char(*to)) ++to;
                mentions.insert(std::u32string(it, to));
                it = to;
            } else {
                ++it;
            }
        }
        out_.unreadable_mentions.insert(mentions.begin(), mentions.end());
        for (std::u32string_view word : statement_keywords) {
            if (!starts_with_word(start, end, word)) continue;
            out_.unreadable_keywords.insert(std::u32string(word));
            const bool declares = word == U"输入" || word == U"计算" || word == U"规则" || word == U"钩子" || word == U"明细";
            if (!declares) return;
            iterator it = start + static_cast<std::ptrdiff_t>(word.size());
            while (it != end && is_blank_char(*it)) ++it;
            if (it == end) return;
            const char32_t open = *it;
            const char32_t close = open == U'"' ? U'"' : open == U'“' ? U'”' : open == U'「' ? U'」' : 0;
            iterator from = close ? it + 1 : it, to = from;
            if (close) {
                while (to != end && *to != close && *to != U'\n') ++to;
                if (to == end || *to != close) return;
            } else {
                if (!is_identifier_start(*it)) return;
                while (to != end && is_identifier_char(*to)) ++to;
            }
            if (to != from) out_.unreadable_names.insert(std::u32string(from, to));
            // An input's other names (枚举 {…} values, its unit) were declared by it too.
            if (word == U"输入") out_.unreadable_names.insert(mentions.begin(), mentions.end());
            return;
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
            return push_group(std::move(*o), line_at(start, text_.begin(), text_.end()).indent);
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
            broken_.push_back(false);
            if (!open_.empty()) {
                // Reported, and its rows kept out of the tree.
                error_at(start, start + 2, "「增加 到 …」应写在最外层，不能写在指标或另一个「增加」之内");
                discarded_.push_back(TreeNode{std::move(*a), {}, {}, false});
                open_.push_back(&discarded_.back());
            } else {
                out_.additions.push_back(TreeNode{std::move(*a), {}, {}, false});
                open_.push_back(&out_.additions.back());
            }
            indent_.push_back(line_at(start, text_.begin(), text_.end()).indent);
            return;
        }
    }

    std::vector<TreeNode>& current_children() {
        return open_.empty() ? out_.tree : open_.back()->children;
    }

    void push_group(ast::group_open&& group, size_t indent) {
        auto& siblings = current_children();
        siblings.push_back(TreeNode{std::move(group), {}, {}, false});
        open_.push_back(&siblings.back());
        indent_.push_back(indent);
    }

    void pop_group(iterator at) {
        if (open_.empty()) {
            error_at(at, at + 1, "多余的「}」：前面没有尚未结束的指标体系、一级指标或二级指标");
            return;
        }
        // A 「}」 on a line of its own, indented less than the innermost open
        // group but exactly as an enclosing one, closes that one: the groups
        // inside it lack their 「}」.
        Line line = line_at(at, text_.begin(), text_.end());
        if (line.first_token == at && line.indent < indent_.back() && unclosed_braces() > 0) {
            size_t k = open_.size() - 1;
            while (k > 0 && indent_[k - 1] > line.indent) --k;
            if (k > 0 && indent_[k - 1] == line.indent) {
                const auto line_number = static_cast<size_t>(std::count(text_.begin(), at, U'\n')) + 1;
                const std::string closed = describe_group(*open_[k - 1]);
                for (size_t j = open_.size(); j-- > k;) {
                    if (!broken_[j])
                        error_at_group(*open_[j], describe_group(*open_[j]) + "缺少对应的「}」（第 " +
                                                      std::to_string(line_number) + " 行的「}」按缩进是" + closed +
                                                      "的结尾）");
                    open_[j - 1]->incomplete = open_[j - 1]->incomplete || open_[j]->incomplete;
                }
                *unclosed_braces_ -= static_cast<long>(open_.size() - k);
                open_.resize(k);
                broken_.resize(k);
                indent_.resize(k);
            }
        }
        open_.pop_back();
        broken_.pop_back();
        indent_.pop_back();
    }

    // 「增加」, 指标体系, or the group's level and name: 二级指标「资金管理」.
    static std::string describe_group(const TreeNode& node) {
        if (node.is_addition()) return "「增加」";
        const auto& group = node.group();
        const char* level = group.level == ast::group_level::root    ? "指标体系"
                            : group.level == ast::group_level::first ? "一级指标"
                                                                     : "二级指标";
        return std::string(level) + (group.label ? "「" + to_utf8(group.label->text) + "」" : "");
    }

    void error_at_group(const TreeNode& node, std::string message) {
        const x3::position_tagged& tagged = node.is_addition() ? static_cast<const x3::position_tagged&>(node.addition())
                                                               : static_cast<const x3::position_tagged&>(node.group());
        Span span = map_.sources().locate(map_.span_of(tagged)).local;
        diagnostics_.error(file_, Span{span.begin, span.begin + 1}, std::move(message));
    }

    void add_leaf(ast::leaf_decl&& leaf, iterator at) {
        if (open_.empty()) {
            error_at(at, at + 4, "三级指标必须写在「二级指标 … { }」之内");
            return;
        }
        open_.back()->children.push_back(TreeNode{std::move(leaf), {}, {}, false});
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
            error_at_group(*open_[i], describe_group(*open_[i]) + "缺少对应的「}」（文件在此之前结束）");
        }
        open_.clear();
        broken_.clear();
        indent_.clear();
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
    std::vector<size_t> indent_;  // of each open group's header line
    std::list<TreeNode> discarded_;  // stand-ins for broken 「增加」 blocks
    std::optional<long> unclosed_braces_;  // see unclosed_braces()
    const ParseLimits& limits_;
    ExpressionDepth depth_;  // how deep the statement being read nests
};

}  // namespace

ParsedFile parse_file(const SourceFile& file, SourceMap& map, DiagnosticList& diagnostics, const ParseLimits& limits) {
    ParsedFile out;
    out.file = &file;
    StatementReader(file, map, out, diagnostics, limits).run();
    return out;
}

}  // namespace rubric::grammar
