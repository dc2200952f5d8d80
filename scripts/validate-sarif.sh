#!/usr/bin/env bash
# Validates nsclint SARIF logs offline (reference/sarif-and-ci.md §7):
#   1. JSON Schema: ajv against the multitool's sarif-2.1.0.json (draft 2020-12);
#   2. the SARIF multitool's SARIF and GitHub-ingestion rules ("Sarif;Gh"),
#      gated on its output log holding no error results (it exits 0 anyway);
#   3. nsclint's own jq assertions: results present, relative uris without
#      "..", startLine, primaryLocationLineHash, ruleId == rules[ruleIndex].id,
#      no snippet.
# Usage: scripts/validate-sarif.sh FILE.sarif...
# Tools come from $NSCLINT_TOOLS_DIR, else ./build/tools, else the repo's
# build/tools; install them with scripts/install-sarif-validator.sh.
set -euo pipefail

me="validate-sarif"
die() { echo "$me: $*" >&2; exit 2; }

[[ $# -gt 0 ]] || die "usage: $0 FILE.sarif..."
command -v jq >/dev/null || die "jq not found"
command -v node >/dev/null || die "node not found"

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tools=""
for candidate in "${NSCLINT_TOOLS_DIR:-}" "$PWD/build/tools" "$script_dir/../build/tools"; do
  if [[ -n "$candidate" && -x "$candidate/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool" ]]; then
    tools="$(cd "$candidate" && pwd)"
    break
  fi
done
[[ -n "$tools" ]] || die "SARIF validator not installed; run scripts/install-sarif-validator.sh (or set NSCLINT_TOOLS_DIR)"

multitool="$tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
schema="$tools/node_modules/@microsoft/sarif-multitool-linux/sarif-2.1.0.json"
ajv="$tools/node_modules/ajv-cli/dist/index.js"
[[ -f "$schema" ]] || die "schema missing: $schema"
[[ -f "$ajv" ]] || die "ajv-cli missing: $ajv"
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# nsclint's own expectations; each prints one line per violation.
read -r -d '' assertions <<'JQ' || true
  if (.runs | type) != "array" or (.runs | length) == 0 then "no runs" else
  .runs | to_entries[] | .key as $r | .value as $run
  | ($run.tool.driver.rules // []) as $rules
  | if ($run | has("results") | not) or ($run.results | type) != "array"
    then "run \($r): results array missing"
    else
      ($run.results | to_entries[] | .key as $i | .value as $res
       | "run \($r) result \($i)" as $at
       | (if ($res.ruleIndex | type) != "number" or $res.ruleIndex < 0 or $res.ruleIndex >= ($rules | length)
          then "\($at): ruleIndex \($res.ruleIndex) out of range"
          elif $rules[$res.ruleIndex].id != $res.ruleId
          then "\($at): ruleId \($res.ruleId) != rules[\($res.ruleIndex)].id \($rules[$res.ruleIndex].id)"
          else empty end),
         (if ($res.locations | length) != 1 then "\($at): \($res.locations | length) locations, want 1" else empty end),
         ($res.locations[0].physicalLocation as $pl
          | ($pl.artifactLocation.uri // "") as $uri
          | (if $uri == "" then "\($at): no artifactLocation.uri" else empty end),
            (if ($uri | test("^[A-Za-z][A-Za-z0-9+.-]*:")) | not
             then (if ($uri | split("/") | index("..")) != null or ($uri | startswith("/"))
                   then "\($at): relative uri \($uri) escapes the root" else empty end)
             else empty end),
            (if (($pl.region.startLine // 0) | type) != "number" or ($pl.region.startLine // 0) < 1
             then "\($at): region.startLine missing" else empty end)),
         (if (($res.partialFingerprints.primaryLocationLineHash // "") == "")
          then "\($at): partialFingerprints.primaryLocationLineHash missing" else empty end)),
      ([.. | objects | select(has("snippet") or has("contextRegion"))] | length
       | if . > 0 then "run \($r): \(.) snippet/contextRegion objects" else empty end)
    end
  end
JQ

status=0
for file in "$@"; do
  fail() { echo "$me: $file: $*" >&2; status=1; }
  [[ -r "$file" ]] || { fail "cannot read"; continue; }
  if ! jq empty "$file" 2>"$work/jq.err"; then
    fail "not JSON: $(cat "$work/jq.err")"
    continue
  fi

  # 1. JSON Schema. ajv wants a .json name for the data file.
  cp "$file" "$work/data.json"
  if ! (cd "$tools" && node "$ajv" validate --spec=draft2020 -c ajv-formats --strict=false \
          --all-errors --errors=text -s "$schema" -d "$work/data.json") >"$work/ajv.out" 2>&1; then
    fail "schema validation failed:"
    sed 's/^/  /' "$work/ajv.out" >&2
  fi

  # 2. SARIF + GitHub rules.
  if ! "$multitool" validate "$file" --rule-kind "Sarif;Gh" -o "$work/val.sarif" --log ForceOverwrite \
        >"$work/mt.out" 2>&1; then
    fail "multitool failed:"
    sed 's/^/  /' "$work/mt.out" >&2
  elif [[ ! -s "$work/val.sarif" ]]; then
    fail "multitool wrote no log:"
    sed 's/^/  /' "$work/mt.out" >&2
  else
    errors="$(jq '[.runs[].results[]? | select(.level == "error")] | length' "$work/val.sarif")"
    if [[ "$errors" != "0" ]]; then
      fail "multitool reports $errors error(s):"
      # The console output words each error; its log holds only message ids.
      grep -E ': error ' "$work/mt.out" | sed 's/^/  /' >&2 ||
        jq -r '.runs[].results[]? | select(.level == "error")
               | "  \(.ruleId): \(.message.id) \(.message.arguments // [] | join(" | "))"' \
          "$work/val.sarif" >&2
    fi
  fi

  # 3. nsclint's assertions.
  jq -r "$assertions" "$file" >"$work/assert.out" || fail "jq assertions could not run"
  if [[ -s "$work/assert.out" ]]; then
    fail "nsclint assertions failed:"
    sed 's/^/  /' "$work/assert.out" >&2
  fi

  [[ $status -ne 0 ]] || echo "$me: $file: ok (schema, SARIF+GitHub rules, nsclint assertions)"
done
exit $status
