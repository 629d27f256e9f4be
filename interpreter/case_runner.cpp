#include "interpreter/case_runner.hpp"

#include "interpreter/batch.hpp"
#include "interpreter/record_binder.hpp"
#include "interpreter/row_binder.hpp"
#include "interpreter/report.hpp"
#include "interpreter/suggest.hpp"

#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <utility>

namespace rubric {

namespace {

constexpr std::string_view kNameColumn = "用例";
constexpr std::string_view kExpectAscii = "期望:";
constexpr std::string_view kExpectWide = "期望：";
constexpr std::string_view kRowsAscii = "明细:";
constexpr std::string_view kRowsWide = "明细：";
// CaseCheck::actual of an expected score when the record was rejected.
constexpr std::string_view kNotScored = "记录被拒绝，未评分";
constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";  // U+3000

std::string trim(std::string_view s) {
    auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    for (;;) {
        if (!s.empty() && blank(s.front())) s.remove_prefix(1);
        else if (s.starts_with(kIdeographicSpace)) s.remove_prefix(kIdeographicSpace.size());
        else break;
    }
    for (;;) {
        if (!s.empty() && blank(s.back())) s.remove_suffix(1);
        else if (s.ends_with(kIdeographicSpace)) s.remove_suffix(kIdeographicSpace.size());
        else break;
    }
    return std::string(s);
}

// What a 期望 column checks.
struct Expectation {
    enum class Kind { indicator, total, grade, error } kind = Kind::indicator;
    size_t column = 0;     // in the cases table
    std::string header;    // as written: 期望:预算执行率
    std::string what;      // 预算执行率 / 总分 / 等级 / 错误
    size_t indicator = 0;  // Program::indicators() index, for Kind::indicator
};

// A plain decimal as staff type it: optional sign, digits, optional fraction.
std::optional<Decimal> parse_expected_number(const std::string& text) {
    size_t i = 0;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    size_t digits = 0;
    bool point = false;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (c >= '0' && c <= '9') ++digits;
        else if (c == '.' && !point) point = true;
        else return std::nullopt;
    }
    if (digits == 0) return std::nullopt;
    return Decimal::parse(text);
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
    std::string out;
    for (size_t i = 0; i < parts.size(); ++i) {
        if (i) out += separator;
        out += parts[i];
    }
    return out;
}

// "第 4 行：msg" → "msg" (the case's header names the row already).
std::string without_row_prefix(const RawTable& table, uint32_t row, const std::string& message) {
    const std::string prefix = table.row_label(row) + "：";
    return message.starts_with(prefix) ? message.substr(prefix.size()) : message;
}

std::string indicator_path(const Program& program, size_t index) {
    const auto& indicators = program.indicators();
    std::string path = indicators[index].name;
    for (int p = indicators[index].parent; p >= 0 && indicators[static_cast<size_t>(p)].level >= 1;
         p = indicators[static_cast<size_t>(p)].parent)
        path = indicators[static_cast<size_t>(p)].name + " / " + path;
    return path;
}

// A group's subtotal, and what it is made of.
std::string explain_subtotal(const Program& program, const Result& result, size_t index) {
    const IndicatorInfo& group = program.indicators()[index];
    std::string out = "【" + indicator_path(program, index) + "】（" + group.points.to_string() + " 分）小计 " +
                      result.scores[index].to_string() + "\n";
    for (int c : group.children) {
        const IndicatorInfo& child = program.indicators()[static_cast<size_t>(c)];
        out += "  " + child.name + "（" + child.points.to_string() + " 分）" + (child.level == 3 ? "得分 " : "小计 ") +
               result.scores[static_cast<size_t>(c)].to_string() + "\n";
    }
    return out;
}

std::string explain_total(const Program& program, const Result& result) {
    std::string out = "总分 " + format_total(program, result.total);
    if (!result.grade.empty()) out += "，等级 " + result.grade;
    out += "\n";
    const auto& indicators = program.indicators();
    for (size_t i = 0; i < indicators.size(); ++i) {
        if (indicators[i].level != 1) continue;
        out += "  一级指标「" + indicators[i].name + "」（" + indicators[i].points.to_string() + " 分）小计 " +
               result.scores[i].to_string() + "\n";
    }
    return out;
}

class Runner {
public:
    Runner(const Program& program, const RawTable& cases) : program_(program), cases_(cases) {}

