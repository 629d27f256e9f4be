#include "interpreter/ruleset_loader.hpp"

#include "grammar/ast_names.hpp"
#include "interpreter/atomic_file.hpp"
#include "interpreter/datafiles/data_limits.hpp"
#include "interpreter/suggest.hpp"
#include "interpreter/utf8.hpp"

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace rubric {

namespace fs = std::filesystem;

namespace {

std::string utf8(std::u32string_view s) { return encode_utf8(s); }

const char* kind_word(ast::part_kind k) {
    switch (k) {
        case ast::part_kind::root: return "指标体系";
        case ast::part_kind::first: return "一级指标";
        case ast::part_kind::second: return "二级指标";
        case ast::part_kind::third: return "三级指标";
        case ast::part_kind::input: return "输入";
        case ast::part_kind::derived: return "计算";
    }
    return "";
}

ast::part_kind kind_of(const grammar::TreeNode& node) {
    if (node.is_leaf()) return ast::part_kind::third;
    switch (node.group().level) {
        case ast::group_level::root: return ast::part_kind::root;
        case ast::group_level::first: return ast::part_kind::first;
        case ast::group_level::second: return ast::part_kind::second;
    }
    return ast::part_kind::root;
}

const std::u32string* label_of(const grammar::TreeNode& node) {
    if (node.is_leaf()) return &node.leaf().label.text;
    return node.group().label ? &node.group().label->text : nullptr;
}

// How many operations the compiler stacks to compute each value: one for
// each operator of a chain (a + b + c is 2: the graph computes it left to
// right), each 非, minus sign, 若 and function call, and for a 计算, 规则 or
// 钩子 used by name the depth of its own formula; parentheses add nothing.
// The compiler, its range check and the evaluator's explanations walk that
// graph recursively, so this depth, not only the nesting the parser sees,
// must stay bounded. An estimate from the AST: the few operations a scoring
// rule adds around its expressions are not counted.
class ComputationDepth {
public:
    ComputationDepth(const RulesetDeclarations& ruleset, int limit) : ruleset_(ruleset), limit_(limit) {}

    // The first expression (innermost first, 计算 before their users) that
    // is deeper than the limit, with its depth; null when there is none.
    std::pair<const x3::position_tagged*, int> first_too_deep() {
        named_definitions();
        for (const auto& c : ruleset_.constraints) expression(c.condition);
        for (const auto& g : ruleset_.grades) tiers(g.bands);
        tree(ruleset_.tree);
        return {found_, found_depth_};
    }

private:
    // A 计算, 规则 or 钩子: what a name stands for, and what its depth counts.
    struct Definition {
        std::vector<std::u32string> names;  // a hook: each of its outputs
        const ast::derived_decl* derived = nullptr;
        const ast::named_rule_decl* rule = nullptr;
        const ast::hook_decl* hook = nullptr;
    };

    // Depths of the definitions, each after those it uses (Kahn's order, no
    // recursion however long the chain); those in a cycle stay unknown (the
    // compiler names the cycle).
    void named_definitions() {
        std::vector<Definition> defs;
        for (const auto& d : ruleset_.derived) defs.push_back({{d.id.text}, &d, nullptr, nullptr});
        for (const auto& r : ruleset_.rules) defs.push_back({{r.id.text}, nullptr, &r, nullptr});
        for (const auto& h : ruleset_.hooks) {
            Definition def{{}, nullptr, nullptr, &h};
            for (const auto& out : h.outputs) def.names.push_back(out.id.text);
            defs.push_back(std::move(def));
        }
        std::map<std::u32string, size_t> owner;
        for (size_t k = 0; k < defs.size(); ++k)
            for (const auto& n : defs[k].names) owner.emplace(n, k);
        std::vector<std::vector<size_t>> users(defs.size());
        std::vector<size_t> waiting(defs.size(), 0);
        for (size_t k = 0; k < defs.size(); ++k) {
            ast::name_set used;
            if (defs[k].derived) ast::collect_names(defs[k].derived->formula, used);
            if (defs[k].rule) ast::collect_names(defs[k].rule->body, used);
            if (defs[k].hook)
                for (const auto& r : defs[k].hook->reads) used.insert(r.text);
            std::set<size_t> deps;
            for (const auto& n : used)
                if (auto it = owner.find(n); it != owner.end() && it->second != k) deps.insert(it->second);
            waiting[k] = deps.size();
            for (size_t d : deps) users[d].push_back(k);
        }
        std::vector<size_t> ready;
        for (size_t k = 0; k < defs.size(); ++k)
            if (waiting[k] == 0) ready.push_back(k);
        for (size_t next = 0; next < ready.size(); ++next) {
            const Definition& def = defs[ready[next]];
            int depth = 0;
            if (def.derived) depth = expression(def.derived->formula) + (def.derived->round ? 1 : 0);
            if (def.rule) depth = body(def.rule->body);
            if (def.hook) {
                for (const auto& r : def.hook->reads) depth = std::max(depth, named(r.text));
                depth += 2;  // the call, then each value it returns
            }
            for (const auto& n : def.names) named_.emplace(n, depth);
            for (size_t user : users[ready[next]])
                if (--waiting[user] == 0) ready.push_back(user);
        }
    }

    int named(const std::u32string& n) const {
        auto it = named_.find(n);
        return it == named_.end() ? 0 : it->second;
    }

    int expression(const ast::expression& e) {
        int depth = operand(e.first);
        for (const ast::operation& o : e.rest) depth = std::max(depth, operand(o.rhs)) + 1;
        if (depth > limit_ && !found_ && e.id_first >= 0) {
            found_ = &e;
            found_depth_ = depth;
        }
        return depth;
    }

    int operand(const ast::operand& o) {
        struct Visitor {
            ComputationDepth& c;
            int operator()(const ast::number&) const { return 0; }
            int operator()(const ast::boolean&) const { return 0; }
            int operator()(const ast::name& n) const { return c.named(n.text); }
            int operator()(const x3::forward_ast<ast::unary>& u) const { return c.operand(u.get().rhs) + 1; }
            int operator()(const x3::forward_ast<ast::call>& f) const {
                int args = 0;
                for (const ast::expression& a : f.get().args) args = std::max(args, c.expression(a));
                // A 规则 used with arguments; else 较小值/较大值 (one operation per
                // argument after the first) or 绝对值.
                if (c.named_.count(f.get().function.text)) return c.named(f.get().function.text) + args;
                return args + std::max<int>(1, static_cast<int>(f.get().args.size()) - 1);
            }
            int operator()(const x3::forward_ast<ast::conditional>& f) const {
                const ast::conditional& k = f.get();
                return std::max({c.expression(k.condition), c.expression(k.then_value), c.expression(k.else_value)}) + 1;
            }
            int operator()(const x3::forward_ast<ast::expression>& e) const { return c.expression(e.get()); }
        };
        return boost::apply_visitor(Visitor{*this}, o.get());
    }

    int tiers(const std::vector<ast::tier>& list) {
        int depth = 0;
        for (const ast::tier& t : list) {
            depth = std::max(depth, expression(t.value));
            if (const auto* b = boost::get<ast::bound>(&t.condition.get())) depth = std::max(depth, expression(b->value));
            if (const auto* values = boost::get<std::vector<ast::expression>>(&t.condition.get()))
                for (const ast::expression& v : *values) depth = std::max(depth, expression(v));
        }
        return depth;
    }

    int vetoes(int depth, const std::vector<ast::veto>& list) {
        for (const ast::veto& v : list) depth = std::max(depth, expression(v.condition)) + 1;
        return depth;
    }

    int rule(const ast::rule& r) {
        struct Visitor {
            ComputationDepth& c;
            int operator()(const ast::checklist_rule& k) const {
                int depth = 0;
                for (const ast::check_item& i : k.items) depth = std::max(depth, c.expression(i.condition));
                return depth + 1;
            }
            int operator()(const ast::tier_rule& t) const { return std::max(c.expression(t.subject), c.tiers(t.tiers)) + 1; }
            int operator()(const ast::deduction_rule& d) const { return c.expression(d.count) + 2; }
            int operator()(const ast::penalty_rule& p) const {
                return std::max({c.expression(p.value), c.expression(p.threshold), c.expression(p.step)}) + 4;
            }
            int operator()(const ast::target_rule& t) const {
                int depth = std::max(c.expression(t.actual), c.expression(t.target));
                if (t.unmet) depth = std::max(depth, c.expression(*t.unmet));
                return depth + 4;
            }
            int operator()(const ast::expression& e) const { return c.expression(e); }
        };
        return vetoes(boost::apply_visitor(Visitor{*this}, r.core.get()), r.vetoes);
    }

    int body(const ast::leaf_body& b) {
        if (const auto* r = boost::get<ast::rule>(&b.get())) return rule(*r);
        const auto& parts = boost::get<ast::parts_rule>(b.get());
        int depth = 0;
        for (const ast::part& p : parts.parts) depth = std::max(depth, rule(p.body) + 2);
        return vetoes(depth, parts.vetoes);
    }

    void tree(const std::vector<grammar::TreeNode>& nodes) {
        for (const grammar::TreeNode& n : nodes) {
            if (n.is_leaf()) body(n.leaf().body);
            for (const ast::per_row& p : n.per_rows)
                if (p.filter) expression(*p.filter);
            tree(n.children);
        }
    }

    const RulesetDeclarations& ruleset_;
    const int limit_;
    std::map<std::u32string, int> named_;
    const x3::position_tagged* found_ = nullptr;
    int found_depth_ = 0;
};

// The declarations of one ruleset after its own 继承 and 导入.
struct Layer : RulesetDeclarations {
    // From imported files: kept only where the ruleset uses them.
    std::vector<ast::input_decl> library_inputs;
    std::vector<ast::constraint_decl> library_constraints;
    std::vector<ast::derived_decl> library_derived;
    std::vector<ast::named_rule_decl> library_rules;
};

template <typename T>
void append(std::vector<T>& to, std::vector<T>&& from) {
    for (T& x : from) to.push_back(std::move(x));
}

class Loader {
public:
    Loader(ParsedRuleset& out, const LoadOptions& options, DiagnosticList& diagnostics)
        : out_(out), options_(options), diagnostics_(diagnostics) {}

    void run(const std::string& path, const std::string* text) {
        std::optional<Layer> layer = load(path, text, nullptr);
        if (!layer || over_limit_) {
            out_.aborted = true;
            return;
        }
        keep_used_library_parts(*layer);
        static_cast<RulesetDeclarations&>(out_) = std::move(static_cast<RulesetDeclarations&>(*layer));
        if (too_many_indicators() || too_many_inputs() || too_deep_computation()) out_.aborted = true;
    }

private:
    // ---------------------------------------------------------------- files

    std::shared_ptr<const SourceFile> read(const std::string& path, const std::string* text,
                                           const x3::position_tagged* asked_by) {
        std::string bytes;
        const std::uint64_t max_bytes = options_.limits.max_file_bytes;
        if (text) {
            if (text->size() > max_bytes) return too_large(path, text->size(), asked_by);
            bytes = *text;
        } else {
            // Never more than the limit is read, whatever the file is (/dev/zero).
            std::uint64_t size = 0;
            if (auto problem = read_file_at_most(path, max_bytes, bytes, size)) {
                if (asked_by) error(*asked_by, *problem);
                else diagnostics_.error(*problem);
                return nullptr;
            }
            if (size > max_bytes) return too_large(path, size, asked_by);
        }
        auto decoded = SourceFile::from_utf8(path, std::move(bytes));
        if (auto* message = std::get_if<std::string>(&decoded)) {
            diagnostics_.error(path + "：" + *message);
            return nullptr;
        }
        auto file = std::make_shared<const SourceFile>(std::get<SourceFile>(std::move(decoded)));
        out_.sources->add(file);
        return file;
    }

    std::shared_ptr<const SourceFile> too_large(const std::string& path, std::uint64_t size,
                                                const x3::position_tagged* asked_by) {
        over_limit_ = true;
        const std::uint64_t max = options_.limits.max_file_bytes;
        std::string message = "规则文件「" + path + "」";
        if (size != unread_size) message += "有 " + std::to_string(size) + " 字节，";
        message += over_size_limit(max) + "（上限可用 --max-rubric-size 调整）";
        if (asked_by) error(*asked_by, message);
        else diagnostics_.error(message);
        return nullptr;
    }

    // A chain of 继承 and 导入 deeper than the limit: reported at the
    // statement that would go one file deeper.
    bool chain_too_long(const x3::position_tagged* asked_by) {
        if (depth_ < options_.limits.max_import_depth) return false;
        over_limit_ = true;
        const std::string message = "继承、导入的文件一层套一层，超过 " +
                                    std::to_string(options_.limits.max_import_depth) +
                                    " 层的上限（上限可用 --max-import-depth 调整）";
        if (asked_by) error(*asked_by, message);
        else diagnostics_.error(message);
        return true;
    }

    // The 一级, 二级 and 三级指标 of the effective ruleset, in the order written.
    static void indicators_of(const std::vector<grammar::TreeNode>& nodes, std::vector<const grammar::TreeNode*>& out) {
        for (const grammar::TreeNode& n : nodes) {
            if (n.is_leaf() || (!n.is_addition() && n.group().level != ast::group_level::root)) out.push_back(&n);
            indicators_of(n.children, out);
        }
    }

    bool too_many_indicators() {
        const std::size_t max = options_.limits.max_indicators;
        std::vector<const grammar::TreeNode*> all;
        indicators_of(out_.tree, all);
        if (all.size() <= max) return false;
        const grammar::TreeNode& first_over = *all[max];
        const x3::position_tagged& at = first_over.is_leaf() ? static_cast<const x3::position_tagged&>(first_over.leaf().label)
                                        : first_over.group().label
                                            ? static_cast<const x3::position_tagged&>(*first_over.group().label)
                                            : static_cast<const x3::position_tagged&>(first_over.group());
        error(at, "指标超过 " + std::to_string(max) + " 个的上限：这是第 " + std::to_string(max + 1) +
                      " 个（共 " + std::to_string(all.size()) + " 个；上限可用 --max-indicators 调整）");
        return true;
    }

    bool too_deep_computation() {
        const int max = options_.limits.max_expression_depth;
        auto [at, depth] = ComputationDepth(out_, max).first_too_deep();
        if (!at) return false;
        error(*at, "表达式的运算层数超过 " + std::to_string(max) + " 层的上限：算出它要叠 " + std::to_string(depth) +
                       " 层运算，连同它用到的计算（上限可用 --max-expression-depth 调整；很长的连加可拆成几个「计算」分别小计）");
        return true;
    }

    bool too_many_inputs() {
        const std::size_t max = options_.limits.max_inputs;
        if (out_.inputs.size() <= max) return false;
        error(out_.inputs[max].id, "输入超过 " + std::to_string(max) + " 个的上限：这是第 " + std::to_string(max + 1) +
                                       " 个（共 " + std::to_string(out_.inputs.size()) +
                                       " 个；上限可用 --max-inputs 调整）");
        return true;
    }

    std::optional<grammar::ParsedFile> parse(const std::string& path, const std::string* text,
                                             const x3::position_tagged* asked_by) {
        auto file = read(path, text, asked_by);
        if (!file) return std::nullopt;
        grammar::ParseLimits limits;
        limits.max_nesting_depth = options_.limits.max_nesting_depth;
        grammar::ParsedFile parsed = grammar::parse_file(*file, *out_.map, diagnostics_, limits);
        if (parsed.aborted) return std::nullopt;
        return parsed;
    }

    // ---------------------------------------------------------------- rulesets

    std::optional<Layer> load(const std::string& path, const std::string* text, const x3::position_tagged* asked_by) {
        const std::string key = canonical(path);
        if (auto in = std::find(stack_.begin(), stack_.end(), key); in != stack_.end()) {
            // Named as they were written, from the ruleset that closes the cycle.
            std::string cycle;
            for (auto p = shown_stack_.begin() + (in - stack_.begin()); p != shown_stack_.end(); ++p) cycle += *p + " → ";
            error(*asked_by, "规则集之间循环继承：" + cycle + path);
            return std::nullopt;
        }
        if (over_limit_ || chain_too_long(asked_by)) return std::nullopt;
        stack_.push_back(key);
        shown_stack_.push_back(path);
        ++depth_;
        std::optional<grammar::ParsedFile> parsed = parse(path, text, asked_by);
        std::optional<Layer> layer;
        if (parsed) layer = build(*parsed, path);
        --depth_;
        stack_.pop_back();
        shown_stack_.pop_back();
        if (over_limit_) return std::nullopt;
        return layer;
    }

    std::optional<Layer> build(grammar::ParsedFile& file, const std::string& path) {
        Layer layer;
        // Without the base or the library it names, nothing else can be checked.
        if (file.unreadable_keywords.count(U"继承") || file.unreadable_keywords.count(U"导入")) return std::nullopt;
        for (size_t i = 1; i < file.extends.size(); ++i) error(file.extends[i], "一个规则集只能继承一个规则集");
        if (!file.extends.empty()) {
            const ast::extends_decl& e = file.extends.front();
            std::string target = resolve_ruleset(utf8(e.target), path);
            if (target.empty()) {
                error(e, "找不到要继承的规则集「" + utf8(e.target) + "」" + known_rulesets_hint(utf8(e.target)));
                return std::nullopt;
            }
            std::optional<Layer> base = load(target, nullptr, &e);
            if (!base) return std::nullopt;
            layer = std::move(*base);
            layer.bases.insert(layer.bases.begin(), target);
            apply_changes(file, layer);
        } else {
            refuse_changes_without_base(file);
            layer.meta = std::move(file.meta);
            layer.tree = std::move(file.tree);
            layer.grades = std::move(file.grades);
            layer.score_roundings = std::move(file.score_roundings);
        }
        append(layer.inputs, std::move(file.inputs));
        append(layer.constraints, std::move(file.constraints));
        append(layer.derived, std::move(file.derived));
        append(layer.rules, std::move(file.rules));
        append(layer.details, std::move(file.details));
        append(layer.hooks, std::move(file.hooks));
        if (!file.na_policies.empty()) layer.na_policies = std::move(file.na_policies);
        layer.unreadable_keywords.merge(file.unreadable_keywords);
        layer.unreadable_names.merge(file.unreadable_names);
        layer.unreadable_mentions.merge(file.unreadable_mentions);
        for (const ast::import_decl& i : file.imports) import(i, path, layer);
        return layer;
    }

    void refuse_changes_without_base(const grammar::ParsedFile& file) {
        auto refuse = [&](const x3::position_tagged& node, const char* what) {
            error(node, std::string("「") + what + "」只能用在继承了其他规则集（「继承 …」）的文件里");
        };
        for (const auto& m : file.modified_indicators) refuse(m, "修改");
        for (const auto& m : file.modified_derived) refuse(m, "修改");
        for (const auto& m : file.modified_inputs) refuse(m, "修改");
        for (const auto& r : file.removals) refuse(r, "删除");
        for (const auto& a : file.additions) refuse(a.addition(), "增加");
    }

    // ---------------------------------------------------------------- 修改 删除 增加

    void apply_changes(grammar::ParsedFile& file, Layer& layer) {
        if (!file.tree.empty()) {
            const auto& first = file.tree.front();
            const x3::position_tagged& node = first.is_leaf() ? static_cast<const x3::position_tagged&>(first.leaf())
                                                              : static_cast<const x3::position_tagged&>(first.group());
            error(node, "继承了其他规则集的文件不能再写完整的指标体系；请用「修改」「删除」「增加」说明改动");
        }
        for (ast::meta_decl& m : file.meta) {
            auto same = [&](const ast::meta_decl& x) { return x.key == m.key; };
            layer.meta.erase(std::remove_if(layer.meta.begin(), layer.meta.end(), same), layer.meta.end());
            layer.meta.push_back(std::move(m));
        }
        if (!file.grades.empty()) layer.grades = std::move(file.grades);
        for (ast::score_rounding& r : file.score_roundings) {
            auto same = [&](const ast::score_rounding& x) { return x.target == r.target; };
            layer.score_roundings.erase(std::remove_if(layer.score_roundings.begin(), layer.score_roundings.end(), same),
                                        layer.score_roundings.end());
            layer.score_roundings.push_back(std::move(r));
        }
        for (ast::modify_input& m : file.modified_inputs)
            replace_named(layer.inputs, layer.library_inputs, m.decl, m, "输入");
        for (ast::modify_derived& m : file.modified_derived)
            replace_named(layer.derived, layer.library_derived, m.decl, m, "计算");
        for (const ast::remove_decl& r : file.removals) remove(r, layer);
        for (ast::modify_indicator& m : file.modified_indicators) modify(m, layer);
        for (grammar::TreeNode& a : file.additions) add(a, layer);
    }

    // 修改 of a declaration of the base, or of one the base imported (which
    // then becomes the ruleset's own).
    template <typename Decl>
    void replace_named(std::vector<Decl>& own, std::vector<Decl>& library, Decl& replacement,
                       const x3::position_tagged& at, const char* what) {
        for (Decl& d : own) {
            if (d.id.text == replacement.id.text) {
                d = std::move(replacement);
                return;
            }
        }
        bool found = false;
        for (auto it = library.begin(); it != library.end();) {
            if (it->id.text == replacement.id.text) {
                it = library.erase(it);
                found = true;
            } else {
                ++it;
            }
        }
        if (found) {
            own.push_back(std::move(replacement));
            return;
        }
        std::vector<std::string> names;
        for (const Decl& d : own) names.push_back(utf8(d.id.text));
        for (const Decl& d : library) names.push_back(utf8(d.id.text));
        missing(at, what, utf8(replacement.id.text), names);
    }

    void remove(const ast::remove_decl& r, Layer& layer) {
        auto erase_named = [&](auto& list) {
            for (auto it = list.begin(); it != list.end(); ++it) {
                if (it->id.text == r.target.text) {
                    list.erase(it);
                    return true;
                }
            }
            return false;
        };
        if (r.what == ast::part_kind::input) {
            if (!erase_named(layer.inputs)) missing(r, "输入", utf8(r.target.text), names_of(layer.inputs));
            return;
        }
        if (r.what == ast::part_kind::derived) {
            if (!erase_named(layer.derived)) missing(r, "计算", utf8(r.target.text), names_of(layer.derived));
            return;
        }
        std::vector<grammar::TreeNode>* siblings = nullptr;
        size_t index = 0;
        if (find_node(layer.tree, r.what, r.target.text, siblings, index)) {
            siblings->erase(siblings->begin() + static_cast<std::ptrdiff_t>(index));
            return;
        }
        missing(r, kind_word(r.what), utf8(r.target.text), indicator_names(layer.tree, r.what));
    }

    void modify(ast::modify_indicator& m, Layer& layer) {
        std::vector<grammar::TreeNode>* siblings = nullptr;
        size_t index = 0;
        if (!find_node(layer.tree, m.level, m.target.text, siblings, index)) {
            missing(m, kind_word(m.level), utf8(m.target.text), indicator_names(layer.tree, m.level));
            return;
        }
        grammar::TreeNode& node = (*siblings)[index];
        if (m.body && !node.is_leaf()) {
            error(m, std::string("只有三级指标可以改计分规则；") + kind_word(m.level) + "只能改分值");
            return;
        }
        if (!m.points && !m.body) {
            error(m, "「修改」需要写出新的分值或新的计分规则");
            return;
        }
        if (node.is_leaf()) {
            if (m.points) node.leaf().points = *m.points;
            if (m.body) node.leaf().body = std::move(*m.body);
        } else {
            std::get<ast::group_open>(node.decl).points = *m.points;
        }
    }

    void add(grammar::TreeNode& addition, Layer& layer) {
        const ast::add_open& a = addition.addition();
        grammar::TreeNode* target = nullptr;
        if (a.level == ast::part_kind::root) {
            if (!layer.tree.empty()) target = &layer.tree.front();
        } else if (a.target) {
            std::vector<grammar::TreeNode>* siblings = nullptr;
            size_t index = 0;
            if (find_node(layer.tree, a.level, a.target->text, siblings, index)) target = &(*siblings)[index];
        }
        if (!target) {
            missing(a, kind_word(a.level), a.target ? utf8(a.target->text) : "", indicator_names(layer.tree, a.level));
            return;
        }
        if (target->is_leaf()) {
            error(a, "三级指标之下不能再增加指标");
            return;
        }
        for (grammar::TreeNode& child : addition.children) target->children.push_back(std::move(child));
        if (addition.incomplete) target->incomplete = true;  // a statement in it could not be read
    }

    static bool find_node(std::vector<grammar::TreeNode>& nodes, ast::part_kind kind, const std::u32string& name,
                          std::vector<grammar::TreeNode>*& siblings, size_t& index) {
        for (size_t i = 0; i < nodes.size(); ++i) {
            const std::u32string* label = label_of(nodes[i]);
            if (kind_of(nodes[i]) == kind && label && *label == name) {
                siblings = &nodes;
                index = i;
                return true;
            }
            if (find_node(nodes[i].children, kind, name, siblings, index)) return true;
        }
        return false;
    }

    static void names_at(const std::vector<grammar::TreeNode>& nodes, ast::part_kind kind, std::vector<std::string>& out) {
        for (const grammar::TreeNode& n : nodes) {
            if (kind_of(n) == kind && label_of(n)) out.push_back(utf8(*label_of(n)));
            names_at(n.children, kind, out);
        }
    }

    static std::vector<std::string> indicator_names(const std::vector<grammar::TreeNode>& tree, ast::part_kind kind) {
        std::vector<std::string> out;
        names_at(tree, kind, out);
        return out;
    }

    template <typename Decl>
    static std::vector<std::string> names_of(const std::vector<Decl>& list) {
        std::vector<std::string> out;
        for (const Decl& d : list) out.push_back(utf8(d.id.text));
        return out;
    }

    // An override that matches nothing in the base: the base renamed or dropped it.
    void missing(const x3::position_tagged& at, const std::string& what, const std::string& name,
                 const std::vector<std::string>& candidates) {
        std::string message = "基础规则集中没有" + what + "「" + name + "」";
        if (auto guess = closest_name(name, candidates)) message += "；是否指「" + *guess + "」？";
        else message += "（它可能已被改名或删除）";
        error(at, message);
    }

    // ---------------------------------------------------------------- 导入

    void import(const ast::import_decl& i, const std::string& from, Layer& layer) {
        const std::string name = utf8(i.path);
        std::string path = resolve_library(name, from);
        if (path.empty()) {
            error(i, "找不到要导入的文件「" + name + "」（在本文件所在目录和标准库目录中查找 " + name + ".rubric）");
            return;
        }
        const std::string key = canonical(path);
        if (std::find(imported_.begin(), imported_.end(), key) != imported_.end()) return;  // already in
        if (over_limit_ || chain_too_long(&i)) return;
        imported_.push_back(key);
        ++depth_;
        struct Leave {
            int& depth;
            ~Leave() { --depth; }
        } leave{depth_};
        std::optional<grammar::ParsedFile> parsed = parse(path, nullptr, &i);
        if (!parsed) return;
        grammar::ParsedFile& lib = *parsed;
        auto refuse = [&](const x3::position_tagged& node, const char* what) {
            error(node, std::string("被导入的文件只能声明输入、约束、计算和规则，不能有") + what);
        };
        if (!lib.tree.empty()) {
            const auto& first = lib.tree.front();
            refuse(first.is_leaf() ? static_cast<const x3::position_tagged&>(first.leaf())
                                   : static_cast<const x3::position_tagged&>(first.group()),
                   "指标体系");
        }
        for (const auto& g : lib.grades) refuse(g, "等级");
        for (const auto& e : lib.extends) refuse(e, "「继承」");
        for (const auto& r : lib.score_roundings) refuse(r, "得分舍入");
        for (const auto& d : lib.details) refuse(d, "明细");
        for (const auto& h : lib.hooks) refuse(h, "钩子");
        for (const auto& n : lib.na_policies) refuse(n, "「不适用」规则");
        refuse_changes_without_base(lib);
        append(layer.library_inputs, std::move(lib.inputs));
        append(layer.library_constraints, std::move(lib.constraints));
        append(layer.library_derived, std::move(lib.derived));
        append(layer.library_rules, std::move(lib.rules));
        layer.unreadable_keywords.merge(lib.unreadable_keywords);
        layer.unreadable_names.merge(lib.unreadable_names);
        layer.unreadable_mentions.merge(lib.unreadable_mentions);
        for (const ast::import_decl& nested : lib.imports) import(nested, path, layer);
    }

    // Keeps the imported declarations the ruleset uses, directly or through
    // other imported calculations and rules; the rest is not part of it.
    void keep_used_library_parts(Layer& layer) {
        // Every name the imported files declare, used or not, for did-you-mean.
        for (const auto& i : layer.library_inputs) layer.library_names.insert(i.id.text);
        for (const auto& d : layer.library_derived) layer.library_names.insert(d.id.text);
        for (const auto& r : layer.library_rules) layer.library_names.insert(r.id.text);
        ast::name_set used;
        for (const auto& d : layer.derived) ast::collect_names(d.formula, used);
        for (const auto& c : layer.constraints) ast::collect_names(c.condition, used);
        for (const auto& r : layer.rules) ast::collect_names(r.body, used);
        for (const auto& g : layer.grades) ast::collect_names(g.bands, used);
        collect_tree_names(layer.tree, used);

        ast::name_set own;
        for (const auto& i : layer.inputs) own.insert(i.id.text);
        for (const auto& d : layer.derived) own.insert(d.id.text);
        for (const auto& r : layer.rules) own.insert(r.id.text);

        std::vector<bool> derived_kept(layer.library_derived.size()), rules_kept(layer.library_rules.size());
        for (bool grew = true; grew;) {
            grew = false;
            for (size_t k = 0; k < layer.library_derived.size(); ++k) {
                const auto& d = layer.library_derived[k];
                if (derived_kept[k] || !used.count(d.id.text) || own.count(d.id.text)) continue;
                derived_kept[k] = grew = true;
                ast::collect_names(d.formula, used);
            }
            for (size_t k = 0; k < layer.library_rules.size(); ++k) {
                const auto& r = layer.library_rules[k];
                if (rules_kept[k] || !used.count(r.id.text) || own.count(r.id.text)) continue;
                rules_kept[k] = grew = true;
                ast::collect_names(r.body, used);
            }
        }
        ast::name_set library_inputs_kept;
        for (auto& i : layer.library_inputs) {
            if (!used.count(i.id.text) || own.count(i.id.text) || library_inputs_kept.count(i.id.text)) continue;
            library_inputs_kept.insert(i.id.text);
            layer.inputs.push_back(std::move(i));
        }
        for (size_t k = 0; k < layer.library_derived.size(); ++k)
            if (derived_kept[k]) layer.derived.push_back(std::move(layer.library_derived[k]));
        for (size_t k = 0; k < layer.library_rules.size(); ++k)
            if (rules_kept[k]) layer.rules.push_back(std::move(layer.library_rules[k]));
        // A library constraint belongs when every library input it mentions is kept.
        ast::name_set library_input_names;
        for (const auto& i : layer.library_inputs) library_input_names.insert(i.id.text);
        for (auto& c : layer.library_constraints) {
            ast::name_set mentioned;
            ast::collect_names(c.condition, mentioned);
            // An input the ruleset declares itself stands in for the library's.
            bool any_kept = false, all_kept = true;
            for (const auto& n : mentioned) {
                if (library_inputs_kept.count(n) || (library_input_names.count(n) && own.count(n))) any_kept = true;
                else if (library_input_names.count(n)) all_kept = false;
            }
            if (any_kept && all_kept) layer.constraints.push_back(std::move(c));
        }
    }

    static void collect_tree_names(const std::vector<grammar::TreeNode>& nodes, ast::name_set& used) {
        for (const grammar::TreeNode& n : nodes) {
            if (n.is_leaf()) ast::collect_names(n.leaf().body, used);
            collect_tree_names(n.children, used);
        }
    }

    // ---------------------------------------------------------------- finding files

    static std::string canonical(const std::string& path) {
        std::error_code ec;
        auto c = fs::weakly_canonical(fs::path(path), ec);
        return ec ? path : c.string();
    }

    static std::string folder_of(const std::string& path) {
        auto parent = fs::path(path).parent_path();
        return parent.empty() ? "." : parent.string();
    }

    std::string resolve_library(const std::string& name, const std::string& from) const {
        // The importing file's folder, then stdlib/ beside it (rulesets/ and stdlib/
        // are siblings in a checkout), then the configured library folders.
        std::vector<std::string> folders{folder_of(from), (fs::path(folder_of(from)) / ".." / "stdlib").string()};
        folders.insert(folders.end(), options_.library_paths.begin(), options_.library_paths.end());
        for (const std::string& folder : folders) {
            for (const std::string& candidate : {name + ".rubric", name}) {
                fs::path p = fs::path(folder) / candidate;
                std::error_code ec;
                if (!fs::is_regular_file(p, ec)) continue;
                // The short form, unless a symbolic link makes "a/../b" differ from "b".
                fs::path normal = p.lexically_normal();
                return fs::equivalent(p, normal, ec) ? normal.string() : p.string();
            }
        }
        return {};
    }

    std::string resolve_ruleset(const std::string& name, const std::string& from) const {
        LoadOptions local = options_;
        local.ruleset_paths.insert(local.ruleset_paths.begin(), folder_of(from));
        // A path relative to the extending file comes first.
        fs::path relative = fs::path(folder_of(from)) / name;
        std::error_code ec;
        if (fs::is_regular_file(relative, ec)) return relative.lexically_normal().string();
        return find_ruleset(name, local);
    }

    std::string known_rulesets_hint(const std::string& name) const {
        std::vector<std::string> names;
        for (const std::string& folder : options_.ruleset_paths) {
            std::error_code ec;
            for (const auto& entry : fs::directory_iterator(folder, ec))
                if (entry.path().extension() == ".rubric")
                    if (auto s = short_name_of(entry.path().string()); !s.empty()) names.push_back(s);
        }
        std::sort(names.begin(), names.end());
        if (auto guess = closest_name(name, names)) return "；是否指「" + *guess + "」？";
        return "";
    }

    // ---------------------------------------------------------------- messages

    void error(const x3::position_tagged& node, std::string message) {
        SourceSet::Location at = out_.sources->locate(out_.span_of(node));
        diagnostics_.error(at.file, at.local, std::move(message));
    }

    ParsedRuleset& out_;
    const LoadOptions& options_;
    DiagnosticList& diagnostics_;
    std::vector<std::string> stack_;     // rulesets being loaded, for naming a 继承 cycle
    std::vector<std::string> shown_stack_;  // the same, as their paths were written
    std::vector<std::string> imported_;  // library files already in
    int depth_ = 0;                      // files in the chain of 继承 and 导入 being loaded
    bool over_limit_ = false;            // a limit was exceeded (and reported): nothing more is loaded
};

}  // namespace

ParsedRuleset load_ruleset(const std::string& path, const std::string* text, const LoadOptions& options,
                           DiagnosticList& diagnostics) {
    ParsedRuleset out;
    out.hook_limits = options.hook_limits;
    out.max_file_bytes = options.limits.max_file_bytes;
    Loader(out, options, diagnostics).run(path, text);
    return out;
}

std::string short_name_of(const std::string& path) {
    std::ifstream in(path);
    std::string line;
    for (int n = 0; n < 200 && std::getline(in, line); ++n) {
        size_t start = line.find_first_not_of(" \t");
        if (start == std::string::npos || line.compare(start, 6, "简称") != 0) continue;
        std::string value = line.substr(start + 6);
        // Strip blanks, quotes (" “” 「」) and a trailing comment.
        if (auto hash = value.find('#'); hash != std::string::npos) value.resize(hash);
        for (const char* q : {"\"", "“", "”", "「", "」", "\r"}) {
            for (size_t at; (at = value.find(q)) != std::string::npos;) value.erase(at, std::string(q).size());
        }
        size_t b = value.find_first_not_of(" \t"), e = value.find_last_not_of(" \t");
        return b == std::string::npos ? "" : value.substr(b, e - b + 1);
    }
    return {};
}

std::string find_ruleset(const std::string& name, const LoadOptions& options) {
    std::error_code ec;
    if (fs::is_regular_file(name, ec)) return name;
    for (const std::string& folder : options.ruleset_paths) {
        std::vector<fs::path> files;
        for (const auto& entry : fs::directory_iterator(folder, ec))
            if (entry.path().extension() == ".rubric") files.push_back(entry.path());
        std::sort(files.begin(), files.end());
        for (const fs::path& p : files)
            if (short_name_of(p.string()) == name) return p.lexically_normal().string();
    }
    return {};
}

}  // namespace rubric
