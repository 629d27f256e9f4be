#!/usr/bin/env python3
"""Writes the seed corpora tests/fuzz/corpus/<target>/ from the repository's
own inputs (standard library only; run from anywhere):

    python3 tests/fuzz/make_seeds.py [RUBRIC_BINARY]

  fuzz_compile   rulesets/*.rubric, stdlib/**/*.rubric, tests/diagnostics/*.rubric,
                 the ```rubric blocks of docs/*.md
  fuzz_csv       examples/**/*.csv (long files cut to 12 lines), rulesets/*.cases*.csv,
                 and GB18030, BOM, CRLF, UTF-16 and broken variants
  fuzz_json      the same records as JSON arrays, single objects and JSON Lines
  fuzz_xlsx      workbooks written like tests/cli/make_xlsx.py (and one with shared
                 strings, styles, several sheets, error and formula cells), each both
                 as the .xlsx bytes and as the "=== PART" text fuzz_xlsx.cpp zips
  fuzz_evaluate  each shipped ruleset's published record and cases, columns put in
                 the ruleset's input order (read from `rubric show`, hence the
                 binary: default build/cli/rubric), with its 明细 rows
  fuzz_hook      rulesets/hooks/*.lua, tests/hooks/fixtures/*.lua, the ```lua
                 blocks of docs/hooks.md, and small scripts using each library

Existing seeds of these names are overwritten; other files are left alone.
"""
import csv
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "fuzz" / "corpus"


def put(target, name, data):
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    (folder / name).write_bytes(data)


def code_blocks(path, language):
    text = path.read_text(encoding="utf-8")
    return re.findall(r"```" + language + r"\n(.*?)```", text, re.S)


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def to_csv(rows):
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


# ---------------------------------------------------------------- fuzz_compile

def compile_seeds():
    for path in sorted((ROOT / "rulesets").glob("*.rubric")):
        put("fuzz_compile", "ruleset-" + path.stem + ".rubric", path.read_bytes())
    for n, path in enumerate(sorted((ROOT / "stdlib").rglob("*.rubric"))):
        put("fuzz_compile", "stdlib-%02d.rubric" % n, path.read_bytes())
    for path in sorted((ROOT / "tests" / "diagnostics").glob("*.rubric")):
        put("fuzz_compile", "diag-" + path.stem + ".rubric", path.read_bytes())
    for doc in sorted((ROOT / "docs").glob("*.md")):
        for n, block in enumerate(code_blocks(doc, "rubric")):
            put("fuzz_compile", "doc-%s-%02d.rubric" % (doc.stem, n), block)


# ---------------------------------------------------------------- data files

def data_files():
    files = sorted((ROOT / "examples").rglob("*.csv")) + sorted((ROOT / "rulesets").glob("*.cases*.csv"))
    return [(p.relative_to(ROOT).as_posix().replace("/", "-").removesuffix(".csv"), read_csv(p)) for p in files]


def csv_seeds():
    for name, rows in data_files():
        rows = rows[:12]
        text = to_csv(rows)
        put("fuzz_csv", name + ".csv", text)
    name, rows = data_files()[0]
    text = to_csv(rows[:6])
    put("fuzz_csv", "variant-gb18030.csv", text.encode("gb18030"))
    put("fuzz_csv", "variant-bom.csv", b"\xef\xbb\xbf" + text.encode())
    put("fuzz_csv", "variant-crlf.csv", text.replace("\n", "\r\n"))
    put("fuzz_csv", "variant-cr.csv", text.replace("\n", "\r"))
    put("fuzz_csv", "variant-utf16.csv", text.encode("utf-16"))
    put("fuzz_csv", "variant-mixed.csv", text.encode() + "乙局,１２，３４\n".encode("gb18030"))
    put("fuzz_csv", "variant-quotes.csv", '单位,说明,金额\n"甲局","第一行\n第二行",  12.5 \n"乙""局",x"y",\n,,\n"丙局,3\n')
    put("fuzz_csv", "variant-shapes.csv", "a,,a\n1,2,3,4\n1\n\u3000 2\u3000,3,\n")
    put("fuzz_csv", "variant-header-only.csv", "单位,金额\n")


