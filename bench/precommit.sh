#!/usr/bin/env bash
# The pre-commit hook's cost (bench/README.md, "pre-commit"): what the `nsclint`
# hook runs for a commit of 20 files (18 user JWTs of a 1,000-user store, a
# README and an .env) in a git repository holding that store: the named JWTs are
# linted with their whole store (--store-context), and git is asked about the
# files that hold seeds (none here). Cold = empty verification cache, warm = the
# cache primed by an earlier run. Median of --runs, wall clock.
#
#   bench/precommit.sh [--runs 5]       NSCLINT=path/to/nsclint (default build/nsclint)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${BENCH_DIR:-/tmp/nsclint-precommit-bench}"
runs=5
[[ "${1:-}" == "--runs" ]] && runs="$2"
nsclint="${NSCLINT:-$repo/build/nsclint}"
mkdir -p "$work"
(cd "$repo/bench/go" && GO111MODULE=on GOTOOLCHAIN=local GOFLAGS=-mod=readonly \
  "${NSCLINT_GO:-/usr/local/go/bin/go}" build -o "$work/benchgo" .)
git_repo="$work/repo"
if [[ ! -f "$git_repo/.done" ]]; then
  rm -rf "$git_repo"
  # 10 accounts (SYS included) of 100 users: 1,000 users, 1,011 JWTs.
  "$work/benchgo" gen -jwts 1011 -out "$git_repo/nsc" >&2
  printf '# Deploy\n' > "$git_repo/README.md"
  printf 'NATS_URL=nats://127.0.0.1:4222\n' > "$git_repo/.env"
  git -C "$git_repo" init -q
  git -C "$git_repo" add -A
  git -C "$git_repo" -c user.name=bench -c user.email=bench@invalid commit -q -m store
  touch "$git_repo/.done"
fi
cd "$git_repo"
mapfile -t files < <(find nsc -path '*/users/*.jwt' | sort | head -18)
files+=(README.md .env)
run() {  # run CACHE_DIR: seconds of one hook run
  local start end
  start=$(date +%s.%N)
  XDG_CACHE_HOME="$1" "$nsclint" --now 2026-06-01T00:00:00Z --fail-on error --store-context "${files[@]}" >/dev/null || true
  end=$(date +%s.%N)
  echo "scale=3; ($end - $start) / 1" | bc
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
cold=$(for _ in $(seq "$runs"); do rm -rf "$work/cache-cold"; run "$work/cache-cold"; done | median)
rm -rf "$work/cache-warm"
run "$work/cache-warm" >/dev/null
warm=$(for _ in $(seq "$runs"); do run "$work/cache-warm"; done | median)
printf "| commit of 20 files (18 JWTs of a 1,000-user store, README, .env) | %.3f s | %.3f s |\n" "$cold" "$warm"
