// `rubric compare --format html`: one self-contained page (inline CSS, SVG and
// JS, no network assets) that a finance bureau can open from file:// and read.
#include "interpreter/reports/compare_reports.hpp"
#include "interpreter/reports/report_text.hpp"
#include "interpreter/text_escape.hpp"

namespace rubric {
namespace {

using reports::signed_text;
using reports::signed_total_text;
using reports::total_text;

std::string html(const std::string& text) {
    std::string out;
    out.reserve(text.size() + 8);
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

// A JSON string (json_string, as every report quotes) that is also safe
// inside <script>: "</" becomes "<\/" and "<!" becomes "\u003c!", so the text
// can neither end the script element nor open a comment in it.
std::string json(const std::string& text) {
    const std::string quoted = json_string(text);
    std::string out;
    out.reserve(quoted.size());
    for (size_t i = 0; i < quoted.size(); ++i) {
        const char next = i + 1 < quoted.size() ? quoted[i + 1] : '\0';
        if (quoted[i] == '<' && next == '/') out += "<\\";
        else if (quoted[i] == '<' && next == '!') out += "\\u003c";
        else out += quoted[i];
    }
    return out;
}

std::string sign_class(const Decimal& d) { return d.sign() > 0 ? "up" : d.sign() < 0 ? "down" : "same"; }

const char* kind_name(reports::HistogramBin::Kind kind) {
    switch (kind) {
        case reports::HistogramBin::Kind::negative: return "negative";
        case reports::HistogramBin::Kind::zero: return "zero";
        case reports::HistogramBin::Kind::positive: return "positive";
    }
    return "zero";
}

// "《title》（name）", or the name alone when there is no title.
std::string ruleset_html(const std::string& name, const std::string& title) {
    if (title.empty()) return "<strong>" + html(name) + "</strong>";
    return "<strong>" + html(title) + "</strong> <span class=\"muted\">（" + html(name) + "）</span>";
}

constexpr const char* style_sheet = R"CSS(
:root { --ink: #1f2933; --muted: #616e7c; --line: #e4e7eb; --paper: #ffffff; --ground: #f3f5f8;
  --up: #1f6fb2; --down: #c2581c; --same: #9aa5b1; --mark: #fff2cc; --grade: #fbd9c4; --keep: #e3f1e0; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--ground); color: var(--ink); line-height: 1.6; font-size: 15px;
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei",
    "WenQuanYi Micro Hei", "Heiti SC", "SimHei", sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 28px 28px 48px; }
h1 { font-size: 26px; margin: 0 0 12px; letter-spacing: 0.02em; }
h2 { font-size: 19px; margin: 0 0 14px; padding-left: 10px; border-left: 4px solid var(--up); }
.eyebrow { margin: 0; color: var(--muted); font-size: 13px; letter-spacing: 0.1em; }
.rulesets { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; margin: 0; }
.rulesets div { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; }
.rulesets dt { color: var(--muted); font-size: 13px; }
.rulesets dd { margin: 0; }
.muted { color: var(--muted); }
.lede { font-size: 16px; background: var(--paper); border-radius: 8px; padding: 14px 18px; margin: 18px 0 0;
  border: 1px solid var(--line); }
section { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 18px 20px; margin-top: 18px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(116px, 1fr)); gap: 10px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.card .label { color: var(--muted); font-size: 13px; }
.card .value { font-size: 24px; font-weight: 600; font-variant-numeric: tabular-nums; }
.up { color: var(--up); }
.down { color: var(--down); }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid var(--line); padding: 6px 10px; vertical-align: top; }
thead th { background: #eef2f7; font-weight: 600; }
td.num { text-align: right; white-space: nowrap; }
#transition-matrix th, #transition-matrix td { text-align: center; min-width: 4.5em; }
#transition-matrix td.keep { background: var(--keep); }
#transition-matrix td.moved { background: var(--grade); font-weight: 600; }
#transition-matrix .total { color: var(--muted); }
.note { color: var(--muted); font-size: 13px; margin: 10px 0 0; }
#delta-chart { width: 100%; height: auto; display: block; }
#delta-chart .bar[data-kind="negative"] { fill: var(--down); }
#delta-chart .bar[data-kind="zero"] { fill: var(--same); }
#delta-chart .bar[data-kind="positive"] { fill: var(--up); }
#delta-chart .bar:hover { opacity: 0.8; }
#delta-chart .grid line { stroke: var(--line); }
#delta-chart .axis { stroke: var(--ink); }
#delta-chart text { font-size: 13px; fill: var(--muted); font-family: inherit; }
#delta-chart text.count { fill: var(--ink); font-weight: 600; }
#delta-chart text.axis-title { fill: var(--ink); }
#rule-edits { margin: 0; padding-left: 2.2em; }
#rule-edits li { margin: 4px 0; }
#rule-edits li:target { background: var(--mark); }
.kind { display: inline-block; font-size: 12px; border: 1px solid var(--line); border-radius: 4px; padding: 0 6px;
  margin-right: 6px; color: var(--muted); }
.where { color: var(--muted); font-size: 12px; margin-left: 6px; }
pre { background: var(--ground); padding: 8px; border-radius: 6px; white-space: pre-wrap; margin: 6px 0; }
.filter { display: block; margin: 0 0 10px; color: var(--muted); }
.rec-head, .rec > summary { display: grid; align-items: baseline; gap: 8px;
  grid-template-columns: 1.4em 3em minmax(8em, 2fr) minmax(8em, 2fr) 5.5em 5.5em 5.5em 6.5em 4.5em; }
.rec-head { font-weight: 600; background: #eef2f7; padding: 6px 8px; border-radius: 6px 6px 0 0; font-size: 14px; }
.rec { border-bottom: 1px solid var(--line); }
.rec > summary { list-style: none; cursor: pointer; padding: 6px 8px; }
.rec > summary::-webkit-details-marker { display: none; }
.rec > summary:hover { background: #f7f9fb; }
.rec > summary .toggle { color: var(--muted); transition: transform 0.15s; display: inline-block; }
.rec[open] > summary .toggle { transform: rotate(90deg); }
.rec .num, .rec-head .num { text-align: right; font-variant-numeric: tabular-nums; }
.rec .key { font-weight: 600; overflow-wrap: anywhere; }
.rec .src { color: var(--muted); font-size: 13px; overflow-wrap: anywhere; }
.rec.unscored > summary { color: var(--muted); }
.grade-moved { background: var(--grade); border-radius: 4px; padding: 0 4px; }
.rec-body { padding: 4px 8px 14px 2.4em; }
.rec-body table { width: 100%; font-size: 14px; }
.rec-body ul { margin: 4px 0; padding-left: 1.2em; }
body.only-changed .rec.unchanged { display: none; }
footer { color: var(--muted); font-size: 12px; margin-top: 24px; text-align: center; }
@media (max-width: 760px) { .rulesets { grid-template-columns: 1fr; }
  .rec-head { display: none; } .rec > summary { grid-template-columns: 1.4em 1fr 1fr; } }
@media print { body { background: #fff; } section { break-inside: avoid; } .filter { display: none; } }
)CSS";

// Draws svg#delta-chart from script#report-data, then marks the body rendered.
constexpr const char* chart_script = R"JS(
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var svg = document.getElementById('delta-chart');
  var NS = svg.namespaceURI;
  var W = 960, H = 360, L = 64, R = 24, T = 28, B = 72;
  var plotW = W - L - R, plotH = H - T - B;
  function add(parent, name, attrs, text) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    if (text !== undefined) node.textContent = text;
    parent.appendChild(node);
    return node;
  }
  function draw() {
    var bins = data.bins;
    if (!bins.length) {
      add(svg, 'text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', 'class': 'axis-title' },
          '没有在两个规则集下都能评分的记录');
      return;
    }
    var most = 0;
    bins.forEach(function (b) { most = Math.max(most, b.count); });
    var step = 0;
    for (var p = 1; !step; p *= 10) {
      [1, 2, 5].forEach(function (f) { if (!step && most <= f * p * 5) step = f * p; });
    }
    var top = Math.max(step, Math.ceil(most / step) * step);
    var base = T + plotH;
    var grid = add(svg, 'g', { 'class': 'grid' });
    for (var v = 0; v <= top; v += step) {
      var y = base - plotH * v / top;
      add(grid, 'line', { x1: L, x2: W - R, y1: y.toFixed(1), y2: y.toFixed(1) });
      add(grid, 'text', { x: L - 8, y: (y + 4).toFixed(1), 'text-anchor': 'end' }, String(v));
    }
    var slot = plotW / bins.length, gap = Math.min(10, slot * 0.2);
    if (bins.length === 1) gap = slot - 160;  // every change is 0: one bar, not a wall
    var bars = add(svg, 'g', { 'class': 'bars' });
    var ticks = add(svg, 'g', { 'class': 'ticks' });
    bins.forEach(function (b, i) {
      var h = plotH * b.count / top, x = L + i * slot;
      var rect = add(bars, 'rect', {
        'class': 'bar', x: (x + gap / 2).toFixed(1), y: (base - h).toFixed(1),
        width: (slot - gap).toFixed(1), height: h.toFixed(1),
        'data-count': b.count, 'data-kind': b.kind, 'data-lo': b.lo, 'data-hi': b.hi
      });
      add(rect, 'title', {}, (b.kind === 'zero' ? '总分不变' : '总分变化 ' + b.label) + '：' + b.count + ' 条记录');
      if (b.count > 0) {
        add(bars, 'text', { 'class': 'count', x: (x + slot / 2).toFixed(1), y: (base - h - 6).toFixed(1),
                            'text-anchor': 'middle' }, String(b.count));
      }
      var tick = { y: base + 20, 'text-anchor': 'middle' };
      if (b.kind === 'zero') { tick.x = (x + slot / 2).toFixed(1); add(ticks, 'text', tick, '0'); }
      else if (b.kind === 'negative') { tick.x = x.toFixed(1); add(ticks, 'text', tick, b.lo); }
      else { tick.x = (x + slot).toFixed(1); add(ticks, 'text', tick, '+' + b.hi); }
    });
    add(svg, 'line', { 'class': 'axis', x1: L, x2: W - R, y1: base, y2: base });
    add(svg, 'text', { 'class': 'axis-title', x: L + plotW / 2, y: H - 18, 'text-anchor': 'middle' },
        '总分变化（新总分 − 原总分）');
    var mid = (T + plotH / 2).toFixed(1);
    add(svg, 'text', { 'class': 'axis-title', x: 18, y: mid, 'text-anchor': 'middle',
                       transform: 'rotate(-90 18 ' + mid + ')' }, '记录数');
  }
  draw();
  var only = document.getElementById('only-changed');
  if (only) {
    only.addEventListener('change', function () { document.body.classList.toggle('only-changed', only.checked); });
  }
  document.body.dataset.rendered = 'yes';
})();
)JS";

std::string card(const std::string& label, const std::string& value, const std::string& cls = "") {
    return "<div class=\"card\"><div class=\"label\">" + html(label) + "</div><div class=\"value" +
           (cls.empty() ? "" : " " + cls) + "\">" + html(value) + "</div></div>\n";
}

void write_header(std::string& out, const CompareReport& report) {
    const CompareSummary& s = report.summary;
    out += "<header>\n<p class=\"eyebrow\">预算绩效评价 · 规则调整影响</p>\n<h1>评分规则调整影响报告</h1>\n";
    out += "<dl class=\"rulesets\">\n<div><dt>原规则集</dt><dd id=\"old-ruleset\">" +
           ruleset_html(report.old_name, report.old_title) + "</dd></div>\n";
    out += "<div><dt>新规则集</dt><dd id=\"new-ruleset\">" + ruleset_html(report.new_name, report.new_title) +
           "</dd></div>\n</dl>\n</header>\n";

    out += "<p class=\"lede\">共读取 " + std::to_string(s.records) + " 条记录，" + std::to_string(s.compared) +
           " 条在两个规则集下都能评分";
    if (s.bad_records) out += "，" + std::to_string(s.bad_records) + " 条有误";
    out += "。";
    if (s.compared) {
        out += std::to_string(s.changed) + " 条的总分、等级或指标得分有变化，其中 " + std::to_string(s.grade_changed) +
               " 条等级变化";
        std::string moves;
        for (size_t i = 0; i < s.grades.size() && i < s.transitions.size(); ++i)
            for (size_t j = 0; j < s.grades.size() && j < s.transitions[i].size(); ++j)
                if (i != j && s.transitions[i][j])
                    moves += (moves.empty() ? "" : "，") + html(s.grades[i]) + " → " + html(s.grades[j]) + " " +
                             std::to_string(s.transitions[i][j]) + " 条";
        if (!moves.empty()) out += "（" + moves + "）";
        out += "。总分变化从 " + html(signed_total_text(report, s.min_delta)) + " 到 " +
               html(signed_total_text(report, s.max_delta)) + "，平均 " + html(signed_total_text(report, s.mean_delta)) + "。";
    }
    out += "</p>\n";

    out += "<section id=\"summary\">\n<h2>汇总</h2>\n<div class=\"cards\">\n";
    out += card("读取", std::to_string(s.records) + " 条");
    out += card("比较", std::to_string(s.compared) + " 条");
    out += card("有误", std::to_string(s.bad_records) + " 条");
    out += card("有变化", std::to_string(s.changed) + " 条");
    out += card("等级变化", std::to_string(s.grade_changed) + " 条");
    const bool any = s.compared > 0;
    out += card("平均变化", any ? signed_total_text(report, s.mean_delta) : "—", any ? sign_class(s.mean_delta) : "");
    out += card("最小变化", any ? signed_total_text(report, s.min_delta) : "—", any ? sign_class(s.min_delta) : "");
    out += card("最大变化", any ? signed_total_text(report, s.max_delta) : "—", any ? sign_class(s.max_delta) : "");
    out += "</div>\n</section>\n";
}

void write_matrix(std::string& out, const CompareReport& report) {
    const CompareSummary& s = report.summary;
    const size_t n = s.grades.size();
    out += "<section id=\"grades\">\n<h2>等级变化</h2>\n";
    if (n == 0) {
        out += "<p>没有等级。</p>\n</section>\n";
        return;
    }
    out += "<table id=\"transition-matrix\">\n<thead>\n<tr><th rowspan=\"2\" scope=\"col\">原等级</th><th colspan=\"" +
           std::to_string(n) + "\" scope=\"colgroup\">新等级</th><th rowspan=\"2\" scope=\"col\" class=\"total\">合计</th></tr>\n<tr>";
    for (const std::string& g : s.grades) out += "<th scope=\"col\">" + html(g) + "</th>";
    out += "</tr>\n</thead>\n<tbody>\n";
    std::vector<size_t> column_totals(n, 0);
    size_t all = 0;
    for (size_t i = 0; i < n; ++i) {
        out += "<tr><th scope=\"row\">" + html(s.grades[i]) + "</th>";
        size_t row_total = 0;
        for (size_t j = 0; j < n; ++j) {
            const size_t count = i < s.transitions.size() && j < s.transitions[i].size() ? s.transitions[i][j] : 0;
            row_total += count;
            column_totals[j] += count;
            const char* cls = i == j ? " class=\"keep\"" : count ? " class=\"moved\"" : "";
            out += "<td data-old=\"" + html(s.grades[i]) + "\" data-new=\"" + html(s.grades[j]) + "\"" + cls + ">" +
                   std::to_string(count) + "</td>";
        }
        all += row_total;
        out += "<td class=\"total\">" + std::to_string(row_total) + "</td></tr>\n";
    }
    out += "</tbody>\n<tfoot>\n<tr><th scope=\"row\" class=\"total\">合计</th>";
    for (size_t total : column_totals) out += "<td class=\"total\">" + std::to_string(total) + "</td>";
    out += "<td class=\"total\">" + std::to_string(all) + "</td></tr>\n</tfoot>\n</table>\n";
    out += "<p class=\"note\">行是原等级，列是新等级；绿色的对角线是等级不变的记录，橙色是等级变化的记录。只计在两个规则集下都能评分的记录。</p>\n</section>\n";
}

void write_chart(std::string& out, const CompareReport& report) {
    out += "<section id=\"distribution\">\n<h2>总分变化分布</h2>\n";
    out += "<svg id=\"delta-chart\" viewBox=\"0 0 960 360\" role=\"img\" aria-label=\"总分变化分布直方图：" +
           std::to_string(report.summary.compared) + " 条记录\"></svg>\n";
    out += "<p class=\"note\">每根柱子是总分变化落在一段区间内的记录数：灰色是总分不变，橙色是下降，蓝色是上升。"
           "把鼠标放在柱子上可以看到区间和条数。</p>\n</section>\n";
}

void write_edits(std::string& out, const CompareReport& report) {
    out += "<section id=\"edits\">\n<h2>规则改动（" + std::to_string(report.edits.size()) + " 处）</h2>\n";
    if (report.edits.empty()) {
        out += "<p>两个规则集的规则没有差别。</p>\n</section>\n";
        return;
    }
    out += "<ol id=\"rule-edits\">\n";
    for (size_t i = 0; i < report.edits.size(); ++i) {
        const RulesetEdit& e = report.edits[i];
        out += "<li id=\"edit-" + std::to_string(i + 1) + "\"><span class=\"kind\">" + html(reports::edit_kind_label(e.kind)) +
               "</span>" + html(e.message);
        if (!e.old_where.empty() || !e.new_where.empty()) {
            out += "<span class=\"where\">";
            if (!e.old_where.empty()) out += "原 " + html(e.old_where);
            if (!e.old_where.empty() && !e.new_where.empty()) out += "；";
            if (!e.new_where.empty()) out += "新 " + html(e.new_where);
            out += "</span>";
        }
        if (!e.old_text.empty() || !e.new_text.empty()) {
            out += "\n<details><summary class=\"muted\">原文与新文</summary>";
            if (!e.old_text.empty()) out += "<div class=\"muted\">原规则集</div><pre>" + html(e.old_text) + "</pre>";
            if (!e.new_text.empty()) out += "<div class=\"muted\">新规则集</div><pre>" + html(e.new_text) + "</pre>";
            out += "</details>";
        }
        out += "</li>\n";
    }
    out += "</ol>\n</section>\n";
}

std::string grade_html(const RecordComparison& r) {
    if (!(r.old_scored && r.new_scored)) return html(r.old_scored ? r.old_grade : r.new_grade);
    if (r.old_grade == r.new_grade) return html(r.new_grade);
    return "<span class=\"grade-moved\">" + html(r.old_grade) + " → " + html(r.new_grade) + "</span>";
}

void write_most_moved(std::string& out, const CompareReport& report) {
    const CompareSummary& s = report.summary;
    if (s.most_moved.empty()) return;
    out += "<section id=\"most-moved\">\n<h2>变化最大的记录</h2>\n<table>\n<thead><tr><th>主键</th><th>来源</th>"
           "<th>原总分</th><th>新总分</th><th>变化</th><th>等级</th></tr></thead>\n<tbody>\n";
    for (size_t index : s.most_moved) {
        if (index >= report.records.size()) continue;
        const RecordComparison& r = report.records[index];
        out += "<tr><td><a href=\"#record-" + std::to_string(index + 1) + "\">" + html(r.key) + "</a></td><td>" + html(r.source) +
               " 第 " + std::to_string(r.row) + " 行</td><td class=\"num\">" + html(total_text(report, r.old_total)) +
               "</td><td class=\"num\">" + html(total_text(report, r.new_total)) + "</td><td class=\"num " + sign_class(r.delta) +
               "\">" + html(signed_total_text(report, r.delta)) + "</td><td>" + grade_html(r) + "</td></tr>\n";
    }
    out += "</tbody>\n</table>\n</section>\n";
}

void write_record(std::string& out, const CompareReport& report, size_t index) {
    const RecordComparison& r = report.records[index];
    const bool both = r.old_scored && r.new_scored;
    std::string cls = "rec";
    if (!both) cls += " unscored";
    if (!r.changed()) cls += " unchanged";
    out += "<details class=\"" + cls + "\" id=\"record-" + std::to_string(index + 1) + "\"><summary>";
    out += "<span class=\"toggle\">▸</span><span class=\"num muted\">" + std::to_string(index + 1) + "</span>";
    out += "<span class=\"key\">" + html(r.key) + "</span>";
    out += "<span class=\"src\">" + html(r.source) + " 第 " + std::to_string(r.row) + " 行</span>";
    out += "<span class=\"num\">" + (r.old_scored ? html(total_text(report, r.old_total)) : "—") + "</span>";
    out += "<span class=\"num\">" + (r.new_scored ? html(total_text(report, r.new_total)) : "—") + "</span>";
    if (both) out += "<span class=\"num " + sign_class(r.delta) + "\">" + html(signed_total_text(report, r.delta)) + "</span>";
    else out += "<span class=\"num\">未比较</span>";
    out += "<span>" + grade_html(r) + "</span>";
    out += "<span class=\"num\">" + (r.changes.empty() ? std::string("—") : std::to_string(r.changes.size()) + " 项") +
           "</span></summary>\n<div class=\"rec-body\">";
    if (!both) {
        out += "<p>这条记录没有参与比较：</p><ul class=\"problems\">";
        for (const std::string& p : reports::record_problems(r)) out += "<li>" + html(p) + "</li>";
        out += "</ul>";
    } else if (r.changes.empty()) {
        out += "<p class=\"muted\">各指标得分都没有变化。</p>";
    } else {
        out += "\n<table class=\"changes\">\n<thead><tr><th>指标</th><th>原得分</th><th>新得分</th><th>变化</th><th>原因</th>"
               "<th>相关改动</th></tr></thead>\n<tbody>\n";
        for (const IndicatorChange& c : r.changes) {
            out += "<tr><td>" + html(c.path.empty() ? c.name : c.path) + "</td><td class=\"num\">" + html(reports::score_text(c.old_score)) +
                   "</td><td class=\"num\">" + html(reports::score_text(c.new_score)) + "</td><td class=\"num " + sign_class(c.delta) +
                   "\">" + html(signed_text(c.delta)) + "</td><td>" + html(c.reason) + "</td><td>";
            if (!c.edits.empty()) {
                out += "<ul>";
                for (size_t e : c.edits) {
                    out += "<li><a href=\"#edit-" + std::to_string(e + 1) + "\">[" + std::to_string(e + 1) + "]</a>";
                    if (e < report.edits.size()) out += " " + html(report.edits[e].message);
                    out += "</li>";
                }
                out += "</ul>";
            }
            out += "</td></tr>\n";
        }
        out += "</tbody>\n</table>\n";
    }
    out += "</div></details>\n";
}

void write_records(std::string& out, const CompareReport& report) {
    out += "<section id=\"records\">\n<h2>逐条记录（" + std::to_string(report.records.size()) + " 条）</h2>\n";
    if (report.records.empty()) {
        out += "<p>没有记录。</p>\n</section>\n";
        return;
    }
    out += "<label class=\"filter\"><input type=\"checkbox\" id=\"only-changed\"> 只看有变化的记录</label>\n";
    out += "<p class=\"note\">按总分变化从大到小排列；点击一行展开变化的指标、原因和相关的规则改动。</p>\n";
    out += "<div class=\"rec-head\"><span></span><span class=\"num\">序号</span><span>主键</span><span>来源</span>"
           "<span class=\"num\">原总分</span><span class=\"num\">新总分</span><span class=\"num\">变化</span><span>等级</span>"
           "<span class=\"num\">变化指标</span></div>\n";
    for (size_t i = 0; i < report.records.size(); ++i) write_record(out, report, i);
    out += "</section>\n";
}

void write_problems(std::string& out, const CompareReport& report) {
    if (report.problems.empty()) return;
    out += "<section id=\"problems\">\n<details><summary><h2 style=\"display:inline\">有误的记录（" +
           std::to_string(report.problems.size()) + " 处）</h2></summary>\n<ul>\n";
    for (const ReadProblem& p : report.problems) {
        out += "<li><span class=\"muted\">" + html(p.path) + "</span> " + html(p.message) + "</li>\n";
    }
    out += "</ul>\n</details>\n</section>\n";
}

void write_data(std::string& out, const CompareReport& report) {
    const CompareSummary& s = report.summary;
    out += "<script type=\"application/json\" id=\"report-data\">\n{\"old\": {\"name\": " + json(report.old_name) +
           ", \"title\": " + json(report.old_title) + "},\n \"new\": {\"name\": " + json(report.new_name) +
           ", \"title\": " + json(report.new_title) + "},\n \"records\": " + std::to_string(s.records) +
           ", \"compared\": " + std::to_string(s.compared) + ",\n \"grades\": [";
    for (size_t i = 0; i < s.grades.size(); ++i) out += (i ? ", " : "") + json(s.grades[i]);
    out += "],\n \"transitions\": [";
    for (size_t i = 0; i < s.transitions.size(); ++i) {
        out += i ? ", [" : "[";
        for (size_t j = 0; j < s.transitions[i].size(); ++j) out += (j ? ", " : "") + std::to_string(s.transitions[i][j]);
        out += "]";
    }
    out += "],\n \"deltas\": [";
    bool first = true;
    for (const RecordComparison& r : report.records) {
        if (!(r.old_scored && r.new_scored)) continue;
        out += (first ? "" : ", ") + json(r.delta.to_string());
        first = false;
    }
    out += "],\n \"bins\": [";
    const auto bins = reports::delta_histogram(report);
    for (size_t i = 0; i < bins.size(); ++i) {
        const auto& b = bins[i];
        out += std::string(i ? ",\n  " : "\n  ") + "{\"kind\": \"" + kind_name(b.kind) + "\", \"lo\": " + json(b.lo.to_string()) +
               ", \"hi\": " + json(b.hi.to_string()) + ", \"count\": " + std::to_string(b.count) + ", \"label\": " + json(b.label) + "}";
    }
    out += "]}\n</script>\n";
}

}  // namespace

std::string format_compare_html(const CompareReport& report) {
    std::string out;
    out.reserve(16384 + report.records.size() * 600);
    out += "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           "<meta name=\"generator\" content=\"rubric compare\">\n";
    out += "<title>评分规则调整影响报告：" + html(report.old_name) + " → " + html(report.new_name) + "</title>\n";
    out += std::string("<style>") + style_sheet + "</style>\n</head>\n<body>\n<main>\n";
    write_header(out, report);
    write_matrix(out, report);
    write_chart(out, report);
    write_edits(out, report);
    write_most_moved(out, report);
    write_records(out, report);
    write_problems(out, report);
    out += "<footer>由 rubric compare 生成。分数按精确十进制计算；本页不需要网络。</footer>\n</main>\n";
    write_data(out, report);
    out += std::string("<script>") + chart_script + "</script>\n</body>\n</html>\n";
    return out;
}

}  // namespace rubric
