// `rubric compare --format xlsx`: the comparison as an Excel workbook, through
// libxlsxwriter, written atomically (temporary file beside the target, then
// rename).
#include "interpreter/reports/compare_reports.hpp"

#include "interpreter/atomic_file.hpp"
#include "interpreter/reports/report_text.hpp"
#include "interpreter/utf8.hpp"

#include <xlsxwriter.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <map>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace rubric {
namespace {

using reports::decimal_places;

constexpr lxw_color_t header_fill = 0xDDE4EE;   // grey blue
constexpr lxw_color_t changed_fill = 0xFFF2CC;  // a total or an indicator score changed
constexpr lxw_color_t grade_fill = 0xF8CBAD;    // the grade changed
constexpr lxw_color_t same_fill = 0xE2EFDA;     // the diagonal of the transition matrix
constexpr size_t max_rows = 1048576;            // Excel's rows per sheet
constexpr size_t max_cell_bytes = 32000;        // Excel keeps at most 32767 characters in a cell

std::string zeros(int places) { return places <= 0 ? "0" : "0." + std::string(static_cast<size_t>(places), '0'); }
std::string signed_format(int places) {
    const std::string z = zeros(places);
    return "+" + z + ";-" + z + ";" + z;
}

// Excel stores doubles: the exact decimal becomes one only here.
double to_double(const Decimal& value) {
    const std::string text = value.to_string();
    double out = 0;
    std::from_chars(text.data(), text.data() + text.size(), out);
    return out;
}

// Cuts at a UTF-8 character boundary so that Excel accepts the cell.
std::string cell_text(const std::string& text) {
    if (text.size() <= max_cell_bytes) return text;
    size_t end = max_cell_bytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return text.substr(0, end) + "…";
}

// Column width in Excel units (≈ digit widths): a CJK character takes two.
double text_width(const std::string& text) {
    std::u32string cps;
    size_t bad = 0;
    if (!decode_utf8(text, cps, bad)) return static_cast<double>(text.size());
    return static_cast<double>(display_width(cps));
}

struct Style {
    std::string num_format = {};
    lxw_color_t fill = 0;  // 0 = none
    bool bold = false, wrap = false, header = false, title = false, center = false;
    auto key() const { return std::tuple(num_format, fill, bold, wrap, header, title, center); }
};

class Formats {
public:
    explicit Formats(lxw_workbook* workbook) : workbook_(workbook) {}
    lxw_format* get(const Style& style) {
        auto [it, fresh] = cache_.try_emplace(style.key(), nullptr);
        if (!fresh) return it->second;
        lxw_format* f = workbook_add_format(workbook_);
        format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
        if (!style.num_format.empty()) format_set_num_format(f, style.num_format.c_str());
        if (style.fill) format_set_bg_color(f, style.fill);
        if (style.bold || style.header || style.title) format_set_bold(f);
        if (style.wrap || style.header) format_set_text_wrap(f);
        if (style.center) format_set_align(f, LXW_ALIGN_CENTER);
        if (style.header) {
            format_set_bg_color(f, header_fill);
            format_set_bottom(f, LXW_BORDER_THIN);
            format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
        }
        if (style.title) format_set_font_size(f, 14);
        it->second = f;
        return f;
    }

private:
    lxw_workbook* workbook_;
    std::map<decltype(Style{}.key()), lxw_format*> cache_;
};

// A worksheet that remembers how wide each column has to be.
class Sheet {
public:
    Sheet(lxw_workbook* workbook, Formats& formats, const char* name)
        : ws_(workbook_add_worksheet(workbook, name)), formats_(formats) {}
    lxw_worksheet* get() const { return ws_; }

