#!/usr/bin/env bash
# Faults that lose nothing: `rubric eval … -o out.csv` and `rubric compare …
# -o out.csv` are killed (SIGKILL) at random moments, many times; after each
# kill the output is byte for byte either the file that was there before or
# the complete new output, and no temporary file is left beside it.
#
# Usage: kill_test.sh PATH/TO/rubric REPO_ROOT
# The data is sized so that one full run takes about RUBRIC_KILL_SECONDS
# (default 1) whatever the build (a sanitizer build is several times
# slower): a small run is timed first. RUBRIC_KILL_RECORDS fixes the number
# of records instead; RUBRIC_KILL_ROUNDS the kills per command (default 20).
set -u
rubric=$1
root=$2
cd "$root" || exit 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

rounds=${RUBRIC_KILL_ROUNDS:-20}
target=${RUBRIC_KILL_SECONDS:-1}
old=rulesets/longhua-2021.rubric
new=rulesets/longhua-2022-draft.rubric

passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAILED: $1"; }

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }

# Seconds one run of "$@" takes (its output and messages discarded).
time_of() {
  local start
  start=$(now)
  "$@" >/dev/null 2>&1
  elapsed "$start"
}

# Records for a run of about $target seconds: a run over 10 records gives the
# fixed cost, one over $probe records the cost of each.
records_for() { # command-prefix… (the data file and -o are appended)
  local probe=1000 fixed full
  python3 scripts/generate_bench_data.py "$work/probe-small.csv" 10 >/dev/null
  python3 scripts/generate_bench_data.py "$work/probe.csv" "$probe" >/dev/null
  fixed=$(time_of "$@" "$work/probe-small.csv" -o "$work/probe.out")
  full=$(time_of "$@" "$work/probe.csv" -o "$work/probe.out")
  awk -v f="$fixed" -v t="$full" -v p="$probe" -v target="$target" 'BEGIN {
    per = (t - f) / p; if (per <= 0) per = 1e-5;
    n = int((target - f) / per); if (n < 500) n = 500; if (n > 400000) n = 400000;
    print n }'
}

# Kills "$@ DATA -o out/out.csv" $rounds times after random delays up to a
# little more than a full run, each time over the same previous file.
kill_many() { # name data command-prefix…
  local name=$1 data=$2
  shift 2
  local dir="$work/$name" start full_seconds
  mkdir -p "$dir/out"
  # The complete output, once.
  start=$(now)
  "$@" "$data" -o "$dir/complete.csv" 2>/dev/null
  full_seconds=$(elapsed "$start")
  if [ ! -s "$dir/complete.csv" ]; then
    fail "$name: the full run wrote its output"
    return
  fi
  printf '单位,总分\n上一次的结果,100\n' >"$dir/previous.csv"
  local kept_previous=0 kept_complete=0 k delay pid
  for k in $(seq 1 "$rounds"); do
    cp "$dir/previous.csv" "$dir/out/out.csv"
    delay=$(awk -v r="$RANDOM" -v t="$full_seconds" 'BEGIN { printf "%.3f", r / 32767 * t * 1.15 }')
    "$@" "$data" -o "$dir/out/out.csv" >/dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    if cmp -s "$dir/out/out.csv" "$dir/previous.csv"; then
      kept_previous=$((kept_previous + 1))
      pass
    elif cmp -s "$dir/out/out.csv" "$dir/complete.csv"; then
      kept_complete=$((kept_complete + 1))
      pass
    else
      fail "$name killed after ${delay}s: out.csv is neither the previous file nor the complete output ($(wc -c <"$dir/out/out.csv") bytes)"
    fi
    local stray
    stray=$(ls -A "$dir/out" | grep -v '^out\.csv$' || true)
    if [ -z "$stray" ]; then
      pass
    else
      fail "$name killed after ${delay}s: files left beside the output: $stray"
      rm -f "$dir/out/".out.csv.tmp.*
    fi
  done
  echo "$name: $rounds kills over runs of ${full_seconds}s: previous file kept $kept_previous times, complete output $kept_complete times"
}

started=$(now)
eval_records=${RUBRIC_KILL_RECORDS:-$(records_for "$rubric" eval "$old" --format csv)}
compare_records=${RUBRIC_KILL_RECORDS:-$(records_for "$rubric" compare "$old" "$new")}
python3 scripts/generate_bench_data.py "$work/eval.csv" "$eval_records" >/dev/null
python3 scripts/generate_bench_data.py "$work/compare.csv" "$compare_records" >/dev/null
echo "eval over $eval_records records, compare over $compare_records records"

kill_many eval "$work/eval.csv" "$rubric" eval "$old" --format csv
kill_many compare "$work/compare.csv" "$rubric" compare "$old" "$new"

echo "$passed passed, $failed failed in $(elapsed "$started")s"
[ "$failed" -eq 0 ]
