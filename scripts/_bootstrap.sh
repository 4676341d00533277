# shellcheck shell=bash
#
# Sourced by scripts/run and scripts/test. Makes this checkout ready to use and
# installs only what is missing, so a second run takes well under a second:
#
#   * Debian packages that Qt 6 (the PySide6-Essentials wheel) needs at run time,
#     installed with apt-get as root, or through sudo;
#   * a Python >= 3.11 virtualenv in .venv;
#   * Laci itself in editable mode: for `run` what the app needs (pip install -e .),
#     for `test` with the test extra (pip install -e '.[test]'); redone only when
#     pyproject.toml changes.
#
# When nothing is missing no Python is started here, so `scripts/run` starts the
# app as its one Python process.
#
# Usage, after sourcing:  laci_bootstrap run   (what the app needs)
#                         laci_bootstrap test  (what the app and the test suite need)
#
# Adding a Debian package is one line in LACI_APT_RUN or LACI_APT_TEST below.
# Set LACI_PYTHON to pick the interpreter that creates .venv.

set -euo pipefail

LACI_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LACI_VENV="$LACI_ROOT/.venv"
LACI_STAMP="$LACI_VENV/.laci-install-stamp"

# Debian packages the app needs at run time. Each one ships a library that a Qt
# library or plugin of the PySide6-Essentials wheel links directly (checked with
# ldd/objdump on a minimal Debian bookworm): the Qt modules Laci and pytest-qt
# use plus the "offscreen" (tests) and "xcb" (X11 desktop) platform plugins.
LACI_APT_RUN=(
    libglib2.0-0          # QtCore, QtGui: GLib event loop
    libgl1                # QtGui, QtWidgets, QtOpenGL: libGL.so.1
    libegl1               # QtGui: libEGL.so.1
    libx11-6              # QtGui and the offscreen platform plugin: libX11.so.6
    libxkbcommon0         # QtGui: keyboard maps
    libfontconfig1        # QtGui: finding fonts (brings a default font, DejaVu)
    libfreetype6          # QtGui: drawing text
    libdbus-1-3           # QtDBus, used by QtGui on a desktop
    libgssapi-krb5-2      # QtNetwork: libgssapi_krb5.so.2
    libbrotli1            # QtNetwork: libbrotlidec.so.1
    libx11-xcb1           # xcb platform plugin (a real window on X11) from here on
    libxcb1
    libxcb-cursor0
    libxcb-glx0
    libxcb-icccm4
    libxcb-image0
    libxcb-keysyms1
    libxcb-randr0
    libxcb-render0
    libxcb-render-util0
    libxcb-shape0
    libxcb-shm0
    libxcb-sync1
    libxcb-util1
    libxcb-xfixes0
    libxcb-xkb1
    libxkbcommon-x11-0
    libusb-1.0-0          # USB receipt printers (pyusb)
)

# Debian packages only the test suite needs, on top of LACI_APT_RUN.
LACI_APT_TEST=(
    hledger               # the reports tests load our hledger export and compare its balances
    postgresql            # the cloud sync tests run a real PostgreSQL server on loopback
)

_laci_say() { printf '==> %s\n' "$*" >&2; }
_laci_die() { printf 'laci bootstrap: error: %s\n' "$*" >&2; exit 1; }

_laci_is_debian() { command -v apt-get >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1; }

# Run a command as root: directly when we are root, otherwise through sudo.
_laci_as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        _laci_die "need root to run '$*': run this script as root, or install sudo"
    fi
}

# Print those of the Debian packages given as arguments that are not installed.
_laci_apt_missing() {
    local pkg installed
    # One dpkg-query call for all of them. Debian trixie and Ubuntu 24.04 renamed
    # some libraries with a t64 suffix (libglib2.0-0t64), so that name counts too.
    # shellcheck disable=SC2016  # ${...} is dpkg-query's format, not the shell's
    installed="$(dpkg-query -W -f='${db:Status-Status} ${Package}\n' "$@" "${@/%/t64}" 2>/dev/null \
        | awk '$1 == "installed" { print $2 }' || true)"
    for pkg in "$@"; do
        if ! grep -qxF -e "$pkg" -e "${pkg}t64" <<<"$installed"; then
            printf '%s\n' "$pkg"
        fi
    done
}

LACI_APT_UPDATED=0

