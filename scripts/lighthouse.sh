#!/usr/bin/env bash
# Lighthouse (npm, pinned in e2e/package.json) with Debian's Chromium on the home, idea and
# question pages of the demo community, mobile profile (simulated slow 4G, 4x CPU), each run
# in a fresh browser.
#   scripts/lighthouse.sh                  the measurement: three runs per page; every run
#                                          must score 100 for accessibility, and the median
#                                          run at least 98 for performance (issue 24's goal)
#   scripts/lighthouse.sh --accessibility  what the test command runs: one run per page,
#                                          which must score 100 for accessibility; its
#                                          performance is printed, not asserted (speed is
#                                          measured, never a pass/fail in the tests: one
#                                          run on a busy machine varies by several points)
# Lighthouse's own advice: one run varies by a few points, the median of several does not.
source "$(dirname "$0")/lib.sh"

LIGHTHOUSE="$ROOT/e2e/node_modules/.bin/lighthouse"
[ -x "$LIGHTHOUSE" ] || { echo "lighthouse is missing: run npm ci in e2e/ (the test command does)" >&2; exit 1; }
RUNS=3
PERFORMANCE_GOAL=98
if [ "${1:-}" = --accessibility ]; then
  RUNS=1
  PERFORMANCE_GOAL=0
fi
start_demo_server

failed=0
for page in / /ideas/1 /questions/1; do
  name="$(echo "$page" | tr '/' '_')"
  reports=()
  for run in $(seq 1 "$RUNS"); do
    report="$WORK/lighthouse$name-$run.json"
    CHROME_PATH="${CHROMIUM:-/usr/bin/chromium}" "$LIGHTHOUSE" "$BASE$page" --quiet \
      --only-categories=accessibility,performance --output=json --output-path="$report" \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run --user-data-dir=$WORK/chromium$name-$run"
    reports+=("$report")
  done
  python3 - "$page" "$PERFORMANCE_GOAL" "${reports[@]}" <<'PY' || failed=1
import json, sys
page, goal, paths = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
runs = [json.load(open(path)) for path in paths]

def score(report, category):
    return round(report["categories"][category]["score"] * 100)

# The median run by performance, and its timings.
ranked = sorted(runs, key=lambda report: score(report, "performance"))
median = ranked[len(ranked) // 2]
audits = median["audits"]
timings = ", ".join(f"{key} {audits[audit]['displayValue']}" for key, audit in
                    [("LCP", "largest-contentful-paint"), ("TBT", "total-blocking-time"), ("CLS", "cumulative-layout-shift")])
accessibility = min(score(report, "accessibility") for report in runs)
performance = score(median, "performance")
each = ", ".join(str(score(report, "performance")) for report in runs)
measured = f"median of {each}; goal {goal}" if goal else "one run, not asserted"
print(f"  {page}: accessibility {accessibility}/100, performance {performance}/100 "
      f"({measured}; {'median ' if goal else ''}run: {timings})")
ok = True
for report in runs:
    if score(report, "accessibility") < 100:
        failing = [key for key, audit in report["audits"].items()
                   if audit.get("scoreDisplayMode") == "binary" and audit.get("score") == 0
                   and key in {ref["id"] for ref in report["categories"]["accessibility"]["auditRefs"]}]
        print(f"  {page}: accessibility audits failing: {', '.join(failing)}", file=sys.stderr)
        ok = False
if performance < goal:
    long_tasks = [(round(task["startTime"]), round(task["duration"]))
                  for task in audits["long-tasks"]["details"]["items"]]
    print(f"  {page}: performance {performance} is under {goal}; the median run's long tasks "
          f"(start, ms): {long_tasks}", file=sys.stderr)
    ok = False
sys.exit(0 if ok else 1)
PY
done
exit "$failed"
