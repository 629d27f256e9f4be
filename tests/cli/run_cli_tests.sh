#!/usr/bin/env bash
# Drives the rubric command as a user would and checks what it prints,
# writes and returns. Usage: run_cli_tests.sh PATH/TO/rubric REPO_ROOT
set -u
rubric=$1
root=$2
cd "$root" || exit 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok: $1"; }
fail() { failed=$((failed + 1)); echo "FAILED: $1"; }
expect_eq() { # name expected actual
  if [ "$2" == "$3" ]; then pass "$1"; else fail "$1"; echo "  expected: $2"; echo "  actual:   $3"; fi
}
expect_contains() { # name haystack needle
  if grep -qF -- "$3" <<<"$2"; then pass "$1"; else fail "$1"; echo "  missing: $3"; echo "$2" | head -20; fi
}

ruleset=rulesets/longhua-2021.rubric
published=examples/longhua-2021-published.csv

# --- check
out=$("$rubric" check "$ruleset" 2>&1); status=$?
expect_eq "check of the Longhua ruleset exits 0" 0 "$status"
expect_contains "check reports the ruleset's size" "$out" "没有错误。52 个输入，10 条约束，21 个三级指标。"

# --- eval, every format
"$rubric" eval "$ruleset" "$published" --format csv >"$work/out.csv" 2>"$work/err.txt"; status=$?
expect_eq "eval of the published record exits 0" 0 "$status"
if cmp -s "$work/out.csv" tests/cli/expected/longhua-published.csv; then pass "eval CSV matches the published sheet"; else fail "eval CSV matches the published sheet"; diff "$work/out.csv" tests/cli/expected/longhua-published.csv | head; fi
expect_contains "eval summary on stderr" "$(cat "$work/err.txt")" "共 1 条记录：1 条已评分。"

out=$("$rubric" eval "$ruleset" "$published" 2>/dev/null)
expect_contains "table shows the total" "$out" "96.40"
expect_contains "table shows 预算执行率" "$out" "预算执行率                                       6    5.78"

out=$("$rubric" eval "$ruleset" "$published" --explain 2>/dev/null)
expect_contains "explain shows the annual average" "$out" "= 107.325% → 107.3%（保留 0.1%）"
expect_contains "explain shows 5.778 → 5.78" "$out" "得分 = 5.778 → 5.78（保留 0.01 四舍五入）"
expect_contains "explain shows 47/48" "$out" "47 ÷ 48 = 97.9166…% → 97.9%（保留 0.1%）"

out=$("$rubric" eval "$ruleset" "$published" --format json 2>/dev/null)
expect_contains "json has the total" "$out" '"总分": 96.40, "等级": "优"'

# --- JSON input gives the same scores as CSV
python3 - "$published" "$work/published.json" <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")))
json.dump(rows, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
"$rubric" eval "$ruleset" "$work/published.json" --format csv >"$work/from-json.csv" 2>/dev/null
if cmp -s "$work/from-json.csv" tests/cli/expected/longhua-published.csv; then pass "JSON input scores like CSV"; else fail "JSON input scores like CSV"; fi

# --- -o writes the file whole; the input is untouched
before=$(sha256sum "$published")
"$rubric" eval "$ruleset" "$published" -o "$work/report.csv" 2>/dev/null; status=$?
expect_eq "eval -o exits 0" 0 "$status"
if cmp -s "$work/report.csv" tests/cli/expected/longhua-published.csv; then pass "-o infers CSV from the extension"; else fail "-o infers CSV from the extension"; fi
expect_eq "the input file is not modified" "$before" "$(sha256sum "$published")"
leftovers=$(find "$work" -name '.*tmp*' | wc -l)
expect_eq "no temporary files are left" 0 "$leftovers"

"$rubric" eval "$ruleset" "$published" -o "$work/no/such/dir/report.csv" 2>"$work/err.txt"; status=$?
expect_eq "an unwritable output exits 2" 2 "$status"
expect_contains "an unwritable output is explained" "$(cat "$work/err.txt")" "$work/no/such/dir"

# --- a batch of 1,000 records with 3 bad ones
awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; print; next }
  { for (n = 1; n <= 1000; n++) {
      split($0, f, ","); f[1] = "部门" n
      if (n == 10)  f[col["按期完成项目数"]] = 49
      if (n == 500) f[col["满意度"]] = "九十五"
      if (n == 999) f[col["管理制度健全性得分"]] = ""
      line = f[1]; for (i = 2; i <= NF; i++) line = line OFS f[i]
      print line } }' "$published" >"$work/batch.csv"
