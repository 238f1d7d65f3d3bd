#!/usr/bin/env bash
# Regenerates Results/duplex-micro24/*.csv: the Duplex paper's serving experiments (Yun et al.,
# MICRO 2024) run through `duplexsim run`. Setup and the comparison with the paper:
# docs/reproduction.md. Usage: scripts/reproduce-duplex-micro24.sh [JOBS]   (parallel runs, default 2)
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS="${1:-2}"
OUT=Results/duplex-micro24
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
echo "work directory: $WORK" >&2
swift build -c release --product duplexsim >&2
BIN="$(swift build -c release --show-bin-path)/duplexsim"
SEED=1

devices() { case "$1" in mixtral-8x7b|opt-66b|llama3-70b) echo 4 ;; glam-143b) echo 8 ;; grok-1) echo 16 ;; esac; }
# system label -> "preset placement device-multiplier"
setup() {
  case "$1" in
    gpu) echo "h100 gpu 1" ;; 2xgpu) echo "h100 gpu 2" ;; duplex) echo "duplex duplex 1" ;;
    duplex+pe) echo "duplex duplex+pe 1" ;; duplex+pe+et) echo "duplex duplex+pe+et 1" ;;
    bank-pim) echo "bank-pim bank-pim 1" ;; bankgroup-pim) echo "bankgroup-pim bankgroup-pim 1" ;;
  esac
}
# Steady-state window: two periods of completions (Lout / B stages each), 16 to 64 stages.
window() { local w=$(( 2 * ( ($2 + $1 - 1) / $1 ) )); (( w < 16 )) && w=16; (( w > 64 )) && w=64; echo $w; }

JOBLIST="$WORK/jobs"
: > "$JOBLIST"
# job: key model system batch lin lout extra-options...
add() { echo "$*" >> "$JOBLIST"; }
for model in mixtral-8x7b glam-143b grok-1; do
  for batch in 32 64 128; do
    for lengths in "1024 1024" "2048 1024" "4096 512"; do
      set -- $lengths
      for system in gpu 2xgpu duplex duplex+pe duplex+pe+et; do
        add "grid/$model/$batch/$1/$2/$system $model $system $batch $1 $2 --steady-state-stages $(window $batch $2)"
      done
    done
  done
done
for system in gpu 2xgpu duplex duplex+pe duplex+pe+et; do
  add "latency/$system glam-143b $system 64 4096 512 --steady-state-stages $(( 512 + 2 * $(window 64 512) ))"
done
for qps in 4 8 12 16; do
  for system in gpu duplex duplex+pe; do
    add "qps/$qps/$system mixtral-8x7b $system 128 4096 512 --qps $qps --requests 64 --length-spread 0.1"
  done
done
for model in mixtral-8x7b llama3-70b opt-66b; do
  for system in gpu duplex duplex+pe bank-pim bankgroup-pim; do
    add "pim/$model/$system $model $system 64 1024 1024 --steady-state-stages $(window 64 1024)"
  done
done

run_job() {
  set -- $1
  local key=$1 model=$2 system=$3 batch=$4 lin=$5 lout=$6; shift 6
  read -r preset placement multiplier <<< "$(setup "$system")"
  local d=$(( $(devices "$model") * multiplier ))
  "$BIN" run --model "$model" --system "$preset" --placement "$placement" --devices "$d" --batch "$batch" \
    --lin "$lin" --lout "$lout" --length-spread 0 --seed "$SEED" "$@" --out "$WORK/$key" > "$WORK/$(echo "$key" | tr / _).log" 2>&1 \
    || { echo "FAILED: $key" >&2; cat "$WORK/$(echo "$key" | tr / _).log" >&2; return 1; }
  echo "done $key" >&2
}
export -f run_job setup devices
export BIN WORK SEED
xargs -P "$JOBS" -I{} bash -c 'run_job "$@"' _ {} < "$JOBLIST"

