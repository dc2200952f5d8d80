#!/usr/bin/env bash
# The large-store benchmark (bench/README.md): generates nsc stores with the
# official Go library, then times on the same machine, in one run:
#   floor    bench/floor.cpp: read every .jwt and verify its signature with
#            libsodium on all cores, nothing else
#   go-peer  bench/go validate: the official library's sequential
#            jwt.Decode + Validate loop (what `nsc validate` does)
#   cold     nsclint --no-cache (every signature verified)
#   warm     nsclint with its verification cache primed by an earlier run
# cold and warm in each report format of --formats (the report written to a
# file that does not exist yet), and prints markdown tables (median of
# --runs, wall clock; peak RSS), with issue 17's targets per format.
#
#   bench/large.sh [--sizes "10000 100000 1000000"] [--compare 100000] [--runs 5]
#                  [--formats "text json sarif github gitlab markdown"]
#
# BENCH_DIR (default /tmp/nsclint-large) holds the builds, the stores (kept
# between runs: 1M JWTs take ~4 GB of disk) and results.md.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${BENCH_DIR:-/tmp/nsclint-large}"
sizes="10000 100000 1000000"
compare=100000
runs=5
formats="text json sarif github gitlab markdown"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --compare) compare="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --formats) formats="$2"; shift 2 ;;
    *) echo "usage: bench/large.sh [--sizes \"N ...\"] [--compare N] [--runs R] [--formats \"F ...\"]" >&2; exit 2 ;;
  esac
done
mkdir -p "$work"
now="2026-06-01T00:00:00Z"
jobs="$(nproc)"

# ---------------------------------------------------------------- builds
"$repo/scripts/install-deps.sh" --bench
cmake -S "$repo" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DNSCLINT_TESTS=OFF >/dev/null
cmake --build "$work/build" --target nsclint >/dev/null
"${CXX:-g++}" -std=c++20 -O2 -Wall -Wextra "$repo/bench/floor.cpp" -lsodium -pthread -o "$work/floor"
(cd "$repo/bench/go" && GO111MODULE=on GOTOOLCHAIN=local GOFLAGS=-mod=readonly \
  "${NSCLINT_GO:-/usr/local/go/bin/go}" build -o "$work/benchgo" .)
nsclint="$work/build/nsclint"
export XDG_CACHE_HOME="$work/xdg"

store() {  # store N -> path, generated once
  local dir="$work/store-$1"
  if [[ ! -f "$dir/.done" ]]; then
    rm -rf "$dir"
    "$work/benchgo" gen -jwts "$1" -out "$dir" >&2
    touch "$dir/.done"
  fi
  echo "$dir"
}

# measure NAME CMD... : one run, appends "NAME seconds maxrss_kb" to $work/samples
measure() {
  local name="$1"; shift
  /usr/bin/time -f "%e %M" -o "$work/time.out" "$@" >/dev/null 2>"$work/stderr.out" || {
    local rc=$?
    # nsclint exits 1 when it finds errors; anything else is a failure.
    if [[ $rc -ne 1 || "$1" != "$nsclint" ]]; then cat "$work/stderr.out" >&2; exit 1; fi
  }
  echo "$name $(tail -1 "$work/time.out")" >>"$work/samples"
}

