#!/usr/bin/env bash
# `isvsim calibrate` end to end on the tiny sweep patient: ABC-SMC generations run as sweep
# batches. The saved state (every generation's particles, weights and distances, bit for bit)
# and the posterior are the same bytes at --jobs 1 and --jobs 2, and after the driver is
# SIGKILLed once its first generation is saved and the command is run again, and at another
# max_batch (each proposal has its own seed). A state of another calibration is refused. Usage: calibrate_cli_test.sh ISVSIM SOURCE_DIR WORK_DIR
set -euo pipefail
isvsim=$1
src=$2
work=$3
rm -rf "$work"
mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
cp "$src/tests/integration/sweep/tiny_base.toml" "$work/"
cat >"$work/cal.toml" <<'TOML'
[calibration]
base = "tiny_base.toml"
name = "tiny_calibration"
particles = 6
generations = 3
max_batch = 12
seed = 5

[[parameter]]
key = "lesions.primary.tumor.doubling_time_days"
prior = "uniform"
min = 1.0
max = 3.0

[[target]]
readout = "final_viable_cells"
value = 200
scale = 50
TOML

"$isvsim" calibrate "$work/cal.toml" -o "$work/j1" --jobs 1
"$isvsim" calibrate "$work/cal.toml" -o "$work/j2" --jobs 2
for f in state.abc posterior.csv generations.csv; do
  cmp "$work/j1/$f" "$work/j2/$f" || fail "$f differs between --jobs 1 and --jobs 2"
done
[ "$(grep -c '^generation ' "$work/j1/state.abc")" = 3 ] || fail "expected 3 generations"

# Each proposal runs with its own seed (a function of the calibration seed, generation and
# proposal index), so the posterior does not depend on how generations are cut into batches.
manifest="$work/j1/gen-000/batch-0000/manifest.csv"
rows=$(($(wc -l <"$manifest") - 1))
seeds=$(awk -F, 'NR > 1 { print $6 }' "$manifest" | sort -u | wc -l)
[ "$rows" -gt 1 ] && [ "$seeds" = "$rows" ] || fail "$rows proposals ran with $seeds distinct seeds"
sed 's/^max_batch = 12/max_batch = 5/' "$work/cal.toml" >"$work/cal_b5.toml"
"$isvsim" calibrate "$work/cal_b5.toml" -o "$work/b5" --jobs 2 >/dev/null
[ -d "$work/b5/gen-000/batch-0001" ] || fail "max_batch = 5 did not split generation 0"
for f in state.abc posterior.csv generations.csv; do
  cmp "$work/b5/$f" "$work/j1/$f" || fail "$f differs between max_batch 5 and 12"
done

# A finished calibration run again changes nothing.
"$isvsim" calibrate "$work/cal.toml" -o "$work/j1" --jobs 2 >"$work/out"
grep -q "finished after 3" "$work/out" || fail "re-run of a finished calibration: $(cat "$work/out")"
cmp "$work/j1/state.abc" "$work/j2/state.abc" || fail "re-run changed the state"

# SIGKILL of the driver after its first saved generation, then the same command again.
dir="$work/killed"
"$isvsim" calibrate "$work/cal.toml" -o "$dir" --jobs 2 >/dev/null &
driver=$!
for _ in $(seq 1 600); do
  [ -e "$dir/state.abc" ] && break
  sleep 0.05
done
[ -e "$dir/state.abc" ] || fail "no generation saved"
kill -KILL "$driver"
wait "$driver" || true
"$isvsim" calibrate "$work/cal.toml" -o "$dir" --jobs 2 >"$work/out"
grep -q "resuming after generation" "$work/out" || fail "the re-run did not resume: $(cat "$work/out")"
for f in state.abc posterior.csv generations.csv; do
  cmp "$dir/$f" "$work/j1/$f" || fail "$f after kill and resume differs from the uninterrupted run"
done

# Another calibration's state in the directory: one line naming state.abc and the line.
sed 's/^seed = 5/seed = 6/' "$work/cal.toml" >"$work/other.toml"
rc=0
"$isvsim" calibrate "$work/other.toml" -o "$work/j1" 2>"$work/err" || rc=$?
[ "$rc" = 2 ] || fail "exit $rc for a foreign state: $(cat "$work/err")"
grep -q "state.abc:3: saved 'seed 5' but this run has 'seed 6'" "$work/err" ||
  fail "foreign state message: $(cat "$work/err")"
sed 's/^max = 3.0/max = 0.5/' "$work/cal.toml" >"$work/bad.toml"
rc=0
"$isvsim" calibrate "$work/bad.toml" -o "$work/bad" 2>"$work/err" || rc=$?
[ "$rc" = 2 ] && grep -q "bad.toml:9:1: parameter\[0\].prior: .*lower < upper" "$work/err" ||
  fail "bad prior: exit $rc, $(cat "$work/err")"
echo "calibrate cli: ok"
