#!/usr/bin/env bash
# The README's "Change review" example, reproducible: a copy of the demo store,
# a few real nsc commands on it, then `nsclint diff` of before and after.
# Needs a built build/nsclint (NSCLINT_BIN overrides) and the real nsc
# (NSCLINT_NSC, else `nsc` on PATH).
# With --update-readme, the output replaces the README block between
# <!-- diffdemo:begin --> and <!-- diffdemo:end -->.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
nsc=${NSCLINT_NSC:-nsc}
bin="${NSCLINT_BIN:-$root/build/nsclint}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r fixtures/demo/store "$work/before"
cp -r fixtures/demo/store "$work/after"
cp -r fixtures/demo/keys "$work/keys"
mkdir -p "$work/home" "$work/config"

commands=(
  "edit user --account analytics --name dash --allow-pub app.>"
  "edit user --account analytics --name loader --allow-pub app.loader.*"
  "edit user --account billing --name scheduler --bearer"
  "edit export --account orders --subject orders.status --private=false"
  "edit account --name reports --sk ADS75Y2F6K6FJ3INEJOJF2HLBKBSKA6T2TOZQ5RBZ44I4WGC2DWRAWSK"
)
nscrun() {
  # shellcheck disable=SC2068 # each command is a word list
  HOME="$work/home" NKEYS_PATH="$work/keys" "$nsc" $@ --config-dir "$work/config" --data-dir "$work/after" \
    --keystore-dir "$work/keys" >"$work/nsc.log" 2>&1 || { cat "$work/nsc.log" >&2; exit 1; }
}
nscrun env --operator acme
block=$(mktemp)
{
  echo '```'
  echo '$ cp -r fixtures/demo/store before && cp -r fixtures/demo/store after   # then, on after/:'
  for c in "${commands[@]}"; do
    echo "\$ nsc $c"
    nscrun "$c"
  done
  echo '$ nsclint diff before/acme after/acme'
  (cd "$work" && "$bin" diff --no-cache before/acme after/acme) || true
  echo '```'
} > "$block"
if [[ "${1:-}" == "--update-readme" ]]; then
  awk -v block="$block" '
    /<!-- diffdemo:begin -->/ { print; while ((getline line < block) > 0) print line; skip=1; next }
    /<!-- diffdemo:end -->/ { skip=0 }
    !skip { print }
  ' README.md > README.md.tmp && mv README.md.tmp README.md
else
  cat "$block"
fi
rm -f "$block"
