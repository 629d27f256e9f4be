#include "interpreter/report.hpp"

#include "interpreter/text_escape.hpp"
#include "interpreter/utf8.hpp"

#include <algorithm>

namespace rubric {

namespace {



std::string key_column(const Program& program) {
    auto k = program.key_input();
    return k ? program.inputs()[*k].name : "主键";
}

size_t width_of(const std::string& s) {
    std::u32string decoded;
    size_t bad = 0;
    decode_utf8(s, decoded, bad);
    return display_width(decoded);
}

std::string pad_right(const std::string& s, size_t width) {
    size_t w = width_of(s);
    return s + std::string(w < width ? width - w : 0, ' ');
}

std::string pad_left(const std::string& s, size_t width) {
    size_t w = width_of(s);
    return std::string(w < width ? width - w : 0, ' ') + s;
}

// One object per 明细 row: where it came from, its group, weight and score.
std::string json_rows(const Program& program, const std::vector<RowOutcome>& rows) {
    std::string out = "[";
    for (size_t k = 0; k < rows.size(); ++k) {
        const RowOutcome& o = rows[k];
        const int indicator = program.row_program()->groups[static_cast<size_t>(o.group)].indicator;
        out += k ? ", {" : "{";
        out += "\"位置\": " + json_string(o.place) + ", \"指标\": " +
               json_string(program.indicators()[static_cast<size_t>(indicator)].name) + ", \"二级指标\": " +
               json_string(o.subgroup) + ", \"三级指标\": " + json_string(o.name) + ", \"年度指标值\": " +
               json_string(o.target) + ", \"全年完成值\": " + json_string(o.actual);
        if (o.applicable)
            out += ", \"分值\": " + o.weight.to_fixed(2) + ", \"得分\": " + o.score.to_fixed(2) +
                   ", \"达标\": " + (o.met ? "true" : "false") + ", \"说明\": " + json_string(o.reading);
        else
            out += ", \"不适用\": true";
        out += "}";
    }
    return out + "]";
}

}  // namespace

std::string format_total(const Program& program, const Decimal& total) {
    const Display& d = program.graph().displays[program.total_slot()];
    return d.style == Display::Style::fixed ? total.to_fixed(d.places) : total.to_string();
}

std::string csv_header(const Program& program) {
    std::string out = csv_field(key_column(program));
    for (int i : program.scored_indicators()) out += "," + csv_field(program.indicators()[static_cast<size_t>(i)].name);
    return out + ",总分,等级\r\n";
}

std::string csv_row(const Program& program, const ScoredRecord& r) {
    std::string out = csv_field(r.key);
    for (int i : program.scored_indicators()) out += "," + r.result.scores[static_cast<size_t>(i)].to_string();
    return out + "," + format_total(program, r.result.total) + "," + csv_field(r.result.grade) + "\r\n";
}

std::string format_csv(const Program& program, const std::vector<ScoredRecord>& records) {
    std::string out = csv_header(program);
    for (const ScoredRecord& r : records) out += csv_row(program, r);
    return out;
}

std::string json_object(const Program& program, const ScoredRecord& r) {
    std::string out = "{";
    out += json_string(key_column(program)) + ": " + json_string(r.key);
    out += ", \"来源\": " + json_string(r.source) + ", \"行\": " + std::to_string(r.row);
    out += ", \"得分\": {";
    bool first = true;
    for (int i : program.scored_indicators()) {
        out += first ? "" : ", ";
        first = false;
        out += json_string(program.indicators()[static_cast<size_t>(i)].name) + ": " +
               r.result.scores[static_cast<size_t>(i)].to_string();
    }
    out += "}, \"小计\": {";
    first = true;
    for (size_t i = 0; i < program.indicators().size(); ++i) {
        const IndicatorInfo& ind = program.indicators()[i];
        if (ind.level != 1) continue;
        out += first ? "" : ", ";
        first = false;
        out += json_string(ind.name) + ": " + r.result.scores[i].to_string();
    }
    out += "}";
    if (program.row_program()) out += ", \"明细得分\": " + json_rows(program, r.result.rows);
    out += ", \"总分\": " + format_total(program, r.result.total) + ", \"等级\": " + json_string(r.result.grade);
    if (!r.result.explain.empty()) out += ", \"说明\": " + json_string(r.result.explain);
    return out + "}";
}

std::string format_json(const Program& program, const std::vector<ScoredRecord>& records) {
    std::string out = "[";
    for (size_t n = 0; n < records.size(); ++n) out += (n ? ",\n  " : "\n  ") + json_object(program, records[n]);
    out += records.empty() ? "]\n" : "\n]\n";
    return out;
}

std::string format_table(const Program& program, const std::vector<ScoredRecord>& records) {
    const auto& indicators = program.indicators();
    size_t name_width = width_of("指标");
    for (const IndicatorInfo& ind : indicators)
        name_width = std::max(name_width, static_cast<size_t>(ind.level > 0 ? (ind.level - 1) * 2 : 0) + width_of(ind.name));
    // Wide enough for the longest number shown, with two blanks before it.
    size_t number_width = 8;
    for (const IndicatorInfo& ind : indicators) number_width = std::max(number_width, ind.points.to_string().size() + 2);
    for (const ScoredRecord& r : records)
        for (const Decimal& score : r.result.scores) number_width = std::max(number_width, score.to_string().size() + 2);
    std::string out;
    for (const ScoredRecord& r : records) {
        out += r.key + "（" + r.source + " 第 " + std::to_string(r.row) + " 行）\n";
        out += pad_right("指标", name_width) + pad_left("分值", number_width) + pad_left("得分", number_width) + "\n";
        out += std::string(name_width + 2 * number_width, '-') + "\n";
        for (size_t i = 0; i < indicators.size(); ++i) {
            const IndicatorInfo& ind = indicators[i];
            if (ind.level == 0) continue;
            std::string label = std::string(static_cast<size_t>(ind.level - 1) * 2, ' ') + ind.name;
            out += pad_right(label, name_width) + pad_left(ind.points.to_string(), number_width) +
                   pad_left(r.result.scores[i].to_string(), number_width) + "\n";
        }
        out += std::string(name_width + 2 * number_width, '-') + "\n";
        out += pad_right("总分", name_width) + pad_left(indicators.empty() ? "" : indicators[0].points.to_string(), number_width) +
               pad_left(format_total(program, r.result.total), number_width) + "\n";
        if (!r.result.grade.empty())
            out += pad_right("等级", name_width) + pad_left("", number_width) + pad_left(r.result.grade, number_width) + "\n";
        if (!r.result.explain.empty()) out += "\n计分说明：\n" + r.result.explain;
        out += "\n";
    }
    return out;
}

}  // namespace rubric
