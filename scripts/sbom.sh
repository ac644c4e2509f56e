#!/usr/bin/env bash
# The CycloneDX SBOM (1.5, JSON) of the cocrea binary: every crate compiled into the
# server, and every crate of the web app compiled to WebAssembly and embedded in it, with
# versions, licences, package URLs and the dependency graph. Build-time-only crates (the
# build script's) are left out: they are not shipped. Written to target/sbom/cocrea.cdx.json
# (printed last). Uses cargo-cyclonedx, pinned, installed into target/tools when missing.
#   scripts/sbom.sh
source "$(dirname "$0")/lib.sh"
ensure_cargo_tool cargo-cyclonedx 0.5.9

OUT="$ROOT/target/sbom"
mkdir -p "$OUT"
# The BOM's timestamp is the last commit's: the same checkout gives the same file.
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}"

# sbom_of PACKAGE BINARY TARGET : cargo-cyclonedx writes one file per binary of the
# workspace beside its Cargo.toml; keep the one wanted, remove the others.
sbom_of() {
  local package="$1" binary="$2" target="$3"
  cargo cyclonedx --manifest-path "$ROOT/Cargo.toml" --describe binaries --format json \
    --spec-version 1.5 --no-build-deps --target "$target" -q
  mv "$ROOT/$package/${binary}_bin.cdx.json" "$OUT/$binary-$target.cdx.json"
  find "$ROOT" -path "$ROOT/target" -prune -o -name '*_bin.cdx.json' -print0 | xargs -0 rm -f
}

say "SBOM of the cocrea binary (cargo-cyclonedx)"
host="$(rustc -vV | sed -n 's/^host: //p')"
sbom_of backend cocrea "$host"
sbom_of frontend frontend wasm32-unknown-unknown
python3 "$ROOT/scripts/sbom-merge.py" "$OUT/cocrea-$host.cdx.json" \
  "$OUT/frontend-wasm32-unknown-unknown.cdx.json" >"$OUT/cocrea.cdx.json"
echo "$OUT/cocrea.cdx.json"
