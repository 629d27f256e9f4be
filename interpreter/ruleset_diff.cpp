// Diffing two effective rulesets declaration by declaration. Indicators are
// matched by name (a third-level name by itself, a group by its level and
// name); everything else by its name, or by its text for constraints. Text is
// compared with blanks removed, so re-indenting changes nothing.
#include "interpreter/ruleset_diff.hpp"

#include "grammar/ast_names.hpp"
#include "interpreter/decimal.hpp"
#include "interpreter/utf8.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <type_traits>

namespace rubric {

namespace {

using Kind = RulesetEdit::Kind;

// One side of the diff: the ruleset and how to read its text.
struct Side {
    const ParsedRuleset& r;
    std::string text(const x3::position_tagged& node) const { return encode_utf8(r.sources->slice(r.span_of(node))); }
    // file:line:col, the file relative to the current folder when it is below it.
    std::string where(const x3::position_tagged& node) const {
        std::string at = r.sources->where(r.span_of(node));
        std::error_code ec;
        const std::string cwd = std::filesystem::current_path(ec).string() + "/";
        return !ec && at.rfind(cwd, 0) == 0 ? at.substr(cwd.size()) : at;
    }
};

// Text without blanks, for deciding whether two declarations are the same.
std::string squeezed(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
        if (s.compare(i, 3, "\u3000") == 0) { i += 2; continue; }
        out += s[i];
    }
    return out;
}

// Text on one line: line breaks and runs of blanks become one space.
std::string one_line(const std::string& s) {
    std::string out;
    bool blank = false;
    for (char c : s) {
        if (c == '\n' || c == '\r' || c == ' ' || c == '\t') { blank = true; continue; }
        if (blank && !out.empty()) out += ' ';
        blank = false;
        out += c;
    }
    return out;
}

// "计算 完成率 = 完成数 ÷ 计划数" → "完成数 ÷ 计划数"; "约束 a > 0" → "a > 0": the
// message already names the keyword and the name.
std::string without_head(const std::string& text, const std::string& keyword, const std::string& name) {
    std::string rest = text;
    auto drop_blanks = [&] {
        while (!rest.empty() && (rest[0] == ' ' || rest[0] == '\t')) rest.erase(0, 1);
    };
    if (rest.rfind(keyword, 0) != 0) return text;
    rest.erase(0, keyword.size());
    drop_blanks();
    if (name.empty()) return rest;
    if (rest.rfind(name, 0) != 0) return text;
    rest.erase(0, name.size());
    drop_blanks();
    for (const char* sep : {"：", ":", "=", "＝"})
        if (rest.rfind(sep, 0) == 0) {
            rest.erase(0, std::string(sep).size());
            drop_blanks();
            return rest;
        }
    return text;
}

struct IndicatorEntry {
    const grammar::TreeNode* node = nullptr;
    std::string name, path, parent;
    int level = 0;
    std::vector<std::string> leaves;  // third-level names at or below it
};

const char* level_word(int level) {
    static const char* words[] = {"指标体系", "一级指标", "二级指标", "三级指标"};
    return words[std::clamp(level, 0, 3)];
}

int level_of(const grammar::TreeNode& n) {
    if (n.is_leaf()) return 3;
    switch (n.group().level) {
        case ast::group_level::root: return 0;
        case ast::group_level::first: return 1;
        case ast::group_level::second: return 2;
    }
    return 0;
}

std::string name_of(const grammar::TreeNode& n) {
    if (n.is_leaf()) return encode_utf8(n.leaf().label.text);
    return n.group().label ? encode_utf8(n.group().label->text) : "指标体系";
}

void flatten(const grammar::TreeNode& n, const std::string& parent, std::vector<IndicatorEntry>& out,
             std::vector<std::string>* leaves_above) {
    IndicatorEntry e;
    e.node = &n;
    e.level = level_of(n);
    e.name = name_of(n);
    e.parent = parent;
    e.path = e.level == 0 ? "" : (parent.empty() ? e.name : parent + " / " + e.name);
    const size_t index = out.size();
    out.push_back(e);
    std::vector<std::string> leaves;
    if (n.is_leaf()) leaves.push_back(e.name);
    for (const grammar::TreeNode& c : n.children) flatten(c, out[index].path, out, &leaves);
    out[index].leaves = leaves;
    if (leaves_above) leaves_above->insert(leaves_above->end(), leaves.begin(), leaves.end());
}

std::vector<IndicatorEntry> indicators_of(const ParsedRuleset& r) {
    std::vector<IndicatorEntry> out;
    for (const grammar::TreeNode& n : r.tree) flatten(n, "", out, nullptr);
    return out;
}

std::string key_of(const IndicatorEntry& e) { return std::to_string(e.level) + ":" + e.name; }

// Which third-level indicators read each name, directly or through 计算 and 规则.
class Usage {
public:
    explicit Usage(const ParsedRuleset& r) {
        std::map<std::u32string, ast::name_set> uses;  // a 计算 or 规则 → the names it mentions
        for (const auto& d : r.derived) ast::collect_names(d.formula, uses[d.id.text]);
        for (const auto& rule : r.rules) ast::collect_names(rule.body, uses[rule.id.text]);
        for (const auto& h : r.hooks)
            for (const auto& out : h.outputs)
                for (const auto& read : h.reads) uses[out.id.text].insert(read.text);
        std::vector<IndicatorEntry> all = indicators_of(r);
        for (const IndicatorEntry& e : all) {
            if (!e.node->is_leaf()) continue;
            ast::name_set reached;
            ast::collect_names(e.node->leaf().body, reached);
            for (bool grew = true; grew;) {
                grew = false;
                for (const auto& n : ast::name_set(reached)) {
                    auto it = uses.find(n);
                    if (it == uses.end()) continue;
                    for (const auto& m : it->second) grew = reached.insert(m).second || grew;
                }
            }
            for (const auto& n : reached) readers_[n].insert(e.name);
            leaves_.push_back(e.name);
        }
    }
    std::vector<std::string> readers_of(const std::u32string& name) const {
        auto it = readers_.find(name);
        return it == readers_.end() ? std::vector<std::string>{} : std::vector<std::string>(it->second.begin(), it->second.end());
    }
    const std::vector<std::string>& leaves() const { return leaves_; }

private:
    std::map<std::u32string, std::set<std::string>> readers_;
    std::vector<std::string> leaves_;
};

std::vector<std::string> merged(std::vector<std::string> a, const std::vector<std::string>& b) {
    for (const std::string& s : b)
        if (std::find(a.begin(), a.end(), s) == a.end()) a.push_back(s);
    return a;
}

class Differ {
public:
    Differ(const ParsedRuleset& o, const ParsedRuleset& n) : old_{o}, new_{n}, old_usage_(o), new_usage_(n) {}