    CaseReport run() {
        classify_columns();
        file_level_binding();
        std::set<uint32_t> case_rows;
        for (const RawRecord& raw : cases_.records) case_rows.insert(raw.row);
        // Reader problems of the header, of rows it dropped, and of the file.
        for (const ReadProblem& p : cases_.problems)
            if (p.row == 0 || !case_rows.count(p.row)) report_.problems.push_back(p);
        if (cases_.records.empty() && !cases_.columns.empty())
            report_.problems.push_back({cases_.path, 0, "", "文件中没有用例：表头下面没有数据行"});

        Workspace workspace = program_.make_workspace();
        Result result;
        for (const RawRecord& raw : cases_.records) {
            CaseResult c = run_case(raw, workspace, result);
            (c.passed ? report_.passed : report_.failed) += 1;
            report_.cases.push_back(std::move(c));
        }
        return std::move(report_);
    }

private:
    void classify_columns() {
        for (size_t j = 0; j < cases_.columns.size(); ++j) {
            const std::string& column = cases_.columns[j];
            // Empty and repeated names were reported by the reader; the first one counts.
            if (column.empty() || cases_.column_index(column) != j) continue;
            if (column == kNameColumn) {
                name_column_ = j;
                continue;
            }
            if (column.starts_with(kRowsAscii) || column.starts_with(kRowsWide)) {
                classify_rows_column(j);
                continue;
            }
            std::string_view prefix;
            if (column.starts_with(kExpectAscii)) prefix = kExpectAscii;
            else if (column.starts_with(kExpectWide)) prefix = kExpectWide;
            if (prefix.empty()) {
                if (column.starts_with("期望")) {
                    report_.problems.push_back({cases_.path, 0, column,
                                                "列「" + column + "」：期望列的列名应写作「期望:指标名」（如「期望:总分」），这一列未检查"});
                    continue;
                }
                input_columns_.push_back(j);
                continue;
            }
            Expectation e;
            e.column = j;
            e.header = column;
            e.what = trim(std::string_view(column).substr(prefix.size()));
            if (e.what == "总分") e.kind = Expectation::Kind::total;
            else if (e.what == "等级") e.kind = Expectation::Kind::grade;
            else if (e.what == "错误") e.kind = Expectation::Kind::error;
            else if (!resolve_indicator(e, std::string(prefix))) continue;
            expectations_.push_back(std::move(e));
        }
    }

    // 明细:绩效指标 — each case names the file holding its rows.
    void classify_rows_column(size_t j) {
        const std::string& column = cases_.columns[j];
        const std::string name = trim(std::string_view(column).substr(column.starts_with(kRowsAscii) ? kRowsAscii.size() : kRowsWide.size()));
        const RowProgram* rows = program_.row_program();
        if (!rows) {
            report_.problems.push_back({cases_.path, 0, column, "列「" + column + "」：规则集没有明细，这一列未使用"});
            return;
        }
        if (name != rows->detail.name) {
            report_.problems.push_back({cases_.path, 0, column, "列「" + column + "」：规则集的明细是「" + rows->detail.name +
                                                                    "」，应写作「明细:" + rows->detail.name + "」"});
            return;
        }
        rows_column_ = j;
    }

