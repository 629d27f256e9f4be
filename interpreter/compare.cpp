// Scoring the same records under two rulesets and explaining the difference.
// Both sides go through the ordinary batch (score_chunk) without explain
// traces, so most records take the fixed-point fast path; records are matched
// by file and row. Only the records where an indicator's score differs are
// scored again, rendering the explain blocks of just those indicators, and an
// indicator's reason is read from the two: the first line that differs.
// Data comes a file or a chunk at a time; comparisons go to a ComparisonStore.
#include "interpreter/compare.hpp"

#include "interpreter/batch.hpp"
#include "interpreter/compare_reasons.hpp"
#include "interpreter/compare_store.hpp"
#include "interpreter/csv_reader.hpp"
#include "interpreter/direct_lane.hpp"
#include "interpreter/joining_threads.hpp"
#include "interpreter/key_index.hpp"
#include "interpreter/paired_plan.hpp"
#include "interpreter/record_binder.hpp"

#include <algorithm>
#include <cstring>
#include <thread>
#include <mutex>
#include <functional>
#include <exception>
#include <condition_variable>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>

namespace rubric {

namespace {


std::string path_of(const Program& p, int index) {
    const auto& ind = p.indicators();
    std::string path = ind[static_cast<size_t>(index)].name;
    for (int q = ind[static_cast<size_t>(index)].parent; q >= 0 && ind[static_cast<size_t>(q)].level >= 1;
         q = ind[static_cast<size_t>(q)].parent)
        path = ind[static_cast<size_t>(q)].name + " / " + path;
    return path;
}

// An indicator compared across the two rulesets, matched by name: NEW's
// scored indicators in tree order, then those only OLD has.
struct IndicatorPair {
    std::string name;
    std::string old_path, new_path;  // empty on the side without it
    int old_index = -1, new_index = -1;
    std::vector<size_t> edits;       // CompareReport::edits that can change it
};

std::vector<IndicatorPair> pair_indicators(const Program& old_p, const Program& new_p,
                                           const std::vector<RulesetEdit>& edits) {
    std::vector<IndicatorPair> pairs;
    std::map<std::string, size_t> by_name;
    for (int i : new_p.scored_indicators()) {
        const std::string& name = new_p.indicators()[static_cast<size_t>(i)].name;
        if (by_name.count(name)) continue;
        by_name[name] = pairs.size();
        pairs.push_back({name, "", path_of(new_p, i), -1, i, {}});
    }
    for (int i : old_p.scored_indicators()) {
        const std::string& name = old_p.indicators()[static_cast<size_t>(i)].name;
        auto found = by_name.find(name);
        if (found == by_name.end()) {
            by_name[name] = pairs.size();
            pairs.push_back({name, path_of(old_p, i), "", i, -1, {}});
        } else if (pairs[found->second].old_index < 0) {
            pairs[found->second].old_index = i;
            pairs[found->second].old_path = path_of(old_p, i);
        }
    }
    for (IndicatorPair& p : pairs)
        for (size_t e = 0; e < edits.size(); ++e) {
            const auto& affects = edits[e].affects;
            if (std::find(affects.begin(), affects.end(), p.name) != affects.end()) p.edits.push_back(e);
        }
    return pairs;
}

// The pairs (indexes) whose scores differ in this record: a one-sided
// indicator always does.
std::vector<uint32_t> changed_pairs(const std::vector<IndicatorPair>& pairs, const Result& o, const Result& n) {
    std::vector<uint32_t> out;
    for (size_t k = 0; k < pairs.size(); ++k) {
        const IndicatorPair& p = pairs[k];
        if (p.old_index >= 0 && p.new_index >= 0 &&
            o.scores[static_cast<size_t>(p.old_index)] == n.scores[static_cast<size_t>(p.new_index)])
            continue;
        out.push_back(static_cast<uint32_t>(k));
    }
    return out;
}

void carry_totals(const Result& o, const Result& n, RecordComparison& rc) {
    rc.old_scored = rc.new_scored = true;
    rc.old_total = o.total;
    rc.new_total = n.total;
    rc.delta = n.total - o.total;
    rc.old_grade = o.grade;
    rc.new_grade = n.grade;
}

// The changes of one record, each with its reason from the two sides' blocks.
void describe_changes(const std::vector<IndicatorPair>& pairs, const std::vector<uint32_t>& changed, const Result& o,
                      const Result& n, RecordComparison& rc) {
    const auto old_blocks = explain_blocks(o.explain), new_blocks = explain_blocks(n.explain);
    for (uint32_t k : changed) {
        const IndicatorPair& p = pairs[k];
        IndicatorChange c;
        c.name = p.name;
        c.path = p.new_index >= 0 ? p.new_path : p.old_path;
        if (p.old_index >= 0) c.old_score = o.scores[static_cast<size_t>(p.old_index)];
        if (p.new_index >= 0) c.new_score = n.scores[static_cast<size_t>(p.new_index)];
        c.delta = c.new_score.value_or(Decimal{}) - c.old_score.value_or(Decimal{});
        static const ExplainBlock none;
        c.reason = reason_from(p.old_index >= 0 ? block_named(old_blocks, p.old_path) : none,
                               p.new_index >= 0 ? block_named(new_blocks, p.new_path) : none);
        if (c.old_score && c.new_score && !c.reason.empty())
            c.reason = joined({p.name, " ", c.old_score->to_string(), " → ", c.new_score->to_string(), "：", c.reason});
        c.edits = p.edits;
        rc.changes.push_back(std::move(c));
    }
}

// The summary, a record at a time.
class SummaryBuilder {
public:
    SummaryBuilder(const std::vector<std::string>& old_grades, const std::vector<std::string>& new_grades) {
        s_.grades = new_grades;
        for (const std::string& g : old_grades)
            if (std::find(s_.grades.begin(), s_.grades.end(), g) == s_.grades.end()) s_.grades.push_back(g);
        s_.transitions.assign(s_.grades.size(), std::vector<size_t>(s_.grades.size(), 0));
    }

