#!/usr/bin/env bash
# Installs the dependencies, builds nsclint and runs the whole test suite
# (unit, rule fixtures, CLI, SARIF validation, no-secret-leak, real-world corpus);
# with CI set, also the sanitizer build (scripts/sanitize.sh) and a short fuzz run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
scripts/build.sh
# The code itself: formatted as .clang-format says, clean under .clang-tidy.
scripts/check-format.sh
scripts/install-sarif-validator.sh "$PWD/build/tools"
# The server matrix and nsc, built once per version from the Go module proxy
# and kept in the build tree (scripts/install-go-tools.sh).
go_tools="$PWD/build/tools/go"
scripts/install-go-tools.sh "$go_tools"
servers="2.9.10=$(command -v nats-server || echo /usr/sbin/nats-server)"
versions="2.9.10"
while read -r name version; do
  case "$name" in
    nats-server) servers+=";$version=$go_tools/nats-server-$version/nats-server"; versions+=" $version" ;;
    nsc) export NSCLINT_NSC="$go_tools/nsc-$version/nsc" ;;
  esac
done < <(scripts/install-go-tools.sh --list)
export NSCLINT_SERVERS="$servers"
echo "test.sh: nats-server matrix: $versions; nsc: $NSCLINT_NSC"
export NSCLINT_TOOLS_DIR="$PWD/build/tools"
export NSCLINT_SARIF_VALIDATOR="$PWD/scripts/validate-sarif.sh"
ctest --test-dir build --output-on-failure -j "$(nproc)"

# clang-tidy over lint/ and rules/ (a few minutes on 2 cores): in CI.
if [[ -n "${CI:-}" ]]; then
  scripts/check-tidy.sh build
fi

# In CI (CI is set): the same suite under ASan+UBSan, then every fuzz target
# for 20 seconds on its fixture-seeded corpus.
if [[ -n "${CI:-}" ]]; then
  scripts/install-deps.sh --fuzz
  scripts/sanitize.sh
  scripts/fuzz.sh 20
fi
