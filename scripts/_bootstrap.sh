# shellcheck shell=bash
#
# Sourced by scripts/run, scripts/test, scripts/build and bench/run: finds a Python 3 to run scripts/bootstrap.py,
# which does the work (Debian packages, the .venv, Laci installed into it) and is the same for PowerShell.
#
# Usage, after sourcing:  laci_bootstrap run        (what the app needs)
#                         laci_bootstrap test       (what the app and the test suite need)
#                         laci_apt_install PKG...   (Debian packages, when missing)
#
# Set LACI_PYTHON to pick the interpreter that creates .venv.

set -euo pipefail

LACI_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LACI_VENV="$LACI_ROOT/.venv"

_laci_say() { printf '==> %s\n' "$*" >&2; }
_laci_die() { printf 'laci bootstrap: error: %s\n' "$*" >&2; exit 1; }

# A Python 3 to run the bootstrap with (it then finds, or makes, the Python >= 3.11 of .venv).
_laci_boot_python() {
    local candidate
    for candidate in ${LACI_PYTHON:-} python3.11 python3 python3.12 python3.13 python3.14; do
        if command -v "$candidate" >/dev/null 2>&1 \
            && "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 8) else 1)' >/dev/null 2>&1; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

if ! LACI_BOOT_PYTHON="$(_laci_boot_python)"; then
    if command -v apt-get >/dev/null 2>&1; then
        _laci_say "no Python 3 found; installing Debian's python3"
        if [ "$(id -u)" -eq 0 ]; then
            DEBIAN_FRONTEND=noninteractive apt-get update -qq
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3
        else
            sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
            sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3
        fi
    fi
    LACI_BOOT_PYTHON="$(_laci_boot_python)" || _laci_die "Laci needs Python 3.11 or newer; none was found on PATH"
fi

laci_bootstrap() { "$LACI_BOOT_PYTHON" "$LACI_ROOT/scripts/bootstrap.py" prepare "${1:-test}"; }
laci_apt_install() { "$LACI_BOOT_PYTHON" "$LACI_ROOT/scripts/bootstrap.py" apt "$@"; }
