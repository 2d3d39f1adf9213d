#!/usr/bin/env bash
# Sweep throughput (not a test): the fixed cost of one sample (process start, scenario load,
# HDF5 write and rename; target < 50 ms) and samples per hour of a small 3-arm trial with
# --jobs 1 and --jobs 2. Usage: bench/sweep_bench.sh [BUILD_DIR]   (default: build)
# Uses a scratch folder under $TMPDIR; the machine's load changes the figures.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
build="${1:-build}"
[[ -d "$build" ]] || build="$root/$build"
isvsim="$build/cli/isvsim"
[[ -x "$isvsim" ]] || { echo "sweep_bench: $isvsim not found; build first" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
now() { date +%s.%N; }
per() { echo "scale=6; $1 / $2" | bc; }

# 1. Fixed cost: 40 near-empty samples, one at a time; and `isvsim run` alone for comparison.
"$isvsim" sweep plan "$here/sweep/fixed_cost.toml" -o "$work/fixed" >/dev/null
t0=$(now)
"$isvsim" sweep run "$work/fixed" --jobs 1 --quiet
t1=$(now)
fixed_ms=$(echo "scale=1; ($t1 - $t0) * 1000 / 40" | bc)
t0=$(now)
for i in $(seq 1 20); do
  "$isvsim" run "$here/sweep/fixed_cost_base.toml" -o "$work/alone.h5" -f -q --threads 1 >/dev/null
done
t1=$(now)
alone_ms=$(echo "scale=1; ($t1 - $t0) * 1000 / 20" | bc)
echo "fixed cost per sample: ${fixed_ms} ms through \`sweep run --jobs 1\` (target < 50 ms);" \
     "${alone_ms} ms for \`isvsim run\` alone"

# 2. Samples per hour of the 3-arm trial (12 runs).
for jobs in 1 2; do
  "$isvsim" sweep plan "$here/sweep/trial_small.toml" -o "$work/trial$jobs" >/dev/null
  t0=$(now)
  "$isvsim" sweep run "$work/trial$jobs" --jobs "$jobs" --threads-per-job 1 --quiet
  t1=$(now)
  secs=$(echo "$t1 - $t0" | bc)
  echo "3-arm trial, 12 samples, --jobs $jobs: ${secs} s, $(echo "scale=0; 12 * 3600 / $secs" | bc) samples/hour"
done
"$isvsim" sweep gather "$work/trial1" >/dev/null
"$isvsim" sweep gather "$work/trial2" >/dev/null
cmp -s "$work/trial1/summary.csv" "$work/trial2/summary.csv" && echo "summaries of --jobs 1 and 2 identical"
