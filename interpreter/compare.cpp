// Scoring the same records under two rulesets and explaining the difference.
// Both sides go through the ordinary batch (score_tables) without explain
// traces, so most records take the fixed-point fast path; records are matched
// by file and row. Only the records where an indicator's score differs are
// scored again with traces, and an indicator's reason is read from the two:
// the first line of its block that differs.
#include "interpreter/compare.hpp"

#include "interpreter/batch.hpp"
#include "interpreter/report.hpp"
#include "interpreter/text_escape.hpp"
#include "interpreter/utf8.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace rubric {

namespace {

using Place = std::pair<std::string, uint32_t>;  // file, row

// Explain blocks by the path in their 【…】 header.
std::map<std::string, std::vector<std::string>> blocks_of(const std::string& explain) {
    std::map<std::string, std::vector<std::string>> out;
    std::vector<std::string>* current = nullptr;
    size_t start = 0;
    while (start < explain.size()) {
        size_t end = explain.find('\n', start);
        if (end == std::string::npos) end = explain.size();
        std::string line = explain.substr(start, end - start);
        start = end + 1;
        if (line.rfind("【", 0) == 0) {
            size_t close = line.find("】");
            current = &out[line.substr(3, close == std::string::npos ? std::string::npos : close - 3)];
            current->push_back(line);
        } else if (current && line.rfind("  ", 0) == 0) {
            current->push_back(line);
        } else {
            current = nullptr;
        }
    }
    return out;
}

std::string trimmed(const std::string& s) {
    size_t b = s.find_first_not_of(' ');
    return b == std::string::npos ? "" : s.substr(b);
}

// "分档「满意度」= 95%，落在「≥ 95%」档 → 6" → {"分档「满意度」= 95%", "≥ 95%", "6"}.
struct TierLine {
    std::string subject, tier, score;
};

std::optional<TierLine> tier_line(const std::string& line) {
    const std::string mark = "，落在「";
    size_t at = line.find(mark);
    size_t close = line.find("」档", at == std::string::npos ? 0 : at);
    if (at == std::string::npos || close == std::string::npos) return std::nullopt;
    TierLine t;
    t.subject = line.substr(0, at);
    t.tier = line.substr(at + mark.size(), close - at - mark.size());
    size_t arrow = line.find("→ ", close);
    t.score = arrow == std::string::npos ? "" : line.substr(arrow + 4);
    return t;
}

// The first line of the new block that the old one lacks (and its counterpart).
std::string reason_from(const std::vector<std::string>& old_block, const std::vector<std::string>& new_block) {
    if (old_block.empty() && new_block.empty()) return "";
    if (old_block.empty()) return "新规则集增加了这个指标";
    if (new_block.empty()) return "新规则集删去了这个指标";
    std::vector<std::string> olds, news;
    for (size_t i = 1; i < old_block.size(); ++i) olds.push_back(trimmed(old_block[i]));
    for (size_t i = 1; i < new_block.size(); ++i) news.push_back(trimmed(new_block[i]));
    // A tier that chose differently, or scores differently, says it best.
    for (const std::string& n : news) {
        if (std::find(olds.begin(), olds.end(), n) != olds.end()) continue;
        auto nt = tier_line(n);
        if (!nt) continue;
        for (const std::string& o : olds) {
            auto ot = tier_line(o);
            if (!ot || ot->subject != nt->subject) continue;
            if (ot->tier == nt->tier)
                return nt->subject + "，仍落在「" + nt->tier + "」档，这一档的得分由 " + ot->score + " 改为 " + nt->score;
            return nt->subject + "，现在落在「" + nt->tier + "」档（原来落在「" + ot->tier + "」档）";
        }
    }
    for (size_t i = 0; i < news.size(); ++i) {
        if (std::find(olds.begin(), olds.end(), news[i]) != olds.end()) continue;
        if (news[i].rfind("得分 = ", 0) == 0 && i + 1 == news.size() && news.size() > 1) continue;  // the final rounding
        const std::string counterpart = i < olds.size() ? olds[i] : "";
        auto nt = tier_line(news[i]);
        auto ot = tier_line(counterpart);
        if (nt && ot && nt->subject == ot->subject)
            return nt->subject + "，现在落在「" + nt->tier + "」档（原来落在「" + ot->tier + "」档）";
        if (nt && ot)
            return nt->subject + "，落在「" + nt->tier + "」档（原来 " + ot->subject + "，落在「" + ot->tier + "」档）";
        if (counterpart.empty() || std::find(news.begin(), news.end(), counterpart) != news.end()) return "新：" + news[i];
        return "原：" + counterpart + "；新：" + news[i];
    }
    for (const std::string& o : olds)
        if (std::find(news.begin(), news.end(), o) == news.end()) return "原：" + o;
    return "";
}

std::string path_of(const Program& p, int index) {
    const auto& ind = p.indicators();
    std::string path = ind[static_cast<size_t>(index)].name;
    for (int q = ind[static_cast<size_t>(index)].parent; q >= 0 && ind[static_cast<size_t>(q)].level >= 1;
         q = ind[static_cast<size_t>(q)].parent)
        path = ind[static_cast<size_t>(q)].name + " / " + path;
    return path;
}

struct Scores {
    std::vector<std::string> order;  // names in tree order
    std::map<std::string, std::pair<Decimal, std::string>> by_name;  // score, path
};

Scores scores_of(const Program& p, const Result& r) {
    Scores s;
    for (int i : p.scored_indicators()) {
        const std::string& name = p.indicators()[static_cast<size_t>(i)].name;
        if (s.by_name.count(name)) continue;
        s.order.push_back(name);
        s.by_name[name] = {r.scores[static_cast<size_t>(i)], path_of(p, i)};
    }
    return s;
}

void compare_record(const CompareReport& report, const Program& old_p, const Program& new_p, const ScoredRecord& o,
                    const ScoredRecord& n, RecordComparison& out) {
    out.old_scored = out.new_scored = true;
    out.old_total = o.result.total;
    out.new_total = n.result.total;
    out.delta = n.result.total - o.result.total;
    out.old_grade = o.result.grade;
    out.new_grade = n.result.grade;
    Scores os = scores_of(old_p, o.result), ns = scores_of(new_p, n.result);
    auto old_blocks = blocks_of(o.result.explain), new_blocks = blocks_of(n.result.explain);
    std::vector<std::string> names = ns.order;
    for (const std::string& name : os.order)
        if (!ns.by_name.count(name)) names.push_back(name);
    for (const std::string& name : names) {
        auto ot = os.by_name.find(name), nt = ns.by_name.find(name);
        std::optional<Decimal> ov, nv;
        if (ot != os.by_name.end()) ov = ot->second.first;
        if (nt != ns.by_name.end()) nv = nt->second.first;
        if (ov && nv && *ov == *nv) continue;
        IndicatorChange c;
        c.name = name;
        c.path = nt != ns.by_name.end() ? nt->second.second : ot->second.second;
        c.old_score = ov;
        c.new_score = nv;
        c.delta = nv.value_or(Decimal{}) - ov.value_or(Decimal{});
        const std::string old_path = ot != os.by_name.end() ? ot->second.second : "";
        c.reason = reason_from(old_path.empty() ? std::vector<std::string>{} : old_blocks[old_path],
                               nt != ns.by_name.end() ? new_blocks[c.path] : std::vector<std::string>{});
        if (ov && nv && !c.reason.empty()) c.reason = name + " " + ov->to_string() + " → " + nv->to_string() + "：" + c.reason;
        for (size_t e = 0; e < report.edits.size(); ++e) {
            const auto& affects = report.edits[e].affects;
            if (std::find(affects.begin(), affects.end(), name) != affects.end()) c.edits.push_back(e);
        }
        out.changes.push_back(std::move(c));
    }
}

void summarize(CompareReport& report, const std::vector<std::string>& old_grades, const std::vector<std::string>& new_grades) {
    CompareSummary& s = report.summary;
    s.grades = new_grades;
    for (const std::string& g : old_grades)
        if (std::find(s.grades.begin(), s.grades.end(), g) == s.grades.end()) s.grades.push_back(g);
    s.transitions.assign(s.grades.size(), std::vector<size_t>(s.grades.size(), 0));
    Decimal sum;
    bool first = true;
    for (const RecordComparison& r : report.records) {
        if (!(r.old_scored && r.new_scored)) continue;
        ++s.compared;
        if (r.changed()) ++s.changed;
        if (r.old_grade != r.new_grade) ++s.grade_changed;
        auto at = [&](const std::string& g) {
            return static_cast<size_t>(std::find(s.grades.begin(), s.grades.end(), g) - s.grades.begin());
        };
        const size_t og = at(r.old_grade), ng = at(r.new_grade);
        if (og < s.grades.size() && ng < s.grades.size()) ++s.transitions[og][ng];
        sum = sum + r.delta;
        s.min_delta = first ? r.delta : min(s.min_delta, r.delta);
        s.max_delta = first ? r.delta : max(s.max_delta, r.delta);
        first = false;
    }
    if (s.compared)
        s.mean_delta = *(sum / Decimal::from_int(static_cast<long long>(s.compared))).round(*Decimal::parse("0.01"), RoundingMode::half_up);
    for (size_t i = 0; i < report.records.size() && s.most_moved.size() < 10; ++i)
        if (report.records[i].old_scored && report.records[i].new_scored && !report.records[i].delta.is_zero())
            s.most_moved.push_back(i);
}



// A total (or a change of total) as the sheets print totals: 96.40, +1.20.
std::string total_text(const CompareReport& r, const Decimal& d) {
    return r.total_places >= 0 ? d.to_fixed(r.total_places) : d.to_string();
}

std::string signed_text(const CompareReport& r, const Decimal& d) {
    return d.sign() > 0 ? "+" + total_text(r, d) : total_text(r, d);
}

size_t width_of(const std::string& s) {
    std::u32string decoded;
    size_t bad = 0;
    decode_utf8(s, decoded, bad);
    return display_width(decoded);
}

std::string pad(const std::string& s, size_t width, bool right) {
    size_t w = width_of(s);
    std::string fill(w < width ? width - w : 0, ' ');
    return right ? fill + s : s + fill;
}

// Whether any indicator (matched by name) scores differently, or exists on one
// side only: the records whose changes need reasons, and so explain traces.
class ScoreMatcher {
public:
    ScoreMatcher(const Program& old_p, const Program& new_p) {
        std::map<std::string, int> old_index;
        for (int i : old_p.scored_indicators()) old_index.emplace(old_p.indicators()[static_cast<size_t>(i)].name, i);
        std::map<std::string, int> seen;
        for (int i : new_p.scored_indicators()) {
            const std::string& name = new_p.indicators()[static_cast<size_t>(i)].name;
            if (!seen.emplace(name, i).second) continue;
            auto o = old_index.find(name);
            if (o == old_index.end()) one_sided_ = true;
            else pairs_.emplace_back(o->second, i);
        }
        for (const auto& [name, i] : old_index)
            if (!seen.count(name)) one_sided_ = true;
    }
    bool differs(const Result& o, const Result& n) const {
        if (one_sided_) return true;
        for (auto [oi, ni] : pairs_)
            if (o.scores[static_cast<size_t>(oi)] != n.scores[static_cast<size_t>(ni)]) return true;
        return false;
    }

private:
    std::vector<std::pair<int, int>> pairs_;  // old, new indicator index
    bool one_sided_ = false;
};

// The record tables cut down to the rows in `wanted`; tables of 明细 rows
// (files with no scored record) stay whole so the records find their rows.
std::vector<RawTable> only_rows(const std::vector<RawTable>& tables, const std::set<Place>& wanted,
                                const std::map<std::string, bool>& record_file) {
    std::vector<RawTable> out;
    for (const RawTable& t : tables) {
        if (!record_file.count(t.path)) {
            out.push_back(t);
            continue;
        }
        RawTable cut;
        cut.path = t.path;
        cut.columns = t.columns;
        cut.numbering = t.numbering;
        for (const RawRecord& r : t.records)
            if (wanted.count({t.path, r.row})) cut.records.push_back(r);
        out.push_back(std::move(cut));
    }
    return out;
}

// Puts the explain traces of `traced` into the matching records of `into`.
void take_traces(BatchResult&& traced, std::map<Place, ScoredRecord*>& into) {
    for (ScoredRecord& r : traced.scored) {
        auto it = into.find({r.source, r.row});
        if (it != into.end()) it->second->result.explain = std::move(r.result.explain);
    }
}

}  // namespace

