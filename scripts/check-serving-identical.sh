#!/usr/bin/env bash
# Byte-identity check for serving-simulation speed work (docs/benchmarks.md, serving).
#
#   scripts/check-serving-identical.sh record BINARY DIR   # write reference outputs with BINARY
#   scripts/check-serving-identical.sh check  BINARY DIR   # rerun with BINARY, cmp against DIR
#
# Cases: Mixtral on duplex with duplex+pe / duplex / gpu / duplex+pe+et (ops.csv on), GLaM and
# Mixtral with Zipf routing, an open loop with length spread (mixed stages with several
# prefills), a steady-state window, a Bank-PIM system, the dense tiny model, and two
# `duplexsim trace` outputs; then the co-processing cases again without `--ops` (the compact,
# timing-only stage path: docs/serving.md, "Compact stages"). Run from the repository root.
set -euo pipefail
mode=$1 bin=$2 dir=$3
case $mode in record) out=$dir ;; check) out=$(mktemp -d) ;; *) echo "mode: record or check" >&2; exit 2 ;; esac
mkdir -p "$out"
base=(--model mixtral-8x7b --batch 16 --lin 128 --lout 32 --requests 32 --seed 3)
common=("${base[@]}" --ops)
run() { local name=$1; shift; "$bin" run "$@" --out "$out/$name" | grep -v "^wrote " > "$out/$name.txt"; }
run pe     "${common[@]}" --system duplex --placement duplex+pe
run duplex "${common[@]}" --system duplex --placement duplex
run gpu    "${common[@]}" --system duplex --placement gpu
run peet   "${common[@]}" --system duplex --placement duplex+pe+et
run zipf   "${common[@]}" --system duplex --placement duplex+pe --routing zipf:1.2
run glam   --model glam-143b --batch 8 --lin 64 --lout 8 --requests 12 --seed 5 --ops --system duplex --placement duplex+pe --routing zipf:0.8
run open   "${common[@]}" --system duplex --placement duplex+pe --qps 400 --length-spread 0.2
run steady "${common[@]}" --system duplex --placement duplex+pe --steady-state-stages 20
run bank   "${common[@]}" --system bank-pim
run dense  --model tiny-dense --devices 1 --batch 8 --lin 32 --lout 8 --requests 12 --seed 2 --ops --system duplex --placement duplex+pe
run pe-noops     "${base[@]}" --system duplex --placement duplex+pe
run peet-noops   "${base[@]}" --system duplex --placement duplex+pe+et
run zipf-noops   "${base[@]}" --system duplex --placement duplex+pe --routing zipf:1.2
run glam-noops   --model glam-143b --batch 8 --lin 64 --lout 8 --requests 12 --seed 5 --system duplex --placement duplex+pe --routing zipf:0.8
run open-noops   "${base[@]}" --system duplex --placement duplex+pe --qps 400 --length-spread 0.2
run steady-noops "${base[@]}" --system duplex --placement duplex+pe --steady-state-stages 20
run dense-noops  --model tiny-dense --devices 1 --batch 8 --lin 32 --lout 8 --requests 12 --seed 2 --system duplex --placement duplex+pe
run gpu-noops    "${base[@]}" --system duplex --placement gpu
run duplex-noops "${base[@]}" --system duplex --placement duplex
"$bin" trace --model mixtral-8x7b --batch 6 --lin 40 --lout 4 --stages 7 --output "$out/trace-mixtral.jsonl" > /dev/null
"$bin" trace --model glam-143b --batch 5 --lin 16 --lout 3 --stages 5 --routing zipf:1.1 --seed 4 --output "$out/trace-glam.jsonl" > /dev/null
if [ "$mode" = check ]; then
  status=0
  while IFS= read -r file; do
    rel=${file#"$dir"/}
    if ! cmp -s "$file" "$out/$rel"; then echo "DIFFERS: $rel"; status=1; fi
  done < <(find "$dir" -type f | sort)
  [ "$status" = 0 ] && echo "identical: $(find "$dir" -type f | wc -l) files" && rm -rf "$out"
  exit $status
fi
echo "recorded $(find "$out" -type f | wc -l) files in $out"
