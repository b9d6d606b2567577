#!/usr/bin/env bash
# Builds the release app and serves it on http://127.0.0.1:8080 (Ctrl+C stops it).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
trunk build --release
echo "Factmark is at http://127.0.0.1:${PORT:-8080}/"
exec node scripts/static-server.mjs dist "${PORT:-8080}"
