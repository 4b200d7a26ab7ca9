#!/usr/bin/env bash
# Brings up a one-node Slurm cluster on localhost for the farm tests (munged, slurmctld,
# slurmd), and proves it runs jobs. Idempotent: a cluster that is already up and runs jobs is
# left alone. Needs root (SlurmUser=root, daemons write under /run and /etc).
#
#   tests/services/slurm/start.sh            # bring up (or check) the cluster
#   tests/services/slurm/start.sh --stop     # stop slurmd and slurmctld (munged stays)
#
# State, spool, logs and the configuration live in $GREENLIGHT_SLURM_DIR
# (default /tmp/greenlight-slurm); clients use SLURM_CONF=$GREENLIGHT_SLURM_DIR/slurm.conf.
# /etc/slurm/slurm.conf gets the same configuration when it is absent or was written here, so
# plain `sbatch` works too. Anything that fails prints why and exits non-zero.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
state="${GREENLIGHT_SLURM_DIR:-/tmp/greenlight-slurm}"
conf="$state/slurm.conf"
marker="# greenlight test cluster: written by tests/services/slurm/start.sh"
export SLURM_CONF="$conf"

say() { echo "slurm: $*" >&2; }
fail() {
    echo "slurm: cannot start the test cluster: $*" >&2
    exit 1
}
tail_log() { [[ -f "$1" ]] && tail -n "${2:-15}" "$1" | sed 's/^/    /' >&2 || true; }

[[ $(id -u) -eq 0 ]] || fail "needs root (the test cluster runs with SlurmUser=root); run as root"

mkdir -p "$state"
exec 9>"$state.lock"
flock -w 300 9 || fail "another start.sh holds $state.lock for more than 300 s"

# The pid file names a live process of that program (not a stale file whose pid was reused).
pid_alive() {
    local pid
    [[ -s "$1" ]] || return 1
    pid="$(cat "$1")"
    [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
    [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == "$2"* ]]
}

