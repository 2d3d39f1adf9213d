#!/usr/bin/env bash
# The clinical scenario library (scenarios/library/clinical_*.toml) runs: each scenario for a
# short duration that covers its first treatment (day 7), exit code 0, a summary printed, and no
# lesion reaching its domain boundary. Usage: clinical_library_test.sh ISVSIM SCENARIO WORKDIR
# DAYS
set -u
isvsim=$1 scenario=$2 work=$3 days=$4
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
fail() { echo "FAIL: $*"; exit 1; }
"$isvsim" run "$scenario" -o run.h5 --set "run.duration_days=$days" >run.out 2>run.err
rc=$?
[ "$rc" -eq 0 ] || { cat run.err; fail "$(basename "$scenario"): exit code $rc"; }
grep -qE '^ +volume ' run.out || { cat run.out; fail "no summary in the output"; }
if grep -q 'isvsim: warning:' run.err; then cat run.err; fail "a warning (domain boundary?)"; fi
echo "clinical_library_test: $(basename "$scenario") ok ($days days)"
