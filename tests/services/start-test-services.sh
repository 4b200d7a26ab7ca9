#!/usr/bin/env bash
# Starts the local daemons the test suites need: each tests/services/<name>/start.sh brings
# one service up (sshd on loopback, a one-node Slurm cluster, ...) and is idempotent. Loopback
# HTTP servers are started by the tests themselves. A service that cannot start prints why;
# its tests then fail and say so (they never pass silently).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
status=0
for script in "$here"/*/start.sh; do
    [[ -x "$script" ]] || continue
    name="$(basename "$(dirname "$script")")"
    if ! "$script"; then
        echo "test service '$name' did not start; its tests will fail with the reason" >&2
        status=1
    fi
done
# Tests report a service that is down themselves; do not stop the suite here.
exit 0
