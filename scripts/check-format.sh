#!/usr/bin/env bash
# Every C++ file of the project is formatted as .clang-format says.
#   scripts/check-format.sh          check (exit 1 and the files when not)
#   scripts/check-format.sh --fix    format them in place
set -euo pipefail
cd "$(dirname "$0")/.."
fmt="$(command -v clang-format-14 || command -v clang-format)"
mapfile -t files < <(git ls-files '*.cpp' '*.h' | grep -v '^fixtures/')
if [[ "${1:-}" == "--fix" ]]; then
  "$fmt" -i "${files[@]}"
  exit 0
fi
bad=()
for f in "${files[@]}"; do
  "$fmt" --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if [[ ${#bad[@]} -gt 0 ]]; then
  printf '  %s\n' "${bad[@]}"
  echo "check-format.sh: ${#bad[@]} files are not formatted (scripts/check-format.sh --fix)" >&2
  exit 1
fi
echo "check-format.sh: ${#files[@]} files formatted"
