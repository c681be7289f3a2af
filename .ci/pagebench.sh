#!/usr/bin/env bash
# The browser figure of README (issue #16): a record drawn from a library of
# N synthetic units (default 150000, built as .ci/bench.sh builds it; the
# demo matter's frame then holds 100000 of them) is
# verified by the offline page 核验.html in headless Chromium, opened from
# its file URL, and by verify.js under node. Prints the wall time of each,
# and of Chromium opening the page with no record (its start-up), so that
# the page's own share can be read off.
#
#   bash .ci/pagebench.sh [N] [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-150000}
work=${2:-$(mktemp -d)}
mkdir -p "$work"
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "pagebench: chromium not on PATH (bash .ci/deps installs it)"; exit 1; }
go build -o "$work/shuangsui" .
bin="$work/shuangsui"
db="$work/bench.db"
python3 .ci/genunits.py "$n" "$work/units.csv"
for kind in counties matters inspectors; do
  "$bin" --db "$db" import "$kind" "assets/demo/$kind.xlsx" >/dev/null
done
"$bin" --db "$db" import units "$work/units.csv" >/dev/null 2>&1
"$bin" --db "$db" draw --answers assets/demo/answers.json --out "$work/record.json" >/dev/null 2>&1
"$bin" verifier -o "$work/核验.html" >/dev/null
"$bin" verify "$work/record.json" --frame "$work/frame.tsv" >/dev/null
printf '%-40s %d units; the record: %d units in its frame, %.1f MB\n' "library" "$n" "$(grep -c '^unit' "$work/frame.tsv")" \
  "$(awk -v b="$(stat -c %s "$work/record.json")" 'BEGIN { print b / 1048576 }')"

secs() { # command…: runs it, prints its wall time in seconds
  local t0 t1
  t0=$(date +%s.%N); "$@" >"$work/out" 2>/dev/null; t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }'
}
page() { # fragment: the page in headless Chromium, its DOM when settled
  "$browser" --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$(mktemp -d -p "$work")" \
    --allow-file-access-from-files --virtual-time-budget=60000 --dump-dom "file://$work/核验.html$1"
}
printf '%-40s %6s s\n' "node assets/verify.js record" "$(secs node assets/verify.js record "$work/record.json")"
grep -q '^通过' "$work/out" || { echo "verify.js: not a pass"; cat "$work/out"; exit 1; }
printf '%-40s %6s s\n' "chromium: page without a record" "$(secs page "")"
for i in 1 2 3; do
  printf '%-40s %6s s\n' "chromium: page verifying the record ($i)" "$(secs page "#record=record.json")"
  grep -q 'data-verdict="pass"' "$work/out" || { echo "page: not a pass"; exit 1; }
done
# The record chosen in the page's file input through the DevTools protocol,
# as a person would (assets: BenchmarkVerifierPage): page-ms is the time the
# page measured for verifying, ns/op includes loading the page.
SHUANGSUI_BENCH_RECORD="$work/record.json" go test ./assets -run '^$' -bench VerifierPage -benchtime 3x | grep Benchmark
