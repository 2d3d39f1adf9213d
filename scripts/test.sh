#!/usr/bin/env bash
# Sets up, builds and runs the test suite (every ctest label except `slow`).
#   scripts/test.sh             the default build in ./build; the `paraview` tests run where
#                               ParaView's Python is installed and are skipped elsewhere
#   scripts/test.sh --catalyst  installs ParaView (setup.sh --with-paraview), builds with the
#                               Catalyst adaptor (-DISV_WITH_CATALYST=ON) in ./build-catalyst and
#                               runs the suite there, the Catalyst tests included
#   scripts/test.sh --slurm     installs Slurm + munge (setup.sh --with-slurm), builds ./build and
#                               runs the real-Slurm sweep test (ctest -L slurm, about 40 s)
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
  "")
    scripts/setup.sh
    scripts/build.sh
    ctest --test-dir build --output-on-failure -j2 -LE slow
    ;;
  --catalyst)
    scripts/setup.sh --with-paraview
    cmake -S . -B build-catalyst -DCMAKE_BUILD_TYPE=Release -DISV_WITH_CATALYST=ON \
      -DISV_BUILD_BENCH=OFF >/dev/null
    cmake --build build-catalyst -j"$(nproc)"
    ctest --test-dir build-catalyst --output-on-failure -j2 -LE slow
    ;;
  --slurm)
    scripts/setup.sh --with-slurm
    scripts/build.sh
    ctest --test-dir build --output-on-failure -L slurm
    ;;
  *)
    echo "test.sh: unknown option '$1' (known: --catalyst, --slurm)" >&2
    exit 2
    ;;
esac
