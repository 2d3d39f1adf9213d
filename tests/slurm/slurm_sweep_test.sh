#!/usr/bin/env bash
# A sweep through a real one-node Slurm (scripts/slurm_local.sh): `isvsim sweep slurm --submit`
# runs a job array; one task is requeued with `scontrol requeue` while it runs (or after it
# finished) and must run again; every sample ends done and the gathered summary is identical
# to the same sweep run locally. Exit 77 (ctest SKIP_RETURN_CODE) when Slurm is not installed
# or we are not root. Usage: slurm_sweep_test.sh ISVSIM SOURCE_DIR WORK_DIR
set -euo pipefail
isvsim=$1
src=$2
work=$3
for tool in slurmctld slurmd munged sbatch scontrol squeue; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool not installed (scripts/setup.sh --with-slurm)"; exit 77; }
done
[ "$(id -u)" -eq 0 ] || { echo "SKIP: needs root to start slurmd"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }

# One local Slurm per machine: serialise concurrent runs of this test.
exec 9>/tmp/isv-slurm-test.lock
flock 9
export ISV_SLURM_DIR="$work/slurm"
rm -rf "$work"
mkdir -p "$work"
trap '"$src/scripts/slurm_local.sh" stop' EXIT
eval "$("$src/scripts/slurm_local.sh" start)"

sweep="$src/tests/integration/sweep/tiny_trial.toml"
"$isvsim" sweep plan "$sweep" -o "$work/local"
"$isvsim" sweep run "$work/local" --jobs 2 --quiet
"$isvsim" sweep gather "$work/local"

dir="$work/cluster"
"$isvsim" sweep plan "$sweep" -o "$dir"
out=$("$isvsim" sweep slurm "$dir" --time 00:05:00 --max-concurrent 2 --submit -- --nice=0)
echo "$out"
job=$(echo "$out" | sed -n 's/^submitted job \([0-9]*\).*/\1/p')
[ -n "$job" ] || fail "no job id in: $out"
grep -q -- "--array=0-5%2" "$dir/sweep.sbatch" || fail "array line"
grep -q -- "#SBATCH --nice=0" "$dir/sweep.sbatch" || fail "extra sbatch option not passed"

# Requeue task 0 as soon as it runs (if it finished first, requeue the finished task).
for _ in $(seq 1 600); do
  state=$(squeue -h -j "${job}_0" -o %T 2>/dev/null || true)
  [ "$state" = RUNNING ] && break
  [ -z "$state" ] && break
  sleep 0.05
done
echo "task ${job}_0 was '${state:-finished}' when requeued"
scontrol requeue "${job}_0"

for _ in $(seq 1 1200); do
  [ -z "$(squeue -h -j "$job" 2>/dev/null)" ] && break
  sleep 0.1
done
[ -z "$(squeue -h -j "$job")" ] || fail "array job $job still queued after 120 s"
grep -q "restart 1" "$dir/logs/slurm-${job}_0.out" || fail "task 0 did not run again: $(cat "$dir/logs/slurm-${job}_0.out")"
"$isvsim" sweep status "$dir" | tee "$work/status"
grep -q "6 done" "$work/status" || fail "not every sample done"
"$isvsim" sweep gather "$dir"
for f in summary.csv arms.csv km.csv synergy.csv summary.h5; do
  cmp "$work/local/$f" "$dir/$f" || fail "$f differs between Slurm and local runs"
done
echo "slurm_sweep_test: requeued task ran again; Slurm and local summaries identical"
