#!/usr/bin/env bash
# End to end on the demo data: import the five demo libraries into a fresh
# database, run the demo ceremony headless from assets/demo/answers.json,
# then verify the exported record with the Go program and with the
# independent Python verifier; a record with one byte changed must fail both.
set -euo pipefail
cd "$(dirname "$0")/.."

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/shuangsui" .
bin="$tmp/shuangsui"
db="$tmp/demo.db"

for kind in counties matters units inspectors history; do
  "$bin" --db "$db" import "$kind" "assets/demo/$kind.xlsx" >/dev/null
done
"$bin" --db "$db" draw --answers assets/demo/answers.json --out "$tmp/record.json" >/dev/null

passed=0 failed=0
check() { # name, expected exit (0 or nonzero), command…
  local name=$1 want=$2; shift 2
  if "$@" >"$tmp/out" 2>&1; then got=0; else got=1; fi
  if [ "$got" = "$want" ]; then passed=$((passed+1)); echo "ok   $name"
  else failed=$((failed+1)); echo "FAIL $name"; cat "$tmp/out"; fi
}
check "go verify, true record" 0 "$bin" verify "$tmp/record.json"
check "python verify, true record" 0 python3 assets/verify.py record "$tmp/record.json"
# One digit of the seed changed in the summary, and one byte of a payload.
python3 - "$tmp" <<'PY'
import json, sys, base64
d = sys.argv[1]
rec = json.load(open(f"{d}/record.json"))
rec["seed"] = rec["seed"].replace("3", "4", 1)
json.dump(rec, open(f"{d}/seed.json", "w"), ensure_ascii=False)
rec = json.load(open(f"{d}/record.json"))
p = bytearray(base64.b64decode(rec["steps"][7]["payload"]))
p[20] ^= 1
rec["steps"][7]["payload"] = base64.b64encode(bytes(p)).decode()
json.dump(rec, open(f"{d}/payload.json", "w"), ensure_ascii=False)
PY
for f in seed payload; do
  check "go verify, $f changed" 1 "$bin" verify "$tmp/$f.json"
  check "python verify, $f changed" 1 python3 assets/verify.py record "$tmp/$f.json"
done
echo "records: $passed passed, $failed failed"
[ "$failed" = 0 ]
