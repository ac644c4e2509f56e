#!/usr/bin/env bash
# Runs every test: formatting and lints; the supply chain (advisories, licences, sources,
# the SBOM); unit and API tests on SQLite, the same API tests on a throw-away PostgreSQL
# cluster, and the browser tests in headless Chromium; schemathesis against the API on
# both databases, then the OpenAPI document and the feeds read by third-party tools; short
# cargo-fuzz runs. Installs what is missing (wasm target, Chromium, chromedriver,
# PostgreSQL, axe-core from npm, the Python tools from PyPI, cargo-deny, cargo-cyclonedx,
# the nightly toolchain and cargo-fuzz).
source "$(dirname "$0")/lib.sh"
started=$SECONDS

ensure_rust
apt_install chromium chromium-driver postgresql
command -v npm >/dev/null || apt_install npm
if [ ! -f e2e/node_modules/axe-core/axe.min.js ] || [ e2e/package-lock.json -nt e2e/node_modules/.package-lock.json ]; then
  say "Installing the browser-side test tools (npm ci)"
  (cd e2e && npm ci --no-audit --no-fund --loglevel=error)
fi

# The Python test tools (target/python): the API tests' SMTP server (aiosmtpd), schemathesis...
ensure_python_tools

say "Formatting"
cargo fmt --all -- --check

say "Supply chain: RustSec audit (offline snapshot), licences, bans and sources (cargo-deny), the SBOM"
scripts/supply-chain.sh

# The tests are built by clippy's compiler (RUSTC_WORKSPACE_WRAPPER, as `cargo clippy`
# does, but compiling to the end): the workspace's crates are linted with -D warnings
# while they build, and the dependencies build once, not once checked for `cargo clippy
# --all-targets` and again built for the tests (about 400 s of a clean run). Every cargo
# test below runs the same way, so nothing builds twice. The same targets as `cargo clippy
# --all-targets` (there are no benches or examples), the migrations binary in its test
# build only.
linted() {
  RUSTC_WORKSPACE_WRAPPER="$(rustup which clippy-driver)" \
    CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__" "$@"
}

# Always the same package selection (the default members): selecting one package with -p
# unifies features differently and rebuilds much of the dependency tree.
say "Lints and build (server, shared types, tests; cargo test also builds the cocrea binary they use)"
linted cargo test --locked --no-run
say "Lints (web app, for wasm32)"
# With the cfg backend/build.rs builds it with (the view! macro expands differently), in
# its target directory and profile: the macros and build scripts the browser build
# compiled (Leptos', the translations' ICU stack) serve again instead of building anew.
RUSTFLAGS="--cfg erase_components" cargo clippy --locked -p frontend \
  --target wasm32-unknown-unknown --target-dir target/wasm --profile wasm-release -- -D warnings

say "Tests on SQLite: unit, API and browser"
linted cargo test --locked

say "API fuzzing on SQLite (schemathesis)"
scripts/api-fuzz.sh

say "Lighthouse: accessibility of the main pages (100; performance printed, measured by scripts/lighthouse.sh)"
scripts/lighthouse.sh --accessibility

say "API tests on PostgreSQL"
start_throwaway_postgres "${COCREA_TEST_PG_PORT:-54329}" fsync=off
TEST_DATABASE_URL="$PG_URL" linted cargo test --locked --test api

say "PostgreSQL goes away for 10 s under load, and comes back"
COCREA_OUTAGE_DATABASE_URL="$(throwaway_database outage)" \
  COCREA_OUTAGE_STOP="$PG_STOP_COMMAND" COCREA_OUTAGE_START="$PG_START_COMMAND" \
  linted cargo test --locked --test api outage -- --ignored --nocapture

# The same run with fewer cases (the 10,000 are on SQLite): what differs on PostgreSQL is
# the database, which the first cases of every operation already reach.
say "API fuzzing on PostgreSQL (schemathesis)"
DATABASE_URL="$(throwaway_database api_fuzz)" COCREA_FUZZ_EXAMPLES=50 COCREA_FUZZ_MIN_CASES=5000 \
  scripts/api-fuzz.sh

say "Fuzzing smoke runs (cargo-fuzz, nightly)"
scripts/fuzz.sh "${COCREA_FUZZ_SECONDS:-30}"

say "All tests passed in $((SECONDS - started)) s"