    // The rows of the file a case names, read once per file.
    const RowBinding* rows_from(const std::string& file, std::vector<std::string>& problems) {
        std::string path = file;
        const size_t slash = cases_.path.find_last_of('/');
        if (!file.starts_with("/") && slash != std::string::npos) path = cases_.path.substr(0, slash + 1) + file;
        auto found = row_files_.find(path);
        if (found == row_files_.end()) {
            RowBinding binding;
            RawTable table = read_data_file(path);
            const RowProgram& rows = *program_.row_program();
            const std::string& key_name = program_.inputs()[*program_.key_input()].name;
            if (table.columns.empty()) {
                binding.problems = table.problems;
            } else if (!is_row_table(rows.detail, key_name, table)) {
                binding.problems.push_back({path, 0, "", "「" + path + "」不是明细「" + rows.detail.name + "」的文件：它应有列「" +
                                                              key_name + "」和明细的每个字段"});
            } else {
                bind_rows(rows.detail, key_name, table, binding);
            }
            found = row_files_.emplace(path, std::move(binding)).first;
        }
        for (const ReadProblem& p : found->second.problems)
            problems.push_back(p.path + "：" + p.message);
        return &found->second;
    }

    // Finds the indicator a 期望 column names; reports it when there is none or several.
    bool resolve_indicator(Expectation& e, const std::string& prefix) {
        const auto& indicators = program_.indicators();
        std::vector<size_t> matches;
        for (size_t i = 0; i < indicators.size(); ++i)
            if (indicators[i].level >= 1 && indicators[i].name == e.what) matches.push_back(i);
        if (matches.size() > 1) {
            std::vector<size_t> leaves;
            for (size_t i : matches)
                if (indicators[i].level == 3) leaves.push_back(i);
            if (leaves.size() == 1) matches = leaves;
        }
        if (matches.size() == 1) {
            e.indicator = matches.front();
            return true;
        }
        std::string message;
        if (matches.empty()) {
            std::vector<std::string> targets;
            for (const IndicatorInfo& ind : indicators)
                if (ind.level >= 1) targets.push_back(ind.name);
            for (const char* special : {"总分", "等级", "错误"}) targets.emplace_back(special);
            message = "列「" + e.header + "」不是本规则集的指标，也不是总分、等级或错误，这一列未检查";
            if (auto s = closest_name(e.what, targets)) message += "；是否指「" + prefix + *s + "」？";
        } else {
            std::vector<std::string> paths;
            for (size_t i : matches) paths.push_back("「" + indicator_path(program_, i) + "」");
            message = "列「" + e.header + "」：有 " + std::to_string(matches.size()) + " 个指标名为「" + e.what + "」（" +
                      join(paths, "、") + "），无法确定检查哪一个，这一列未检查";
        }
        report_.problems.push_back({cases_.path, 0, e.header, std::move(message)});
        return false;
    }

    // The cases table with only its input columns.
    RawTable input_table() const {
        RawTable t;
        t.path = cases_.path;
        t.numbering = cases_.numbering;
        for (size_t j : input_columns_) t.columns.push_back(cases_.columns[j]);
        return t;
    }

    // Columns the ruleset lacks or does not have, once for the file.
    void file_level_binding() {
        if (cases_.columns.empty()) return;  // unreadable: the reader said why
        RecordBinder binder(program_.inputs());
        BindOutcome bound = binder.bind(input_table());
        for (ReadProblem& p : bound.problems) report_.problems.push_back(std::move(p));
    }

