#!/usr/bin/env bash
# Sets up, builds and runs the test suite (every ctest label except `slow`).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
ctest --test-dir build --output-on-failure -j2 -LE slow