"$rubric" eval "$ruleset" "$work/batch.csv" --format csv -o "$work/batch-out.csv" 2>"$work/err.txt"; status=$?
expect_eq "a batch with bad records exits 1" 1 "$status"
expect_eq "997 records are written (plus the header)" 998 "$(wc -l <"$work/batch-out.csv")"
err=$(cat "$work/err.txt")
expect_contains "bad record row 11 named" "$err" "batch.csv：第 11 行：不满足约束「按期完成项目数 ≤ 计划项目数」（按期完成项目数 = 49，计划项目数 = 48）"
expect_contains "bad record row 501 named" "$err" "batch.csv：第 501 行：「满意度」应为百分数（如 19.5 或 19.5%），实际是「九十五」"
expect_contains "bad record row 1000 named" "$err" "batch.csv：第 1000 行：「管理制度健全性得分」为空"
expect_contains "the summary counts them" "$err" "共 1000 条记录：997 条已评分，3 条有误未评分。"
expect_eq "the good rows keep input order" "部门1,部门1000" "$(sed -n '2p;$p' "$work/batch-out.csv" | cut -d, -f1 | paste -sd,)"

# --- a ruleset with mistakes
printf '输入 单位：文本，主键\n输入 甲：计数\n计算 乙 = 甲 ÷ 丙\n' >"$work/bad.rubric"
out=$("$rubric" check "$work/bad.rubric" 2>&1); status=$?
expect_eq "a ruleset with errors exits 2" 2 "$status"
expect_contains "the error names file, line and column" "$out" "bad.rubric:3:12: error: 未知的名称「丙」"
out=$("$rubric" eval "$work/bad.rubric" "$published" 2>&1); status=$?
expect_eq "eval with a broken ruleset exits 2" 2 "$status"

out=$("$rubric" eval "$ruleset" "$work/missing.csv" 2>&1); status=$?
expect_eq "a missing data file exits 2" 2 "$status"
expect_contains "a missing data file is explained" "$out" "无法打开文件"

out=$("$rubric" eval "$ruleset" "$published" --explain --format csv 2>&1); status=$?
expect_eq "--explain with CSV is refused" 2 "$status"

# --- rulesets by short name, list, show, test
out=$("$rubric" list 2>&1); status=$?
expect_eq "list exits 0" 0 "$status"
expect_contains "list shows Longhua 2021" "$out" "龙华/2021       龙华  2021  部门整体  rulesets/longhua-2021.rubric"
expect_contains "list shows the Pingshan project rubric" "$out" "坪山/2021-项目  坪山  2021  项目支出  rulesets/pingshan-2021-project.rubric"
"$rubric" eval 龙华/2021 "$published" --format csv >"$work/by-name.csv" 2>/dev/null
if cmp -s "$work/by-name.csv" tests/cli/expected/longhua-published.csv; then pass "eval takes a short name"; else fail "eval takes a short name"; fi
out=$("$rubric" show 坪山/2020 2>&1); status=$?
expect_eq "show exits 0" 0 "$status"
expect_contains "show marks stdlib parts" "$out" "stdlib/共性指标/政府采购.rubric:6"
expect_contains "show prints the effective tree" "$out" "三级指标 政府采购执行率（2分）：政府采购执行率得分"
out=$("$rubric" test 龙华/2021 2>&1); status=$?
expect_eq "test of the Longhua cases exits 0" 0 "$status"
expect_contains "test reports its cases" "$out" "passed, 0 failed"
printf '继承 "龙华/2021"\n修改 三级指标 公众或服务对象满意度（6分）：分档 满意度 { ≥ 96%%：6  90%% ≤ x < 96%%：4  80%% ≤ x < 90%%：2  < 80%%：1 }\n' >"$work/draft.rubric"
cp rulesets/longhua-2021.cases.csv "$work/draft.cases.csv"
out=$("$rubric" test "$work/draft.rubric" 2>&1); status=$?
expect_eq "a rule change that breaks a case exits 1" 1 "$status"
expect_contains "the failing case shows expected and actual" "$out" "公众或服务对象满意度：期望 6，实际 4"

