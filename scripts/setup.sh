#!/usr/bin/env bash
# Installs what Factmark's build needs, and with --with-browser what its tests need, from the
# package registries only (crates.io, npm, Debian apt). Skips whatever is already installed at
# the right version, so running it again is cheap.
set -euo pipefail
cd "$(dirname "$0")/.."

with_browser=false
[ "${1:-}" = "--with-browser" ] && with_browser=true

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

# Trunk finds wasm-bindgen and wasm-opt on PATH only; put ours first.
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# cargo_tool CRATE BINARY VERSION: install CRATE unless BINARY reports VERSION.
cargo_tool() {
  local crate=$1 binary=$2 version=$3
  if "$binary" --version 2>/dev/null | grep -qw -- "$version"; then
    return
  fi
  say "installing $crate $version from crates.io (a few minutes, once)"
  cargo install --locked "$crate" --version "$version"
}

# wasm-bindgen-cli must be exactly the wasm-bindgen in Cargo.lock.
wasm_bindgen_version=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
if [ -z "$wasm_bindgen_version" ]; then
  echo "setup: cannot find wasm-bindgen's version in Cargo.lock" >&2
  exit 1
fi
cargo_tool wasm-bindgen-cli wasm-bindgen "$wasm_bindgen_version"
# trunk 0.22 needs a newer rustc than this toolchain's; 0.21.14 is the newest that builds.
cargo_tool trunk trunk 0.21.14

# wasm-opt (npm binaryen), Playwright and axe-core, exactly as package-lock.json pins them.
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -f node_modules/.package-lock.json ] \
  || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages from package-lock.json"
  npm ci --no-audit --no-fund
fi

if $with_browser && ! { command -v chromium && command -v chromedriver; } >/dev/null 2>&1; then
  say "installing Debian's chromium and chromium-driver"
  sudo_if_needed=""
  [ "$(id -u)" -ne 0 ] && sudo_if_needed="sudo"
  $sudo_if_needed apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_if_needed apt-get install -y -qq chromium chromium-driver
fi

# Trunk builds with --offline (so nothing is ever fetched behind our back): fetch the crates now.
cargo fetch --locked --quiet
