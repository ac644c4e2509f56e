#!/usr/bin/env bash
# API fuzzing: schemathesis (from PyPI) against the server's own /api/openapi.json; then
# what the server publishes read by third-party tools (e2e/python/published.py).
# Starts target/debug/cocrea (built by `cargo test`) on a fresh database holding the demo
# community (DATABASE_URL, or a scratch SQLite file), signs the demo accounts in, and runs
# every phase (examples, coverage, fuzzing, stateful) over every operation with the checks
# of e2e/schemathesis/schemathesis.toml. Fails on any failure, or under MIN_CASES cases.
# Environment: COCREA_FUZZ_SEED (default fixed, so a failure reproduces),
# COCREA_FUZZ_EXAMPLES (per operation and phase, default 120), COCREA_FUZZ_MIN_CASES.
source "$(dirname "$0")/lib.sh"

MIN_CASES="${COCREA_FUZZ_MIN_CASES:-10000}"
ensure_python_tools

start_demo_server

# token EMAIL: a bearer token for a demo account (password cocrea-demo).
token() {
  curl -sf -X POST "$BASE/api/v1/auth/token" -H 'content-type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"cocrea-demo\"}" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}
export COCREA_ADMIN_TOKEN COCREA_EXPERT_TOKEN COCREA_SESSION_TOKEN
COCREA_ADMIN_TOKEN="$(token admin@demo.cocrea.test)"
COCREA_EXPERT_TOKEN="$(token expert@demo.cocrea.test)"
# Signing out ends a session: that operation gets a session of its own.
COCREA_SESSION_TOKEN="$(token membre@demo.cocrea.test)"

# Locked conversations, beside the demo's merged idea, so the answers they get are tried.
for item in idea/2 question/2; do
  curl -sf -o /dev/null -X POST "$BASE/api/v1/moderation/items/$item/lock" \
    -H "Authorization: Bearer $COCREA_ADMIN_TOKEN" -H 'content-type: application/json' \
    -d '{"locked": true, "reason": "Fil fermé pour le test"}'
done

say "schemathesis on $(echo "$DATABASE_URL" | cut -d: -f1): every operation of /api/openapi.json"
set +e
(cd "$WORK" && "$PYTHON_TOOLS/bin/st" --config-file "$ROOT/e2e/schemathesis/schemathesis.toml" run \
  "$BASE/api/openapi.json" --no-color --seed "${COCREA_FUZZ_SEED:-20261203}" \
  --max-examples "${COCREA_FUZZ_EXAMPLES:-120}" | tee "$WORK/report.txt")
status=${PIPESTATUS[0]}
set -e
if [ "$status" -ne 0 ]; then
  echo "schemathesis found failures (above); the server's log:" >&2
  grep -E 'ERROR|WARN' "$WORK/server.log" | tail -n 40 >&2 || true
  exit "$status"
fi
cases="$(sed -n 's/^ *\([0-9]*\) generated.*/\1/p' "$WORK/report.txt" | tail -n 1)"
tested="$(sed -n 's/^ *Tested: \([0-9]*\).*/\1/p' "$WORK/report.txt")"
# schemathesis leaves out the document's own operation (GET /api/openapi.json).
operations="$(curl -sf "$BASE/api/openapi.json" | python3 -c 'import json, sys; print(sum(len(item) for path, item in json.load(sys.stdin)["paths"].items() if path != "/api/openapi.json"))')"
if [ "${cases:-0}" -lt "$MIN_CASES" ] || [ "$tested" != "$operations" ]; then
  echo "schemathesis ran ${cases:-0} cases over ${tested:-0} of $operations operations; want at least $MIN_CASES over all of them" >&2
  exit 1
fi
say "schemathesis: $cases cases over $tested operations, no failure"

# After the fuzzing, so the feeds also carry what schemathesis wrote; with a new session,
# since the fuzzing may have closed the admin's (DELETE /api/v1/me/sessions/{id}).
say "What the server publishes, read by third-party tools (openapi-spec-validator, feedparser)"
COCREA_ADMIN_TOKEN="$(token admin@demo.cocrea.test)"
COCREA_BASE="$BASE" "$PYTHON_TOOLS/bin/python" "$ROOT/e2e/python/published.py"
