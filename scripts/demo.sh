#!/usr/bin/env bash
# Installs the dependencies, builds nsclint and lints the bundled demo store
# (at the fixtures' clock, so the output is the one the README shows).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
set +e
build/nsclint --now 2026-06-01T00:00:00Z fixtures/demo
code=$?
set -e
echo "(nsclint exited $code: 1 means findings at or above --fail-on error)"
[[ $code -le 1 ]]
