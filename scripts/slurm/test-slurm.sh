#!/usr/bin/env bash
# End-to-end test of sweeps on Slurm (docs/sweeps.md), run by .ci/run.
#
# Installs slurm-wlm and munge from Debian packages when missing, starts its own munged,
# slurmctld and slurmd on this host (loopback only, a generated single-node slurm.conf, all state
# in a temporary directory), submits scripts/slurm/sweep.sbatch with 4 shards, waits for the
# array and the dependent merge job (with a timeout), and checks that the merged CSV equals a
# local `--jobs 1` run byte for byte. On exit it stops only the daemons it started.
#
# Must run as root (it starts daemons). Environment: SLURM_TEST_TIMEOUT (seconds to wait for the
# jobs, default 300), SLURM_TEST_SPEC (default Workloads/sweeps/mixtral-logic-pim.json),
# SLURM_TEST_KEEP=1 (keep the temporary directory), DUPLEXSIM (binary; default: swift build).
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$(pwd)"

log() { echo "slurm-test: $*" >&2; }
fail() { log "FAIL: $*"; exit 1; }

timeout_s="${SLURM_TEST_TIMEOUT:-300}"
spec="${SLURM_TEST_SPEC:-$root/Workloads/sweeps/mixtral-logic-pim.json}"
shards=4
started=$(date +%s)

[ "$(id -u)" -eq 0 ] || fail "must run as root (it installs packages and starts munged, slurmctld, slurmd)"

# 1. Packages.
if ! command -v munged >/dev/null || ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null \
   || ! command -v sbatch >/dev/null; then
  log "installing slurm-wlm and munge"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
fi

# 2. The binary.
binary="${DUPLEXSIM:-}"
if [ -z "$binary" ]; then
  swift build --product duplexsim >/dev/null
  binary="$(swift build --show-bin-path)/duplexsim"
fi
[ -x "$binary" ] || fail "no duplexsim binary at $binary"
export DUPLEXSIM="$binary"   # sweep.sbatch submits the same binary the local comparison runs

# 3. A private directory for everything the daemons write.
work="$(mktemp -d /tmp/duplexsim-slurm.XXXXXX)"
chmod 755 "$work"
pids=()
cleanup() {
  local status=$?
  if [ -n "${SLURM_CONF:-}" ] && command -v scancel >/dev/null && [ ${#pids[@]} -gt 0 ]; then
    scancel --quiet --name=duplexsim-sweep,duplexsim-merge 2>/dev/null || true
  fi
  # Stop only the daemons this script started, newest first: slurmd, slurmctld, munged.
  for (( i=${#pids[@]}-1; i>=0; i-- )); do
    kill -TERM "${pids[$i]}" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then log "daemon $pid did not stop; killing it"; kill -KILL "$pid" 2>/dev/null || true; fi
    wait "$pid" 2>/dev/null || true
  done
  if [ $status -ne 0 ]; then
    for f in "$work"/munged.log "$work"/slurmctld.log "$work"/slurmd.log "$work"/out/logs/*.out; do
      [ -f "$f" ] && { echo "---- $f (last 30 lines)" >&2; tail -30 "$f" >&2; }
    done
  fi
  if [ "${SLURM_TEST_KEEP:-0}" = 1 ]; then log "kept $work"; else rm -rf "$work"; fi
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# 4. munged with its own key and socket.
mkdir -m 711 "$work/munge"
if command -v mungekey >/dev/null; then
  mungekey --create --keyfile="$work/munge/munge.key" >/dev/null
else
  dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 status=none
fi
chmod 600 "$work/munge/munge.key"
socket="$work/munge/munge.socket"
munged --foreground --force --key-file="$work/munge/munge.key" --socket="$socket" \
  --pid-file="$work/munge/munged.pid" --seed-file="$work/munge/munged.seed" --log-file="$work/munged.log" \
  >>"$work/munged.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do [ -S "$socket" ] && break; sleep 0.1; done
[ -S "$socket" ] || fail "munged did not create $socket"
munge --socket="$socket" -n </dev/null | unmunge --socket="$socket" >/dev/null || fail "munge round trip failed"

# 5. slurm.conf: one node (this host's real CPU and memory layout, from slurmd -C), loopback.
host="$(hostname -s)"
node="dsimnode"
port=$(( 20000 + (RANDOM % 4000) * 2 ))
hardware="$(slurmd -C | head -1 | sed -e 's/^NodeName=[^ ]* //' -e 's/ UpTime=.*//')"
mkdir -p "$work/state" "$work/spool" "$work/out"
cat > "$work/slurm.conf" <<CONF
ClusterName=duplexsimtest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$socket
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
MinJobAge=600
NodeName=$node NodeHostname=$host NodeAddr=127.0.0.1 $hardware State=UNKNOWN
PartitionName=sweep Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$work/slurm.conf"

# 6. The daemons.
slurmctld -D -c -f "$SLURM_CONF" >>"$work/slurmctld.log" 2>&1 &
pids+=($!)
slurmd -D -N "$node" -f "$SLURM_CONF" >>"$work/slurmd.log" 2>&1 &
pids+=($!)
ready=""
for _ in $(seq 1 60); do
  state="$(sinfo -h -n "$node" -o %T 2>/dev/null || true)"
  case "$state" in idle*|mixed*|allocated*) ready=1; break;; esac
  for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || fail "a daemon (pid $pid) exited during start-up"; done
  sleep 1
done
[ -n "$ready" ] || fail "node $node not idle after 60 s (state: ${state:-none})"
log "slurmctld and slurmd up on $host (ports $port, $((port + 1))), node $node: $hardware"

# 7. Submit the sweep: 4 array tasks and the dependent merge.
out="$work/out"
submitted="$(scripts/slurm/sweep.sbatch "$spec" "$out" "$shards" --time=10)" || fail "sweep.sbatch could not submit the sweep"
echo "$submitted" | sed 's/^/slurm-test: /' >&2
read -r _ array _ merge <<<"$(echo "$submitted" | tail -1)"
[ -n "$merge" ] || fail "sweep.sbatch did not print the job ids"

# 8. Wait for the merge job to leave the queue.
deadline=$(( $(date +%s) + timeout_s ))
while squeue -h -j "$array,$merge" 2>/dev/null | grep -q .; do
  [ "$(date +%s)" -lt "$deadline" ] || { squeue >&2; fail "jobs still queued or running after $timeout_s s"; }
  sleep 1
done
merge_state="$(scontrol show job "$merge" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' | head -1)"
[ "$merge_state" = COMPLETED ] || fail "merge job $merge ended in state ${merge_state:-unknown}"
[ -f "$out/results.csv" ] || fail "no merged $out/results.csv"

# 9. Compare with one local run.
"$binary" sweep "$spec" --out "$work/local" --jobs 1 >/dev/null
if ! cmp "$out/results.csv" "$work/local/results.csv"; then
  diff "$out/results.csv" "$work/local/results.csv" | head -20 >&2
  fail "merged Slurm output differs from the local --jobs 1 run"
fi
rows=$(( $(wc -l <"$out/results.csv") - 1 ))
log "PASS: $shards-shard Slurm array + dependent merge == local --jobs 1 run ($rows points, byte-identical) in $(( $(date +%s) - started )) s"
