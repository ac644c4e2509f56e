#!/usr/bin/env bash
# The supply chain, offline: every crate of Cargo.lock and fuzz/Cargo.lock checked
# against the RustSec advisory database snapshot (../shared/advisory-db, or the copy
# vendored in supply-chain/ where that folder is missing), and against deny.toml's
# licences, bans and sources; proof that the audit fails on a known advisory; then the
# CycloneDX SBOM of the cocrea binary, validated against its schema. cargo-deny (pinned)
# is installed into target/tools, the Python tools into target/python, when missing.
#   scripts/supply-chain.sh
source "$(dirname "$0")/lib.sh"
ensure_cargo_tool cargo-deny 0.20.2
ensure_python_tools

# cargo-deny reads the database of deny.toml's db-urls from db-path/<name>-<hash of the
# URL>, a git repository; with --offline it never fetches. The snapshot is copied there
# and committed with its own date.
SNAPSHOT="${COCREA_ADVISORY_DB:-$ROOT/../shared/advisory-db}"
DB_ROOT="$ROOT/target/supply-chain/advisory-db"
DB="$DB_ROOT/advisory-db-3157b0e258782691"
rm -rf "$DB_ROOT"
mkdir -p "$DB"
if [ -d "$SNAPSHOT/crates" ]; then
  cp -R "$SNAPSHOT/." "$DB/"
  from="$SNAPSHOT"
else
  tar -xzf "$ROOT/supply-chain/rustsec-advisory-db.tar.gz" -C "$DB" --strip-components=1
  from="supply-chain/rustsec-advisory-db.tar.gz"
fi
commit="$(sed -n 's/^- commit: \([0-9a-f]*\).*/\1/p' "$DB/SNAPSHOT.md")"
committed="$(sed -n 's/^- committed: \([0-9T:Z-]*\).*/\1/p' "$DB/SNAPSHOT.md")"
[ -n "$commit" ] && [ -n "$committed" ] || { echo "$from: SNAPSHOT.md names no commit and date" >&2; exit 1; }
advisories="$(find "$DB/crates" -name 'RUSTSEC-*.md' | wc -l)"
git -C "$DB" init -q
git -C "$DB" add -A
GIT_AUTHOR_DATE="$committed" GIT_COMMITTER_DATE="$committed" git -C "$DB" \
  -c user.name=RustSec -c user.email=rustsec@localhost -c commit.gpgsign=false \
  commit -q -m "RustSec advisory-db at $commit"

# cargo-deny reads every crate's manifest (all platforms): download what the build did not.
for manifest in Cargo.toml fuzz/Cargo.toml supply-chain/known-advisory/Cargo.toml; do
  cargo fetch --locked --quiet --manifest-path "$ROOT/$manifest"
done

# deny NAME MANIFEST CHECK... : cargo-deny with deny.toml, offline; its report goes to
# target/supply-chain/NAME.log, and is shown when it fails.
deny() {
  local log="$ROOT/target/supply-chain/$1.log" manifest="$2"
  shift 2
  if ! (cd "$ROOT" && cargo deny --offline --locked --color never --manifest-path "$manifest" \
    --config "$ROOT/deny.toml" check --hide-inclusion-graph "$@") >"$log" 2>&1; then
    grep -E '^(error|warning)' -A12 "$log" | grep -v '^--$' >&2 || tail -n 60 "$log" >&2
    echo "cargo deny failed for $manifest (the whole report: $log)" >&2
    return 1
  fi
}

for name in workspace fuzz; do
  manifest=Cargo.toml
  [ "$name" = fuzz ] && manifest=fuzz/Cargo.toml
  say "cargo deny: $manifest against RustSec as of ${committed%%T*} ($advisories crate advisories, from $from); licences, bans, sources"
  deny "$name" "$manifest" advisories licenses bans sources
  duplicates="$(sed -n "s/^warning\[duplicate\]: found [0-9]* duplicate entries for crate '\(.*\)'/\1/p" \
    "$ROOT/target/supply-chain/$name.log" | sort -u | paste -sd ' ')"
  ignored="$(grep -o 'id = "RUSTSEC-[0-9-]*"' "$ROOT/deny.toml" | sed 's/id = //; s/"//g' | paste -sd ' ')"
  echo "  no advisory but those reviewed in deny.toml (${ignored:-none}); every licence and source allowed; in two versions or more: ${duplicates:-none}" >&2
done

say "The audit can fail: supply-chain/known-advisory pins smallvec 1.6.0 (RUSTSEC-2021-0003)"
if deny known-advisory supply-chain/known-advisory/Cargo.toml advisories 2>/dev/null; then
  echo "cargo deny passed a lock file with a known advisory" >&2
  exit 1
fi
grep -q 'RUSTSEC-2021-0003' "$ROOT/target/supply-chain/known-advisory.log" || {
  cat "$ROOT/target/supply-chain/known-advisory.log" >&2
  echo "cargo deny failed, but not on RUSTSEC-2021-0003" >&2
  exit 1
}
echo "  reported, as it must be" >&2

scripts/sbom.sh >/dev/null
say "The SBOM against CycloneDX's schema (cyclonedx-python-lib)"
"$PYTHON_TOOLS/bin/python" "$ROOT/e2e/python/sbom.py" "$ROOT/target/sbom/cocrea.cdx.json"