    void text(size_t row, size_t col, const std::string& value, const Style& style = {}, bool measure = true) {
        const std::string t = cell_text(value);
        worksheet_write_string(ws_, row_t(row), col_t(col), t.c_str(), style_of(style));
        if (measure) fit(col, text_width(t) + (style.header || style.bold ? 1 : 0));
    }
    void number(size_t row, size_t col, const Decimal& value, const Style& style) {
        worksheet_write_number(ws_, row_t(row), col_t(col), to_double(value), style_of(style));
        fit(col, static_cast<double>(value.abs().to_fixed(decimal_places_of(style)).size() + 2));
    }
    void count(size_t row, size_t col, size_t value, const Style& style = {}) {
        worksheet_write_number(ws_, row_t(row), col_t(col), static_cast<double>(value), style_of(style));
        fit(col, static_cast<double>(std::to_string(value).size()));
    }
    void blank(size_t row, size_t col, const Style& style) { worksheet_write_blank(ws_, row_t(row), col_t(col), style_of(style)); }
    void merge(size_t row, size_t first_col, size_t last_col, const std::string& value, const Style& style) {
        if (first_col == last_col) return text(row, first_col, value, style);
        worksheet_merge_range(ws_, row_t(row), col_t(first_col), row_t(row), col_t(last_col), cell_text(value).c_str(),
                              style_of(style));
    }
    void headers(size_t row, const std::vector<std::string>& names, size_t first_col = 0) {
        for (size_t c = 0; c < names.size(); ++c) text(row, first_col + c, names[c], Style{.header = true});
    }
    // Applies the widths: at least `floor`, at most `ceiling` (longer text wraps
    // where the cell's style wraps).
    void apply_widths(double floor = 6, double ceiling = 60) {
        for (size_t c = 0; c < widths_.size(); ++c)
            worksheet_set_column(ws_, col_t(c), col_t(c), std::clamp(widths_[c] + 2, floor, ceiling), nullptr);
    }
    void fit(size_t col, double width) {
        if (widths_.size() <= col) widths_.resize(col + 1, 0);
        widths_[col] = std::max(widths_[col], width);
    }

private:
    static lxw_row_t row_t(size_t row) { return static_cast<lxw_row_t>(row); }
    static lxw_col_t col_t(size_t col) { return static_cast<lxw_col_t>(col); }
    static int decimal_places_of(const Style& style) {
        const auto dot = style.num_format.find('.');
        if (dot == std::string::npos) return 0;
        const auto end = style.num_format.find(';', dot);
        return static_cast<int>((end == std::string::npos ? style.num_format.size() : end) - dot - 1);
    }
    lxw_format* style_of(const Style& style) {
        const bool plain = style.num_format.empty() && !style.fill && !style.bold && !style.wrap && !style.header &&
                           !style.title && !style.center;
        return plain ? nullptr : formats_.get(style);
    }

