#!/usr/bin/env bash
# Builds nothing itself (make bench builds first); runs every benchmark executable in
# <build>/tests/bench and prints their figure lines: "<name> <value> <unit> [ratio ...]".
set -euo pipefail
build="${1:-build/release}"
export QT_QPA_PLATFORM=offscreen QT_MEDIA_BACKEND=ffmpeg
status=0
for b in "$build"/tests/bench/bench_*; do
    [[ -x "$b" && ! -d "$b" ]] || continue
    "$b" || { echo "$(basename "$b") failed" >&2; status=1; }
done
exit $status
