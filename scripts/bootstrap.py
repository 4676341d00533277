"""Make this checkout ready to use, then run Laci, its tests or its build: one bootstrap for bash and PowerShell.

`scripts/run`, `scripts/test` and `scripts/build` (bash) and `scripts\\run.ps1`, `scripts\\test.ps1` and
`scripts\\build.ps1` (PowerShell) all hand over to this file. It installs only what is missing, so a second run
starts at once:

  * on Debian and Ubuntu, the Debian packages that Qt 6 (the PySide6-Essentials wheel) needs at run time, and
    for the tests hledger, PostgreSQL and chromium, with apt-get as root or through sudo (`DEBIAN_RUN`, `DEBIAN_TEST`);
  * a Python >= 3.11 virtualenv in .venv (`LACI_PYTHON` picks the interpreter that makes it);
  * Laci itself in editable mode: for `run` what the app needs (`pip install -e .`), for `test` with the test
    extra (`pip install -e .[test]`), again only when pyproject.toml changed.

On Windows, hledger and PostgreSQL are not installed here: the tests find `hledger` on PATH and PostgreSQL
through `PGBIN` (see .github/workflows/windows.yml for one way to have both).

    python scripts/bootstrap.py run [LACI ARGS]      the app (on a new data folder it offers the demo shop)
    python scripts/bootstrap.py test [PYTEST ARGS]   the whole test suite
    python scripts/bootstrap.py build [PYINSTALLER ARGS]
    python scripts/bootstrap.py prepare run|test     only make ready
    python scripts/bootstrap.py apt PACKAGE...       install Debian packages that are missing

Only the standard library is used: this runs before the virtualenv exists, under whatever Python 3 is there.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
STAMP = VENV / ".laci-install-stamp"
WINDOWS = os.name == "nt"

# Debian packages the app needs at run time. Each one ships a library that a Qt library or plugin of the
# PySide6-Essentials wheel links directly (checked with ldd/objdump on a minimal Debian bookworm): the Qt
# modules Laci and pytest-qt use plus the "offscreen" (tests) and "xcb" (X11 desktop) platform plugins.
DEBIAN_RUN = (
    "libglib2.0-0",  # QtCore, QtGui: GLib event loop
    "libgl1",  # QtGui, QtWidgets, QtOpenGL: libGL.so.1
    "libegl1",  # QtGui: libEGL.so.1
    "libx11-6",  # QtGui and the offscreen platform plugin: libX11.so.6
    "libxkbcommon0",  # QtGui: keyboard maps
    "libfontconfig1",  # QtGui: finding fonts (brings a default font, DejaVu)
    "libfreetype6",  # QtGui: drawing text
    "libdbus-1-3",  # QtDBus, used by QtGui on a desktop
    "libgssapi-krb5-2",  # QtNetwork: libgssapi_krb5.so.2
    "libbrotli1",  # QtNetwork: libbrotlidec.so.1
    "libx11-xcb1",  # xcb platform plugin (a real window on X11) from here on
    "libxcb1",
    "libxcb-cursor0",
    "libxcb-glx0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-shm0",
    "libxcb-sync1",
    "libxcb-util1",
    "libxcb-xfixes0",
    "libxcb-xkb1",
    "libxkbcommon-x11-0",
    "libusb-1.0-0",  # USB receipt printers (pyusb)
)
# Debian packages only the test suite needs, on top of DEBIAN_RUN.
DEBIAN_TEST = (
    "hledger",  # the reports tests load our hledger export and compare its balances
    "postgresql",  # the cloud sync tests run a real PostgreSQL server on loopback
    "chromium",  # the owner's web pages are tested in a real browser (Playwright drives this one)
    "poppler-utils",  # pdftoppm draws the A4 label sheets, whose barcodes the tests decode
)
PYTHON_CANDIDATES = ("python3.11", "python3", "python3.12", "python3.13", "python3.14")


def say(message: str) -> None:
    print(f"==> {message}", file=sys.stderr, flush=True)


def die(message: str) -> None:
    print(f"laci bootstrap: error: {message}", file=sys.stderr, flush=True)
    raise SystemExit(1)


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if WINDOWS else "bin/python")


def venv_program(name: str) -> Path:
    return VENV / ("Scripts" if WINDOWS else "bin") / (f"{name}.exe" if WINDOWS else name)


# --- Debian packages -------------------------------------------------------------------------------------------


def is_debian() -> bool:
    return shutil.which("apt-get") is not None and shutil.which("dpkg-query") is not None


def as_root(command: list[str]) -> list[str]:
    """`command` run as root: directly when we are root, otherwise through sudo."""
    if os.geteuid() == 0:
        return command
    if shutil.which("sudo"):
        return ["sudo", *command]
    die(f"need root to run '{' '.join(command)}': run this script as root, or install sudo")
    return command


def missing_debian(packages: tuple[str, ...] | list[str]) -> list[str]:
    """Those of `packages` that are not installed. Debian trixie and Ubuntu 24.04 renamed some libraries with a
    t64 suffix (libglib2.0-0t64), so that name counts too."""
    names = [*packages, *(f"{p}t64" for p in packages)]
    listed = subprocess.run(
        ["dpkg-query", "-W", "-f=${db:Status-Status} ${Package}\\n", *names],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    installed = {line.split()[1] for line in listed.splitlines() if line.startswith("installed ")}
    return [p for p in packages if p not in installed and f"{p}t64" not in installed]


_apt_updated = False


def apt_install(packages: tuple[str, ...] | list[str]) -> None:
    """Install the Debian packages among `packages` that are not installed yet."""
    global _apt_updated
    if not packages:
        return
    if not is_debian():
        if not WINDOWS:
            say(
                f"not a Debian-based system: make sure these (or your system's equivalents) are installed: "
                f"{' '.join(packages)}"
            )
        return
    missing = missing_debian(packages)
    if not missing:
        return
    say(f"installing Debian packages: {' '.join(missing)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    if not _apt_updated:
        say("apt-get update")
        subprocess.run(
            as_root(["env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "update", "-qq"]), env=env, check=True
        )
        _apt_updated = True
    subprocess.run(
        as_root(
            [
                "env",
                "DEBIAN_FRONTEND=noninteractive",
                "apt-get",
                "install",
                "-y",
                "-qq",
                "--no-install-recommends",
                *missing,
            ]
        ),
        env=env,
        check=True,
    )


# --- The virtualenv ----------------------------------------------------------------------------------------------


def python_ok(python: str | Path, *, with_pip: bool = False) -> bool:
    check = "import sys" + (", pip" if with_pip else "") + "; sys.exit(0 if sys.version_info >= (3, 11) else 1)"
    try:
        return subprocess.run([str(python), "-c", check], capture_output=True, check=False).returncode == 0
    except OSError:
        return False


def windows_launcher_pythons() -> list[str]:
    """The Pythons >= 3.11 that Windows' `py` launcher knows, oldest first (as python3.11 comes first on Linux)."""
    if not (WINDOWS and shutil.which("py")):
        return []
    found = []
    for minor in range(11, 20):
        asked = subprocess.run(
            ["py", f"-3.{minor}", "-c", "import sys; print(sys.executable)"],
            capture_output=True,
            text=True,
            check=False,
        )
        if asked.returncode == 0 and asked.stdout.strip():
            found.append(asked.stdout.strip())
    return found


