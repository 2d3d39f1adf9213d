#!/usr/bin/env bash
# The clinical benchmark patient (issue "Clinical scale", item 8): a 3 cm HCC ablated with a
# 4 cm RFA zone on 0.5 mm voxels beside an untreated 2 cm lesion on 1 mm voxels, nivolumab for
# a year (scenarios/library/clinical_hcc_rfa_anti_pd1.toml). Runs it at 1 and 2 threads and
# prints wall time, CPU time and simulated days per second, and checks that both outputs are
# identical (h5diff). Builds nothing. Usage: bench/clinical_bench.sh [BUILD_DIR]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
build="${1:-build}"
[[ -d "$build" ]] || build="$root/$build"
exe="$build/cli/isvsim"
[[ -x "$exe" ]] || { echo "bench/clinical_bench.sh: $exe not found; build first" >&2; exit 2; }
scenario="$root/scenarios/library/clinical_hcc_rfa_anti_pd1.toml"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "== clinical patient, 365 days (load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs)"
for threads in 1 2; do
  /usr/bin/time -f "%e %U" -o "$work/time$threads" \
    "$exe" run "$scenario" -o "$work/t$threads.h5" --threads "$threads" >/dev/null 2>&1
  read -r wall user <"$work/time$threads"
  awk -v t="$threads" -v w="$wall" -v u="$user" \
    'BEGIN { printf "threads %d: wall %.1f s, CPU %.1f s, %.1f simulated days/s\n", t, w, u, 365 / w }'
done
if command -v h5diff >/dev/null; then
  h5diff -q "$work/t1.h5" "$work/t2.h5" && echo "1 vs 2 threads: identical output"
fi