# col FILE NAME: the value of column NAME in the single data row of a summary.csv.
col() { awk -F, -v name="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i } NR == 2 { print $c }' "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", a / b }'; }
ENERGY_PARTS="energy_fc_dram_per_token_mJ energy_fc_compute_per_token_mJ energy_fc_communication_per_token_mJ energy_attention_dram_per_token_mJ energy_attention_compute_per_token_mJ energy_attention_communication_per_token_mJ energy_moe_dram_per_token_mJ energy_moe_compute_per_token_mJ energy_moe_communication_per_token_mJ"

{
  echo "model,batch,lin,lout,system,tokens_per_s,normalized_to_gpu"
  for model in mixtral-8x7b glam-143b grok-1; do for batch in 32 64 128; do for lengths in "1024 1024" "2048 1024" "4096 512"; do
    set -- $lengths
    base="$WORK/grid/$model/$batch/$1/$2"
    gpu=$(col "$base/gpu/summary.csv" tokens_per_s)
    for system in gpu 2xgpu duplex duplex+pe duplex+pe+et; do
      t=$(col "$base/$system/summary.csv" tokens_per_s)
      echo "$model,$batch,$1,$2,$system,$t,$(ratio "$t" "$gpu")"
    done
  done; done; done
} > "$OUT/throughput.csv"

{
  printf "model,batch,lin,lout,system,energy_per_token_mJ,normalized_to_gpu"
  for part in $ENERGY_PARTS; do printf ",%s" "$part"; done; echo
  for model in mixtral-8x7b glam-143b grok-1; do for batch in 32 64 128; do for lengths in "1024 1024" "2048 1024" "4096 512"; do
    set -- $lengths
    base="$WORK/grid/$model/$batch/$1/$2"
    gpu=$(col "$base/gpu/summary.csv" energy_per_token_mJ)
    for system in gpu 2xgpu duplex duplex+pe duplex+pe+et; do
      e=$(col "$base/$system/summary.csv" energy_per_token_mJ)
      printf "%s,%s,%s,%s,%s,%s,%s" "$model" "$batch" "$1" "$2" "$system" "$e" "$(ratio "$e" "$gpu")"
      for part in $ENERGY_PARTS; do printf ",%s" "$(col "$base/$system/summary.csv" "$part")"; done; echo
    done
  done; done; done
} > "$OUT/energy.csv"

LAT="tokens_per_s t2ft_p50_ms t2ft_p90_ms t2ft_p99_ms tbt_p50_ms tbt_p90_ms tbt_p99_ms e2e_mean_ms e2e_p50_ms e2e_p99_ms measured_requests"
{
  printf "model,batch,lin,lout,system"; for c in $LAT; do printf ",%s" "$c"; done; echo
  for system in gpu 2xgpu duplex duplex+pe duplex+pe+et; do
    printf "glam-143b,64,4096,512,%s" "$system"
    for c in $LAT; do printf ",%s" "$(col "$WORK/latency/$system/summary.csv" "$c")"; done; echo
  done
} > "$OUT/latency-glam-b64.csv"

{
  printf "model,max_batch,lin,lout,qps,system,mean_batch,stages_mixed,stages_decode"; for c in $LAT; do printf ",%s" "$c"; done; echo
  for qps in 4 8 12 16; do for system in gpu duplex duplex+pe; do
    s="$WORK/qps/$qps/$system/summary.csv"
    printf "mixtral-8x7b,128,4096,512,%s,%s,%s,%s,%s" "$qps" "$system" "$(col "$s" mean_batch)" "$(col "$s" stages_mixed)" "$(col "$s" stages_decode)"
    for c in $LAT; do printf ",%s" "$(col "$s" "$c")"; done; echo
  done; done
} > "$OUT/qps-mixtral.csv"

{
  echo "model,batch,lin,lout,system,tokens_per_s,normalized_to_gpu,energy_per_token_mJ,energy_normalized_to_gpu"
  for model in mixtral-8x7b llama3-70b opt-66b; do
    gpu=$(col "$WORK/pim/$model/gpu/summary.csv" tokens_per_s); gpuE=$(col "$WORK/pim/$model/gpu/summary.csv" energy_per_token_mJ)
    for system in gpu duplex duplex+pe bank-pim bankgroup-pim; do
      s="$WORK/pim/$model/$system/summary.csv"
      t=$(col "$s" tokens_per_s); e=$(col "$s" energy_per_token_mJ)
      echo "$model,64,1024,1024,$system,$t,$(ratio "$t" "$gpu"),$e,$(ratio "$e" "$gpuE")"
    done
  done
} > "$OUT/bank-pim.csv"
echo "wrote $OUT/throughput.csv energy.csv latency-glam-b64.csv qps-mixtral.csv bank-pim.csv" >&2
