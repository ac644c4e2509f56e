#!/usr/bin/env bash
# Runs Cocrea: builds the release binary (web app included), fills a SQLite database under
# ./data with demo content on first run, and serves everything from one process.
# Environment: see README.md (DATABASE_URL, COCREA_ADDR, COCREA_SECRET, COCREA_PUBLIC_URL).
source "$(dirname "$0")/lib.sh"

ensure_rust
say "Building cocrea (release; the first build takes about fifteen minutes on two cores)"
cargo build --release --locked -p backend --bin cocrea
say "Demo accounts (password for all: cocrea-demo)"
./target/release/cocrea seed --demo
exec ./target/release/cocrea serve
