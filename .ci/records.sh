#!/usr/bin/env bash
# End to end on the demo data: import the five demo libraries into a fresh
# database, run the demo ceremony headless from assets/demo/answers.json,
# then verify the exported record with the Go program and with the
# independent verifiers in Python and JavaScript (assets/verify.py, and
# assets/verify.js under node: it is skipped, with a line saying so, where
# node is absent); a record with one byte changed must fail all three.
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
node=$(command -v node || true)
[ -n "$node" ] || echo "skip verify.js: node not on PATH"
check() { # name, expected exit (0 or nonzero), command…
  local name=$1 want=$2; shift 2
  if "$@" >"$tmp/out" 2>&1; then got=0; else got=1; fi
  if [ "$got" = "$want" ]; then passed=$((passed+1)); echo "ok   $name"
  else failed=$((failed+1)); echo "FAIL $name"; cat "$tmp/out"; fi
}
checkjs() { # as check, for verify.js under node (when there is one)
  [ -z "$node" ] || check "$1" "$2" "$node" assets/verify.js record "$3"
}
check "go verify, true record" 0 "$bin" verify "$tmp/record.json"
check "python verify, true record" 0 python3 assets/verify.py record "$tmp/record.json"
checkjs "node verify.js, true record" 0 "$tmp/record.json"
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
  checkjs "node verify.js, $f changed" 1 "$tmp/$f.json"
done

# After the seal (SPEC §10): a result, its publication and a correction of
# the result after publication, chained; the record carries them and its
# current head; an entry changed makes both verifiers fail.
id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["ceremony"])' "$tmp/record.json")
unit=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print([p["id"] for p in r["result"]["units"][0]["picks"] if not p.get("alternate")][0])' "$tmp/record.json")
day=$(date +%Y-%m-%d)
"$bin" --db "$db" results enter --ceremony "$id" --unit "$unit" --start "$day" --end "$day" --codes 未发现问题 --by 刘明 >/dev/null
"$bin" --db "$db" publication mark --ceremony "$id" --unit "$unit" --date "$day" --by 王芳 >/dev/null
check "a correction without --reason is refused" 1 "$bin" --db "$db" results enter --ceremony "$id" --unit "$unit" --start "$day" --end "$day" --codes 迟报统计资料 --by 刘明
check "a correction with --reason" 0 "$bin" --db "$db" results enter --ceremony "$id" --unit "$unit" --start "$day" --end "$day" --codes 迟报统计资料 --by 刘明 --reason 复核原始记录
check "results history" 0 "$bin" --db "$db" results history --ceremony "$id"
check "check after the entries" 0 "$bin" --db "$db" check
"$bin" --db "$db" record "$id" -o "$tmp/entries.json" >/dev/null
check "go verify, record with entries" 0 "$bin" verify "$tmp/entries.json"
check "python verify, record with entries" 0 python3 assets/verify.py record "$tmp/entries.json"
checkjs "node verify.js, record with entries" 0 "$tmp/entries.json"
python3 - "$tmp" <<'PY'
import json, sys, base64
d = sys.argv[1]
rec = json.load(open(f"{d}/entries.json"))
i = [s["kind"] for s in rec["steps"]].index("publication")
p = base64.b64decode(rec["steps"][i]["payload"]).replace(b"\"date\":\"", b"\"date\":\"1")
rec["steps"][i]["payload"] = base64.b64encode(p).decode()
json.dump(rec, open(f"{d}/entry.json", "w"), ensure_ascii=False)
PY
check "go verify, an entry changed" 1 "$bin" verify "$tmp/entry.json"
check "python verify, an entry changed" 1 python3 assets/verify.py record "$tmp/entry.json"
checkjs "node verify.js, an entry changed" 1 "$tmp/entry.json"

# Directed (SPEC §12: the key units of two counties, every one inspected)
# and joint (with a partner department) ceremonies on the demo data: all
# three verify them and refuse them with one byte of the commit changed.
python3 - "$tmp" <<'PY'
import json, sys
d = sys.argv[1]
a = json.load(open("assets/demo/answers.json"))
key = json.loads(json.dumps(a))
del key["params"]["counties"], key["params"]["units_per_county"]
key["params"]["members"] = 1
key["directed"], key["directed_counties"] = "key", ["130803", "130804"]
key["info"]["round"] = "2026年定向检查"
json.dump(key, open(f"{d}/key.json", "w"), ensure_ascii=False)
joint = json.loads(json.dumps(a))
joint["partner"] = "承德市市场监督管理局"
joint["info"]["round"] = "2026年联合抽查"
json.dump(joint, open(f"{d}/joint.json", "w"), ensure_ascii=False)
PY
for k in key joint; do
  "$bin" --db "$db" draw --answers "$tmp/$k.json" --out "$tmp/$k-record.json" >/dev/null 2>&1
  check "go verify, $k record" 0 "$bin" verify "$tmp/$k-record.json"
  check "python verify, $k record" 0 python3 assets/verify.py record "$tmp/$k-record.json"
  checkjs "node verify.js, $k record" 0 "$tmp/$k-record.json"
  python3 - "$tmp" "$k" <<'PY'
import json, sys, base64
d, k = sys.argv[1], sys.argv[2]
rec = json.load(open(f"{d}/{k}-record.json"))
p = bytearray(base64.b64decode(rec["steps"][0]["payload"]))
p[30] ^= 1
rec["steps"][0]["payload"] = base64.b64encode(bytes(p)).decode()
json.dump(rec, open(f"{d}/{k}-forged.json", "w"), ensure_ascii=False)
PY
  check "go verify, $k commit changed" 1 "$bin" verify "$tmp/$k-forged.json"
  check "python verify, $k commit changed" 1 python3 assets/verify.py record "$tmp/$k-forged.json"
  checkjs "node verify.js, $k commit changed" 1 "$tmp/$k-forged.json"
done
echo "records: $passed passed, $failed failed"
[ "$failed" = 0 ]