    void add(const RecordComparison& r) {
        ++s_.records;
        if (!(r.old_scored && r.new_scored)) {
            ++s_.bad_records;
            return;
        }
        ++s_.compared;
        if (r.changed()) ++s_.changed;
        if (r.old_grade != r.new_grade) ++s_.grade_changed;
        const size_t og = grade_at(r.old_grade), ng = grade_at(r.new_grade);
        if (og < s_.grades.size() && ng < s_.grades.size()) ++s_.transitions[og][ng];
        sum_ = sum_ + r.delta;
        s_.min_delta = s_.compared == 1 ? r.delta : min(s_.min_delta, r.delta);
        s_.max_delta = s_.compared == 1 ? r.delta : max(s_.max_delta, r.delta);
    }

    // add() of a record both sides scored alike: the same grade, no change.
    void add_unchanged(const std::string& grade) {
        ++s_.records;
        ++s_.compared;
        const size_t g = grade_at(grade);
        if (g < s_.grades.size()) ++s_.transitions[g][g];
        if (s_.compared == 1) {
            s_.min_delta = s_.max_delta = Decimal{};
        } else {
            if (s_.min_delta.sign() > 0) s_.min_delta = Decimal{};
            if (s_.max_delta.sign() < 0) s_.max_delta = Decimal{};
        }
    }

    CompareSummary finish() const {
        CompareSummary s = s_;
        if (s.compared)
            s.mean_delta = *(sum_ / Decimal::from_int(static_cast<long long>(s.compared)))
                                .round(*Decimal::parse("0.01"), RoundingMode::half_up);
        return s;
    }

private:
    size_t grade_at(const std::string& g) const {
        return static_cast<size_t>(std::find(s_.grades.begin(), s_.grades.end(), g) - s_.grades.begin());
    }
    CompareSummary s_;
    Decimal sum_;
};

// A record's place in a batch: the table it came from (its index in the
// batch), its row there.
using Place = std::pair<size_t, uint32_t>;

// One side's scored records by place: a sorted array (records arrive nearly
// in order, and a chunk's map nodes cost more than its records' lookups).
class PlaceIndex {
public:
    void add(Place place, ScoredRecord* record) { entries_.emplace_back(place, record); }
    void seal() {
        if (!std::is_sorted(entries_.begin(), entries_.end(), by_place)) std::sort(entries_.begin(), entries_.end(), by_place);
    }
    ScoredRecord* find(Place place) const {
        auto it = std::lower_bound(entries_.begin(), entries_.end(), place,
                                   [](const Entry& e, const Place& p) { return e.first < p; });
        return it != entries_.end() && it->first == place ? it->second : nullptr;
    }
    bool any_in(size_t table) const {
        return std::any_of(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.first.first == table; });
    }
    auto begin() const { return entries_.begin(); }
    auto end() const { return entries_.end(); }

private:
    using Entry = std::pair<Place, ScoredRecord*>;
    static bool by_place(const Entry& a, const Entry& b) { return a.first < b.first; }
    std::vector<Entry> entries_;
};

}  // namespace

namespace {

// ---- compare's direct lane: what it makes of the lines, a piece at a time ---

// What the lane works from, the same for every thread.
struct LaneSetup {
    const std::string& path;      // the data file, as records name it
    std::string_view text;        // its text after any byte order mark
    const DirectCsvLane& lane;
    const PairedPlan* paired;     // both rulesets in one pass; null: each on its own
    const FixedPlan& old_plan;
    const FixedPlan& new_plan;
    bool by_cone;                 // changed records are explained on the lane
};

// What the lane made of one line: a record compared there, unchanged or
// changed; a changed one that waits to be explained the ordinary way (a
// hook is in the way); or a line declined, to be read the ordinary way.
struct LaneLine {
    enum class Kind : unsigned char { declined, unchanged, changed, waiting } kind = Kind::declined;
    uint32_t row = 0;
    size_t at = 0, next = 0;         // the line in LaneSetup::text, its break included
    std::string_view key;            // into the text
    Decimal old_total, new_total;    // unchanged
    const std::string* grade = nullptr;  // unchanged: both sides' grade label
    uint32_t item = 0;               // changed: LanePiece::changed; waiting: LanePiece::waiting
};

// A waiting record: its cells, bound inputs and both results from the fast path.
struct LaneWait {
    RawRecord cells;
    Record bound;
    Result old_result, new_result;
};

struct LanePiece {
    std::vector<LaneLine> lines;
    std::vector<RecordComparison> changed;
    std::vector<LaneWait> waiting;
    size_t end = 0;                  // where it ends in the text
    std::exception_ptr error;        // thrown while making it; rethrown when taken
};

}  // namespace

struct CompareRun::State {
    const Program& old_program;
    const Program& new_program;
    CompareReport report;
    unsigned threads;
    std::vector<IndicatorPair> pairs;
    // Per pair, the graph nodes its explain lines need on each side
    // (Program::explain_nodes; empty when that side lacks it or needs all).
    std::vector<std::vector<uint32_t>> old_cones, new_cones;
    // Per pair, the inputs either side's cone reads.
    std::vector<std::vector<uint32_t>> cone_inputs;
    SummaryBuilder summary;
    ComparisonStore store{size_t{4} << 20};
    std::function<void(int)> progress;
    std::function<void(const ReadProblem&)> problem_sink;
    size_t unusable = 0;
    bool direct_lane = true;
    size_t direct_records = 0;
    // During add_batch: the batch's records bound once for both rulesets
    // (their inputs bind alike), for trace to evaluate without binding again.
    const std::vector<Record>* bound_records = nullptr;

    State(const Program& o, const Program& n, std::vector<RulesetEdit> edits, unsigned t)
        : old_program(o), new_program(n), threads(t),
          summary(o.grades().labels, n.grades().labels) {
        report.old_title = o.info().title;
        report.new_title = n.info().title;
        const Display& total_display = n.graph().displays[n.total_slot()];
        if (total_display.style == Display::Style::fixed) report.total_places = total_display.places;
        report.edits = std::move(edits);
        pairs = pair_indicators(o, n, report.edits);
        for (const IndicatorPair& p : pairs) {
            old_cones.push_back(p.old_index >= 0 ? o.explain_nodes(static_cast<size_t>(p.old_index))
                                                 : std::vector<uint32_t>{});
            new_cones.push_back(p.new_index >= 0 ? n.explain_nodes(static_cast<size_t>(p.new_index))
                                                 : std::vector<uint32_t>{});
            // Input nodes come first in a graph, numbered as the inputs.
            std::vector<uint32_t> read;
            for (uint32_t node : old_cones.back())
                if (node < o.graph().inputs_end) read.push_back(node);
            for (uint32_t node : new_cones.back())
                if (node < n.graph().inputs_end) read.push_back(node);
            std::sort(read.begin(), read.end());
            read.erase(std::unique(read.begin(), read.end()), read.end());
            cone_inputs.push_back(std::move(read));
        }
    }