# --- project self-evaluation: records plus row files, told apart by their columns
"$rubric" eval 通用/项目自评 examples/projects/*.csv --format csv -o "$work/projects.csv" 2>"$work/err.txt"; status=$?
expect_eq "eval of the nine project tables exits 0" 0 "$status"
if cmp -s "$work/projects.csv" tests/cli/expected/projects.csv; then pass "project totals match the hand computation"; else fail "project totals match the hand computation"; diff "$work/projects.csv" tests/cli/expected/projects.csv | head; fi
expect_contains "project eval summary" "$(cat "$work/err.txt")" "共 9 条记录：9 条已评分。"
out=$("$rubric" eval 通用/项目自评 examples/projects/projects.csv examples/projects/qita-zhizaoye.csv --explain 2>&1); status=$?
expect_eq "records without their row files are reported, exit 1" 1 "$status"
expect_contains "a project without rows is named" "$out" "examples/projects/projects.csv：第 2 行：没有「绩效指标」明细行"
expect_contains "explain shows a missed row" "$out" "年度指标值 ≥ 95%，全年完成值 90.92%：未达标，90.92% ÷ 95% × 8.33 = 7.97"
out=$("$rubric" check 通用/项目自评 2>&1)
expect_contains "check counts the row groups" "$out" "明细「绩效指标」6 个字段，3 个指标逐行计分"

# --- a Lua hook: the shipped one, and one that loops on one record only
out=$("$rubric" eval 坪山/2021-项目 examples/pingshan-2021-project-published.csv examples/pingshan-2021-project-indicators.csv --explain 2>&1)
expect_contains "the shipped hook's trace" "$out" "    引进 10 亿元以上项目数：1 ÷ 1 = 100%"
cat >"$work/loop.lua" <<'LUA'
function score(args)
  if args["次数"] > 5 then while true do end end
  return decimal(args["次数"]) * 10
end
LUA
printf '输入 单位：文本，主键\n输入 次数：计数 次\n钩子 循环 {\n  文件 "loop.lua"\n  函数 score\n  读取 次数\n  返回 得分：评分 [0, 100]\n}\n指标体系（100分）{\n  一级指标 甲（100分）{\n    二级指标 乙（100分）{\n      三级指标 丙（100分）：得分\n    }\n  }\n}\n等级 {\n  ≥ 60：合格\n  < 60：不合格\n}\n' >"$work/loop.rubric"
printf '单位,次数\n一,3\n二,9\n三,5\n' >"$work/loop.csv"
out=$("$rubric" --hook-instructions 100000 eval "$work/loop.rubric" "$work/loop.csv" --format csv 2>&1); status=$?
expect_eq "a looping hook fails its record, exit 1" 1 "$status"
expect_contains "the loop is stopped by the instruction limit" "$out" "第 3 行：指标「丙」无法计算：钩子「循环」被停止（$work/loop.lua:2）：钩子超出指令上限 (100000 条)"
expect_contains "the other records are scored" "$out" "三,50,50,不合格"

# --- diff and compare
out=$("$rubric" diff 龙华/2021 龙华/2021 2>&1); status=$?
expect_eq "diff of a ruleset with itself exits 0" 0 "$status"
expect_eq "diff of a ruleset with itself is empty" "规则集的改动：龙华/2021 → 龙华/2021：没有改动" "$out"
out=$("$rubric" compare 龙华/2021 龙华/2021 examples/past/*.csv 2>&1)
expect_contains "compare with itself: nothing changes" "$out" "记录 90 条：两边都评分 90 条，有误 0 条；得分有变化 0 条，等级变化 0 条"
out=$("$rubric" compare 龙华/2021 龙华/2022-草案 examples/past/*.csv 2>&1); status=$?
expect_eq "compare of the draft exits 0" 0 "$status"
expect_contains "compare names the edit" "$out" "[2] 分档「部门绩效 / 公平性 / 公众或服务对象满意度」：「≥ 95%：6」改为「≥ 96%：6」"
expect_contains "compare gives the reason" "$out" "公众或服务对象满意度 6 → 4：分档「满意度」= 95.6%，现在落在「90% ≤ x < 96%」档（原来落在「≥ 95%」档）"
"$rubric" compare 龙华/2021 龙华/2022-草案 examples/past/*.csv -o "$work/compare.csv" 2>/dev/null
expect_eq "compare CSV header" "来源,行,主键,原总分,新总分,总分变化,原等级,新等级,指标,原得分,新得分,指标变化,原因,相关改动" "$(head -1 "$work/compare.csv" | tr -d '\r')"

# xlsx and HTML reports of a compare
"$rubric" compare 龙华/2021 龙华/2022-草案 examples/past/*.csv -o "$work/report.xlsx" 2>/dev/null; status=$?
expect_eq "compare to xlsx exits 0" 0 "$status"
out=$(python3 -c "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(z.read('xl/workbook.xml').decode())" "$work/report.xlsx")
expect_contains "the workbook has the summary sheet" "$out" 'name="汇总"'
expect_contains "the workbook has the per-record sheet" "$out" 'name="逐条记录"'
"$rubric" compare 龙华/2021 龙华/2022-草案 examples/past/*.csv -o "$work/report2.xlsx" 2>/dev/null
if cmp -s "$work/report.xlsx" "$work/report2.xlsx"; then pass "the same compare gives the same xlsx bytes"; else fail "the same compare gives the same xlsx bytes"; fi
"$rubric" compare 龙华/2021 龙华/2022-草案 examples/past/*.csv -o "$work/report.html" 2>/dev/null
out=$(cat "$work/report.html")
expect_contains "the HTML report has the matrix cell 优 → 良" "$out" 'data-old="优" data-new="良" class="moved">2<'
if grep -q "https\?://" "$work/report.html"; then fail "the HTML report needs no network"; else pass "the HTML report needs no network"; fi

# Killing compare while it works leaves either the previous output or the
# complete new one, never a partial file, and no temporary file.
python3 - "$work/big.csv" <<'PY'
import sys
lines = open("examples/past/longhua-2019.csv", encoding="utf-8").read().splitlines()
with open(sys.argv[1], "w", encoding="utf-8") as out:
    out.write(lines[0] + "\n")
    for i in range(600):
        for line in lines[1:]:
            out.write(line.replace("深圳市", f"第{i}批深圳市", 1) + "\n")
PY
"$rubric" compare 龙华/2021 龙华/2022-草案 "$work/big.csv" -o "$work/full.csv" 2>/dev/null
for delay in 0.2 0.6 1.2; do
  printf 'previous report\n' >"$work/killed.csv"
  "$rubric" compare 龙华/2021 龙华/2022-草案 "$work/big.csv" -o "$work/killed.csv" 2>/dev/null &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  if [ "$(cat "$work/killed.csv")" = "previous report" ] || cmp -s "$work/killed.csv" "$work/full.csv"; then
    pass "compare killed after ${delay}s: the output is the old file or the whole new one"
  else
    fail "compare killed after ${delay}s: the output is the old file or the whole new one"
  fi
  expect_eq "compare killed after ${delay}s: no temporary file" "" "$(ls -A "$work" | grep '^\.killed' || true)"
done

# One thread or two: the same bytes.
"$rubric" eval 龙华/2021 "$work/big.csv" --threads 1 --explain --format json -o "$work/one.json" 2>/dev/null
"$rubric" eval 龙华/2021 "$work/big.csv" --threads 2 --explain --format json -o "$work/two.json" 2>/dev/null
if cmp -s "$work/one.json" "$work/two.json"; then pass "eval on 1 and 2 threads gives the same bytes"; else fail "eval on 1 and 2 threads gives the same bytes"; fi
"$rubric" compare 龙华/2021 龙华/2022-草案 "$work/big.csv" --threads 1 -o "$work/one.csv" 2>/dev/null
"$rubric" compare 龙华/2021 龙华/2022-草案 "$work/big.csv" --threads 2 -o "$work/two.csv" 2>/dev/null
if cmp -s "$work/one.csv" "$work/two.csv"; then pass "compare on 1 and 2 threads gives the same bytes"; else fail "compare on 1 and 2 threads gives the same bytes"; fi

# --- the same records in UTF-8, UTF-8 with BOM, GB18030 and .xlsx give the same bytes
past=examples/past/longhua-2021.csv
python3 - "$past" "$work" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
open(sys.argv[2] + "/bom.csv", "w", encoding="utf-8-sig").write(text)
open(sys.argv[2] + "/gb.csv", "w", encoding="gb18030").write(text)
PY
python3 tests/cli/make_xlsx.py "$past" "$work/past.xlsx" 记录
"$rubric" eval 龙华/2021 "$past" --format csv -o "$work/utf8.out.csv" 2>/dev/null
for variant in bom.csv gb.csv past.xlsx; do
  "$rubric" eval 龙华/2021 "$work/$variant" --format csv -o "$work/$variant.out.csv" 2>/dev/null
  if cmp -s "$work/utf8.out.csv" "$work/$variant.out.csv"; then pass "$variant scores byte for byte like UTF-8"; else fail "$variant scores byte for byte like UTF-8"; diff "$work/utf8.out.csv" "$work/$variant.out.csv" | head -4; fi
done
out=$("$rubric" eval 龙华/2021 "$work/gb.csv" --encoding utf-8 --format csv 2>&1); status=$?
expect_contains "a forced wrong encoding is named" "$out" "文件不是指定的 UTF-8 编码"
out=$("$rubric" eval 龙华/2021 "$work/past.xlsx" --sheet 记 --format csv 2>&1); status=$?
expect_eq "a missing sheet exits 2" 2 "$status"
expect_contains "a missing sheet is named with a suggestion" "$out" "工作簿中没有名为「记」的工作表（现有：「记录」）"
# A workbook with bad rows: each reported by its sheet row, the rest scored.
python3 - "$past" "$work/bad.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
rows[3][rows[0].index("满意度")] = "101"
rows[7][rows[0].index("在编人数")] = "二十"
csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline="")).writerows(rows)
PY
python3 tests/cli/make_xlsx.py "$work/bad.csv" "$work/bad.xlsx"
out=$("$rubric" eval 龙华/2021 "$work/bad.xlsx" --format csv 2>&1 >/dev/null); status=$?
expect_eq "a workbook with bad rows exits 1" 1 "$status"
expect_contains "bad workbook row 4 named" "$out" "bad.xlsx：第 4 行："
expect_contains "bad workbook row 8 named" "$out" "bad.xlsx：第 8 行："
expect_contains "the rest are scored" "$out" "共 30 条记录：28 条已评分，2 条有误未评分。"

# --- an output path that cannot be written: a clear message, exit 2, nothing written
out=$("$rubric" eval 龙华/2021 examples/past/longhua-2021.csv -o /nonexistent-rubric-dir/out.csv 2>&1); status=$?
expect_eq "an unwritable output path exits 2" 2 "$status"
expect_contains "an unwritable output path is named in Chinese" "$out" "无法写入「/nonexistent-rubric-dir/out.csv」：不能在目录「/nonexistent-rubric-dir」中创建临时文件：文件夹或文件不存在"
out=$("$rubric" compare 龙华/2021 龙华/2022-草案 examples/past/longhua-2021.csv -o /nonexistent-rubric-dir/out.xlsx 2>&1); status=$?
expect_eq "an unwritable xlsx path exits 2" 2 "$status"

# --- -o to a device writes to it, never replaces it (as root, replacing /dev/null would break the machine)
"$rubric" eval 龙华/2021 examples/past/longhua-2021.csv --format csv -o /dev/null 2>/dev/null; status=$?
expect_eq "eval -o /dev/null exits 0" 0 "$status"
if [ -c /dev/null ]; then pass "/dev/null is still a device after eval -o /dev/null"; else fail "/dev/null is still a device after eval -o /dev/null"; fi
"$rubric" compare 龙华/2021 龙华/2022-草案 examples/past/longhua-2021.csv --format csv -o /dev/null 2>/dev/null
if [ -c /dev/null ]; then pass "/dev/null is still a device after compare -o /dev/null"; else fail "/dev/null is still a device after compare -o /dev/null"; fi
out=$("$rubric" compare 龙华/2021 龙华/2022-草案 examples/past/longhua-2021.csv --format xlsx -o /dev/null 2>&1); status=$?
expect_eq "a workbook is not written over a device, exit 2" 2 "$status"
expect_contains "the workbook refusal says why" "$out" "无法写入「/dev/null」：工作簿只能写成普通文件"
if [ -c /dev/null ]; then pass "/dev/null is still a device after compare --format xlsx"; else fail "/dev/null is still a device after compare --format xlsx"; fi

# --- the same bytes whatever the locale
for lang in C C.UTF-8 zh_CN.UTF-8; do
  LANG=$lang LC_ALL=$lang "$rubric" eval 龙华/2021 examples/past/longhua-2021.csv --explain --format json -o "$work/locale-$lang.json" 2>/dev/null
  LANG=$lang LC_ALL=$lang "$rubric" compare 龙华/2021 龙华/2022-草案 examples/past/*.csv -o "$work/locale-$lang.csv" 2>/dev/null
done
for lang in C.UTF-8 zh_CN.UTF-8; do
  if cmp -s "$work/locale-C.json" "$work/locale-$lang.json" && cmp -s "$work/locale-C.csv" "$work/locale-$lang.csv"; then
    pass "eval and compare under LANG=$lang give the bytes of LANG=C"
  else
    fail "eval and compare under LANG=$lang give the bytes of LANG=C"
  fi
done

# --- a full disk: a clear message, exit 2, nothing partial (/dev/full fails every write with ENOSPC)
for cmd in "eval 龙华/2021 examples/past/longhua-2021.csv --format csv" "eval 龙华/2021 examples/past/longhua-2021.csv" \
           "compare 龙华/2021 龙华/2022-草案 examples/past/longhua-2021.csv --format csv"; do
  out=$($rubric $cmd -o /dev/full 2>&1); status=$?
  expect_eq "$cmd -o /dev/full exits 2" 2 "$status"
  expect_contains "$cmd -o /dev/full says the disk is full" "$out" "rubric: 无法写入「/dev/full」：磁盘已满"
  out=$($rubric $cmd 2>&1 >/dev/full); status=$?
  expect_eq "$cmd to a full stdout exits 2" 2 "$status"
  expect_contains "$cmd to a full stdout says so" "$out" "rubric: 无法写入标准输出：磁盘已满"
done
# A file size limit (ulimit -f, in KiB) makes writes fail with EFBIG (SIGXFSZ is
# ignored, so the process reports it): the previous file stays, nothing is left beside it.
mkdir -p "$work/fsize"
for target in out.csv out.xlsx; do
  printf 'previous\n' >"$work/fsize/$target"
done
out=$(ulimit -f 1; "$rubric" eval 龙华/2021 examples/past/longhua-2021.csv --format csv -o "$work/fsize/out.csv" 2>&1); status=$?
expect_eq "eval over the file size limit exits 2" 2 "$status"
expect_eq "eval over the file size limit says why" "rubric: 无法写入「$work/fsize/out.csv」：超出系统允许的文件大小（ulimit -f）" "$out"
out=$(ulimit -f 1; "$rubric" compare 龙华/2021 龙华/2022-草案 examples/past/longhua-2021.csv -o "$work/fsize/out.csv" 2>&1); status=$?
expect_eq "compare over the file size limit exits 2" 2 "$status"
expect_contains "compare over the file size limit says why" "$out" "rubric: 无法写入「$work/fsize/out.csv」：超出系统允许的文件大小（ulimit -f）"
out=$(ulimit -f 1; "$rubric" compare 龙华/2021 龙华/2022-草案 examples/past/longhua-2021.csv -o "$work/fsize/out.xlsx" 2>&1); status=$?
expect_eq "compare to xlsx over the file size limit exits 2" 2 "$status"
expect_contains "compare to xlsx over the file size limit names the file" "$out" "rubric: 无法写入「$work/fsize/out.xlsx」"
for target in out.csv out.xlsx; do
  expect_eq "$target over the file size limit keeps the previous file" "previous" "$(cat "$work/fsize/$target")"
done
expect_eq "nothing is left beside the outputs over the file size limit" "out.csv out.xlsx" "$(ls -A "$work/fsize" | tr '\n' ' ' | sed 's/ $//')"

# --- input files are only read: a read-only ruleset and data file are unchanged (content and mtime)
mkdir -p "$work/ro"
cp rulesets/longhua-2021.rubric "$work/ro/r.rubric"
cp examples/past/longhua-2021.csv "$work/ro/d.csv"
chmod 444 "$work/ro/r.rubric" "$work/ro/d.csv"
before=$(cd "$work/ro" && sha256sum r.rubric d.csv && stat -c '%n %y %a' r.rubric d.csv)
"$rubric" eval "$work/ro/r.rubric" "$work/ro/d.csv" --format csv -o "$work/ro-out.csv" 2>/dev/null; status=$?
expect_eq "eval of a read-only ruleset and data file exits 0" 0 "$status"
"$rubric" compare "$work/ro/r.rubric" "$work/ro/r.rubric" "$work/ro/d.csv" -o "$work/ro-compare.csv" 2>/dev/null
after=$(cd "$work/ro" && sha256sum r.rubric d.csv && stat -c '%n %y %a' r.rubric d.csv)
expect_eq "read-only inputs are unchanged: checksum, mtime and mode" "$before" "$after"
# Where strace works, every open of the inputs is read-only (as root, 444 alone would not stop a write).
if strace -f -e trace=open,openat -o "$work/ro-trace.txt" "$rubric" eval "$work/ro/r.rubric" "$work/ro/d.csv" --format csv -o "$work/ro-out2.csv" 2>/dev/null; then
  opens=$(grep -E "\"$work/ro/(r\.rubric|d\.csv)\"" "$work/ro-trace.txt" || true)
  expect_eq "the inputs are opened" "yes" "$([ -n "$opens" ] && echo yes || echo no)"
  expect_eq "every open of the inputs is O_RDONLY" "" "$(grep -v O_RDONLY <<<"$opens" || true)"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
