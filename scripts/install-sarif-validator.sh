#!/usr/bin/env bash
# Installs the offline SARIF validators (reference/sarif-and-ci.md §7) into
# ${1:-${NSCLINT_TOOLS_DIR:-$PWD/build/tools}}: the Microsoft SARIF multitool
# (schema + SARIF + GitHub ingestion rules) and ajv (JSON Schema).
# Does nothing when the pinned versions are already there.
set -euo pipefail

dir="${1:-${NSCLINT_TOOLS_DIR:-$PWD/build/tools}}"
packages=(
  "@microsoft/sarif-multitool@5.7.0"
  "ajv-cli@5.0.0"
  "ajv@8.20.0"
  "ajv-formats@3.0.1"
)

installed_version() {  # $1 = package name; prints its installed version or nothing
  local manifest="$dir/node_modules/$1/package.json"
  if [[ -f "$manifest" ]]; then jq -r '.version // empty' "$manifest" 2>/dev/null || true; fi
}

missing=()
for spec in "${packages[@]}"; do
  name="${spec%@*}"
  want="${spec##*@}"
  [[ "$(installed_version "$name")" == "$want" ]] || missing+=("$spec")
done
# The multitool ships its binary and schema in a platform package.
multitool="$dir/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
if [[ ${#missing[@]} -eq 0 && ! -x "$multitool" ]]; then
  missing+=("@microsoft/sarif-multitool@5.7.0")
fi

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-sarif-validator: up to date in $dir"
  exit 0
fi

command -v npm >/dev/null || { echo "install-sarif-validator: npm not found" >&2; exit 1; }
mkdir -p "$dir"
echo "install-sarif-validator: installing ${missing[*]} into $dir"
# Install the whole pinned set so npm resolves them together.
npm install --no-audit --no-fund --prefix "$dir" "${packages[@]}"

if [[ ! -x "$multitool" ]]; then
  echo "install-sarif-validator: $multitool missing after install" >&2
  exit 1
fi
echo "install-sarif-validator: installed into $dir"