CompareReport compare_rulesets(const Program& old_program, const Program& new_program, std::vector<RulesetEdit> edits,
                               const std::vector<RawTable>& tables, const std::function<void(int side)>& progress,
                               unsigned threads) {
    CompareReport report;
    report.old_title = old_program.info().title;
    const Display& total_display = new_program.graph().displays[new_program.total_slot()];
    if (total_display.style == Display::Style::fixed) report.total_places = total_display.places;
    report.new_title = new_program.info().title;
    report.edits = std::move(edits);
    EvaluateOptions plain;
    plain.threads = threads;
    if (progress) plain.on_record = [&] { progress(0); };
    BatchResult olds = score_tables(old_program, tables, plain);
    if (progress) plain.on_record = [&] { progress(1); };
    BatchResult news = score_tables(new_program, tables, plain);

    std::map<Place, ScoredRecord*> old_by, new_by;
    for (ScoredRecord& r : olds.scored) old_by[{r.source, r.row}] = &r;
    for (ScoredRecord& r : news.scored) new_by[{r.source, r.row}] = &r;
    std::map<std::string, bool> record_file;  // files holding records (not 明细 rows)
    for (const ScoredRecord& r : olds.scored) record_file[r.source] = true;
    for (const ScoredRecord& r : news.scored) record_file[r.source] = true;

    // The records an indicator changed in: scored again, both sides, with traces.
    const ScoreMatcher matcher(old_program, new_program);
    std::set<Place> differing;
    for (const auto& [place, o] : old_by) {
        auto n = new_by.find(place);
        if (n != new_by.end() && matcher.differs(o->result, n->second->result)) differing.insert(place);
    }
    if (!differing.empty()) {
        const std::vector<RawTable> cut = only_rows(tables, differing, record_file);
        EvaluateOptions explain;
        explain.explain = true;
        explain.threads = threads;
        take_traces(score_tables(old_program, cut, explain), old_by);
        take_traces(score_tables(new_program, cut, explain), new_by);
    }
    // Every record either side saw, in input order: scored ones and rejected ones.
    std::vector<Place> places;
    std::map<Place, std::pair<std::vector<std::string>, std::vector<std::string>>> problems;
    for (const ScoredRecord& r : news.scored) places.push_back({r.source, r.row});
    for (const ScoredRecord& r : olds.scored) places.push_back({r.source, r.row});
    // A record's share of a file-level problem goes to the record alone.
    for (const ReadProblem& p : olds.problems) {
        if (listed(p)) report.problems.push_back(ReadProblem{p.path, p.row, p.column, "原规则集：" + p.message});
        if (p.row) { places.push_back({p.path, p.row}); problems[{p.path, p.row}].first.push_back(p.message); }
    }
    for (const ReadProblem& p : news.problems) {
        if (listed(p)) report.problems.push_back(ReadProblem{p.path, p.row, p.column, "新规则集：" + p.message});
        if (p.row) { places.push_back({p.path, p.row}); problems[{p.path, p.row}].second.push_back(p.message); }
    }
    std::sort(places.begin(), places.end());
    places.erase(std::unique(places.begin(), places.end()), places.end());
    // A problem row of a 明细 file is not a record of its own (record_file above).

    for (const Place& place : places) {
        auto o = old_by.find(place), n = new_by.find(place);
        if (o == old_by.end() && n == new_by.end() && !record_file.count(place.first) && tables.size() > 1) continue;
        RecordComparison rc;
        rc.source = place.first;
        rc.row = place.second;
        if (o != old_by.end()) rc.key = o->second->key;
        if (n != new_by.end()) rc.key = n->second->key;
        auto pr = problems.find(place);
        if (pr != problems.end()) {
            rc.old_problems = pr->second.first;
            rc.new_problems = pr->second.second;
        }
        if (o != old_by.end() && n != new_by.end()) {
            if (differing.count(place)) {
                compare_record(report, old_program, new_program, *o->second, *n->second, rc);
            } else {  // the same scores: only the totals and grades to carry
                const Result &orr = o->second->result, &nr = n->second->result;
                rc.old_scored = rc.new_scored = true;
                rc.old_total = orr.total;
                rc.new_total = nr.total;
                rc.delta = nr.total - orr.total;
                rc.old_grade = orr.grade;
                rc.new_grade = nr.grade;
            }
        } else {
            rc.old_scored = o != old_by.end();
            rc.new_scored = n != new_by.end();
            if (rc.old_scored) { rc.old_total = o->second->result.total; rc.old_grade = o->second->result.grade; }
            if (rc.new_scored) { rc.new_total = n->second->result.total; rc.new_grade = n->second->result.grade; }
            ++report.summary.bad_records;
        }
        report.records.push_back(std::move(rc));
    }
    report.summary.records = report.records.size();
    // Largest change first; among equals, changed before unchanged, then input order.
    std::stable_sort(report.records.begin(), report.records.end(), [](const RecordComparison& a, const RecordComparison& b) {
        const Decimal da = a.delta.abs(), db = b.delta.abs();
        if (da != db) return da > db;
        return a.changed() && !b.changed();
    });
    summarize(report, new_program.grades().labels, old_program.grades().labels);
    return report;
}

