#!/usr/bin/env bash
# Builds the seed corpora of the fuzz targets from a sample of fixtures/ into
# ${1:-build-fuzz/seeds}/<target>/ (regenerated each run, never committed).
#   token_fuzz     bare tokens, creds files, and decoded payloads ('{...}')
#   nkeys_fuzz     public keys and seeds found in the fixtures, one per file
#   content_fuzz   one selector byte (0 .jwt, 1 .creds, 2 .nk) + file content
#   snapshot_fuzz  one selector byte (0 /connz, 1 /accstatz) + JSON
#   config_fuzz    config files (.toml) found in the fixtures
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-build-fuzz/seeds}"
rm -rf "$out"
mkdir -p "$out"/{token_fuzz,nkeys_fuzz,content_fuzz,snapshot_fuzz,config_fuzz}

# Every 8th file of a kind, in a stable order: a sample that still covers
# every rule family's fixtures.
sample() { find fixtures -type f -name "$1" -size -64k | LC_ALL=C sort | awk -v n="$2" 'NR % n == 1'; }

i=0
while read -r f; do
  i=$((i + 1))
  cp "$f" "$out/token_fuzz/jwt-$i"
  { printf '\x00'; cat "$f"; } > "$out/content_fuzz/jwt-$i"
  # The payload alone: token_fuzz wraps a '{'-input in a token itself, so
  # mutations reach the claims parser without breaking base64 first.
  payload=$(cut -d. -f2 "$f" | tr -d '\n' | tr '_-' '/+')
  while (( ${#payload} % 4 )); do payload+='='; done
  printf '%s' "$payload" | base64 -d > "$out/token_fuzz/payload-$i" 2>/dev/null || rm -f "$out/token_fuzz/payload-$i"
done < <(sample '*.jwt' 8)
while read -r f; do
  i=$((i + 1))
  cp "$f" "$out/token_fuzz/creds-$i"
  { printf '\x01'; cat "$f"; } > "$out/content_fuzz/creds-$i"
done < <(sample '*.creds' 4)
while read -r f; do
  i=$((i + 1))
  { printf '\x02'; cat "$f"; } > "$out/content_fuzz/nk-$i"
done < <(sample '*.nk' 4)

# Keys: 56-character public keys and 58-character seeds.
sample '*' 4 | xargs grep -ohE '\b[OAUNCXS][A-Z2-7]{55,57}\b' 2>/dev/null | LC_ALL=C sort -u | head -200 |
  while read -r key; do
    i=$((i + 1))
    printf '%s' "$key" > "$out/nkeys_fuzz/key-$(printf '%s' "$key" | cksum | cut -d' ' -f1)"
  done

# Snapshots: any saved /connz or /accstatz among the fixtures, plus two
# minimal ones so the target has a start even without fixtures.
printf '\x00{"now":"2026-06-01T00:00:00Z","num_connections":1,"connections":[{"cid":1,"account":"A","authorized_user":"U","name_tag":"n","stop":"2026-05-01T00:00:00Z","reason":"Client Closed"}]}' \
  > "$out/snapshot_fuzz/connz-min"
printf '\x01{"server_id":"N","now":"2026-06-01T00:00:00Z","account_statz":[{"acc":"A","conns":1,"leafnodes":0,"sent":{"msgs":1,"bytes":2},"received":{"msgs":3,"bytes":4}}]}' \
  > "$out/snapshot_fuzz/accstatz-min"
while read -r f; do
  i=$((i + 1))
  if grep -q '"connections"' "$f"; then
    { printf '\x00'; cat "$f"; } > "$out/snapshot_fuzz/connz-$i"
  elif grep -q '"account_statz"' "$f"; then
    { printf '\x01'; cat "$f"; } > "$out/snapshot_fuzz/accstatz-$i"
  fi
done < <(sample '*.json' 1)

cat > "$out/config_fuzz/config-min" <<'TOML'
expiry-warning = "14d"
[rules]
NL103 = "off"
expired = "warning"
[[ignore]]
rule = "NL101"
target = "acme/billing/*"
reason = "being rotated"
until = 2026-12-31
TOML
while read -r f; do
  i=$((i + 1))
  cp "$f" "$out/config_fuzz/config-$i"
done < <(sample '*.toml' 1)

for d in "$out"/*; do echo "fuzz-corpus: $(basename "$d"): $(find "$d" -type f | wc -l) seeds"; done