    lxw_worksheet* ws_;
    Formats& formats_;
    std::vector<double> widths_;
};

// Number formats: "0.00" unless the report needs more places.
struct Places {
    int total = 2, score = 2;
};

Places places_of(const CompareReport& report) {
    Places p;
    p.total = std::max(p.total, report.total_places);
    for (const RecordComparison& r : report.records) {
        if (report.total_places < 0)
            p.total = std::max({p.total, decimal_places(r.old_total), decimal_places(r.new_total), decimal_places(r.delta)});
        for (const IndicatorChange& c : r.changes) {
            p.score = std::max({p.score, decimal_places(c.delta), c.old_score ? decimal_places(*c.old_score) : 0,
                                c.new_score ? decimal_places(*c.new_score) : 0});
        }
    }
    p.total = std::min(p.total, 10);
    p.score = std::min(p.score, 10);
    return p;
}

void write_summary(Sheet& sheet, const CompareReport& report, const Places& places) {
    const CompareSummary& s = report.summary;
    const Style bold{.bold = true};
    const Style wrap{.wrap = true};
    const Style section{.title = true};
    size_t row = 0;
    sheet.text(row, 0, "评分规则调整影响汇总", section, false);
    row += 2;

    sheet.headers(row++, {"规则集", "名称", "标题"});
    sheet.text(row, 0, "原规则集", bold);
    sheet.text(row, 1, report.old_name);
    sheet.text(row++, 2, report.old_title, wrap);
    sheet.text(row, 0, "新规则集", bold);
    sheet.text(row, 1, report.new_name);
    sheet.text(row++, 2, report.new_title, wrap);
    ++row;

    sheet.headers(row++, {"记录", "条数", "说明"});
    const std::pair<const char*, std::pair<size_t, const char*>> counts[] = {
        {"读取", {s.records, "数据文件中的全部记录"}},
        {"比较", {s.compared, "在原、新规则集下都能评分的记录"}},
        {"有误", {s.bad_records, "数据有误或任一规则集不能评分的记录"}},
        {"变化", {s.changed, "总分、等级或某个指标得分有变化的记录"}},
        {"等级变化", {s.grade_changed, "等级有变化的记录"}},
    };
    for (const auto& [label, value] : counts) {
        sheet.text(row, 0, label, bold);
        sheet.count(row, 1, value.first);
        sheet.text(row++, 2, value.second, wrap);
    }
    ++row;

    sheet.headers(row++, {"总分变化", "分数", "说明"});
    const Style delta{.num_format = signed_format(places.total)};
    const std::pair<const char*, std::pair<const Decimal*, const char*>> deltas[] = {
        {"平均", {&s.mean_delta, "新总分 − 原总分 的平均值（四舍五入到 0.01）"}},
        {"最小", {&s.min_delta, "降得最多的记录"}},
        {"最大", {&s.max_delta, "升得最多的记录"}},
    };
    for (const auto& [label, value] : deltas) {
        sheet.text(row, 0, label, bold);
        if (s.compared) sheet.number(row, 1, *value.first, delta);
        else sheet.text(row, 1, "—");
        sheet.text(row++, 2, value.second, wrap);
    }
    ++row;

    // The transition matrix: 原等级 down, 新等级 across, then totals.
    const size_t n = s.grades.size();
    sheet.text(row++, 0, "等级变化（条数）", bold, false);
    if (n == 0) {
        sheet.text(row++, 0, "没有等级");
    } else {
        const Style header{.header = true, .center = true};
        sheet.blank(row, 0, header);
        sheet.merge(row, 1, n, "新等级", header);
        sheet.blank(row++, n + 1, header);
        sheet.text(row, 0, "原等级", header);
        for (size_t j = 0; j < n; ++j) sheet.text(row, 1 + j, s.grades[j], header);
        sheet.text(row++, n + 1, "合计", header);
        std::vector<size_t> column_totals(n, 0);
        size_t all = 0;
        for (size_t i = 0; i < n; ++i) {
            sheet.text(row, 0, s.grades[i], Style{.bold = true, .center = true});
            size_t row_total = 0;
            for (size_t j = 0; j < n; ++j) {
                const size_t count = i < s.transitions.size() && j < s.transitions[i].size() ? s.transitions[i][j] : 0;
                row_total += count;
                column_totals[j] += count;
                Style cell{.num_format = "0", .center = true};
                if (i == j) cell.fill = same_fill;
                else if (count) cell.fill = grade_fill;
                sheet.count(row, 1 + j, count, cell);
            }
            all += row_total;
            sheet.count(row++, n + 1, row_total, Style{.num_format = "0", .bold = true, .center = true});
        }
        sheet.text(row, 0, "合计", Style{.bold = true, .center = true});
        for (size_t j = 0; j < n; ++j) sheet.count(row, 1 + j, column_totals[j], Style{.num_format = "0", .bold = true, .center = true});
        sheet.count(row++, n + 1, all, Style{.num_format = "0", .bold = true, .center = true});
    }
    ++row;

    // The records that moved most.
    if (!s.most_moved.empty()) {
        sheet.text(row++, 0, "变化最大的记录", bold, false);
        sheet.headers(row++, {"主键", "原总分", "新总分", "变化", "原等级", "新等级", "来源文件", "行"});
        const Style total{.num_format = zeros(places.total)};
        for (size_t index : s.most_moved) {
            if (index >= report.records.size()) continue;
            const RecordComparison& r = report.records[index];
            const bool grade_moved = r.old_grade != r.new_grade;
            sheet.text(row, 0, r.key);
            sheet.number(row, 1, r.old_total, total);
            sheet.number(row, 2, r.new_total, total);
            sheet.number(row, 3, r.delta, Style{.num_format = signed_format(places.total), .fill = r.delta.is_zero() ? 0 : changed_fill});
            sheet.text(row, 4, r.old_grade, Style{.fill = grade_moved ? grade_fill : 0, .center = true});
            sheet.text(row, 5, r.new_grade, Style{.fill = grade_moved ? grade_fill : 0, .center = true});
            sheet.text(row, 6, r.source);
            sheet.count(row++, 7, r.row);
        }
        ++row;
    }

    // The rule edits.
    sheet.text(row++, 0, "规则改动（" + std::to_string(report.edits.size()) + " 处）", bold, false);
    if (report.edits.empty()) {
        sheet.text(row++, 0, "两个规则集的规则没有差别");
    } else {
        sheet.headers(row++, {"序号", "类型", "改动", "原位置", "新位置"});
        for (size_t i = 0; i < report.edits.size(); ++i) {
            const RulesetEdit& e = report.edits[i];
            sheet.count(row, 0, i + 1, Style{.center = true});
            sheet.text(row, 1, reports::edit_kind_label(e.kind));
            sheet.text(row, 2, e.message, wrap);
            sheet.text(row, 3, e.old_where);
            sheet.text(row++, 4, e.new_where);
        }
    }
    sheet.apply_widths(8, 70);
}

void write_records(Sheet& sheet, const CompareReport& report, const Places& places) {
    sheet.headers(0, {"来源文件", "行", "主键", "原总分", "新总分", "变化", "原等级", "新等级", "变化的指标", "原因"});
    const Style total{.num_format = zeros(places.total)};
    const Style wrap{.wrap = true};
    size_t row = 1;
    for (const RecordComparison& r : report.records) {
        const bool both = r.old_scored && r.new_scored;
        const bool grade_moved = both && r.old_grade != r.new_grade;
        sheet.text(row, 0, r.source);
        sheet.count(row, 1, r.row);
        sheet.text(row, 2, r.key);
        if (r.old_scored) sheet.number(row, 3, r.old_total, total);
        if (r.new_scored) sheet.number(row, 4, r.new_total, total);
        if (both) sheet.number(row, 5, r.delta, Style{.num_format = signed_format(places.total), .fill = r.delta.is_zero() ? 0 : changed_fill});
        if (r.old_scored) sheet.text(row, 6, r.old_grade, Style{.fill = grade_moved ? grade_fill : 0, .center = true});
        if (r.new_scored) sheet.text(row, 7, r.new_grade, Style{.fill = grade_moved ? grade_fill : 0, .center = true});
        sheet.text(row, 8, reports::changed_indicator_names(r), wrap);
        sheet.text(row, 9, reports::record_reason(r), wrap);
        ++row;
    }
    worksheet_freeze_panes(sheet.get(), 1, 0);
    worksheet_autofilter(sheet.get(), 0, 0, static_cast<lxw_row_t>(row > 1 ? row - 1 : 1), 9);
    sheet.apply_widths(8, 60);
}

void write_changes(Sheet& sheet, const CompareReport& report, const Places& places) {
    sheet.headers(0, {"主键", "指标路径", "原得分", "新得分", "变化", "原因", "相关改动"});
    const Style score{.num_format = zeros(places.score)};
    const Style wrap{.wrap = true};
    size_t row = 1;
    for (const RecordComparison& r : report.records) {
        for (const IndicatorChange& c : r.changes) {
            sheet.text(row, 0, r.key);
            sheet.text(row, 1, c.path);
            if (c.old_score) sheet.number(row, 2, *c.old_score, score);
            else sheet.text(row, 2, "（无）", Style{.center = true});
            if (c.new_score) sheet.number(row, 3, *c.new_score, score);
            else sheet.text(row, 3, "（无）", Style{.center = true});
            sheet.number(row, 4, c.delta, Style{.num_format = signed_format(places.score), .fill = c.delta.is_zero() ? 0 : changed_fill});
            sheet.text(row, 5, c.reason, wrap);
            sheet.text(row, 6, reports::related_edits_text(report, c), wrap);
            ++row;
        }
    }
    worksheet_freeze_panes(sheet.get(), 1, 0);
    worksheet_autofilter(sheet.get(), 0, 0, static_cast<lxw_row_t>(row > 1 ? row - 1 : 1), 6);
    sheet.apply_widths(8, 60);
}

std::string error_text(int err) { return system_error_text(err); }
std::string quoted(const std::string& path) { return "「" + path + "」"; }

// Creates the temporary file (O_EXCL: never clobbers anything) so that its
// name is ours; libxlsxwriter then rewrites it in place.
std::optional<std::string> reserve_temp(const std::string& dir_prefix, const std::string& name, std::string& tmp) {
    static std::atomic<unsigned long> counter{0};
    for (int attempt = 0; attempt < 100; ++attempt) {
        tmp = dir_prefix + "." + name + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter.fetch_add(1)) +
              ".xlsx";
        const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd >= 0) {
            ::close(fd);
            return std::nullopt;
        }
        if (errno != EEXIST) break;
    }
    return error_text(errno);
}

