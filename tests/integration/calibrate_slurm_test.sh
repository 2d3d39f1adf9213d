#!/usr/bin/env bash
# `isvsim calibrate --slurm --submit` against stub sbatch / squeue (Slurm is not needed): each
# batch's script is the sweep array script of that batch directory; the driver exits 5 while a
# job is queued and does not submit it twice; the array tasks are then run as Slurm would run
# them (the generated script, one SLURM_ARRAY_TASK_ID at a time); the next call collects their
# results and submits the next batch. The finished calibration is the same bytes as a local
# --jobs 2 run, also when one call polls the queue (--poll) until the end. A job that leaves the queue with samples unfinished is reported (exit 1) and
# its samples are submitted again by the next call. Usage: calibrate_slurm_test.sh ISVSIM
# SOURCE_DIR WORK_DIR
set -euo pipefail
isvsim=$1
src=$2
work=$3
rm -rf "$work"
mkdir -p "$work/bin"
work=$(cd "$work" && pwd)
fail() { echo "FAIL: $*" >&2; exit 1; }
cp "$src/tests/integration/sweep/tiny_base.toml" "$work/"
cat >"$work/cal.toml" <<'TOML'
[calibration]
base = "tiny_base.toml"
name = "tiny_calibration"
particles = 4
generations = 2
max_batch = 6
seed = 5

[[parameter]]
key = "lesions.primary.tumor.doubling_time_days"
prior = "uniform"
min = 1.0
max = 3.0

[[target]]
readout = "final_viable_cells"
value = 200
scale = 50
TOML

# Stub sbatch: records the script it was given and prints the next job id (100, 101, ...).
# Stub squeue: prints the ids listed in $STUB/queue, as `squeue --format=%i` lists array tasks.
# With STUB_RUN=1 sbatch runs the whole array itself before it returns (a job that ends at once).
cat >"$work/bin/sbatch" <<'EOF'
#!/usr/bin/env bash
[ "$1" = --parsable ] || exit 90
script="${!#}"
echo "$script" >>"$STUB/submitted"
id=$((100 + $(wc -l <"$STUB/submitted") - 1))
if [ "${STUB_RUN:-0}" = 1 ]; then
  ranges=$(sed -n 's/^#SBATCH --array=//p' "$script")
  for range in ${ranges//,/ }; do
    for i in $(seq "${range%-*}" "${range#*-}"); do
      SLURM_ARRAY_TASK_ID=$i SLURM_ARRAY_JOB_ID=$id bash "$script" >/dev/null 2>&1 || exit 91
    done
  done
else
  echo "$id" >>"$STUB/queue"
fi
echo "$id"
EOF
cat >"$work/bin/squeue" <<'EOF'
#!/usr/bin/env bash
[ -f "$STUB/queue" ] && sed 's/$/_[0-3]/' "$STUB/queue"
exit 0
EOF
cat >"$work/bin/scontrol" <<'EOF'
#!/usr/bin/env bash
exit 0
EOF
chmod +x "$work/bin/"*
export PATH="$work/bin:$PATH" STUB="$work"
: >"$work/submitted"

# Runs every task of the last submitted array through its script, then empties the queue.
run_array() {
  local script ranges i
  script=$(tail -1 "$work/submitted")
  ranges=$(sed -n 's/^#SBATCH --array=//p' "$script")
  for range in ${ranges//,/ }; do
    for i in $(seq "${range%-*}" "${range#*-}"); do
      SLURM_ARRAY_TASK_ID=$i SLURM_ARRAY_JOB_ID=$(tail -1 "$work/queue") SLURM_CPUS_PER_TASK=1 \
        bash "$script" >/dev/null 2>&1 || fail "array task $i of $script failed"
    done
  done
  : >"$work/queue"
}

calibrate() {  # the driver; sets rc
  rc=0
  "$isvsim" calibrate "$work/cal.toml" -o "$work/slurm" --slurm --submit --time 00:10:00 \
    >"$work/out" 2>"$work/err" || rc=$?
}

calibrate
[ "$rc" = 5 ] || fail "first call: exit $rc, $(cat "$work/out" "$work/err")"
grep -q "submitted Slurm job 100 for .*gen-000/batch-0000" "$work/out" || fail "$(cat "$work/out")"
script="$work/slurm/gen-000/batch-0000/sweep.sbatch"
[ "$(cat "$work/submitted")" = "$script" ] || fail "submitted: $(cat "$work/submitted")"
grep -q '^#SBATCH --job-name=isvsim-tiny_calibration$' "$script" || fail "job name"
grep -q '^#SBATCH --time=00:10:00$' "$script" || fail "time limit not passed on"
grep -q '^#SBATCH --array=0-' "$script" || fail "no array line"
grep -q "^sweep_dir='$work/slurm/gen-000/batch-0000'$" "$script" || fail "sweep dir line"
grep -q 'sweep run "$sweep_dir" --index "$SLURM_ARRAY_TASK_ID"' "$script" || fail "task command"
[ "$(cat "$work/slurm/gen-000/batch-0000/slurm_job.txt")" = 100 ] || fail "job id not recorded"

# While the job is queued, a second call waits and submits nothing.
calibrate
[ "$rc" = 5 ] || fail "call while queued: exit $rc"
grep -q "Slurm job 100 is queued or running" "$work/out" || fail "$(cat "$work/out")"
[ "$(wc -l <"$work/submitted")" = 1 ] || fail "the queued batch was submitted twice"

# A job that ends with its samples unfinished: reported, then submitted again.
: >"$work/queue"
calibrate
[ "$rc" = 1 ] || fail "ended job with pending samples: exit $rc"
grep -q "Slurm job 100 has ended with .* unfinished" "$work/err" || fail "$(cat "$work/err")"
calibrate
[ "$rc" = 5 ] && grep -q "submitted Slurm job 101 " "$work/out" || fail "resubmission: $rc"

# From here on, every submitted array runs to completion before the next call collects it.
for _ in $(seq 1 40); do
  run_array
  calibrate
  [ "$rc" = 5 ] || break
done
[ "$rc" = 0 ] || fail "calibration under Slurm ended with exit $rc: $(cat "$work/out" "$work/err")"
grep -q "finished after 2 generation" "$work/out" || fail "$(cat "$work/out")"
[ "$(wc -l <"$work/submitted")" -ge 3 ] || fail "expected several batches submitted"

# The same calibration run locally gives the same bytes.
"$isvsim" calibrate "$work/cal.toml" -o "$work/local" --jobs 2 >/dev/null
for f in state.abc posterior.csv generations.csv; do
  cmp "$work/slurm/$f" "$work/local/$f" || fail "$f differs between Slurm and local runs"
done

# --poll: one call runs to the end, looking at the queue again every second.
STUB_RUN=1 "$isvsim" calibrate "$work/cal.toml" -o "$work/polled" --slurm --submit --poll 1 \
  >"$work/out" 2>&1 || fail "--poll: $(cat "$work/out")"
grep -q "finished after 2 generation" "$work/out" || fail "--poll: $(cat "$work/out")"
cmp "$work/polled/state.abc" "$work/local/state.abc" || fail "--poll state differs"

# Slurm-only options without --slurm are refused.
rc=0
"$isvsim" calibrate "$work/cal.toml" -o "$work/x" --submit 2>"$work/err" || rc=$?
[ "$rc" = 2 ] && grep -q "need --slurm" "$work/err" || fail "--submit without --slurm: $rc"
echo "calibrate slurm: ok"
