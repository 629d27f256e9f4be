#!/usr/bin/env python3
"""Reads back the workbook that reports_tests writes for the fixture report
(tests/reports/fixture.hpp) with the standard library only (zipfile and
xml.etree), and checks what Excel would show: sheet names, Chinese headers,
numeric cells and their number formats, highlighted changes, the grade
transition matrix, and the frozen header rows.

usage: check_xlsx.py PATH/compare.xlsx     (exit 0 = pass, 1 = fail)
"""
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
}
R_ID = "{%s}id" % NS["r"]

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
    return condition


def col_index(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


class Workbook:
    def __init__(self, path):
        self.zip = zipfile.ZipFile(path)
        self.shared = self._shared_strings()
        self.styles = self._styles()
        self.sheets = self._sheet_paths()

    def xml(self, name):
        return ET.fromstring(self.zip.read(name))

    def _shared_strings(self):
        if "xl/sharedStrings.xml" not in self.zip.namelist():
            return []
        root = self.xml("xl/sharedStrings.xml")
        return ["".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])) for si in root.findall("m:si", NS)]

    def _sheet_paths(self):
        """Sheet name -> part name, through xl/workbook.xml and its relationships."""
        rels = self.xml("xl/_rels/workbook.xml.rels")
        targets = {}
        for rel in rels.findall("pr:Relationship", NS):
            target = rel.get("Target")
            targets[rel.get("Id")] = target.lstrip("/") if target.startswith("/") else "xl/" + target
        workbook = self.xml("xl/workbook.xml")
        return [(s.get("name"), targets[s.get(R_ID)]) for s in workbook.find("m:sheets", NS)]

    def _styles(self):
        root = self.xml("xl/styles.xml")
        formats = {int(f.get("numFmtId")): f.get("formatCode") for f in root.iterfind("m:numFmts/m:numFmt", NS)}
        fills = []
        for fill in root.iterfind("m:fills/m:fill", NS):
            pattern = fill.find("m:patternFill", NS)
            kind = pattern.get("patternType") if pattern is not None else None
            colour = pattern.find("m:fgColor", NS) if pattern is not None else None
            fills.append((kind, colour.get("rgb") if colour is not None else None))
        xfs = []
        for xf in root.iterfind("m:cellXfs/m:xf", NS):
            num = int(xf.get("numFmtId", "0"))
            xfs.append({"format": formats.get(num, "General" if num == 0 else str(num)), "fill": fills[int(xf.get("fillId", "0"))]})
        return xfs

    def sheet(self, name):
        part = dict(self.sheets)[name]
        root = self.xml(part)
        cells = {}
        for c in root.iterfind("m:sheetData/m:row/m:c", NS):
            ref, kind, style = c.get("r"), c.get("t", "n"), int(c.get("s", "0"))
            v = c.find("m:v", NS)
            if kind == "s":
                value = self.shared[int(v.text)]
            elif kind == "inlineStr":
                value = "".join(t.text or "" for t in c.iter("{%s}t" % NS["m"]))
            elif kind == "str":
                value = v.text if v is not None else ""
            elif v is None:
                value = None  # a blank, formatted cell
            else:
                value = float(v.text)
            cells[ref] = {"value": value, "kind": kind, "style": self.styles[style]}
        return Sheet(name, root, cells)


class Sheet:
    def __init__(self, name, root, cells):
        self.name, self.root, self.cells = name, root, cells

    def value(self, ref):
        cell = self.cells.get(ref)
        return cell["value"] if cell else None

    def row(self, number):
        found = {col_index(ref): c["value"] for ref, c in self.cells.items() if re.fullmatch(r"[A-Z]+%d" % number, ref)}
        return [found.get(i) for i in range(max(found) + 1)] if found else []

    def find(self, text):
        for ref, c in self.cells.items():
            if c["value"] == text:
                return ref
        return None

    def frozen_rows(self):
        pane = self.root.find("m:sheetViews/m:sheetView/m:pane", NS)
        if pane is None or pane.get("state") != "frozen":
            return 0
        return int(float(pane.get("ySplit", "0")))

    def merged(self):
        return [m.get("ref") for m in self.root.iterfind("m:mergeCells/m:mergeCell", NS)]

    def widths(self):
        out = {}
        for col in self.root.iterfind("m:cols/m:col", NS):
            for i in range(int(col.get("min")), int(col.get("max")) + 1):
                out[i - 1] = float(col.get("width"))
        return out


