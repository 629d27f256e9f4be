#!/usr/bin/env bash
# Builds the libFuzzer targets (preset `fuzz`, clang + ASan + UBSan, in
# build-fuzz/) and runs each for a while on its corpus, one process at a time.
#
#   bash scripts/fuzz.sh [--seconds N] [--no-build] [--log FILE] [TARGET...]
#
#   TARGET      fuzz_compile fuzz_csv fuzz_json fuzz_xlsx fuzz_evaluate fuzz_hook
#               (default: all, in this order)
#   --seconds N run each target N seconds (default 60)
#   --no-build  use the targets already built
#   --log FILE  append a row per run to a Markdown table (tests/fuzz/RUNS.md)
#
# The committed corpus tests/fuzz/corpus/TARGET/ is read, never written: new
# inputs go to build-fuzz/fuzz-corpus/TARGET/ (kept between runs), crashes,
# timeouts and leaks to build-fuzz/fuzz-artifacts/TARGET/, each run's output
# to build-fuzz/fuzz-logs/TARGET.log. Prints executions and status per target;
# exits 1 when any target found something (see tests/fuzz/README.md to turn
# it into a regression test), 2 when the build fails.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=60
build=1
log=""
targets=()
all=(fuzz_compile fuzz_csv fuzz_json fuzz_xlsx fuzz_evaluate fuzz_hook)
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --seconds=*) seconds="${1#*=}"; shift ;;
    --no-build) build=0; shift ;;
    --log) log="$2"; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    fuzz_*) targets+=("$1"); shift ;;
    *) echo "fuzz.sh: 未知的参数「$1」（见 --help）" >&2; exit 2 ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")

if [ "$build" = 1 ]; then
  # clang with libFuzzer's runtime, llvm-symbolizer for readable stacks, and
  # the libraries rubric itself needs (scripts/setup.sh installs the rest).
  packages=(clang libclang-rt-14-dev llvm cmake ninja-build pkg-config
            libboost1.81-dev liblua5.4-dev libcli11-dev nlohmann-json3-dev
            libzip-dev libexpat1-dev libxlsxwriter-dev)
  missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "安装依赖：${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  mkdir -p build-fuzz
  started=$(date +%s)
  if ! { cmake --preset fuzz && nice -n 10 cmake --build --preset fuzz; } > build-fuzz/fuzz-build.log 2>&1; then
    tail -40 build-fuzz/fuzz-build.log >&2
    echo "fuzz.sh: 构建失败（完整输出见 build-fuzz/fuzz-build.log）" >&2
    exit 2
  fi
  echo "构建 fuzz 目标用时 $(( $(date +%s) - started )) 秒"
fi

# A small quarantine, and freed memory given back to the system: ASan keeps
# what a target frees (fuzz_hook's inputs that hit the hook memory limit free
# 16 MiB at a time), which otherwise piles up past libFuzzer's 2 GiB limit
# while a large corpus loads.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1:quarantine_size_mb=64:allocator_release_to_os_interval_ms=1000}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

failed=0
summary=()
for target in "${targets[@]}"; do
  binary="build-fuzz/tests/fuzz/$target"
  if [ ! -x "$binary" ]; then
    echo "fuzz.sh: 没有 $binary（先不带 --no-build 运行一次）" >&2
    exit 2
  fi
  scratch="build-fuzz/fuzz-corpus/$target"
  artifacts="build-fuzz/fuzz-artifacts/$target"
  logs="build-fuzz/fuzz-logs"
  mkdir -p "$scratch" "$artifacts" "$logs"
  options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
           -artifact_prefix="$artifacts/")
  [ -f "tests/fuzz/$target.dict" ] && options+=(-dict="tests/fuzz/$target.dict")
  started=$(date +%s)
  status=0
  nice -n 10 "$binary" "${options[@]}" "$scratch" "tests/fuzz/corpus/$target" \
    < /dev/null > "$logs/$target.log" 2>&1 || status=$?
  elapsed=$(( $(date +%s) - started ))
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$logs/$target.log" | tail -1)
  [ -n "$executions" ] || executions=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$logs/$target.log" | tail -1)
  [ -n "$executions" ] || executions="?"
  corpus=$(find "$scratch" -type f | wc -l)
  finding="none"
  if [ "$status" -ne 0 ]; then
    failed=1
    artifact=$(grep -o "Test unit written to .*" "$logs/$target.log" | tail -1 | sed 's/Test unit written to //')
    finding="exit $status ${artifact:-（见 $logs/$target.log）}"
    echo "== $target: 发现问题（退出状态 $status）" >&2
    grep -E "ERROR: |runtime error|fuzz invariant|SUMMARY" "$logs/$target.log" | head -5 >&2 || true
  fi
  line=$(printf '%-14s %6ss %12s 次执行  新语料 %5s 个  %s' "$target" "$elapsed" "$executions" "$corpus" \
                "$([ "$status" -eq 0 ] && echo "正常" || echo "$finding")")
  echo "$line"
  summary+=("$line")
  if [ -n "$log" ]; then
    [ -s "$log" ] || printf '| date | target | seconds | executions | findings |\n| --- | --- | ---: | ---: | --- |\n' > "$log"
    printf '| %s | %s | %s | %s | %s |\n' "$(date -u +%Y-%m-%d)" "$target" "$elapsed" "$executions" "$finding" >> "$log"
  fi
done

echo "---- fuzz 汇总（每个目标 ${seconds} 秒）"
printf '%s\n' "${summary[@]}"
exit "$failed"
