#!/usr/bin/env bash
# Writes nsclint's reports over a fixed corpus into OUT, so that two builds can
# be compared byte for byte (a refactor must not change a single report):
#   scripts/report-corpus.sh BINARY OUT [LARGE_STORE]
#   diff -r OUT_BEFORE OUT_AFTER
# The corpus: the demo store, every fixture case (its inputs, at its clock),
# the real-world corpus (../shared/realworld, when present) and, when given,
# a large generated store (bench/large.sh makes them); each in every report
# format (text, json, sarif, github, gitlab, markdown; FORMATS="text json"
# for fewer), with the exit code.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="$(realpath "$1")"
out="$(realpath -m "$2")"
large="${3:-}"
rm -rf "$out"
mkdir -p "$out"
cache="$(mktemp -d)"
trap 'rm -rf "$cache"' EXIT
export XDG_CACHE_HOME="$cache"

formats="${FORMATS:-text json sarif github gitlab markdown}"

# report NAME DIR NOW INPUT... : each format and the exit code of each
report() {
  local name="$1" dir="$2" now="$3"
  shift 3
  local fmt code
  for fmt in $formats; do
    code=0
    (cd "$dir" && "$bin" --no-config --now "$now" --format "$fmt" "$@") >"$out/$name.$fmt" 2>"$out/$name.$fmt.err" || code=$?
    echo "$code" >"$out/$name.$fmt.code"
  done
}

report demo "$repo/fixtures" 2026-06-01T00:00:00Z demo
for case in "$repo"/fixtures/cases/*/; do
  name="$(basename "$case")"
  now="$(jq -r '.now // "2026-06-01T00:00:00Z"' "$case/case.json")"
  mapfile -t inputs < <(jq -r '.inputs[]' "$case/case.json")
  mapfile -t args < <(jq -r '((.connz // [])[] | "--connz=" + .), ((.accstatz // [])[] | "--accstatz=" + .)' "$case/case.json")
  report "case-$name" "$case" "$now" "${args[@]}" "${inputs[@]}"
done
if [[ -d "$repo/../shared/realworld" ]]; then
  report realworld "$repo/../shared" 2026-06-01T00:00:00Z realworld
fi
if [[ -n "$large" ]]; then
  report large "$(dirname "$large")" 2026-06-01T00:00:00Z "$(basename "$large")"
fi
echo "report-corpus.sh: $(find "$out" -name '*.code' | wc -l) reports in $out"
