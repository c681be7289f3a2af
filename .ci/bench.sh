#!/usr/bin/env bash
# The performance benchmark of README (issue #14): builds a library of N
# synthetic units (default 1000000) from a generated CSV and times, each as
# its own process under /usr/bin/time -v (wall time and peak RSS):
# the CSV import, the headless demo ceremony (draw --answers
# assets/demo/answers.json), the size of its record, `verify`,
# `assets/verify.py record` and (with node) `assets/verify.js record` of
# it, and `sample` over the N unit ids against
# the Python reference (`assets/verify.py sample`), with their ratio.
#
#   bash .ci/bench.sh [N] [WORKDIR]      e.g. bash .ci/bench.sh 10000000
#
# BIN=path uses an already built binary, VERIFY_PY=path another verify.py
# and VERIFY_JS=path another verify.js (to compare builds in one session:
# a record is read by the verifiers of its own build).
# Everything is written under WORKDIR (default: a fresh temporary folder)
# and removed at the end, unless KEEP=1.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
work=${2:-$(mktemp -d)}
mkdir -p "$work"
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
bin=${BIN:-}
py=${VERIFY_PY:-assets/verify.py}
if [ -z "$bin" ]; then
  go build -o "$work/shuangsui" . && bin="$work/shuangsui"
fi
db="$work/bench.db"
rm -f "$db"

measure() { # label, command…: prints "label  seconds  peak-RSS-MB"
  # With MAY_FAIL=1 a command that fails is reported with its exit status
  # and first line of output instead of ending the run.
  local label=$1; shift
  if ! /usr/bin/time -v "$@" >"$work/out" 2>"$work/time"; then
    if [ "${MAY_FAIL:-0}" != 1 ]; then cat "$work/out" "$work/time"; exit 1; fi
    printf '%-34s %s\n' "$label" "$(awk -F': ' '/Exit status/ { print "exit status " $2 }' "$work/time"): $(head -n 1 "$work/out" "$work/time" | grep -v '^==>' | grep -v '^$' | head -n 1 | cut -c1-120)"
  fi
  awk -v l="$label" -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, a, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + a[i] }
    /Maximum resident set size/ { rss = $2 / 1024 }
    END { printf "%-34s %8.2f s %8.0f MB\n", l, s, rss }' "$work/time"
}

python3 .ci/genunits.py "$n" "$work/units.csv"
for kind in counties matters inspectors; do
  "$bin" --db "$db" import "$kind" "assets/demo/$kind.xlsx" >/dev/null
done
echo "units: $n"
measure "import units (CSV)" "$bin" --db "$db" import units "$work/units.csv"
awk -v b="$(stat -c %s "$db")" -v n="$n" 'BEGIN { printf "%-34s %8.1f bytes per unit (%.1f MB)\n", "database size", b / n, b / 1048576 }'
measure "draw (demo answers)" "$bin" --db "$db" draw --answers assets/demo/answers.json --out "$work/record.json"
printf '%-34s %8.1f MB\n' "record" "$(awk -v b="$(stat -c %s "$work/record.json")" 'BEGIN { print b / 1048576 }')"
measure "verify" "$bin" verify "$work/record.json"
measure "verify.py record" python3 "$py" record "$work/record.json"
js=${VERIFY_JS:-assets/verify.js}
if command -v node >/dev/null; then
  # exit status 2 on a frame text longer than JavaScript's longest string (10M units)
  MAY_FAIL=1 measure "verify.js record (node)" node "$js" record "$work/record.json"
fi
cut -d, -f1 "$work/units.csv" | tail -n +2 >"$work/ids.txt"
measure "sample (Go)" sh -c "\"$bin\" sample --seed 01382438112797316654 --take 10 --alternates 3 <\"$work/ids.txt\" >\"$work/go.txt\""
go_s=$(awk -F': ' '/Elapsed/ { n = split($2, a, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + a[i]; print s }' "$work/time")
measure "sample (verify.py)" sh -c "python3 \"$py\" sample --seed 01382438112797316654 --take 10 --alternates 3 <\"$work/ids.txt\" >\"$work/py.txt\""
py_s=$(awk -F': ' '/Elapsed/ { n = split($2, a, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + a[i]; print s }' "$work/time")
cmp -s "$work/go.txt" "$work/py.txt" || { echo "sample: Go and Python differ"; exit 1; }
awk -v g="$go_s" -v p="$py_s" -v n="$n" 'BEGIN { printf "%-34s %8.0f ns vs %.0f ns per id: %.1f×\n", "sample per id, Go vs Python", g * 1e9 / n, p * 1e9 / n, p / g }'
