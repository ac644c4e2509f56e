#!/usr/bin/env bash
# Refreshes the README's screenshots: the browser test that takes them (the main pages of
# the demo community, on a phone and on a desktop, each audited with axe-core first), then
# a copy from target/screenshots/ into docs/screenshots/. Run ./scripts/test.sh once
# first: it installs what the browser tests need.
source "$(dirname "$0")/lib.sh"

cargo test --locked --test browser -- the_main_pages_on_a_phone_and_on_a_desktop
mkdir -p docs/screenshots
cp target/screenshots/readme-*.png docs/screenshots/
ls -l docs/screenshots/
