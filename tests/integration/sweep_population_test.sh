#!/usr/bin/env bash
# A sweep whose patients come from a population file ([population], docs/sweeps.md): 3 patients
# x 2 arms of the tiny patient. Each run's effective scenario (read back from its HDF5 output)
# holds its patient's parameters in both arms; the manifest and summary record the row; a
# sample run as a Slurm array task would (`sweep run --index`) gives the same file; the example
# on the shipped population plans; user errors are one line naming file and line, exit 2.
# Usage: sweep_population_test.sh ISVSIM SOURCE_DIR WORK_DIR
set -euo pipefail
isvsim=$1
src=$2
work=$3
rm -rf "$work"
mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
cp "$src/tests/integration/sweep/tiny_base.toml" "$work/"
cat >"$work/pop.csv" <<'CSV'
# isvsim virtual population
# isvsim_version: 0.1.0
# generator: sweep_population_test
radius_mm,lesions.primary.tumor.doubling_time_days,weight
0.05,1.25,1
0.07,2.5,1
0.04,1.75,1
0.06,3,1
CSV
cat >"$work/trial.toml" <<'TOML'
[sweep]
base = "tiny_base.toml"
name = "pop_trial"
seed = 4

[population]
file = "pop.csv"
patients = 3

[population.columns]
radius_mm = { key = "lesions.primary.tumor.initial_radius_um", scale = 1000.0 }

[[arm]]
name = "pd1"

[[arm]]
name = "none"
remove = ["dose"]
TOML

"$isvsim" sweep plan "$work/trial.toml" -o "$work/run" >/dev/null
"$isvsim" sweep run "$work/run" --jobs 2 --quiet
"$isvsim" sweep gather "$work/run" >/dev/null

# Patient p (row p of the file) in both arms: radius x 1000 um and its doubling time.
radius=(50.0 70.0 40.0)
doubling=(1.25 2.5 1.75)
for p in 0 1 2; do
  for arm in 0 1; do
    i=$((2 * p + arm))
    h5="$work/run/runs/$(printf %05d "$i").h5"
    text=$(h5dump -a /scenario_toml "$h5")
    grep -Eq "initial_radius_um = ${radius[$p]} " <<<"$text" ||
      fail "sample $i: radius ${radius[$p]} not in the run's effective scenario"
    grep -Eq "doubling_time_days = ${doubling[$p]} " <<<"$text" ||
      fail "sample $i: doubling time ${doubling[$p]} not in the run's effective scenario"
  done
done
# The per-sample tables record the patient's row of the file.
head -1 "$work/run/manifest.csv" | grep -q ',population.row,' || fail "manifest has no population.row"
rows=$(awk -F, 'NR > 1 { print $9 }' "$work/run/summary.csv" | tr '\n' ' ')
[ "$rows" = "0 0 1 1 2 2 " ] || fail "summary.csv population.row column: '$rows'"
[ "$(wc -l <"$work/run/arms.csv")" = 3 ] || fail "arms.csv should hold 2 arms"
# Arms of one patient are paired: the same run seed.
seeds=$(awk -F, 'NR > 1 { print $6 }' "$work/run/manifest.csv" | uniq | wc -l)
[ "$seeds" = 3 ] || fail "expected one seed per patient shared by its two arms, got $seeds runs of seeds"

# As a Slurm array task runs it: the batch script of a fresh plan, then one sample by index.
"$isvsim" sweep plan "$work/trial.toml" -o "$work/slurm" >/dev/null
"$isvsim" sweep slurm "$work/slurm" >/dev/null
grep -q -- '--array=0-5' "$work/slurm/sweep.sbatch" || fail "sbatch array: $(grep array "$work/slurm/sweep.sbatch")"
"$isvsim" sweep run "$work/slurm" --index 2 --quiet
text=$(h5dump -a /scenario_toml "$work/slurm/runs/00002.h5")
grep -q 'initial_radius_um = 70.0 ' <<<"$text" || fail "the --index run lost its patient's radius"

# The shipped example plans (20 patients x 2 arms on advanced_hcc_growth.csv).
out=$("$isvsim" sweep plan "$src/scenarios/sweeps/trial_population_hcc.toml" -o "$work/example")
grep -q "40 samples" <<<"$out" || fail "example sweep did not plan 40 samples: $out"

# User errors: one line naming the file and line, exit 2.
expect_error() {  # NAME PATTERN: plan $work/NAME.toml, expect exit 2 and PATTERN on one line
  local rc=0
  "$isvsim" sweep plan "$work/$1.toml" -o "$work/out_$1" 2>"$work/err" || rc=$?
  [ "$rc" = 2 ] || fail "$1: exit $rc: $(cat "$work/err")"
  [ "$(wc -l <"$work/err")" = 1 ] || fail "$1: not one line: $(cat "$work/err")"
  grep -q -- "$2" "$work/err" || fail "$1: message: $(cat "$work/err")"
}
sed 's/"pop.csv"/"missing.csv"/' "$work/trial.toml" >"$work/missing.toml"
expect_error missing "missing.toml:7:8: population.file: .*missing.csv"
sed 's/doubling_time_days,weight/doubling_tme_days,weight/' "$work/pop.csv" >"$work/badkey.csv"
sed 's/"pop.csv"/"badkey.csv"/' "$work/trial.toml" >"$work/badkey.toml"
expect_error badkey "badkey.csv:4: column 'lesions.primary.tumor.doubling_tme_days': .*unknown key"
sed 's/^0.07,2.5,1/0.07,-2.5,1/' "$work/pop.csv" >"$work/range.csv"
sed 's/"pop.csv"/"range.csv"/' "$work/trial.toml" >"$work/range.toml"
expect_error range "range.csv:6: column 'lesions.primary.tumor.doubling_time_days': .*out of range"
echo "sweep population: ok"
