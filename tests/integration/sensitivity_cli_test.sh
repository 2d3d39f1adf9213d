#!/usr/bin/env bash
# `isvsim sensitivity plan | report` end to end on the tiny sweep patient: the design runs as an
# ordinary sweep, and the indices are the same bytes at --jobs 1 and --jobs 2; user errors are
# one line naming the file. Usage: sensitivity_cli_test.sh ISVSIM SOURCE_DIR WORK_DIR
set -euo pipefail
isvsim=$1
src=$2
work=$3
rm -rf "$work"
mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
cp "$src/tests/integration/sweep/tiny_base.toml" "$work/"

write_spec() {  # method samples file
  cat >"$3" <<TOML
[sensitivity]
base = "tiny_base.toml"
method = "$1"
samples = $2
seed = 3

[[input]]
key = "lesions.primary.tumor.doubling_time_days"
min = 1.0
max = 3.0

[[input]]
key = "lesions.primary.tumor.initial_radius_um"
min = 50.0
max = 70.0
TOML
}
write_spec sobol 8 "$work/sobol.toml"
write_spec morris 4 "$work/morris.toml"

for spec in sobol morris; do
  for jobs in 1 2; do
    dir="$work/${spec}_j$jobs"
    "$isvsim" sensitivity plan "$work/$spec.toml" -o "$dir"
    "$isvsim" sensitivity plan "$work/$spec.toml" -o "$dir" | grep -q "already planned" ||
      fail "re-plan of $spec is not a no-op"
    if [ "$jobs" = 1 ]; then  # before gathering: told what to do
      if "$isvsim" sensitivity report "$dir" --readout final_viable_cells 2>"$work/err"; then
        fail "report before gather succeeded"
      fi
      grep -q "summary.csv: missing; run \`isvsim sweep gather" "$work/err" ||
        fail "report before gather: $(cat "$work/err")"
    fi
    "$isvsim" sweep run "$dir" --jobs "$jobs" --quiet
    "$isvsim" sweep gather "$dir" >/dev/null
    "$isvsim" sensitivity report "$dir" --readout final_viable_cells
  done
  cmp "$work/${spec}_j1/indices.csv" "$work/${spec}_j2/indices.csv" ||
    fail "$spec indices differ between --jobs 1 and --jobs 2"
  [ "$(wc -l <"$work/${spec}_j1/indices.csv")" = 3 ] || fail "$spec: expected 2 inputs"
done
head -1 "$work/sobol_j1/indices.csv" | grep -q '^input,S1,S1_lower,S1_upper,ST,ST_lower,ST_upper$' ||
  fail "sobol header"
head -1 "$work/morris_j1/indices.csv" | grep -q '^input,mu,mu_star,sigma$' || fail "morris header"

# User errors: one line, exit code 2, naming the file (and line / key where there is one).
expect_error() {  # pattern command...
  local pattern=$1 rc=0
  shift
  "$@" >/dev/null 2>"$work/err" || rc=$?
  [ "$rc" = 2 ] || fail "exit $rc (expected 2) for: $*; $(cat "$work/err")"
  [ "$(wc -l <"$work/err")" = 1 ] || fail "not one line: $(cat "$work/err")"
  grep -q -- "$pattern" "$work/err" || fail "message '$(cat "$work/err")' lacks '$pattern'"
}
expect_error "final_viable_cellz" \
  "$isvsim" sensitivity report "$work/sobol_j1" --readout final_viable_cellz
sed 's/^min = 50.0/min = 80.0/' "$work/sobol.toml" >"$work/inverted.toml"
expect_error "inverted.toml:15:7: input\[1\].max: must be greater than min" \
  "$isvsim" sensitivity plan "$work/inverted.toml" -o "$work/x"
sed 's/^seed = 3/sede = 3/' "$work/sobol.toml" >"$work/typo.toml"
expect_error "typo.toml:5:8: sensitivity.sede: unknown key" \
  "$isvsim" sensitivity plan "$work/typo.toml" -o "$work/x"
sed 's/initial_radius_um/no_such_key/' "$work/sobol.toml" >"$work/badkey.toml"
expect_error "badkey.toml:12:1: input\[1\].key: the base scenario refuses it: .*unknown key .lesions.primary.tumor.no_such_key" \
  "$isvsim" sensitivity plan "$work/badkey.toml" -o "$work/x"
echo "sensitivity cli: ok"
