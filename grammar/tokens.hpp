// Token-level parsers shared by the grammar: identifiers that refuse
// reserved words, keywords that must end at a word boundary, and
// punctuation that accepts both ASCII and full-width forms. Each one has
// a readable `what` so an expectation failure can say "此处应为「：」".
#pragma once

#include "grammar/config.hpp"

#include <boost/spirit/home/support/char_encoding/unicode.hpp>

#include <initializer_list>
#include <string>
#include <string_view>

namespace rubric::grammar {

inline bool is_identifier_start(char32_t c) {
    return c == U'_' || (c < 0x110000 && boost::spirit::char_encoding::unicode::isalpha(c));
}

inline bool is_identifier_char(char32_t c) {
    return c == U'_' || (c < 0x110000 && boost::spirit::char_encoding::unicode::isalnum(c));
}

// Words the language keeps for itself; a name may contain them
// (是否公开, 按期完成项目数) but may not be one.
bool is_reserved_word(std::u32string_view word);

std::string to_utf8(std::u32string_view text);

// A bare identifier: a letter (any script) or _, then letters, digits, _.
struct identifier_parser : x3::parser<identifier_parser> {
    using attribute_type = std::u32string;
    static bool const has_attribute = true;

    template <typename Iterator, typename Context, typename RContext, typename Attribute>
    bool parse(Iterator& first, Iterator const& last, Context const& context, RContext&,
               Attribute& attr) const {
        // Skip on a copy: a parser that fails must leave `first` where it was,
        // or the error is reported after the blanks and the next line is lost.
        Iterator start = first;
        x3::skip_over(start, last, context);
        Iterator it = start;
        if (it == last || !is_identifier_start(*it)) return false;
        while (it != last && is_identifier_char(*it)) ++it;
        std::u32string_view word(&*start, static_cast<size_t>(it - start));
        if (is_reserved_word(word)) return false;
        x3::traits::move_to(std::u32string(word), attr);
        first = it;
        return true;
    }
};

// A keyword such as 输入 or 扣完为止; it must not run on into a name
// (输入单位 is a name, not 输入 followed by 单位).
struct keyword_parser : x3::parser<keyword_parser> {
    using attribute_type = x3::unused_type;
    static bool const has_attribute = false;

    std::u32string_view word;
    constexpr explicit keyword_parser(std::u32string_view w) : word(w) {}

    template <typename Iterator, typename Context, typename RContext, typename Attribute>
    bool parse(Iterator& first, Iterator const& last, Context const& context, RContext&,
               Attribute&) const {
        Iterator it = first;
        x3::skip_over(it, last, context);
        for (char32_t c : word) {
            if (it == last || *it != c) return false;
            ++it;
        }
        // A digit may follow at once (保留0.01, 每项扣10分): names never start with one.
        if (it != last && is_identifier_char(word.back()) && is_identifier_char(*it) && !(*it >= U'0' && *it <= U'9'))
            return false;
        first = it;
        return true;
    }
};

// One punctuation mark in any of its spellings: （ or (, ≥ or >=.
struct punct_parser : x3::parser<punct_parser> {
    using attribute_type = x3::unused_type;
    static bool const has_attribute = false;

    std::u32string_view spellings[3];
    std::u32string_view display;

    template <typename Iterator, typename Context, typename RContext, typename Attribute>
    bool parse(Iterator& first, Iterator const& last, Context const& context, RContext&,
               Attribute&) const {
        Iterator start = first;
        x3::skip_over(start, last, context);
        for (std::u32string_view s : spellings) {
            if (s.empty()) continue;
            Iterator it = start;
            bool matched = true;
            for (char32_t c : s) {
                if (it == last || *it != c) { matched = false; break; }
                ++it;
            }
            if (matched) {
                first = it;
                return true;
            }
        }
        return false;
    }
};

// atomic[p]: p, but on failure `first` stays where it was. X3's own
// primitives skip blanks before trying and keep that progress when they
// fail, which would move error positions past the end of the line.
template <typename Subject>
struct atomic_parser : x3::unary_parser<Subject, atomic_parser<Subject>> {
    using base_type = x3::unary_parser<Subject, atomic_parser<Subject>>;
    static bool const handles_container = Subject::handles_container;
    static bool const is_pass_through_unary = true;
    constexpr atomic_parser(Subject const& subject) : base_type(subject) {}

    template <typename Iterator, typename Context, typename RContext, typename Attribute>
    bool parse(Iterator& first, Iterator const& last, Context const& context, RContext& rcontext,
               Attribute& attr) const {
        Iterator it = first;
        if (!this->subject.parse(it, last, context, rcontext, attr)) return false;
        first = it;
        return true;
    }
};

struct atomic_gen {
    template <typename Subject>
    constexpr atomic_parser<typename x3::extension::as_parser<Subject>::value_type> operator[](Subject const& s) const {
        return {x3::as_parser(s)};
    }
};
constexpr atomic_gen atomic{};

constexpr keyword_parser kw(std::u32string_view word) { return keyword_parser(word); }

constexpr punct_parser punct(std::u32string_view display, std::u32string_view a,
                             std::u32string_view b = {}, std::u32string_view c = {}) {
    punct_parser p{};
    p.spellings[0] = a;
    p.spellings[1] = b;
    p.spellings[2] = c;
    p.display = display;
    return p;
}

}  // namespace rubric::grammar

namespace boost::spirit::x3 {

template <>
struct get_info<rubric::grammar::keyword_parser> {
    using result_type = std::string;
    std::string operator()(rubric::grammar::keyword_parser const& p) const {
        return "「" + rubric::grammar::to_utf8(p.word) + "」";
    }
};

template <>
struct get_info<rubric::grammar::punct_parser> {
    using result_type = std::string;
    std::string operator()(rubric::grammar::punct_parser const& p) const {
        return "「" + rubric::grammar::to_utf8(p.display) + "」";
    }
};

template <>
struct get_info<rubric::grammar::identifier_parser> {
    using result_type = std::string;
    std::string operator()(rubric::grammar::identifier_parser const&) const { return "名称"; }
};

// `+tier` and `name % list_sep` after an expectation: name what the first
// item would be. X3's default is the C++ type name, which must never reach
// a message.
template <typename Subject>
struct get_info<plus<Subject>> {
    using result_type = std::string;
    std::string operator()(plus<Subject> const& p) const { return what(p.subject); }
};

template <typename Left, typename Right>
struct get_info<list<Left, Right>> {
    using result_type = std::string;
    std::string operator()(list<Left, Right> const& p) const { return what(p.left); }
};

}  // namespace boost::spirit::x3