bool fsync_path(const std::string& path, int flags) {
    const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
    if (fd < 0) return false;
    bool ok = true;
    while (::fsync(fd) != 0) {
        if (errno == EINTR) continue;
        ok = (flags & O_DIRECTORY) && errno == EINVAL;  // some file systems cannot sync a directory
        break;
    }
    ::close(fd);
    return ok;
}

}  // namespace

std::optional<std::string> write_compare_xlsx(const CompareReport& report, const std::string& path) {
    const auto slash = path.rfind('/');
    const std::string dir_prefix = slash == std::string::npos ? "" : path.substr(0, slash + 1);
    const std::string dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
    const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    if (name.empty() || name == "." || name == "..") return "无法写入" + quoted(path) + "：路径中没有文件名";
    // A device or pipe must never be renamed over (as root, -o /dev/null would
    // replace /dev/null); a workbook is a file.
    struct stat existing {};
    if (::stat(path.c_str(), &existing) == 0 && !S_ISREG(existing.st_mode))
        return "无法写入" + quoted(path) + "：工作簿只能写成普通文件";

    size_t change_rows = 0;
    for (const RecordComparison& r : report.records) change_rows += r.changes.size();
    if (report.records.size() >= max_rows || change_rows >= max_rows)
        return "无法写入" + quoted(path) + "：记录太多，超出 Excel 工作表的 " + std::to_string(max_rows) + " 行";

    std::string tmp;
    if (auto error = reserve_temp(dir_prefix, name, tmp))
        return "无法写入" + quoted(path) + "：不能在目录" + quoted(dir) + "中创建临时文件：" + *error;

    lxw_workbook* workbook = workbook_new(tmp.c_str());
    if (!workbook) {
        ::unlink(tmp.c_str());
        return "无法写入" + quoted(path) + "：内存不足";
    }
    const std::string title = "评分规则调整影响：" + report.old_name + " → " + report.new_name;
    lxw_doc_properties properties{};
    properties.title = const_cast<char*>(title.c_str());
    properties.subject = const_cast<char*>("rubric compare");
    // A fixed creation time: the same report gives the same bytes (2020-01-01T00:00:00Z).
    properties.created = 1577836800;
    workbook_set_properties(workbook, &properties);
    {
        Formats formats(workbook);
        const Places places = places_of(report);
        Sheet summary(workbook, formats, "汇总");
        Sheet records(workbook, formats, "逐条记录");
        Sheet changes(workbook, formats, "指标变化");
        write_summary(summary, report, places);
        write_records(records, report, places);
        write_changes(changes, report, places);
    }
    const lxw_error closed = workbook_close(workbook);  // also frees the workbook
    if (closed != LXW_NO_ERROR) {
        const int err = errno;
        ::unlink(tmp.c_str());
        std::string message = "无法写入" + quoted(path) + "：生成 xlsx 文件失败（" + lxw_strerror(closed) + "）";
        if (closed == LXW_ERROR_CREATING_XLSX_FILE || closed == LXW_ERROR_CREATING_TMPFILE) message += "：" + error_text(err);
        return message;
    }
    if (!fsync_path(tmp, O_RDONLY)) {
        const int err = errno;
        ::unlink(tmp.c_str());
        return "写入临时文件" + quoted(tmp) + "失败：" + error_text(err);
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        return "无法写入" + quoted(path) + "：替换原文件失败：" + error_text(err);
    }
    if (!fsync_path(dir, O_RDONLY | O_DIRECTORY))
        return "已写入" + quoted(path) + "，但无法同步目录" + quoted(dir) + "：" + error_text(errno);
    return std::nullopt;
}

}  // namespace rubric