std::string format_compare_table(const CompareReport& report) {
    const CompareSummary& s = report.summary;
    std::string out = format_diff(report.edits, report.old_name, report.new_name) + "\n";
    out += "记录 " + std::to_string(s.records) + " 条：两边都评分 " + std::to_string(s.compared) + " 条，有误 " +
           std::to_string(s.bad_records) + " 条；得分有变化 " + std::to_string(s.changed) + " 条，等级变化 " +
           std::to_string(s.grade_changed) + " 条\n";
    if (s.compared)
        out += "总分变化：平均 " + signed_text(report, s.mean_delta) + "，最小 " + signed_text(report, s.min_delta) + "，最大 " +
               signed_text(report, s.max_delta) + "\n";
    if (!s.grades.empty() && s.compared) {
        out += "\n等级变化（行：原等级，列：新等级）\n";
        size_t w = 6;
        out += pad("", w, false);
        for (const std::string& g : s.grades) out += pad(g, w, true);
        out += "\n";
        for (size_t i = 0; i < s.grades.size(); ++i) {
            out += pad(s.grades[i], w, false);
            for (size_t j = 0; j < s.grades.size(); ++j) out += pad(std::to_string(s.transitions[i][j]), w, true);
            out += "\n";
        }
    }
    bool header = false;
    for (const RecordComparison& r : report.records) {
        if (!r.changed()) continue;
        if (!header) out += "\n变化的记录（按变化大小排列）\n";
        header = true;
        out += r.key + "（" + r.source + " 第 " + std::to_string(r.row) + " 行）：" + total_text(report, r.old_total) + " → " +
               total_text(report, r.new_total) + "（" + signed_text(report, r.delta) + "）";
        if (r.old_grade != r.new_grade) out += "，等级 " + r.old_grade + " → " + r.new_grade;
        else out += "，等级 " + r.new_grade;
        out += "\n";
        for (const IndicatorChange& c : r.changes) {
            out += "  " + c.path + "：" + (c.old_score ? c.old_score->to_string() : "（无）") + " → " +
                   (c.new_score ? c.new_score->to_string() : "（无）") + "（" + (c.delta.sign() > 0 ? "+" : "") + c.delta.to_string() + "）";
            if (!c.edits.empty()) {
                out += "，改动";
                for (size_t e : c.edits) out += " [" + std::to_string(e + 1) + "]";
            }
            out += "\n";
            if (!c.reason.empty()) out += "    " + c.reason + "\n";
        }
    }
    if (!header) out += "\n没有记录的得分或等级发生变化。\n";
    return out;
}