    std::vector<RulesetEdit> run() {
        indicators();
        named_list(old_.r.inputs, new_.r.inputs, Kind::input_added, Kind::input_removed, Kind::input_changed, "输入");
        named_list(old_.r.derived, new_.r.derived, Kind::formula_changed, Kind::formula_changed, Kind::formula_changed, "计算");
        named_list(old_.r.rules, new_.r.rules, Kind::rule_changed, Kind::rule_changed, Kind::rule_changed, "规则");
        named_list(old_.r.hooks, new_.r.hooks, Kind::hook_changed, Kind::hook_changed, Kind::hook_changed, "钩子");
        named_list(old_.r.details, new_.r.details, Kind::detail_changed, Kind::detail_changed, Kind::detail_changed, "明细");
        constraints();
        whole(old_.r.grades, new_.r.grades, Kind::grades_changed, "等级");
        whole(old_.r.score_roundings, new_.r.score_roundings, Kind::rounding_changed, "得分舍入");
        whole(old_.r.na_policies, new_.r.na_policies, Kind::detail_changed, "「不适用」规则");
        return std::move(edits_);
    }

private:
    RulesetEdit& add(Kind kind, std::string subject, std::string message) {
        RulesetEdit e;
        e.kind = kind;
        e.subject = std::move(subject);
        e.message = std::move(message);
        edits_.push_back(std::move(e));
        return edits_.back();
    }

    // ------------------------------------------------------------ indicators

    void indicators() {
        std::vector<IndicatorEntry> olds = indicators_of(old_.r), news = indicators_of(new_.r);
        std::map<std::string, const IndicatorEntry*> old_by_key, new_by_key;
        for (const auto& e : olds) old_by_key.emplace(key_of(e), &e);
        for (const auto& e : news) new_by_key.emplace(key_of(e), &e);
        for (const auto& e : olds) {
            if (e.level == 0 || new_by_key.count(key_of(e))) continue;
            auto& edit = add(Kind::indicator_removed, "「" + e.path + "」",
                             std::string("删除") + level_word(e.level) + "「" + e.path + "」");
            edit.old_text = one_line(whole_text(old_, e));
            edit.old_where = old_.where(tagged(e));
            edit.affects = e.leaves;
        }
        for (const auto& e : news) {
            auto found = old_by_key.find(key_of(e));
            if (found == old_by_key.end()) {
                if (e.level == 0) continue;
                auto& edit = add(Kind::indicator_added, "「" + e.path + "」",
                                 std::string("增加") + level_word(e.level) + "「" + e.path + "」");
                edit.new_text = one_line(whole_text(new_, e));
                edit.new_where = new_.where(tagged(e));
                edit.affects = e.leaves;
                continue;
            }
            compare_indicator(*found->second, e);
        }
    }

