#!/usr/bin/env bash
# Brings up an OpenSSH daemon on 127.0.0.1 for the remote-render tests, with its own
# configuration, a throwaway host key and a throwaway client key pair, and proves that a login
# by key runs a command. Idempotent: a daemon that is already up and accepts the key is left
# alone.
#
#   tests/services/ssh/start.sh            # bring up (or check) the daemon
#   tests/services/ssh/start.sh --stop     # stop it
#
# Everything lives in $GREENLIGHT_SSHD_DIR (default /tmp/greenlight-sshd); the port is
# $GREENLIGHT_SSHD_PORT (default 52222). Clients use the written ssh configuration:
#
#   ssh -F /tmp/greenlight-sshd/ssh_config greenlight-test 'uname -a'
#
#   sshd_config            the daemon's configuration (key logins only, loopback only)
#   ssh_host_ed25519_key   the host key (throwaway)
#   client_ed25519         the client's key pair (throwaway), authorized for the login user
#   known_hosts            the host key, pre-accepted for [127.0.0.1]:<port>
#   ssh_config             Host greenlight-test (StrictHostKeyChecking yes, BatchMode yes)
#   sshd.pid, sshd.log     the running daemon
#
# Anything that fails prints why and exits non-zero.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
state="${GREENLIGHT_SSHD_DIR:-/tmp/greenlight-sshd}"
port="${GREENLIGHT_SSHD_PORT:-52222}"
user="$(id -un)"
alias_name="greenlight-test"

say() { echo "sshd: $*" >&2; }
fail() {
    echo "sshd: cannot start the test daemon: $*" >&2
    exit 1
}
tail_log() { [[ -f "$1" ]] && tail -n "${2:-15}" "$1" | sed 's/^/    /' >&2 || true; }

mkdir -p "$state"
chmod 700 "$state"
exec 9>"$state.lock"
flock -w 120 9 || fail "another start.sh holds $state.lock for more than 120 s"

pid_alive() { [[ -s "$state/sshd.pid" ]] && kill -0 "$(cat "$state/sshd.pid")" 2>/dev/null; }

stop_daemon() {
    local pid i
    pid_alive || return 0
    pid="$(cat "$state/sshd.pid")"
    kill "$pid" 2>/dev/null || true
    for i in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
    rm -f "$state/sshd.pid"
}

if [[ "${1:-}" == "--stop" ]]; then
    stop_daemon
    say "stopped"
    exit 0
fi

# --- packages -------------------------------------------------------------------------------
export PATH="$PATH:/usr/sbin:/sbin"
need_install=0
for tool in sshd ssh ssh-keygen scp sha256sum; do
    command -v "$tool" >/dev/null 2>&1 || need_install=1
done
if [[ $need_install -eq 1 ]]; then
    say "installing the test packages (openssh-server, openssh-client)"
    "$root/packaging/install-deps.sh" test run >&2 || fail "packaging/install-deps.sh test run failed"
fi
sshd_bin="$(command -v sshd)" || fail "sshd not found after installing openssh-server"

# --- keys -----------------------------------------------------------------------------------
if [[ ! -s "$state/ssh_host_ed25519_key" ]]; then
    rm -f "$state/ssh_host_ed25519_key" "$state/ssh_host_ed25519_key.pub"
    ssh-keygen -q -t ed25519 -N '' -C "greenlight-test-host" -f "$state/ssh_host_ed25519_key" \
        || fail "ssh-keygen could not create the host key"
fi
if [[ ! -s "$state/client_ed25519" ]]; then
    rm -f "$state/client_ed25519" "$state/client_ed25519.pub"
    ssh-keygen -q -t ed25519 -N '' -C "greenlight-test-client" -f "$state/client_ed25519" \
        || fail "ssh-keygen could not create the client key"
fi
chmod 600 "$state/ssh_host_ed25519_key" "$state/client_ed25519"
cp "$state/client_ed25519.pub" "$state/authorized_keys"
chmod 600 "$state/authorized_keys"
printf '[127.0.0.1]:%s %s\n' "$port" "$(cut -d' ' -f1,2 "$state/ssh_host_ed25519_key.pub")" >"$state/known_hosts"
: >"$state/known_hosts.empty"