std::string format_compare_csv(const CompareReport& report) {
    std::string out = "来源,行,主键,原总分,新总分,总分变化,原等级,新等级,指标,原得分,新得分,指标变化,原因,相关改动\r\n";
    for (const RecordComparison& r : report.records) {
        const std::string head = csv_field(r.source) + "," + std::to_string(r.row) + "," + csv_field(r.key) + "," +
                                 (r.old_scored ? total_text(report, r.old_total) : "") + "," +
                                 (r.new_scored ? total_text(report, r.new_total) : "") + "," +
                                 (r.old_scored && r.new_scored ? total_text(report, r.delta) : "") + "," + csv_field(r.old_grade) +
                                 "," + csv_field(r.new_grade) + ",";
        if (r.changes.empty()) {
            std::string why;
            for (const auto& p : r.old_problems) why += (why.empty() ? "" : "；") + ("原规则集：" + p);
            for (const auto& p : r.new_problems) why += (why.empty() ? "" : "；") + ("新规则集：" + p);
            out += head + ",,,," + csv_field(why) + ",\r\n";
            continue;
        }
        for (const IndicatorChange& c : r.changes) {
            std::string related;
            for (size_t e : c.edits) related += (related.empty() ? "" : " ") + std::to_string(e + 1);
            out += head + csv_field(c.path) + "," + (c.old_score ? c.old_score->to_string() : "") + "," +
                   (c.new_score ? c.new_score->to_string() : "") + "," + c.delta.to_string() + "," + csv_field(c.reason) +
                   "," + related + "\r\n";
        }
    }
    return out;
}

