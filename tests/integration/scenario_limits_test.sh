#!/usr/bin/env bash
# Hostile scenario input through the command line (docs/scenarios.md, "Limits"): deep nesting,
# /dev/zero, a directory, a 3 GB sparse file, a huge lattice, a newline in a name. Each must
# give exit code 2 and exactly one "isvsim: error:" line naming the file, quickly and without a
# crash; `check` reports the memory estimate; a treatment after the end leaves its lesion
# "untreated" in the printed read-outs.
# Usage: scenario_limits_test.sh ISVSIM SCENARIO WORKDIR   (SCENARIO: a small valid scenario)
set -u
isvsim=$1 scenario=$2 work=$3
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
fail() { echo "FAIL: $*"; exit 1; }

# expect_error NAME PATTERN ARGS...: exit 2 within 20 s, one stderr line holding PATTERN.
expect_error() {
  local name=$1 pattern=$2; shift 2
  timeout 20 "$isvsim" "$@" > "$name.out" 2> "$name.err"
  local rc=$?
  [ "$rc" -eq 2 ] || { cat "$name.err"; fail "$name: exit code $rc, expected 2"; }
  [ "$(wc -l < "$name.err")" -eq 1 ] || { cat "$name.err"; fail "$name: not one line"; }
  grep -qF -- "$pattern" "$name.err" || { cat "$name.err"; fail "$name: no '$pattern'"; }
  echo "ok $name: $(cut -c1-160 "$name.err")"
}

deep=$(printf 'a.%.0s' $(seq 1 100000))a
{ cat "$scenario"; printf '\n[%s]\nx = 1\n' "$deep"; } > header.toml
expect_error deep_header "header.toml:" check header.toml
grep -qF "table header nested deeper than 64 levels" deep_header.err || fail "deep_header text"
{ cat "$scenario"; printf '\n%s = 1\n' "$deep"; } > key.toml
expect_error deep_key "dotted key nested deeper than 64 levels" check key.toml
# One argument may hold at most 128 kB (MAX_ARG_STRLEN): 65,000 levels.
deep_arg=$(printf 'a.%.0s' $(seq 1 65000))a
expect_error deep_set "key has 65001 levels; the limit is 64" check "$scenario" --set "$deep_arg=1"

expect_error dev_zero "scenario file '/dev/zero' is a character device" check /dev/zero
mkdir adir
expect_error directory "scenario file 'adir' is a directory" check adir
truncate -s 3G sparse.toml
expect_error sparse "the limit for a scenario file is 16.0 MiB" run sparse.toml -o sparse.h5

for axis in nx ny nz; do big+=(--set "lesions.primary.lattice.$axis=1290"); done
expect_error huge_lattice "lesions.primary.lattice: the scenario needs up to" \
  check "$scenario" "${big[@]}"
grep -qF "is available" huge_lattice.err || fail "huge_lattice: no available memory"

printf '[lesions."a\\nb"]\n' > newline.toml
expect_error newline "lesion name 'a\\nb'" check newline.toml

"$isvsim" check "$scenario" > check.out 2> check.err || fail "check of $scenario failed"
grep -q "OK (.* steps; estimated memory: up to .* at the start)" check.err || fail "check: no estimate"

# A treatment after the end of a 1-day run: the lesion is untreated in the read-outs.
cat > late.toml << 'TOML'
[run]
duration_days = 1
step_h = 6.0
[lesions.primary.lattice]
nx = 16
ny = 16
nz = 16
[lesions.primary.tumor]
initial_radius_um = 60.0
[[treatment]]
day = 5
lesion = "primary"
modality = "rfa"
centre_mm = [0.0, 0.0, 0.0]
radius_mm = 0.05
rim_width_mm = 0.01
TOML
"$isvsim" run late.toml -o late.h5 -q > late.out 2> late.err || { cat late.err; fail "late run"; }
grep -q "primary.*untreated" late.out || { cat late.out; fail "late: lesion counted as treated"; }
echo "all scenario-limit checks passed"