    EvaluateOptions plain(int side) const {
        EvaluateOptions options;
        options.threads = threads;
        if (progress) options.on_record = [this, side] { progress(side); };
        return options;
    }

    // Problems held back (the direct lane): said a chunk at a time, OLD's
    // then NEW's, as the ordinary path says a chunk's.
    std::vector<ReadProblem>* held[2] = {nullptr, nullptr};

    void problem(const ReadProblem& p, int side) {
        if (!listed(p)) return;  // a record's share of a file-level problem: the record says it
        ReadProblem shown{p.path, p.row, p.column, (side == 0 ? "原规则集：" : "新规则集：") + p.message};
        if (held[side]) held[side]->push_back(std::move(shown));
        else say(std::move(shown));
    }
    void say(ReadProblem shown) {
        if (problem_sink) problem_sink(shown);
        else report.problems.push_back(std::move(shown));
    }

    void add_batch(const std::vector<RawTable>& tables, BatchResult& olds, BatchResult& news);
    std::optional<bool> add_csv_direct(const std::string& path, const TableReadOptions& reading, size_t chunk_records,
                                       KeyIndex& keys);
    void trace(const std::vector<RawTable>& tables, size_t table, const std::map<uint32_t, std::vector<uint32_t>>& rows,
               const PlaceIndex& old_by, const PlaceIndex& new_by);

    // Whether every changed indicator of any record can be explained from
    // its part of the graph on both sides (explain_by_cone): no hooks, no
    // 逐行, a cone for every indicator.
    bool explains_by_cone() const {
        for (int side = 0; side < 2; ++side) {
            const Program& program = side == 0 ? old_program : new_program;
            if (program.row_program() || !program.hooks().empty()) return false;
        }
        for (size_t k = 0; k < pairs.size(); ++k)
            if ((pairs[k].old_index >= 0 && old_cones[k].empty()) || (pairs[k].new_index >= 0 && new_cones[k].empty()))
                return false;
        return true;
    }

    // Workspaces and room one thread explains with (explain_by_cone).
    struct Scratch {
        Workspace old_workspace, new_workspace;  // made on first use
        std::vector<uint32_t> nodes;
    };
    Scratch own;  // the calling thread's

    // One thread's means of scoring lines on the lane: the merged values (a
    // PairedPlan), else each ruleset's workspace; its explanation scratch;
    // a record to bind a changed one's inputs into.
    struct LaneWorker {
        std::vector<FixedValue> paired_values;
        Workspace old_fast, new_fast;
        Scratch explain;
        Record bound;
        // With a PairedPlan, lines are scored a batch at a time: the batch, the
        // input slots it holds, and the held lines' inputs (to explain them).
        std::optional<FixedBatch> batch;
        std::vector<uint32_t> batch_inputs;
        std::vector<FixedValue> held;
    };
    LaneWorker make_lane_worker(const LaneSetup& setup) const;
    // Scores the lines of text [from, to), the first at `first_row`, into `piece`.
    void score_lane_piece(const LaneSetup& setup, LaneWorker& worker, size_t from, size_t to, uint32_t first_row,
                          LanePiece& piece) const;

    // The explain blocks, on one side, of the changed indicators `which` of
    // a record bound for that side: just those indicators' part of the
    // graph is evaluated (their cones must be known). Safe on several
    // threads, each with its own scratch.
    std::string explain_by_cone(int side, const Record& record, const std::vector<uint32_t>& which,
                                Scratch& scratch) const {
        const Program& program = side == 0 ? old_program : new_program;
        const std::vector<std::vector<uint32_t>>& cones = side == 0 ? old_cones : new_cones;
        Workspace& ws = side == 0 ? scratch.old_workspace : scratch.new_workspace;
        if (ws.values.empty()) ws = program.make_workspace();
        auto index_of = [&](uint32_t k) { return side == 0 ? pairs[k].old_index : pairs[k].new_index; };
        std::vector<uint32_t>& nodes = scratch.nodes;
        nodes.clear();
        for (uint32_t k : which)
            if (index_of(k) >= 0) nodes.insert(nodes.end(), cones[k].begin(), cones[k].end());
        if (which.size() > 1) {
            std::sort(nodes.begin(), nodes.end());
            nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
        }
        program.run_nodes(record, ws, nodes);
        std::string explain;
        for (uint32_t k : which)
            if (index_of(k) >= 0) explain += program.render_explain(ws, static_cast<size_t>(index_of(k)));
        return explain;
    }
    // The two rulesets' fast paths as one (made on the lane's first use).
    std::optional<PairedPlan> paired;
    bool paired_tried = false;
};

