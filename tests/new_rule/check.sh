#!/usr/bin/env bash
# scripts/new-rule on a copy of the rules and the generator: the rule file
# compiles with the rules stage's view, rules.def and the generator's family
# list gain one line each in id order, the Go case file is gofmt-clean, and a
# taken id or a bad name is refused.
#   tests/new_rule/check.sh SOURCE_DIR BUILD_DIR CXX
set -euo pipefail
src="$1" build="$2" cxx="$3"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/rules" "$tmp/fixtures" "$tmp/lint"
cp -r "$src/rules/." "$tmp/rules/"
cp -r "$src/lint/." "$tmp/lint/"
cp -r "$src/fixtures/gen" "$tmp/fixtures/"
"$src/scripts/new-rule" --root "$tmp" NL599 made-up-rule "A rule made up by the scaffold test." >/dev/null
"$cxx" -std=c++20 -fsyntax-only -Wall -Wextra -Werror -I "$tmp" "$tmp/rules/imports/nl599_made_up_rule.cpp"
diff <(grep -v NL599 "$tmp/rules/rules.def") "$src/rules/rules.def" >/dev/null || { echo "rules.def changed beyond one line"; exit 1; }
[[ "$(grep 'NSCLINT_RULE(NL' "$tmp/rules/rules.def" | grep -A1 'NL599')" == *"NL599, imports, made_up_rule"*"NL601"* ]] || { echo "NL599 not in id order (before NL601)"; exit 1; }
grep -q 'casesNL599(fs)' "$tmp/fixtures/gen/cases_nl5.go" || { echo "not called from casesNL5"; exit 1; }
if command -v /usr/local/go/bin/gofmt >/dev/null; then
  [[ -z "$(/usr/local/go/bin/gofmt -l "$tmp/fixtures/gen/cases_nl599.go")" ]] || { echo "cases_nl599.go is not gofmt-clean"; exit 1; }
fi
if "$src/scripts/new-rule" --root "$tmp" NL599 other-name "Taken." 2>"$tmp/err"; then echo "a taken id was accepted"; exit 1; fi
grep -q "NL599 is already in rules/rules.def" "$tmp/err" || { cat "$tmp/err"; exit 1; }
if "$src/scripts/new-rule" --root "$tmp" NL598 Bad_Name "Bad." 2>"$tmp/err"; then echo "a bad name was accepted"; exit 1; fi
echo "new-rule: scaffold compiles and registers NL599 in order"