    CaseResult run_case(const RawRecord& raw, Workspace& workspace, Result& result) {
        CaseResult c;
        c.row = raw.row;
        if (name_column_ && *name_column_ < raw.cells.size() && raw.cells[*name_column_])
            c.name = trim(*raw.cells[*name_column_]);
        if (c.name.empty()) c.name = cases_.row_label(raw.row);

        // Bind this row alone: cases may share a key (单位) without being duplicates.
        RawTable t = input_table();
        RawRecord record{raw.row, {}};
        for (size_t j : input_columns_) record.cells.push_back(j < raw.cells.size() ? raw.cells[j] : std::nullopt);
        t.records.push_back(std::move(record));
        std::vector<std::string> row_problems;  // the reader's, for cells of this row
        for (const ReadProblem& p : cases_.problems)
            if (p.row == raw.row) {
                t.problems.push_back(p);
                row_problems.push_back(without_row_prefix(cases_, raw.row, p.message));
            }
        RecordBinder binder(program_.inputs());
        BindOutcome bound = binder.bind(t);

        std::vector<std::string> rejections;
        bool rejected = bound.records.empty();
        if (rejected) {
            // bound.problems begins with the reader's problems we passed in (already in row_problems).
            for (size_t k = t.problems.size(); k < bound.problems.size(); ++k)
                if (bound.problems[k].row == raw.row)
                    rejections.push_back(without_row_prefix(cases_, raw.row, bound.problems[k].message));
        } else {
            Record& record = bound.records.front();
            if (rows_column_ && *rows_column_ < raw.cells.size() && raw.cells[*rows_column_] &&
                !trim(*raw.cells[*rows_column_]).empty()) {
                const RowBinding* rows = rows_from(trim(*raw.cells[*rows_column_]), rejections);
                if (rows->bad_keys.count(record.key)) rejections.push_back("「" + record.key + "」的明细中有错误的行");
                auto it = rows->rows.find(record.key);
                if (it != rows->rows.end()) record.rows = it->second;
            }
            if (!rejections.empty()) rejected = true;
            else {
                // A failing case shows the explain lines of what differs, read from the workspace.
                EvaluateOptions slot_values;
                slot_values.keep_slot_values = true;
                program_.evaluate(record, workspace, result, slot_values);
            }
        }
        if (!rejected && !bound.records.empty()) {
            if (!result.scored) {
                rejected = true;
                for (const RecordProblem& p : result.problems) rejections.push_back(p.message);
            }
        }

        // The row's 期望 cells; an empty one is not checked.
        struct Cell {
            std::string text;
            Decimal number;  // for indicators and 总分
        };
        std::vector<std::optional<Cell>> cells(expectations_.size());
        std::optional<std::string> expected_error;
        for (size_t k = 0; k < expectations_.size(); ++k) {
            const Expectation& e = expectations_[k];
            if (e.column >= raw.cells.size() || !raw.cells[e.column]) continue;
            std::string text = trim(*raw.cells[e.column]);
            if (text.empty()) continue;
            if (e.kind == Expectation::Kind::error) {
                expected_error = text;
            } else if (e.kind == Expectation::Kind::grade) {
                cells[k] = Cell{std::move(text), Decimal{}};
            } else if (auto v = parse_expected_number(text)) {
                cells[k] = Cell{std::move(text), *v};
            } else {
                row_problems.push_back("「" + e.header + "」应为数字（如 5.78），实际是「" + text + "」");
            }
        }

        c.problems = std::move(row_problems);
        if (rejected) {
            if (!expected_error) {
                c.rejected = true;
                for (std::string& m : rejections) c.problems.push_back(std::move(m));
            }
            for (size_t k = 0; k < expectations_.size(); ++k) {
                const Expectation& e = expectations_[k];
                if (e.kind == Expectation::Kind::error && expected_error) {
                    bool found = false;
                    for (const std::string& m : rejections) found = found || m.find(*expected_error) != std::string::npos;
                    if (!found) c.failures.push_back({e.what, *expected_error, "提示：" + join(rejections, "；")});
                } else if (cells[k]) {
                    // A score cannot be checked on a record that was not scored.
                    c.failures.push_back({e.what, cells[k]->text, std::string(kNotScored)});
                }
            }
        } else {
            std::set<size_t> explained;
            bool total_explained = false;
            for (size_t k = 0; k < expectations_.size(); ++k) {
                const Expectation& e = expectations_[k];
                if (e.kind == Expectation::Kind::error) {
                    if (!expected_error) continue;
                    std::string actual = "已评分（总分 " + format_total(program_, result.total);
                    if (!result.grade.empty()) actual += "，等级 " + result.grade;
                    c.failures.push_back({e.what, *expected_error, actual + "）"});
                    continue;
                }
                if (!cells[k]) continue;
                const Cell& cell = *cells[k];
                std::optional<std::string> actual;  // set when it differs
                if (e.kind == Expectation::Kind::total) {
                    if (cell.number != result.total) actual = format_total(program_, result.total);
                } else if (e.kind == Expectation::Kind::grade) {
                    if (cell.text != result.grade) actual = result.grade.empty() ? "（无等级）" : result.grade;
                } else if (cell.number != result.scores[e.indicator]) {
                    actual = result.scores[e.indicator].to_string();
                }
                if (!actual) continue;
                c.failures.push_back({e.what, cell.text, std::move(*actual)});
                if (e.kind == Expectation::Kind::indicator) {
                    if (!explained.insert(e.indicator).second) continue;
                    const IndicatorInfo& shown = program_.indicators()[e.indicator];
                    c.explain += shown.level == 3 || shown.row_group >= 0
                                     ? program_.render_explain(workspace, e.indicator)
                                     : explain_subtotal(program_, result, e.indicator);
                } else if (!total_explained) {
                    total_explained = true;
                    c.explain += explain_total(program_, result);
                }
            }
        }
        c.passed = c.failures.empty() && c.problems.empty();
        return c;
    }

