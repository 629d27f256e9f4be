// The structural difference of two rulesets (`rubric diff OLD NEW`), in
// Chinese: indicators added, removed or moved; points changed; tiers changed;
// rules and formulas changed; constraints and inputs added, removed or
// changed; grades and rounding changed. Each edit also lists the
// third-level indicators whose score it can change, so that `rubric compare`
// can say which edit moved a score.
#pragma once

#include "interpreter/ruleset_loader.hpp"

#include <string>
#include <vector>

namespace rubric {

struct RulesetEdit {
    enum class Kind : unsigned char {
        indicator_added,
        indicator_removed,
        indicator_moved,      // same name, another parent
        points_changed,
        tiers_changed,        // bounds or scores of a 分档 (or of 等级)
        rule_changed,         // any other change of an indicator's scoring rule
        formula_changed,      // 计算
        constraint_added,
        constraint_removed,
        input_added,
        input_removed,
        input_changed,        // kind, unit, range or values
        grades_changed,
        rounding_changed,
        hook_changed,
        detail_changed,       // 明细, 逐行, 不适用
    } kind = Kind::rule_changed;
    std::string subject;      // 「部门管理 / 资产管理 / 固定资产利用率」, 计算「项目完成率」, 输入「满意度」…
    std::string old_text;     // as written in OLD (empty when added)
    std::string new_text;     // as written in NEW (empty when removed)
    std::string message;      // one line, Chinese: 分档「固定资产利用率」：「90% > x ≥ 75%：0.7」改为「90% > x ≥ 80%：0.7」
    std::string old_where;    // file:line in OLD, or empty
    std::string new_where;    // file:line in NEW, or empty
    std::vector<std::string> affects;  // names of the third-level indicators (NEW's, else OLD's) it can change
};

// Diffs the effective rulesets (after 导入 and 继承), as `rubric show` prints them.
std::vector<RulesetEdit> diff_rulesets(const ParsedRuleset& old_ruleset, const ParsedRuleset& new_ruleset);

// The edits for a terminal: a header line and one line per edit, grouped by kind.
std::string format_diff(const std::vector<RulesetEdit>& edits, const std::string& old_name, const std::string& new_name);

}  // namespace rubric
