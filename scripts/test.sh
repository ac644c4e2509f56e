#!/usr/bin/env bash
# Runs every test: formatting and lints, unit and API tests on SQLite, the same API tests on
# a throw-away PostgreSQL cluster, and the browser tests in headless Chromium. Installs
# what is missing (wasm target, Chromium, chromedriver, PostgreSQL, axe-core from npm).
source "$(dirname "$0")/lib.sh"
started=$SECONDS

ensure_rust
apt_install chromium chromium-driver postgresql
command -v npm >/dev/null || apt_install npm
if [ ! -f e2e/node_modules/axe-core/axe.min.js ] || [ e2e/package-lock.json -nt e2e/node_modules/.package-lock.json ]; then
  say "Installing the browser-side test tools (npm ci)"
  (cd e2e && npm ci --no-audit --no-fund --loglevel=error)
fi

say "Formatting"
cargo fmt --all -- --check

say "Lints (server, shared types, tests)"
cargo clippy --locked --all-targets -- -D warnings
say "Lints (web app, for wasm32)"
cargo clippy --locked -p frontend --target wasm32-unknown-unknown --target-dir target/wasm -- -D warnings

# Always the same package selection (the default members): selecting one package with -p
# unifies features differently and rebuilds much of the dependency tree.
say "Tests on SQLite: unit, API and browser (cargo test builds the cocrea binary they use)"
cargo test --locked

say "API tests on PostgreSQL"
pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -x "$pg_bin/initdb" ] || { echo "PostgreSQL's initdb was not found under /usr/lib/postgresql" >&2; exit 1; }
pg_dir="$(mktemp -d /tmp/cocrea-pg.XXXXXX)"
pg_port="${COCREA_TEST_PG_PORT:-54329}"
pg_user_run=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$pg_dir"
  pg_user_run=(runuser -u postgres --)
fi
stop_pg() {
  "${pg_user_run[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
}
trap stop_pg EXIT
"${pg_user_run[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${pg_user_run[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w \
  -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null
TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/postgres" cargo test --locked --test api

say "All tests passed in $((SECONDS - started)) s"
