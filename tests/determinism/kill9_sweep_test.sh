#!/usr/bin/env bash
# Crash consistency of a sweep sample (docs/checkpoint.md): the sample of a one-sample sweep,
# run by `isvsim sweep run --checkpoint-every`, is SIGKILLed at KILLS moments (every other one
# after its first checkpoint) spread over its
# wall time, and the sweep is run again with the same command: the finished sample must be
# h5diff-identical to an uninterrupted sweep's, and no kill may lose the sample's `.part`
# beside its checkpoint.
# Usage: kill9_sweep_test.sh ISVSIM SWEEP_FILE WORKDIR KILLS   (exit 77: h5diff missing)
set -u
isvsim=$1 sweep=$2 work=$3 kills=$4
command -v h5diff > /dev/null || { echo "h5diff not found (hdf5-tools): skipped"; exit 77; }
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
fail() { echo "FAIL: $*"; exit 1; }
run=(--index 0 --threads-per-job 2 --quiet --checkpoint-every 0.125)

# Every attempt runs in the same directory `k`: the sample's file records its scenario's path.
"$isvsim" sweep plan "$sweep" -o k > /dev/null || fail "plan"
start_ns=$(date +%s%N)
"$isvsim" sweep run k "${run[@]}" || fail "uninterrupted sweep"
wall_ms=$((($(date +%s%N) - start_ns) / 1000000))
mv k/runs/00000.h5 ref.h5
echo "uninterrupted sample: ${wall_ms} ms"

RANDOM=777
resumed=0
for i in $(seq 1 "$kills"); do
  rm -rf k && "$isvsim" sweep plan "$sweep" -o k > /dev/null || fail "plan k"
  delay_ms=$((wall_ms * (i - 1) / kills + RANDOM % (wall_ms / kills + 1)))
  "$isvsim" sweep run k "${run[@]}" > /dev/null 2>&1 &
  driver=$!
  if [ $((i % 2)) = 0 ]; then
    # Every other kill lands after this run's first checkpoint (the runs here may be faster or
    # slower than the reference was): up to a quarter of the run later.
    for _ in $(seq 1 3000); do [ -e k/runs/00000.h5.ckpt ] && break; sleep 0.01; done
    delay_ms=$((RANDOM % (wall_ms / 4 + 1)))
  fi
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  pkill -KILL -P "$driver" 2> /dev/null  # the sample's process, not the driver
  wait "$driver" 2> /dev/null
  if [ -e k/runs/00000.h5.ckpt ]; then
    [ -e k/runs/00000.h5.part ] || fail "kill $i at ${delay_ms} ms: checkpoint without .part"
    resumed=$((resumed + 1))
  fi
  "$isvsim" sweep run k "${run[@]}" > rerun.log 2>&1 ||
    { cat rerun.log; fail "kill $i at ${delay_ms} ms: sweep run again failed"; }
  h5diff -r ref.h5 k/runs/00000.h5 > diff.log 2>&1 ||
    { head -20 diff.log; fail "kill $i at ${delay_ms} ms: sample differs"; }
done
echo "$kills kills of the sweep sample: $resumed resumed from a checkpoint, all identical"
[ "$resumed" -ge $(((kills + 3) / 4)) ] || fail "too few kills landed after a checkpoint ($resumed)"
echo "PASS"
