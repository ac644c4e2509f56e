#!/usr/bin/env bash
# Lighthouse (npm, pinned in e2e/package.json) with Debian's Chromium on the home, idea and
# question pages of the demo community, mobile profile (simulated slow 4G, 4x CPU). Prints
# each page's accessibility and performance scores; fails when accessibility is below 100.
# Performance is printed against its goal of 95, not yet enforced (issue 9 continues).
source "$(dirname "$0")/lib.sh"

LIGHTHOUSE="$ROOT/e2e/node_modules/.bin/lighthouse"
[ -x "$LIGHTHOUSE" ] || { echo "lighthouse is missing: run npm ci in e2e/ (the test command does)" >&2; exit 1; }
start_demo_server

failed=0
for page in / /ideas/1 /questions/1; do
  report="$WORK/lighthouse-$(echo "$page" | tr '/' '_').json"
  CHROME_PATH="${CHROMIUM:-/usr/bin/chromium}" "$LIGHTHOUSE" "$BASE$page" --quiet \
    --only-categories=accessibility,performance --output=json --output-path="$report" \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run --user-data-dir=$WORK/chromium$(echo "$page" | tr '/' '_')"
  python3 - "$page" "$report" <<'PY' || failed=1
import json, sys
page, path = sys.argv[1], sys.argv[2]
report = json.load(open(path))
scores = {name: round(category["score"] * 100) for name, category in report["categories"].items()}
audits = report["audits"]
timings = ", ".join(f"{key} {audits[audit]['displayValue']}" for key, audit in
                    [("LCP", "largest-contentful-paint"), ("TBT", "total-blocking-time"), ("CLS", "cumulative-layout-shift")])
print(f"  {page}: accessibility {scores['accessibility']}/100, performance {scores['performance']}/100 (goal 95; {timings})")
failing = [key for key, audit in audits.items()
           if audit.get("scoreDisplayMode") == "binary" and audit.get("score") == 0
           and key in {ref["id"] for ref in report["categories"]["accessibility"]["auditRefs"]}]
if scores["accessibility"] < 100:
    print(f"  {page}: accessibility audits failing: {', '.join(failing)}", file=sys.stderr)
    sys.exit(1)
PY
done
exit "$failed"
