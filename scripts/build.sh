#!/usr/bin/env bash
# Configures and builds nsclint into ./build (warnings are errors).
set -euo pipefail
cd "$(dirname "$0")/.."
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
cmake -S . -B build "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNSCLINT_WERROR=ON >/dev/null
cmake --build build -j "$(nproc)"