// The records whose indicators changed, explained again on both sides: the
// explain blocks of the changed indicators only, and where a side allows it
// (no hooks, no 逐行) by evaluating just those indicators' part of the graph
// for the bound record. One table at a time: a record is found by its row.
void CompareRun::State::trace(const std::vector<RawTable>& tables, size_t table,
                              const std::map<uint32_t, std::vector<uint32_t>>& rows,
                              const PlaceIndex& old_by, const PlaceIndex& new_by) {
    RawTable part;
    part.path = tables[table].path;
    part.columns = tables[table].columns;
    part.numbering = tables[table].numbering;
    for (const RawRecord& r : tables[table].records)
        if (rows.count(r.row)) part.records.push_back(r);
    for (int side = 0; side < 2; ++side) {
        const Program& program = side == 0 ? old_program : new_program;
        const std::vector<std::vector<uint32_t>>& cones = side == 0 ? old_cones : new_cones;
        const PlaceIndex& into = side == 0 ? old_by : new_by;
        auto index_of = [&](uint32_t k) { return side == 0 ? pairs[k].old_index : pairs[k].new_index; };
        bool by_cone = !program.row_program() && program.hooks().empty();
        for (const auto& [row, which] : rows)
            for (uint32_t k : which)
                if (index_of(k) >= 0 && cones[k].empty()) by_cone = false;
        if (by_cone) {
            // The batch's records as bound for both sides (bind once), else bound again here.
            BindOutcome bound;
            if (!bound_records) bound = RecordBinder(program.inputs()).bind(part);
            const std::vector<Record>& records = bound_records ? *bound_records : bound.records;
            for (const Record& record : records) {
                auto found = rows.find(record.row);
                ScoredRecord* target = into.find({table, record.row});
                if (found == rows.end() || !target) continue;
                target->result.explain += explain_by_cone(side, record, found->second, own);
            }
            continue;
        }
        // The whole evaluation, the 明细's rows (other tables without records) beside.
        std::vector<RawTable> cut;
        for (size_t t = 0; t < tables.size(); ++t) {
            if (t == table) {
                cut.push_back(part);
                continue;
            }
            if (!old_by.any_in(t) && !new_by.any_in(t)) cut.push_back(tables[t]);
        }
        EvaluateOptions options;
        options.threads = threads;
        options.explain_with = [&](const Workspace& ws, const Record& record) {
            std::string out;
            auto found = rows.find(record.row);
            if (found == rows.end()) return out;
            for (uint32_t k : found->second)
                if (index_of(k) >= 0) out += program.render_explain(ws, static_cast<size_t>(index_of(k)));
            return out;
        };
        BatchResult traced = score_tables(program, cut, options);
        for (ScoredRecord& r : traced.scored) {
            if (r.source != part.path) continue;
            if (ScoredRecord* target = into.find({table, r.row})) target->result.explain = std::move(r.result.explain);
        }
    }
}

void CompareRun::State::add_batch(const std::vector<RawTable>& tables, BatchResult& olds, BatchResult& news) {
    unusable += olds.unusable_files;
    std::unordered_map<std::string, size_t> table_of;
    for (size_t t = tables.size(); t-- > 0;) table_of[tables[t].path] = t;
    auto place_of = [&](const std::string& path, uint32_t row) { return Place{table_of[path], row}; };

    PlaceIndex old_by, new_by;
    std::vector<Place> places;  // every record either side saw: scored ones and rejected ones
    std::set<size_t> record_tables;  // tables holding records (not 明细 rows)
    for (ScoredRecord& r : olds.scored) {
        const Place place = place_of(r.source, r.row);
        old_by.add(place, &r);
        places.push_back(place);
        record_tables.insert(place.first);
    }
    for (ScoredRecord& r : news.scored) {
        const Place place = place_of(r.source, r.row);
        new_by.add(place, &r);
        places.push_back(place);
        record_tables.insert(place.first);
    }
    old_by.seal();
    new_by.seal();
    std::map<Place, std::pair<std::vector<std::string>, std::vector<std::string>>> problems;
    for (const ReadProblem& p : olds.problems) {
        problem(p, 0);
        if (p.row) problems[place_of(p.path, p.row)].first.push_back(p.message);
    }
    for (const ReadProblem& p : news.problems) {
        problem(p, 1);
        if (p.row) problems[place_of(p.path, p.row)].second.push_back(p.message);
    }
    for (const auto& [place, _] : problems) places.push_back(place);
    std::sort(places.begin(), places.end());  // input order
    places.erase(std::unique(places.begin(), places.end()), places.end());

    // The records an indicator changed in, by table: traced.
    std::map<Place, std::vector<uint32_t>> changed;
    std::map<size_t, std::map<uint32_t, std::vector<uint32_t>>> to_trace;
    for (const auto& [place, o] : old_by) {
        const ScoredRecord* n = new_by.find(place);
        if (!n) continue;
        std::vector<uint32_t> which = changed_pairs(pairs, o->result, n->result);
        if (which.empty()) continue;
        to_trace[place.first][place.second] = which;
        changed[place] = std::move(which);
    }
    for (const auto& [table, rows] : to_trace) trace(tables, table, rows, old_by, new_by);

    for (const Place& place : places) {
        const ScoredRecord* o = old_by.find(place);
        const ScoredRecord* n = new_by.find(place);
        // A problem row of a 明细 file is not a record of its own.
        if (!o && !n && !record_tables.count(place.first) && tables.size() > 1) continue;
        RecordComparison rc;
        rc.source = tables[place.first].path;
        rc.row = place.second;
        if (o) rc.key = o->key;
        if (n) rc.key = n->key;
        auto pr = problems.find(place);
        if (pr != problems.end()) {
            rc.old_problems = std::move(pr->second.first);
            rc.new_problems = std::move(pr->second.second);
        }
        if (o && n) {
            carry_totals(o->result, n->result, rc);
            auto c = changed.find(place);
            if (c != changed.end()) describe_changes(pairs, c->second, o->result, n->result, rc);
        } else {
            rc.old_scored = o != nullptr;
            rc.new_scored = n != nullptr;
            if (o) { rc.old_total = o->result.total; rc.old_grade = o->result.grade; }
            if (n) { rc.new_total = n->result.total; rc.new_grade = n->result.grade; }
        }
        summary.add(rc);
        store.add(std::move(rc));
    }
}

namespace {

// One ruleset's slots among the fast path's values: its own workspace's, or
// the merged values of a PairedPlan (then `to_values` maps its slots there).
struct SlotView {
    const FixedValue* values;
    const std::vector<std::int8_t>* scales;  // per index into values
    const std::vector<uint32_t>* to_values;  // null: slot = index
    uint32_t at(uint32_t slot) const { return to_values ? (*to_values)[slot] : slot; }
    std::int64_t units(uint32_t slot) const { return values[at(slot)].lo; }
    int scale(uint32_t slot) const { return (*scales)[at(slot)]; }
    Decimal decimal(uint32_t slot) const { return Decimal::from_scaled(units(slot), scale(slot)); }
};

// a × 10^-sa == b × 10^-sb.
bool same_value(std::int64_t a, int sa, std::int64_t b, int sb) {
    int128 x = a, y = b;
    for (; sa < sb; ++sa) x *= 10;
    for (; sb < sa; ++sb) y *= 10;
    return x == y;
}

// Every record of `body` is one line, far from the reader's limits: no quote,
// no carriage return but a CRLF's, no line longer than the lane takes, no
// more lines than max_records. The mapped pages are given back as it goes.
// Returns the number of lines, or nullopt.
std::optional<uint64_t> one_line_records(MappedFile& file, std::string_view body, size_t body_offset,
                                         const DataLimits& limits) {
    const size_t longest = std::min(limits.max_row_bytes, limits.max_field_bytes);
    uint64_t lines = 0;
    for (size_t at = 0; at < body.size(); ++lines) {
        const void* lf = std::memchr(body.data() + at, '\n', body.size() - at);
        const size_t end = lf ? static_cast<size_t>(static_cast<const char*>(lf) - body.data()) : body.size();
        std::string_view line = body.substr(at, end - at);
        if (lf && line.ends_with('\r')) line.remove_suffix(1);
        if (line.size() + 16 > longest || std::memchr(line.data(), '\r', line.size()) ||
            std::memchr(line.data(), '"', line.size()))
            return std::nullopt;
        at = lf ? end + 1 : end;
        if ((lines & 0xFFF) == 0) file.release_before(body_offset + at);
    }
    file.rewind();
    if (lines >= limits.max_records) return std::nullopt;
    return lines;
}

}  // namespace

