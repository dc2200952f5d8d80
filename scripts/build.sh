#!/usr/bin/env bash
# Configures and builds nsclint into ./build. Warnings are errors here (CI);
# NSCLINT_WERROR=OFF for users' builds (the GitHub action), NSCLINT_TESTS=OFF
# to skip the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
cmake -S . -B build "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DNSCLINT_WERROR="${NSCLINT_WERROR:-ON}" -DNSCLINT_TESTS="${NSCLINT_TESTS:-ON}" >/dev/null
cmake --build build -j "$(nproc)"