    static const x3::position_tagged& tagged(const IndicatorEntry& e) {
        if (e.node->is_leaf()) return e.node->leaf().label;
        const auto& g = e.node->group();
        return g.label ? static_cast<const x3::position_tagged&>(*g.label) : static_cast<const x3::position_tagged&>(g);
    }

    static std::string whole_text(const Side& s, const IndicatorEntry& e) {
        if (e.node->is_leaf()) return s.text(e.node->leaf());
        return std::string(level_word(e.level)) + " " + e.name;
    }

    static std::string points_of(const IndicatorEntry& e) {
        if (e.node->is_leaf()) return encode_utf8(e.node->leaf().points.text);
        const auto& p = e.node->group().points;
        return p ? encode_utf8(p->text) : "";
    }

    void compare_indicator(const IndicatorEntry& o, const IndicatorEntry& n) {
        const std::string subject = "「" + n.path + "」";
        if (o.parent != n.parent && n.level > 1) {
            auto& edit = add(Kind::indicator_moved, subject,
                             std::string(level_word(n.level)) + "「" + n.name + "」从「" + o.parent + "」移到「" + n.parent + "」");
            edit.old_where = old_.where(tagged(o));
            edit.new_where = new_.where(tagged(n));
            edit.affects = n.leaves;
        }
        const std::string op = points_of(o), np = points_of(n);
        auto as_decimal = [](const std::string& t) { return Decimal::parse(t); };
        if (op != np && as_decimal(op) != as_decimal(np)) {
            auto& edit = add(Kind::points_changed, subject,
                             std::string(level_word(n.level)) + subject + "分值 " + op + " 分改为 " + np + " 分");
            edit.old_text = op;
            edit.new_text = np;
            edit.old_where = old_.where(tagged(o));
            edit.new_where = new_.where(tagged(n));
            edit.affects = n.leaves;
        }
        if (n.node->is_leaf()) compare_rule(o, n, subject);
        else compare_per_rows(o, n, subject);
    }

    void compare_rule(const IndicatorEntry& o, const IndicatorEntry& n, const std::string& subject) {
        const ast::leaf_body& ob = o.node->leaf().body;
        const ast::leaf_body& nb = n.node->leaf().body;
        const std::string ot = body_text(old_, ob), nt = body_text(new_, nb);
        if (squeezed(ot) == squeezed(nt)) return;
        const ast::tier_rule* otiers = tiers_of(ob);
        const ast::tier_rule* ntiers = tiers_of(nb);
        if (otiers && ntiers && squeezed(old_.text(otiers->subject)) == squeezed(new_.text(ntiers->subject))) {
            tier_edits(*otiers, *ntiers, subject, n.leaves, "分档" + subject + "：");
            return;
        }
        auto& edit = add(Kind::rule_changed, subject, "计分规则" + subject + "：「" + one_line(ot) + "」改为「" + one_line(nt) + "」");
        edit.old_text = one_line(ot);
        edit.new_text = one_line(nt);
        edit.old_where = old_.where(o.node->leaf().label);
        edit.new_where = new_.where(tagged_body(nb));
        edit.affects = n.leaves;
    }

    static std::string body_text(const Side& s, const ast::leaf_body& body) {
        if (const auto* r = boost::get<ast::rule>(&body.get())) return s.text(*r);
        return s.text(boost::get<ast::parts_rule>(body.get()));
    }

    static const x3::position_tagged& tagged_body(const ast::leaf_body& body) {
        if (const auto* r = boost::get<ast::rule>(&body.get())) return *r;
        return boost::get<ast::parts_rule>(body.get());
    }

    static const ast::tier_rule* tiers_of(const ast::leaf_body& body) {
        const auto* r = boost::get<ast::rule>(&body.get());
        if (!r || !r->vetoes.empty()) return nullptr;
        return boost::get<ast::tier_rule>(&r->core.get());
    }