def json_seeds():
    for name, rows in data_files():
        if not rows:
            continue
        header, records = rows[0], rows[1:6]
        objects = [{k: v for k, v in zip(header, r) if k} for r in records]
        put("fuzz_json", name + ".json", json.dumps(objects, ensure_ascii=False, indent=1))
    header, records = data_files()[0][1][0], data_files()[0][1][1:4]
    objects = [dict(zip(header, r)) for r in records]
    put("fuzz_json", "shape-object.json", json.dumps(objects[0], ensure_ascii=False))
    put("fuzz_json", "shape-lines.json", "\n".join(json.dumps(o, ensure_ascii=False) for o in objects) + "\n\n{bad\n")
    put("fuzz_json", "shape-gb18030.json", json.dumps(objects[:1], ensure_ascii=False).encode("gb18030"))
    put("fuzz_json", "shape-values.json",
        '[{"a": 84153.30, "b": 1e3, "c": -0, "d": true, "e": null, "f": [1], "g": {"x": 1}, "": 2, "a": 3},'
        ' 5, {"h": 12345678901234567890123, "i": "\\u4e2d\\ud83d\\ude00"}]')


# ---------------------------------------------------------------- fuzz_xlsx

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def column(n):
    name, n = "", n + 1
    while n:
        n, r = divmod(n - 1, 26)
        name = chr(65 + r) + name
    return name


