#!/usr/bin/env bash
# Installs whatever Debian packages from debian-packages.txt are missing.
# No-op (and no network) when everything is already installed.
# Usage: packaging/install-deps.sh [scope ...]   (default: every scope)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
list="$here/debian-packages.txt"
scopes=("$@")

wanted=()
while read -r pkg scope _; do
    [[ -z "${pkg:-}" || "$pkg" == \#* ]] && continue
    if [[ ${#scopes[@]} -eq 0 ]] || [[ " ${scopes[*]} " == *" $scope "* ]]; then
        wanted+=("$pkg")
    fi
done <"$list"

missing=()
for pkg in "${wanted[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
    [[ "$status" == "installed" ]] || missing+=("$pkg")
done

if [[ ${#missing[@]} -eq 0 ]]; then
    exit 0
fi

echo "Installing missing packages: ${missing[*]}"
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "Need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