CompareRun::State::LaneWorker CompareRun::State::make_lane_worker(const LaneSetup& setup) const {
    LaneWorker worker;
    if (setup.paired) {
        worker.paired_values = setup.paired->initial();
        worker.batch = setup.paired->make_batch(old_program.inputs());
        if (worker.batch) {
            for (uint32_t i = 0; i < old_program.inputs().size(); ++i)
                if (worker.batch->has_column(i)) worker.batch_inputs.push_back(i);
            worker.held.resize(worker.batch->capacity() * old_program.inputs().size());
        }
    } else {
        worker.old_fast = old_program.make_workspace();
        worker.new_fast = new_program.make_workspace();
    }
    worker.bound.values.assign(old_program.inputs().size(), Decimal{});
    return worker;
}

void CompareRun::State::score_lane_piece(const LaneSetup& setup, LaneWorker& worker, size_t from, size_t to,
                                         uint32_t first_row, LanePiece& piece) const {
    const Program& o = old_program;
    const Program& n = new_program;
    const uint32_t inputs = static_cast<uint32_t>(o.inputs().size());
    const PairedPlan* paired = setup.paired;
    FixedValue* const ov = paired ? worker.paired_values.data() : worker.old_fast.fixed.data();
    FixedValue* const nv = paired ? nullptr : worker.new_fast.fixed.data();
    const SlotView old_view{ov, paired ? &paired->scales() : &setup.old_plan.scale, nullptr};
    const SlotView new_view = paired ? SlotView{ov, &paired->scales(), &paired->new_slots()}
                                     : SlotView{nv, &setup.new_plan.scale, nullptr};
    auto score_both = [&] {
        if (paired) return paired->run(ov);
        std::copy(ov, ov + inputs, nv);
        return o.evaluate_fixed_slots(worker.old_fast) && n.evaluate_fixed_slots(worker.new_fast);
    };
    // A record's Result as Program::evaluate gives it from the fast path.
    auto result_of = [](const Program& p, const SlotView& v) {
        Result r;
        r.scored = true;
        r.scores.reserve(p.indicators().size());
        for (const IndicatorInfo& indicator : p.indicators()) r.scores.push_back(v.decimal(indicator.score_slot));
        r.total = v.decimal(p.total_slot());
        if (!p.grades().labels.empty()) r.grade = p.grades().labels[static_cast<size_t>(v.units(p.grades().index_slot))];
        return r;
    };
    auto grade_of = [](const Program& p, const SlotView& v) -> const std::string& {
        static const std::string none;
        if (p.grades().labels.empty()) return none;
        return p.grades().labels[static_cast<size_t>(v.units(p.grades().index_slot))];
    };
    const uint32_t old_total = o.total_slot(), new_total = n.total_slot();
    // A line scored on the fast path (its values in `ov`): unchanged, changed
    // and explained here, or waiting for the ordinary way's explanation.
    auto classify = [&](LaneLine& line, std::string_view content) {
        const uint32_t row = line.row;
        const std::string& old_grade = grade_of(o, old_view);
        const std::string& new_grade = grade_of(n, new_view);
        bool same = same_value(old_view.units(old_total), old_view.scale(old_total), new_view.units(new_total),
                               new_view.scale(new_total)) &&
                    old_grade == new_grade;
        for (size_t k = 0; same && k < pairs.size(); ++k) {
            const IndicatorPair& pair = pairs[k];
            if (pair.old_index < 0 || pair.new_index < 0) {
                same = false;
                break;
            }
            const uint32_t a = o.indicators()[static_cast<size_t>(pair.old_index)].score_slot;
            const uint32_t b = n.indicators()[static_cast<size_t>(pair.new_index)].score_slot;
            same = same_value(old_view.units(a), old_view.scale(a), new_view.units(b), new_view.scale(b));
        }
        if (same) {
            line.kind = LaneLine::Kind::unchanged;
            line.old_total = old_view.decimal(old_total);
            line.new_total = new_view.decimal(new_total);
            line.grade = &old_grade;
        } else if (setup.by_cone) {
            // Compared and explained here, as add_batch would from the same results.
            line.kind = LaneLine::Kind::changed;
            line.item = static_cast<uint32_t>(piece.changed.size());
            RecordComparison& rc = piece.changed.emplace_back();
            rc.source = setup.path;
            rc.row = row;
            rc.key = std::string(line.key);
            Result old_result = result_of(o, old_view), new_result = result_of(n, new_view);
            carry_totals(old_result, new_result, rc);
            const std::vector<uint32_t> which = changed_pairs(pairs, old_result, new_result);
            if (!which.empty()) {
                Record& bound = worker.bound;
                bound.key = rc.key;
                bound.row = row;
                // Only the inputs the explanations read: run_nodes reads no others.
                for (uint32_t k : which)
                    for (uint32_t i : cone_inputs[k]) bound.values[i] = old_view.decimal(i);
                old_result.explain = explain_by_cone(0, bound, which, worker.explain);
                new_result.explain = explain_by_cone(1, bound, which, worker.explain);
                describe_changes(pairs, which, old_result, new_result, rc);
            }
        } else {
            line.kind = LaneLine::Kind::waiting;
            line.item = static_cast<uint32_t>(piece.waiting.size());
            LaneWait& wait = piece.waiting.emplace_back();
            // The cells as the reader gives them: the lane took them as they stand.
            wait.cells.row = row;
            for (size_t cell = 0;;) {
                const size_t comma = content.find(',', cell);
                wait.cells.cells.emplace_back(std::string(content.substr(cell, comma - cell)));
                if (comma == std::string_view::npos) break;
                cell = comma + 1;
            }
            wait.bound = Record{std::string(line.key), row, {}, {}};
            wait.bound.values.reserve(inputs);
            for (uint32_t i = 0; i < inputs; ++i) wait.bound.values.push_back(old_view.decimal(i));
            wait.old_result = result_of(o, old_view);
            wait.new_result = result_of(n, new_view);
        }
    };
    // The next line of [at, to) as a LaneLine of the piece, and its content.
    const std::string_view text = setup.text;
    uint32_t row = first_row;
    auto next_line = [&](size_t& at, std::string_view& content) -> LaneLine& {
        const void* lf = std::memchr(text.data() + at, '\n', to - at);
        const size_t end = lf ? static_cast<size_t>(static_cast<const char*>(lf) - text.data()) : to;
        const size_t next = lf ? end + 1 : end;
        content = text.substr(at, end - at);
        if (lf && content.ends_with('\r')) content.remove_suffix(1);
        LaneLine& line = piece.lines.emplace_back();
        line.row = row++;
        line.at = at;
        line.next = next;
        at = next;
        return line;
    };
    std::string_view content;
    if (!worker.batch) {
        for (size_t at = from; at < to;) {
            LaneLine& line = next_line(at, content);
            if (setup.lane.read_line(content, ov, line.key) && score_both()) classify(line, content);  // else declined
        }
        piece.end = to;
        return;
    }
    // A batch at a time: the lines the lane reads are held (their inputs kept
    // for explaining them) and scored together; a line the batch leaves
    // undecided is scored alone, as above. Lines keep their order.
    FixedBatch& batch = *worker.batch;
    struct Held {
        size_t line;               // index in piece.lines
        std::string_view content;
    };
    std::vector<Held> held;
    held.reserve(batch.capacity());
    for (size_t at = from; at < to;) {
        held.clear();
        while (at < to && held.size() < batch.capacity()) {
            LaneLine& line = next_line(at, content);
            if (!setup.lane.read_line(content, ov, line.key)) continue;  // declined
            const size_t i = held.size();
            held.push_back({piece.lines.size() - 1, content});
            std::copy(ov, ov + inputs, worker.held.begin() + static_cast<std::ptrdiff_t>(i * inputs));
            for (uint32_t slot : worker.batch_inputs) batch.column(slot)[i] = ov[slot].lo;
        }
        batch.run(held.size());
        for (size_t i = 0; i < held.size(); ++i) {
            std::copy_n(worker.held.begin() + static_cast<std::ptrdiff_t>(i * inputs), inputs, ov);
            if (batch.decided(i)) {
                for (uint32_t slot : paired->exact_slots()) ov[slot].lo = ov[slot].hi = batch.value(slot, i);
            } else if (!paired->run(ov)) {
                continue;  // declined
            }
            classify(piece.lines[held[i].line], held[i].content);
        }
    }
    piece.end = to;
}