    // One edit per tier that changed: a bound, a score, or a tier added or removed.
    void tier_edits(const ast::tier_rule& o, const ast::tier_rule& n, const std::string& subject,
                    const std::vector<std::string>& affects, const std::string& lead) {
        std::vector<std::string> ot, nt;
        for (const ast::tier& t : o.tiers) ot.push_back(one_line(old_.text(t)));
        for (const ast::tier& t : n.tiers) nt.push_back(one_line(new_.text(t)));
        const size_t common = std::min(ot.size(), nt.size());
        for (size_t k = 0; k < common; ++k) {
            if (squeezed(ot[k]) == squeezed(nt[k])) continue;
            auto& edit = add(Kind::tiers_changed, subject, lead + "「" + ot[k] + "」改为「" + nt[k] + "」");
            edit.old_text = ot[k];
            edit.new_text = nt[k];
            edit.old_where = old_.where(o.tiers[k]);
            edit.new_where = new_.where(n.tiers[k]);
            edit.affects = affects;
        }
        for (size_t k = common; k < ot.size(); ++k) {
            auto& edit = add(Kind::tiers_changed, subject, lead + "删去一档「" + ot[k] + "」");
            edit.old_text = ot[k];
            edit.affects = affects;
        }
        for (size_t k = common; k < nt.size(); ++k) {
            auto& edit = add(Kind::tiers_changed, subject, lead + "增加一档「" + nt[k] + "」");
            edit.new_text = nt[k];
            edit.affects = affects;
        }
    }

    void compare_per_rows(const IndicatorEntry& o, const IndicatorEntry& n, const std::string& subject) {
        std::string ot, nt;
        for (const auto& p : o.node->per_rows) ot += old_.text(p);
        for (const auto& p : n.node->per_rows) nt += new_.text(p);
        if (squeezed(ot) == squeezed(nt)) return;
        auto& edit = add(Kind::detail_changed, subject, "逐行计分" + subject + "：「" + one_line(ot) + "」改为「" + one_line(nt) + "」");
        edit.old_text = one_line(ot);
        edit.new_text = one_line(nt);
    }

    // ------------------------------------------------------------ named declarations

    template <typename Decl>
    static const ast::name& id_of(const Decl& d) { return d.id; }

    template <typename Decl>
    void named_list(const std::vector<Decl>& olds, const std::vector<Decl>& news, Kind added, Kind removed, Kind changed,
                    const std::string& what) {
        std::map<std::u32string, const Decl*> old_by, new_by;
        for (const auto& d : olds) old_by.emplace(id_of(d).text, &d);
        for (const auto& d : news) new_by.emplace(id_of(d).text, &d);
        for (const auto& d : olds) {
            if (new_by.count(id_of(d).text)) continue;
            const std::string name = encode_utf8(id_of(d).text);
            auto& edit = add(removed, what + "「" + name + "」", "删除" + what + "「" + name + "」");
            edit.old_text = without_head(one_line(old_.text(d)), what, name);
            edit.old_where = old_.where(d);
            edit.affects = old_usage_.readers_of(id_of(d).text);
        }
        for (const auto& d : news) {
            const std::string name = encode_utf8(id_of(d).text);
            auto found = old_by.find(id_of(d).text);
            if (found == old_by.end()) {
                edit_text_ = without_head(one_line(new_.text(d)), what, name);
                auto& edit = add(added, what + "「" + name + "」", "增加" + what + "「" + name + "」：" + edit_text_);
                edit.new_text = edit_text_;
                edit.new_where = new_.where(d);
                edit.affects = new_usage_.readers_of(id_of(d).text);
                continue;
            }
            const std::string ot = without_head(one_line(old_.text(*found->second)), what, name);
            const std::string nt = without_head(one_line(new_.text(d)), what, name);
            if (squeezed(ot) == squeezed(nt)) continue;
            auto& edit = add(changed, what + "「" + name + "」", what + "「" + name + "」：「" + ot + "」改为「" + nt + "」");
            edit.old_text = ot;
            edit.new_text = nt;
            edit.old_where = old_.where(*found->second);
            edit.new_where = new_.where(d);
            edit.affects = merged(new_usage_.readers_of(id_of(d).text), old_usage_.readers_of(id_of(d).text));
        }
    }

