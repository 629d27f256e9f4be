#!/usr/bin/env bash
# The limits as the command line sets them (docs/limits.md): each flag is
# accepted before or after the subcommand, a limit exceeded gives its message
# and exit 2, and a data file refused by a limit leaves the output untouched.
# Usage: cli_limits.sh PATH/TO/rubric REPO_ROOT
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

longhua=rulesets/longhua-2021.rubric
draft=rulesets/longhua-2022-draft.rubric
past=examples/past/longhua-2021.csv  # 30 records, 52 columns

# --- ruleset limits: at the limit, just beyond, before or after the subcommand
size=$(wc -c <"$longhua")
out=$("$rubric" --max-rubric-size "$size" check "$longhua" 2>&1); status=$?
expect_eq "a ruleset of exactly --max-rubric-size bytes is checked" 0 "$status"
out=$("$rubric" check "$longhua" --max-rubric-size $((size - 1)) 2>&1); status=$?
expect_eq "one byte over --max-rubric-size exits 2" 2 "$status"
expect_eq "one byte over --max-rubric-size says so" \
  "rubric: error: 规则文件「$longhua」有 $size 字节，超过 $((size - 1)) 字节的上限（上限可用 --max-rubric-size 调整）
1 个错误" "$out"
out=$("$rubric" check "$longhua" --max-rubric-size 8KiB 2>&1); status=$?
expect_contains "--max-rubric-size takes units" "$out" "超过 8 KiB 的上限"

# Longhua 2021 has 35 indicators (一级, 二级, 三级) and 52 inputs.
out=$("$rubric" check "$longhua" --max-indicators 35 2>&1); status=$?
expect_eq "35 indicators under --max-indicators 35" 0 "$status"
out=$("$rubric" check "$longhua" --max-indicators 34 2>&1); status=$?
expect_eq "35 indicators under --max-indicators 34 exit 2" 2 "$status"
expect_contains "--max-indicators names the 35th" "$out" "error: 指标超过 34 个的上限：这是第 35 个（共 35 个；上限可用 --max-indicators 调整）"
out=$("$rubric" check "$longhua" --max-inputs 52 2>&1); status=$?
expect_eq "52 inputs under --max-inputs 52" 0 "$status"
out=$("$rubric" --max-inputs 51 check "$longhua" 2>&1); status=$?
expect_eq "52 inputs under --max-inputs 51 exit 2" 2 "$status"
expect_contains "--max-inputs names the 52nd" "$out" "error: 输入超过 51 个的上限：这是第 52 个（共 52 个；上限可用 --max-inputs 调整）"

# The draft extends Longhua 2021, which imports 共性指标, which imports
# 共性指标/预算编制 …: chains of 4 files.
out=$("$rubric" check "$draft" --max-import-depth 4 2>&1); status=$?
expect_eq "chains of 4 files under --max-import-depth 4" 0 "$status"
out=$("$rubric" check "$draft" --max-import-depth 3 2>&1); status=$?
expect_eq "chains of 4 files under --max-import-depth 3 exit 2" 2 "$status"
expect_contains "--max-import-depth is reported at the 导入" "$out" "stdlib/共性指标.rubric:4:1: error: 继承、导入的文件一层套一层，超过 3 层的上限（上限可用 --max-import-depth 调整）"

# Its 分项 sit in four braces, with their （N分） a fifth bracket.
out=$("$rubric" check "$longhua" --max-nesting-depth 5 2>&1); status=$?
expect_eq "Longhua under --max-nesting-depth 5" 0 "$status"
out=$("$rubric" check "$longhua" --max-nesting-depth 4 2>&1); status=$?
expect_eq "Longhua under --max-nesting-depth 4 exits 2" 2 "$status"
expect_contains "--max-nesting-depth says where" "$out" "longhua-2021.rubric:100:19: error: 括号嵌套超过 4 层，无法读取（上限可用 --max-nesting-depth 调整）"
out=$("$rubric" check "$longhua" --max-expression-depth 5 2>&1); status=$?
expect_eq "Longhua under --max-expression-depth 5 exits 2" 2 "$status"
expect_contains "--max-expression-depth says where" "$out" "季度执行.rubric:16:14: error: 表达式的运算层数超过 5 层的上限：算出它要叠 6 层运算"
out=$("$rubric" check "$longhua" --max-nesting-depth 301 2>&1); status=$?
expect_eq "--max-nesting-depth is at most 300 (the parser's stack)" 2 "$status"