// The direct lane of compare (direct_lane.hpp): a plain line is read straight
// into both rulesets' fixed-point slots and scored by both (in one pass over
// their merged graph when PairedPlan allows). When no score, total or grade
// differs, the record's comparison is made there; a changed record is
// explained there too from its indicators' cones, or, when a hook stands in
// the way, waits to be compared and explained the ordinary way a batch at a
// time; any other line is compared the ordinary way at once.
//
// Lines are scored a piece (LanePiece) at a time: on `threads` threads when
// the rulesets pair and explain by cone (the calling thread one of them),
// else on the calling thread. The calling thread takes the pieces in order
// and does everything the order matters for: the keys (a repeated one sends
// its line the ordinary way, which words it), the summary, the store, the
// ordinary way's lines and the problems, said a chunk of `chunk_records`
// records at a time, OLD's then NEW's. The comparisons reach the store in an
// order it sorts the same (a waiting record is changed, and changed records
// keep their order among themselves) — so the report is the ordinary path's,
// byte for byte, on any number of threads.
// nullopt, with nothing done: the file or the rulesets do not suit the lane.
std::optional<bool> CompareRun::State::add_csv_direct(const std::string& path, const TableReadOptions& reading,
                                                      size_t chunk_records, KeyIndex& keys) {
    const Program& o = old_program;
    const Program& n = new_program;
    const FixedPlan* old_plan = o.fixed_point_plan();
    const FixedPlan* new_plan = n.fixed_point_plan();
    if (!old_plan || !new_plan) return std::nullopt;
    const size_t inputs = o.inputs().size();
    for (size_t i = 0; i < inputs; ++i)
        if (i >= old_plan->scale.size() || i >= new_plan->scale.size() || old_plan->scale[i] != new_plan->scale[i])
            return std::nullopt;
    std::optional<MappedFile> file = open_streamable(path, reading, 1);
    if (!file) return std::nullopt;
    const std::string_view bytes = file->bytes();
    CsvChunkReader reader(path, bytes, reading.limits);
    const RawTable& header = reader.header();
    std::optional<DirectCsvLane> lane = DirectCsvLane::make(o, header, reading.limits);
    if (!lane) return std::nullopt;
    const size_t bom = bytes.starts_with("\xEF\xBB\xBF") ? 3 : 0;
    const std::string_view text = bytes.substr(bom);
    const size_t body = reader.consumed() - bom;
    const std::optional<uint64_t> lines = one_line_records(*file, text.substr(body), bom + body, reading.limits);
    if (!lines) return std::nullopt;
    // As many keys as lines (at most 4,000,000, 20 MiB): the index seldom grows.
    keys.reserve(static_cast<size_t>(std::min<uint64_t>(*lines, 4000000)));
    if (!paired_tried) {
        paired = PairedPlan::make(o, n);
        paired_tried = true;
    }
    const LaneSetup setup{header.path, text, *lane, paired ? &*paired : nullptr, *old_plan, *new_plan,
                          explains_by_cone()};

    const RecordBinder binder(o.inputs());
    std::vector<RawTable> batch(1);
    // Records compared the ordinary way, as one batch.
    auto compare_table = [&](RawTable& table) {
        BindOutcome bound = binder.bind(table, keys, false);
        BatchResult olds = score_bound(o, table, bound, nullptr, plain(0));
        BatchResult news = score_bound(n, table, bound, nullptr, plain(1));
        std::swap(batch[0], table);
        bound_records = &bound.records;
        add_batch(batch, olds, news);
        bound_records = nullptr;
        std::swap(batch[0], table);
    };
    // Changed records that wait, in order: their cells (for an explanation
    // that needs the whole evaluation), their bound inputs and both results,
    // all from the fast path — what binding and scoring them again would give.
    RawTable waiting = header.without_records();
    std::vector<Record> waiting_records;
    BatchResult waiting_old, waiting_new;
    auto compare_waiting = [&] {
        if (waiting.records.empty()) return;
        std::swap(batch[0], waiting);
        bound_records = &waiting_records;
        add_batch(batch, waiting_old, waiting_new);
        bound_records = nullptr;
        std::swap(batch[0], waiting);
        waiting.records.clear();
        waiting_records.clear();
        waiting_old = BatchResult{};
        waiting_new = BatchResult{};
    };
    std::vector<ReadProblem> held_old, held_new;
    held[0] = &held_old;
    held[1] = &held_new;
    size_t kept = 0;  // records in the chunk the ordinary path would be at
    auto end_chunk = [&] {
        for (ReadProblem& p : held_old) say(std::move(p));
        for (ReadProblem& p : held_new) say(std::move(p));
        held_old.clear();
        held_new.clear();
        kept = 0;
    };
    auto count_kept = [&] {
        if (++kept == chunk_records) end_chunk();
    };
    // One piece's lines, in order, on the calling thread.
    auto take = [&](LanePiece& piece) {
        if (piece.error) std::rethrow_exception(piece.error);
        // Keys are looked up a few lines ahead, so the lookups do not wait for memory one by one.
        constexpr size_t ahead = 8;
        for (size_t k = 0; k < std::min(ahead, piece.lines.size()); ++k)
            if (!piece.lines[k].key.empty()) keys.prefetch(piece.lines[k].key);
        for (size_t k = 0; k < piece.lines.size(); ++k) {
            LaneLine& line = piece.lines[k];
            if (k + ahead < piece.lines.size() && !piece.lines[k + ahead].key.empty())
                keys.prefetch(piece.lines[k + ahead].key);
            // A repeated key: the ordinary way says so where one thread would.
            if (line.kind != LaneLine::Kind::declined && !line.key.empty() && keys.insert(line.key, line.row))
                line.kind = LaneLine::Kind::declined;
            if (line.kind == LaneLine::Kind::declined) {
                // The ordinary way, now: after the changed records before it.
                compare_waiting();
                CsvPiece read = read_csv_piece(header, text.substr(line.at, line.next - line.at), line.row,
                                               reading.limits);
                const bool record = !read.table.records.empty();
                if (record || !read.table.problems.empty()) compare_table(read.table);
                if (record) count_kept();
                continue;
            }
            if (progress) {
                progress(0);
                progress(1);
            }
            switch (line.kind) {
                case LaneLine::Kind::unchanged:
                    summary.add_unchanged(*line.grade);
                    store.add_unchanged(header.path, line.row, line.key, line.old_total, line.new_total, *line.grade);
                    ++direct_records;
                    break;
                case LaneLine::Kind::changed: {
                    RecordComparison& rc = piece.changed[line.item];
                    summary.add(rc);
                    store.add(std::move(rc));
                    ++direct_records;
                    break;
                }
                default: {  // waiting
                    LaneWait& wait = piece.waiting[line.item];
                    waiting.records.push_back(std::move(wait.cells));
                    waiting_records.push_back(std::move(wait.bound));
                    waiting_old.scored.push_back(
                        ScoredRecord{header.path, line.row, std::string(line.key), std::move(wait.old_result)});
                    waiting_new.scored.push_back(
                        ScoredRecord{header.path, line.row, std::string(line.key), std::move(wait.new_result)});
                    // A few hundred at a time: each waits as text, its batch is bound and scored again.
                    if (waiting.records.size() >= std::min<size_t>(chunk_records, 256)) compare_waiting();
                    break;
                }
            }
            count_kept();
        }
        file->release_before(bom + piece.end);
    };

    // Pieces of 1,024 lines, cut in order; `line` is the row the next starts at.
    size_t cut = body;
    uint32_t line = reader.line();
    auto next_piece = [&](size_t& from, size_t& to, uint32_t& first_row) {
        from = cut;
        first_row = line;
        for (int k = 0; k < 1024 && cut < text.size(); ++k, ++line) {
            const void* lf = std::memchr(text.data() + cut, '\n', text.size() - cut);
            cut = lf ? static_cast<size_t>(static_cast<const char*>(lf) - text.data()) + 1 : text.size();
        }
        to = cut;
    };
    auto make = [&](LaneWorker& worker, size_t from, size_t to, uint32_t first_row) {
        auto piece = std::make_unique<LanePiece>();
        try {
            score_lane_piece(setup, worker, from, to, first_row, *piece);
        } catch (...) {
            piece->error = std::current_exception();
        }
        return piece;
    };
    const size_t workers = setup.paired && setup.by_cone ? std::clamp<size_t>(threads, 1, 16) - 1 : 0;
    if (workers == 0) {
        LaneWorker worker = make_lane_worker(setup);
        while (cut < text.size()) {
            size_t from = 0, to = 0;
            uint32_t first_row = 0;
            next_piece(from, to, first_row);
            take(*make(worker, from, to, first_row));
        }
    } else {
        // As eval's streaming: workers make the pieces in a window of a few
        // per thread; the calling thread takes them in order and makes the
        // next itself while the one it needs is not ready.
        const size_t window = 3 * (workers + 1);
        std::vector<std::unique_ptr<LanePiece>> slots(window);
        std::mutex mutex;
        std::condition_variable work_cv, done_cv;
        size_t made = 0, taken = 0;  // pieces handed out, and taken in order
        bool stop = false;
        // Cuts the next piece (with `lock` held), makes it without, puts it in its slot.
        auto make_next = [&](LaneWorker& worker, std::unique_lock<std::mutex>& lock) {
            const size_t mine = made++;
            size_t from = 0, to = 0;
            uint32_t first_row = 0;
            next_piece(from, to, first_row);
            lock.unlock();
            std::unique_ptr<LanePiece> piece = make(worker, from, to, first_row);
            lock.lock();
            slots[mine % window] = std::move(piece);
        };
        auto work = [&] {
            LaneWorker worker = make_lane_worker(setup);
            std::unique_lock<std::mutex> lock(mutex);
            for (;;) {
                work_cv.wait(lock, [&] { return stop || cut >= text.size() || made < taken + window; });
                if (stop || cut >= text.size()) return;
                make_next(worker, lock);
                done_cv.notify_all();
            }
        };
        JoiningThreads pool([&] {
            std::lock_guard<std::mutex> lock(mutex);
            stop = true;
            work_cv.notify_all();
        });
        for (size_t t = 0; t < workers; ++t) pool.threads.emplace_back(work);
        LaneWorker own_worker = make_lane_worker(setup);
        for (;;) {
            std::unique_ptr<LanePiece> piece;
            {
                std::unique_lock<std::mutex> lock(mutex);
                while (!slots[taken % window]) {
                    if (cut >= text.size() && made == taken) break;  // no more pieces
                    if (cut < text.size() && made < taken + window) {
                        make_next(own_worker, lock);  // not ready: make the next piece meanwhile (perhaps this one)
                        continue;
                    }
                    done_cv.wait(lock);
                }
                if (!slots[taken % window]) break;
                piece = std::move(slots[taken % window]);
                ++taken;
            }
            work_cv.notify_one();  // room for one more
            take(*piece);
        }
    }
    compare_waiting();
    end_chunk();
    held[0] = held[1] = nullptr;
    return true;
}

