#!/usr/bin/env bash
# Builds the .deb from a finished build tree, checks it the way Debian does, installs it with
# dpkg, and uses the installed programs as a new user would: the CLI validates the installed
# demo project, and the GUI starts offscreen from the menu entry's command lines.
# Usage: packaging/check-package.sh BUILD_DIR
# Exit codes: 0 ok, 1 a check failed, 77 skipped (not root: dpkg -i needs root).
# The package is removed again at the end unless GREENLIGHT_KEEP_INSTALLED=1.
set -uo pipefail

build_dir="$(cd "${1:?usage: check-package.sh BUILD_DIR}" && pwd)"
source_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
app_id=io.greenlight.Greenlight
work="$(mktemp -d /tmp/greenlight-package.XXXXXX)"
failures=0

step() { printf '\n== %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*"; failures=$((failures + 1)); }
ok() { printf 'ok: %s\n' "$*"; }

if [[ $(id -u) -ne 0 ]]; then
    echo "SKIP: installing with dpkg needs root (CI runs as root)."
    exit 77
fi

cleanup() {
    if [[ "${installed:-0}" == 1 && "${GREENLIGHT_KEEP_INSTALLED:-0}" != 1 ]]; then
        dpkg -r greenlight >/dev/null 2>&1 || echo "warning: could not remove the greenlight package"
    fi
    rm -rf "$work"
}
trap cleanup EXIT

step "Build the package (cpack)"
if ! cpack -G DEB --config "$build_dir/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1; then
    cat "$work/cpack.log"
    echo "FAIL: cpack"
    exit 1
fi
deb="$(ls "$work"/out/greenlight_*.deb 2>/dev/null | head -n1)"
[[ -f "$deb" ]] || { cat "$work/cpack.log"; echo "FAIL: no .deb produced"; exit 1; }
ok "$(basename "$deb") ($(du -h "$deb" | cut -f1))"

step "Control fields"
dpkg-deb --field "$deb" Package Version Architecture Depends Section
depends="$(dpkg-deb --field "$deb" Depends)"
while read -r pkg scope _; do
    [[ -z "${pkg:-}" || "$pkg" == \#* || "$scope" != run ]] && continue
    grep -Eq "(^|, )$pkg( |,|$)" <<<"$depends" || fail "Depends lacks $pkg (a run package in debian-packages.txt)"
done <"$source_dir/packaging/debian-packages.txt"
for lib in libqt6widgets6 libqt6multimedia6 libavcodec59 libespeak-ng1; do
    grep -q "$lib" <<<"$depends" && ok "Depends has $lib (from the binaries' libraries)" || fail "Depends lacks $lib"
done
version="$(dpkg-deb --field "$deb" Version)"
grep -q "<release version=\"$version\"" "$source_dir/packaging/desktop/$app_id.metainfo.xml" \
    || fail "the AppStream metainfo has no <release> for $version"
head -n1 "$source_dir/packaging/changelog" | grep -q "($version)" \
    || fail "packaging/changelog does not start with version $version"

step "Contents"
dpkg-deb --contents "$deb" >"$work/contents.txt"
for path in usr/bin/greenlight usr/bin/greenlight-cli \
            usr/share/applications/$app_id.desktop usr/share/metainfo/$app_id.metainfo.xml \
            usr/share/mime/packages/$app_id.xml \
            usr/share/icons/hicolor/scalable/apps/$app_id.svg \
            usr/share/icons/hicolor/48x48/apps/$app_id.png \
            usr/share/icons/hicolor/256x256/apps/$app_id.png \
            usr/share/man/man1/greenlight.1.gz usr/share/man/man1/greenlight-cli.1.gz \
            usr/share/greenlight/schemas/videospec.schema.json \
            usr/share/greenlight/runbooks/default.runbook.json \
            usr/share/greenlight/demo/specs/ \
            usr/share/doc/greenlight/copyright usr/share/doc/greenlight/changelog.gz; do
    grep -q " \./$path\$" "$work/contents.txt" && ok "$path" || fail "missing $path"
done

step "lintian"
# --fail-on error: warnings are shown but only errors fail the check.
lintian --fail-on error --tag-display-limit 0 "$deb" >"$work/lintian.txt" 2>&1
lintian_rc=$?
cat "$work/lintian.txt"
[[ $lintian_rc -eq 0 ]] && ok "lintian reports no errors" || fail "lintian reported errors (exit $lintian_rc)"

step "Desktop entry and AppStream metadata"
mkdir -p "$work/extract" && dpkg-deb --extract "$deb" "$work/extract"
desktop-file-validate "$work/extract/usr/share/applications/$app_id.desktop" && ok "desktop-file-validate" \
    || fail "desktop-file-validate"
appstreamcli validate --no-net "$work/extract/usr/share/metainfo/$app_id.metainfo.xml" && ok "appstreamcli validate" \
    || fail "appstreamcli validate"

step "Install with dpkg"
if dpkg -i "$deb"; then
    installed=1
    ok "installed"
else
    fail "dpkg -i"
    exit 1
fi
dpkg -s greenlight | grep -q '^Status: install ok installed' && ok "dpkg -s: installed" || fail "dpkg -s"

step "Desktop databases (dpkg triggers)"
grep -q "application/x-greenlight-spec:\*\.greenlight\.json" /usr/share/mime/globs2 \
    && ok "shared-mime-info knows *.greenlight.json" || fail "MIME type not in /usr/share/mime/globs2"
if command -v update-desktop-database >/dev/null; then
    grep -q "^application/x-greenlight-spec=.*$app_id.desktop" /usr/share/applications/mimeinfo.cache \
        && ok "spec files open with $app_id.desktop" || fail "no mimeinfo.cache entry for spec files"
fi

step "The installed CLI"
/usr/bin/greenlight-cli --version | tee "$work/version.txt"
grep -Eq "^greenlight-cli $version \([0-9a-f]{7,}|unknown" "$work/version.txt" || fail "--version has no version and commit"
# The installed demo is read-only for a normal user: validate it as one.
runuser -u nobody -- /usr/bin/greenlight-cli validate /usr/share/greenlight/demo
rc=$?
[[ $rc -eq 0 ]] && ok "greenlight-cli validate /usr/share/greenlight/demo (as nobody)" \
    || fail "greenlight-cli validate on the installed demo exited $rc"
MANWIDTH=80 man -l /usr/share/man/man1/greenlight-cli.1.gz 2>"$work/man.err" | grep -q "validate" \
    && [[ ! -s "$work/man.err" ]] && ok "man greenlight-cli renders" || { cat "$work/man.err"; fail "man page"; }

step "The installed GUI, started offscreen from the menu entry"
desktop="/usr/share/applications/$app_id.desktop"
# An empty home: first start, no settings, no recent projects.
home="$work/home"
mkdir -p "$home"
gui_env=(env -i "PATH=/usr/bin:/bin" "HOME=$home" "XDG_CONFIG_HOME=$home/.config" "XDG_DATA_HOME=$home/.local/share"
         "XDG_CACHE_HOME=$home/.cache" "XDG_RUNTIME_DIR=$work/runtime" QT_QPA_PLATFORM=offscreen
         QT_MEDIA_BACKEND=ffmpeg LANG=C.UTF-8)
mkdir -p -m 0700 "$work/runtime"

# The "Open Demo Project" action: makes the user's copy and opens it.
demo_exec="$(awk '/^\[Desktop Action open-demo\]/{a=1} a && /^Exec=/{sub(/^Exec=/,""); print; exit}' "$desktop")"
echo "Exec: $demo_exec"
read -r -a demo_cmd <<<"$demo_exec"
timeout 120 "${gui_env[@]}" "${demo_cmd[@]}" --screenshot "$work/demo.png" >"$work/demo.out" 2>"$work/demo.err"
rc=$?
cat "$work/demo.out"; cat "$work/demo.err"
[[ $rc -eq 0 ]] && ok "'$demo_exec' opened and exited 0" || fail "'$demo_exec' exited $rc"
grep -q "demo: 2 specs" "$work/demo.out" && ok "the demo project is open with its 2 specs" || fail "demo not opened"
[[ -d "$home/.local/share/Greenlight/Greenlight/demo/specs" ]] && ok "user copy of the demo made" \
    || fail "no user copy of the demo under XDG_DATA_HOME"
[[ "$(head -c 8 "$work/demo.png" | od -An -tx1 | tr -d ' \n')" == 89504e470d0a1a0a ]] && ok "window screenshot saved" \
    || fail "no PNG screenshot"
[[ -f "$home/.config/Greenlight/Greenlight.conf" ]] && ok "settings in \$XDG_CONFIG_HOME/Greenlight/Greenlight.conf" \
    || fail "no settings file in the per-user config folder"

# The main entry with a spec file, as a double-click passes it (%f), run by a normal user on
# the read-only installed demo.
main_exec="$(awk '/^\[Desktop Entry\]/{a=1} /^\[Desktop Action/{a=0} a && /^Exec=/{sub(/^Exec=/,""); print; exit}' "$desktop")"
spec="$(ls /usr/share/greenlight/demo/specs/*.json | head -n1)"
echo "Exec: $main_exec (%f = $spec)"
read -r -a main_cmd <<<"${main_exec//%f/$spec}"
chown -R nobody "$work"
timeout 120 runuser -u nobody -- "${gui_env[@]}" "${main_cmd[@]}" --screenshot "$work/spec.png" >"$work/spec.out" 2>"$work/spec.err"
rc=$?
cat "$work/spec.out"; cat "$work/spec.err"
[[ $rc -eq 0 ]] && grep -q "^demo: 2 specs" "$work/spec.out" && ok "double-click on a spec opens its project" \
    || fail "'$main_exec' with a spec exited $rc"
if [[ -n "${GREENLIGHT_PACKAGE_SCREENSHOTS:-}" ]]; then
    mkdir -p "$GREENLIGHT_PACKAGE_SCREENSHOTS" && cp "$work"/*.png "$GREENLIGHT_PACKAGE_SCREENSHOTS"/
fi

step "Result"
if [[ $failures -eq 0 ]]; then
    echo "package check passed"
    exit 0
fi
echo "package check: $failures failure(s)"
exit 1
