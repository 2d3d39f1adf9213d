#!/usr/bin/env bash
# Checkpoint and restart through the command line (docs/checkpoint.md), at 1 and 2 threads:
# a run stopped by a real SIGTERM and continued with --resume writes an output file whose
# datasets and attributes h5diff finds identical to an uninterrupted run's; a run hit by two
# signals dies at once and resumes from its last periodic checkpoint; a damaged or foreign
# checkpoint is refused with exit code 2 and a message naming the file.
# Usage: checkpoint_cli_test.sh ISVSIM SCENARIO WORKDIR    (exit 77: h5diff missing, skipped)
set -u
isvsim=$1 scenario=$2 work=$3
command -v h5diff > /dev/null || { echo "h5diff not found (hdf5-tools): skipped"; exit 77; }
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
fail() { echo "FAIL: $*"; exit 1; }

# Starts a checkpointing run of OUT in the background, waits for its first checkpoint, then
# sends the signals given (one: graceful stop; two: abort). Prints the exit code.
interrupt() {
  local out=$1 threads=$2; shift 2
  "$isvsim" run "$scenario" -o "$out" --threads "$threads" --checkpoint-every 0.25 -q \
    > "$out.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 600); do [ -e "$out.ckpt" ] && break; sleep 0.02; done
  for sig in "$@"; do kill -s "$sig" "$pid" 2> /dev/null; done
  wait "$pid"
  echo $?
}

same_output() {
  h5diff -r "$1" "$2" > "$2.diff" 2>&1 || { cat "$2.diff"; fail "$2 differs from $1"; }
}

for threads in 1 2; do
  "$isvsim" run "$scenario" -o "full$threads.h5" --threads "$threads" -q > /dev/null ||
    fail "uninterrupted run"

  rc=$(interrupt "term$threads.h5" "$threads" TERM)
  [ "$rc" = 3 ] || fail "SIGTERM: exit code $rc, expected 3 (interrupted, checkpoint written)"
  grep -q "checkpoint term$threads.h5.ckpt" "term$threads.h5.log" || fail "no checkpoint message"
  [ -e "term$threads.h5.part" ] && [ ! -e "term$threads.h5" ] || fail "partial output missing"
  # Resume at the other thread count: the checkpoint does not depend on it.
  "$isvsim" run --resume "term$threads.h5" --threads $((3 - threads)) -q > /dev/null ||
    fail "--resume term$threads.h5"
  [ ! -e "term$threads.h5.ckpt" ] || fail "checkpoint left after the run completed"
  same_output "full$threads.h5" "term$threads.h5"
  echo "threads $threads: SIGTERM + --resume identical"
done

# Two signals: abort at once (default action); the last periodic checkpoint still resumes.
# Two different signals, because a second pending SIGTERM would merge with the first.
rc=$(interrupt abort.h5 2 TERM USR1)
[ "$rc" = 138 ] || [ "$rc" = 143 ] || fail "SIGTERM + SIGUSR1: exit code $rc, expected to die"
cp abort.h5.ckpt abort.ckpt.copy
"$isvsim" run "$scenario" --restart abort.ckpt.copy -o abort.h5 --threads 2 -q > /dev/null ||
  fail "--restart after abort"
same_output full2.h5 abort.h5
echo "double signal: aborted ($rc), restarted from the checkpoint, identical"

# Refusals: exit code 2 and the file named.
rc=$(interrupt bad.h5 2 USR1)
[ "$rc" = 3 ] || fail "SIGUSR1: exit code $rc"
cp bad.h5.ckpt good.ckpt
python3 - bad.h5.ckpt << 'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, 'rb').read())
b[len(b) // 2] ^= 0x20
open(p, 'wb').write(b)
PY
"$isvsim" run --resume bad.h5 -q > refuse.log 2>&1
rc=$?
[ "$rc" = 2 ] && grep -q "bad.h5.ckpt.*damaged" refuse.log || { cat refuse.log; fail "damaged: $rc"; }
head -c 1000 good.ckpt > short.ckpt
"$isvsim" run --restart short.ckpt -o bad.h5 -q > refuse.log 2>&1
rc=$?
[ "$rc" = 2 ] && grep -q "short.ckpt" refuse.log || { cat refuse.log; fail "truncated: $rc"; }
"$isvsim" run "$scenario" --set run.seed=12 --restart good.ckpt -o bad.h5 -q > refuse.log 2>&1
rc=$?
[ "$rc" = 2 ] && grep -q "good.ckpt.*another scenario" refuse.log ||
  { cat refuse.log; fail "foreign scenario: $rc"; }
echo "damaged, truncated and foreign checkpoints refused (exit 2)"
echo "PASS"
