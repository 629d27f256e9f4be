// The three-level indicator tree: levels nested as 指标体系 → 一级 → 二级 → 三级,
// points that add up, the root at 100, each leaf's rule, its score check
// and rounding, and the explain lines of each leaf.
#include "interpreter/compiler.hpp"

#include "interpreter/explain_pieces.hpp"
#include "interpreter/program_builder.hpp"
#include "interpreter/utf8.hpp"

#include <algorithm>
#include <set>

namespace rubric {

namespace ex = explain;

namespace {

const char* level_name(int level) {
    static const char* names[] = {"指标体系", "一级指标", "二级指标", "三级指标"};
    return names[std::clamp(level, 0, 3)];
}

int level_of(const grammar::TreeNode& node) {
    if (node.is_leaf()) return 3;
    switch (node.group().level) {
        case ast::group_level::root: return 0;
        case ast::group_level::first: return 1;
        case ast::group_level::second: return 2;
    }
    return 0;
}

RoundingMode mode_of(const ast::rounding& r) {
    static const RoundingMode modes[] = {RoundingMode::half_up, RoundingMode::half_even, RoundingMode::down,
                                         RoundingMode::up,      RoundingMode::floor,     RoundingMode::ceiling};
    return r.mode ? modes[static_cast<int>(*r.mode)] : RoundingMode::half_up;
}

}  // namespace

std::optional<Decimal> Compiler::points_of(const ast::number& points, Span where) {
    if (points.percent) {
        error(where, "分值不能写成百分比");
        return std::nullopt;
    }
    auto d = parse_number(points, where);
    if (d && d->sign() <= 0) {
        error(where, "分值应大于 0");
        return std::nullopt;
    }
    return d;
}

void Compiler::compile_tree() {
    const auto& roots = parsed_.tree;
    if (roots.empty()) {
        if (parsed_.unreadable_keywords.count(U"指标体系")) return;  // written, but could not be read
        diagnostics_.error(&parsed_.sources->main_file(), Span{0, 0}, "规则集没有「指标体系（100分）{ … }」");
        return;
    }
    for (size_t i = 1; i < roots.size(); ++i) {
        Span s = roots[i].is_leaf() ? span_of(roots[i].leaf()) : span_of(roots[i].group());
        error(Span{s.begin, s.begin + 1}, "只能有一个指标体系；一级指标应写在「指标体系 { }」之内");
    }
    const grammar::TreeNode& root = roots.front();
    if (level_of(root) != 0) {
        Span s = root.is_leaf() ? span_of(root.leaf()) : span_of(root.group());
        error(Span{s.begin, s.begin + 4}, std::string(level_name(level_of(root))) + "应写在「指标体系（100分）{ }」之内");
        return;
    }
    int index = compile_node(root, -1, 0, "");
    const IndicatorInfo& info = builder_->indicators()[static_cast<size_t>(index)];
    if (info.points != Decimal::from_int(100))
        error(Span{info.span.begin, info.span.begin + 4}, "指标体系的总分应为 100 分，实际为 " + info.points.to_string() + " 分");

    // The total: the sum of the (rounded) third-level scores, rounded as the rubric says.
    uint32_t total = info.score_slot;
    if (total_rounding_) {
        auto q = quantum_of(*total_rounding_);
        if (q) {
            uint32_t qs = builder_->constant(*q, span_of(*total_rounding_));
            Display d;
            d.style = Display::Style::fixed;
            d.places = q->exponent() < 0 ? -q->exponent() : 0;
            total = builder_->emit(Op::round, total, qs, 0, span_of(*total_rounding_), d, mode_of(*total_rounding_));
        }
    }
    builder_->set_total_slot(total);
}

int Compiler::compile_node(const grammar::TreeNode& node, int parent, int level, const std::string& path) {
    auto& indicators = builder_->indicators();
    const int index = static_cast<int>(indicators.size());
    IndicatorInfo info;
    info.level = level;
    info.parent = parent;
    const int written_level = level_of(node);

    if (node.is_leaf()) {
        const ast::leaf_decl& leaf = node.leaf();
        info.name = encode_utf8(leaf.label.text);
        info.span = span_of(leaf.label);
        std::optional<Decimal> points = points_of(leaf.points, span_of(leaf.points));
        if (!points) points_unknown_.insert(index);
        info.points = points.value_or(Decimal{});
    } else {
        const ast::group_open& group = node.group();
        info.name = group.label ? encode_utf8(group.label->text) : "指标体系";
        info.span = group.label ? span_of(*group.label) : span_of(group);
        // A header the parser could not read is an untagged stand-in, already reported.
        if (group.level != ast::group_level::root && !group.label && group.id_first >= 0)
            error(span_of(group), std::string(level_name(written_level)) + "需要名称");
        std::optional<Decimal> points = group.points ? points_of(*group.points, span_of(*group.points)) : std::nullopt;
        if (!points) points_unknown_.insert(index);
        info.points = points.value_or(Decimal{});
        if (!group.points && group.id_first >= 0) error(span_of(group), std::string(level_name(written_level)) + "需要分值，如（25分）");
    }
    if (written_level != level) {
        std::string expected = level_name(level);
        error(Span{info.span.begin, info.span.end},
              std::string(level_name(written_level)) + "「" + info.name + "」写在了" +
                  (parent >= 0 ? std::string(level_name(level - 1)) + "「" + indicators[static_cast<size_t>(parent)].name + "」" : "顶层") +
                  "之内，这里应是" + expected);
    }
    indicators.push_back(info);
    const std::string my_path = path.empty() ? (level == 0 ? "" : info.name) : path + " / " + info.name;

    if (node.is_leaf()) {
        compile_leaf(node.leaf(), index, my_path);
        return index;
    }
    if (!node.per_rows.empty()) {
        compile_row_group(node, index);
        return index;
    }
    std::vector<uint32_t> child_slots;
    std::set<std::string> child_names;
    // Children are judged against the level as written, so one misplaced
    // group is one error, not one per descendant.
    for (const grammar::TreeNode& child : node.children) {
        int c = compile_node(child, index, written_level + 1, my_path);
        auto& ci = builder_->indicators()[static_cast<size_t>(c)];
        if (!child_names.insert(ci.name).second)
            error(ci.span, "同一层中已有名为「" + ci.name + "」的指标");
        builder_->indicators()[static_cast<size_t>(index)].children.push_back(c);
        child_slots.push_back(builder_->indicators()[static_cast<size_t>(c)].score_slot);
    }
    check_points(node, index);
    Graph& g = builder_->graph();
    uint32_t first = static_cast<uint32_t>(g.operand_lists.size());
    g.operand_lists.insert(g.operand_lists.end(), child_slots.begin(), child_slots.end());
    builder_->indicators()[static_cast<size_t>(index)].score_slot =
        builder_->emit(Op::sum, first, static_cast<uint32_t>(child_slots.size()), 0, info.span);
    return index;
}

void Compiler::check_points(const grammar::TreeNode& node, int index) {
    // A child that could not be read is already reported; the sum of the rest means nothing.
    if (node.incomplete) return;
    const IndicatorInfo& info = builder_->indicators()[static_cast<size_t>(index)];
    // So is a child whose points could not be read (reported too).
    for (int c : info.children)
        if (points_unknown_.count(c)) return;
    if (node.children.empty()) {
        error(info.span, (info.level == 0 ? std::string("指标体系") : std::string(level_name(info.level)) + "「" + info.name + "」") +
                             "没有下级指标");
        return;
    }
    Decimal sum;
    for (int c : info.children) sum = sum + builder_->indicators()[static_cast<size_t>(c)].points;
    const std::string what = info.level == 0 ? "指标体系" : std::string(level_name(info.level)) + "「" + info.name + "」";
    if (sum == info.points || info.points.sign() <= 0) return;
    SourceSet::Location at = parsed_.sources->locate(info.span);
    Diagnostic& d = diagnostics_.error(at.file, at.local, what + "的下级指标分值合计 " + sum.to_string() +
                                                              " 分，与其分值 " + info.points.to_string() + " 分不符");
    // Points changed by 修改 in another file: say where, since the message points at the base.
    auto note_moved = [&](const x3::position_tagged& label, const std::optional<ast::number>& points) {
        if (!points) return;
        SourceSet::Location l = parsed_.sources->locate(span_of(label));
        SourceSet::Location p = parsed_.sources->locate(span_of(*points));
        if (p.file && p.file != l.file)
            d.notes.push_back(make_note(*p.file, p.local, "这里改为 " + encode_utf8(points->text) + " 分"));
    };
    if (node.group().label) note_moved(*node.group().label, node.group().points);
    for (const grammar::TreeNode& child : node.children) {
        if (child.is_leaf()) note_moved(child.leaf().label, child.leaf().points);
        else if (child.group().label) note_moved(*child.group().label, child.group().points);
    }
}

void Compiler::compile_leaf(const ast::leaf_decl& leaf, int index, const std::string& path) {
    const Decimal points = builder_->indicators()[static_cast<size_t>(index)].points;
    const Span owner = span_of(leaf.label);
    pending_lines_.clear();
    current_leaf_ = index;
    std::vector<int> used_derived;
    std::vector<int> used_hooks;
    derived_sink_ = &used_derived;
    hook_sink_ = &used_hooks;

    CompiledValue raw;
    if (const auto* r = boost::get<ast::rule>(&leaf.body.get()))
        raw = rule(*r, points, owner, 1);
    else
        raw = parts(boost::get<ast::parts_rule>(leaf.body.get()), points, owner, 1);
    derived_sink_ = nullptr;
    hook_sink_ = nullptr;

    uint32_t full = builder_->constant(points, span_of(leaf.points));
    uint32_t score = raw.type.is_invalid() ? full : builder_->emit(Op::check_score, raw.slot, full, 0, owner);
    if (!raw.type.is_invalid()) {
        // A rule changed by 修改 lives in another file than the indicator's name: point at the rule.
        Span body = boost::get<ast::rule>(&leaf.body.get()) ? span_of(boost::get<ast::rule>(leaf.body.get()))
                                                             : span_of(boost::get<ast::parts_rule>(leaf.body.get()));
        bool moved = parsed_.sources->locate(body).file != parsed_.sources->locate(owner).file;
        score_checks_.push_back({score, "三级指标「" + builder_->indicators()[static_cast<size_t>(index)].name + "」",
                                 points, moved ? body : owner, index, -1});
    }
    std::vector<ExplainPiece> final_line{ex::text("得分 "), ex::value(score)};
    if (score_rounding_ && !raw.type.is_invalid()) {
        auto q = quantum_of(*score_rounding_);
        if (q) {
            uint32_t qs = builder_->constant(*q, span_of(*score_rounding_));
            uint32_t rounded = builder_->emit(Op::round, score, qs, 0, owner, {}, mode_of(*score_rounding_));
            final_line = {ex::text("得分"), ex::rounded(score, rounded, "（" + text_of(*score_rounding_) + "）")};
            score = rounded;
        }
    }
    add_explain(1, std::move(final_line));
    builder_->indicators()[static_cast<size_t>(index)].score_slot = score;

    // The leaf's explain block: a header, the derived metrics it rests on
    // (dependencies first), then its own lines.
    std::vector<int> closure;
    for (size_t k = 0; k < used_derived.size(); ++k) {
        int d = used_derived[k];
        if (std::find(closure.begin(), closure.end(), d) != closure.end()) continue;
        closure.push_back(d);
        for (int dep : derived_[static_cast<size_t>(d)].depends_on) used_derived.push_back(dep);
    }
    std::sort(closure.begin(), closure.end(), [&](int a, int b) {
        return derived_[static_cast<size_t>(a)].completion < derived_[static_cast<size_t>(b)].completion;
    });
    // The hooks it reads, directly or through those calculations, in order of first use.
    std::vector<int> hook_closure;
    for (int d : closure) used_hooks.insert(used_hooks.end(), derived_[static_cast<size_t>(d)].hooks.begin(),
                                            derived_[static_cast<size_t>(d)].hooks.end());
    for (int h : used_hooks)
        if (std::find(hook_closure.begin(), hook_closure.end(), h) == hook_closure.end()) hook_closure.push_back(h);
    auto& lines = builder_->explain_lines();
    IndicatorInfo& info = builder_->indicators()[static_cast<size_t>(index)];
    info.explain_first = static_cast<uint32_t>(lines.size());
    lines.push_back(ExplainLine{0, {ex::text("【" + path + "】（" + points.to_string() + " 分）得分 "), ex::value(score)}});
    for (int h : hook_closure)
        for (ExplainLine line : hooks_[static_cast<size_t>(h)].lines) {
            line.depth = static_cast<uint16_t>(line.depth + 1);
            lines.push_back(std::move(line));
        }
    for (int d : closure)
        for (ExplainLine line : derived_[static_cast<size_t>(d)].lines) {
            line.depth = static_cast<uint16_t>(line.depth + 1);
            lines.push_back(std::move(line));
        }
    for (ExplainLine& line : pending_lines_) lines.push_back(std::move(line));
    pending_lines_.clear();
    info.explain_count = static_cast<uint32_t>(lines.size()) - info.explain_first;
}

}  // namespace rubric
