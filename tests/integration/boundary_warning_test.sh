#!/usr/bin/env bash
# `isvsim run` on a lesion that outgrows its lattice: exit 0, exactly one warning line on stderr
# naming the lesion and the day (also with --quiet), and the printed summary says REACHED; the
# same lesion in a lattice large enough for it prints no warning (docs/readouts.md, "Domain
# boundary"). Usage: boundary_warning_test.sh ISVSIM WORKDIR
set -u
isvsim=$1 work=$2
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
fail() { echo "FAIL: $*"; exit 1; }

cat > edge.toml <<'TOML'
[run]
duration_days = 2.0
seed = 4
step_h = 2.0

[output]
sample_every_h = 12.0
snapshot_every_h = 0.0

[lesions.edge.lattice]
nx = 10
ny = 10
nz = 10

[lesions.edge.tumor]
initial_radius_um = 50.0
doubling_time_days = 0.5
TOML

"$isvsim" run edge.toml -o edge.h5 --quiet --threads 1 > edge.out 2> edge.err \
  || { cat edge.err; fail "run exit code $?"; }
[ "$(grep -c 'isvsim: warning:' edge.err)" -eq 1 ] || { cat edge.err; fail "not one warning"; }
grep -qE "lesion 'edge': tumour reached the outer voxel layer of its 10x10x10 lattice on day [0-9.]+" \
  edge.err || { cat edge.err; fail "warning does not name the lesion, lattice and day"; }
grep -qE "lattice boundary +REACHED on day" edge.out || { cat edge.out; fail "summary silent"; }

"$isvsim" run edge.toml -o big.h5 --quiet --threads 1 --set lesions.edge.lattice.nx=30 \
  --set lesions.edge.lattice.ny=30 --set lesions.edge.lattice.nz=30 > big.out 2> big.err \
  || { cat big.err; fail "contained run exit code $?"; }
[ ! -s big.err ] || { cat big.err; fail "contained lesion: unexpected stderr"; }
grep -qE "lattice boundary +not reached" big.out || { cat big.out; fail "contained: summary"; }
# A population lesion (clinical scale) outgrowing its domain: the same warning, summary line
# and /summary flag.
cat > pop.toml <<'TOML'
[run]
duration_days = 120.0
seed = 4
step_h = 24.0

[output]
sample_every_h = 168.0
snapshot_every_h = 0.0

[lesions.liver]
kind = "population"

[lesions.liver.lattice]
nx = 24
ny = 24
nz = 24
voxel_um = 1000.0

[lesions.liver.tumor]
initial_radius_um = 10000.0
TOML
"$isvsim" run pop.toml -o pop.h5 --quiet --threads 1 > pop.out 2> pop.err \
  || { cat pop.err; fail "population run exit code $?"; }
[ "$(grep -c 'isvsim: warning:' pop.err)" -eq 1 ] || { cat pop.err; fail "population: not one warning"; }
grep -qE "lesion 'liver': tumour reached the outer voxel layer of its 24x24x24 lattice on day" \
  pop.err || { cat pop.err; fail "population warning does not name the lesion and lattice"; }
grep -qE "lattice boundary +REACHED on day" pop.out || { cat pop.out; fail "population summary"; }
if command -v h5dump >/dev/null; then
  h5dump -d /summary/lesions/reached_boundary pop.h5 | grep -qE '^ +\(0\): 1$' \
    || { h5dump -d /summary/lesions/reached_boundary pop.h5; fail "population /summary flag"; }
fi
echo "boundary_warning_test: ok"
