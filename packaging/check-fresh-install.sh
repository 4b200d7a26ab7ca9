#!/usr/bin/env bash
# Release check: installs a .deb on a fresh, minimal Debian 12 (a debootstrap chroot) with apt,
# so every dependency comes from the package's own Depends and nothing from this machine,
# then uses it as a new user would: validate the installed demo, open the demo from the menu
# entry's command line offscreen, and run the whole headless demo (voice, render, QA, gate).
# Needs root, debootstrap and network access to the Debian mirror; about 3 minutes.
# Usage: packaging/check-fresh-install.sh path/to/greenlight_<version>_amd64.deb [CHROOT_DIR]
set -euo pipefail

deb="$(readlink -f "${1:?usage: check-fresh-install.sh DEB [CHROOT_DIR]}")"
root="${2:-$(mktemp -d /tmp/greenlight-fresh.XXXXXX)}"
remove_root=$([[ -z "${2:-}" && "${GREENLIGHT_KEEP_CHROOT:-0}" != 1 ]] && echo 1 || echo 0)
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
[[ $(id -u) -eq 0 ]] || { echo "needs root (debootstrap, chroot)" >&2; exit 77; }
command -v debootstrap >/dev/null || { echo "needs debootstrap (apt install debootstrap)" >&2; exit 77; }

cleanup() {
    for m in "$root/dev" "$root/proc"; do mountpoint -q "$m" && umount "$m"; done
    if [[ $remove_root == 1 ]]; then rm -rf "$root" "$root.debootstrap.log"; fi
}
trap cleanup EXIT

chmod 0755 "$root" # mktemp makes it 0700: it becomes /, which every user must be able to enter
if [[ ! -x "$root/usr/bin/apt-get" ]]; then
    echo "== debootstrap bookworm (minbase) into $root"
    debootstrap --variant=minbase bookworm "$root" "$mirror" >"$root.debootstrap.log" 2>&1 \
        || { tail -20 "$root.debootstrap.log"; exit 1; }
fi
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"
cp /etc/resolv.conf "$root/etc/resolv.conf"
cp "$deb" "$root/tmp/greenlight.deb"

chroot "$root" /bin/bash -euo pipefail -c '
export DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8
echo "== apt install ./greenlight.deb on a fresh system"
apt-get update -qq
apt-get install -y -qq /tmp/greenlight.deb >/tmp/apt.log 2>&1 || { tail -30 /tmp/apt.log; exit 1; }
echo "packages set up: $(grep -c "^Setting up" /tmp/apt.log)"
greenlight-cli --version
QT_QPA_PLATFORM=offscreen greenlight --version
id ana >/dev/null 2>&1 || useradd -m ana
echo "== as a new user: validate the installed demo"
su ana -c "greenlight-cli validate /usr/share/greenlight/demo"
echo "== the menu entry'"'"'s Open Demo Project command, offscreen"
exec_line=$(sed -n "/^\[Desktop Action open-demo\]/,\$ s/^Exec=//p" /usr/share/applications/io.greenlight.Greenlight.desktop | head -n1)
su ana -c "cd && QT_QPA_PLATFORM=offscreen $exec_line --screenshot /tmp/fresh-demo.png"
echo "== the headless demo: voice, render, QA, gate"
su ana -c "cd && greenlight-cli demo /usr/share/greenlight/demo --out ~/demo-out >/tmp/demo.log 2>&1" \
    || { tail -30 /tmp/demo.log; exit 1; }
tail -n 6 /tmp/demo.log
'
cp "$root/tmp/fresh-demo.png" "${GREENLIGHT_FRESH_SCREENSHOT:-/tmp/greenlight-fresh-demo.png}"
echo "fresh install check passed (screenshot: ${GREENLIGHT_FRESH_SCREENSHOT:-/tmp/greenlight-fresh-demo.png})"