    void constraints() {
        std::set<std::string> old_texts, new_texts;
        for (const auto& c : old_.r.constraints) old_texts.insert(squeezed(old_.text(c)));
        for (const auto& c : new_.r.constraints) new_texts.insert(squeezed(new_.text(c)));
        for (const auto& c : old_.r.constraints)
            if (!new_texts.count(squeezed(old_.text(c)))) {
                const std::string text = without_head(one_line(old_.text(c)), "约束", "");
                auto& edit = add(Kind::constraint_removed, "约束", "删除约束「" + text + "」");
                edit.old_text = text;
                edit.old_where = old_.where(c);
            }
        for (const auto& c : new_.r.constraints)
            if (!old_texts.count(squeezed(new_.text(c)))) {
                const std::string text = without_head(one_line(new_.text(c)), "约束", "");
                auto& edit = add(Kind::constraint_added, "约束", "增加约束「" + text + "」");
                edit.new_text = text;
                edit.new_where = new_.where(c);
            }
    }

    // Declarations compared as a whole (等级, 得分舍入, 不适用).
    template <typename Decl>
    void whole(const std::vector<Decl>& olds, const std::vector<Decl>& news, Kind kind, const std::string& what) {
        std::string ot, nt;
        for (const auto& d : olds) ot += (ot.empty() ? "" : " ") + one_line(old_.text(d));
        for (const auto& d : news) nt += (nt.empty() ? "" : " ") + one_line(new_.text(d));
        if (squeezed(ot) == squeezed(nt)) return;
        if constexpr (std::is_same_v<Decl, ast::grade_decl>) {
            if (grade_edits(olds, news)) return;
        }
        auto& edit = add(kind, what, what + "：「" + ot + "」改为「" + nt + "」");
        edit.old_text = ot;
        edit.new_text = nt;
        if (kind == Kind::rounding_changed) edit.affects = new_usage_.leaves();
    }

    // One edit per band when the bands are the same in number.
    bool grade_edits(const std::vector<ast::grade_decl>& olds, const std::vector<ast::grade_decl>& news) {
        if (olds.size() != 1 || news.size() != 1) return false;
        {
            const auto& o = olds.front().bands;
            const auto& n = news.front().bands;
            std::vector<std::string> obands, nbands;
            for (const auto& t : o) obands.push_back(one_line(old_.text(t)));
            for (const auto& t : n) nbands.push_back(one_line(new_.text(t)));
            if (obands.size() != nbands.size()) return false;
            for (size_t k = 0; k < obands.size(); ++k)
                if (squeezed(obands[k]) != squeezed(nbands[k])) {
                    auto& edit = add(Kind::grades_changed, "等级", "等级：「" + obands[k] + "」改为「" + nbands[k] + "」");
                    edit.old_text = obands[k];
                    edit.new_text = nbands[k];
                }
            return true;
        }
    }

    Side old_, new_;
    Usage old_usage_, new_usage_;
    std::string edit_text_;
    std::vector<RulesetEdit> edits_;
};

const char* group_title(Kind k) {
    switch (k) {
        case Kind::indicator_added: case Kind::indicator_removed: case Kind::indicator_moved: return "指标";
        case Kind::points_changed: return "分值";
        case Kind::tiers_changed: return "分档";
        case Kind::rule_changed: return "计分规则";
        case Kind::formula_changed: return "计算";
        case Kind::constraint_added: case Kind::constraint_removed: return "约束";
        case Kind::input_added: case Kind::input_removed: case Kind::input_changed: return "输入";
        case Kind::grades_changed: return "等级";
        case Kind::rounding_changed: return "得分舍入";
        case Kind::hook_changed: return "钩子";
        case Kind::detail_changed: return "明细与逐行计分";
    }
    return "其他";
}

}  // namespace

std::vector<RulesetEdit> diff_rulesets(const ParsedRuleset& old_ruleset, const ParsedRuleset& new_ruleset) {
    return Differ(old_ruleset, new_ruleset).run();
}

std::string format_diff(const std::vector<RulesetEdit>& edits, const std::string& old_name, const std::string& new_name) {
    std::string out = "规则集的改动：" + old_name + " → " + new_name;
    if (edits.empty()) return out + "：没有改动\n";
    out += "，共 " + std::to_string(edits.size()) + " 处\n";
    std::vector<std::string> titles;
    for (const RulesetEdit& e : edits)
        if (std::find(titles.begin(), titles.end(), group_title(e.kind)) == titles.end()) titles.push_back(group_title(e.kind));
    for (const std::string& title : titles) {
        out += "  " + title + "\n";
        for (size_t i = 0; i < edits.size(); ++i) {
            const RulesetEdit& e = edits[i];
            if (group_title(e.kind) != title) continue;
            out += "    [" + std::to_string(i + 1) + "] " + e.message;
            if (!e.new_where.empty()) out += "（" + e.new_where + "）";
            else if (!e.old_where.empty()) out += "（原 " + e.old_where + "）";
            out += "\n";
        }
    }
    return out;
}

}  // namespace rubric
