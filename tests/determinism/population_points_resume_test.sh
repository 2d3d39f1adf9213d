#!/usr/bin/env bash
# A population lesion's immune point sets across a checkpoint (output/hdf5_points.hpp): a run
# with bevacizumab stopped by SIGTERM and continued with --resume writes an HDF5 file h5diff
# finds identical to an uninterrupted run's, and the same XDMF sidecar (its point counts per
# snapshot are read back from the reopened file).
# Usage: population_points_resume_test.sh ISVSIM WORKDIR    (exit 77: h5diff missing, skipped)
set -u
isvsim=$1 work=$2
command -v h5diff > /dev/null || { echo "h5diff not found (hdf5-tools): skipped"; exit 77; }
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
fail() { echo "FAIL: $*"; exit 1; }

cat > pop.toml << 'TOML'
[run]
duration_days = 400
step_h = 24.0
[output]
sample_every_h = 120.0
snapshot_every_h = 120.0
max_immune_points = 2000
[tcells]
body_tissue_cm3_per_kg = 1000
[lesions.liver]
kind = "population"
[lesions.liver.lattice]
nx = 60
ny = 60
nz = 60
voxel_um = 1000.0
[lesions.liver.tumor]
initial_radius_um = 8000.0
[[dose]]
drug = "bevacizumab"
dose_mg_per_kg = 15.0
start_day = 0.0
every_days = 21.0
count = 3
TOML

"$isvsim" run pop.toml -o full.h5 -q > /dev/null || fail "uninterrupted run"
"$isvsim" run pop.toml -o term.h5 --checkpoint-every 30 -q > term.log 2>&1 &
pid=$!
for _ in $(seq 1 600); do [ -e term.h5.ckpt ] && break; sleep 0.02; done
kill -s TERM "$pid" 2> /dev/null
wait "$pid"
rc=$?
[ "$rc" = 3 ] || fail "SIGTERM: exit code $rc, expected 3 (interrupted, checkpoint written)"
"$isvsim" run --resume term.h5 --threads 2 -q > /dev/null || fail "--resume term.h5"
h5diff -r full.h5 term.h5 > diff.txt 2>&1 || { cat diff.txt; fail "term.h5 differs from full.h5"; }
grep -q "liver_immune_points" full.xmf || fail "no point collection in full.xmf"
diff <(sed 's/full\.h5/RUN.h5/g' full.xmf) <(sed 's/term\.h5/RUN.h5/g' term.xmf) ||
  fail "the resumed run's XDMF differs"
echo "population lesion: SIGTERM + --resume identical, point sets included"
