#!/usr/bin/env bash
# Sets up, builds and runs the example scenario; leaves out/quickstart.h5 and
# out/quickstart.png (the tumour time course).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
mkdir -p out
build/cli/isvsim run scenarios/library/quickstart.toml -o out/quickstart.h5 --force
/usr/bin/python3 scripts/plot_timecourse.py out/quickstart.h5 -o out/quickstart.png
