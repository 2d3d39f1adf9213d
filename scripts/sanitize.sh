#!/usr/bin/env bash
# Sanitizer builds (docs/building.md, "Sanitizers"), each in its own build directory:
#   scripts/sanitize.sh           ASan + UBSan (-DISV_SANITIZE=address) in ./build-asan, runs the
#                                 unit and determinism tests (ctest -L 'unit|determinism' -LE slow);
#                                 any sanitizer report fails the run. This is what CI runs.
#   scripts/sanitize.sh thread    ThreadSanitizer (-DISV_SANITIZE=thread) in ./build-tsan, runs the
#                                 determinism tests with cmake/tsan.supp (see docs/building.md
#                                 for what that does and does not show).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
mode="${1:-address}"
case "$mode" in
  address) build_dir=build-asan; labels='unit|determinism' ;;
  thread) build_dir=build-tsan; labels='determinism' ;;
  *) echo "sanitize.sh: unknown mode '$mode' (known: address, thread)" >&2; exit 2 ;;
esac

scripts/setup.sh
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DISV_SANITIZE="$mode" \
  -DISV_BUILD_BENCH=OFF "${launcher[@]}" >/dev/null
cmake --build "$build_dir" -j"$(nproc)"

# A report ends the test process with an error (UBSan: -fno-sanitize-recover at compile time).
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$root/cmake/lsan.supp:print_suppressions=0"
export TSAN_OPTIONS="suppressions=$root/cmake/tsan.supp:halt_on_error=1:second_deadlock_stack=1"
ctest --test-dir "$build_dir" --output-on-failure -j2 -L "$labels" -LE slow
