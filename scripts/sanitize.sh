#!/usr/bin/env bash
# Builds nsclint and its test suite with AddressSanitizer and UBSan
# (-DNSCLINT_SANITIZE=ON, gcc is fine) into build-asan/ and runs ctest there.
# Any sanitizer report fails the test that triggered it. Extra arguments go
# to ctest (e.g. -R Hostile).
set -euo pipefail
cd "$(dirname "$0")/.."
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
# -O1 -g1: the sanitizers' usual trade of speed against compile time; -g1 keeps the
# line tables stack traces need and skips the rest of the debug info.
cmake -S . -B build-asan "${generator[@]}" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" \
  -DNSCLINT_SANITIZE=ON -DNSCLINT_WERROR=ON >/dev/null
cmake --build build-asan -j "$(nproc)"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:strict_string_checks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1:suppressions=$PWD/fuzz/ubsan.supp}"
# The SARIF validator checks report shape, not memory safety, and the normal
# test run already used it: the tests that need it skip here.
unset NSCLINT_SARIF_VALIDATOR
# NoSecretLeak starts nsclint some 700 times to grep its output: 5+ minutes
# under ASan for paths the other tests already run instrumented.
ctest --test-dir build-asan --output-on-failure -j "$(nproc)" -E '^NoSecretLeak\.' "$@"
