#!/usr/bin/env bash
# clang-tidy (.clang-tidy) over every source of lint/ and rules/, with the
# compile commands of BUILD_DIR (default build). Any finding fails.
#   scripts/check-tidy.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
tidy="$(command -v clang-tidy-14 || command -v clang-tidy)"
runner="$(command -v run-clang-tidy-14 || command -v run-clang-tidy)"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! "$runner" -clang-tidy-binary "$tidy" -p "$build" -quiet -j "$(nproc)" "$PWD/(lint|rules)/.*\.cpp" >"$log" 2>&1 ||
   grep -q "error: " "$log"; then
  grep -E "(error|warning): " "$log" | sed 's/\x1b\[[0-9;]*m//g' | sort -u
  echo "check-tidy.sh: clang-tidy found problems (above)" >&2
  exit 1
fi
echo "check-tidy.sh: clean ($(git ls-files 'lint/*.cpp' 'rules/*.cpp' | wc -l) files)"
