#!/usr/bin/env bash
# cargo-fuzz: runs each target of fuzz/ (markdown, guards, cursor) for SECONDS (default 30)
# from its seeds in fuzz/seeds/, and fails on any crash (libFuzzer keeps the input under
# fuzz/artifacts/). New inputs go to target/fuzz-corpus/, never into the seeds. Installs the
# nightly toolchain and cargo-fuzz (into target/tools) when they are missing.
#   scripts/fuzz.sh 600     # the ten-minute runs of SECURITY.md
source "$(dirname "$0")/lib.sh"
seconds="${1:-30}"

if ! rustup toolchain list | grep -q '^nightly'; then
  say "Installing the nightly toolchain (cargo-fuzz builds with sanitizers)"
  rustup toolchain install nightly --profile minimal
fi
ensure_cargo_tool cargo-fuzz 0.13.2

for target in markdown guards cursor; do
  corpus="$ROOT/target/fuzz-corpus/$target"
  mkdir -p "$corpus"
  log="$corpus.log"
  say "cargo fuzz run $target for $seconds s"
  if ! cargo +nightly fuzz run -O "$target" "$corpus" "fuzz/seeds/$target" -- \
    -max_total_time="$seconds" -print_final_stats=1 >"$log" 2>&1; then
    tail -n 60 "$log" >&2
    echo "cargo fuzz run $target failed; the input is under fuzz/artifacts/$target/" >&2
    exit 1
  fi
  grep -E '^Done [0-9]+ runs' "$log" | sed "s/^/  $target: /"
done
