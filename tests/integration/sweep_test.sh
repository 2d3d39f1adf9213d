#!/usr/bin/env bash
# Sweep end to end: plan (re-plan is a no-op, a different sweep is refused), run with --jobs 1
# and --jobs 2, a sweep stopped by SIGTERM and one whose driver is SIGKILLed, each run again:
# every gathered summary must be byte-identical. Usage: sweep_test.sh ISVSIM SOURCE_DIR WORK_DIR
set -euo pipefail
isvsim=$1
src=$2
work=$3
sweep="$src/tests/integration/sweep/tiny_trial.toml"
rm -rf "$work"
mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

# The example sweeps must stay valid against the scenario schema.
for example in "$src"/scenarios/sweeps/*_grid.toml "$src"/scenarios/sweeps/trial_*.toml; do
  "$isvsim" sweep plan "$example" -o "$work/example_$(basename "$example" .toml)" >/dev/null
done

"$isvsim" sweep plan "$sweep" -o "$work/j1"
"$isvsim" sweep plan "$sweep" -o "$work/j1" | grep -q "already planned" || fail "re-plan not a no-op"
if "$isvsim" sweep plan "$src/tests/integration/sweep/tiny_grid.toml" -o "$work/j1" 2>"$work/err"; then
  fail "planning another sweep into j1 was accepted"
fi
grep -q "different sweep" "$work/err" || fail "refusal does not say why: $(cat "$work/err")"

# Gathering before running works and says what is missing.
"$isvsim" sweep gather "$work/j1" 2>"$work/err"
grep -q "6 sample(s) missing" "$work/err" || fail "incomplete gather message: $(cat "$work/err")"

"$isvsim" sweep run "$work/j1" --jobs 1 --quiet
"$isvsim" sweep gather "$work/j1"
"$isvsim" sweep status "$work/j1" | grep -q "6 done" || fail "status after run"

"$isvsim" sweep plan "$sweep" -o "$work/j2"
"$isvsim" sweep run "$work/j2" --jobs 2 --quiet
"$isvsim" sweep gather "$work/j2"

# Stopped by SIGTERM once the first sample is done, then run again.
wait_first_run() {
  for _ in $(seq 1 400); do
    compgen -G "$1/runs/*.h5" >/dev/null && return 0
    sleep 0.05
  done
  fail "no sample finished in $1"
}
for how in TERM KILL; do
  dir="$work/killed_$how"
  "$isvsim" sweep plan "$sweep" -o "$dir"
  "$isvsim" sweep run "$dir" --jobs 2 --quiet &
  driver=$!
  wait_first_run "$dir"
  kill -s "$how" "$driver"
  rc=0
  wait "$driver" || rc=$?
  done_now=$(compgen -G "$dir/runs/*.h5" | wc -l)
  echo "after SIG$how: driver exit $rc, $done_now of 6 done"
  if [ "$how" = TERM ]; then
    [ "$rc" -eq 3 ] || fail "SIGTERM: driver exit code $rc, expected 3"
  fi
  "$isvsim" sweep run "$dir" --jobs 2 --quiet
  "$isvsim" sweep status "$dir" | grep -q "6 done" || fail "SIG$how: not every sample done"
  "$isvsim" sweep gather "$dir"
done

# A failing sample is recorded and does not stop the others (exit 1, status lists it).
"$isvsim" sweep plan "$src/tests/integration/sweep/tiny_grid.toml" -o "$work/failing" >/dev/null
echo "# edited after planning" >>"$work/failing/scenarios/00001.toml"
rc=0
"$isvsim" sweep run "$work/failing" --jobs 2 --quiet || rc=$?
[ "$rc" -eq 1 ] || fail "failing sample: driver exit $rc, expected 1"
"$isvsim" sweep status "$work/failing" >"$work/status"
grep -q "3 done, 1 failed" "$work/status" || fail "failing sample status: $(cat "$work/status")"
grep -q "failed 00001" "$work/status" || fail "failure not listed"

for dir in j2 killed_TERM killed_KILL; do
  for f in summary.csv arms.csv km.csv synergy.csv summary.h5; do
    cmp "$work/j1/$f" "$work/$dir/$f" || fail "$dir/$f differs from j1/$f"
  done
done
echo "sweep_test: all summaries identical"
