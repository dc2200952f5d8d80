#!/usr/bin/env bash
# `cmake --install` gives users nsclint on PATH, and `cpack -G DEB` a package
# that holds it: install into a temporary prefix and run it from there; build
# the .deb and list what it installs.
#   tests/install/check.sh BUILD_DIR
set -euo pipefail
build="$1"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
version="$(PATH="$tmp/prefix/bin:$PATH" nsclint --version)"
grep -q '^nsclint ' <<<"$version" || { echo "installed nsclint does not run"; exit 1; }
test -f "$tmp/prefix/share/doc/nsclint/README.md" || { echo "README not installed"; exit 1; }
test -f "$tmp/prefix/share/doc/nsclint/rules/NL101.md" || { echo "rule docs not installed"; exit 1; }
(cd "$tmp" && cpack --config "$(realpath "$build")/CPackConfig.cmake" -G DEB >/dev/null)
deb="$(ls "$tmp"/nsclint_*.deb)"
contents="$(dpkg-deb --contents "$deb")"
grep -q '\./usr/bin/nsclint$' <<<"$contents" || { echo "the .deb holds no /usr/bin/nsclint"; exit 1; }
depends="$(dpkg-deb --field "$deb" Depends)"
grep -q libsodium <<<"$depends" || { echo "the .deb does not depend on libsodium"; exit 1; }
echo "install: nsclint runs from the prefix; $(basename "$deb") installs /usr/bin/nsclint"
