#!/usr/bin/env bash
# Builds bench/subjects_bench.cpp against lint/base/subjects.cpp with -O2 and
# prints the table (median of 7 runs, ms). Not part of the CMake build.
# Usage: bench/run.sh            (BUILD_DIR overrides the output folder)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-${TMPDIR:-/tmp}/nsclint-bench}"
mkdir -p "$build"
"${CXX:-g++}" -std=c++20 -O2 -DNDEBUG \
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion -Werror \
  -I"$repo" "$repo/lint/base/subjects.cpp" "$repo/bench/subjects_bench.cpp" \
  -o "$build/subjects_bench"
echo "machine: $(nproc) cpus, $(lscpu | sed -n 's/^Model name: *//p' | head -1)"
"$build/subjects_bench"
