#!/usr/bin/env bash
# Runs the event-queue "hold" benchmark in C (shared/bench/hold.c, gcc -O2) and in Swift
# (duplexsim-bench kernel-hold, release) in one session, same N, same operations, same keys,
# and prints events/s for each and the Swift/C ratio. Usage: scripts/bench-kernel-hold.sh [OPS]
set -euo pipefail
cd "$(dirname "$0")/.."
ops=${1:-50000000}
hold_c=${HOLD_C:-../shared/bench/hold.c}
gcc -O2 -o /tmp/duplexsim-hold "$hold_c"
swift build -c release --product duplexsim-bench >/dev/null
for n in 1000 10000 1000000; do
  c_start=$(date +%s.%N); c_sum=$(/tmp/duplexsim-hold "$n" "$ops"); c_end=$(date +%s.%N)
  c_rate=$(python3 -c "print(f'{$ops/($c_end-$c_start):.4g}')")
  line=$(.build/release/duplexsim-bench kernel-hold --pending "$n" --operations "$ops")
  s_rate=$(echo "$line" | awk '/^RESULT/ {print $3}')
  s_sum=$(echo "$line" | sed -n 's/.*checksum=\([0-9]*\).*/\1/p')
  [ "$s_sum" = "$c_sum" ] || { echo "checksum mismatch at N=$n: C $c_sum, Swift $s_sum"; exit 1; }
  ratio=$(python3 -c "print(f'{$s_rate/$c_rate:.2f}')")
  echo "N=$n ops=$ops  C ${c_rate} events/s  Swift ${s_rate} events/s  Swift/C ${ratio}  (checksums equal)"
done