def find_python() -> str | None:
    """A Python >= 3.11 to make the virtualenv with: LACI_PYTHON, else the usual names on PATH (the `py` launcher's
    on Windows), else this one."""
    wanted = [os.environ["LACI_PYTHON"]] if os.environ.get("LACI_PYTHON") else []
    for candidate in (*wanted, *(windows_launcher_pythons() if WINDOWS else PYTHON_CANDIDATES)):
        path = shutil.which(candidate) or (candidate if Path(candidate).is_file() else None)
        if path and python_ok(path):
            return path
    return sys.executable if sys.version_info >= (3, 11) else None


def make_venv() -> None:
    python = find_python()
    if python is None and is_debian():
        say("no Python >= 3.11 found; installing Debian's python3")
        apt_install(["python3"])
        python = find_python()
    if python is None:
        die("Laci needs Python 3.11 or newer; none was found on PATH")
        return
    version = subprocess.run(
        [python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"], capture_output=True, text=True, check=True
    ).stdout.strip()
    # Debian's Python keeps venv's ensurepip in a separate package.
    has_ensurepip = subprocess.run([python, "-c", "import ensurepip"], capture_output=True, check=False).returncode == 0
    if not has_ensurepip and python.startswith("/usr/bin/") and is_debian():
        apt_install([f"python{version}-venv"])
    say(f"creating the virtualenv .venv with {python} (Python {version})")
    shutil.rmtree(VENV, ignore_errors=True)
    if subprocess.run([python, "-m", "venv", str(VENV)], check=False).returncode != 0:
        shutil.rmtree(VENV, ignore_errors=True)
        die(f"'{python} -m venv' failed (on Debian or Ubuntu: install python{version}-venv)")


def install_stamp() -> str:
    """Changes when pyproject.toml, the checkout's place or the venv's Python change."""
    digest = hashlib.sha256()
    digest.update((ROOT / "pyproject.toml").read_bytes())
    digest.update(f"{ROOT}\n".encode())
    digest.update((VENV / "pyvenv.cfg").read_bytes())
    return digest.hexdigest()


def installed_for(what: str, stamp: str) -> bool:
    """Whether .venv holds what `what` needs for this pyproject.toml: the stamp names the target installed, and
    what the tests need includes what the app needs. `scripts/run` reads the same stamp without Python."""
    current = STAMP.read_text().strip() if STAMP.exists() else ""
    done = {f"test {stamp}"} | ({f"run {stamp}"} if what == "run" else set())
    return venv_program("laci").exists() and current in done


def pip_install(extra: str) -> None:
    subprocess.run(
        [
            str(venv_python()),
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "--progress-bar",
            "off",
            "-e",
            f"{ROOT}[{extra}]" if extra else str(ROOT),
        ],
        check=True,
    )


def prepare(what: str) -> None:
    """Everything `what` (run or test) needs, installing only what is missing."""
    if what not in ("run", "test"):
        die(f"unknown target '{what}' (use run or test)")
    if not WINDOWS:
        apt_install(DEBIAN_RUN + (DEBIAN_TEST if what == "test" else ()))
    if not python_ok(venv_python(), with_pip=True):
        if VENV.exists():
            say(".venv is incomplete or its Python is older than 3.11; making it again")
        make_venv()
    stamp = install_stamp()
    if not installed_for(what, stamp):
        extra = "test" if what == "test" else ""
        say(
            f"installing Laci and its dependencies into .venv (pip install -e '.{f'[{extra}]' if extra else ''}'); "
            "the first time this takes a minute or more"
        )
        STAMP.unlink(missing_ok=True)
        pip_install(extra)
        qt = [str(venv_python()), "-c", "from PySide6.QtWidgets import QApplication; QApplication([])"]
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        if subprocess.run(qt, env=env, capture_output=True, check=False).returncode != 0:
            say("warning: Qt does not start offscreen; a system library may be missing:")
            subprocess.run(qt, env=env, check=False)
        STAMP.write_text(f"{what} {stamp}\n")
        say("done: .venv is ready")


# --- Commands ----------------------------------------------------------------------------------------------------


def hand_over(command: list[str], env: dict[str, str] | None = None) -> None:
    """Become `command` (on Windows: run it and pass its exit code on, since there is no exec)."""
    environment = env if env is not None else dict(os.environ)
    sys.stdout.flush()
    sys.stderr.flush()
    if WINDOWS:
        raise SystemExit(subprocess.run(command, env=environment, check=False).returncode)
    os.execve(command[0], command, environment)


def run(args: list[str]) -> None:
    prepare("run")
    # `laci` chooses the data folder (LACI_HOME, or the platform default); on a new one it asks whether to look
    # around the demo warung or to set up one's own shop.
    hand_over([str(venv_program("laci")), *args])


def test(args: list[str]) -> None:
    prepare("test")
    os.chdir(ROOT)
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    if env.get("CI") == "true":
        versions = (
            "import platform, sys\nfrom importlib.metadata import version\nimport PySide6.QtCore as qt\n"
            "print(f'python {platform.python_version()} ({sys.executable})')\n"
            "print(f\"pip {version('pip')}, pytest {version('pytest')}, "
            "PySide6 {version('PySide6-Essentials')}, Qt {qt.qVersion()}\")\n"
        )
        subprocess.run([str(venv_python()), "-c", versions], env=env, check=False)
    # tests/strict_run.py fails a run that skipped a test; PYTHONPATH makes it importable whatever pytest's own
    # pythonpath setting says.
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "tests"), env.get("PYTHONPATH", "")) if p)
    hand_over([str(venv_python()), "-m", "pytest", "-p", "strict_run", *args], env)


def build(args: list[str]) -> None:
    prepare("run")
    os.chdir(ROOT)
    has = subprocess.run([str(venv_python()), "-c", "import PyInstaller"], capture_output=True, check=False)
    if has.returncode != 0:
        say("installing PyInstaller into .venv (pip install -e '.[build]')")
        pip_install("build")
    hand_over([str(venv_python()), "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN", "build.spec", *args])


def main(argv: list[str]) -> None:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return
    command, rest = argv[0], argv[1:]
    if command == "run":
        run(rest)
    elif command == "test":
        test(rest)
    elif command == "build":
        build(rest)
    elif command == "prepare":
        prepare(rest[0] if rest else "test")
    elif command == "apt":
        apt_install(rest)
    else:
        die(f"unknown command '{command}' (use run, test, build, prepare or apt)")


if __name__ == "__main__":
    main(sys.argv[1:])
