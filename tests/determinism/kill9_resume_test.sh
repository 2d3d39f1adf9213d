#!/usr/bin/env bash
# Crash consistency (docs/checkpoint.md, "What survives a crash"): an I/O-heavy run (a sample
# every hour, a snapshot every 2 h, a checkpoint every 3 simulated hours) is killed with SIGKILL
# at KILLS moments (spread over its wall time; every other one after the run's first checkpoint),
# each in a fresh run, and continued with
# `--resume` (or run afresh when it died before its first checkpoint). Every continued run must
# be h5diff-identical to an uninterrupted one, and no kill may lose the `.part` beside a
# checkpoint.
# Usage: kill9_resume_test.sh ISVSIM SCENARIO WORKDIR KILLS [RUN OPTIONS...]
#   (exit 77: h5diff missing, skipped). RUN OPTIONS (e.g. --set ...) go to every run.
set -u
isvsim=$1 scenario=$2 work=$3 kills=$4
shift 4
command -v h5diff > /dev/null || { echo "h5diff not found (hdf5-tools): skipped"; exit 77; }
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
fail() { echo "FAIL: $*"; exit 1; }
heavy=(--set output.sample_every_h=1 --set output.snapshot_every_h=2 --threads 2 -q "$@")

start_ns=$(date +%s%N)
"$isvsim" run "$scenario" -o ref.h5 "${heavy[@]}" > /dev/null || fail "uninterrupted run"
wall_ms=$((($(date +%s%N) - start_ns) / 1000000))
echo "uninterrupted run: ${wall_ms} ms"

RANDOM=4242  # the kill moments are reproducible
resumed=0 fresh=0
for i in $(seq 1 "$kills"); do
  rm -f k.h5 k.h5.*
  # Moments spread evenly over the run, jittered by up to one slot.
  delay_ms=$((wall_ms * (i - 1) / kills + RANDOM % (wall_ms / kills + 1)))
  "$isvsim" run "$scenario" -o k.h5 "${heavy[@]}" --checkpoint-every 0.125 > /dev/null 2>&1 &
  pid=$!
  if [ $((i % 2)) = 0 ]; then
    # Every other kill lands after this run's first checkpoint (the runs here may be faster or
    # slower than the reference was): up to a quarter of the run later.
    for _ in $(seq 1 3000); do [ -e k.h5.ckpt ] && break; sleep 0.01; done
    delay_ms=$((RANDOM % (wall_ms / 4 + 1)))
  fi
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  kill -KILL "$pid" 2> /dev/null
  wait "$pid" 2> /dev/null
  if [ -e k.h5 ]; then
    echo "kill $i at ${delay_ms} ms: the run had already completed"
  elif [ -e k.h5.ckpt ]; then
    [ -e k.h5.part ] || fail "kill $i at ${delay_ms} ms: checkpoint without its .part"
    "$isvsim" run --resume k.h5 --threads 1 -q > resume.log 2>&1 ||
      { cat resume.log; fail "kill $i at ${delay_ms} ms: --resume failed"; }
    resumed=$((resumed + 1))
  else
    "$isvsim" run "$scenario" -o k.h5 "${heavy[@]}" > rerun.log 2>&1 ||
      { cat rerun.log; fail "kill $i at ${delay_ms} ms: rerun without checkpoint failed"; }
    fresh=$((fresh + 1))
  fi
  h5diff -r ref.h5 k.h5 > diff.log 2>&1 ||
    { head -20 diff.log; fail "kill $i at ${delay_ms} ms: output differs"; }
done
echo "$kills kills: $resumed resumed from a checkpoint, $fresh rerun, all identical"
[ "$resumed" -ge $(((kills + 3) / 4)) ] || fail "too few kills landed after a checkpoint ($resumed)"
echo "PASS"