median() {  # median NAME FIELD(2=seconds,3=kb)
  awk -v n="$1" -v f="$2" '$1 == n { print $f }' "$work/samples" | sort -g |
    awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

count_jwts() { find "$1" -name '*.jwt' | wc -l; }
raw_bytes() { find "$1" -name '*.jwt' -printf '%s\n' | awk '{ s += $1 } END { print s }'; }

: >"$work/samples"
lint() { "$nsclint" --now "$now" -j "$jobs" -o "$work/report.txt" "$@"; }

# ---------------------------------------------------------------- peers at --compare
cmp_store="$(store "$compare")"
rm -rf "$XDG_CACHE_HOME"
lint "$cmp_store" 2>/dev/null || true   # primes the cache and the page cache
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
read -r -a format_list <<<"$formats"
for ((r = 0; r < runs; r++)); do
  measure floor "$work/floor" -j "$jobs" "$cmp_store"
  measure go "$work/benchgo" validate "$cmp_store"
  # The formats in a rotated order each run: the first run after the go peer
  # is often the slowest, which would otherwise always be the same format's.
  for ((i = 0; i < ${#format_list[@]}; i++)); do
    fmt="${format_list[(i + r) % ${#format_list[@]}]}"
    # A report file that exists is truncated first, which for a big report
    # costs as much as writing part of it: each run writes a new file.
    rm -f "$work/report.$fmt"
    measure "cold-$fmt" "$nsclint" --now "$now" -j "$jobs" -f "$fmt" -o "$work/report.$fmt" --no-cache "$cmp_store"
    rm -f "$work/report.$fmt"
    measure "warm-$fmt" "$nsclint" --now "$now" -j "$jobs" -f "$fmt" -o "$work/report.$fmt" "$cmp_store"
  done
done

# ---------------------------------------------------------------- scaling
for n in $sizes; do
  s="$(store "$n")"
  rm -rf "$XDG_CACHE_HOME"
  lint "$s" 2>/dev/null || true
  r_n=$runs
  [[ $n -ge 1000000 ]] && r_n=$(( runs < 3 ? runs : 3 ))
  for ((r = 0; r < r_n; r++)); do
    measure "cold-$n" "$nsclint" --now "$now" -j "$jobs" -o "$work/report.txt" --no-cache "$s"
    measure "warm-$n" "$nsclint" --now "$now" -j "$jobs" -o "$work/report.txt" "$s"
  done
done

# ---------------------------------------------------------------- tables
{
  echo "machine: $(nproc) cpus, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(free -g | awk '/^Mem:/ { print $2 }') GiB;" \
    "load before the peers: $load_before, after all runs: $(cut -d' ' -f1-3 /proc/loadavg); runs: $runs; $(date -u +%Y-%m-%d)"
  echo
  floor="$(median floor 2)"
  echo "Peers on $(count_jwts "$cmp_store") JWTs ($(raw_bytes "$cmp_store") bytes), -j $jobs, median of $runs:"
  echo
  echo "| run | median s | × floor | × go peer | peak RSS MB |"
  echo "|---|---:|---:|---:|---:|"
  go="$(median go 2)"
  names="floor go"
  for fmt in $formats; do names="$names cold-$fmt warm-$fmt"; done
  for name in $names; do
    m="$(median "$name" 2)"
    awk -v n="$name" -v m="$m" -v f="$floor" -v g="$go" -v k="$(median "$name" 3)" \
      'BEGIN { printf "| %s | %.2f | %.2f | %.2f | %.0f |\n", n, m, m / f, m / g, k / 1024 }'
  done
  echo
  echo "Per format against issue 17's targets (warm ≤ 0.25× floor; cold ≤ 1.15× floor and ≥ 2× faster than the go peer):"
  echo
  echo "| format | report MB | warm s | warm × floor | ≤ 0.25× | cold s | cold × floor | ≤ 1.15× | go peer ÷ cold | ≥ 2× |"
  echo "|---|---:|---:|---:|---|---:|---:|---|---:|---|"
  for fmt in $formats; do
    awk -v n="$fmt" -v w="$(median "warm-$fmt" 2)" -v c="$(median "cold-$fmt" 2)" -v f="$floor" -v g="$go" \
      -v b="$(stat -c %s "$work/report.$fmt")" \
      'function yes(ok) { return ok ? "met" : "**missed**" }
       BEGIN { printf "| %s | %.1f | %.2f | %.3f | %s | %.2f | %.3f | %s | %.2f | %s |\n", n, b / 1e6, w, w / f,
               yes(w / f <= 0.25), c, c / f, yes(c / f <= 1.15), g / c, yes(g / c >= 2) }'
  done
  echo
  echo "Scaling (nsclint, -j $jobs, median; 1M: median of at most 3):"
  echo
  echo "| JWTs | raw MB | cold s | cold µs/JWT | warm s | warm µs/JWT | peak RSS MB (cold) | RSS / raw |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
  for n in $sizes; do
    s="$work/store-$n"
    awk -v j="$(count_jwts "$s")" -v b="$(raw_bytes "$s")" -v c="$(median "cold-$n" 2)" \
      -v w="$(median "warm-$n" 2)" -v k="$(median "cold-$n" 3)" \
      'BEGIN { printf "| %d | %.1f | %.2f | %.1f | %.2f | %.1f | %.0f | %.2f |\n", j, b / 1e6, c, c * 1e6 / j, w, w * 1e6 / j, k / 1024, k * 1024 / b }'
  done
} | tee "$work/results.md"
