#!/usr/bin/env bash
# Per-user Linux desktop integration for digitpad: the application icon, the menu entry and the AppStream metainfo.
#
#   install-desktop-entry.sh [--exec COMMAND] [--uninstall]
#
# Works from a source checkout (packaging/linux/), from an installed wheel (digitpad/resources/linux/) and from the
# standalone bundle (_internal/digitpad/resources/linux/). The entry's Exec is --exec, else the bundle's or the
# environment's own `digitpad` next to this script, else the `digitpad` found on PATH, as an absolute path, so the
# entry keeps working when the virtual environment is not activated.
# Files go under ${XDG_DATA_HOME:-~/.local/share}: icons/hicolor/<size>/apps, applications, metainfo.
set -euo pipefail

APP_ID=io.github.digitpad.Digitpad
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
data_home="${XDG_DATA_HOME:-$HOME/.local/share}"
icon_root="$data_home/icons/hicolor"
apps_dir="$data_home/applications"
metainfo_dir="$data_home/metainfo"
sizes=(16 32 48 64 128 256 512)

usage() { sed -n '2,11s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }
die() { echo "install-desktop-entry: $*" >&2; exit 1; }

uninstall=0
exec_cmd=""
while (($#)); do
    case "$1" in
        --uninstall) uninstall=1 ;;
        --exec) (($# >= 2)) || die "--exec needs a command"; exec_cmd="$2"; shift ;;
        --exec=*) exec_cmd="${1#--exec=}" ;;
        -h | --help) usage; exit 0 ;;
        *) die "unknown argument '$1' (try --help)" ;;
    esac
    shift
done

refresh_caches() {
    if command -v update-desktop-database >/dev/null; then update-desktop-database -q "$apps_dir" || true; fi
    if command -v gtk-update-icon-cache >/dev/null && [[ -f "$icon_root/index.theme" ]]; then
        gtk-update-icon-cache -q -t "$icon_root" || true
    fi
}

if ((uninstall)); then
    rm -f "$apps_dir/$APP_ID.desktop" "$metainfo_dir/$APP_ID.metainfo.xml" "$icon_root/scalable/apps/$APP_ID.svg"
    for s in "${sizes[@]}"; do rm -f "$icon_root/${s}x${s}/apps/$APP_ID.png"; done
    refresh_caches
    echo "digitpad's desktop entry, metainfo and icons were removed from $data_home."
    exit 0
fi

# The icons: resources/icons beside packaging/ in a checkout, ../icons inside the package's resources folder.
icons=""
for candidate in "$here/../../resources/icons" "$here/../icons"; do
    if [[ -f "$candidate/digitpad.svg" ]]; then icons="$(cd "$candidate" && pwd)"; break; fi
done
[[ -n "$icons" ]] || die "digitpad's icons were not found next to $here; reinstall digitpad."
[[ -f "$here/$APP_ID.desktop" && -f "$here/$APP_ID.metainfo.xml" ]] || die "$APP_ID.desktop or its metainfo is missing in $here."

# The command the entry runs.
if [[ -z "$exec_cmd" && ! -f "$here/../../pyproject.toml" ]]; then
    # Not a checkout: look upwards for the bundle's executable (<bundle>/digitpad) or the environment's script
    # (<prefix>/bin/digitpad, e.g. a venv's, from <prefix>/lib/pythonX.Y/site-packages/digitpad/resources/linux).
    dir="$here"
    for _ in 1 2 3 4 5 6 7; do
        dir="$(dirname "$dir")"
        if [[ -f "$dir/digitpad" && -x "$dir/digitpad" ]]; then exec_cmd="$dir/digitpad"; break; fi
        if [[ -f "$dir/bin/digitpad" && -x "$dir/bin/digitpad" ]]; then exec_cmd="$dir/bin/digitpad"; break; fi
    done
fi
if [[ -z "$exec_cmd" ]]; then
    exec_cmd="$(command -v digitpad || true)"
    [[ -n "$exec_cmd" ]] || die "no 'digitpad' command on PATH: activate digitpad's virtual environment or pass --exec /path/to/digitpad."
fi
if [[ "$exec_cmd" == */* ]]; then exec_cmd="$(cd "$(dirname "$exec_cmd")" && pwd)/$(basename "$exec_cmd")"; fi
[[ -x "$exec_cmd" ]] || die "'$exec_cmd' is not an executable file."

# The Exec key quotes an argument holding reserved characters, escaping \ " ` $ inside the quotes with a backslash;
# the desktop file format then reads backslashes as escapes once more, so they are doubled; a literal % is %%.
exec_value="${exec_cmd//%/%%}"
reserved='[][[:space:]"'"'"'\\`$;&|<>~*?#()]'
if [[ "$exec_value" =~ $reserved ]]; then
    escaped="$(printf '%s' "$exec_value" | sed -e 's/[\\"`$]/\\&/g' -e 's/\\/\\\\/g')"
    exec_value="\"$escaped\""
fi

mkdir -p "$apps_dir" "$metainfo_dir" "$icon_root/scalable/apps"
install -m 644 "$icons/digitpad.svg" "$icon_root/scalable/apps/$APP_ID.svg"
for s in "${sizes[@]}"; do
    if [[ -f "$icons/digitpad-$s.png" ]]; then
        mkdir -p "$icon_root/${s}x${s}/apps"
        install -m 644 "$icons/digitpad-$s.png" "$icon_root/${s}x${s}/apps/$APP_ID.png"
    fi
done
install -m 644 "$here/$APP_ID.metainfo.xml" "$metainfo_dir/$APP_ID.metainfo.xml"
entry="$apps_dir/$APP_ID.desktop"
tmp_dir="$(mktemp -d)"
trap 'rm -rf "$tmp_dir"' EXIT
tmp="$tmp_dir/$APP_ID.desktop"
while IFS= read -r line || [[ -n "$line" ]]; do
    case "$line" in
        Exec=*) printf 'Exec=%s\n' "$exec_value" ;;
        TryExec=*) ;;
        *) printf '%s\n' "$line" ;;
    esac
done <"$here/$APP_ID.desktop" >"$tmp"
chmod 644 "$tmp"
if command -v desktop-file-validate >/dev/null; then desktop-file-validate "$tmp" || die "the generated entry does not validate."; fi
mv "$tmp" "$entry"
refresh_caches
echo "Installed $entry (Exec=$exec_value), its metainfo and icons under $data_home."
echo "digitpad now appears in the application menu (log out and in if it does not yet). Undo with: $0 --uninstall"