def number(sheet, ref, expected, fmt=None):
    cell = sheet.cells.get(ref)
    if not check(cell is not None, "%s!%s is empty, expected %r" % (sheet.name, ref, expected)):
        return
    check(cell["kind"] == "n" and isinstance(cell["value"], float),
          "%s!%s is not a number: %r" % (sheet.name, ref, cell["value"]))
    check(cell["value"] == expected, "%s!%s = %r, expected %r" % (sheet.name, ref, cell["value"], expected))
    if fmt is not None:
        check(cell["style"]["format"] == fmt, "%s!%s has format %r, expected %r" % (sheet.name, ref, cell["style"]["format"], fmt))


def filled(sheet, ref):
    cell = sheet.cells.get(ref)
    return cell is not None and cell["style"]["fill"][0] == "solid"


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    book = Workbook(sys.argv[1])
    names = [name for name, _ in book.sheets]
    check(names == ["汇总", "逐条记录", "指标变化"], "sheet names %r" % names)

    # 逐条记录: one row per record, in the report's order.
    records = book.sheet("逐条记录")
    check(records.row(1) == ["来源文件", "行", "主键", "原总分", "新总分", "变化", "原等级", "新等级", "变化的指标", "原因"],
          "逐条记录 headers %r" % records.row(1))
    check(records.frozen_rows() == 1, "逐条记录: header row not frozen")
    check([records.value("C%d" % r) for r in range(2, 7)] == ["区财政局", "区教育局", "测试<&>单位", "区水务局", "区卫健局"],
          "逐条记录 keys %r" % [records.value("C%d" % r) for r in range(2, 7)])
    check(records.value("A2") == "examples/past/longhua-2021.csv", "逐条记录!A2 = %r" % records.value("A2"))
    number(records, "B2", 3.0)
    number(records, "D2", 91.5, "0.00")
    number(records, "E2", 89.0, "0.00")
    number(records, "F2", -2.5, "+0.00;-0.00;0.00")
    number(records, "F3", 1.5, "+0.00;-0.00;0.00")
    number(records, "F5", 0.0, "+0.00;-0.00;0.00")
    check(filled(records, "F2") and filled(records, "F3") and filled(records, "F4"), "changed totals not highlighted")
    check(not filled(records, "F5"), "an unchanged total is highlighted")
    check(records.value("G2") == "优" and records.value("H2") == "良", "grades of row 2: %r" % records.row(2)[6:8])
    check(filled(records, "G2") and filled(records, "H2"), "a changed grade is not highlighted")
    check(not filled(records, "G3") and not filled(records, "H3"), "an unchanged grade is highlighted")
    check(records.value("I2") == "固定资产利用率、预算执行率", "逐条记录!I2 = %r" % records.value("I2"))
    check("固定资产利用率 = 78.0%" in (records.value("J2") or ""), "逐条记录!J2 = %r" % records.value("J2"))
    check(records.value("D6") is None and records.value("F6") is None, "an unscored record has totals")
    check("缺少列「公用经费决算数」" in (records.value("J6") or ""), "逐条记录!J6 = %r" % records.value("J6"))
    widths = records.widths()
    check(widths.get(2, 0) >= 12 and widths.get(9, 0) >= 40, "逐条记录 column widths %r" % widths)

    # 指标变化: one row per record × changed indicator.
    changes = book.sheet("指标变化")
    check(changes.row(1) == ["主键", "指标路径", "原得分", "新得分", "变化", "原因", "相关改动"], "指标变化 headers %r" % changes.row(1))
    check(changes.frozen_rows() == 1, "指标变化: header row not frozen")
    check([changes.value("A%d" % r) for r in range(2, 6)] == ["区财政局", "区财政局", "区教育局", "测试<&>单位"],
          "指标变化 keys %r" % [changes.value("A%d" % r) for r in range(2, 7)])
    check(changes.value("A6") is None, "指标变化 has more than 4 rows")
    check(changes.value("B2") == "部门管理 / 资产管理 / 固定资产利用率", "指标变化!B2 = %r" % changes.value("B2"))
    number(changes, "C2", 3.0, "0.00")
    number(changes, "D2", 1.0, "0.00")
    number(changes, "E2", -2.0, "+0.00;-0.00;0.00")
    number(changes, "E3", -0.5, "+0.00;-0.00;0.00")
    check(filled(changes, "E2"), "指标变化!E2 not highlighted")
    check(changes.value("C5") == "（无）", "an added indicator's old score: %r" % changes.value("C5"))
    number(changes, "D5", 0.75)
    check((changes.value("G2") or "").startswith("[1] 分档「固定资产利用率」"), "指标变化!G2 = %r" % changes.value("G2"))
    check((changes.value("G5") or "").startswith("[3] 新增指标"), "指标变化!G5 = %r" % changes.value("G5"))

    # 汇总: the rulesets, the counts, the changes of the total, the matrix, the edits.
    summary = book.sheet("汇总")
    ref = summary.find("原规则集")
    if check(ref is not None, "汇总: no 原规则集 row"):
        r = int(ref[1:])
        check(summary.row(r)[:3] == ["原规则集", "龙华/2021", "龙华区 2021 年度部门整体支出绩效自评表"], "汇总 row %r" % summary.row(r))
        check(summary.row(r + 1)[:3] == ["新规则集", "rulesets/longhua-2022-draft.rubric", "龙华区 2022 年度部门整体支出绩效自评表（征求意见稿）"],
              "汇总 row %r" % summary.row(r + 1))
    for label, expected in [("读取", 5.0), ("比较", 4.0), ("有误", 1.0), ("变化", 3.0), ("等级变化", 1.0)]:
        ref = summary.find(label)
        if check(ref is not None and ref.startswith("A"), "汇总: no %s row" % label):
            number(summary, "B" + ref[1:], expected)
    for label, expected in [("平均", -0.06), ("最小", -2.5), ("最大", 1.5)]:
        ref = summary.find(label)
        if check(ref is not None and ref.startswith("A"), "汇总: no %s row" % label):
            number(summary, "B" + ref[1:], expected, "+0.00;-0.00;0.00")
    ref = summary.find("原等级")
    if check(ref is not None and ref.startswith("A"), "汇总: no 原等级 cell"):
        r = int(ref[1:])
        check(summary.value("B%d" % (r - 1)) == "新等级", "汇总: 新等级 is not above the grades")
        check("B%d:E%d" % (r - 1, r - 1) in summary.merged(), "汇总: 新等级 not merged over the grades: %r" % summary.merged())
        check(summary.row(r) == ["原等级", "优", "良", "中", "差", "合计"], "汇总 matrix header %r" % summary.row(r))
        expected = {"优": [1, 1, 0, 0], "良": [0, 1, 0, 0], "中": [0, 0, 1, 0], "差": [0, 0, 0, 0]}
        for i, grade in enumerate(["优", "良", "中", "差"]):
            row = summary.row(r + 1 + i)
            check(row[:1] == [grade] and row[1:5] == [float(n) for n in expected[grade]] and row[5] == float(sum(expected[grade])),
                  "汇总 matrix row %s: %r" % (grade, row))
        check(summary.row(r + 5)[:6] == ["合计", 1.0, 2.0, 1.0, 0.0, 4.0], "汇总 matrix totals %r" % summary.row(r + 5))
        check(filled(summary, "C%d" % (r + 1)), "the 优 → 良 cell is not highlighted")
    ref = summary.find("规则改动（3 处）")
    if check(ref is not None, "汇总: no 规则改动 section"):
        r = int(ref[1:])
        check(summary.row(r + 1) == ["序号", "类型", "改动", "原位置", "新位置"], "汇总 edits header %r" % summary.row(r + 1))
        check(summary.row(r + 2)[:3] == [1.0, "分档", "分档「固定资产利用率」：「90% > x ≥ 75%：2」改为「90% > x ≥ 80%：2」"],
              "汇总 first edit %r" % summary.row(r + 2))
        check(summary.row(r + 4)[:3] == [3.0, "新增指标", "新增指标「部门管理 / 信息公开 / 信息公开及时性」（2 分）"],
              "汇总 third edit %r" % summary.row(r + 4))

    if failures:
        for f in failures:
            print("FAIL:", f)
        return 1
    print("OK: %s — 3 sheets, headers, numbers, formats, highlights, matrix and frozen panes as expected" % sys.argv[1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
