#!/usr/bin/env bash
# Sweep size limits at the command line (issue 13): a 64-axis grid (which overflowed a signed
# count and crashed), a 40-axis grid (which ran on silently) and samples x replicates = 10^11
# (which grew memory at ~130 MB/s) are refused at once with one line giving the count and the
# limit; --max-samples raises the limit. Each command runs under a time and memory cap so that
# a regression fails here instead of exhausting the machine.
# Usage: sweep_limits_test.sh ISVSIM SOURCE_DIR WORK_DIR
set -euo pipefail
isvsim=$1
src=$2
work=$3
rm -rf "$work"
mkdir -p "$work"
base="$src/tests/integration/sweep/tiny_base.toml"
fail() { echo "FAIL: $*" >&2; exit 1; }

# expect_refused LABEL PATTERN ARGS...: `isvsim ARGS` exits 2 within 10 s with one line on stderr.
expect_refused() {
  local label=$1 pattern=$2 rc=0
  shift 2
  (ulimit -v 4000000; timeout 10 "$isvsim" "$@") >/dev/null 2>"$work/err" || rc=$?
  [ "$rc" -eq 2 ] || fail "$label: exit code $rc, expected 2 (124 = still running after 10 s): $(head -c 300 "$work/err")"
  grep -qF -- "$pattern" "$work/err" || fail "$label: message lacks '$pattern': $(cat "$work/err")"
  [ "$(wc -l <"$work/err")" -eq 1 ] || fail "$label: not one line: $(cat "$work/err")"
  echo "refused ($label): $(cat "$work/err")"
}

# A base with 64 doses, so that every axis of the grids below is a valid scenario key: the old
# code got past key validation and then crashed or ran on.
cp "$base" "$work/base64.toml"
for _ in $(seq 1 63); do
  printf '[[dose]]\ndrug = "nivolumab"\nstart_day = 0\ncount = 1\ndose_mg = 240\n' >>"$work/base64.toml"
done
grid() {  # grid N FILE: N two-valued axes dose[k].start_day = 0 or 1
  printf '[sweep]\nbase = "base64.toml"\n' >"$2"
  for a in $(seq 0 $(($1 - 1))); do
    printf '[[grid]]\nkey = "dose[%d].start_day"\nvalues = [0, 1]\n' "$a" >>"$2"
  done
}
grid 64 "$work/g64.toml"
expect_refused "64-axis grid" "g64.toml:4:7: [[grid]]: 64 axes make about 1.84e+19 grid points, more than the limit of 100000 samples" \
  sweep plan "$work/g64.toml" -o "$work/d64"
grid 40 "$work/g40.toml"
expect_refused "40-axis grid" "40 axes make 1099511627776 grid points" \
  sweep plan "$work/g40.toml" -o "$work/d40"

printf '[sweep]\nbase = "%s"\nsamples = 1000000\nreplicates = 100000\n[[sample]]\nkey = "run.duration_days"\ndistribution = "uniform"\nmin = 1\nmax = 2\n' \
  "$base" >"$work/huge.toml"
expect_refused "10^11 samples" "huge.toml: the sweep has 100000000000 samples (1 grid point x sweep.samples = 1000000 x sweep.replicates = 100000 x 1 arm), more than the limit of 100000; reduce them, or raise the limit with \`isvsim sweep plan --max-samples N\`" \
  sweep plan "$work/huge.toml" -o "$work/dhuge"
[ ! -e "$work/dhuge" ] || fail "a refused sweep created its directory"

# The limit is a deliberate choice: 4 samples (tiny_grid) refused at 3, planned at 4.
expect_refused "--max-samples 3" "4 grid points, more than the limit of 3 samples" \
  sweep plan "$src/tests/integration/sweep/tiny_grid.toml" -o "$work/d4" --max-samples 3
"$isvsim" sweep plan "$src/tests/integration/sweep/tiny_grid.toml" -o "$work/d4" --max-samples 4 |
  grep -q "4 samples" || fail "--max-samples 4 did not plan 4 samples"
rc=0
"$isvsim" sweep plan "$src/tests/integration/sweep/tiny_grid.toml" -o "$work/d0" --max-samples 0 \
  2>"$work/err" || rc=$?
if [ "$rc" -ne 2 ] || ! grep -q -- "--max-samples: Value 0 not in range" "$work/err"; then
  fail "--max-samples 0: exit $rc: $(cat "$work/err")"
fi
echo "sweep_limits_test: every oversized sweep refused at once"