# Install the Debian packages given as arguments that are not installed yet.
laci_apt_install() {
    local missing
    [ "$#" -gt 0 ] || return 0
    if ! _laci_is_debian; then
        _laci_say "not a Debian-based system: make sure these (or your system's equivalents) are installed: $*"
        return 0
    fi
    mapfile -t missing < <(_laci_apt_missing "$@")
    [ "${#missing[@]}" -gt 0 ] || return 0
    _laci_say "installing Debian packages: ${missing[*]}"
    if [ "$LACI_APT_UPDATED" -eq 0 ]; then
        _laci_say "apt-get update"
        _laci_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        LACI_APT_UPDATED=1
    fi
    _laci_as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

_laci_python_ok() {
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' >/dev/null 2>&1
}

# Print the path of a Python >= 3.11.
_laci_find_python() {
    local candidate path
    for candidate in ${LACI_PYTHON:-} python3.11 python3 python3.12 python3.13 python3.14; do
        path="$(command -v "$candidate" 2>/dev/null)" || continue
        if _laci_python_ok "$path"; then
            printf '%s\n' "$path"
            return 0
        fi
    done
    return 1
}

_laci_make_venv() {
    local python version
    if ! python="$(_laci_find_python)"; then
        if _laci_is_debian; then
            _laci_say "no Python >= 3.11 found; installing Debian's python3"
            laci_apt_install python3
        fi
        python="$(_laci_find_python)" || _laci_die "Laci needs Python 3.11 or newer; none was found on PATH"
    fi
    version="$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
    # Debian's Python keeps venv's ensurepip in a separate package.
    if ! "$python" -c 'import ensurepip' >/dev/null 2>&1; then
        case "$python" in
            /usr/bin/*) if _laci_is_debian; then laci_apt_install "python$version-venv"; fi ;;
        esac
    fi
    _laci_say "creating the virtualenv .venv with $python (Python $version)"
    rm -rf "$LACI_VENV"
    if ! "$python" -m venv "$LACI_VENV"; then
        rm -rf "$LACI_VENV"
        _laci_die "'$python -m venv' failed (on Debian or Ubuntu: install python$version-venv)"
    fi
}

_laci_install_stamp() {
    # Changes when pyproject.toml, the checkout's place or the venv's Python change.
    {
        cat "$LACI_ROOT/pyproject.toml"
        printf '%s\n' "$LACI_ROOT"
        cat "$LACI_VENV/pyvenv.cfg" 2>/dev/null
    } | sha256sum | cut -d' ' -f1
}

# True when .venv holds what `$1` needs for this pyproject.toml: the stamp names
# the target installed, and what the tests need includes what the app needs.
_laci_installed_for() {
    local found
    found="$(cat "$LACI_STAMP" 2>/dev/null || true)"
    [ -x "$LACI_VENV/bin/laci" ] && [ -f "$LACI_VENV/pyvenv.cfg" ] || return 1
    case "$1" in
        run) [ "$found" = "run $2" ] || [ "$found" = "test $2" ] ;;
        test) [ "$found" = "test $2" ] ;;
    esac
}

laci_bootstrap() {
    local what="${1:-test}" stamp extra
    case "$what" in
        run) laci_apt_install "${LACI_APT_RUN[@]}"; extra="" ;;
        test) laci_apt_install "${LACI_APT_RUN[@]}" "${LACI_APT_TEST[@]}"; extra="[test]" ;;
        *) _laci_die "laci_bootstrap: unknown target '$what' (use run or test)" ;;
    esac

    # Later runs: nothing to install, and no Python started to find that out.
    if _laci_installed_for "$what" "$(_laci_install_stamp)"; then
        return 0
    fi

    if ! "$LACI_VENV/bin/python" -c \
        'import sys, pip; sys.exit(0 if sys.version_info >= (3, 11) else 1)' >/dev/null 2>&1; then
        if [ -e "$LACI_VENV" ]; then
            _laci_say ".venv is incomplete or its Python is older than 3.11; making it again"
        fi
        _laci_make_venv
    fi

    stamp="$(_laci_install_stamp)"
    if ! _laci_installed_for "$what" "$stamp"; then
        _laci_say "installing Laci and its dependencies into .venv (pip install -e '.${extra}'); the first time this takes a minute or more"
        rm -f "$LACI_STAMP"
        "$LACI_VENV/bin/python" -m pip install --disable-pip-version-check --progress-bar off \
            -e "${LACI_ROOT}${extra}"
        if ! QT_QPA_PLATFORM=offscreen "$LACI_VENV/bin/python" -c \
            'from PySide6.QtWidgets import QApplication; QApplication([])' >/dev/null 2>&1; then
            _laci_say "warning: Qt does not start offscreen; a system library may be missing:"
            QT_QPA_PLATFORM=offscreen "$LACI_VENV/bin/python" -c \
                'from PySide6.QtWidgets import QApplication; QApplication([])' || true
        fi
        printf '%s %s\n' "$what" "$stamp" >"$LACI_STAMP"
        _laci_say "done: .venv is ready"
    fi
}
