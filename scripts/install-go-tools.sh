#!/usr/bin/env bash
# Builds the Go peers of the test suite from the Go module proxy with the
# machine's Go, once per version, into a folder of the build tree:
#   DEST/nats-server-<version>/nats-server   the server matrix (SPEC §6)
#   DEST/nsc-<version>/nsc                   the real nsc (fix-command tests)
# A binary already there is kept, so a re-run builds nothing. The module and
# build caches are Go's own. Prints nothing when all is built; exits non-zero
# naming the module that failed.
#
#   scripts/install-go-tools.sh DEST            build everything below
#   scripts/install-go-tools.sh --list          print "name version" per line
#
# The matrix: Debian's 2.9.10 (scripts/install-deps.sh --test) plus these.
#   2.10.11  last release on jwt 2.5.3: empty subject tokens still load, no trace validation
#   2.10.29  jwt 2.7.4: strict subjects, trace validation, cluster_traffic
#   2.11.14  jwt 2.8.0: last release before jwt 2.8.1 (service-import overlap, weights, 1 MiB)
#   2.15.3   the default target (SERVER_DEFAULT in lint/versions), the newest release that builds
# nsc: v2.14.0 and v2.13.x are not served by the module proxy ("not available");
# v2.12.2 is the newest that is.
set -euo pipefail

SERVERS=(2.10.11 2.10.29 2.11.14 2.15.3)
NSC=2.12.2

if [[ "${1:-}" == "--list" ]]; then
  for v in "${SERVERS[@]}"; do echo "nats-server $v"; done
  echo "nsc $NSC"
  exit 0
fi
dest="${1:?usage: install-go-tools.sh DEST}"
mkdir -p "$dest"
dest="$(cd "$dest" && pwd)"

# The machine's Go (/usr/local/go), never Debian's older golang-go that
# --fixtures may have put on PATH.
GO=go
[[ -x /usr/local/go/bin/go ]] && GO=/usr/local/go/bin/go
command -v "$GO" >/dev/null || { echo "install-go-tools: no Go toolchain found" >&2; exit 1; }

# The binaries live in DEST; Go's module and build caches stay where Go keeps
# them for this user (~/go/pkg/mod, ~/.cache/go-build), so a fresh clone on a
# machine that built them once relinks instead of recompiling.
export GOTOOLCHAIN=local GOFLAGS=-mod=mod GO111MODULE=on CGO_ENABLED=0

build() {  # name module version
  local name="$1" module="$2" version="$3"
  local out="$dest/$name-$version"
  [[ -x "$out/$name" ]] && return 0
  echo "install-go-tools: building $name $version (go install $module@v$version)"
  mkdir -p "$out.tmp"
  if ! GOBIN="$out.tmp" "$GO" install -trimpath "$module@v$version" 2>"$out.log"; then
    echo "install-go-tools: go install $module@v$version failed:" >&2
    cat "$out.log" >&2
    rm -rf "$out.tmp"
    return 1
  fi
  rm -rf "$out" && mv "$out.tmp" "$out"
}

# nsc: `go install nsc@version` asks the proxy for nsc's version list (to
# look for a deprecation notice), which the proxy refuses; building it as the
# one requirement of a throwaway module needs only that version's files.
build_in_module() {  # name module version
  local name="$1" module="$2" version="$3"
  local out="$dest/$name-$version" work="$dest/$name-$version.module"
  [[ -x "$out/$name" ]] && return 0
  echo "install-go-tools: building $name $version (go build $module in a module requiring v$version)"
  rm -rf "$work" && mkdir -p "$work" "$out.tmp"
  printf 'module nsclint.local/%s-build\n\ngo 1.24\n\nrequire %s v%s\n' "$name" "$module" "$version" > "$work/go.mod"
  if ! (cd "$work" && "$GO" build -trimpath -o "$out.tmp/$name" "$module") 2>"$out.log"; then
    echo "install-go-tools: go build $module@v$version failed:" >&2
    cat "$out.log" >&2
    rm -rf "$out.tmp" "$work"
    return 1
  fi
  rm -rf "$out" "$work" && mv "$out.tmp" "$out"
}

for v in "${SERVERS[@]}"; do build nats-server github.com/nats-io/nats-server/v2 "$v"; done
build_in_module nsc github.com/nats-io/nsc/v2 "$NSC"
