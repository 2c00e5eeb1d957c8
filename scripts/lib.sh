# Shared by scripts/serve and scripts/test: find or install every tool, at the versions the
# project pins, and say what is happening. Sourced, not run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$ROOT/tools/binaryen/node_modules/.bin:$PATH"
export CARGO_TERM_PROGRESS_WHEN=never

step() { printf '\n==> %s\n' "$*"; }
note() { printf '    %s\n' "$*"; }
die() {
  printf '\nerror: %s\n' "$1" >&2
  [ $# -gt 1 ] && printf '  what to do: %s\n' "$2" >&2
  exit 1
}

need_cmd() { # need_cmd NAME HOW-TO-GET-IT
  command -v "$1" >/dev/null 2>&1 || die "'$1' is not installed." "$2"
}

# Pinned versions, read from the files that pin them.
TRUNK_VERSION="$(sed -n 's/^trunk-version = "=\(.*\)"/\1/p' Trunk.toml)"
WASM_OPT_VERSION="$(sed -n 's/^wasm_opt = "version_\(.*\)"/\1/p' Trunk.toml)"
TRUNK_WASM_BINDGEN="$(sed -n 's/^wasm_bindgen = "\(.*\)"/\1/p' Trunk.toml)"
LOCK_WASM_BINDGEN="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"

check_pins() {
  [ -n "$LOCK_WASM_BINDGEN" ] || die "Cargo.lock names no wasm-bindgen version." "restore Cargo.lock from git"
  [ "$TRUNK_WASM_BINDGEN" = "$LOCK_WASM_BINDGEN" ] ||
    die "Trunk.toml pins wasm-bindgen $TRUNK_WASM_BINDGEN but Cargo.lock resolves $LOCK_WASM_BINDGEN." \
      "set [tools] wasm_bindgen = \"$LOCK_WASM_BINDGEN\" in Trunk.toml"
}

ensure_base() {
  need_cmd cargo "install Rust with rustup (https://rustup.rs), then open a new shell"
  need_cmd rustup "install Rust with rustup, which also manages the wasm32 target"
  need_cmd cc "install a C compiler (Debian: apt-get install build-essential)"
  need_cmd python3 "install Python 3 (Debian: apt-get install python3)"
  need_cmd node "install Node.js 20.10 or newer (nodejs.org, or Debian bookworm-backports)"
  need_cmd npm "install npm (Debian: apt-get install npm)"
  local node_version
  node_version="$(node -p 'process.versions.node')"
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>20||(a===20&&b>=10)?0:1)' ||
    die "Node.js $node_version is too old; the tests need 20.10 or newer." "install a newer Node.js, then run this again"
  for component in rustfmt clippy; do
    rustup component list --installed 2>/dev/null | grep -q "^$component" || {
      step "Adding the rustup component $component"
      rustup component add "$component"
    }
  done
  check_pins
}

ensure_wasm_target() {
  if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    note "wasm32-unknown-unknown target: present"
  else
    step "Adding the wasm32-unknown-unknown target (rustup target add)"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_trunk() {
  if [ "$(trunk --version 2>/dev/null)" = "trunk $TRUNK_VERSION" ]; then
    note "trunk $TRUNK_VERSION: present"
  else
    [ -n "$(command -v trunk)" ] && note "found $(trunk --version 2>/dev/null), need $TRUNK_VERSION"
    step "Installing trunk $TRUNK_VERSION with cargo install (compiles from source: about 10 minutes on 2 cores)"
    # Trunk's own release profile asks for fat LTO in one codegen unit: 20 minutes on a fresh
    # 2-core machine (2026-12-02). Its work beside cargo, wasm-bindgen and wasm-opt is small
    # (copying, hashing, minifying a few KB), so build it without LTO in the default 16 units;
    # the environment overrides the package's profile (README, "Time of scripts/test").
    CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
      cargo install trunk --version "$TRUNK_VERSION" --locked
  fi
}

ensure_wasm_bindgen() {
  if [ "$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $LOCK_WASM_BINDGEN" ] &&
    command -v wasm-bindgen-test-runner >/dev/null; then
    note "wasm-bindgen-cli $LOCK_WASM_BINDGEN (the version in Cargo.lock): present"
  else
    [ -n "$(command -v wasm-bindgen)" ] && note "found $(wasm-bindgen --version 2>/dev/null), need $LOCK_WASM_BINDGEN"
    step "Installing wasm-bindgen-cli $LOCK_WASM_BINDGEN, the version Cargo.lock resolves (about 5 minutes)"
    # Not --locked: its lock file names a dependency version the registry no longer serves.
    cargo install wasm-bindgen-cli --version "$LOCK_WASM_BINDGEN" --force
  fi
}

# terser for the glue's minification in the release build (tools/minify-glue.mjs).
ensure_minifier() {
  local want have
  want="$(node -p 'require("./tools/minify/package.json").dependencies.terser')"
  have="$(node -p 'require("./tools/minify/node_modules/terser/package.json").version' 2>/dev/null || true)"
  if [ "$have" = "$want" ]; then
    note "terser $want (tools/minify): present"
  else
    step "Installing terser $want from npm (tools/minify), to minify the wasm-bindgen glue"
    npm ci --prefix tools/minify --no-audit --no-fund
  fi
}

ensure_wasm_opt() {
  local have
  have="$(wasm-opt --version 2>/dev/null || true)"
  if [[ "$have" == "wasm-opt version $WASM_OPT_VERSION "* ]]; then
    note "wasm-opt $WASM_OPT_VERSION (npm binaryen): present"
  else
    step "Installing wasm-opt $WASM_OPT_VERSION from the npm package binaryen (tools/binaryen)"
    npm ci --prefix tools/binaryen --no-audit --no-fund
    have="$(wasm-opt --version 2>/dev/null || true)"
    [[ "$have" == "wasm-opt version $WASM_OPT_VERSION "* ]] ||
      die "wasm-opt is '$have', expected version $WASM_OPT_VERSION." "check tools/binaryen/package.json"
  fi
}

ensure_build_tools() {
  ensure_base
  ensure_wasm_target
  ensure_trunk
  ensure_wasm_bindgen
  ensure_wasm_opt
  ensure_minifier
}

build_release() {
  step "Fetching crates named in Cargo.lock (cargo fetch; Trunk itself then builds offline)"
  cargo fetch --locked
  # The Trunk post-build hook writes the security headers from config.json as the app's own
  # validator reads it: that is this native helper (tools/headers.mjs runs `siaga110-pack config`).
  step "Building the config checker the header writer uses (siaga110-pack, the core's validator)"
  cargo build --locked --offline --release -q -p siaga110-pack
  step "Building the release with Trunk (offline: no tool is downloaded)"
  trunk build --release --offline
  note "built into $ROOT/dist"
}

# The operator's console (console/, issue 14): a Leptos app built with Trunk into console/dist,
# which siaga110-center serves at /console/ (CENTER_CONSOLE_DIR). Needs ensure_build_tools first.
build_console() {
  step "Building the operator console with Trunk (console/ -> console/dist, offline)"
  (cd "$ROOT/console" && trunk build --release --offline)
  note "built into $ROOT/console/dist (served by the center at /console/)"
}
