#!/usr/bin/env bash
# The README's first command ends with scripts/plot_timecourse.py on the run's HDF5 file: run a
# short two-lesion scenario (agent + mean-field, so /timeseries also holds the systemic group)
# and check that the script writes a non-empty PNG. Skipped (77) without matplotlib/h5py.
# Usage: plot_timecourse_test.sh ISVSIM SCENARIO WORKDIR
set -euo pipefail
isvsim=$1 scenario=$2 work=$3
root="$(cd "$(dirname "$0")/../.." && pwd)"
/usr/bin/python3 -c "import h5py, matplotlib" 2>/dev/null || exit 77
rm -rf "$work" && mkdir -p "$work"
"$isvsim" run "$scenario" -o "$work/run.h5" --quiet --set run.duration_days=2 \
  --set lesions.primary.lattice.nx=16 --set lesions.primary.lattice.ny=16 \
  --set lesions.primary.lattice.nz=16 > /dev/null
/usr/bin/python3 "$root/scripts/plot_timecourse.py" "$work/run.h5" -o "$work/run.png"
test -s "$work/run.png"
echo "plot_timecourse_test: ok ($(stat -c %s "$work/run.png") bytes)"
