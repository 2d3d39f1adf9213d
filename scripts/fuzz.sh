#!/usr/bin/env bash
# Bounded libFuzzer run of the loaders (docs/building.md, "Fuzzing"), as CI runs it:
# builds fuzz/ with clang (-fsanitize=fuzzer,address,undefined) in ./build-fuzz, fuzzes each
# target for ISV_FUZZ_SECONDS (default 60) from its seeds, then replays every saved reproducer.
# Exits non-zero, naming the reproducer, if anything crashes.
#   scripts/fuzz.sh                    setup (--with-fuzz), build, fuzz every target, replay
#   scripts/fuzz.sh TARGET...          only these (scenario, sweep, checkpoint)
#   scripts/fuzz.sh --make-checkpoint-seed  regenerate fuzz/corpus/checkpoint/ with build/'s
#                                      isvsim (after a checkpoint format change)
# A finding is left in build-fuzz/findings/<target>/; to keep it as a regression test, copy it
# to fuzz/regressions/<target>/ with a descriptive name (fuzz/CMakeLists.txt makes it a ctest).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
build_dir="${ISV_FUZZ_BUILD_DIR:-build-fuzz}"
seconds="${ISV_FUZZ_SECONDS:-60}"
all_targets=(scenario sweep checkpoint)

make_checkpoint_seed() {
  # An interrupted run of fuzz/checkpoint_seed.toml leaves a real checkpoint; the fuzz target
  # reads a mode byte first (checkpoint_fuzz.cpp): 0 = repair the framing, 1 = as is.
  local isvsim="$root/build/cli/isvsim" work pid
  [ -x "$isvsim" ] || { echo "fuzz: build isvsim first (scripts/build.sh)" >&2; exit 1; }
  work=$(mktemp -d)
  trap 'rm -rf "$work"' RETURN
  "$isvsim" run fuzz/checkpoint_seed.toml --set run.duration_days=400 --checkpoint-every 1 \
    --threads 1 -q -o "$work/seed.h5" &
  pid=$!
  for _ in $(seq 1 1000); do [ -e "$work/seed.h5.ckpt" ] && break; sleep 0.02; done
  kill -TERM "$pid"
  wait "$pid" || true
  [ -s "$work/seed.h5.ckpt" ] || { echo "fuzz: no checkpoint was written" >&2; exit 1; }
  mkdir -p fuzz/corpus/checkpoint
  { printf '\x00'; cat "$work/seed.h5.ckpt"; } >fuzz/corpus/checkpoint/seed_repaired
  { printf '\x01'; cat "$work/seed.h5.ckpt"; } >fuzz/corpus/checkpoint/seed_raw
  ls -l fuzz/corpus/checkpoint
}

if [ "${1:-}" = "--make-checkpoint-seed" ]; then
  make_checkpoint_seed
  exit 0
fi
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")
for t in "${targets[@]}"; do
  [[ " ${all_targets[*]} " == *" $t "* ]] ||
    { echo "fuzz: unknown target '$t' (known: ${all_targets[*]})" >&2; exit 2; }
done

scripts/setup.sh --with-fuzz
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_COMPILER=clang \
  -DCMAKE_CXX_COMPILER=clang++ -DISV_FUZZ=ON -DISV_BUILD_TESTS=OFF -DISV_BUILD_BENCH=OFF \
  "${launcher[@]}" >/dev/null
build_targets=()
for t in "${targets[@]}"; do build_targets+=(--target "isv_fuzz_$t"); done
cmake --build "$build_dir" -j"$(nproc)" "${build_targets[@]}"

# Seeds: the shipped scenarios and sweeps (read only) and fuzz/corpus/<target>/.
seeds_for() {
  local dirs
  case "$1" in
    scenario) dirs="fuzz/corpus/scenario scenarios/library tests/determinism/data" ;;
    sweep) dirs="fuzz/corpus/sweep scenarios/sweeps" ;;
    checkpoint) dirs="fuzz/corpus/checkpoint" ;;
  esac
  for d in $dirs; do [ -d "$d" ] && echo "$d"; done
}
# Text inputs are capped at 4 KiB: far beyond any real scenario's nesting, and short enough that
# the fuzzer spends its time on structure. A checkpoint seed is ~170 KB.
max_len_for() { if [ "$1" = checkpoint ]; then echo 262144; else echo 4096; fi; }

status=0
disabled=$(grep -v '^#' fuzz/regressions/DISABLED || true)
for t in "${targets[@]}"; do
  fuzzer="$build_dir/fuzz/isv_fuzz_$t"
  work="$build_dir/corpus/$t"
  findings="$build_dir/findings/$t"
  mkdir -p "$work" "$findings"
  echo "fuzz: $t for ${seconds}s"
  # shellcheck disable=SC2046
  if ! (cd "$root" && "$fuzzer" -max_total_time="$seconds" -max_len="$(max_len_for "$t")" \
          -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 \
          -artifact_prefix="$findings/" "$work" $(seeds_for "$t") \
          >"$build_dir/fuzz_$t.log" 2>&1); then
    tail -40 "$build_dir/fuzz_$t.log"
    echo "fuzz: $t FOUND A CRASH: $(ls "$findings")" >&2
    echo "fuzz: keep it as a regression test: cp $findings/<file> fuzz/regressions/$t/<name>" >&2
    status=1
  else
    grep -E '^stat::number_of_executed_units|^Done' "$build_dir/fuzz_$t.log" | tr '\n' ' '
    echo
  fi
  # Every saved reproducer still loads or fails clearly (the DISABLED ones await their fix).
  replay=()
  for r in fuzz/regressions/"$t"/*; do
    [ -e "$r" ] || continue
    if grep -qx "$t/$(basename "$r")" <<<"$disabled"; then
      echo "fuzz: $t: skipping disabled reproducer $r"
      continue
    fi
    replay+=("$r")
  done
  if [ ${#replay[@]} -gt 0 ]; then
    if "$fuzzer" "${replay[@]}" >"$build_dir/replay_$t.log" 2>&1; then
      echo "fuzz: $t: ${#replay[@]} regression reproducer(s) pass"
    else
      tail -40 "$build_dir/replay_$t.log"
      echo "fuzz: $t: a regression reproducer fails again" >&2
      status=1
    fi
  fi
done
[ "$status" -eq 0 ] && echo "fuzz: ${#targets[@]} target(s) x ${seconds}s: no crash"
exit "$status"
