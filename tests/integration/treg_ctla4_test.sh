#!/usr/bin/env bash
# Anti-CTLA-4 reaches Tregs in a whole run: the bone metastasis scenario with Tregs switched on
# (ipilimumab 3 mg/kg from day 5) depletes Tregs in the treated lesion; with the depletion rate
# at 0 it depletes none (docs/parameters.md, "[tregs]"). Usage: treg_ctla4_test.sh ISVSIM
# SCENARIO WORKDIR
set -u
isvsim=$1 scenario=$2 work=$3
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
fail() { echo "FAIL: $*"; exit 1; }
command -v h5dump >/dev/null || { echo "h5dump not installed: skipped"; exit 77; }
last() {  # last value of dataset $2 in file $1
  h5dump -y -d "$2" "$1" | awk '/DATA \{/ { on = 1; next } on && /\}/ { exit } on' \
    | tr ',' '\n' | grep -oE '[0-9.e+-]+' | tail -1
}
for rate in default 0; do
  extra=()
  [ "$rate" = 0 ] && extra=(--set tregs.ctla4_depletion_rate_per_day=0)
  "$isvsim" run "$scenario" -o "r_$rate.h5" --quiet --set run.duration_days=20 \
    --set tregs.entry_per_cd8_entry=0.5 "${extra[@]}" >/dev/null 2>"r_$rate.err" \
    || { cat "r_$rate.err"; fail "run ($rate) exit code $?"; }
done
with=$(last r_default.h5 /timeseries/bone/tregs_depleted_total)
without=$(last r_0.h5 /timeseries/bone/tregs_depleted_total)
tregs=$(last r_default.h5 /timeseries/bone/tregs)
awk -v w="$with" 'BEGIN { exit !(w > 0) }' || fail "no Treg depleted under ipilimumab ($with)"
awk -v w="$without" 'BEGIN { exit !(w == 0) }' || fail "depletion at rate 0 ($without)"
echo "treg_ctla4_test: ok (depleted $with, Tregs left $tregs; at rate 0: $without)"
