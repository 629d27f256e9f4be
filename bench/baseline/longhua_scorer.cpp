#include "bench/baseline/longhua_scorer.hpp"

#include <algorithm>
#include <cstring>

namespace longhua {

const std::array<ColumnSpec, column_count> columns = {{
    {"单位", Kind::text},
    {"预算编制合理性_条件1", Kind::yes_no}, {"预算编制合理性_条件2", Kind::yes_no},
    {"预算编制合理性_条件3", Kind::yes_no}, {"预算编制合理性_条件4", Kind::yes_no},
    {"预算编制合理性_条件5", Kind::yes_no},
    {"预算编制规范性_不符合项数", Kind::count}, {"绩效目标_不符合要求项数", Kind::count},
    {"绩效指标明确性_条件1", Kind::yes_no}, {"绩效指标明确性_条件2", Kind::yes_no},
    {"绩效指标明确性_条件3", Kind::yes_no}, {"绩效指标明确性_条件4", Kind::yes_no},
    {"绩效指标明确性_条件5", Kind::yes_no},
    {"政府采购实际金额", Kind::amount}, {"政府采购计划金额", Kind::amount},
    {"政府采购政策功能得分", Kind::judgment, 1 * micro}, {"存在违规支出", Kind::yes_no},
    {"预算调整调剂金额", Kind::amount}, {"年初预算数", Kind::amount},
    {"资金支出规范性得分", Kind::judgment, 1 * micro}, {"会计核算规范性得分", Kind::judgment, 1 * micro},
    {"预算公开", Kind::disclosure}, {"决算公开", Kind::disclosure},
    {"项目设立调整履行报批", Kind::yes_no}, {"招投标验收执行制度", Kind::yes_no},
    {"建立资金管理和监控机制", Kind::yes_no}, {"主管部门开展检查监控", Kind::yes_no},
    {"专项资金评价结果为差", Kind::yes_no},
    {"资产配置合理账实相符", Kind::yes_no}, {"资产处置规范收入上缴", Kind::yes_no},
    {"在用固定资产总额", Kind::amount}, {"固定资产总额", Kind::amount},
    {"在编人数", Kind::count}, {"核定编制数", Kind::count}, {"编外人员数", Kind::count},
    {"管理制度健全性得分", Kind::judgment, 3 * micro},
    {"三公经费实际支出", Kind::amount}, {"三公经费调整预算", Kind::amount},
    {"日常公用经费决算数", Kind::amount}, {"日常公用经费调整预算", Kind::amount},
    {"第一季度累计支出进度", Kind::percent}, {"第二季度累计支出进度", Kind::percent},
    {"第三季度累计支出进度", Kind::percent}, {"第四季度累计支出进度", Kind::percent},
    {"未完成重点工作数", Kind::count}, {"按期完成项目数", Kind::count}, {"计划项目数", Kind::count},
    {"效果性得分", Kind::judgment, 20 * micro},
    {"建立信访渠道", Kind::yes_no}, {"信访回复率达100", Kind::yes_no}, {"信访及时回复率达100", Kind::yes_no},
    {"满意度", Kind::percent},
}};

const std::array<const char*, leaf_count> leaf_names = {
    "预算编制合理性", "预算编制规范性", "绩效目标完整性", "绩效指标明确性", "政府采购执行情况", "财务合规性",
    "预决算信息公开", "项目实施程序", "项目监管", "资产管理安全性", "固定资产利用率", "财政供养人员控制率",
    "编外人员控制率", "管理制度健全性", "公用经费控制率", "预算执行率", "重点工作完成情况", "项目完成及时性",
    "社会效益、经济效益、生态效益及可持续影响等", "群众信访办理情况", "公众或服务对象满意度",
};

const std::array<const char*, 4> grade_names = {"优", "良", "中", "差"};

namespace {

std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

// A plain non-negative decimal ("84153.30", "+1", "12.0") in units of
// 10^-places; false when malformed, negative, too large for int64 or with a
// non-zero digit beyond `places` decimals.
bool parse_fixed(std::string_view s, int places, int64_t& out) noexcept {
    size_t i = 0;
    if (i < s.size() && s[i] == '+') ++i;
    int64_t whole = 0;
    size_t digits = 0;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++digits) {
        if (whole > 100'000'000'000LL) return false;  // ≥ 10^12: beyond this scorer's range
        whole = whole * 10 + (s[i] - '0');
    }
    int64_t fraction = 0;
    int fraction_digits = 0;
    size_t after_point = 0;
    if (i < s.size() && s[i] == '.') {
        ++i;
        for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++after_point) {
            if (fraction_digits < places) {
                fraction = fraction * 10 + (s[i] - '0');
                ++fraction_digits;
            } else if (s[i] != '0') {
                return false;  // more precise than this scorer holds
            }
        }
        if (after_point == 0 && digits == 0) return false;
    }
    if (i != s.size() || digits + after_point == 0) return false;
    for (; fraction_digits < places; ++fraction_digits) fraction *= 10;
    int64_t scale = 1;
    for (int k = 0; k < places; ++k) scale *= 10;
    out = whole * scale + fraction;
    return true;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

// round_half_up(a / b) in units of 0.001 (保留 0.1%), for a ≥ 0, b > 0 in the same units.
inline int64_t rate_per_mille(int64_t a, int64_t b) noexcept {
    if (a <= INT64_MAX / 4000 && b <= INT64_MAX / 4) return (2000 * a + b) / (2 * b);
    __extension__ typedef __int128 wide;
    return static_cast<int64_t>((static_cast<wide>(a) * 2000 + b) / (static_cast<wide>(b) * 2));
}

// A value in 10^-6 point rounded half-up to 0.01 point (三级指标得分 保留 0.01 四舍五入); v ≥ 0.
inline int32_t round_score(int64_t v) noexcept { return static_cast<int32_t>((v + 5'000) / 10'000); }

inline int64_t cap(int64_t v, int64_t points) noexcept { return v < points ? v : points; }
inline int64_t floor0(int64_t v) noexcept { return v > 0 ? v : 0; }

}  // namespace

bool parse_cell(Column column, std::string_view cell, int64_t& value) noexcept {
    cell = trim(cell);
    if (cell.empty()) return false;
    const ColumnSpec& spec = columns[column];
    switch (spec.kind) {
    case Kind::text:
        value = 0;
        return true;
    case Kind::yes_no:
        if (cell == "是" || cell == "1" || equals_ignoring_case(cell, "true")) { value = 1; return true; }
        if (cell == "否" || cell == "0" || equals_ignoring_case(cell, "false")) { value = 0; return true; }
        return false;
    case Kind::count:
        return parse_fixed(cell, 6, value) && value % micro == 0;
    case Kind::amount:
        return parse_fixed(cell, 6, value);
    case Kind::judgment:
        return parse_fixed(cell, 6, value) && value <= spec.high;
    case Kind::percent: {
        // "19.5" or "19.5%", in [0, 100], held as the fraction 0.195 (4 decimals of a percentage at most)
        if (cell.back() == '%') cell.remove_suffix(1);
        int64_t hundredths_of_micro = 0;
        if (!parse_fixed(cell, 4, hundredths_of_micro)) return false;
        value = hundredths_of_micro;  // percent × 10^4 = fraction × 10^6
        return value <= micro;
    }
    case Kind::disclosure:
        if (cell == "完整公开") value = 0;
        else if (cell == "部分公开") value = 1;
        else if (cell == "未公开") value = 2;
        else if (cell == "涉密") value = 3;
        else return false;
        return true;
    }
    return false;
}

bool satisfies_constraints(const Record& record) noexcept {
    const auto& v = record.values;
    return v[c_initial_budget] > 0 && v[c_three_public_budget] > 0 && v[c_public_budget] > 0   // longhua-2021.rubric
        && v[c_procurement_plan] > 0                                                         // 政府采购
        && v[c_assets_in_use] <= v[c_assets_total] && v[c_assets_total] > 0                  // 固定资产
        && v[c_staff_quota] > 0 && v[c_staff] + v[c_outside_staff] > 0                       // 人员控制
        && v[c_projects_on_time] <= v[c_projects_planned] && v[c_projects_planned] > 0;      // 项目完成
}

void score(const Record& record, Scores& s) noexcept {
    const auto& v = record.values;
    constexpr int64_t M = micro;  // one point
    int64_t leaf[leaf_count];

    // 预算编制合理性（5分）：逐项计分，五个条件各 1 分
    leaf[0] = (v[c_budget_reasonable1] + v[c_budget_reasonable2] + v[c_budget_reasonable3] +
               v[c_budget_reasonable4] + v[c_budget_reasonable5]) * M;
    // 预算编制规范性（5分）：每项不符合扣 1 分，扣完为止 (counts are held in 10^-6 already)
    leaf[1] = floor0(5 * M - v[c_budget_nonconforming]);
    // 绩效目标完整性（8分）：每项扣 1 分，扣完为止
    leaf[2] = floor0(8 * M - v[c_target_nonconforming]);
    // 绩效指标明确性（7分）：2, 2, 1, 1, 1
    leaf[3] = (2 * v[c_indicator_clear1] + 2 * v[c_indicator_clear2] + v[c_indicator_clear3] +
               v[c_indicator_clear4] + v[c_indicator_clear5]) * M;
    // 政府采购执行情况（2分）：分项 执行率（1分）= 执行率(保留 0.1%) × 1，否决 若 实际 > 计划（未舍入的金额比较）；
    //                            分项 政策功能（1分）= 评分；每个分项以其分值封顶
    {
        const int64_t rate = rate_per_mille(v[c_procurement_actual], v[c_procurement_plan]);
        const int64_t part1 = v[c_procurement_actual] > v[c_procurement_plan] ? 0 : cap(rate * 1000, M);
        leaf[4] = part1 + cap(v[c_procurement_policy], M);
    }
    // 财务合规性（3分）：否决 若 存在违规支出；否则 资金支出规范性（1分）+ 资金调整调剂规范性（1分）+ 会计核算规范性（1分）。
    // 资金调整调剂规范性：按 预算调整幅度(保留 0.1%) 超过 10% 的部分 每 1% 扣 0.1 分（按比例），扣完为止：
    // 超出 e‰ 扣 e × 0.001 ÷ 0.01 × 0.1 = e × 0.01 分 = e × 10^4 (10^-6 分)。
    if (v[c_violation]) {
        leaf[5] = 0;
    } else {
        const int64_t rate = rate_per_mille(v[c_adjustment], v[c_initial_budget]);
        const int64_t excess = rate > 100 ? rate - 100 : 0;
        leaf[5] = cap(v[c_spending_regular], M) + floor0(M - excess * 10'000) + cap(v[c_accounting_regular], M);
    }
    // 预决算信息公开（3分）：两个分项（1.5分）：完整公开、涉密 1.5；部分公开 1；未公开 0
    {
        static constexpr int64_t disclosure[4] = {1'500'000, 1'000'000, 0, 1'500'000};
        leaf[6] = disclosure[v[c_budget_disclosure]] + disclosure[v[c_final_disclosure]];
    }
    // 项目实施程序（2分）：逐项计分 1 + 1
    leaf[7] = (v[c_project_approval] + v[c_tender_acceptance]) * M;
    // 项目监管（2分）：机制（1分）若 是 则 1；检查监控（1分）若 是 则 1，否决 若 专项资金评价结果为差
    leaf[8] = v[c_fund_monitoring] * M + (v[c_special_fund_poor] ? 0 : v[c_supervisor_checks] * M);
    // 资产管理安全性（2分）：逐项计分 1 + 1
    leaf[9] = (v[c_assets_match] + v[c_assets_disposal]) * M;
    // 固定资产利用率（1分）：利用率(保留 0.1%) ≥ 90% → 1；90% > x ≥ 75% → 0.7；75% > x ≥ 60% → 0.4；< 60% → 0
    {
        const int64_t rate = rate_per_mille(v[c_assets_in_use], v[c_assets_total]);
        leaf[10] = rate >= 900 ? M : rate >= 750 ? 700'000 : rate >= 600 ? 400'000 : 0;
    }
    // 财政供养人员控制率（1分）：在编 ÷ 核定(保留 0.1%) ≤ 100% → 1；> 100% → 0
    leaf[11] = rate_per_mille(v[c_staff], v[c_staff_quota]) <= 1000 ? M : 0;
    // 编外人员控制率（1分）：编外 ÷ (在编 + 编外)(保留 0.1%) < 5% → 1；5% ≤ x ≤ 10% → 0.5；> 10% → 0
    {
        const int64_t rate = rate_per_mille(v[c_outside_staff], v[c_staff] + v[c_outside_staff]);
        leaf[12] = rate < 50 ? M : rate <= 100 ? 500'000 : 0;
    }
    // 管理制度健全性（3分）：评分
    leaf[13] = cap(v[c_rules_sound], 3 * M);
    // 公用经费控制率（6分）：两个分项（3分），控制率(保留 0.1%) < 90% → 3；90% ≤ x ≤ 100% → 2；> 100% → 0
    {
        const int64_t r1 = rate_per_mille(v[c_three_public_spent], v[c_three_public_budget]);
        const int64_t r2 = rate_per_mille(v[c_public_spent], v[c_public_budget]);
        auto band = [](int64_t r) -> int64_t { return r < 900 ? 3 * M : r <= 1000 ? 2 * M : 0; };
        leaf[14] = band(r1) + band(r2);
    }
    // 预算执行率（6分）：季度执行率 = 累计进度 ÷ 25% / 50% / 75% / 100%（保留 0.1%），
    // 全年平均执行率 = 四个（舍入后、未封顶的）季度执行率之和 ÷ 4（保留 0.1%）；
    // 分项：每季 执行率 × 1（1分），全年平均 × 2（2分），每个分项以其分值封顶；各分项不单独舍入。
    {
        const int64_t q1 = rate_per_mille(v[c_progress1], 250'000);
        const int64_t q2 = rate_per_mille(v[c_progress2], 500'000);
        const int64_t q3 = rate_per_mille(v[c_progress3], 750'000);
        const int64_t q4 = rate_per_mille(v[c_progress4], 1'000'000);
        const int64_t average = (2 * (q1 + q2 + q3 + q4) + 4) / 8;  // round_half_up(sum ÷ 4), in 0.001
        leaf[15] = cap(q1 * 1000, M) + cap(q2 * 1000, M) + cap(q3 * 1000, M) + cap(q4 * 1000, M) +
                   cap(average * 2000, 2 * M);
    }
    // 重点工作完成情况（8分）：每项扣 4 分，扣完为止
    leaf[16] = floor0(8 * M - 4 * v[c_key_work_unfinished]);
    // 项目完成及时性（6分）：完成率(保留 0.1%) × 6
    leaf[17] = rate_per_mille(v[c_projects_on_time], v[c_projects_planned]) * 6000;
    // 社会效益、经济效益、生态效益及可持续影响等（20分）：评分
    leaf[18] = cap(v[c_effect], 20 * M);
    // 群众信访办理情况（3分）：逐项计分 1 + 1 + 1
    leaf[19] = (v[c_petition_channel] + v[c_petition_replied] + v[c_petition_replied_on_time]) * M;
    // 公众或服务对象满意度（6分）：满意度（输入本身，不舍入）≥ 95% → 6；90% ≤ x < 95% → 4；80% ≤ x < 90% → 2；< 80% → 1
    {
        const int64_t p = v[c_satisfaction];
        leaf[20] = p >= 950'000 ? 6 * M : p >= 900'000 ? 4 * M : p >= 800'000 ? 2 * M : M;
    }

    // 三级指标得分 保留 0.01 四舍五入；总分 = 舍入后得分之和（保留 0.01，已是 0.01 的整数倍）
    int32_t total = 0;
    for (int i = 0; i < leaf_count; ++i) {
        s.leaf[i] = round_score(leaf[i]);
        total += s.leaf[i];
    }
    s.total = total;
    // 等级：≥ 90 优；80 ≤ x < 90 良；60 ≤ x < 80 中；< 60 差
    s.grade = total >= 9000 ? 0 : total >= 8000 ? 1 : total >= 6000 ? 2 : 3;
}

namespace {
char* write_uint(char* out, uint32_t v) noexcept {
    char digits[10];
    int n = 0;
    do {
        digits[n++] = static_cast<char>('0' + v % 10);
        v /= 10;
    } while (v);
    while (n) *out++ = digits[--n];
    return out;
}
}  // namespace

char* write_score(char* out, int32_t hundredths) noexcept {
    const uint32_t v = static_cast<uint32_t>(hundredths);
    out = write_uint(out, v / 100);
    const uint32_t f = v % 100;
    if (f) {
        *out++ = '.';
        *out++ = static_cast<char>('0' + f / 10);
        if (f % 10) *out++ = static_cast<char>('0' + f % 10);
    }
    return out;
}

char* write_total(char* out, int32_t hundredths) noexcept {
    const uint32_t v = static_cast<uint32_t>(hundredths);
    out = write_uint(out, v / 100);
    *out++ = '.';
    *out++ = static_cast<char>('0' + v % 100 / 10);
    *out++ = static_cast<char>('0' + v % 10);
    return out;
}

CsvReader::CsvReader(std::FILE* file) : file_(file), buffer_(1 << 20) {}

bool CsvReader::fill() {
    if (eof_) return false;
    if (begin_ > 0) {
        std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
        end_ -= begin_;
        begin_ = 0;
    }
    if (end_ == buffer_.size()) buffer_.resize(buffer_.size() * 2);  // a line longer than the buffer
    const size_t got = std::fread(buffer_.data() + end_, 1, buffer_.size() - end_, file_);
    if (got == 0) eof_ = true;
    end_ += got;
    return got > 0;
}

bool CsvReader::next(std::vector<std::string_view>& fields) {
    fields.clear();
    // Find a whole line in the buffer.
    size_t newline;
    for (;;) {
        const void* found = std::memchr(buffer_.data() + begin_, '\n', end_ - begin_);
        if (found) {
            newline = static_cast<size_t>(static_cast<const char*>(found) - buffer_.data());
            break;
        }
        if (!fill()) {
            if (begin_ == end_) return false;
            newline = end_;  // last line without a newline
            break;
        }
    }
    char* line = buffer_.data() + begin_;
    size_t length = newline - begin_;
    begin_ = newline < end_ ? newline + 1 : end_;
    if (line_ == 0 && length >= 3 && std::memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
        line += 3;
        length -= 3;
    }
    ++line_;
    if (length && line[length - 1] == '\r') --length;
    // Split on commas; quoted fields are unquoted into scratch_ (reserved so that views stay valid).
    const char* p = line;
    const char* end = line + length;
    bool quoted_seen = false;
    for (;;) {
        if (p < end && *p == '"') {
            if (!quoted_seen) {
                scratch_.clear();
                scratch_.reserve(length);
                quoted_seen = true;
            }
            const size_t start = scratch_.size();
            ++p;
            while (p < end) {
                if (*p == '"') {
                    if (p + 1 < end && p[1] == '"') {
                        scratch_.push_back('"');
                        p += 2;
                        continue;
                    }
                    ++p;
                    break;
                }
                scratch_.push_back(*p++);
            }
            while (p < end && *p != ',') scratch_.push_back(*p++);
            fields.emplace_back(scratch_.data() + start, scratch_.size() - start);
        } else {
            const char* comma = static_cast<const char*>(std::memchr(p, ',', static_cast<size_t>(end - p)));
            const char* stop = comma ? comma : end;
            fields.emplace_back(p, static_cast<size_t>(stop - p));
            p = stop;
        }
        if (p >= end) break;
        ++p;  // the comma
        if (p == end) {
            fields.emplace_back();
            break;
        }
    }
    return true;
}

bool map_header(const std::vector<std::string_view>& header, std::array<int, column_count>& position,
                std::string& message) {
    position.fill(-1);
    for (size_t i = 0; i < header.size(); ++i) {
        const std::string_view name = trim(header[i]);
        for (int c = 0; c < column_count; ++c)
            if (position[c] < 0 && name == columns[c].name) position[c] = static_cast<int>(i);
    }
    for (int c = 0; c < column_count; ++c)
        if (position[c] < 0) {
            message = std::string("缺少列「") + columns[c].name + "」";
            return false;
        }
    return true;
}

bool parse_record(const std::vector<std::string_view>& fields, const std::array<int, column_count>& position,
                  Record& record, std::string_view& key) noexcept {
    const int available = static_cast<int>(fields.size());
    key = position[c_key] < available ? trim(fields[static_cast<size_t>(position[c_key])]) : std::string_view();
    bool good = true;
    for (int c = 0; c < column_count; ++c) {
        const int at = position[c];
        if (at >= available) return false;
        good &= parse_cell(static_cast<Column>(c), fields[static_cast<size_t>(at)], record.values[c]);
    }
    return good && satisfies_constraints(record);
}

LoadedFile load_file(const std::string& path, size_t max_records) {
    LoadedFile out;
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (!file) {
        out.error = "无法打开 " + path;
        return out;
    }
    CsvReader reader(file);
    std::vector<std::string_view> fields;
    std::array<int, column_count> position{};
    if (!reader.next(fields) || !map_header(fields, position, out.error)) {
        if (out.error.empty()) out.error = path + " 是空文件";
        std::fclose(file);
        return out;
    }
    Record record;
    std::string_view key;
    while (out.records.size() < max_records && reader.next(fields)) {
        if (fields.size() == 1 && trim(fields[0]).empty()) continue;  // a blank line
        if (parse_record(fields, position, record, key)) {
            out.records.push_back(record);
            out.keys.emplace_back(key);
            out.lines.push_back(reader.line());
        } else {
            out.bad_lines.push_back(reader.line());
        }
    }
    std::fclose(file);
    return out;
}

}  // namespace longhua