stop_daemons() {
    local pidfile pid i
    for pidfile in "$state/run/slurmd.pid" "$state/run/slurmctld.pid"; do
        pid_alive "$pidfile" "$(basename "$pidfile" .pid)" || continue
        pid="$(cat "$pidfile")"
        kill "$pid" 2>/dev/null || true
        for i in $(seq 1 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.2
        done
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
    done
}

if [[ "${1:-}" == "--stop" ]]; then
    stop_daemons
    say "stopped"
    exit 0
fi

# --- packages -------------------------------------------------------------------------------
need_install=0
for tool in munged munge unmunge slurmctld slurmd sbatch squeue scontrol scancel sinfo srun; do
    command -v "$tool" >/dev/null 2>&1 || [[ -x "/usr/sbin/$tool" ]] || need_install=1
done
if [[ $need_install -eq 1 ]]; then
    say "installing the test packages (slurmctld, slurmd, slurm-client, munge)"
    "$root/packaging/install-deps.sh" test >&2 || fail "packaging/install-deps.sh test failed"
fi
export PATH="$PATH:/usr/sbin:/sbin"

# --- munge ----------------------------------------------------------------------------------
munge_works() { munge -n 2>/dev/null | unmunge >/dev/null 2>&1; }
if ! munge_works; then
    key=/etc/munge/munge.key
    munge_user=munge
    getent passwd munge >/dev/null || munge_user=root
    mkdir -p /etc/munge /run/munge /var/lib/munge /var/log/munge
    if [[ ! -s "$key" ]]; then
        say "creating $key"
        mungekey --create --keyfile="$key" 2>/dev/null \
            || dd if=/dev/urandom of="$key" bs=1 count=1024 status=none
    fi
    chown "$munge_user:" /etc/munge "$key" /run/munge /var/lib/munge /var/log/munge
    chmod 0700 /etc/munge
    chmod 0400 "$key"
    chmod 0755 /run/munge
    if pid_alive /run/munge/munged.pid munged; then
        kill "$(cat /run/munge/munged.pid)" 2>/dev/null || true
        sleep 1
    fi
    if [[ "$munge_user" == munge ]]; then
        runuser -u munge -- /usr/sbin/munged </dev/null >/dev/null 2>&1 9>&- || true
    else
        /usr/sbin/munged --force </dev/null >/dev/null 2>&1 9>&- || true
    fi
    for _ in $(seq 1 50); do
        munge_works && break
        sleep 0.2
    done
    if ! munge_works; then
        tail_log /var/log/munge/munged.log
        fail "munged did not start or does not encode/decode credentials (see above)"
    fi
    say "munged started"
fi

# --- configuration --------------------------------------------------------------------------
node_line="$(slurmd -C 2>/dev/null | head -n 1)"
[[ "$node_line" == NodeName=* ]] || fail "slurmd -C did not report this node: '$node_line'"
node="$(sed -E 's/^NodeName=([^ ]+).*/\1/' <<<"$node_line")"
mkdir -p "$state/state" "$state/spool" "$state/log" "$state/run"
new_conf="$(
    cat <<EOF
$marker
ClusterName=greenlight
SlurmctldHost=$node(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=${GREENLIGHT_SLURMCTLD_PORT:-6817}
SlurmdPort=${GREENLIGHT_SLURMD_PORT:-6818}
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
MailProg=/bin/true
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
# Start the next tasks as soon as others end (default: batch jobs wait up to 3 s).
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
ReturnToService=2
MinJobAge=300
KillWait=5
StateSaveLocation=$state/state
SlurmdSpoolDir=$state/spool
SlurmctldPidFile=$state/run/slurmctld.pid
SlurmdPidFile=$state/run/slurmd.pid
SlurmctldLogFile=$state/log/slurmctld.log
SlurmdLogFile=$state/log/slurmd.log
$node_line NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
)"
conf_changed=0
if [[ ! -f "$conf" ]] || [[ "$(cat "$conf")" != "$new_conf" ]]; then
    printf '%s\n' "$new_conf" >"$conf.tmp" && mv "$conf.tmp" "$conf"
    conf_changed=1
fi
etc_conf=/etc/slurm/slurm.conf
if [[ ! -e "$etc_conf" ]] || head -n 1 "$etc_conf" | grep -qxF "$marker"; then
    mkdir -p /etc/slurm
    cmp -s "$conf" "$etc_conf" 2>/dev/null || cp "$conf" "$etc_conf"
fi

# --- daemons --------------------------------------------------------------------------------
ctld_log="$state/log/slurmctld.log"
slurmd_log="$state/log/slurmd.log"
if [[ $conf_changed -eq 1 ]]; then
    stop_daemons
fi
if ! pid_alive "$state/run/slurmctld.pid" slurmctld; then
    slurmctld </dev/null >>"$state/log/slurmctld.stdio" 2>&1 9>&- || {
        tail_log "$ctld_log"
        fail "slurmctld exited at start (log above, $ctld_log)"
    }
fi
for _ in $(seq 1 100); do
    scontrol ping 2>/dev/null | grep -q 'is UP' && break
    sleep 0.2
done
if ! scontrol ping 2>/dev/null | grep -q 'is UP'; then
    tail_log "$ctld_log"
    fail "slurmctld does not answer 'scontrol ping' (log above, $ctld_log)"
fi
if ! pid_alive "$state/run/slurmd.pid" slurmd; then
    slurmd </dev/null >>"$state/log/slurmd.stdio" 2>&1 9>&- || {
        tail_log "$slurmd_log"
        fail "slurmd exited at start (log above, $slurmd_log)"
    }
fi

# --- wait for the node ----------------------------------------------------------------------
node_state() { sinfo -h -N -n "$node" -o %T 2>/dev/null | head -n 1; }
ready=0
for _ in $(seq 1 120); do
    st="$(node_state)"
    case "$st" in
        idle | mixed | allocated | completing) ready=1; break ;;
        down* | drain* | drained* | fail*)
            scontrol update NodeName="$node" State=RESUME >/dev/null 2>&1 || true ;;
    esac
    sleep 0.5
done
if [[ $ready -ne 1 ]]; then
    scontrol show node "$node" 2>&1 | sed 's/^/    /' >&2 || true
    tail_log "$slurmd_log"
    fail "node $node is '${st:-unknown}' after 60 s, not idle (node and slurmd log above)"
fi

# --- prove it runs jobs ---------------------------------------------------------------------
if ! out="$(cd "$state" && timeout 120 srun -N1 -n1 -t 1 -J gl-verify-srun /bin/echo srun-ok 2>&1)" \
    || [[ "$out" != *srun-ok* ]]; then
    tail_log "$slurmd_log"
    fail "a trivial srun did not run: $out"
fi
verify_out="$state/verify-batch.out"
rm -f "$verify_out"
if ! out="$(cd "$state" && timeout 120 sbatch --wait -N1 -n1 -t 1 -J gl-verify-sbatch \
    -o "$verify_out" --wrap 'echo sbatch-ok' 2>&1)" || ! grep -q sbatch-ok "$verify_out" 2>/dev/null; then
    tail_log "$slurmd_log"
    fail "a trivial sbatch --wait did not run: $out"
fi
say "cluster 'greenlight' up: node $node idle, srun and sbatch run (SLURM_CONF=$conf)"