# --- configuration --------------------------------------------------------------------------
# UsePAM no: PAM's session modules (pam_loginuid) refuse logins in many containers. Without
# PAM, sshd refuses accounts whose password is locked with '!', so say so early.
if [[ -r /etc/shadow ]] && [[ "$(getent shadow "$user" | cut -d: -f2)" == '!'* ]]; then
    fail "the account '$user' is locked ('!' in /etc/shadow); sshd without PAM refuses locked accounts" \
        "(unlock it with: usermod -p '*' $user)"
fi
sftp_server=/usr/lib/openssh/sftp-server
[[ -x "$sftp_server" ]] || sftp_server=internal-sftp

cat >"$state/sshd_config.new" <<EOF
# greenlight test daemon: written by tests/services/ssh/start.sh
Port $port
ListenAddress 127.0.0.1
AddressFamily inet
HostKey $state/ssh_host_ed25519_key
PidFile $state/sshd.pid
AuthorizedKeysFile $state/authorized_keys
AllowUsers $user
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
X11Forwarding no
PrintMotd no
PrintLastLog no
MaxStartups 64:30:128
MaxSessions 64
ClientAliveInterval 5
ClientAliveCountMax 3
LogLevel VERBOSE
Subsystem sftp $sftp_server
EOF

cat >"$state/ssh_config.new" <<EOF
# greenlight test client configuration: written by tests/services/ssh/start.sh
Host $alias_name
    HostName 127.0.0.1
    Port $port
    User $user
    IdentityFile $state/client_ed25519
    IdentitiesOnly yes
    IdentityAgent none
    UserKnownHostsFile $state/known_hosts
    GlobalKnownHostsFile /dev/null
    StrictHostKeyChecking yes
    CheckHostIP no
    BatchMode yes
    ConnectTimeout 10
    LogLevel ERROR
EOF

# A changed configuration means a running daemon must start again with it.
if ! cmp -s "$state/sshd_config.new" "$state/sshd_config" 2>/dev/null; then
    mv -f "$state/sshd_config.new" "$state/sshd_config"
    stop_daemon
else
    rm -f "$state/sshd_config.new"
fi
mv -f "$state/ssh_config.new" "$state/ssh_config"

login_works() {
    ssh -F "$state/ssh_config" -o ConnectTimeout=5 "$alias_name" 'echo greenlight-ssh-ok' 2>"$state/login.err" \
        | grep -q greenlight-ssh-ok
}

if pid_alive && login_works; then
    say "already up on 127.0.0.1:$port (state in $state)"
    exit 0
fi

# --- daemon ---------------------------------------------------------------------------------
# Privilege separation needs /run/sshd (root-owned, not writable by others).
if [[ $(id -u) -eq 0 ]]; then
    mkdir -p /run/sshd
    chmod 755 /run/sshd
fi
"$sshd_bin" -t -f "$state/sshd_config" 2>"$state/check.err" || {
    tail_log "$state/check.err"
    fail "sshd -t rejects $state/sshd_config (see above)"
}

stop_daemon
# A daemon from an earlier state folder, or anything else, may hold the port.
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    fail "port $port on 127.0.0.1 is taken by another process (set GREENLIGHT_SSHD_PORT to another port)"
fi

: >"$state/sshd.log"
# -D keeps sshd in the foreground of its own session; setsid and nohup detach it from this
# script so it outlives it. It must not inherit the lock (fd 9).
setsid nohup "$sshd_bin" -D -f "$state/sshd_config" -E "$state/sshd.log" </dev/null >/dev/null 2>&1 9>&- &
daemon_pid=$!

for i in $(seq 1 100); do
    if ! kill -0 "$daemon_pid" 2>/dev/null; then
        tail_log "$state/sshd.log"
        fail "sshd exited at once (log: $state/sshd.log)"
    fi
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.1
done
[[ -s "$state/sshd.pid" ]] || echo "$daemon_pid" >"$state/sshd.pid"

if ! login_works; then
    tail_log "$state/login.err"
    tail_log "$state/sshd.log"
    fail "sshd runs (pid $daemon_pid) but a key login as '$user' fails (client errors and daemon log above)"
fi
say "up on 127.0.0.1:$port as '$user' (state in $state; ssh -F $state/ssh_config $alias_name)"
