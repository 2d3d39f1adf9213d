#!/usr/bin/env bash
# `isvsim sweep slurm` with hostile names, paths and options (issue 10, issue 13): nothing a
# sweep file, a sweep directory's path or an option holds may run as a command. A stub `sbatch`
# on PATH records its arguments and then runs the generated script itself (as a Slurm array
# task 0 would, in a sandbox directory, with a stub `scontrol`); every hostile value tries to
# create a file named marker*, and no such file may appear anywhere. Names that cannot be
# quoted (newlines) must be refused with a message naming the file and key or the option.
# Usage: sweep_slurm_injection_test.sh ISVSIM SOURCE_DIR WORK_DIR
# shellcheck disable=SC2016  # the $(...) and backticks in single quotes are the point
set -euo pipefail
isvsim=$1
src=$2
work=$3
rm -rf "$work"
mkdir -p "$work/bin" "$work/sandbox"
work=$(cd "$work" && pwd)
base="$src/tests/integration/sweep/tiny_base.toml"
fail() { echo "FAIL: $*" >&2; exit 1; }
no_markers() {
  local found
  found=$(find "$work" "$PWD" -maxdepth 4 -name 'marker*' 2>/dev/null || true)
  [ -z "$found" ] || fail "$1: a hostile value ran as a command: $found"
}

# Stub sbatch: record argv, run the script like array task 0 (cwd = sandbox), print a job id.
cat >"$work/bin/sbatch" <<'EOF'
#!/usr/bin/env bash
printf '%s\n' "$@" >"$STUB_LOG/sbatch.args"
script="${!#}"
bash -n "$script" || exit 90
(cd "$STUB_LOG/sandbox" && SLURM_ARRAY_TASK_ID=0 SLURM_ARRAY_JOB_ID=77 SLURM_CPUS_PER_TASK=1 \
  bash "$script" >"$STUB_LOG/task.out" 2>&1) || exit 91
echo 77
EOF
cat >"$work/bin/scontrol" <<'EOF'
#!/usr/bin/env bash
printf '%s\n' "$@" >>"$STUB_LOG/scontrol.args"
EOF
chmod +x "$work/bin/sbatch" "$work/bin/scontrol"
export PATH="$work/bin:$PATH" STUB_LOG="$work"

# expect_refused LABEL PATTERN CMD...: CMD fails, its stderr matches PATTERN, no marker appears.
expect_refused() {
  local label=$1 pattern=$2 rc=0
  shift 2
  (cd "$work/sandbox" && "$@") >"$work/out" 2>"$work/err" || rc=$?
  [ "$rc" -ne 0 ] || fail "$label: accepted (stdout: $(cat "$work/out"))"
  grep -q -- "$pattern" "$work/err" || fail "$label: message lacks '$pattern': $(cat "$work/err")"
  [ "$(wc -l <"$work/err")" -eq 1 ] || fail "$label: message is not one line: $(cat "$work/err")"
  echo "refused ($label): $(cat "$work/err")"
  no_markers "$label"
}

# 1. Names. A newline in [sweep] name (the old script ran the next line), shell text in an arm
# name, and a sweep file whose name (the default sweep name) holds shell text.
printf '[sweep]\nbase = "%s"\nname = "x\\ntouch marker_name #"\n' "$base" >"$work/newline.toml"
expect_refused "sweep name with a newline" "newline.toml:3:8: sweep.name: sweep name 'x\\\\ntouch" \
  "$isvsim" sweep plan "$work/newline.toml" -o "$work/d_newline"
printf '[sweep]\nbase = "%s"\nname = "ok"\n[[arm]]\nname = "a$(touch marker_arm)"\n' "$base" \
  >"$work/arm.toml"
expect_refused "arm name with \$(...)" "arm.toml:5:8: arm\[0\].name: arm name" \
  "$isvsim" sweep plan "$work/arm.toml" -o "$work/d_arm"
printf '[sweep]\nbase = "%s"\n' "$base" >"$work/x\`touch marker_stem\`.toml"
expect_refused "default name from the file name" "sweep.name: the default name" \
  "$isvsim" sweep plan "$work/x\`touch marker_stem\`.toml" -o "$work/d_stem"

