#!/usr/bin/env bash
# The benchmark: builds the release server and the load generator, loads dataset M into a
# fresh database, and measures every endpoint at 64 connections against a trivial baseline
# of the same binary (see README, "Benchmark").
#
#   scripts/bench.sh            SQLite
#   scripts/bench.sh postgres   PostgreSQL (a throw-away cluster), compared with the last SQLite run
#   scripts/bench.sh two        two server instances on one PostgreSQL database
#   scripts/bench.sh all        the three in turn
#   scripts/bench.sh postgres-l dataset L (ten times M) on PostgreSQL, reads uncached
#                               (COCREA_READ_CACHE_MS=0), the hot list's page 10,000
#
# Extra arguments go to the bench binary (e.g. --seconds 20). Results: target/bench/*.json.
source "$(dirname "$0")/lib.sh"

ensure_rust
say "Building the release server and the benchmark"
cargo build --release --locked -p backend -p bench --bins
bench="$ROOT/target/release/bench"
what="${1:-sqlite}"
[ $# -gt 0 ] && shift

postgres() {
  apt_install postgresql
  # fsync stays on; commits return before their WAL is flushed, as SQLite's WAL with
  # synchronous=NORMAL does (a crash of the machine may lose the last commits, never
  # corrupt data).
  [ -n "${PG_URL:-}" ] || start_throwaway_postgres "${COCREA_BENCH_PG_PORT:-54331}" \
    synchronous_commit=off shared_buffers=256MB
}
compare=()
[ -f "$ROOT/target/bench/sqlite.json" ] && compare=(--compare "$ROOT/target/bench/sqlite.json")

case "$what" in
  sqlite) "$bench" "$@" ;;
  postgres) postgres; "$bench" --database-url "$(throwaway_database bench_one)" "${compare[@]}" "$@" ;;
  two) postgres; "$bench" --database-url "$(throwaway_database bench_two)" --instances 2 "$@" ;;
  postgres-l)
    postgres
    COCREA_READ_CACHE_MS=0 "$bench" --size l --database-url "$(throwaway_database bench_l)" "$@"
    ;;
  all)
    "$bench" "$@"
    compare=(--compare "$ROOT/target/bench/sqlite.json")
    postgres
    "$bench" --database-url "$(throwaway_database bench_one)" "${compare[@]}" "$@"
    "$bench" --database-url "$(throwaway_database bench_two)" --instances 2 "$@"
    ;;
  *) echo "usage: scripts/bench.sh [sqlite|postgres|two|all|postgres-l] [bench arguments]" >&2; exit 2 ;;
esac
