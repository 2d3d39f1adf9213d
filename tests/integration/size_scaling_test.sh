#!/usr/bin/env bash
# Issue "Clinical scale", acceptance: changing a lesion's initial size by 10x needs no other
# parameter change to keep the untreated lesion growing. The untreated clinical scenario (full
# immunity, body compartment on) with a 3 mm and a 30 mm lesion; only the radius and the voxel
# (numerical: 40 voxels across the initial lesion) change. Both must grow by at least 30 % in
# volume over 120 days (a 140-day doubling time gives +81 %). Usage: size_scaling_test.sh ISVSIM
# SCENARIO WORKDIR
set -u
isvsim=$1 scenario=$2 work=$3
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
fail() { echo "FAIL: $*"; exit 1; }
for cfg in "1500 250" "15000 1000"; do
  read -r radius voxel <<<"$cfg"
  "$isvsim" run "$scenario" -o "r$radius.h5" --set run.duration_days=120 \
    --set "lesions.primary.tumor.initial_radius_um=$radius" \
    --set "lesions.primary.lattice.voxel_um=$voxel" >"r$radius.out" 2>"r$radius.err" \
    || { cat "r$radius.err"; fail "run (radius $radius um) exit code $?"; }
  line=$(grep -E '^ +volume ' "r$radius.out") || { cat "r$radius.out"; fail "no volume line"; }
  read -r v0 v1 < <(echo "$line" | awk '{ print $2, $4 }')
  awk -v a="$v0" -v b="$v1" 'BEGIN { exit !(b >= 1.3 * a) }' \
    || fail "radius $radius um: volume $v0 -> $v1 mm^3 does not grow by 30 %"
  echo "radius $radius um: volume $v0 -> $v1 mm^3"
done
echo "size_scaling_test: ok"