# --- data limits
printf 'previous\n' >"$work/out.csv"
out=$("$rubric" eval "$longhua" "$past" --format csv -o "$work/out.csv" --max-records 30 2>&1); status=$?
expect_eq "30 records under --max-records 30" 0 "$status"
printf 'previous\n' >"$work/out.csv"
for format in csv json table; do
  out=$("$rubric" eval "$longhua" "$past" --format $format -o "$work/out.csv" --max-records 29 2>&1); status=$?
  expect_eq "30 records under --max-records 29 exit 2 ($format)" 2 "$status"
  expect_eq "--max-records names the file and the line ($format)" \
    "$past：记录超过 29 条的上限（第 31 行起的记录超出），已拒绝读取（上限可用 --max-records 调整）
rubric: 有数据文件无法使用（见上），结果不完整，未写出" "$out"
  expect_eq "a file refused by --max-records leaves the output as it was ($format)" "previous" "$(cat "$work/out.csv")"
done
out=$("$rubric" compare "$longhua" "$draft" "$past" -o "$work/out.csv" --max-records 29 2>&1); status=$?
expect_eq "compare under --max-records 29 exits 2" 2 "$status"
expect_contains "compare says the results are incomplete" "$out" "rubric: 有数据文件无法使用（见上），结果不完整，未写出"
expect_eq "compare leaves the output as it was" "previous" "$(cat "$work/out.csv")"
expect_eq "nothing is left beside the output" "out.csv" "$(ls -A "$work")"

out=$("$rubric" eval "$longhua" "$past" --format csv --max-field-size 40 2>&1 >/dev/null); status=$?
expect_eq "cells over --max-field-size fail their records: exit 1" 1 "$status"
expect_contains "--max-field-size names the row and column" "$out" "$past：第 20 行「单位」字段超过 40 字节的上限，未读取（上限可用 --max-field-size 调整）"
expect_contains "the other records are scored" "$out" "共 30 条记录：26 条已评分，4 条有误未评分。"
out=$("$rubric" eval "$longhua" "$past" --format csv --max-row-size 1KiB 2>&1 >/dev/null); status=$?
expect_eq "a record over --max-row-size refuses the file: exit 2" 2 "$status"
expect_contains "--max-row-size names the line" "$out" "$past：第 1 行超过 1 KiB 的上限，已拒绝读取（上限可用 --max-row-size 调整）"
out=$("$rubric" eval "$longhua" "$past" --format csv --max-columns 52 2>&1 >/dev/null); status=$?
expect_eq "52 columns under --max-columns 52" 0 "$status"
out=$("$rubric" eval "$longhua" "$past" --format csv --max-columns 51 2>&1 >/dev/null); status=$?
expect_eq "52 columns under --max-columns 51 exit 2" 2 "$status"
expect_contains "--max-columns says why" "$out" "$past：表头有 52 列，超过 51 列的上限，已拒绝读取（上限可用 --max-columns 调整）"
python3 - "$past" "$work/past.json" <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
json.dump(rows, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
out=$("$rubric" eval "$longhua" "$work/past.json" --format csv --max-json-depth 2 2>&1 >/dev/null); status=$?
expect_eq "records two deep under --max-json-depth 2" 0 "$status"
out=$("$rubric" eval "$longhua" "$work/past.json" --format csv --max-json-depth 1 2>&1 >/dev/null); status=$?
expect_eq "records two deep under --max-json-depth 1 exit 2" 2 "$status"
expect_contains "--max-json-depth names line and column" "$out" "$work/past.json：第 1 行第 2 列：JSON 的数组和对象嵌套超过 1 层的上限，已拒绝读取（上限可用 --max-json-depth 调整）"
out=$("$rubric" eval "$longhua" "$past" --max-records 0 2>&1); status=$?
expect_eq "--max-records 0 is refused" 2 "$status"

# --- a data file that cannot be used among others: every problem is told, exit 2, nothing written
printf 'previous\n' >"$work/out.csv"
out=$("$rubric" eval "$longhua" "$past" "$work/missing.csv" --format csv -o "$work/out.csv" 2>&1); status=$?
expect_eq "a missing data file beside a good one exits 2" 2 "$status"
expect_contains "the missing file is named" "$out" "$work/missing.csv：无法打开文件「$work/missing.csv」：文件夹或文件不存在"
expect_eq "the output is left as it was" "previous" "$(cat "$work/out.csv")"

# --- the Lua limits are set the same way
expect_contains "the hook limits are in the help" "$("$rubric" --help)" "--hook-instructions"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
