#!/usr/bin/env bash
# Re-records fixtures/findings/<case>.txt, the exact text (message, fix
# commands, remediation) of every fixture case's findings, after an intended
# change of wording or of a fix; review the diff before committing it.
#   scripts/update-findings.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
cmake --build "$build" --target nsclint_tests >/dev/null
rm -rf fixtures/findings
mkdir -p fixtures/findings
NSCLINT_UPDATE_FINDINGS=1 "$build/nsclint_tests" --gtest_filter='Fixtures/RuleCase.*' --gtest_brief=1 >/dev/null || true
"$build/nsclint_tests" --gtest_filter='Fixtures/RuleCase.*:RuleCoverage.*' --gtest_brief=1
git status --short fixtures/findings | head -20