CompareRun::CompareRun(const Program& old_program, const Program& new_program, std::vector<RulesetEdit> edits,
                       unsigned threads)
    : state_(std::make_unique<State>(old_program, new_program, std::move(edits), threads)) {}

CompareRun::~CompareRun() = default;

void CompareRun::set_progress(std::function<void(int side)> progress) { state_->progress = std::move(progress); }

void CompareRun::set_problem_sink(std::function<void(const ReadProblem&)> sink) {
    state_->problem_sink = std::move(sink);
}

void CompareRun::add_tables(const std::vector<RawTable>& tables) {
    BatchResult olds = score_tables(state_->old_program, tables, state_->plain(0));
    BatchResult news = score_tables(state_->new_program, tables, state_->plain(1));
    state_->add_batch(tables, olds, news);
}

bool CompareRun::add_csv_file(const std::string& path, const TableReadOptions& reading, size_t chunk_records) {
    if (state_->old_program.row_program() || state_->new_program.row_program()) return false;
    // One index of the keys for both rulesets when they share the key column
    // (a record's key is then inserted twice at the same row, which is no
    // duplicate): half the memory, which is what grows with the records.
    const Program& o = state_->old_program;
    const Program& n = state_->new_program;
    const bool same_key = o.key_input() && n.key_input() &&
                          o.inputs()[*o.key_input()].name == n.inputs()[*n.key_input()].name;
    // A rule change seldom touches the inputs: then each chunk is bound once.
    const bool bind_once = inputs_bind_alike(o.inputs(), n.inputs());
    KeyIndex old_keys, separate_new_keys;
    KeyIndex& new_keys = same_key ? old_keys : separate_new_keys;
    if (state_->direct_lane && bind_once && (same_key || (!o.key_input() && !n.key_input())))
        if (std::optional<bool> done = state_->add_csv_direct(path, reading, std::max<size_t>(1, chunk_records), old_keys))
            return *done;
    std::vector<RawTable> batch(1);
    return for_each_csv_chunk(path, reading, chunk_records, [&](RawTable& chunk, bool first, bool refused) {
        BatchResult olds, news;
        BindOutcome bound;
        if (bind_once && !chunk.columns.empty()) {
            bound = RecordBinder(o.inputs()).bind(chunk, old_keys, first);
            olds = score_bound(o, chunk, bound, nullptr, state_->plain(0));
            news = score_bound(n, chunk, bound, nullptr, state_->plain(1));
            state_->bound_records = &bound.records;
        } else {
            olds = score_chunk(o, chunk, nullptr, state_->plain(0), old_keys, first);
            news = score_chunk(n, chunk, nullptr, state_->plain(1), new_keys, first);
        }
        if (refused) olds.unusable_files = 1;
        std::swap(batch[0], chunk);
        state_->add_batch(batch, olds, news);
        state_->bound_records = nullptr;
        std::swap(batch[0], chunk);  // the reader reuses the chunk's storage
    });
}

