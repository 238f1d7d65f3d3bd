#!/usr/bin/env bash
# Writes the CSV outputs of a fixed set of `duplexsim replay` and `duplexsim run` commands into
# DIR, or compares them with a reference folder written earlier (byte for byte, `cmp`).
#
#   scripts/compare-replay-outputs.sh record DIR      # e.g. on main, before a change
#   scripts/compare-replay-outputs.sh check DIR       # after the change: must be identical
#
# Uses the release binary (.build/release/duplexsim; build it first with
# `swift build -c release --product duplexsim`). Run from the repository root.
set -euo pipefail
mode=${1:?record|check}
ref=${2:?DIR}
bin=.build/release/duplexsim
case $mode in
  record) out=$ref ;;
  check) out=$(mktemp -d) ;;
  *) echo "usage: $0 record|check DIR" >&2; exit 2 ;;
esac
mkdir -p "$out"

# Traces: a Mixtral decode trace (several stages) and a mixed prefill+decode one, replayed on
# duplex (Logic-PIM), bank-pim and h100.
$bin trace --model mixtral-8x7b --batch 16 --lin 128 --lout 4 --stages 3 -o "$out/mixtral.jsonl" > /dev/null
$bin trace --model tiny-moe --batch 8 --lin 64 --lout 2 --stages 2 -o "$out/tiny.jsonl" > /dev/null
for spec in "mixtral duplex duplex" "mixtral h100 gpu" "mixtral bank-pim bank-pim" "tiny duplex duplex"; do
  set -- $spec
  $bin replay "$out/$1.jsonl" --system "$2" --placement "$3" --out "$out/replay-$1-$2" > "$out/replay-$1-$2.txt"
done

# Serving runs: co-processing on duplex, the plain GPU, Bank-PIM.
$bin run --model mixtral-8x7b --system duplex --placement duplex+pe --batch 16 --lin 128 --lout 32 --requests 32 --seed 3 \
  --ops --out "$out/run-duplex-pe" > /dev/null
$bin run --model mixtral-8x7b --system h100 --placement gpu --batch 16 --lin 128 --lout 32 --requests 32 --seed 3 \
  --out "$out/run-gpu" > /dev/null
$bin run --model mixtral-8x7b --system bank-pim --placement bank-pim --batch 8 --lin 64 --lout 16 --requests 16 --seed 5 \
  --out "$out/run-bank-pim" > /dev/null

if [ "$mode" = check ]; then
  status=0
  while IFS= read -r file; do
    rel=${file#"$ref"/}
    if ! cmp -s "$file" "$out/$rel"; then echo "DIFFERS: $rel"; status=1; fi
  done < <(find "$ref" -type f -name '*.csv' | sort)
  count=$(find "$ref" -type f -name '*.csv' | wc -l)
  [ "$status" = 0 ] && echo "identical: $count CSV files" || echo "outputs differ (new outputs in $out)"
  exit $status
fi
echo "recorded $(find "$out" -type f -name '*.csv' | wc -l) CSV files in $out"
