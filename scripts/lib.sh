# Shared by serve.sh and test.sh: install what is missing, from the package registries only.

set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# Each step's line carries the seconds since the first script began (scripts that call
# others share its clock), so a slow run's log shows which step took the time.
export COCREA_SCRIPTS_STARTED="${COCREA_SCRIPTS_STARTED:-$(date +%s)}"
say() {
  printf '\033[1m==> [%4d s] %s\033[0m\n' "$(($(date +%s) - COCREA_SCRIPTS_STARTED))" "$*" >&2
}

# Runs a command as root (directly when we are root, else through sudo).
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

APT_UPDATED=0
# apt_install PACKAGE... : installs the Debian packages that are not installed yet.
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "Installing Debian packages: ${missing[*]}"
  if [ "$APT_UPDATED" -eq 0 ]; then
    as_root apt-get update -qq
    APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_rust() {
  command -v cargo >/dev/null || { echo "cargo is missing: install Rust with rustup first" >&2; exit 1; }
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "Adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

# ensure_cargo_tool CRATE VERSION : a pinned cargo tool from crates.io, installed into
# target/tools (kept between runs, so a second run does not build it again) when that
# version is not there yet, with target/tools/bin put first on PATH. The tools build in
# one target directory, so the crates they share (clap, serde, regex...) build once, and
# unoptimised (--debug): each runs for seconds, and building it takes half the time
# (cargo-deny: 220 s -> 100 s to build here, its check of the workspace 4 s -> 11 s).
ensure_cargo_tool() {
  local crate="$1" version="$2" tools="$ROOT/target/tools"
  export PATH="$tools/bin:$PATH"
  if ! cargo install --list --root "$tools" 2>/dev/null | grep -qx "$crate v$version:"; then
    say "Installing $crate $version (cargo install, into target/tools)"
    CARGO_TARGET_DIR="$tools/build" cargo install "$crate" --locked --version "$version" \
      --root "$tools" --debug --quiet
  fi
}

# ensure_python_tools : the Python test tools of e2e/python/requirements.txt (schemathesis,
# openapi-spec-validator, feedparser, cyclonedx-python-lib, aiosmtpd, trustme), installed from PyPI into a
# virtual environment, target/python, when missing or older than the list. Sets PYTHON_TOOLS.
ensure_python_tools() {
  PYTHON_TOOLS="$ROOT/target/python"
  local requirements="$ROOT/e2e/python/requirements.txt"
  if [ ! -f "$PYTHON_TOOLS/installed" ] || [ "$requirements" -nt "$PYTHON_TOOLS/installed" ]; then
    python3 -m venv --help >/dev/null 2>&1 || apt_install python3 python3-venv
    say "Installing the Python test tools (pip, into target/python)"
    rm -rf "$PYTHON_TOOLS"
    python3 -m venv "$PYTHON_TOOLS"
    "$PYTHON_TOOLS/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
    touch "$PYTHON_TOOLS/installed"
  fi
}

# start_throwaway_postgres PORT [SETTINGS...] : initdb and start a cluster in a temporary
# directory, on 127.0.0.1:PORT, as the postgres user (no systemd needed); it is stopped and
# removed when the script exits. Sets PG_URL (the postgres database, trust auth).
start_throwaway_postgres() {
  local port="$1"
  shift
  local pg_bin
  pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [ -x "$pg_bin/initdb" ] || { echo "PostgreSQL's initdb was not found under /usr/lib/postgresql" >&2; exit 1; }
  PG_DIR="$(mktemp -d /tmp/cocrea-pg.XXXXXX)"
  PG_RUN=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$PG_DIR"
    PG_RUN=(runuser -u postgres --)
  fi
  PG_CTL="$pg_bin/pg_ctl"
  PG_PSQL="$pg_bin/psql"
  PG_PORT="$port"
  trap stop_throwaway_postgres EXIT
  "${PG_RUN[@]}" "$pg_bin/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  local options="-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=300"
  for setting in "$@"; do options="$options -c $setting"; done
  "${PG_RUN[@]}" "$PG_CTL" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -o "$options" start >/dev/null
  PG_URL="postgres://postgres@127.0.0.1:$port/postgres"
  # Shell commands that stop the cluster and start it again as it was (the outage test).
  PG_STOP_COMMAND="${PG_RUN[*]} $PG_CTL -D $PG_DIR/data -m fast -w stop"
  PG_START_COMMAND="${PG_RUN[*]} $PG_CTL -D $PG_DIR/data -l $PG_DIR/log -w -o '$options' start"
}

stop_throwaway_postgres() {
  "${PG_RUN[@]}" "$PG_CTL" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}

# throwaway_database NAME : creates an empty database in the throw-away cluster; prints its URL.
throwaway_database() {
  "$PG_PSQL" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "CREATE DATABASE $1" >/dev/null
  echo "postgres://postgres@127.0.0.1:$PG_PORT/$1"
}

# start_demo_server : runs target/debug/cocrea (built by `cargo test`) on a fresh database
# holding the demo community (DATABASE_URL, or a scratch SQLite file), on a free port, with
# the abuse limits off. Sets WORK (a temporary folder, removed at exit, with the server's
# log in WORK/server.log) and BASE (http://127.0.0.1:port); the server stops at exit.
start_demo_server() {
  WORK="$(mktemp -d /tmp/cocrea-demo.XXXXXX)"
  SERVER_PID=""
  trap stop_demo_server EXIT
  export DATABASE_URL="${DATABASE_URL:-sqlite://$WORK/cocrea.db?mode=rwc}"
  export COCREA_ADDR=127.0.0.1:0 COCREA_RATE_LIMITS=off COCREA_MAIL_LOG="$WORK/mail.log"
  COCREA_SECRET="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  export COCREA_SECRET
  RUST_LOG=warn target/debug/cocrea seed --demo >/dev/null
  target/debug/cocrea serve >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  BASE=""
  for _ in $(seq 1 300); do
    BASE="$(sed -n 's|^Cocrea is running at \(http://[^ ]*\)/$|\1|p' "$WORK/server.log")"
    [ -n "$BASE" ] && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
    sleep 0.2
  done
  echo "cocrea did not start" >&2
  exit 1
}

stop_demo_server() {
  # Wait for the server to finish shutting down: it writes its database and log until
  # then, and removing the folder under it fails ("Directory not empty").
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
