#!/usr/bin/env bash
# Runs the benchmarks of an existing build and prints a summary (items/s per thread count and
# the 1 -> 2 thread speed-up) and the peak memory of a 256³ lesion. Builds nothing.
# Usage: bench/run.sh [BUILD_DIR] [extra isv_bench arguments, e.g. --benchmark_filter=Oxygen]
#   BUILD_DIR defaults to `build`, relative to the repository root if not found from here.
# Results are also kept in BUILD_DIR/bench/isv_bench.json. The machine's load changes the
# figures: compare runs on an otherwise idle machine.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
build="${1:-build}"
shift || true
[[ -d "$build" ]] || build="$root/$build"
bench="$build/bench/isv_bench"
memory="$build/bench/isv_bench_memory"
for exe in "$bench" "$memory"; do
  if [[ ! -x "$exe" ]]; then
    echo "bench/run.sh: $exe not found; build first, e.g." >&2
    echo "  cmake -S $root -B $build -DCMAKE_BUILD_TYPE=Release && cmake --build $build" >&2
    exit 2
  fi
done

json="$build/bench/isv_bench.json"
echo "== isv_bench (load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs)"
"$bench" --benchmark_counters_tabular=true --benchmark_out="$json" \
  --benchmark_out_format=json "$@"

echo
echo "== isv_bench_memory"
mem_status=0
"$memory" || mem_status=$?

echo
echo "== summary"
if command -v python3 >/dev/null 2>&1; then
  python3 "$here/summarize.py" "$json"
else
  echo "(python3 not found: see $json)"
fi
exit $mem_status