std::string format_compare_json(const CompareReport& report) {
    const CompareSummary& s = report.summary;
    std::string out = "{\"原规则集\": " + json_string(report.old_name) + ", \"新规则集\": " + json_string(report.new_name) +
                      ",\n \"改动\": [";
    for (size_t i = 0; i < report.edits.size(); ++i) {
        const RulesetEdit& e = report.edits[i];
        out += i ? ",\n   " : "\n   ";
        out += "{\"编号\": " + std::to_string(i + 1) + ", \"对象\": " + json_string(e.subject) + ", \"说明\": " +
               json_string(e.message) + ", \"原文\": " + json_string(e.old_text) + ", \"新文\": " + json_string(e.new_text) + "}";
    }
    out += "],\n \"汇总\": {\"记录\": " + std::to_string(s.records) + ", \"比较\": " + std::to_string(s.compared) +
           ", \"有误\": " + std::to_string(s.bad_records) + ", \"变化\": " + std::to_string(s.changed) +
           ", \"等级变化\": " + std::to_string(s.grade_changed) + ", \"平均变化\": " + total_text(report, s.mean_delta) +
           ", \"最小变化\": " + total_text(report, s.min_delta) + ", \"最大变化\": " + total_text(report, s.max_delta) + ", \"等级\": [";
    for (size_t i = 0; i < s.grades.size(); ++i) out += (i ? ", " : "") + json_string(s.grades[i]);
    out += "], \"等级变化矩阵\": [";
    for (size_t i = 0; i < s.transitions.size(); ++i) {
        out += i ? ", [" : "[";
        for (size_t j = 0; j < s.transitions[i].size(); ++j) out += (j ? ", " : "") + std::to_string(s.transitions[i][j]);
        out += "]";
    }
    out += "]},\n \"记录\": [";
    for (size_t i = 0; i < report.records.size(); ++i) {
        const RecordComparison& r = report.records[i];
        out += i ? ",\n   " : "\n   ";
        out += "{\"来源\": " + json_string(r.source) + ", \"行\": " + std::to_string(r.row) + ", \"主键\": " + json_string(r.key);
        if (r.old_scored) out += ", \"原总分\": " + total_text(report, r.old_total) + ", \"原等级\": " + json_string(r.old_grade);
        if (r.new_scored) out += ", \"新总分\": " + total_text(report, r.new_total) + ", \"新等级\": " + json_string(r.new_grade);
        if (r.old_scored && r.new_scored) out += ", \"变化\": " + total_text(report, r.delta);
        out += ", \"指标变化\": [";
        for (size_t k = 0; k < r.changes.size(); ++k) {
            const IndicatorChange& c = r.changes[k];
            out += k ? ", " : "";
            out += "{\"指标\": " + json_string(c.path) + ", \"原得分\": " + (c.old_score ? c.old_score->to_string() : "null") +
                   ", \"新得分\": " + (c.new_score ? c.new_score->to_string() : "null") + ", \"变化\": " + c.delta.to_string() +
                   ", \"原因\": " + json_string(c.reason) + ", \"相关改动\": [";
            for (size_t e = 0; e < c.edits.size(); ++e) out += (e ? ", " : "") + std::to_string(c.edits[e] + 1);
            out += "]}";
        }
        out += "]";
        std::vector<std::string> problems;
        for (const auto& p : r.old_problems) problems.push_back("原规则集：" + p);
        for (const auto& p : r.new_problems) problems.push_back("新规则集：" + p);
        if (!problems.empty()) {
            out += ", \"问题\": [";
            for (size_t k = 0; k < problems.size(); ++k) out += (k ? ", " : "") + json_string(problems[k]);
            out += "]";
        }
        out += "}";
    }
    out += report.records.empty() ? "]}\n" : "\n ]}\n";
    return out;
}

}  // namespace rubric