# 2. A directory path with quotes, $(...), backticks, spaces and '%' works: the script is
# submitted, runs sample 0 and creates nothing else.
printf '[sweep]\nbase = "%s"\nname = "safe.name-1"\n[[grid]]\nkey = "dose[0].start_day"\nvalues = [0, 1]\n' \
  "$base" >"$work/safe.toml"
hostile="$work/d q'uote \$(touch marker_dir) \`touch marker_tick\` 50% \"dq\""
"$isvsim" sweep plan "$work/safe.toml" -o "$hostile" >/dev/null
(cd "$work/sandbox" && "$isvsim" sweep slurm "$hostile" --time 5 --mem 1G --partition debug,short \
  --account proj_1 --submit -- --comment='a b $(touch marker_opt) `touch marker_opt2` # c' \
  --nice=0) >"$work/out"
grep -q "^submitted job 77$" "$work/out" || fail "no job id: $(cat "$work/out")"
[ "$(cat "$work/sbatch.args")" = "--parsable
$hostile/sweep.sbatch" ] ||
  fail "sbatch got the script path altered: $(cat "$work/sbatch.args")"
[ -f "$hostile/runs/00000.h5" ] || fail "the script did not run sample 0: $(cat "$work/task.out")"
script="$hostile/sweep.sbatch"
grep -qF '#SBATCH --comment="a b $(touch marker_opt) `touch marker_opt2` # c"' "$script" ||
  fail "extra option not quoted for sbatch: $(grep comment "$script")"
grep -qF '#SBATCH --nice=0' "$script" || fail "plain extra option altered"
grep -qF '#SBATCH --time=5' "$script" || fail "--time line"
grep -qF '50%% \"dq\"/logs/slurm-%A_%a.out"' "$script" || fail "--output line: $(grep output "$script")"
no_markers "hostile directory path"
echo "hostile directory path: script submitted, sample 0 ran, nothing else created"

# 3. What cannot be quoted is refused, and no script is left behind.
nl_dir="$work/d_nl
touch marker_nl #"
"$isvsim" sweep plan "$work/safe.toml" -o "$nl_dir" >/dev/null
expect_refused "directory path with a newline" "sweep directory path .*\\\\ntouch marker_nl" \
  "$isvsim" sweep slurm "$nl_dir" --submit
[ ! -e "$nl_dir/sweep.sbatch" ] || fail "a refused script was written"
ok="$work/d_ok"
"$isvsim" sweep plan "$work/safe.toml" -o "$ok" >/dev/null
expect_refused "--time with a newline" "sweep slurm --time: '1:00:00\\\\ntouch" \
  "$isvsim" sweep slurm "$ok" --time "1:00:00
touch marker_time #" --submit
expect_refused "--time out of range" "sweep slurm --time: '1:60:00'" \
  "$isvsim" sweep slurm "$ok" --time 1:60:00
expect_refused "--mem with shell text" "sweep slurm --mem: '4G;touch marker_mem'" \
  "$isvsim" sweep slurm "$ok" --mem "4G;touch marker_mem" --submit
expect_refused "--partition with a space" "sweep slurm --partition: 'a b'" \
  "$isvsim" sweep slurm "$ok" --partition "a b" --submit
expect_refused "--account with \$(...)" "sweep slurm --account:" \
  "$isvsim" sweep slurm "$ok" --account '$(touch marker_acct)' --submit
expect_refused "extra option with a newline" "extra option after --: '--comment=x\\\\ntouch" \
  "$isvsim" sweep slurm "$ok" --submit -- "--comment=x
touch marker_extra"
expect_refused "extra option not an option" "extra option after --: 'short'" \
  "$isvsim" sweep slurm "$ok" -- short
[ ! -e "$ok/sweep.sbatch" ] || fail "a refused script was written"

# 4. A plan.toml whose name was edited afterwards (or written by an older isvsim) is refused.
sed -i 's/^name = .*/name = "y\\ntouch marker_plan #"/' "$ok/plan.toml"
expect_refused "plan.toml name with a newline" "plan.toml: name: sweep name 'y\\\\ntouch" \
  "$isvsim" sweep slurm "$ok" --submit
no_markers "end"
echo "sweep_slurm_injection_test: every hostile value refused or quoted; nothing ran"
