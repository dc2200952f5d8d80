#!/usr/bin/env bash
# Regenerates docs/rules.md and the README's rule table from the rule registry
# (tests fail when either is stale). Needs a built ./build/nsclint.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/nsclint
"$bin" --list-rules --format markdown > docs/rules.md
table=$(mktemp)
# The README table is the first block of docs/rules.md after its heading.
awk '/^\| id \|/{p=1} p&&/^$/{exit} p' docs/rules.md | sed 's/](#/](docs\/rules.md#/' > "$table"
awk -v table="$table" '
  /<!-- rules:begin -->/ { print; while ((getline line < table) > 0) print line; skip=1; next }
  /<!-- rules:end -->/ { skip=0 }
  !skip { print }
' README.md > README.md.tmp && mv README.md.tmp README.md
rm -f "$table"
# The README's demo output, produced by the current binary.
demo=$(mktemp)
{
  echo '```'
  echo '$ build/nsclint --now 2026-06-01T00:00:00Z fixtures/demo'
  "$bin" --now 2026-06-01T00:00:00Z --color never fixtures/demo || true
  echo '```'
} > "$demo"
awk -v demo="$demo" '
  /<!-- demo:begin -->/ { print; while ((getline line < demo) > 0) print line; skip=1; next }
  /<!-- demo:end -->/ { skip=0 }
  !skip { print }
' README.md > README.md.tmp && mv README.md.tmp README.md
rm -f "$demo"
# The README's fix script for the demo, written by the current binary in a
# folder where fixtures/ is the repository's (so its paths read fixtures/demo/...).
work=$(mktemp -d)
ln -s "$PWD/fixtures" "$work/fixtures"
block=$(mktemp)
{
  echo '```sh'
  echo '$ build/nsclint --now 2026-06-01T00:00:00Z --disable NL602 -q --fix-script fix.sh fixtures/demo >/dev/null'
  echo '$ cat fix.sh'
  (cd "$work" && "$OLDPWD/$bin" --now 2026-06-01T00:00:00Z --disable NL602 -q --fix-script fix.sh fixtures/demo >/dev/null 2>&1 || true)
  cat "$work/fix.sh"
  echo '```'
} > "$block"
rm -rf "$work"
awk -v block="$block" '
  /<!-- fixscript:begin -->/ { print; while ((getline line < block) > 0) print line; skip=1; next }
  /<!-- fixscript:end -->/ { skip=0 }
  !skip { print }
' README.md > README.md.tmp && mv README.md.tmp README.md
rm -f "$block"
# One page per rule.
mkdir -p docs/rules
rm -f docs/rules/NL*.md
for id in $("$bin" --list-rules | awk '/^NL[0-9]/{print $1}'); do
  "$bin" --explain "$id" --format markdown > "docs/rules/$id.md"
done
