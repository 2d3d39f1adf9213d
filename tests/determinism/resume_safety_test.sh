#!/usr/bin/env bash
# Nothing a user has is lost or overwritten by a resume, a refused checkpoint or a bad path
# (docs/checkpoint.md): a checkpoint of another run is refused with exit 2 and both files stay
# as they were; a fresh run does not replace an interrupted run's files without --force; a
# damaged .part is kept aside and the run resumes from the checkpoint's copy; symbolic links
# planted at the output's temporary files are not followed; an empty -o is an error; a signal
# during set-up leaves a run that resumes.
# Usage: resume_safety_test.sh ISVSIM SCENARIO WORKDIR   (exit 77: h5diff missing, skipped)
set -u
isvsim=$1 scenario=$2 work=$3
command -v h5diff > /dev/null || { echo "h5diff not found (hdf5-tools): skipped"; exit 77; }
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
fail() { echo "FAIL: $*"; exit 1; }
short=(--set run.duration_days=0.5 -q --threads 2)

# Runs OUT with SEED until its first checkpoint, then stops it with SIGTERM (exit 3).
interrupted() {
  local out=$1 seed=$2
  "$isvsim" run "$scenario" -o "$out" --seed "$seed" "${short[@]}" --checkpoint-every 0.05 \
    > /dev/null 2>&1 &
  local pid=$!
  for _ in $(seq 1 600); do [ -e "$out.ckpt" ] && break; sleep 0.02; done
  kill -TERM "$pid"
  wait "$pid"
  local rc=$?
  [ "$rc" = 3 ] || fail "$out: exit $rc after SIGTERM, expected 3"
}
expect_rc() {  # expect_rc CODE PATTERN COMMAND...
  local code=$1 pattern=$2; shift 2
  "$@" > out.log 2>&1
  local rc=$?
  [ "$rc" = "$code" ] && grep -q -- "$pattern" out.log ||
    { cat out.log; fail "exit $rc (expected $code, message /$pattern/): $*"; }
}

"$isvsim" run "$scenario" -o full.h5 --seed 5 "${short[@]}" > /dev/null || fail "uninterrupted"

# A seed-99 checkpoint beside a seed-5 .part: refused, nothing changed.
interrupted a.h5 5
interrupted b.h5 99
cp b.h5.ckpt a.h5.ckpt
cp a.h5.part a.part.before && cp a.h5.ckpt a.ckpt.before
expect_rc 2 "belongs to another run" "$isvsim" run --resume a.h5 -q
cmp -s a.h5.part a.part.before && cmp -s a.h5.ckpt a.ckpt.before || fail "refusal changed files"
echo "mismatched checkpoint refused (exit 2), .part and checkpoint unchanged"

# A fresh run onto an interrupted run's files needs --force.
interrupted c.h5 5
cp c.h5.part c.part.before
expect_rc 2 "holds an interrupted run" "$isvsim" run "$scenario" -o c.h5 --seed 5 "${short[@]}"
cmp -s c.h5.part c.part.before && [ -e c.h5.ckpt ] || fail "the refused fresh run changed files"
# A resume refused for another scenario leaves both files as they were.
expect_rc 2 "another scenario" "$isvsim" run "$scenario" --seed 6 --resume c.h5 "${short[@]}"
cmp -s c.h5.part c.part.before && [ -e c.h5.ckpt ] || fail "the refused resume changed files"
# With --force the fresh run starts afresh and drops the old checkpoint.
interrupted h.h5 5
"$isvsim" run "$scenario" -o h.h5 --seed 5 "${short[@]}" --force > /dev/null 2>&1 ||
  fail "--force over an interrupted run"
[ ! -e h.h5.ckpt ] && h5diff -r full.h5 h.h5 > diff.log 2>&1 || fail "--force: stale checkpoint"
echo "fresh run over an interrupted one and a foreign-scenario resume refused, files kept"

# A .part damaged by a crash is kept aside; the checkpoint's copy resumes bit for bit.
printf 'garbage' | dd of=c.h5.part bs=1 seek=0 conv=notrunc status=none
cp c.h5.part c.part.damaged
"$isvsim" run --resume c.h5 -q > out.log 2>&1 || { cat out.log; fail "resume over damage"; }
grep -q "kept as 'c.h5.part.unreadable'" out.log || fail "no note about the damaged .part"
cmp -s c.h5.part.unreadable c.part.damaged || fail "the damaged .part was not kept"
h5diff -r full.h5 c.h5 > diff.log 2>&1 || { head diff.log; fail "resume over damage differs"; }
# A missing .part resumes from the checkpoint too.
interrupted d.h5 5
rm d.h5.part
"$isvsim" run --resume d.h5 -q > /dev/null 2>&1 || fail "resume without .part"
h5diff -r full.h5 d.h5 > diff.log 2>&1 || fail "resume without .part differs"
echo "damaged .part kept aside and missing .part recovered from the checkpoint, identical"

# Symbolic links planted at the temporary files are not followed.
echo precious > victim
ln -s victim e.h5.part
ln -s victim e.h5.ckpt.tmp
ln -s victim e.part.xmf.tmp
"$isvsim" run "$scenario" -o e.h5 --seed 5 "${short[@]}" --checkpoint-every 0.1 > /dev/null ||
  fail "run with planted links"
[ "$(cat victim)" = precious ] || fail "a planted link was followed"
ln -s victim f.h5
expect_rc 1 "symbolic link" "$isvsim" run "$scenario" -o f.h5 --force "${short[@]}"
[ -L f.h5 ] && [ "$(cat victim)" = precious ] || fail "--force replaced a link"
expect_rc 2 "output file name is empty" "$isvsim" run "$scenario" -o "" "${short[@]}"
mkdir g.h5.ckpt
expect_rc 2 "g.h5.ckpt': is a directory" "$isvsim" run --resume g.h5 -q
echo "planted links not followed, --force refuses a link, empty -o and a directory refused"

# A write error in the middle of a run (a file-size limit stands in for a full disk): one
# error line, exit 1 — not a crash in HDF5's exit handler — and the .part kept.
(trap '' XFSZ; ulimit -f 64; exec "$isvsim" run "$scenario" -o w.h5 "${short[@]}") > w.log 2>&1
rc=$?
[ "$rc" = 1 ] && grep -q "isvsim: error: .*w.h5.part" w.log && [ -e w.h5.part ] ||
  { cat w.log; fail "write error: exit $rc"; }
echo "write error mid-run: exit 1, .part kept"

# A signal at any moment of set-up: exit 3 with a checkpoint that resumes identically, or
# death before anything was created.
for delay in 0 0.005 0.01 0.02 0.04 0.08; do
  rm -f s.h5*
  "$isvsim" run "$scenario" -o s.h5 --seed 5 "${short[@]}" > /dev/null 2>&1 &
  pid=$!
  sleep "$delay"
  kill -TERM "$pid"
  wait "$pid"
  rc=$?
  if [ "$rc" = 3 ]; then
    "$isvsim" run --resume s.h5 -q > /dev/null 2>&1 || fail "resume after SIGTERM at $delay s"
    h5diff -r full.h5 s.h5 > diff.log 2>&1 || fail "SIGTERM at $delay s: resumed run differs"
  elif [ "$rc" = 0 ]; then
    h5diff -r full.h5 s.h5 > diff.log 2>&1 || fail "SIGTERM at $delay s: completed run differs"
  else
    [ ! -e s.h5.part ] || fail "SIGTERM at $delay s: exit $rc left a .part without checkpoint"
  fi
  echo "SIGTERM after ${delay} s: exit $rc, handled"
done
echo "PASS"
