#!/usr/bin/env bash
# Reports the size of the built app (dist/, from `trunk build --release`) and of the data the
# core embeds, raw and gzipped (gzip -9, what a server would send).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! ls dist/*.wasm >/dev/null 2>&1; then
  echo "size-report: no dist/*.wasm; run 'trunk build --release' (or scripts/serve.sh) first" >&2
  exit 1
fi
row() { printf '%-48s %10s %10s\n' "$1" "$2" "$3"; }
row "file" "raw bytes" "gzip bytes"
total_raw=0
total_gzip=0
for file in dist/*.wasm dist/*.js dist/*.css dist/index.html; do
  [ -f "$file" ] || continue
  raw=$(wc -c <"$file")
  zipped=$(gzip -9 -c "$file" | wc -c)
  total_raw=$((total_raw + raw))
  total_gzip=$((total_gzip + zipped))
  row "$file" "$raw" "$zipped"
done
row "total download" "$total_raw" "$total_gzip"
echo
# What the core embeds is what its include_bytes!/include_str! name (data/ also holds training
# input and notes that are not shipped).
row "data embedded by factmark-core" "raw bytes" "gzip bytes"
for name in $(grep -rhoE 'include_(bytes|str)!\("[^"]+"\)' crates/factmark-core/src \
  | sed -E 's/.*"(\.\.\/)*(data\/[^"]+)".*/\2/' | sort -u); do
  file="crates/factmark-core/$name"
  [ -f "$file" ] || continue
  row "$file" "$(wc -c <"$file")" "$(gzip -9 -c "$file" | wc -c)"
done
