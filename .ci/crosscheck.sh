#!/usr/bin/env bash
# Cross-check of `shuangsui sample` (Go) against assets/verify.py (an
# independent Python implementation of sampling/SPEC.md §1-4): for several
# populations, seeds and (take, alternates, systematic) combinations the two
# must print the same bytes and exit with the same status; bad input must give
# exit status 2 and nothing on stdout in both.
#
# Run from the repository root: bash .ci/crosscheck.sh
set -euo pipefail
cd "$(dirname "$0")/.."

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

go build -o "$tmp/shuangsui" .
py=(python3 assets/verify.py)

# Deterministic populations: USCC-like 18-character codes and Chinese ids.
python3 - "$tmp" <<'EOF'
import hashlib, sys
d = sys.argv[1]
alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # the USCC character set
ids = []
for n in range(3000):
    h = hashlib.sha256(f"unit-{n}".encode()).digest()
    region = ["130821", "130822", "130824", "130825", "130826", "130827", "130828", "130881"][h[0] % 8]
    body = "".join(alphabet[x % len(alphabet)] for x in h[1:10])
    ids.append("91" + region + body + alphabet[h[10] % len(alphabet)])
for county in ["承德县", "兴隆县", "滦平县", "隆化县", "丰宁满族自治县", "宽城满族自治县", "围场满族蒙古族自治县", "平泉市"]:
    for n in range(1, 61):
        ids.append(f"{county}统计局-{n:03d}")
ids = list(dict.fromkeys(ids))  # a collision of the codes above would be a duplicate
with open(f"{d}/big.txt", "w", encoding="utf-8", newline="\n") as f:
    f.write("\n".join(ids) + "\n")
with open(f"{d}/small.txt", "wb") as f:  # CRLF, no final newline
    f.write("\r\n".join(["ab-1", "ab-2", "cd-1", "ef-3", "承德县统计局-001", "Z-9", "a"]).encode())
with open(f"{d}/dup.txt", "w", encoding="utf-8") as f:
    f.write("\n".join(ids[:50] + [ids[7]] + ids[50:60]) + "\n")
with open(f"{d}/empty-line.txt", "w", encoding="utf-8") as f:
    f.write("\n".join(ids[:5] + [""] + ids[5:10]) + "\n")
EOF
big=$(wc -l <"$tmp/big.txt" | tr -d ' ')

passed=0
failed=0

# run_case NAME INPUT ARGS... — both implementations, same stdout and status.
run_case() {
  local name=$1 input=$2
  shift 2
  local gs=0 ps=0
  "$tmp/shuangsui" sample "$@" <"$input" >"$tmp/go.out" 2>"$tmp/go.err" || gs=$?
  "${py[@]}" sample "$@" <"$input" >"$tmp/py.out" 2>"$tmp/py.err" || ps=$?
  if [ "$gs" -eq "$ps" ] && cmp -s "$tmp/go.out" "$tmp/py.out"; then
    passed=$((passed + 1))
    printf 'ok    %-60s exit %d, %d lines\n' "$name" "$gs" "$(wc -l <"$tmp/go.out")"
  else
    failed=$((failed + 1))
    printf 'FAIL  %-60s go exit %d, python exit %d\n' "$name" "$gs" "$ps"
    diff "$tmp/go.out" "$tmp/py.out" | head -5 || true
    head -3 "$tmp/go.err" "$tmp/py.err" || true
  fi
}

# run_bad NAME INPUT ARGS... — both must refuse: exit 2, empty stdout.
run_bad() {
  local name=$1 input=$2
  shift 2
  local gs=0 ps=0
  "$tmp/shuangsui" sample "$@" <"$input" >"$tmp/go.out" 2>"$tmp/go.err" || gs=$?
  "${py[@]}" sample "$@" <"$input" >"$tmp/py.out" 2>"$tmp/py.err" || ps=$?
  if [ "$gs" -eq 2 ] && [ "$ps" -eq 2 ] && [ ! -s "$tmp/go.out" ] && [ ! -s "$tmp/py.out" ]; then
    passed=$((passed + 1))
    printf 'ok    %-60s exit 2 in both\n' "$name"
  else
    failed=$((failed + 1))
    printf 'FAIL  %-60s go exit %d (%d bytes out), python exit %d (%d bytes out)\n' \
      "$name" "$gs" "$(wc -c <"$tmp/go.out")" "$ps" "$(wc -c <"$tmp/py.out")"
  fi
}

seeds=("38271-90412-77315-02846" "承德市统计局2026年第一轮" "0" "01382438112797316654")
for seed in "${seeds[@]}"; do
  run_case "big seed=$seed take=1" "$tmp/big.txt" --seed "$seed" --take 1
  run_case "big seed=$seed take=10 alt=5" "$tmp/big.txt" --seed "$seed" --take 10 --alternates 5
  run_case "big seed=$seed take=200 alt=20" "$tmp/big.txt" --seed "$seed" --take 200 --alternates 20
  run_case "big seed=$seed take=0 alt=3" "$tmp/big.txt" --seed "$seed" --take 0 --alternates 3
  run_case "big seed=$seed take=N=$big" "$tmp/big.txt" --seed "$seed" --take "$big"
  run_case "big seed=$seed systematic take=1" "$tmp/big.txt" --seed "$seed" --take 1 --systematic
  run_case "big seed=$seed systematic take=37 alt=5" "$tmp/big.txt" --seed "$seed" --take 37 --alternates 5 --systematic
  run_case "big seed=$seed systematic take=1000 alt=10" "$tmp/big.txt" --seed "$seed" --take 1000 --alternates 10 --systematic
  run_case "big seed=$seed systematic take=N" "$tmp/big.txt" --seed "$seed" --take "$big" --alternates 2 --systematic
  run_case "small(CRLF) seed=$seed take=3 alt=10" "$tmp/small.txt" --seed "$seed" --take 3 --alternates 10
  run_case "small(CRLF) seed=$seed systematic take=3 alt=10" "$tmp/small.txt" --seed "$seed" --take 3 --alternates 10 --systematic
done
run_case "spec §2 example" "$tmp/small.txt" --seed 314159 --take 2 --alternates 2

run_bad "duplicate id" "$tmp/dup.txt" --seed 0 --take 3
run_bad "duplicate id, systematic" "$tmp/dup.txt" --seed 0 --take 3 --systematic
run_bad "empty line" "$tmp/empty-line.txt" --seed 0 --take 3
run_bad "take > N" "$tmp/small.txt" --seed 0 --take 8
run_bad "take > N, systematic" "$tmp/small.txt" --seed 0 --take 8 --systematic
run_bad "systematic take=0" "$tmp/small.txt" --seed 0 --take 0 --systematic
run_bad "empty seed" "$tmp/small.txt" --seed "" --take 1

echo "crosscheck: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
