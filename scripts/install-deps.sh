#!/usr/bin/env bash
# Installs what nsclint needs from Debian's packages, only what is missing.
#   scripts/install-deps.sh          build dependencies
#   scripts/install-deps.sh --test   plus what the test suite uses (jq, node/npm for the SARIF validator,
#                                    nats-server and libnats-dev for the real-server suite, pre-commit
#                                    for the hook tests, clang-format and clang-tidy for the code checks,
#                                    dpkg-dev for the .deb the install test builds)
#   scripts/install-deps.sh --fixtures  nothing from Debian: the fixture generator builds in Go module mode
#                                    (fixtures/gen/go.mod: jwt v2.8.3, nkeys v0.4.17 from the Go module proxy)
#                                    with the machine's Go, /usr/local/go/bin/go (Go 1.25 or later)
#   scripts/install-deps.sh --fuzz   plus clang and its libFuzzer/sanitizer runtimes (scripts/fuzz.sh)
#   scripts/install-deps.sh --bench  plus GNU time (bench/large.sh; bench/go builds in module mode like the generator)
set -euo pipefail

# git: nsclint asks the git command which files it would commit (NL605); without it,
# files in a git work tree need --no-git.
packages=(cmake g++ make ninja-build ccache pkg-config libsodium-dev rapidjson-dev libcli11-dev nlohmann-json3-dev libtomlplusplus-dev libmimalloc-dev git)
for arg in "$@"; do
  case "$arg" in
    --test) packages+=(pre-commit libgtest-dev jq nats-server libnats-dev clang-format-14 clang-tidy-14 dpkg-dev) ;;
    --fixtures) ;;
    --fuzz) packages+=(clang libclang-rt-14-dev) ;;
    --bench) packages+=(time) ;;
    *) echo "install-deps: unknown option $arg" >&2; exit 2 ;;
  esac
done
if [[ " $* " == *" --test "* ]] && ! command -v npm >/dev/null; then packages+=(nodejs npm); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi
sudo=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-deps: need root to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
