// The table, CSV and JSON forms of a compare report, written a record at a
// time (CompareWriter) so a report of any size streams to its file.
#include "interpreter/compare.hpp"

#include "interpreter/report.hpp"
#include "interpreter/scaled_text.hpp"
#include "interpreter/text_escape.hpp"
#include "interpreter/utf8.hpp"

#include <charconv>
#include <cstdint>

namespace rubric {

namespace {

// A total (or a change of total) as the sheets print totals: 96.40, +1.20.
std::string total_text(const CompareReport& r, const Decimal& d) {
    return r.total_places >= 0 ? d.to_fixed(r.total_places) : d.to_string();
}

// The same appended, without a string of its own when the value fits the
// fixed-point form (it nearly always does: totals have a few decimals).
void append_total(std::string& out, const CompareReport& r, const Decimal& d) {
    const int128 c = d.coefficient();
    const int e = d.exponent();
    if (r.total_places >= 0 && e <= 0 && e >= -18 && c >= INT64_MIN && c <= INT64_MAX)
        append_scaled_fixed(out, static_cast<std::int64_t>(c), -e, r.total_places);
    else
        out += total_text(r, d);
}

void append_number(std::string& out, std::uint64_t n) {
    char digits[20];
    const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
    out.append(digits, end);
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

std::string score_text(const std::optional<Decimal>& d, const char* none) { return d ? d->to_string() : none; }

// ---- Terminal table: the summary, then the changed records ------------------

class TableWriter : public CompareWriter {
public:
    std::string head(const CompareReport& report) override {
        const CompareSummary& s = report.summary;
        std::string out = format_diff(report.edits, report.old_name, report.new_name) + "\n";
        out += "记录 " + std::to_string(s.records) + " 条：两边都评分 " + std::to_string(s.compared) + " 条，有误 " +
               std::to_string(s.bad_records) + " 条；得分有变化 " + std::to_string(s.changed) + " 条，等级变化 " +
               std::to_string(s.grade_changed) + " 条\n";
        if (s.compared)
            out += "总分变化：平均 " + signed_text(report, s.mean_delta) + "，最小 " + signed_text(report, s.min_delta) +
                   "，最大 " + signed_text(report, s.max_delta) + "\n";
        if (!s.grades.empty() && s.compared) {
            out += "\n等级变化（行：原等级，列：新等级）\n";
            const size_t w = 6;
            out += pad("", w, false);
            for (const std::string& g : s.grades) out += pad(g, w, true);
            out += "\n";
            for (size_t i = 0; i < s.grades.size(); ++i) {
                out += pad(s.grades[i], w, false);
                for (size_t j = 0; j < s.grades.size(); ++j) out += pad(std::to_string(s.transitions[i][j]), w, true);
                out += "\n";
            }
        }
        return out;
    }

    void record(const CompareReport& report, const RecordComparison& r, std::string& out) override {
        if (!r.changed()) return;
        if (!any_changed_) out += "\n变化的记录（按变化大小排列）\n";
        any_changed_ = true;
        out += r.key + "（" + r.source + " 第 " + std::to_string(r.row) + " 行）：" + total_text(report, r.old_total) +
               " → " + total_text(report, r.new_total) + "（" + signed_text(report, r.delta) + "）";
        out += r.old_grade != r.new_grade ? "，等级 " + r.old_grade + " → " + r.new_grade : "，等级 " + r.new_grade;
        out += "\n";
        for (const IndicatorChange& c : r.changes) {
            out += "  " + c.path + "：" + score_text(c.old_score, "（无）") + " → " + score_text(c.new_score, "（无）") +
                   "（" + (c.delta.sign() > 0 ? "+" : "") + c.delta.to_string() + "）";
            if (!c.edits.empty()) {
                out += "，改动";
                for (size_t e : c.edits) out += " [" + std::to_string(e + 1) + "]";
            }
            out += "\n";
            if (!c.reason.empty()) out += "    " + c.reason + "\n";
        }
    }

    std::string tail(const CompareReport&) override {
        return any_changed_ ? "" : "\n没有记录的得分或等级发生变化。\n";
    }

private:
    bool any_changed_ = false;
};

// ---- CSV: one row per record × changed indicator ----------------------------

class CsvWriter : public CompareWriter {
public:
    std::string head(const CompareReport&) override {
        return "来源,行,主键,原总分,新总分,总分变化,原等级,新等级,指标,原得分,新得分,指标变化,原因,相关改动\r\n";
    }

    // Appended piece by piece: most rows are a record whose score did not change.
    void record(const CompareReport& report, const RecordComparison& r, std::string& out) override {
        const size_t head_at = out.size();
        append_csv_field(out, r.source);
        out += ',';
        append_number(out, r.row);
        out += ',';
        append_csv_field(out, r.key);
        out += ',';
        if (r.old_scored) append_total(out, report, r.old_total);
        out += ',';
        if (r.new_scored) append_total(out, report, r.new_total);
        out += ',';
        if (r.old_scored && r.new_scored) append_total(out, report, r.delta);
        out += ',';
        append_csv_field(out, r.old_grade);
        out += ',';
        append_csv_field(out, r.new_grade);
        out += ',';
        if (r.changes.empty()) {
            std::string why;
            for (const auto& p : r.old_problems) why += (why.empty() ? "" : "；") + ("原规则集：" + p);
            for (const auto& p : r.new_problems) why += (why.empty() ? "" : "；") + ("新规则集：" + p);
            out += ",,,,";
            append_csv_field(out, why);
            out += ",\r\n";
            return;
        }
        const std::string head = r.changes.size() > 1 ? out.substr(head_at) : std::string();
        for (size_t k = 0; k < r.changes.size(); ++k) {
            const IndicatorChange& c = r.changes[k];
            if (k) out += head;  // the record's columns again
            append_csv_field(out, c.path);
            out += ',';
            if (c.old_score) out += c.old_score->to_string();
            out += ',';
            if (c.new_score) out += c.new_score->to_string();
            out += ',';
            out += c.delta.to_string();
            out += ',';
            append_csv_field(out, c.reason);
            out += ',';
            for (size_t e = 0; e < c.edits.size(); ++e) {
                if (e) out += ' ';
                append_number(out, c.edits[e] + 1);
            }
            out += "\r\n";
        }
    }

    std::string tail(const CompareReport&) override { return ""; }
};

// ---- JSON: the edits, the summary, every record -----------------------------

class JsonWriter : public CompareWriter {
public:
    std::string head(const CompareReport& report) override {
        const CompareSummary& s = report.summary;
        std::string out = "{\"原规则集\": " + json_string(report.old_name) + ", \"新规则集\": " +
                          json_string(report.new_name) + ",\n \"改动\": [";
        for (size_t i = 0; i < report.edits.size(); ++i) {
            const RulesetEdit& e = report.edits[i];
            out += i ? ",\n   " : "\n   ";
            out += "{\"编号\": " + std::to_string(i + 1) + ", \"对象\": " + json_string(e.subject) + ", \"说明\": " +
                   json_string(e.message) + ", \"原文\": " + json_string(e.old_text) + ", \"新文\": " +
                   json_string(e.new_text) + "}";
        }
        out += "],\n \"汇总\": {\"记录\": " + std::to_string(s.records) + ", \"比较\": " + std::to_string(s.compared) +
               ", \"有误\": " + std::to_string(s.bad_records) + ", \"变化\": " + std::to_string(s.changed) +
               ", \"等级变化\": " + std::to_string(s.grade_changed) + ", \"平均变化\": " +
               total_text(report, s.mean_delta) + ", \"最小变化\": " + total_text(report, s.min_delta) +
               ", \"最大变化\": " + total_text(report, s.max_delta) + ", \"等级\": [";
        for (size_t i = 0; i < s.grades.size(); ++i) out += (i ? ", " : "") + json_string(s.grades[i]);
        out += "], \"等级变化矩阵\": [";
        for (size_t i = 0; i < s.transitions.size(); ++i) {
            out += i ? ", [" : "[";
            for (size_t j = 0; j < s.transitions[i].size(); ++j)
                out += (j ? ", " : "") + std::to_string(s.transitions[i][j]);
            out += "]";
        }
        return out + "]},\n \"记录\": [";
    }

    void record(const CompareReport& report, const RecordComparison& r, std::string& out) override {
        out += any_record_ ? ",\n   " : "\n   ";
        any_record_ = true;
        out += "{\"来源\": " + json_string(r.source) + ", \"行\": " + std::to_string(r.row) + ", \"主键\": " +
               json_string(r.key);
        if (r.old_scored) out += ", \"原总分\": " + total_text(report, r.old_total) + ", \"原等级\": " + json_string(r.old_grade);
        if (r.new_scored) out += ", \"新总分\": " + total_text(report, r.new_total) + ", \"新等级\": " + json_string(r.new_grade);
        if (r.old_scored && r.new_scored) out += ", \"变化\": " + total_text(report, r.delta);
        out += ", \"指标变化\": [";
        for (size_t k = 0; k < r.changes.size(); ++k) {
            const IndicatorChange& c = r.changes[k];
            out += k ? ", " : "";
            out += "{\"指标\": " + json_string(c.path) + ", \"原得分\": " + score_text(c.old_score, "null") +
                   ", \"新得分\": " + score_text(c.new_score, "null") + ", \"变化\": " + c.delta.to_string() +
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

    std::string tail(const CompareReport&) override { return any_record_ ? "\n ]}\n" : "]}\n"; }

private:
    bool any_record_ = false;
};

std::string format_whole(CompareWriter&& writer, const CompareReport& report) {
    std::string out = writer.head(report);
    for (const RecordComparison& r : report.records) writer.record(report, r, out);
    return out + writer.tail(report);
}

}  // namespace

std::unique_ptr<CompareWriter> compare_writer(std::string_view format) {
    if (format == "table") return std::make_unique<TableWriter>();
    if (format == "csv") return std::make_unique<CsvWriter>();
    if (format == "json") return std::make_unique<JsonWriter>();
    return nullptr;
}

std::string format_compare_table(const CompareReport& report) { return format_whole(TableWriter{}, report); }
std::string format_compare_csv(const CompareReport& report) { return format_whole(CsvWriter{}, report); }
std::string format_compare_json(const CompareReport& report) { return format_whole(JsonWriter{}, report); }

}  // namespace rubric
