#!/usr/bin/env bash
# Runs every test: native tests of the core, CLI and lab; browser tests (wasm-bindgen-test in
# headless Chromium); then the release build, its size report, and the Playwright end-to-end
# tests against that build. Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --with-browser
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "formatting"
cargo fmt --all -- --check

step "native tests (core, CLI, lab)"
cargo test --locked -p factmark-core -p factmark-cli -p factmark-lab

step "script tests (static server, size budget)"
node --test tests/scripts/*.test.mjs

step "browser tests (wasm-bindgen-test in headless Chromium)"
cargo test --locked --target wasm32-unknown-unknown -p factmark

step "release build"
trunk build --release

step "bundle size"
scripts/size-report.sh

step "end-to-end tests (Playwright, Chromium)"
node --test --test-concurrency=1 tests/e2e/*.test.mjs