    const Program& program_;
    const RawTable& cases_;
    CaseReport report_;
    std::optional<size_t> name_column_;
    std::optional<size_t> rows_column_;                  // 明细:绩效指标
    std::map<std::string, RowBinding> row_files_;      // by path
    std::vector<size_t> input_columns_;
    std::vector<Expectation> expectations_;
};

}  // namespace

CaseReport run_cases(const Program& program, const RawTable& cases) { return Runner(program, cases).run(); }

std::string cases_path_for(const std::string& ruleset_path) {
    constexpr std::string_view extension = ".rubric";
    if (ruleset_path.ends_with(extension))
        return ruleset_path.substr(0, ruleset_path.size() - extension.size()) + ".cases.csv";
    return ruleset_path + ".cases.csv";
}

std::string format_case_report(const Program& program, const std::string& cases_path, const CaseReport& report) {
    (void)program;
    std::string out = cases_path + "：" + std::to_string(report.cases.size()) + " 个用例，" +
                      std::to_string(report.passed) + " 个通过，" + std::to_string(report.failed) + " 个失败";
    if (!report.problems.empty()) out += "；文件有 " + std::to_string(report.problems.size()) + " 个问题";
    out += "\n";
    for (const ReadProblem& p : report.problems) out += "✗ " + p.message + "\n";
    auto indented = [](const std::string& text, const std::string& by) {
        std::string out;
        size_t start = 0;
        while (start < text.size()) {
            size_t end = text.find('\n', start);
            if (end == std::string::npos) end = text.size();
            out += by + text.substr(start, end - start) + "\n";
            start = end + 1;
        }
        return out;
    };
    for (const CaseResult& c : report.cases) {
        const std::string where = "第 " + std::to_string(c.row) + " 行";
        out += (c.passed ? "✓ 用例「" : "✗ 用例「") + c.name + (c.name == where ? "」\n" : "」（" + where + "）\n");
        if (c.passed) continue;
        if (c.rejected) out += "    记录被拒绝，未评分：\n";
        for (const std::string& p : c.problems) out += (c.rejected ? "      " : "    ") + p + "\n";
        for (const CaseCheck& f : c.failures) {
            if (f.what == "错误")
                out += "    错误：期望记录被拒绝、提示含「" + f.expected + "」，实际" + f.actual + "\n";
            else if (f.actual == kNotScored)
                out += "    " + f.what + "：期望 " + f.expected + "，" + f.actual + "\n";
            else
                out += "    " + f.what + "：期望 " + f.expected + "，实际 " + f.actual + "\n";
        }
        out += indented(c.explain, "    ");
    }
    return out;
}

}  // namespace rubric
