#!/usr/bin/env bash
# A real one-node Slurm on this machine, for tests: munged, slurmctld and slurmd started by
# hand (no systemd), with slurm.conf, state, spool and logs under one folder, stopped by the
# PIDs recorded there. Needs root (slurmd runs jobs as their user) and Debian's slurm-wlm and
# munge packages (scripts/setup.sh --with-slurm).
#   eval "$(scripts/slurm_local.sh start)"   # starts; prints `export SLURM_CONF=...`
#   scripts/slurm_local.sh stop              # stops what start started
#   scripts/slurm_local.sh status
# The folder is $ISV_SLURM_DIR (default /tmp/isv-slurm). Only one such Slurm can run on a
# machine at a time (fixed ports 6817/6818); start refuses if one is already running.
set -euo pipefail
dir=${ISV_SLURM_DIR:-/tmp/isv-slurm}
conf="$dir/slurm.conf"
node=$(hostname -s)

log() { echo "slurm_local: $*" >&2; }

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

stop_pid() {  # stop_pid PIDFILE NAME
  if alive "$1"; then
    local pid
    pid=$(cat "$1")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    log "stopped $2 (pid $pid)"
  fi
  rm -f "$1"
}

write_conf() {
  mkdir -p "$dir/state" "$dir/spool"
  cat > "$conf" <<CONF
# One-node test cluster written by scripts/slurm_local.sh.
ClusterName=isvlocal
SlurmctldHost=$node(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
SlurmctldTimeout=30
SlurmdTimeout=30
# A requeued job may start again only after its old credential expires (default 120 s):
# shorten that so a requeue test takes seconds.
AuthInfo=cred_expire=10
MinJobAge=60
NodeName=$node NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=4000 State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
}

start() {
  for tool in munged slurmctld slurmd sbatch; do
    command -v "$tool" >/dev/null || { log "$tool not found (scripts/setup.sh --with-slurm)"; exit 77; }
  done
  [ "$(id -u)" -eq 0 ] || { log "must run as root (slurmd)"; exit 77; }
  if alive "$dir/slurmctld.pid" || alive "$dir/slurmd.pid"; then
    log "already running in $dir (stop it first)"
    exit 1
  fi
  mkdir -p "$dir"
  # munged: as user munge with /run/munge owned by munge; reuse one that already runs.
  if ! pgrep -x munged >/dev/null; then
    mkdir -p /run/munge /var/lib/munge /var/log/munge
    chown munge:munge /run/munge /var/lib/munge /var/log/munge
    chmod 0755 /run/munge
    [ -f /etc/munge/munge.key ] || mungekey --create --keyfile=/etc/munge/munge.key
    chown munge:munge /etc/munge/munge.key
    chmod 0400 /etc/munge/munge.key
    runuser -u munge -- /usr/sbin/munged
    for _ in $(seq 1 50); do [ -f /run/munge/munged.pid ] && break; sleep 0.1; done
    cp /run/munge/munged.pid "$dir/munged.pid"
    log "started munged (pid $(cat "$dir/munged.pid"))"
  fi
  write_conf
  slurmctld -f "$conf"
  slurmd -f "$conf"
  export SLURM_CONF="$conf"
  for _ in $(seq 1 300); do
    state=$(sinfo -h -n "$node" -o %T 2>/dev/null || true)
    case "$state" in
      idle*|mixed*|allocated*) break ;;
      down*|drain*) scontrol update nodename="$node" state=resume >/dev/null 2>&1 || true ;;
    esac
    sleep 0.1
  done
  case "$state" in
    idle*|mixed*|allocated*) ;;
    *) log "node $node not ready (state '$state'); logs in $dir"; exit 1 ;;
  esac
  log "slurmctld (pid $(cat "$dir/slurmctld.pid")) and slurmd (pid $(cat "$dir/slurmd.pid")) up; node $node $state"
  echo "export SLURM_CONF=$conf"
}

stop() {
  stop_pid "$dir/slurmd.pid" slurmd
  stop_pid "$dir/slurmctld.pid" slurmctld
  stop_pid "$dir/munged.pid" munged  # only if start started it
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status)
    for d in munged slurmctld slurmd; do
      if alive "$dir/$d.pid"; then echo "$d: running (pid $(cat "$dir/$d.pid"))"; else echo "$d: not started here"; fi
    done
    ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
