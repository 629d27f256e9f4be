#include "interpreter/row_groups.hpp"

#include "interpreter/input_spec.hpp"
#include "interpreter/project_scoring.hpp"
#include "interpreter/target_text.hpp"

namespace rubric {

namespace {

bool matches(const RowGroup& group, const DetailRow& row) {
    for (const RowCondition& c : group.filter)
        if ((row.cells[c.field] == c.value) != c.equal) return false;
    return true;
}

std::string row_name(const DetailSpec& detail, const DetailRow& row) {
    return detail.label_field >= 0 ? "「" + row.cells[static_cast<size_t>(detail.label_field)] + "」" : std::string();
}

// Which group takes each row; problems for rows no group (or two) takes.
std::vector<int> assign_rows(const RowProgram& program, const Record& record, std::vector<std::string>& problems) {
    std::vector<int> owner(record.rows.size(), -1);
    for (size_t r = 0; r < record.rows.size(); ++r) {
        const DetailRow& row = record.rows[r];
        for (size_t g = 0; g < program.groups.size(); ++g) {
            if (!matches(program.groups[g], row)) continue;
            if (owner[r] >= 0) {
                problems.push_back(row_place(row) + row_name(program.detail, row) + "同时属于" +
                                   program.group_names[static_cast<size_t>(owner[r])] + "和" + program.group_names[g] +
                                   "的「逐行」，请让「其中」条件互不重叠");
                break;
            }
            owner[r] = static_cast<int>(g);
        }
        if (owner[r] < 0) {
            std::string which;
            for (size_t g = 0; g < program.groups.size(); ++g)
                which += (g ? "、" : "") + program.groups[g].filter_text;
            problems.push_back(row_place(row) + row_name(program.detail, row) + "不属于任何「逐行」（条件：" + which + "）");
        }
    }
    return owner;
}

// Group points after the 不适用 policy; problems when it cannot apply.
void assign_group_points(const RowProgram& program, RowStage& stage) {
    std::vector<long long> shares;
    Decimal pool_points;
    bool any_empty_in_pool = false;
    for (size_t g = 0; g < program.groups.size(); ++g) {
        RowGroupTotals& totals = stage.groups[g];
        totals.points = program.group_points[g];
        const bool empty = totals.applicable == 0;
        if (empty && totals.rows == 0) {
            stage.problems.push_back(program.group_names[g] + "没有明细行");
            continue;
        }
        if (!empty) continue;
        switch (program.policy) {
            case NotApplicablePolicy::reject:
                stage.problems.push_back(program.group_names[g] + "的明细行全部不适用，规则集没有写「不适用 …」规则，无法评分");
                break;
            case NotApplicablePolicy::full:
                totals.note = "全部不适用，按「不适用 得满分」";
                break;
            case NotApplicablePolicy::zero:
                totals.points = Decimal{};
                totals.note = "全部不适用，按「不适用 不得分」";
                break;
            case NotApplicablePolicy::merge:
                if (!program.groups[g].in_pool)
                    stage.problems.push_back(program.group_names[g] + "的明细行全部不适用，且不在「不适用 并入」之列，无法评分");
                else
                    any_empty_in_pool = true;
                break;
        }
    }
    if (!any_empty_in_pool || !stage.problems.empty()) return;
    // The pool's points, split over its groups that still have rows.
    std::vector<size_t> pool;
    for (size_t g = 0; g < program.groups.size(); ++g) {
        if (!program.groups[g].in_pool) continue;
        pool.push_back(g);
        pool_points = pool_points + program.group_points[g];
        const long long base = (program.group_points[g] * Decimal::from_int(100)).to_int().value_or(0);
        shares.push_back(stage.groups[g].applicable ? base : 0);
    }
    long long live = 0;
    for (long long s : shares) live += s;
    if (live == 0) {
        stage.problems.push_back("「不适用 并入」的各指标的明细行全部不适用，无法评分");
        return;
    }
    const std::vector<Decimal> points = split_cents(pool_points, shares);
    std::string shown;
    for (size_t k = 0; k < pool.size(); ++k) {
        RowGroupTotals& totals = stage.groups[pool[k]];
        if (totals.applicable) shown += (shown.empty() ? "" : "，") + program.group_labels[pool[k]] + " " + points[k].to_fixed(2);
        totals.points = points[k];
    }
    for (size_t k = 0; k < pool.size(); ++k) {
        RowGroupTotals& totals = stage.groups[pool[k]];
        totals.note = totals.applicable ? "按「不适用 并入」重新分配后 " + points[k].to_fixed(2) + " 分"
                                        : "全部不适用，" + program.group_points[pool[k]].to_string() +
                                              " 分按分值比例并入：" + shown;
    }
}

// A row's two cells as read once, beside stage.rows.
struct RowReading {
    Target target;
    Actual actual;
};

void score_rows_of_group(const RowProgram& program, size_t g, const Record& record,
                         const std::vector<RowReading>& readings, RowStage& stage) {
    const RowGroup& group = program.groups[g];
    RowGroupTotals& totals = stage.groups[g];
    std::vector<size_t> live;
    for (size_t k = 0; k < stage.rows.size(); ++k)
        if (stage.rows[k].group == static_cast<int>(g) && stage.rows[k].applicable) live.push_back(k);
    if (live.empty()) {
        if (program.policy == NotApplicablePolicy::full) totals.subtotal = totals.points;
        return;
    }
    const std::vector<Decimal> weights = split_cents(totals.points, std::vector<long long>(live.size(), 1));
    for (size_t k = 0; k < live.size(); ++k) {
        RowOutcome& o = stage.rows[live[k]];
        const DetailRow& row = record.rows[o.row];
        o.weight = weights[k];
        const RowReading& reading = readings[live[k]];
        Parsed<RowScore> scored = score_row(reading.target, reading.actual, o.weight);
        if (!scored.value) {
            stage.problems.push_back(row_place(row) + row_name(program.detail, row) + "：" + scored.problem);
            continue;
        }
        o.met = scored.value->met;
        o.score = scored.value->score;
        o.reading = scored.value->explanation;
        o.warnings = scored.value->warnings;
        if (!o.met && group.unmet_zero && o.score.sign() != 0) {
            o.score = Decimal{};
            o.reading += "；未达标不得分 → 0.00";
        }
        totals.subtotal = totals.subtotal + o.score;
    }
}

}  // namespace

std::string row_place(const DetailRow& row) {
    return row.source + " 第 " + std::to_string(row.line) + " 行";
}

void score_row_groups(const RowProgram& program, const Record& record, RowStage& stage) {
    stage.rows.clear();
    stage.problems.clear();
    stage.groups.assign(program.groups.size(), RowGroupTotals{});
    if (record.rows.empty()) {
        stage.problems.push_back("没有「" + program.detail.name + "」明细行");
        return;
    }
    const std::vector<int> owner = assign_rows(program, record, stage.problems);
    std::vector<RowReading> readings;
    for (size_t r = 0; r < record.rows.size(); ++r) {
        if (owner[r] < 0) continue;
        const RowGroup& group = program.groups[static_cast<size_t>(owner[r])];
        const DetailRow& row = record.rows[r];
        RowOutcome o;
        o.row = static_cast<uint32_t>(r);
        o.group = owner[r];
        const DetailSpec& detail = program.detail;
        o.name = detail.label_field >= 0 ? row.cells[static_cast<size_t>(detail.label_field)] : "第 " + std::to_string(r + 1) + " 行";
        if (detail.group_field >= 0) o.subgroup = row.cells[static_cast<size_t>(detail.group_field)];
        o.place = row_place(row);
        o.target = row.cells[group.target_field];
        o.actual = row.cells[group.actual_field];
        Parsed<Target> target = parse_target(row.cells[group.target_field]);
        Parsed<Actual> actual = parse_actual(row.cells[group.actual_field]);
        if (!target.value) stage.problems.push_back(row_place(row) + row_name(program.detail, row) + "：" + target.problem);
        if (!actual.value) stage.problems.push_back(row_place(row) + row_name(program.detail, row) + "：" + actual.problem);
        if (!target.value || !actual.value) continue;
        o.applicable = target.value->kind != TargetKind::not_applicable;
        if (!o.applicable) {
            o.reading = "年度指标值为「不适用」，不计分";
            if (actual.value->kind != ActualKind::empty)
                o.warnings.push_back("不适用的指标有全年完成值「" + actual.value->text + "」");
        }
        RowGroupTotals& totals = stage.groups[static_cast<size_t>(owner[r])];
        ++totals.rows;
        if (o.applicable) ++totals.applicable;
        stage.rows.push_back(std::move(o));
        readings.push_back(RowReading{std::move(*target.value), std::move(*actual.value)});
    }
    if (!stage.problems.empty()) return;
    // Rows first, then groups: a record with both kinds of problem shows them all.
    RowStage groups_only;
    groups_only.groups = std::move(stage.groups);
    assign_group_points(program, groups_only);
    stage.groups = std::move(groups_only.groups);
    for (size_t g = 0; g < program.groups.size(); ++g) score_rows_of_group(program, g, record, readings, stage);
    for (std::string& p : groups_only.problems) stage.problems.push_back(std::move(p));
}

}  // namespace rubric