size_t CompareRun::unusable_files() const { return state_->unusable; }

void CompareRun::set_direct_lane(bool on) { state_->direct_lane = on; }

size_t CompareRun::direct_records() const { return state_->direct_records; }

CompareReport CompareRun::finish() {
    CompareReport report = std::move(state_->report);
    report.summary = state_->summary.finish();
    return report;
}

bool CompareRun::drain_records(const std::function<void(RecordComparison&)>& each) {
    return state_->store.drain(each);
}

std::string CompareRun::error() const { return state_->store.error(); }

CompareReport CompareRun::finish_in_memory(bool* ok) {
    CompareReport report = finish();
    const bool drained = drain_records([&](RecordComparison& r) { report.records.push_back(std::move(r)); });
    if (ok) *ok = drained;
    CompareSummary& s = report.summary;
    for (size_t i = 0; i < report.records.size() && s.most_moved.size() < 10; ++i)
        if (report.records[i].old_scored && report.records[i].new_scored && !report.records[i].delta.is_zero())
            s.most_moved.push_back(i);
    return report;
}

CompareReport compare_rulesets(const Program& old_program, const Program& new_program, std::vector<RulesetEdit> edits,
                               const std::vector<RawTable>& tables, const std::function<void(int side)>& progress,
                               unsigned threads) {
    CompareRun run(old_program, new_program, std::move(edits), threads);
    if (progress) run.set_progress(progress);
    run.add_tables(tables);
    return run.finish_in_memory();
}

}  // namespace rubric