def esc(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def package(sheets, shared=None, styles=None):
    """sheets: [(name, sheet xml, state)] -> [(part name, text)]"""
    parts = [("_rels/.rels",
              f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">'
              f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')]
    workbook = f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
    rels = f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">'
    for i, (name, xml, state) in enumerate(sheets, start=1):
        workbook += f'<sheet name="{esc(name)}" sheetId="{i}" r:id="rId{i}"' + (f' state="{state}"' if state else "") + "/>"
        rels += f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        parts.append((f"xl/worksheets/sheet{i}.xml", xml))
    if shared:
        rels += f'<Relationship Id="rS" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
        parts.append(("xl/sharedStrings.xml", shared))
    if styles:
        rels += f'<Relationship Id="rT" Type="{REL}/styles" Target="/xl/styles.xml"/>'
        parts.append(("xl/styles.xml", styles))
    parts.append(("xl/workbook.xml", workbook + "</sheets></workbook>"))
    parts.append(("xl/_rels/workbook.xml.rels", rels + "</Relationships>"))
    return parts


def sheet(rows):
    cells = []
    for r, row in enumerate(rows, start=1):
        cs = "".join(f'<c r="{column(c)}{r}" t="inlineStr"><is><t xml:space="preserve">{esc(v)}</t></is></c>'
                     for c, v in enumerate(row) if v != "")
        cells.append(f'<row r="{r}">{cs}</row>')
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>{"".join(cells)}</sheetData></worksheet>'


def put_workbook(name, parts):
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as z:
        for part, text in parts:
            z.writestr(part, text)
    put("fuzz_xlsx", name + ".xlsx", data.getvalue())
    put("fuzz_xlsx", name + ".parts", "".join(f"=== {part}\n{text}\n" for part, text in parts))


def xlsx_seeds():
    for name, rows in data_files()[:4]:
        put_workbook(name, package([("Sheet1", sheet(rows[:6]), "")]))
    shared = (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="4" uniqueCount="4">'
              '<si><t>单位</t></si><si><t>满意度</t></si><si><r><t>甲</t></r><r><rPr><b/></rPr><t>局</t></r>'
              '<rPh sb="0" eb="1"><t>きょく</t></rPh></si><si><t>第一行_x000D_\n第二行</t></si></sst>')
    styles = (f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN}"><numFmts count="2">'
              '<numFmt numFmtId="164" formatCode="0.00&quot; 分&quot;"/><numFmt numFmtId="165" formatCode="0.0%"/>'
              '</numFmts><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/>'
              '<xf numFmtId="10"/></cellXfs></styleSheet>')
    data = ('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>金额</t></is></c>'
            '<c r="D1" t="str"><v>备注</v></c></row>'
            '<row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3" s="2"><v>0.195</v></c><c r="C3" s="1"><v>84153.3</v></c>'
            '<c r="D3" t="b"><v>1</v></c></row>'
            '<row r="4"><c r="A4" t="s"><v>3</v></c><c r="B4" s="3"><f>1/0</f><v>0.5</v></c>'
            '<c r="C4" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="F4"><v>7</v></c></row>'
            '<row r="5"><c r="A5" t="inlineStr"><is><t> 乙局\u3000</t></is></c><c r="B5"><v>1E-3</v></c><c r="C5"><v>45292</v></c></row>')
    hidden = sheet([["隐藏"], ["1"]])
    put_workbook("features", package([("隐藏", hidden, "hidden"), ("Sheet1", f'<worksheet xmlns="{MAIN}"><sheetData>{data}</sheetData></worksheet>', ""),
                                      ("第二", sheet([["x", "y"], ["1", "2"]]), "")], shared, styles))


# ---------------------------------------------------------------- fuzz_evaluate

def input_order(binary, ruleset):
    shown = subprocess.run([binary, "show", str(ruleset)], cwd=ROOT, check=True, capture_output=True, text=True).stdout
    inputs = re.findall(r"^输入 (\S+?)：", shown, re.M)
    detail = re.search(r"^明细 \S+ \{(.*?)^\}", shown, re.M | re.S)
    fields = re.findall(r"^\s+(\S+?)：", detail.group(1), re.M) if detail else []
    unquote = lambda n: n.strip("“”「」\"")
    return [unquote(n) for n in inputs], [unquote(n) for n in fields]


def reorder(rows, order):
    header = rows[0]
    index = {name: k for k, name in enumerate(header)}
    return [[r[index[n]] if n in index and index[n] < len(r) else "" for n in order] for r in rows[1:]]


def evaluate_seeds(binary):
    examples = ROOT / "examples"
    data = {
        "longhua-2021": [examples / "longhua-2021-published.csv", examples / "past" / "longhua-2019.csv"],
        "longhua-2022-draft": [examples / "past" / "longhua-2021.csv"],
        "pingshan-2020": [examples / "pingshan-2020-published.csv"],
        "pingshan-2021-project": [examples / "pingshan-2021-project-published.csv"],
        "project-self-evaluation": [examples / "projects" / "projects.csv"],
    }
    row_files = {
        "pingshan-2021-project": [examples / "pingshan-2021-project-indicators.csv"],
        "project-self-evaluation": sorted(p for p in (examples / "projects").glob("*.csv") if p.name != "projects.csv"),
    }
    for ruleset in sorted((ROOT / "rulesets").glob("*.rubric")):
        name = ruleset.stem
        inputs, fields = input_order(binary, ruleset)
        key = inputs[0] if inputs else ""
        details = []
        for path in row_files.get(name, []):
            rows = read_csv(path)
            details += reorder(rows, [rows[0][0]] + fields)
        sources = data.get(name, []) + sorted((ROOT / "rulesets").glob(name + ".cases.csv"))
        for n, path in enumerate(sources):
            records = reorder(read_csv(path), inputs)[:8]
            text = name + "\n" + to_csv(records)
            if fields:
                case_rows = sorted((ROOT / "rulesets").glob(name + ".cases.rows.csv"))
                extra = []
                for p in case_rows:
                    rows = read_csv(p)
                    extra += reorder(rows, [rows[0][0]] + fields)
                text += "=== 明细\n" + to_csv(details + extra)
            put("fuzz_evaluate", "%s-%d.txt" % (name, n), text)


# ---------------------------------------------------------------- fuzz_hook

HOOKS = {
    "basic.lua": 'function f(args)\n  return args["预算数"] * args["系数"], "ok"\nend\n',
    "rows.lua": ('function f(args)\n  local total = decimal(0)\n  for i, row in ipairs(args["明细"]) do\n'
                 '    if row["已完成"] then total = total + row["金额"] end\n  end\n'
                 '  return {["合计"] = total, ["行数"] = decimal(#args["明细"])}, string.format("%d 行", #args["明细"])\nend\n'),
    "strings.lua": ('function f(args)\n  local s = args["单位"]\n  local n = 0\n'
                    '  for w in s:gmatch("[\\128-\\255]+") do n = n + #w end\n'
                    '  local t = s:gsub("局", "处"):upper():rep(2, ","):sub(2, -2)\n'
                    '  return decimal(n), utf8.len(t) .. ("%5.2f|%q|%s"):format(1.5, "a\\n", s:find("工业", 1, true))\nend\n'),
    "tables.lua": ('function f(args)\n  local t = {}\n  for i = 1, 50 do t[#t + 1] = (i * 37) % 11 end\n'
                   '  table.sort(t, function(a, b) return a > b end)\n  table.insert(t, 1, 99); table.remove(t)\n'
                   '  local keys = {}\n  for k, v in pairs({b = 1, a = 2, [3] = 4}) do keys[#keys + 1] = tostring(k) end\n'
                   '  return decimal(t[1]), table.concat(keys, ",") .. table.concat(table.move(t, 1, 3, 1, {}), " ")\nend\n'),
    "errors.lua": ('function f(args)\n  local ok, e = pcall(error, {code = 1})\n  local ok2, e2 = pcall(function() return nil + 1 end)\n'
                   '  setmetatable({}, {__index = function() return 1 end})\n'
                   '  if args["空"] == nil then error("缺少「空」：" .. tostring(e2)) end\nend\n'),
    "decimal.lua": ('local ONE = decimal("1")\nfunction f(args)\n  local r = (args["执行数"] / args["预算数"]):round(4)\n'
                    '  if r > ONE then r = ONE end\n  return r * decimal("100") - decimal(-0.5) + 3, tostring(r) .. " " .. math.floor(2.5)\nend\n'),
    "loop.lua": 'function f(args)\n  local x = 0\n  while true do x = x + 1 end\nend\n',
    "memory.lua": 'function f(args)\n  local t = {}\n  for i = 1, 1e7 do t[i] = string.rep("x", 100) .. i end\n  return decimal(#t)\nend\n',
    "pattern.lua": 'function f(args)\n  return decimal(#string.rep("a", 3000):match(("a?"):rep(30) .. ("a"):rep(30)) or 0)\nend\n',
    "chinese-name.lua": '_ENV["得分"] = function(args)\n  return {["得分"] = decimal(5), ["执行率"] = decimal("0.95")}\nend\n',
    "top-level-error.lua": 'local x = nil\nx.y = 1\n',
    "syntax-error.lua": 'function f(args)\n  return (\nend\n',
}


def hook_seeds():
    for path in sorted((ROOT / "rulesets" / "hooks").glob("*.lua")) + sorted((ROOT / "tests" / "hooks" / "fixtures").glob("*.lua")):
        put("fuzz_hook", path.name, path.read_bytes())
    for n, block in enumerate(code_blocks(ROOT / "docs" / "hooks.md", "lua")):
        put("fuzz_hook", "doc-hooks-%02d.lua" % n, block)
    for name, text in HOOKS.items():
        put("fuzz_hook", name, text)


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "build" / "cli" / "rubric")
    if not os.access(binary, os.X_OK):
        sys.exit(f"make_seeds.py: {binary} is not an executable rubric (build it, or name it as the argument)")
    compile_seeds()
    csv_seeds()
    json_seeds()
    xlsx_seeds()
    evaluate_seeds(binary)
    hook_seeds()


if __name__ == "__main__":
    main()
