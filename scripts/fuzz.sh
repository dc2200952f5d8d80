#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/*_fuzz.cpp) with clang and
# -fsanitize=fuzzer,address,undefined into build-fuzz/, seeds their corpora
# from fixtures/ (scripts/fuzz-corpus.sh) and runs each for SECONDS (default
# 60), as many at a time as there are cores. Fails on any crash, leak,
# sanitizer report, timeout or OOM; the input that did it is kept in
# build-fuzz/crashes/<target>/ and the log in build-fuzz/<target>.log.
#   scripts/fuzz.sh [SECONDS] [TARGET...]
# Needs clang and libclang-rt-14-dev (scripts/install-deps.sh --fuzz).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "fuzz: SECONDS must be a number, not '$seconds'" >&2; exit 2; }

command -v clang++ >/dev/null || { echo "fuzz: clang++ not found (scripts/install-deps.sh --fuzz)" >&2; exit 1; }
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
cmake -S . -B build-fuzz "${generator[@]}" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug \
  -DNSCLINT_FUZZ=ON -DNSCLINT_TESTS=OFF >/dev/null

targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  for f in fuzz/*_fuzz.cpp; do targets+=("$(basename "$f" .cpp)"); done
fi
cmake --build build-fuzz -j "$(nproc)" --target "${targets[@]}"

scripts/fuzz-corpus.sh build-fuzz/seeds >/dev/null

# The largest input each target is worth mutating: tokens and files up to
# 64 KiB (the largest fixture account is 26 KB), nkeys a little over a seed,
# config files 16 KiB.
max_len() {
  case "$1" in
    nkeys_fuzz) echo 128 ;;
    config_fuzz) echo 16384 ;;
    *) echo 65536 ;;
  esac
}

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1:suppressions=$PWD/fuzz/ubsan.supp}"

run() {  # $1 = target; exit status of the fuzzer
  local t="$1"
  mkdir -p "build-fuzz/corpus/$t" "build-fuzz/crashes/$t" "build-fuzz/seeds/$t"
  # The first corpus dir collects new inputs across runs; the seeds are read only.
  build-fuzz/fuzz/"$t" "build-fuzz/corpus/$t" "build-fuzz/seeds/$t" -max_total_time="$seconds" \
    -max_len="$(max_len "$t")" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=512 \
    -artifact_prefix="build-fuzz/crashes/$t/" -print_final_stats=1 >"build-fuzz/$t.log" 2>&1
}

report() {  # $1 = target, $2 = its exit status
  local t="$1"
  if [[ "$2" -ne 0 ]]; then
    echo "fuzz: $t FAILED (log build-fuzz/$t.log, input in build-fuzz/crashes/$t/):" >&2
    grep -E 'ERROR|SUMMARY|runtime error|Test unit written' "build-fuzz/$t.log" | head -20 >&2 || true
    return 1
  fi
  awk -v t="$t" -v s="$seconds" '/^stat::number_of_executed_units/ {n=$2} /^stat::new_units_added/ {u=$2}
    /^stat::peak_rss_mb/ {r=$2} END {printf "fuzz: %s: ok, %s runs in %ss, %s new units, peak RSS %s MB\n", t, n, s, u, r}' \
    "build-fuzz/$t.log"
}

echo "fuzz: ${targets[*]}: ${seconds}s each, $(nproc) at a time"
status=0
declare -A pids=()
for t in "${targets[@]}"; do
  while [[ ${#pids[@]} -ge $(nproc) ]]; do
    for done_t in "${!pids[@]}"; do
      if ! kill -0 "${pids[$done_t]}" 2>/dev/null; then
        rc=0; wait "${pids[$done_t]}" || rc=$?
        report "$done_t" "$rc" || status=1
        unset "pids[$done_t]"
      fi
    done
    sleep 1
  done
  run "$t" &
  pids[$t]=$!
done
for t in "${!pids[@]}"; do
  rc=0; wait "${pids[$t]}" || rc=$?
  report "$t" "$rc" || status=1
done
exit $status
