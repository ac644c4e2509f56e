#!/usr/bin/env bash
# Measures the ideas list and support toggles on the 100,000-idea / 1,000,000-support
# dataset with wrk (Debian's), 64 connections, on SQLite: hot page 1, hot page 50 (by
# cursor), top and new page 1, an idea page, and votes; then checks that every stored
# counter equals its rows. The standing benchmark (issue 7) will replace this script.
source "$(dirname "$0")/../lib.sh"

apt_install wrk python3
ensure_rust
cargo build --release --locked -p backend --bin cocrea
bin="$ROOT/target/release/cocrea"
work="$(mktemp -d /tmp/cocrea-bench.XXXXXX)"
port="${BENCH_PORT:-8097}"
export DATABASE_URL="sqlite://$work/bench.db?mode=rwc"
export COCREA_SECRET="bench-secret-bench-secret-bench-secret-0123456789"
export COCREA_ADDR="127.0.0.1:$port" RUST_LOG=warn
base="http://127.0.0.1:$port"
duration="${BENCH_SECONDS:-20}"

say "Generating the dataset"
"$bin" seed --ideas "${BENCH_IDEAS:-100000}" --votes "${BENCH_VOTES:-1000000}" --people 20000

"$bin" serve >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
until curl -sf "$base/healthz" >/dev/null; do sleep 0.2; done

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
cursor=""
for _ in $(seq 1 49); do
  cursor="$(curl -sf "$base/api/v1/ideas?sort=hot${cursor:+&cursor=$cursor}" | json '["next_cursor"]')"
done

run() {
  say "$1"
  shift
  wrk -t2 -c64 -d"${duration}s" --latency "$@" | grep -E "Latency|50%|99%|Requests/sec|Non-2xx|Socket errors"
}
run "hot, page 1" "$base/api/v1/ideas?sort=hot"
run "hot, page 50" "$base/api/v1/ideas?sort=hot&cursor=$cursor"
run "top, page 1" "$base/api/v1/ideas?sort=top"
run "new, page 1" "$base/api/v1/ideas?sort=new"
run "idea page" "$base/api/v1/ideas/50000"
run "search, two French words" "$base/api/v1/ideas?q=%C3%A9pargne%20solidaire"

say "Signing in 256 people for the votes"
for n in $(seq 0 255); do
  curl -sf -X POST "$base/api/v1/auth/token" -H 'content-type: application/json' \
    -d "{\"email\":\"person$n@bench.cocrea.test\",\"password\":\"cocrea-demo\"}" | json '["token"]'
done >"$work/tokens"
TOKENS="$work/tokens" IDEAS=100000 run "support toggles (PUT / DELETE)" -s "$ROOT/scripts/bench/vote.lua" "$base"
kill $server; wait $server 2>/dev/null || true

say "Checking that every counter equals its rows"
python3 - "$work/bench.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
wrong = db.execute("""SELECT COUNT(*) FROM ideas i WHERE supports_total <>
  (SELECT COUNT(*) FROM idea_supports s WHERE s.idea_id = i.id) OR supports_clients <>
  (SELECT COUNT(*) FROM idea_supports s WHERE s.idea_id = i.id AND s.is_client)""").fetchone()[0]
rows = db.execute("SELECT COUNT(*) FROM idea_supports").fetchone()[0]
print(f"{rows} supports stored; ideas whose counters differ from their rows: {wrong}")
sys.exit(1 if wrong else 0)
PY
