#!/usr/bin/env bash
# Reports the size of the built app (dist/, from `trunk build --release`) and of the data the
# core embeds, raw and gzipped (gzip -9, what a server would send), and holds both to the budget
# in scripts/size-budget.txt: it exits non-zero naming every figure over its budget, and every
# embedded file the budget does not list. Lowering a figure in that file records a size win.
#
# FACTMARK_DIST (a build folder) and FACTMARK_SIZE_BUDGET (a budget file) point it elsewhere, so
# tests/scripts/size-report.test.mjs can check it on a build one byte over budget.
set -euo pipefail
cd "$(dirname "$0")/.."
dist="${FACTMARK_DIST:-dist}"
budget_file="${FACTMARK_SIZE_BUDGET:-scripts/size-budget.txt}"
if ! ls "$dist"/*.wasm >/dev/null 2>&1; then
  echo "size-report: no $dist/*.wasm; run 'trunk build --release' (or scripts/serve.sh) first" >&2
  exit 1
fi
if [ ! -f "$budget_file" ]; then
  echo "size-report: no budget file $budget_file" >&2
  exit 1
fi

# The budget of `name` in gzip bytes, or nothing when the file does not list it.
budget_of() {
  awk -v name="$1" '$1 == name { print $2 }' "$budget_file"
}

over=()
# Prints a row and notes it when `gzip` is past the budget of `name`.
check() {
  local name="$1" raw="$2" gzip="$3" budget
  budget="$(budget_of "$name")"
  if [ -z "$budget" ]; then
    printf '%-48s %10s %10s %10s\n' "$name" "$raw" "$gzip" "none"
    over+=("$name has no budget in $budget_file")
    return
  fi
  printf '%-48s %10s %10s %10s\n' "$name" "$raw" "$gzip" "$budget"
  if ! [[ "$budget" =~ ^[0-9]+$ ]]; then
    over+=("$name: its budget in $budget_file, \"$budget\", is not a number of bytes")
  elif [ "$gzip" -gt "$budget" ]; then
    over+=("$name: $gzip gzip bytes, $((gzip - budget)) over its budget of $budget")
  fi
}

row() { printf '%-48s %10s %10s %10s\n' "$1" "$2" "$3" "$4"; }
row "file" "raw bytes" "gzip bytes" "budget"
total_raw=0
total_gzip=0
for file in "$dist"/*.wasm "$dist"/*.js "$dist"/*.css "$dist"/index.html; do
  [ -f "$file" ] || continue
  raw=$(wc -c <"$file")
  zipped=$(gzip -9 -c "$file" | wc -c)
  total_raw=$((total_raw + raw))
  total_gzip=$((total_gzip + zipped))
  row "$file" "$raw" "$zipped" ""
done
check "total-download" "$total_raw" "$total_gzip"
echo
# What the core embeds is what its include_bytes!/include_str! name under data/ (data/ also
# holds training input and notes that are not shipped).
row "data embedded by factmark-core" "raw bytes" "gzip bytes" "budget"
for name in $(grep -rhoE 'include_(bytes|str)!\("(\.\./)*data/[^"]+"\)' crates/factmark-core/src \
  | sed -E 's/.*"(\.\.\/)*(data\/[^"]+)".*/\2/' | sort -u); do
  file="crates/factmark-core/$name"
  [ -f "$file" ] || continue
  check "$file" "$(wc -c <"$file")" "$(gzip -9 -c "$file" | wc -c)"
done

if [ "${#over[@]}" -gt 0 ]; then
  echo >&2
  for line in "${over[@]}"; do
    echo "size-report: over budget: $line" >&2
  done
  echo "size-report: make it smaller, or raise the figure in $budget_file with the reason in the commit" >&2
  exit 1
fi
